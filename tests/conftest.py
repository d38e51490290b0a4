"""Shared fixtures: a copy of the minimal valid ISMS to break one way per test, and ways to look at the result.

``tests/fixtures/minimal`` gives no finding at all as of :data:`AS_OF`, even under ``--strict``; a test
changes one thing and asserts the exact ``path:line: severity: message — hint`` lines that change causes.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from isms.core.pipeline import Result, check_repository
from isms.site.page import Site

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
MINIMAL = FIXTURES / "minimal"
EXAMPLE = FIXTURES / "example"
"""A copy of the richer example ISMS the repository first shipped with, owned by the tests: the repository's own
``docs/`` and ``registers/`` are an adopter's to replace, and only ``tests/repository/`` looks at them."""
AS_OF = dt.date(2026, 11, 28)
"""The date the minimal repository is judged at; everything in it is current on this day."""


class Repo:
    """A writable copy of a fixture repository."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        target = self.path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def write_bytes(self, rel: str, data: bytes) -> None:
        target = self.path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def delete(self, rel: str) -> None:
        target = self.path(rel)
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()

    def replace(self, rel: str, old: str, new: str) -> None:
        """Replace ``old`` by ``new`` in one file; ``old`` must occur exactly once, so an edit never misses."""
        text = self.read(rel)
        count = text.count(old)
        assert count == 1, f"{old!r} occurs {count} times in {rel}, not once"
        self.write(rel, text.replace(old, new))

    def check(self, as_of: dt.date = AS_OF) -> Result:
        return check_repository(self.root, as_of)

    def site(self, as_of: dt.date = AS_OF) -> Site:
        """What the page renderers read, for the whole repository as of ``as_of`` (no audience)."""
        result = self.check(as_of)
        return Site(result.model, result.derived, as_of, result.facts, True, tuple(result.findings))

    def findings(self, as_of: dt.date = AS_OF) -> list[str]:
        """Every finding as the user reads it: ``path:line: severity: message — hint``."""
        return [finding.text() for finding in self.check(as_of).findings]


def copy_example(root: Path) -> Path:
    """A copy of the example ISMS (docs, registers, mkdocs.yml) at ``root``, outside any git repository."""
    for name in ("docs", "registers"):
        shutil.copytree(EXAMPLE / name, root / name)
    shutil.copy(EXAMPLE / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A fresh copy of the minimal valid repository in ``tmp_path``."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return Repo(root)


Edit = tuple[str, str, str] | Callable[[Repo], None]
"""A change to the repository: ``(file, old text, new text)`` or a function of the :class:`Repo`."""


@dataclass(frozen=True)
class Case:
    """One way of breaking one check's rule, and exactly what ``isms check`` must then report."""

    id: str
    rule: str
    edits: tuple[Edit, ...]
    expected: tuple[str, ...]
    """Every finding's text, in report order; each must come from ``rule`` unless listed in ``also``."""
    also: frozenset[str] = field(default_factory=frozenset)
    """Other rules the change necessarily triggers too (their findings are in ``expected``)."""
    as_of: dt.date = AS_OF

    def apply(self, repo: Repo) -> None:
        for edit in self.edits:
            if callable(edit):
                edit(repo)
            else:
                repo.replace(*edit)

    def run(self, repo: Repo) -> None:
        """Apply the edits, then assert the findings are exactly ``expected``, from the case's rule."""
        self.apply(repo)
        findings = repo.check(self.as_of).findings
        assert [finding.text() for finding in findings] == list(self.expected)
        assert {finding.rule for finding in findings} <= {self.rule, *self.also}
        assert any(finding.rule == self.rule for finding in findings)


def case_id(case: Case) -> str:
    return case.id
