"""The certification cycle (ISO/IEC 17021-1 9.6): the certificate is valid, its audits take place on time, and
an expired certificate is restored within six months or certified anew."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.certification import RESTORATION_MONTHS
from isms.core.checks.base import Context, Problem, check


@check(
    "certificate-expiry",
    "warning",
    "The certificate has expired (restorable within six months), or expires within 90 days without a passed"
    " recertification audit (ISO/IEC 17021-1 9.6.3).",
    clauses=("ISO/IEC 17021-1",),
)
def certificate_expiry(context: Context) -> Iterator[Problem]:
    certificate = context.facts.certified
    if certificate is None or certificate.expires_on is None:
        return
    state = context.facts.certificate
    recertification = next((m for m in context.facts.cycle if m.key == "recertification"), None)
    if state == "expired":
        expiry = next(d for d in context.facts.overdue("certificate-expiry"))
        yield Problem(
            expiry.path,
            expiry.line,
            f"{certificate.label} expired on {certificate.expires_on}; certification can be restored until"
            f" {certificate.restoration_until} if the outstanding recertification activities are completed",
            "complete the recertification audit with the certification body and record the restored certificate"
            " under certification.certificates in registers/isms.yml, or remove 'certification:'",
        )
    elif state == "expiring" and recertification is not None and recertification.state not in ("done", "overdue"):
        # An overdue recertification audit is reported by certification-audit-overdue; a passed one has been done.
        days = (certificate.expires_on - context.as_of).days
        expiry = next(d for d in context.facts.deadlines if d.rule == "certificate-expiry")
        yield Problem(
            expiry.path,
            expiry.line,
            f"{certificate.label} expires on {certificate.expires_on}, in {days} days,"
            " and no recertification audit has passed",
            "hold the recertification audit before expiry and record its result in registers/isms.yml",
        )


@check(
    "certificate-lapsed",
    "warning",
    f"The certificate expired more than {RESTORATION_MONTHS} months ago and was not restored: a new initial"
    " certification (stage 1 and stage 2) is needed (ISO/IEC 17021-1 9.6.3.2.5).",
    clauses=("ISO/IEC 17021-1",),
)
def certificate_lapsed(context: Context) -> Iterator[Problem]:
    certificate = context.facts.certified
    for lapse in context.facts.overdue("certificate-lapsed"):
        yield Problem(
            lapse.path,
            lapse.line,
            f"{certificate.label if certificate else 'the certificate'} expired on"
            f" {certificate.expires_on if certificate else '?'} and was not restored by {lapse.date}: a new initial"
            " certification audit"
            " (stage 1 and stage 2) is needed",
            "agree stage 1 and stage 2 with the certification body and record the new certificate under"
            " certification.certificates in registers/isms.yml, or remove 'certification:'",
        )


@check(
    "certification-audit-overdue",
    "warning",
    "A surveillance audit (within 12 months of the certification decision, then within 12 months of the first)"
    " or the recertification audit (three months before expiry) has not taken place by its due date"
    " (ISO/IEC 17021-1 9.6.2, 9.6.3).",
    clauses=("ISO/IEC 17021-1",),
)
def certification_audit_overdue(context: Context) -> Iterator[Problem]:
    for due in context.facts.overdue("certification-audit-overdue"):
        milestone = next(
            m
            for cycle in reversed(context.facts.cycles)
            for m in cycle.milestones
            if m.due == due.date and due.id in (m.key, m.audit.id if m.audit else None)
        )
        found = f" ({milestone.audit.id}, still planned)" if milestone.audit else " (none recorded)"
        yield Problem(
            due.path,
            due.line,
            f"{milestone.title.lower()}{found} was due by {milestone.due}",
            "record the audit's dates and result under certification.audits in registers/isms.yml",
        )
