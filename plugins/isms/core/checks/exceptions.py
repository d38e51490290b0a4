"""Policy exceptions (Annex A 5.1, 5.36): approved by someone other than their requester, and time-limited."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, in_future, overdue, problem
from isms.core.facts import exception_live


@check(
    "exception-expired",
    "warning",
    "An active policy exception is past its expiry date, so the policy it waived applies again (A.5.1, A.5.36).",
    clauses=("5.1", "A.5.1", "A.5.36"),
)
def exception_expired(context: Context) -> Iterator[Problem]:
    yield from overdue(
        context,
        "exception-expired",
        lambda due: f"exception {due.id}: it expired on {due.date}",
        "end it (status: closed) and apply the policy again, or have it approved again with a new 'expires:' date",
    )


@check(
    "exception-approval",
    "warning",
    "An active policy exception was not approved, was approved by the role that requested it, or its approval is"
    " dated after today (A.5.1, A.5.36).",
    clauses=("5.1", "A.5.1", "A.5.36"),
)
def exception_approval(context: Context) -> Iterator[Problem]:
    for exception in context.model.exceptions:
        if exception.status != "active":
            continue
        if exception.approved_by is None or exception.approved_on is None:
            missing = "approved_by" if exception.approved_by is None else "approved_on"
            yield problem(
                exception,
                ("status",),
                f"exception {exception.id}: active but no approval is recorded ({missing} is missing)",
                "have the owner of the policy it waives approve it, and record approved_by and approved_on",
            )
        elif exception.approved_by == exception.requested_by:
            yield problem(
                exception,
                ("approved_by",),
                f"exception {exception.id}: approved by {exception.approved_by}, the role that requested it",
                "have it approved by the policy owner or another role than the requester",
            )
    yield from in_future(
        context, "exception-approval", "correct the date to the day it was approved; until then it is not approved"
    )


@check(
    "exception-excluded-control",
    "warning",
    "A policy exception in force weakens a control that the SoA excludes: either the control applies and the SoA"
    " is wrong, or there is nothing to waive (6.1.3 d, A.5.1, A.5.36).",
    clauses=("6.1.3", "A.5.1", "A.5.36"),
)
def exception_excluded_control(context: Context) -> Iterator[Problem]:
    excluded = {entry.control: entry for entry in reversed(context.model.soa) if not entry.applicable}
    for exception in context.model.exceptions:
        if not exception_live(exception, context.as_of):
            continue
        for index, control in enumerate(exception.controls):
            if control in excluded:
                yield problem(
                    exception,
                    ("controls", index),
                    f"exception {exception.id}: in force against control {control}, which the SoA excludes",
                    f"make {control} applicable in registers/soa.yml (line {excluded[control].line('applicable')})"
                    " or take it out of the exception's 'controls:'",
                )


@check(
    "exception-risk-not-accepted",
    "warning",
    "A policy exception in force weakens controls but names no risk, or a risk that does not stand accepted"
    " (no acceptance in force and above the acceptance threshold) (6.1.3 f, A.5.1, A.5.36).",
    clauses=("6.1.3", "A.5.1", "A.5.36"),
)
def exception_risk_not_accepted(context: Context) -> Iterator[Problem]:
    for exception in context.model.exceptions:
        if not exception.controls or not exception_live(exception, context.as_of):
            continue
        if exception.risk is None:
            yield problem(
                exception,
                ("controls",),
                f"exception {exception.id}: weakens {', '.join(exception.controls)} but names no risk accepted",
                "assess the risk of allowing it, add it to registers/risks.yml and name it in 'risk:'",
            )
            continue
        judged = context.facts.risks.get(exception.risk)
        if judged is not None and judged.accepted is False:
            yield problem(
                exception,
                ("risk",),
                f"exception {exception.id}: risk {exception.risk} is not accepted (above the acceptance threshold"
                " with no acceptance in force)",
                f"have the risk owner accept {exception.risk} ('acceptance:' in registers/risks.yml), or treat it"
                " to within the threshold before the exception is allowed",
            )
