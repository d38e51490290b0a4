"""Dates that cannot be: approvals, completions, meetings and audit results dated after the as-of date,
events in an impossible order, and a certificate that no audit could have granted.

These are errors, not gaps: the record contradicts itself or the calendar, so no view built on it can be
trusted (an approval in the future is not an approval; a review 'held' next month has not been held).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from isms.core.certification import RESTORATION_MONTHS, Certificate, certificates
from isms.core.checks.base import Context, Problem, check, in_future, problem
from isms.core.derive import add_months
from isms.core.models import registers as r
from isms.core.standard import edition

VALIDITY_MONTHS = 36
"""Longest validity of an ISO/IEC 27001 certificate (ISO/IEC 17021-1 9.6.1: a three-year cycle)."""
GRANTING = frozenset({"stage 2", "recertification"})
"""Certification body audits after which a certificate may be issued."""


@check(
    "approval-in-future",
    "error",
    "A document, register header or history entry is dated after today: an approval that cannot have happened (7.5.3).",
    clauses=("7.5.2",),
)
def approval_in_future(context: Context) -> Iterator[Problem]:
    return in_future(
        context,
        "approval-in-future",
        "correct the date to the day it was approved, or set status: in review until it is",
    )


@check(
    "completion-in-future",
    "error",
    "A treatment, audit, corrective or review action, effectiveness review, check for similar nonconformities,"
    " nonconformity, incident, improvement, competence assessment or gap, communication, or review of a requirement"
    " or an asset is recorded as done on a date after today (5.9, 5.31, 6.1.3, 7.2, 7.4, 9.2, 10.1, 10.2).",
    clauses=("7.5.3",),
)
def completion_in_future(context: Context) -> Iterator[Problem]:
    return in_future(
        context,
        "completion-in-future",
        "correct the date to the day it was done, or record it as not yet done",
    )


@check(
    "review-held-in-future",
    "error",
    "A management review is recorded as held on a date after today; it is not counted as held (9.3).",
    clauses=("9.3",),
)
def review_held_in_future(context: Context) -> Iterator[Problem]:
    return in_future(
        context,
        "review-held-in-future",
        "set status: planned until the review has taken place, or correct its date",
    )


def _when(audit: r.CertificationAudit) -> dt.date | None:
    return audit.end or audit.start or audit.planned_on


@check(
    "certification-dates",
    "error",
    "The certification record cannot be: stage 1 after stage 2, a certificate issued before a passed stage 2 or"
    " recertification (or after a failed one), valid for more than three years, restored by a recertification more"
    " than six months after the previous certificate expired, or an audit result or issue date after today"
    " (ISO/IEC 17021-1 9.3–9.6).",
    clauses=("ISO/IEC 17021-1",),
)
def certification_dates(context: Context) -> Iterator[Problem]:
    yield from in_future(
        context,
        "certification-dates",
        "record the result (and the certificate) once the audit has taken place, or correct the date",
    )
    isms = context.model.isms
    certification = isms.certification if isms else None
    if isms is None or certification is None:
        return
    audits = list(enumerate(certification.audits))
    stage1 = sorted((_when(a), i) for i, a in audits if a.type == "stage 1" and _when(a) is not None)
    stage2 = sorted((_when(a), i) for i, a in audits if a.type == "stage 2" and _when(a) is not None)
    first2 = stage2[0] if stage2 else None
    if stage1 and first2 is not None:
        day, index = stage1[0]
        if day is not None and first2[0] is not None and day > first2[0]:
            other = certification.audits[first2[1]]
            yield problem(
                isms,
                ("certification", "audits", index),
                f"stage 1 audit {certification.audits[index].id} ({day}) is after stage 2 audit {other.id}"
                f" ({first2[0]})",
                "stage 1 comes first (ISO/IEC 17021-1 9.3.1): correct the dates or the types",
            )
    previous: Certificate | None = None
    for certificate in certificates(certification):
        yield from _certificate(isms, certification, certificate, previous)
        previous = certificate


def _certificate(
    isms: r.IsmsFile, certification: r.Certification, certificate: Certificate, previous: Certificate | None
) -> Iterator[Problem]:
    """One certificate: issued after the audit that grants it, valid for at most one cycle."""
    issued, expires = certificate.issued_on, certificate.expires_on
    if issued is None:
        return
    yield from _issued(isms, certification, certificate, issued, previous)
    if expires is None:
        return
    # A recertified certificate may run from the previous expiry (IAF MD practice): its cycle starts there.
    renewed = previous is not None and previous.expires_on is not None and issued <= previous.expires_on
    start = previous.expires_on if renewed and previous is not None and previous.expires_on else issued
    if expires <= issued:
        yield problem(
            isms,
            certificate.key("expires_on"),
            f"{certificate.label} expires on {expires}, not after it was issued on {issued}",
            "correct issued_on and expires_on from the certificate",
        )
    elif expires > add_months(start, VALIDITY_MONTHS):
        since = f" from the previous certificate's expiry ({start})" if renewed else ""
        yield problem(
            isms,
            certificate.key("expires_on"),
            f"{certificate.label} is valid from {issued} to {expires}, more than three years{since}",
            "an ISO/IEC 27001 certificate is valid for at most three years (ISO/IEC 17021-1 9.6.1):"
            " correct expires_on from the certificate",
        )


def _issued(
    isms: r.IsmsFile,
    certification: r.Certification,
    certificate: Certificate,
    issued: dt.date,
    previous: Certificate | None,
) -> Iterator[Problem]:
    """The certificate is issued after the last stage 2 or recertification before it passed; after a lapse of
    more than six months, only a new initial certification (a passed stage 2) grants it."""
    granting = sorted(
        (day, a.result != "failed", a.id, a.type)
        for a in certification.audits
        if a.type in GRANTING and a.result != "planned" and (day := _when(a)) is not None
    )
    since = previous.issued_on if previous is not None and previous.issued_on is not None else dt.date.min
    before = [item for item in granting if since < item[0] <= issued]
    # A stage 2 passed while the certificate ran: it was issued first (a later recertification grants the next one).
    until = certificate.expires_on or dt.date.max
    after = [item for item in granting if issued < item[0] <= until and item[1] and item[3] == "stage 2"]
    where = certificate.key("issued_on")
    if before and not before[-1][1]:
        day, _, ident, kind = before[-1]
        yield problem(
            isms,
            where,
            f"{certificate.label} was issued on {issued}, after {kind} audit {ident} failed ({day}) with no later pass",
            "a certificate follows a passed stage 2 or recertification: record the audit that passed, or correct"
            " issued_on",
        )
    elif not before and after:
        day, _, ident, kind = after[0]
        yield problem(
            isms,
            where,
            f"{certificate.label} was issued on {issued}, before {kind} audit {ident} passed ({day})",
            "a certificate follows a passed stage 2 or recertification: correct issued_on or the audit's dates",
        )
    elif before and previous is not None and previous.restoration_until is not None:
        day, _, ident, kind = before[-1]
        if kind == "recertification" and previous.restoration_until < day:
            yield problem(
                isms,
                where,
                f"{certificate.label} was issued on {issued} after recertification audit {ident} ({day}), more than"
                f" {RESTORATION_MONTHS} months after {previous.label} expired on {previous.expires_on}",
                "after six months without restoration a new initial certification is needed (ISO/IEC 17021-1"
                " 9.6.3.2.5): record its stage 1 and stage 2 audits, or correct the dates",
            )


@check(
    "certificate-standard",
    "error",
    "The certificate names an edition of ISO/IEC 27001 whose transition deadline has passed (ISO/IEC 27001:2013"
    " after 31 October 2025), or one that is not the edition the package checks against.",
    clauses=("ISO/IEC 17021-1",),
)
def certificate_standard(context: Context) -> Iterator[Problem]:
    isms = context.model.isms
    certification = isms.certification if isms else None
    if isms is None or certification is None:
        return
    catalogue = context.model.catalogue
    named = edition(certification.standard)
    if named == catalogue.edition:
        return
    where = ("certification", "standard")
    until = next((day for text, day in catalogue.superseded.items() if edition(text) == named), None)
    if until is not None and until < context.as_of:
        yield problem(
            isms,
            where,
            f"the certificate is against {certification.standard}, which no certificate could be after {until}",
            f"record the certificate issued after the transition audit to {catalogue.standard}, or remove"
            " 'certification:'",
        )
    elif until is None:
        yield problem(
            isms,
            where,
            f"the certificate's standard '{certification.standard}' is not {catalogue.standard}, the edition these"
            " checks implement",
            f"write 'standard: {catalogue.standard}' as the certificate states it",
        )
