"""What every check shares: the registry, the context it reads, and how it reports a problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from isms.core import catalogue
from isms.core.derive import Derived
from isms.core.facts import Deadline, Facts
from isms.core.findings import Finding, Severity
from isms.core.repository import Document, Model


@dataclass(frozen=True)
class Problem:
    """One problem a check found; the registry adds the severity and rule."""

    path: str
    line: int
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Context:
    """What a check reads: the model, what is derived from it, and the facts as of the as-of date."""

    model: Model
    derived: Derived
    as_of: dt.date
    facts: Facts


CheckFunction = Callable[[Context], Iterable[Problem]]


@dataclass(frozen=True)
class Check:
    rule: str
    severity: Severity
    summary: str
    function: CheckFunction
    clauses: tuple[str, ...]
    """What it enforces: clauses of ISO/IEC 27001 (``9.2.2``), Annex A controls (``A.5.3``), or another
    standard by name (``ISO/IEC 17021-1``, certification bodies' rules); the reference of checks shows them."""

    def run(self, context: Context) -> Iterator[Finding]:
        for problem in self.function(context):
            yield Finding(self.severity, problem.path, problem.line, problem.message, problem.hint, self.rule)


CHECKS: list[Check] = []


def check(
    rule: str, severity: Severity, summary: str, *, clauses: tuple[str, ...]
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check; ``summary`` is what the site's reference of checks says it catches, ``clauses``
    what it enforces (see :attr:`Check.clauses`)."""

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS.append(Check(rule, severity, summary, function, clauses))
        return function

    return register


def at(entry: Any, *keys: str | int) -> tuple[str, int]:
    """File and line of the value at ``keys`` in a register entry or document front matter."""
    meta = getattr(entry, "meta", entry)  # a Document carries its front matter in .meta
    return meta.file, meta.line(*keys)


def overdue(context: Context, rule: str, message: Callable[[Deadline], str], hint: str) -> Iterator[Problem]:
    """One problem per overdue deadline that ``rule`` reports, where the deadline is written."""
    for deadline in context.facts.overdue(rule):
        yield Problem(deadline.path, deadline.line, message(deadline), hint)


def in_future(context: Context, rule: str, hint: str) -> Iterator[Problem]:
    """One problem per date recorded as past that lies after the as-of date and that ``rule`` reports."""
    for recorded in context.facts.in_future(rule):
        yield Problem(
            recorded.path,
            recorded.line,
            f"{recorded.what} is {recorded.date}, after today ({context.as_of})",
            hint,
        )


def problem(entry: Any, keys: tuple[str | int, ...], message: str, hint: str = "") -> Problem:
    path, line = at(entry, *keys)
    return Problem(path, line, message, hint)


def label(entry: Any) -> str:
    """How a message names an entry: 'risk R-007', 'document POL-AC', 'SoA 5.15' (the catalogue's label and id)."""
    if isinstance(entry, Document):
        return f"document {entry.id}"
    spec = catalogue.by_model(type(entry))
    if spec is None:
        return f"{type(entry).__name__.lower()} {getattr(entry, 'id', '')}".strip()
    return f"{spec.noun} {spec.ident(entry)}".strip()
