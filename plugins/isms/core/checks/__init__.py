"""All checks, run over a loaded model. Importing the modules registers their checks in order."""

from __future__ import annotations

import datetime as dt

from isms.core.checks import (  # noqa: F401
    certification,
    communications,
    competence,
    dates,
    documents,
    exceptions,
    impartiality,
    improvements,
    incidents,
    mandatory,
    organisation,
    performance,
    records,
    references,
    risks,
    soa,
    suppliers,
)
from isms.core.checks.base import CHECKS, Check, Context
from isms.core.derive import Derived, derive
from isms.core.facts import Facts, facts
from isms.core.findings import Finding
from isms.core.repository import Model

__all__ = ["CHECKS", "Check", "run"]


def run(model: Model, as_of: dt.date, derived: Derived | None = None, judged: Facts | None = None) -> list[Finding]:
    """Every finding of every check, in a stable order."""
    derived = derived or derive(model)
    context = Context(model, derived, as_of, judged or facts(model, derived, as_of))
    findings = [finding for item in CHECKS for finding in item.run(context)]
    return findings
