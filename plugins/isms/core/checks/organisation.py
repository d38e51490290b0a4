"""The context of the organisation (4.1, 4.2): issues and interested parties reviewed, the requirements the ISMS
addresses tracked in the requirements register, and the climate change determination recorded once."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, label, problem
from isms.core.checks.records import review_interval
from isms.core.facts import climate_records


@check(
    "context-review-overdue",
    "warning",
    "A context issue or an interested party was never reviewed, or not within its register's review_every (by"
    " default 12) months (4.1, 4.2).",
    clauses=("4.1", "4.2"),
)
def context_review_overdue(context: Context) -> Iterator[Problem]:
    for due in context.facts.overdue("context-review-overdue"):
        entry = due.entry
        what = "its requirements" if due.kind == "interested party review" else "the issue"
        if entry.reviewed_on is None:
            message = f"{label(entry)}: {what} never reviewed (no 'reviewed_on')"
        else:
            message = (
                f"{label(entry)}: review of {what} overdue since {due.date} (last reviewed {entry.reviewed_on},"
                f" {review_interval(context, entry.file)})"
            )
        yield Problem(
            due.path,
            due.line,
            message,
            "review it (is it still relevant, has it changed?) and set 'reviewed_on:' to the date; an issue that"
            " no longer applies gets 'retired_on:'",
        )


@check(
    "party-requirement-unlinked",
    "warning",
    "An interested party's requirement that the ISMS addresses names no entry of the requirements register, so"
    " nothing shows the controls that meet it (4.2 c).",
    clauses=("4.2",),
)
def party_requirement_unlinked(context: Context) -> Iterator[Problem]:
    for party in context.model.parties:
        for index, need in enumerate(party.requirements):
            if need.addressed and need.requirement is None:
                yield problem(
                    party,
                    ("requirements", index, "description"),
                    f"interested party {party.id}: requirement {index + 1} is addressed by the ISMS but names no"
                    " entry of registers/requirements.yml",
                    "add 'requirement: REQ-...' naming the entry that tracks it and its controls (isms new"
                    " requirement), or set 'addressed: false' with a 'note:' saying why the ISMS does not address it",
                )


@check(
    "climate-change-recorded-twice",
    "warning",
    "Whether climate change is a relevant issue is recorded in more than one place, so the records can disagree"
    " (4.1, ISO/IEC 27001:2022/Amd 1:2024).",
    clauses=("4.1",),
)
def climate_change_recorded_twice(context: Context) -> Iterator[Problem]:
    records = climate_records(context.model)
    if len(records) < 2:
        return
    first = records[0]
    for record in records[1:]:
        verdict = "" if record.relevant == first.relevant else ", and the two disagree"
        hint = (
            "remove 'climate:' from registers/isms.yml: the issue in registers/context.yml is the one record"
            if record.where == "isms"
            else "keep one issue with 'climate_change: true' and merge what this one says into it"
        )
        yield problem(
            record.entry,
            record.keys,
            f"{record.where}: whether climate change is a relevant issue is also recorded by {first.where}{verdict}",
            hint,
        )
