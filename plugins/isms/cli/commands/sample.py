"""``isms sample --seed S``: a reproducible sample of controls, risks and records for an audit."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import sys

from isms.cli.commands.options import add_as_of, add_root, loaded, repository

NAME = "sample"
HELP = "draw a reproducible audit sample"
DESCRIPTION = (
    "Draw a sample of applicable controls, risks and records (evidence, training, completed audits, held "
    "reviews, nonconformities, treatments done, record documents) that the same seed draws again on any "
    "machine. Without --seed a random seed is chosen and printed, so the draw can be repeated and shown."
)


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def seed(text: str) -> str:
    if not text.strip() or any(ord(c) < 32 for c in text):
        raise argparse.ArgumentTypeError("give a seed of printable text, e.g. 2026-stage-2 or 48151623")
    return text


def add_sample_arguments(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    """The counts of a draw; ``prefix`` names them for a command that samples besides (``--sample-controls``)."""
    for name, default in (("controls", 10), ("risks", 5), ("records", 10)):
        parser.add_argument(
            f"--{prefix}{name}", type=count, default=default, metavar="N", help=f"{name} to draw (default: {default})"
        )


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=seed, default=None, help="the seed (default: a random one, printed)")
    add_sample_arguments(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    add_as_of(parser)
    add_root(parser)


def run(args: argparse.Namespace) -> int:
    from isms.core.sampling import as_text, draw  # noqa: PLC0415 - see commands/__init__

    if not repository(args.root):
        return 2
    model = loaded(args.root, "a sample of a register that does not load is no sample")
    if model is None:
        return 1
    chosen = args.seed if args.seed is not None else str(secrets.randbelow(10**8)).zfill(8)
    asked = {"controls": args.controls, "risks": args.risks, "records": args.records}
    sample = draw(model, args.as_of or dt.date.today(), chosen, asked)
    if args.format == "json":
        sys.stdout.write(json.dumps(sample.as_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(as_text(sample))
    return 0
