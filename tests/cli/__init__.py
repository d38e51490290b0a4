"""The ``isms`` command line as users run it: output and exit status; snapshots, exports, workflows."""
