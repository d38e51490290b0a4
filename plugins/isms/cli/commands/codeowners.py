"""``isms codeowners``: write CODEOWNERS so that a document's owner or approver must review changes to it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from isms.cli.commands.options import add_root, loaded, repository

NAME = "codeowners"
HELP = "write CODEOWNERS from the owners and approvers of documents and registers"
DESCRIPTION = (
    "Write a CODEOWNERS file that names, for every register file and controlled document, the repository-host "
    "handles of its owner and its approver (roles map to handles by `handle:` in registers/roles.yml). With "
    "--check, name each owner or approver the file lacks."
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        default=".github/CODEOWNERS",
        metavar="PATH",
        help="file to write, relative to the repository root; '-' prints it (default: .github/CODEOWNERS)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the file is not what it would be"
    )
    add_root(parser)


def run(args: argparse.Namespace) -> int:
    from isms.core.codeowners import codeowners, lacking  # noqa: PLC0415 - see commands/__init__

    if not repository(args.root):
        return 2
    model = loaded(args.root)
    if model is None:
        return 1
    text = codeowners(model)
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out) if Path(args.out).is_absolute() else args.root / args.out
    if args.check:
        current = out.read_text(encoding="utf-8") if out.is_file() else None
        if current != text:
            fix = f"run: isms codeowners --out {args.out}"
            if current is None:
                print(f"{args.out}: missing — {fix}", file=sys.stderr)
                return 1
            for gap in lacking(model, current):
                print(f"{args.out}: {gap} — {fix}", file=sys.stderr)
            print(f"{args.out}: out of date — {fix}", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"isms: error: cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {args.out}")
    return 0
