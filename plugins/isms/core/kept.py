"""What loading a file added to a model, kept by ``mkdocs serve`` for its next load (``load.keep_parsed``).

A file with any finding is not kept: it is loaded in full every time, so its findings are reported again.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isms.core.repository import Document, Model, PageFile, RegisterFile

PAGES_KEPT = 20_000
"""Pages whose loaded front matter ``mkdocs serve`` keeps besides its register files."""


@dataclass
class Clean:
    """What a register file or page without a finding added to a model: added again while its bytes stay the same.

    ``mkdocs serve`` loads the model again on every save; validating the 20,000 entries of an unchanged
    asset register again took a tenth of a register edit's reload. Entries are not changed once loaded, so
    the next model holds the same ones. A file with any finding is loaded again in full.
    """

    entries: list[Any] = field(default_factory=list)
    files: list[RegisterFile] = field(default_factory=list)
    singles: dict[str, Any] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    pages: list[PageFile] = field(default_factory=list)

    def add_to(self, model: Model, register: str | None) -> None:
        if register is not None:
            model.entries[register] += self.entries
        model.files += self.files
        model.singles.update(self.singles)
        model.documents += self.documents
        model.pages += self.pages


_clean: OrderedDict[tuple[str, str], tuple[bytes, Clean]] = OrderedDict()
"""(path, register or "") -> (digest of the file's bytes, what loading it added)."""
_kept = {"files": 0}  # register files kept besides pages: none in a build or a check


def clean_of(path: Path, register: str, digest: bytes | None) -> Clean | None:
    kept = _clean.get((str(path), register))
    if kept is None or digest is None or kept[0] != digest:
        return None
    _clean.move_to_end((str(path), register))
    return kept[1]


def keep_clean(path: Path, register: str, digest: bytes | None, clean: Clean) -> None:
    if not _kept["files"] or digest is None:
        return
    _clean[(str(path), register)] = (digest, clean)
    _clean.move_to_end((str(path), register))
    trim(_kept["files"])


def added(model: Model, register: str | None, before: tuple[int, ...], single: str = "") -> Clean:
    """What ``model`` holds beyond the sizes ``before`` (from :func:`sizes`): the entries of ``register``, or
    the whole-file register ``single``."""
    entries, files, documents, pages, _ = before
    return Clean(
        model.entries[register][entries:] if register is not None else [],
        model.files[files:],
        {single: model.singles[single]} if single in model.singles else {},
        model.documents[documents:],
        model.pages[pages:],
    )


def sizes(model: Model, register: str | None) -> tuple[int, ...]:
    failures = len(model.unreadable) + sum(map(len, model.unloaded.values()))
    entries = len(model.entries[register]) if register is not None else 0
    return entries, len(model.files), len(model.documents), len(model.pages), failures


def last_of(path: Path, register: str) -> tuple[bytes, Clean] | None:
    """The digest of the last version of a file kept, and what loading it added."""
    return _clean.get((str(path), register))


def trim(files: int) -> None:
    """Keep what up to ``files`` register files and :data:`PAGES_KEPT` pages added; 0 keeps nothing."""
    _kept["files"] = files
    while len(_clean) > (files + PAGES_KEPT if files else 0):
        _clean.popitem(last=False)
