"""Unit tests of the core: loading, models, catalogue, facts and checks, without MkDocs."""
