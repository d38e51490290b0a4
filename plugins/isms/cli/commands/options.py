"""Arguments several commands share, so they read the same everywhere."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from isms.core.repository import Model


def date(text: str) -> dt.date:
    """An argparse type for ``YYYY-MM-DD``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def add_as_of(parser: argparse.ArgumentParser, default_help: str = "today") -> None:
    parser.add_argument(
        "--as-of",
        type=date,
        default=None,
        metavar="YYYY-MM-DD",
        help=f"judge dates as of this day (default: {default_help})",
    )


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="repository root (default: the current folder)")


def repository(root: Path) -> bool:
    """True when ``root`` is a repository with registers; otherwise says why on stderr."""
    if not root.is_dir():
        print(f"isms: error: {root} is not a folder", file=sys.stderr)
        return False
    if not (root / "registers").is_dir():
        where = root.resolve()
        print(
            f"isms: error: {where} has no registers/ folder — run isms in the repository root or pass --root",
            file=sys.stderr,
        )
        return False
    return True


class LazyChoices(Sequence[str]):
    """Choices read when argparse first needs them: they come from the register catalogue, which imports the
    models, and every command would otherwise pay for that import at start-up. Use ``%(choices)s`` in help."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        self._choices: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._choices is None:
            self._choices = tuple(self._load())
        return self._choices

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, value: object) -> bool:
        return value in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())


def loaded(root: Path, why: str = "isms check shows them all") -> Model | None:
    """The model of a repository that loads without error; else each error on stderr and None.

    For commands that need the registers whole (a CODEOWNERS file, a sample): ``why`` ends the message.
    """
    from isms.core.load import load  # noqa: PLC0415 - importing the models is slow; commands start fast

    model, findings = load(root)
    errors = [finding for finding in findings if finding.severity == "error"]
    if not errors:
        return model
    for finding in errors:
        print(finding.text(), file=sys.stderr)
    print(f"isms: error: fix these first ({why})", file=sys.stderr)
    return None
