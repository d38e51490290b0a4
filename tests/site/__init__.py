"""Generated pages and real MkDocs builds of fixture sites."""
