"""``isms synth``: write a large synthetic ISMS, for benchmarks."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from isms.commands.options import date

NAME = "synth"
HELP = "generate a large synthetic ISMS (for benchmarks)"
DESCRIPTION = "Write a synthetic ISMS that passes 'isms check --strict' into OUT, a new or empty folder."


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="OUT", help="folder to create")
    parser.add_argument("--documents", type=int, required=True, metavar="N", help="controlled documents")
    parser.add_argument("--risks", type=int, required=True, metavar="N", help="risks")
    parser.add_argument("--assets", type=int, required=True, metavar="N", help="assets")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    parser.add_argument("--as-of", type=date, default=None, metavar="YYYY-MM-DD", help="valid as of (default: today)")


def run(args: argparse.Namespace) -> int:
    from isms import synthetic  # noqa: PLC0415 - see commands/__init__

    return synthetic.command(
        args.out,
        documents=args.documents,
        risks=args.risks,
        assets=args.assets,
        seed=args.seed,
        as_of=args.as_of or dt.date.today(),
    )
