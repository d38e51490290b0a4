"""The ``isms`` command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from isms import __version__
from isms.report import as_json, as_text, check_repository


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="isms", description="Check and publish an ISO/IEC 27001 ISMS kept as code.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="check the registers and documents",
        description="Check every register and controlled document; print each finding as path:line.",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="judge dates as of this day (default: today)"
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.add_argument("--root", type=Path, default=Path("."), help="repository root (default: the current folder)")
    check.add_argument("--docs-dir", default="docs", help="folder of the Markdown documents (default: docs)")

    synth = commands.add_parser(
        "synth",
        help="generate a large synthetic ISMS (for benchmarks)",
        description="Write a synthetic ISMS that passes 'isms check --strict' into OUT, a new or empty folder.",
    )
    synth.add_argument("out", type=Path, metavar="OUT", help="folder to create")
    synth.add_argument("--documents", type=int, required=True, metavar="N", help="controlled documents")
    synth.add_argument("--risks", type=int, required=True, metavar="N", help="risks")
    synth.add_argument("--assets", type=int, required=True, metavar="N", help="assets")
    synth.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    synth.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="valid as of (default: today)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        root: Path = args.root
        if not root.is_dir():
            print(f"isms: error: {root} is not a folder", file=sys.stderr)
            return 2
        if not (root / "registers").is_dir():
            where = root.resolve()
            print(
                f"isms: error: {where} has no registers/ folder — run isms in the repository root or pass --root",
                file=sys.stderr,
            )
            return 2
        result = check_repository(root, args.as_of or dt.date.today(), args.docs_dir)
        render = as_json if args.format == "json" else as_text
        sys.stdout.write(render(result, args.strict))
        return 1 if result.failed(args.strict) else 0
    if args.command == "synth":
        from isms import synthetic  # noqa: PLC0415 - only this command needs it; keeps 'isms check' quick to start

        return synthetic.command(
            args.out,
            documents=args.documents,
            risks=args.risks,
            assets=args.assets,
            seed=args.seed,
            as_of=args.as_of or dt.date.today(),
        )
    return 2  # pragma: no cover - argparse requires a command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
