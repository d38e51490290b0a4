"""Certification cycles: which certification body audit is due when, where each stands, and what follows expiry.

The rules are those of certification practice (ISO/IEC 17021-1 9.6 and IAF MD practice):

- a certificate is valid for at most three years (one cycle);
- the first surveillance audit takes place within 12 months of the certification decision (the issue date),
  the second within 12 months of the first (counted from the first surveillance audit's first day);
- the recertification audit is held and decided before the certificate expires: it is due
  :data:`RECERTIFICATION_MARGIN_MONTHS` months before expiry, so the body can decide and issue the new
  certificate in time;
- after expiry the body may restore certification within :data:`RESTORATION_MONTHS` months if the outstanding
  recertification activities are completed (9.6.3.2.5); after that, a new initial certification (stage 1 and
  stage 2) is needed.

The record holds several cycles: ``certification.certificates`` lists every certificate, and each
certification body audit belongs to a cycle by its date (see :func:`cycles`). The single certificate
written as ``certificate_number``, ``issued_on`` and ``expires_on`` is read as a list of one.
Everything here is a pure function of the certification record and an as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from isms.core.derive import add_months
from isms.core.models import registers as r

State = Literal["done", "failed", "planned", "awaiting result", "not scheduled", "overdue"]
CertificateState = Literal["none", "valid", "expiring", "expired", "lapsed"]
DONE: frozenset[str] = frozenset({"done", "failed"})
EXPIRY_WARNING_DAYS = 90
SURVEILLANCE_MONTHS = 12
"""Longest time from the certification decision to surveillance 1, and from surveillance 1 to surveillance 2."""
RECERTIFICATION_MARGIN_MONTHS = 3
"""How long before expiry the recertification audit is due, so the body decides before the certificate lapses."""
RESTORATION_MONTHS = 6
"""How long after expiry the body may restore certification (ISO/IEC 17021-1 9.6.3.2.5)."""
INITIAL = frozenset({"stage 1", "stage 2"})


@dataclass(frozen=True)
class Certificate:
    """One certificate, wherever it is written: an entry of ``certificates:`` or the single-certificate keys."""

    number: str | None
    issued_on: dt.date | None
    expires_on: dt.date | None
    keys: tuple[str | int, ...]  # its entry in isms.yml, e.g. ('certification', 'certificates', 1)
    single: bool  # written as certificate_number / issued_on / expires_on

    def key(self, name: Literal["number", "issued_on", "expires_on"]) -> tuple[str | int, ...]:
        """Where one of its fields is written, for a finding's line."""
        if self.single:
            return (*self.keys, "certificate_number" if name == "number" else name)
        return (*self.keys, name)

    @property
    def label(self) -> str:
        """``the certificate NCS-1`` or ``the certificate`` when it has no number."""
        return f"the certificate {self.number}" if self.number else "the certificate"

    @property
    def restoration_until(self) -> dt.date | None:
        """The last day the body may restore certification after expiry."""
        return add_months(self.expires_on, RESTORATION_MONTHS) if self.expires_on else None


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


@dataclass(frozen=True)
class Cycle:
    """One certification cycle: its certificate (None while the initial certification is under way), its
    audits (index in ``certification.audits`` and audit) and its milestones as of the as-of date."""

    number: int  # 1 for the first cycle
    certificate: Certificate | None
    audits: tuple[tuple[int, r.CertificationAudit], ...]
    milestones: tuple[Milestone, ...]


def certificates(certification: r.Certification) -> list[Certificate]:
    """Every certificate recorded, oldest first; the single-certificate keys as one (none if not issued)."""
    if certification.certificates:
        found = [
            Certificate(c.number, c.issued_on, c.expires_on, ("certification", "certificates", i), False)
            for i, c in enumerate(certification.certificates)
        ]
        return sorted(found, key=lambda c: (c.issued_on or dt.date.min, c.keys))
    if certification.issued_on is None:
        return []
    return [
        Certificate(
            certification.certificate_number,
            certification.issued_on,
            certification.expires_on,
            ("certification",),
            True,
        )
    ]


def audit_date(audit: r.CertificationAudit) -> dt.date | None:
    """The day that places an audit in a cycle: its first day, else its planned or last day."""
    return audit.start or audit.planned_on or audit.end


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


def cycles(certification: r.Certification, as_of: dt.date) -> list[Cycle]:
    """The cycles of the record as of ``as_of``, oldest first; the last is the current one.

    A cycle begins with a certificate issued on or before ``as_of`` (one issued later is not yet issued;
    ``certification-dates`` reports it). Stage 1 and stage 2 audits belong to the first certificate issued on
    or after them, or to a cycle still without a certificate (the initial certification, or a new one after a
    lapse). Every other audit belongs to the last certificate issued on or before its date: the
    recertification audit therefore to the cycle it closes. An audit without any date belongs to the current
    cycle.
    """
    issued = [c for c in certificates(certification) if c.issued_on is not None and c.issued_on <= as_of]
    slots: list[Certificate | None] = list(issued)
    members: list[list[tuple[int, r.CertificationAudit]]] = [[] for _ in slots]
    pending: list[tuple[int, r.CertificationAudit]] = []  # audits of a certification not yet granted
    for index, audit in enumerate(certification.audits):
        day = audit_date(audit)
        if day is None:
            (members[-1] if members else pending).append((index, audit))
            continue
        if audit.type in INITIAL:
            slot = next((i for i, c in enumerate(issued) if c.issued_on is not None and c.issued_on >= day), None)
            if slot is None and issued and (issued[-1].expires_on is None or day <= issued[-1].expires_on):
                slot = len(issued) - 1  # no new initial certification while a certificate runs
        else:
            before = [i for i, c in enumerate(issued) if c.issued_on is not None and c.issued_on <= day]
            slot = before[-1] if before else (0 if issued else None)
        (pending if slot is None else members[slot]).append((index, audit))
    if pending or not slots:
        slots.append(None)
        members.append(pending)
    result = []
    for number, (certificate, audits) in enumerate(zip(slots, members, strict=True), start=1):
        initial = number == 1 or certificate is None or any(a.type in INITIAL for _, a in audits)
        due = tuple(_milestones(certificate, audits, initial, as_of))
        result.append(Cycle(number, certificate, tuple(audits), due))
    return result


