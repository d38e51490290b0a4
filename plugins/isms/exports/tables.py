"""The rows of each export: plain values (text, numbers, booleans), one list per row, in register order."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from isms.core import catalogue
from isms.core.catalogue import RegisterSpec
from isms.core.derive import Derived, Score
from isms.core.facts import Facts
from isms.core.repository import Model
from isms.core.requests import requests

Value = str | int | bool | None


def kinds() -> tuple[str, ...]:
    """The tabular exports: every register's declared export (:mod:`isms.core.catalogue`), in catalogue order.

    ``model`` (the whole model as JSON) is handled by :mod:`isms.exports.model`.
    """
    return tuple(spec.export.name for spec in catalogue.listed() if spec.export)


@dataclass(frozen=True)
class Sheet:
    """One table of an export: a sheet of a workbook, a CSV part, a list in JSON."""

    name: str  # machine name, used as JSON key and CSV part
    title: str  # sheet title in a workbook (at most 31 characters)
    columns: tuple[str, ...]
    rows: list[list[Value]]


def _list(values: Iterable[object]) -> str:
    return ", ".join(str(value) for value in values)


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def soa_sheets(model: Model, derived: Derived, facts: Facts) -> list[Sheet]:
    """Clauses 4–10 and the Annex A controls (then the organisation's own controls), as in the SoA page."""
    clauses: list[list[Value]] = []
    for clause in model.catalogue.clauses.values():
        documents = derived.documents_by_clause.get(clause.id, [])
        present: str | None = None
        if clause.requires:
            present = "missing" if facts.unmet.get(clause.id) else "present"
        clauses.append(
            [clause.id, clause.title, clause.requires or None, present, _list(d.id for d in documents) or None]
        )
    entries = {entry.control: entry for entry in reversed(model.soa)}
    controls: list[list[Value]] = []
    for control in model.catalogue.controls.values():
        if not control.annex_a and control.id not in entries:
            continue
        entry = entries.get(control.id)
        links = derived.links(control.id)
        theme = model.catalogue.themes[control.theme].title if control.theme in model.catalogue.themes else ""
        if entry is None:
            controls.append([control.id, control.title, theme, None, None, None, None, None, None, None, None, None])
            continue
        controls.append(
            [
                control.id,
                control.title,
                theme,
                entry.applicable,
                _list(entry.reasons) or None,
                _list(entry.references) or None,
                entry.justification,
                entry.status if entry.applicable else None,
                entry.owner,
                _list(d.id for d in links.documents) or None,
                _list(r.id for r in links.risks) or None,
                entry.notes,
            ]
        )
    return [
        Sheet(
            "clauses",
            "Clauses 4-10",
            ("clause", "title", "documented information required", "documented information", "documents"),
            clauses,
        ),
        Sheet(
            "annex_a",
            "Annex A",
            (
                "control",
                "title",
                "theme",
                "applicable",
                "reasons",
                "references",
                "justification",
                "status",
                "owner",
                "documents",
                "risks",
                "notes",
            ),
            controls,
        ),
    ]


def _score(score: Score | None) -> list[Value]:
    if score is None:
        return [None, None, None, None]
    return [score.likelihood, score.impact, score.score, score.level.name if score.level else None]


def risk_sheets(model: Model, derived: Derived) -> list[Sheet]:
    """The risk register, one row per risk, with derived scores and levels."""
    rows: list[list[Value]] = []
    for risk in model.risks:
        scores = derived.scores.get(risk.id)
        acceptance = risk.acceptance
        rows.append(
            [
                risk.id,
                risk.title,
                risk.status,
                risk.owner,
                _list(risk.assets) or None,
                risk.threat,
                risk.vulnerability,
                _list(risk.existing_controls) or None,
                *_score(scores.inherent if scores else None),
                risk.treatment,
                _list(risk.controls) or None,
                *_score(scores.residual if scores else None),
                acceptance.by if acceptance else None,
                _date(acceptance.on) if acceptance else None,
                _date(acceptance.expires) if acceptance else None,
                _list(t.id for t in derived.treatments_by_risk.get(risk.id, [])) or None,
                _date(risk.last_assessed),
            ]
        )
    columns = (
        "id",
        "title",
        "status",
        "owner",
        "assets",
        "threat",
        "vulnerability",
        "existing controls",
        "inherent likelihood",
        "inherent impact",
        "inherent score",
        "inherent level",
        "treatment",
        "controls",
        "residual likelihood",
        "residual impact",
        "residual score",
        "residual level",
        "accepted by",
        "accepted on",
        "acceptance expires",
        "treatments",
        "last assessed",
    )
    return [Sheet("risks", "Risk register", columns, rows)]


def rtp_sheets(model: Model, derived: Derived, facts: Facts) -> list[Sheet]:
    """The risk treatment plan, one row per action, in register order; overdue judged as of the stamp."""
    rows: list[list[Value]] = []
    for treatment in model.treatments:
        overdue = facts.treatment_overdue(treatment)
        rows.append(
            [
                treatment.id,
                _list(treatment.risks),
                treatment.action,
                _list(treatment.controls) or None,
                treatment.owner,
                treatment.priority,
                _date(treatment.start),
                _date(treatment.due),
                treatment.status,
                overdue,
                _date(treatment.completed_on),
                treatment.resources,
                _list(treatment.evidence) or None,
                _list(treatment.approved_by) or None,
                _date(treatment.approved_on),
            ]
        )
    columns = (
        "id",
        "risks",
        "action",
        "controls",
        "owner",
        "priority",
        "start",
        "due",
        "status",
        "overdue",
        "completed on",
        "resources",
        "evidence",
        "approved by",
        "approved on",
    )
    return [Sheet("rtp", "Risk treatment plan", columns, rows)]


EVIDENCE_REQUESTS = "evidence-requests"
"""The export of the evidence request list (:mod:`isms.core.requests`): not a register's, so not in :func:`kinds`."""
REQUEST_COLUMNS = (
    "part",
    "ref",
    "requirement",
    "auditor asks for",
    "documents",
    "evidence",
    "records",
    "owner",
    "first expiry",
    "missing",
    "status",
    "checked",
    "auditor's notes",
)


def request_sheets(model: Model, facts: Facts) -> list[Sheet]:
    """The evidence request list, one row per clause or applicable control; 'checked' and the notes are left
    empty for the auditor (and the team preparing the audit) to fill in."""
    rows: list[list[Value]] = []
    for request in requests(model, facts):
        rows.append(
            [
                request.part,
                request.ref,
                request.title,
                request.asks,
                "\n".join(source.text() for source in request.of("document")) or None,
                "\n".join(source.text() for source in request.of("evidence")) or None,
                "\n".join(s.text() for s in request.sources if s.kind in ("register", "record")) or None,
                request.owner,
                _date(request.expires),
                "\n".join(request.missing) or None,
                "ready" if request.ready else "missing",
                None,
                None,
            ]
        )
    return [Sheet("requests", "Evidence request list", REQUEST_COLUMNS, rows)]


def sheets(kind: str, model: Model, derived: Derived, facts: Facts) -> list[Sheet]:
    """The sheets of the export ``kind`` (one of :func:`kinds`)."""
    if kind == "soa":
        return soa_sheets(model, derived, facts)
    if kind == "risks":
        return risk_sheets(model, derived)
    if kind == "rtp":
        return rtp_sheets(model, derived, facts)
    if kind == EVIDENCE_REQUESTS:
        return request_sheets(model, facts)
    spec = next((spec for spec in catalogue.listed() if spec.export and spec.export.name == kind), None)
    if spec is not None and spec.export is not None and spec.export.columns:
        return [register_sheet(spec, model)]
    raise ValueError(f"unknown export {kind!r}; choose one of {', '.join(kinds())}")


def register_sheet(spec: RegisterSpec, model: Model) -> Sheet:
    """A register as its declaration exports it: one row per entry, one column per declared field."""
    if spec.export is None:
        raise ValueError(f"the {spec.name} register declares no export")
    columns = spec.export.columns
    rows = [[_cell(getattr(entry, column, None)) for column in columns] for entry in model.entries.get(spec.name, ())]
    return Sheet(spec.export.name, spec.export.title, columns, rows)


def _cell(value: object) -> Value:
    """One field as a plain cell: lists joined, dates as YYYY-MM-DD, nested parts as compact JSON."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, list):
        return _list(_cell(item) for item in value) or None
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json", exclude_none=True), ensure_ascii=False, sort_keys=True)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)
