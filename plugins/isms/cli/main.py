"""The ``isms`` command line: argument parsing and dispatch to :mod:`isms.cli.commands`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from isms import __version__
from isms.cli.commands import COMMANDS
from isms.cli.signals import Interrupted, interruptible


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="isms", description="Check and publish an ISO/IEC 27001 ISMS kept as code.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = subparsers.add_parser(command.NAME, help=command.HELP, description=command.DESCRIPTION)
        command.arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with interruptible():
            status: int = args.run(args)
    except (Interrupted, KeyboardInterrupt):  # Ctrl-C or kill: a message and the usual status, never a traceback
        print(f"isms {args.command}: interrupted", file=sys.stderr)
        return 130
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