def _milestones(
    certificate: Certificate | None,
    audits: list[tuple[int, r.CertificationAudit]],
    initial: bool,
    as_of: dt.date,
) -> list[Milestone]:
    """Stage 1 and 2 (of an initial certification), surveillance 1 and 2, recertification: due dates and states."""

    def of_type(kind: str) -> list[tuple[int, r.CertificationAudit]]:
        found = [(i, a) for i, a in audits if a.type == kind]
        return sorted(found, key=lambda pair: audit_date(pair[1]) or dt.date.max)

    Pair = tuple[int, r.CertificationAudit]

    def milestone(key: str, title: str, due: dt.date | None, pair: Pair | None) -> Milestone:
        index, audit = pair if pair else (None, None)
        return Milestone(key, title, due, audit, index, _state(audit, due, as_of))

    issued = certificate.issued_on if certificate else None
    expires = certificate.expires_on if certificate else None

    def capped(day: dt.date | None) -> dt.date | None:
        return min(day, expires) if day is not None and expires is not None else day

    result = []
    if initial:
        stage1, stage2 = of_type("stage 1"), of_type("stage 2")
        result.append(milestone("stage-1", "Stage 1 audit", None, stage1[0] if stage1 else None))
        result.append(milestone("stage-2", "Stage 2 audit", None, stage2[-1] if stage2 else None))
    surveillance = of_type("surveillance")
    first = milestone(
        "surveillance-1",
        "Surveillance audit 1",
        capped(add_months(issued, SURVEILLANCE_MONTHS) if issued else None),
        surveillance[0] if surveillance else None,
    )
    # Surveillance 2 is counted from surveillance 1: from the day it took place, or from its due date until then.
    since = first.date if first.state in DONE else first.due
    second = milestone(
        "surveillance-2",
        "Surveillance audit 2",
        capped(add_months(since, SURVEILLANCE_MONTHS) if since else None),
        surveillance[1] if len(surveillance) > 1 else None,
    )
    recertification = of_type("recertification")
    result += [
        first,
        second,
        milestone(
            "recertification",
            "Recertification audit",
            add_months(expires, -RECERTIFICATION_MARGIN_MONTHS) if expires else None,
            recertification[-1] if recertification else None,
        ),
    ]
    return result


def current(certification: r.Certification, as_of: dt.date) -> Cycle:
    """The cycle under way on ``as_of`` (there is always one)."""
    return cycles(certification, as_of)[-1]


def latest_certificate(certification: r.Certification, as_of: dt.date) -> Certificate | None:
    """The last certificate issued on or before ``as_of``: the one in force, expired or lapsed."""
    issued = [c for c in cycles(certification, as_of) if c.certificate is not None]
    return issued[-1].certificate if issued else None


def milestones(certification: r.Certification, as_of: dt.date) -> list[Milestone]:
    """The milestones of the current cycle."""
    return list(current(certification, as_of).milestones)


def next_due(certification: r.Certification, as_of: dt.date) -> Milestone | None:
    """The first milestone of the current cycle not yet done (an overdue one first), or None when all are done."""
    for milestone in milestones(certification, as_of):
        if milestone.state not in DONE:
            return milestone
    return None


def state_of(certificate: Certificate | None, as_of: dt.date) -> CertificateState:
    """Whether a certificate is valid on ``as_of``, within 90 days of expiry, expired but still restorable
    (within six months of expiry), or lapsed beyond restoration."""
    if certificate is None or certificate.issued_on is None or certificate.expires_on is None:
        return "none"
    if as_of < certificate.issued_on:
        return "none"
    if certificate.expires_on < as_of:
        until = certificate.restoration_until
        return "lapsed" if until is not None and until < as_of else "expired"
    if (certificate.expires_on - as_of).days <= EXPIRY_WARNING_DAYS:
        return "expiring"
    return "valid"


def certificate_state(certification: r.Certification, as_of: dt.date) -> CertificateState:
    """The state of the last certificate issued on or before ``as_of``."""
    return state_of(latest_certificate(certification, as_of), as_of)


def after_expiry(certificate: Certificate, as_of: dt.date) -> str:
    """What happens next once ``certificate`` has expired, in a sentence (empty while it is in force)."""
    state = state_of(certificate, as_of)
    if state == "expired":
        return (
            f"{_sentence(certificate.label)} expired on {certificate.expires_on}: the certification body can"
            f" restore certification until {certificate.restoration_until} if the outstanding recertification"
            " activities are completed."
        )
    if state == "lapsed":
        return (
            f"{_sentence(certificate.label)} expired on {certificate.expires_on} and was not restored by"
            f" {certificate.restoration_until}: a new initial certification audit (stage 1 and stage 2) is needed."
        )
    return ""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
