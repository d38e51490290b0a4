"""Continual improvement (10.1): improvement opportunities traced to their source, acted on by their due date,
and their outcome recorded once done."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, overdue, problem
from isms.core.checks.performance import SourceRecords

KINDS = {
    "audit finding": "audit",
    "management review": "review",
    "incident": "incident",
    "nonconformity": "nonconformity",
}
"""The kind of record each type of source names; a staff suggestion or other source names none."""
OUTCOME = {"completed_on": "a completion date", "outcome": "an outcome"}
"""What an improvement done records, and how a message names it when it is missing."""


@check(
    "improvement-source",
    "error",
    "An improvement's source names an audit finding, management review, incident or nonconformity that does not"
    " exist (10.1).",
    clauses=("10.1",),
)
def improvement_source(context: Context) -> Iterator[Problem]:
    records = SourceRecords(context.model)
    for improvement in context.model.improvements:
        kind = KINDS.get(improvement.source.type)
        if kind is None:
            continue
        wrong = records.unknown(kind, improvement.source.ref, improvement.source.type)
        if wrong is not None:
            yield problem(improvement, ("source", "ref"), f"improvement {improvement.id}: {wrong[0]}", wrong[1])


@check(
    "improvement-overdue",
    "warning",
    "An improvement that is not done or rejected is past its due date (10.1).",
    clauses=("10.1",),
)
def improvement_overdue(context: Context) -> Iterator[Problem]:
    yield from overdue(
        context,
        "improvement-overdue",
        lambda due: f"improvement {due.id}: due on {due.date}, still {due.entry.status}",
        "do it and record 'completed_on:' and 'outcome:', reject it with the reason in 'outcome:', or agree a"
        " new 'due:' date",
    )


@check(
    "improvement-outcome",
    "warning",
    "An improvement marked done has no outcome or no completion date recorded (10.1).",
    clauses=("10.1",),
)
def improvement_outcome(context: Context) -> Iterator[Problem]:
    for improvement in context.model.improvements:
        if improvement.status != "done":
            continue
        missing = [what for key, what in OUTCOME.items() if getattr(improvement, key) is None]
        if missing:
            yield problem(
                improvement,
                ("status",),
                f"improvement {improvement.id}: done without {' or '.join(missing)}",
                "record when it was done in 'completed_on:' and what changed and what it achieved in 'outcome:'",
            )
