"""The ``isms`` command line: one module per subcommand under :mod:`isms.cli.commands`."""
