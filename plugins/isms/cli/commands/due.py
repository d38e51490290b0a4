"""``isms due``: reviews, treatments, evidence and audits that fall due soon, for a reminder job."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from isms.cli.commands.options import add_as_of, add_root, repository

NAME = "due"
HELP = "list reviews, treatments, evidence and audits that fall due"
DESCRIPTION = (
    "List document reviews, treatments, evidence expiries and planned audits that fall due within DAYS days "
    "(overdue ones included), sorted by date, each with its owner and the file and line to change."
)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give zero or more days")
    return value


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--within", type=_days, default=30, metavar="DAYS", help="days ahead to look (default: 30)")
    add_as_of(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add_root(parser)


def run(args: argparse.Namespace) -> int:
    from isms.core import due  # noqa: PLC0415 - see commands/__init__
    from isms.core.load import load  # noqa: PLC0415

    if not repository(args.root):
        return 2
    as_of = args.as_of or dt.date.today()
    model, findings = load(args.root)
    for finding in findings:
        if finding.severity == "error":
            print(finding.text(), file=sys.stderr)
    items = due.due(model, as_of, args.within)
    sys.stdout.write(due.as_json(items, as_of) if args.format == "json" else due.as_text(items, as_of, args.within))
    return 0
