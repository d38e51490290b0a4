"""``isms pack``: the auditor's pack, one PDF of what an audience may read at HEAD."""

from __future__ import annotations

import argparse
from pathlib import Path

from isms.cli.commands.options import add_as_of, add_root
from isms.cli.commands.snapshot import of_commit

NAME = "pack"
HELP = "build the auditor's pack: one PDF of HEAD"
DESCRIPTION = (
    "Build HEAD (the working tree must be clean) strictly, as the audience may read it, and write OUT/VERSION.pdf: "
    "a cover (organisation, scope, version, commit, as-of date), contents with page numbers, the Statement of "
    "Applicability, the risk register with its heat maps, the risk treatment plan and every approved policy "
    "and procedure, each from the page the site shows. The same commit gives the same bytes; a PDF of that "
    "name that is not the pack of this commit and audience is kept unless --force is given. "
    "'isms snapshot --pack' writes it beside the snapshot, with the archive's SHA-256 on its cover."
)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", dest="label", default=None, metavar="V", help="default: HEAD's tag or commit")
    parser.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="folder for the PDF")
    parser.add_argument(
        "--audience",
        choices=("public", "staff", "auditor"),
        default=None,
        help="only what this audience may read (default: as mkdocs.yml says)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace a PDF under that name that is not the pack of this commit"
    )
    add_as_of(parser, "the commit's date")
    add_root(parser)


def run(args: argparse.Namespace) -> int:
    from isms.plugin.snapshot import auditor_pack  # noqa: PLC0415 - see commands/__init__

    def make() -> list[Path]:
        return [auditor_pack(args.root, args.out, args.label, args.as_of, args.audience, force=args.force)]

    return of_commit(args, make, "no PDF was written")
