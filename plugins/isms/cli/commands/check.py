"""``isms check``: every finding as ``path:line``, then a summary; exit 1 when the check fails."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from isms.cli.commands.options import add_as_of, add_root, repository

NAME = "check"
HELP = "check the registers and documents"
DESCRIPTION = "Check every register and controlled document; print each finding as path:line."


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    add_as_of(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="output format: text, json, or github (annotations on a pull request's lines; default: text)",
    )
    add_root(parser)
    parser.add_argument("--docs-dir", default="docs", help="folder of the Markdown documents (default: docs)")


def run(args: argparse.Namespace) -> int:
    from isms.cli.reporters import as_github, as_json, as_text  # noqa: PLC0415 - see commands/__init__
    from isms.core.pipeline import check_repository  # noqa: PLC0415

    if not repository(args.root):
        return 2
    result = check_repository(args.root, args.as_of or dt.date.today(), args.docs_dir)
    render = {"json": as_json, "github": as_github}.get(args.format, as_text)
    sys.stdout.write(render(result, args.strict))
    return 1 if result.failed(args.strict) else 0
