"""``isms due``: everything that falls due soon, for a reminder job; the deadlines of :mod:`isms.core.facts`.

Overdue items are listed too (they are due already), so a weekly reminder keeps naming them until they
are dealt with. What is overdue here is exactly what ``isms check`` reports as overdue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING

from isms.cli.commands.options import add_as_of, add_root, repository

if TYPE_CHECKING:
    from isms.core.facts import Deadline

NAME = "due"
HELP = "list reviews, treatments, actions, audits and expiries that fall due"
DESCRIPTION = (
    "List what falls due within DAYS days (overdue ones included): reviews of documents, register files, "
    "requirements and assets, risk reassessments and "
    "acceptance ends, treatments, corrective and review actions, internal audits, the next management review, "
    "evidence expiries, training deliveries, certification audits, supplier reviews and incident notifications "
    "(GDPR, NIS2); sorted by date, each with its owner and "
    "the file and line to change."
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
    from isms.core.derive import derive  # noqa: PLC0415 - see commands/__init__
    from isms.core.facts import facts  # noqa: PLC0415
    from isms.core.load import load  # noqa: PLC0415

    if not repository(args.root):
        return 2
    as_of = args.as_of or dt.date.today()
    try:
        until = as_of + dt.timedelta(days=args.within)
    except OverflowError:  # past 9999-12-31, the last day a date can hold
        print(
            f"isms: error: --within {args.within}: that many days after {as_of.isoformat()} is past the year 9999 "
            "— give fewer days",
            file=sys.stderr,
        )
        return 2
    model, findings = load(args.root)
    for finding in findings:
        if finding.severity == "error":
            print(finding.text(), file=sys.stderr)
    items = facts(model, derive(model), as_of).due_by(until)
    sys.stdout.write(as_json(items) if args.format == "json" else as_text(items, as_of, until))
    return 0


def as_text(items: list[Deadline], as_of: dt.date, until: dt.date) -> str:
    """One line per item: date, kind, id, title, owner, and where to change it; then a count."""
    lines = []
    for item in items:
        mark = " (overdue)" if item.overdue else ""
        where = f"{item.path}:{item.line}" if item.line else item.path
        lines.append(
            f"{item.date.isoformat()}{mark}  {item.kind} {item.id}: {item.title} — owner: {item.owner} — {where}"
        )
    count, overdue = len(items), sum(1 for item in items if item.overdue)
    lines.append(
        f"{count} item{'s' * (count != 1)} due by {until.isoformat()} ({overdue} overdue), as of {as_of.isoformat()}"
    )
    return "\n".join(lines) + "\n"


def as_json(items: list[Deadline]) -> str:
    """A JSON list of the items, each with ``overdue``."""
    rows = [
        {
            "date": item.date.isoformat(),
            "kind": item.kind,
            "id": item.id,
            "title": item.title,
            "owner": item.owner,
            "path": item.path,
            "line": item.line,
            "overdue": item.overdue,
        }
        for item in items
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
