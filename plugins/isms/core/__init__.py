"""The core: loading, the typed model, the register catalogue, facts and checks. It knows no MkDocs."""
