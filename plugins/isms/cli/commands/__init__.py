"""The subcommands of ``isms``: one module each, listed here in the order ``isms --help`` shows them.

A command module has ``NAME``, ``HELP``, ``DESCRIPTION``, ``arguments(parser)`` and ``run(args) -> int``
(the exit status). Heavy imports belong inside ``run`` so that every command starts quickly.
"""

from __future__ import annotations

from types import ModuleType

from isms.cli.commands import build, check, codeowners, diff, due, export, init, new, pack, sample, schemas, snapshot

COMMANDS: tuple[ModuleType, ...] = (
    init,
    check,
    new,
    due,
    build,
    schemas,
    codeowners,
    snapshot,
    pack,
    diff,
    export,
    sample,
)
