"""``isms snapshot``: a strict, deterministic, checksummed offline archive of one commit's site."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from isms.cli.commands.options import add_as_of, add_root

NAME = "snapshot"
HELP = "build a frozen auditor snapshot of HEAD"
DESCRIPTION = (
    "Build HEAD (the working tree must be clean) strictly into OUT/VERSION.tar.gz: every page with a banner "
    "naming the version, commit and as-of date, a SHA256SUMS manifest that 'sha256sum -c' verifies, "
    "snapshot.json with the build facts, the exports; it opens from file:// with no network."
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", dest="label", default=None, metavar="V", help="default: HEAD's tag or commit")
    parser.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="folder for the archive")
    add_as_of(parser, "the commit's date")
    add_root(parser)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from isms.plugin.snapshot import SnapshotError, snapshot  # noqa: PLC0415 - see commands/__init__

    if not args.root.is_dir() or not (args.root / "registers").is_dir():
        print(f"isms: error: {args.root.resolve()} has no registers/ folder — pass --root", file=sys.stderr)
        return 2
    previous = signal.signal(signal.SIGTERM, _interrupt)  # a killed snapshot cleans up like an interrupted one
    try:
        path = snapshot(args.root, args.out, args.label, args.as_of)
    except SnapshotError as exc:
        print(f"isms: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("isms: interrupted — no archive was written", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(f"wrote {path}")
    return 0
