"""The three-year certification cycle: which certification body audit is due when, and where each stands.

ISO/IEC 17021-1 9.6.2.2 sets the dates: the first surveillance audit no later than 12 months after the
certification decision, surveillance at least once each calendar year, and recertification before the
certificate expires. Everything here is a pure function of the certification record and an as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from isms.core.derive import add_months
from isms.core.models import registers as r

State = Literal["done", "failed", "planned", "awaiting result", "not scheduled", "overdue"]
DONE: frozenset[str] = frozenset({"done", "failed"})
EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True)
class Milestone:
    """One audit of the cycle: what it is, the latest date it may take place, and the audit recorded for it."""

    key: str
    title: str
    due: dt.date | None
    audit: r.CertificationAudit | None
    index: int | None  # position of the audit in isms.yml's certification.audits
    state: State

    @property
    def date(self) -> dt.date | None:
        """When it took place, or is planned to."""
        if self.audit is None:
            return None
        return self.audit.start or self.audit.planned_on or self.audit.end


def held(audit: r.CertificationAudit, as_of: dt.date) -> bool:
    """Whether the audit has taken place by ``as_of``: it has a result and is not dated later.

    A result dated after ``as_of`` cannot be (``certification-dates`` reports it); the audit counts as not held.
    """
    return audit.result != "planned" and not any(day is not None and day > as_of for day in (audit.start, audit.end))


def _state(audit: r.CertificationAudit | None, due: dt.date | None, as_of: dt.date) -> State:
    if audit is not None and held(audit, as_of):
        return "failed" if audit.result == "failed" else "done"
    if due is not None and due < as_of:
        return "overdue"
    if audit is None:
        return "not scheduled"
    planned = audit.start or audit.planned_on
    return "awaiting result" if planned is not None and planned < as_of else "planned"


def milestones(certification: r.Certification, as_of: dt.date) -> list[Milestone]:
    """Stage 1, stage 2, surveillance 1 and 2, recertification: each with its due date and state."""
    audits = list(enumerate(certification.audits))

    def of_type(kind: str) -> list[tuple[int, r.CertificationAudit]]:
        found = [(i, a) for i, a in audits if a.type == kind]
        return sorted(found, key=lambda pair: pair[1].start or pair[1].planned_on or dt.date.max)

    issued, expires = certification.issued_on, certification.expires_on
    plan: list[tuple[str, str, dt.date | None, tuple[int, r.CertificationAudit] | None]] = []
    stage1, stage2 = of_type("stage 1"), of_type("stage 2")
    plan.append(("stage-1", "Stage 1 audit", None, stage1[0] if stage1 else None))
    plan.append(("stage-2", "Stage 2 audit", None, stage2[-1] if stage2 else None))
    surveillance = of_type("surveillance")
    for year in (1, 2):
        due = None
        if issued is not None:
            due = add_months(issued, 12) if year == 1 else dt.date(issued.year + year, 12, 31)
            if expires is not None:
                due = min(due, expires)
        found = surveillance[year - 1] if len(surveillance) >= year else None
        plan.append((f"surveillance-{year}", f"Surveillance audit {year}", due, found))
    recertification = of_type("recertification")
    plan.append(("recertification", "Recertification audit", expires, recertification[-1] if recertification else None))
    result = []
    for key, title, due, pair in plan:
        index, audit = pair if pair else (None, None)
        result.append(Milestone(key, title, due, audit, index, _state(audit, due, as_of)))
    return result


def next_due(certification: r.Certification, as_of: dt.date) -> Milestone | None:
    """The first milestone not yet done (an overdue one first), or None when the whole cycle is done."""
    for milestone in milestones(certification, as_of):
        if milestone.state not in DONE:
            return milestone
    return None


def certificate_state(
    certification: r.Certification, as_of: dt.date
) -> Literal["none", "valid", "expiring", "expired"]:
    """Whether the certificate is valid on ``as_of``, within 90 days of expiry, or expired."""
    if certification.issued_on is None or certification.expires_on is None or as_of < certification.issued_on:
        return "none"
    if certification.expires_on < as_of:
        return "expired"
    if (certification.expires_on - as_of).days <= EXPIRY_WARNING_DAYS:
        return "expiring"
    return "valid"
