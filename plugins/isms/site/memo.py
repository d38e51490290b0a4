"""Parts of the generated pages that ``mkdocs serve`` keeps from its last build, made again only when what they
are made of changed.

A register edit loads the model again, and every generated page used to be made again from it: at 5,000
risks and 20,000 assets that was most of a reload. A page, or a row, that reads all of the model but one
register, and of that register only a few fields, is the same page when everything else is the same and
those fields are: :meth:`Memo.made` keeps it under a key its builder gives, from :meth:`Inputs.besides` (a
digest of every input file but those registers' files) and the fields it reads of them.

A key must hold everything the kept part shows: what it reads of the model that is not in ``besides`` is
covered by the digest of the files it is made of. Outside ``mkdocs serve`` nothing is kept
(:meth:`Memo.made` builds).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Inputs:
    """What one build's model is made of: its settings, and a digest of each file it reads."""

    settings: str  # a digest of the build's settings and the git state
    files: tuple[tuple[str, str], ...]  # (path from the repository root, digest of what is read of it)
    _besides: dict[frozenset[str], str] = field(default_factory=dict, compare=False)
    _orders: dict[int, tuple[Sequence[Any], str]] = field(default_factory=dict, compare=False)

    def besides(self, registers: Iterable[str]) -> str:
        """A digest of every input but the files of ``registers`` (``registers/<name>.yml`` or ``.yaml``, and
        the files under ``registers/<name>/``)."""
        names = frozenset(registers)
        known = self._besides.get(names)
        if known is None:
            digest = hashlib.blake2b(self.settings.encode(), digest_size=16)
            for path, read in self.files:
                if _register_of(path) not in names:
                    digest.update(f"{path}\0{read}\n".encode("utf-8", "surrogateescape"))
            known = self._besides[names] = digest.hexdigest()
        return known

    def order(self, entries: Sequence[Any], ident: Callable[[Any], str]) -> str:
        """A digest of the ids of ``entries`` in order: where each is, so where links to it point. Made once per
        build for each list of entries (a register's: its ids are what ``ident`` gives, always the same)."""
        known = self._orders.get(id(entries))
        if known is None or known[0] is not entries:
            ids = "\0".join(map(ident, entries)).encode("utf-8", "surrogateescape")
            known = self._orders[id(entries)] = (entries, hashlib.blake2b(ids, digest_size=16).hexdigest())
        return known[1]


def _register_of(path: str) -> str | None:
    """The register a file under ``registers/`` belongs to, by its name: ``registers/risks/a.yml`` is a risk's."""
    parts = path.split("/")
    if len(parts) < 2 or parts[0] != "registers":
        return None
    if len(parts) > 2:
        return parts[1]
    stem, dot, suffix = parts[1].rpartition(".")
    return stem if dot and suffix in ("yml", "yaml") else parts[1]


@dataclass
class Memo:
    """What the last build made (``last``), and what this build made or took over (``now``), by slot."""

    inputs: Inputs | None = None  # None: nothing is kept (a build, a check, a test)
    last: dict[str, tuple[object, Any]] = field(default_factory=dict)
    now: dict[str, tuple[object, Any]] = field(default_factory=dict)

    def made(self, slot: str, key: Callable[[Inputs], object], build: Callable[[], T]) -> T:
        """What ``build`` makes; the last build's when ``key`` gives what it gave then. ``key`` must hold
        everything ``build`` reads that is not in the inputs."""
        if self.inputs is None:
            return build()
        now = key(self.inputs)
        kept = self.last.get(slot)
        value: T = kept[1] if kept is not None and kept[0] == now else build()
        self.now[slot] = (now, value)
        return value


def fields(entries: Iterable[Any]) -> tuple[dict[str, Any], ...]:
    """What entries hold (their fields and values, not where they were read from), to compare with a key."""
    return tuple(entry.__dict__ for entry in entries)
