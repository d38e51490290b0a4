"""``isms snapshot``: a strict, deterministic, checksummed offline archive of one commit's site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from isms.cli.commands.options import add_as_of, add_root
from isms.cli.commands.sample import add_sample_arguments, seed
from isms.cli.signals import Interrupted

NAME = "snapshot"
HELP = "build a frozen auditor snapshot of HEAD"
DESCRIPTION = (
    "Build HEAD (the working tree must be clean) strictly into OUT/VERSION.tar.gz: every page with a banner "
    "naming the version, commit and as-of date, a SHA256SUMS manifest that 'sha256sum -c' verifies, "
    "snapshot.json with the build facts, the exports; it opens from file:// with no network. An archive of "
    "another commit under the same version is never replaced unless --force is given. With --sample-seed, "
    "the audit sample that seed draws (isms sample) is recorded in sample.json. With --pack, the auditor's "
    "pack of the same build is written beside the archive as OUT/VERSION.pdf (see isms pack)."
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", dest="label", default=None, metavar="V", help="default: HEAD's tag or commit")
    parser.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="folder for the archive")
    parser.add_argument(
        "--force", action="store_true", help="replace an archive of the same version made from another commit"
    )
    parser.add_argument(
        "--sample-seed",
        type=seed,
        default=None,
        metavar="S",
        help="also draw an audit sample with this seed into sample.json (see isms sample)",
    )
    add_sample_arguments(parser, "sample-")
    parser.add_argument(
        "--pack", action="store_true", help="also write the auditor's pack OUT/VERSION.pdf (see isms pack)"
    )
    add_as_of(parser, "the commit's date")
    add_root(parser)


def of_commit(args: argparse.Namespace, make: Callable[[], list[Path]], nothing: str) -> int:
    """Run ``make`` (a build of HEAD at ``args.root``) as ``isms snapshot`` and ``isms pack`` do: what it wrote
    on stdout, its refusal on stderr with its status, and ``nothing`` said when interrupted."""
    from isms.plugin.snapshot import SnapshotError  # noqa: PLC0415 - see commands/__init__

    if not args.root.is_dir() or not (args.root / "registers").is_dir():
        print(f"isms: error: {args.root.resolve()} has no registers/ folder — pass --root", file=sys.stderr)
        return 2
    # SIGINT and SIGTERM raise Interrupted (isms.cli.main): a killed build cleans up like an interrupted one.
    try:
        paths = make()
    except SnapshotError as exc:
        print(f"isms: error: {exc}", file=sys.stderr)
        return exc.status
    except (Interrupted, KeyboardInterrupt):
        print(f"isms: interrupted — {nothing}", file=sys.stderr)
        return 130
    for path in paths:
        print(f"wrote {path}")
    return 0


def run(args: argparse.Namespace) -> int:
    from isms.plugin.snapshot import snapshot  # noqa: PLC0415 - see commands/__init__

    def make() -> list[Path]:
        asked = {"controls": args.sample_controls, "risks": args.sample_risks, "records": args.sample_records}
        sample = (args.sample_seed, asked) if args.sample_seed is not None else None
        path = snapshot(
            args.root, args.out, args.label, args.as_of, force=args.force, sample=sample, with_pack=args.pack
        )
        return [path, path.with_name(path.name.removesuffix(".tar.gz") + ".pdf")] if args.pack else [path]

    return of_commit(args, make, "no archive was written")
