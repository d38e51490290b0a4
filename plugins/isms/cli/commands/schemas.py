"""``isms schemas``: regenerate the JSON Schemas editors use to check registers as you type."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "schemas"
HELP = "write the JSON Schemas of the registers and front matter"
DESCRIPTION = (
    "Write one JSON Schema per register and one for document front matter (front-matter.json), generated "
    "from the models. Each register names its schema in its first line, so an editor with a YAML language "
    "server checks and completes it as you type."
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder to write them to (default: the package's schemas folder, plugins/isms/schemas)",
    )


def run(args: argparse.Namespace) -> int:
    from isms.core import schemas  # noqa: PLC0415 - see commands/__init__

    out: Path = args.out or schemas.DEFAULT_DIR
    if out.exists() and not out.is_dir():
        print(f"isms: error: {out} is not a folder", file=sys.stderr)
        return 2
    try:
        written = schemas.write(out)
    except OSError as exc:
        print(f"isms: error: cannot write to {out}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} schemas to {out}")
    return 0
