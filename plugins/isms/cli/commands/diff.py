"""``isms diff OLD NEW``: what changed between two git refs or two snapshot archives."""

from __future__ import annotations

import argparse
import sys

from isms.cli.commands.options import add_root

NAME = "diff"
HELP = "report what changed between two versions"
DESCRIPTION = (
    "Compare two versions of the ISMS — git refs (tags, branches, commits) or snapshot archives made by "
    "'isms snapshot' — and report documents added, removed, re-versioned or re-approved, SoA rows whose "
    "applicability or status changed, risks added, closed or whose level moved, and treatments completed "
    "or newly overdue. A document or register file approved on both sides whose content changed without a new "
    "version and a later approval date is an error (unapproved-change, 7.5.3): it is listed in the report and on "
    "standard error, and the exit status is 1."
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="git ref or snapshot archive (.tar.gz)")
    parser.add_argument("new", metavar="NEW", nargs="?", default="HEAD", help="git ref or archive (default: HEAD)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown", help="default: markdown")
    add_root(parser)


def run(args: argparse.Namespace) -> int:
    from isms.exports.diff import DiffError, as_json, as_markdown, diff  # noqa: PLC0415 - see commands/__init__

    if not args.root.is_dir():
        print(f"isms: error: {args.root} is not a folder", file=sys.stderr)
        return 2
    try:
        report = diff(args.root, args.old, args.new)
    except DiffError as exc:
        print(f"isms: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(as_json(report) if args.format == "json" else as_markdown(report))
    for finding in report.findings:
        print(finding.text(), file=sys.stderr)
    return 1 if report.findings else 0
