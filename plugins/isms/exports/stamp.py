"""What every export says about where it comes from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stamp:
    """Organisation, version, commit and as-of date of an export."""

    organisation: str
    version: str
    commit: str
    as_of: dt.date

    def pairs(self) -> list[tuple[str, str]]:
        """The stamp as ``(name, value)`` pairs, in the order exports show them."""
        return [
            ("organisation", self.organisation),
            ("version", self.version),
            ("commit", self.commit),
            ("as_of", self.as_of.isoformat()),
        ]

    def as_dict(self) -> dict[str, str]:
        return dict(self.pairs())


def repository_stamp(organisation: str, as_of: dt.date, root: Path, version: str | None = None) -> Stamp:
    """The stamp of the working tree at ``root``: HEAD's commit (marked ``+changes`` when the tree is
    dirty) and its tag as version, or 'unreleased'; no commit outside git."""
    from isms.core import gitinfo  # noqa: PLC0415

    commit, tag = "", None
    if gitinfo.is_repository(root):
        try:
            commit = gitinfo.resolve(root, "HEAD")
            tag = gitinfo.tag_at(root)
            if gitinfo.dirty(root):
                commit += "+changes"
                tag = None
        except gitinfo.GitError:
            commit = ""
    return Stamp(organisation, version or tag or "unreleased", commit, as_of)
