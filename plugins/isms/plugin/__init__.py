"""The MkDocs face: the plugin that turns MkDocs events into calls of the core, and the snapshot build."""
