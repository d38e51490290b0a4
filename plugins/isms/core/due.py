"""What falls due soon: document and management reviews, treatments, evidence expiries and audits.

A pure function of the model and an as-of date. Overdue items are listed too (they are due already),
so a weekly reminder keeps naming them until they are dealt with.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from isms.core.derive import document_next_review
from isms.core.repository import Model

DONE_TREATMENT = {"done", "cancelled"}


@dataclass(frozen=True)
class Due:
    """One thing that falls due: when, what kind, which entry, who owns it, and where it is written."""

    date: dt.date
    kind: str  # review, management review, treatment, evidence, audit
    id: str
    title: str
    owner: str
    path: str
    line: int

    def overdue(self, as_of: dt.date) -> bool:
        return self.date < as_of


def due(model: Model, as_of: dt.date, within: int) -> list[Due]:
    """Everything due on or before ``as_of + within`` days and not done, sorted by date, kind and id."""
    until = as_of + dt.timedelta(days=within)
    found: list[Due] = []
    for document in model.documents:
        meta = document.meta
        when = document_next_review(document)
        if meta.status in ("approved", "in review") and when is not None:
            line = meta.line("next_review") if meta.next_review else meta.line("review_every")
            found.append(Due(when, "review", meta.id, meta.title, meta.owner, document.path, line))
    for treatment in model.treatments:
        if treatment.status not in DONE_TREATMENT:
            found.append(
                Due(
                    treatment.due,
                    "treatment",
                    treatment.id,
                    treatment.action,
                    treatment.owner,
                    treatment.file,
                    treatment.line("due"),
                )
            )
    for record in model.evidence:
        if record.expires_on is not None:
            found.append(
                Due(
                    record.expires_on,
                    "evidence",
                    record.id,
                    f"expires: {record.title}",
                    record.owner,
                    record.file,
                    record.line("expires_on"),
                )
            )
    for review in model.reviews:
        if review.status == "planned":
            found.append(
                Due(
                    review.date,
                    "management review",
                    review.id,
                    "management review (9.3)",
                    review.chair,
                    review.file,
                    review.line("date"),
                )
            )
    for audit in model.audits:
        if audit.status == "planned":
            when = audit.start or audit.planned_on
            found.append(Due(when, "audit", audit.id, audit.title, audit.auditor, audit.file, audit.line("planned_on")))
    soon = [item for item in found if item.date <= until]
    soon.sort(key=lambda item: (item.date, item.kind, item.id))
    return soon


def as_text(items: list[Due], as_of: dt.date, within: int) -> str:
    """One line per item: date, kind, id, title, owner, and where to change it."""
    lines = []
    for item in items:
        mark = " (overdue)" if item.overdue(as_of) else ""
        where = f"{item.path}:{item.line}" if item.line else item.path
        lines.append(
            f"{item.date.isoformat()}{mark}  {item.kind} {item.id}: {item.title} — owner: {item.owner} — {where}"
        )
    count = len(items)
    overdue = sum(1 for item in items if item.overdue(as_of))
    lines.append(
        f"{count} item{'s' * (count != 1)} due by {(as_of + dt.timedelta(days=within)).isoformat()}"
        f" ({overdue} overdue), as of {as_of.isoformat()}"
    )
    return "\n".join(lines) + "\n"


def as_json(items: list[Due], as_of: dt.date) -> str:
    """A JSON list of the items, each with ``overdue``."""
    rows = [{**asdict(item), "date": item.date.isoformat(), "overdue": item.overdue(as_of)} for item in items]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
