"""The certification cycle (ISO/IEC 17021-1 9.6): the certificate is valid and its audits take place on time."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, problem
from isms.core.models import registers as r


def _number(certification: r.Certification) -> str:
    return f" {certification.certificate_number}" if certification.certificate_number else ""


@check(
    "certificate-expiry",
    "warning",
    "The certificate has expired, or expires within 90 days without recertification.",
    clauses=("ISO/IEC 17021-1",),
)
def certificate_expiry(context: Context) -> Iterator[Problem]:
    isms = context.model.isms
    certification = isms.certification if isms else None
    if isms is None or certification is None or certification.expires_on is None:
        return
    state = context.facts.certificate
    recertified = any(m.state == "done" for m in context.facts.cycle if m.key == "recertification")
    if state == "expired":
        yield problem(
            isms,
            ("certification", "expires_on"),
            f"the certificate{_number(certification)} expired on {certification.expires_on}",
            "record the new certificate after recertification (issued_on, expires_on), or remove 'certification:'",
        )
    elif state == "expiring" and not recertified:
        days = (certification.expires_on - context.as_of).days
        yield problem(
            isms,
            ("certification", "expires_on"),
            f"the certificate{_number(certification)} expires on {certification.expires_on}, in {days} days,"
            " and no recertification audit has passed",
            "hold the recertification audit before expiry and record its result in registers/isms.yml",
        )


@check(
    "certification-audit-overdue",
    "warning",
    "A surveillance or recertification audit has not taken place by its due date.",
    clauses=("ISO/IEC 17021-1",),
)
def certification_audit_overdue(context: Context) -> Iterator[Problem]:
    for due in context.facts.overdue("certification-audit-overdue"):
        milestone = next(m for m in context.facts.cycle if due.id in (m.key, m.audit.id if m.audit else None))
        found = f" ({milestone.audit.id}, still planned)" if milestone.audit else " (none recorded)"
        yield Problem(
            due.path,
            due.line,
            f"{milestone.title.lower()}{found} was due by {milestone.due}",
            "record the audit's dates and result under certification.audits in registers/isms.yml",
        )
