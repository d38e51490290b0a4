"""The site: pages and decorations rendered from the model as strings, with no dependency on MkDocs."""
