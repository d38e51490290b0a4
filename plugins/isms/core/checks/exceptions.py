"""Policy exceptions (Annex A 5.1, 5.36): approved by someone other than their requester, and time-limited."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, in_future, overdue, problem


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
