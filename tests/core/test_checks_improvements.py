"""Checks of the improvement opportunities register (10.1): sources that exist, due dates kept, outcomes recorded;
and the dashboard's continual improvement step judged from it."""

from __future__ import annotations

import datetime as dt

import pytest

from isms.core.readiness import steps
from tests.conftest import Case, Repo, case_id

IMP = "registers/improvements.yml"
OVERDUE_HINT = (
    "do it and record 'completed_on:' and 'outcome:', reject it with the reason in 'outcome:', or agree a new"
    " 'due:' date"
)
OUTCOME_HINT = "record when it was done in 'completed_on:' and what changed and what it achieved in 'outcome:'"
OUTCOME = "    outcome: Exports collected every week since May; no review missed its evidence\n"
HEADER = "approved_on: 2026-01-15\n"
COMPLETED = "    completed_on: 2026-05-20\n"

CASES = [
    Case(
        "improvement-planned-past-its-due-date",
        "improvement-overdue",
        ((IMP, "due: 2027-03-31", "due: 2026-11-27"),),
        (f"{IMP}:22: warning: improvement IMP-2: due on 2026-11-27, still planned — {OVERDUE_HINT}",),
    ),
    Case(
        "improvement-in-progress-past-its-due-date",
        "improvement-overdue",
        ((IMP, "status: planned\n    due: 2027-03-31", "status: in progress\n    due: 2026-10-01"),),
        (f"{IMP}:22: warning: improvement IMP-2: due on 2026-10-01, still in progress — {OVERDUE_HINT}",),
    ),
    Case(
        "improvement-done-without-outcome",
        "improvement-outcome",
        ((IMP, OUTCOME, ""),),
        (f"{IMP}:12: warning: improvement IMP-1: done without an outcome — {OUTCOME_HINT}",),
    ),
    Case(
        "improvement-done-without-completion-date",
        "improvement-outcome",
        ((IMP, COMPLETED, ""),),
        (f"{IMP}:12: warning: improvement IMP-1: done without a completion date — {OUTCOME_HINT}",),
    ),
    Case(
        "improvement-done-without-either",
        "improvement-outcome",
        ((IMP, COMPLETED + OUTCOME, ""),),
        (f"{IMP}:12: warning: improvement IMP-1: done without a completion date or an outcome — {OUTCOME_HINT}",),
    ),
    Case(
        "improvement-source-unknown-review",
        "improvement-source",
        ((IMP, "ref: MR-2026}", "ref: MR-2025}"),),
        (
            f"{IMP}:9: error: improvement IMP-1: source 'MR-2025' is not a known management review"
            " — give a review id from registers/reviews.yml",
        ),
    ),
    Case(
        "improvement-source-unknown-incident",
        "improvement-source",
        ((IMP, "ref: INC-1}", "ref: INC-9}"),),
        (
            f"{IMP}:18: error: improvement IMP-2: source 'INC-9' is not a known incident"
            " — give an incident id from registers/incidents.yml",
        ),
    ),
    Case(
        "improvement-source-unknown-audit-finding",
        "improvement-source",
        ((IMP, "{type: incident, ref: INC-1}", "{type: audit finding, ref: IA-1-F9}"),),
        (
            f"{IMP}:18: error: improvement IMP-2: source 'IA-1-F9' is not a known audit finding"
            " — give an audit or finding id from registers/audits.yml",
        ),
    ),
    Case(
        "improvement-source-unknown-nonconformity",
        "improvement-source",
        ((IMP, "{type: incident, ref: INC-1}", "{type: nonconformity, ref: NC-2}"),),
        (
            f"{IMP}:18: error: improvement IMP-2: source 'NC-2' is not a known nonconformity"
            " — give a nonconformity id from registers/nonconformities.yml",
        ),
    ),
    Case(
        "improvement-owner-unknown",
        "unknown-reference",
        ((IMP, "owner: cto", "owner: cfo"),),
        (
            f"{IMP}:11: error: improvement IMP-1: owner: 'cfo' is not a known role"
            " — roles are defined in registers/roles.yml",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_improvement_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(
    "source", ["{type: staff suggestion, ref: Ideas board 12}", "{type: other}", "{type: audit finding, ref: IA-1-F1}"]
)
def test_a_suggestion_names_no_record_and_a_finding_or_audit_is_known(repo: Repo, source: str) -> None:
    repo.replace(IMP, "{type: incident, ref: INC-1}", source)
    assert repo.findings() == []


def test_rejected_and_done_improvements_are_never_overdue(repo: Repo) -> None:
    repo.replace(IMP, "status: planned\n    due: 2027-03-31", "status: rejected\n    due: 2026-10-01")
    repo.replace(IMP, "due: 2026-06-30", "due: 2026-01-01")
    assert repo.findings() == []


@pytest.mark.parametrize(
    ("day", "status"),
    [(dt.date(2026, 5, 19), "attention"), (dt.date(2026, 5, 20), "ok"), (dt.date(2027, 5, 20), "ok")],
)
def test_the_step_is_current_while_an_improvement_was_done_within_a_year(repo: Repo, day: dt.date, status: str) -> None:
    repo.replace(IMP, "due: 2027-03-31", "due: 2028-03-31")  # only the done improvement judges the step
    repo.replace(IMP, HEADER, HEADER + "next_review: 2028-01-15\n")
    checked = repo.check(day)
    (step,) = [s for s in steps(checked.model, checked.facts, checked.findings) if s.key == "continual-improvement"]
    assert (step.status, step.records) == (status, (("improvement", "IMP-1"),) if status == "ok" else ())


def test_the_step_needs_attention_a_year_after_the_last_improvement_and_is_overdue_only_by_the_finding(
    repo: Repo,
) -> None:
    repo.replace(IMP, HEADER, HEADER + "next_review: 2028-01-15\n")  # the file's own review is not in question
    checked = repo.check(dt.date(2027, 9, 16))
    (step,) = [s for s in steps(checked.model, checked.facts, checked.findings) if s.key == "continual-improvement"]
    assert step.status == "overdue"  # IMP-2 was due on 2027-03-31
    assert [f.rule for f in step.watched] == ["improvement-overdue"]
    repo.replace(IMP, "due: 2027-03-31", "due: 2028-03-31")
    checked = repo.check(dt.date(2027, 9, 16))
    (step,) = [s for s in steps(checked.model, checked.facts, checked.findings) if s.key == "continual-improvement"]
    assert (step.status, step.summary) == ("attention", "0 improvements done in the last 12 months; 1 open")
