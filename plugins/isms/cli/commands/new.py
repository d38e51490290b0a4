"""``isms new KIND "Title"``: start a document or register entry that passes ``isms check`` right away."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from isms.cli.commands.options import LazyChoices, add_as_of, add_root, repository

NAME = "new"
HELP = "start a new document or register entry"
DESCRIPTION = (
    "Create a controlled document ({documents}) as a draft under docs/, or append an entry ({entries}) to its"
    " register, with the next free id and every required field; then say what to fill in."
)
"""The introduction of ``isms new --help``; :class:`_Formatter` names the kinds when the help is shown."""


class _Formatter(argparse.HelpFormatter):
    """Fills the introduction with every kind ``isms new`` makes, read from the register catalogue only when the
    help is shown (importing the catalogue at start-up would slow every command)."""

    def add_text(self, text: str | None) -> None:
        if text == DESCRIPTION:
            from isms.core.scaffold import DOCUMENT_PREFIXES  # noqa: PLC0415 - see commands/__init__

            documents = tuple(DOCUMENT_PREFIXES)
            entries = [kind for kind in _kinds() if kind not in documents]
            text = DESCRIPTION.format(documents=", ".join(documents), entries=", ".join(entries))
        super().add_text(text)


def _kinds() -> tuple[str, ...]:
    from isms.core.scaffold import kinds  # noqa: PLC0415 - see commands/__init__

    return kinds()


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = _Formatter
    parser.add_argument("kind", choices=LazyChoices(_kinds), metavar="KIND", help="one of: %(choices)s")
    parser.add_argument(
        "title", metavar="TITLE", help='its title, e.g. "Access Control Policy"; for competence, the role\'s id'
    )
    parser.add_argument(
        "--risk", metavar="ID", default=None, help="for a treatment: the risk it treats (default: the last)"
    )
    parser.add_argument(
        "--evidence",
        metavar="ID",
        action="append",
        default=None,
        help="for competence: an evidence record of the role holder's competence (repeat for more)",
    )
    add_as_of(parser, "today; the date written as first draft, assessment or raised-on date")
    add_root(parser)
    parser.add_argument("--docs-dir", default="docs", help="folder of the Markdown documents (default: docs)")


def run(args: argparse.Namespace) -> int:
    from isms.core.scaffold import ScaffoldError, new  # noqa: PLC0415 - see commands/__init__

    if not repository(args.root):
        return 2
    try:
        created = new(
            args.root,
            args.kind,
            args.title,
            as_of=args.as_of or dt.date.today(),
            options={"risk": args.risk, "evidence": args.evidence},
            docs_dir=args.docs_dir,
        )
    except ScaffoldError as exc:
        print(f"isms: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"isms: error: cannot write: {exc.strerror} ({exc.filename})", file=sys.stderr)
        return 2
    sys.stdout.write(created.text())
    return 0
