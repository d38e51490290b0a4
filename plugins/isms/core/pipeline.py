"""The check pipeline: load a repository, derive, run every check, and hold the sorted findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from isms.core import checks
from isms.core.derive import Derived, derive
from isms.core.facts import Facts, facts
from isms.core.findings import Finding
from isms.core.load import load
from isms.core.repository import Model


@dataclass
class Result:
    model: Model
    derived: Derived
    findings: list[Finding]
    as_of: dt.date
    facts: Facts

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def failed(self, strict: bool) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


FIRST_RULES = frozenset({"register-unknown", "register-missing", "docs-missing"})
"""Findings about which files there are: reported first, as whatever else is wrong may follow from them."""


def _report_order(finding: Finding) -> tuple[bool, tuple[str, int, str, str]]:
    return (finding.rule not in FIRST_RULES, finding.sort_key())


def check_repository(root: Path, as_of: dt.date, docs_dir: str = "docs") -> Result:
    """Load ``root`` and run every check as of ``as_of``; findings sorted by file and line, missing or unknown
    files first."""
    model, findings = load(root, docs_dir)
    derived = derive(model)
    judged = facts(model, derived, as_of)
    findings += checks.run(model, as_of, derived, judged)
    unique = list(dict.fromkeys(findings))
    unique.sort(key=_report_order)
    return Result(model, derived, unique, as_of, judged)
