"""Checks of the competence register (7.2): every role with ISMS responsibilities has a record, its holders are
assessed with evidence and on time, and their gaps are closed by actions whose effectiveness is evaluated."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Case, Repo, case_id

COMP = "registers/competence.yml"
ROLES = "registers/roles.yml"
CEO = (
    "  - role: ceo\n    required:\n      - competence: Leadership of the ISMS\n"
    "        why: Top management directs the ISMS and chairs the management review\n"
    "        means: [experience, training]\n        training: [TR-1]\n"
    "    holders:\n      - person: Ada Example\n        training: [TR-1]\n        assessed_on: 2026-02-01\n"
)
GAP_HINT = (
    "complete it and record 'closed_on:' with how its effectiveness was evaluated in 'effectiveness:', or agree a"
    " new 'due:' date"
)
ASSESS_HINT = "assess it again and update 'assessed_on:' (and 'next_assessment:' when not in 12 months)"

CASES = [
    Case(
        "competence-top-management-without-record",
        "competence-missing",
        ((COMP, CEO, ""),),
        (
            f"{ROLES}:6: warning: role ceo: has ISMS responsibilities but no competence record — add it to"
            " registers/competence.yml: the competences the role requires and the evidence that the people holding"
            " it meet them",
        ),
    ),
    Case(
        "competence-role-with-responsibilities-without-record",
        "competence-missing",
        ((ROLES, "    holder: Cy Example\n", "    holder: Cy Example\n    responsibilities: [Runs the platform]\n"),),
        (
            f"{ROLES}:13: warning: role cto: has ISMS responsibilities but no competence record — add it to"
            " registers/competence.yml: the competences the role requires and the evidence that the people holding"
            " it meet them",
        ),
    ),
    Case(
        "competence-role-holder-not-recorded",
        "competence-evidence",
        ((ROLES, "holder: Ada Example", "holder: Ada Newcomer"),),
        (
            f"{COMP}:6: warning: competence of ceo: Ada Newcomer, who holds the role, is not under 'holders:'"
            " — record the evidence of their competence and when it was assessed",
        ),
    ),
    Case(
        "competence-holder-without-evidence",
        "competence-evidence",
        ((COMP, "        evidence: [EV-3]\n", ""),),
        (
            f"{COMP}:21: warning: competence of ciso: Ben Example: no evidence of competence — name the evidence"
            " records (certificates, an assessed CV, course records) in 'evidence:' or the training programmes"
            " completed in 'training:'",
        ),
    ),
    Case(
        "competence-holder-never-assessed",
        "competence-evidence",
        ((COMP, "        assessed_on: 2026-02-01\n", ""),),
        (
            f"{COMP}:13: warning: competence of ceo: Ada Example: competence never assessed — assess it against the"
            " competences the role requires and record 'assessed_on:'",
        ),
    ),
    Case(
        "competence-assessment-a-year-after-the-last",
        "competence-assessment-overdue",
        ((COMP, "assessed_on: 2026-02-01", "assessed_on: 2025-11-27"),),
        (f"{COMP}:15: warning: competence of ceo: Ada Example: assessment due on 2026-11-27 — {ASSESS_HINT}",),
    ),
    Case(
        "competence-assessment-next-date-given",
        "competence-assessment-overdue",
        ((COMP, "next_assessment: 2027-01-31", "next_assessment: 2026-11-01"),),
        (f"{COMP}:24: warning: competence of ciso: Ben Example: assessment due on 2026-11-01 — {ASSESS_HINT}",),
    ),
    Case(
        "competence-gap-action-late",
        "competence-gap-overdue",
        ((COMP, "due: 2027-02-28", "due: 2026-10-31"),),
        (f"{COMP}:28: warning: competence of ciso: Ben Example gap 1: the action was due on 2026-10-31 — {GAP_HINT}",),
    ),
    Case(
        "competence-gap-closed-without-effectiveness",
        "competence-gap-effectiveness",
        ((COMP, "            due: 2027-02-28\n", "            due: 2027-02-28\n            closed_on: 2026-06-20\n"),),
        (
            f"{COMP}:29: warning: competence of ciso: Ben Example: gap 1 closed without its effectiveness evaluated"
            " — record in 'effectiveness:' how you checked that the action worked (an assessment, an observed task,"
            " a test) and the result",
        ),
    ),
    Case(
        "competence-assessed-after-today",
        "completion-in-future",
        ((COMP, "assessed_on: 2026-02-10", "assessed_on: 2026-12-10"),),
        (
            f"{COMP}:23: error: competence of ciso: Ben Example: assessed_on is 2026-12-10, after today (2026-11-28)"
            " — correct the date to the day it was done, or record it as not yet done",
        ),
    ),
    Case(
        "competence-training-unknown",
        "unknown-reference",
        ((COMP, "        training: [TR-1]\n        assessed_on", "        training: [TR-2]\n        assessed_on"),),
        (
            f"{COMP}:14: error: competence of ceo: holders[0].training[0]: 'TR-2' is not a known training"
            " — did you mean 'TR-1'? training programmes are defined in registers/training.yml",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_competence_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(("day", "overdue"), [(dt.date(2027, 2, 1), False), (dt.date(2027, 2, 2), True)])
def test_an_assessment_is_overdue_the_day_after_its_date(repo: Repo, day: dt.date, overdue: bool) -> None:
    due = [d for d in repo.check(day).facts.deadlines if d.rule == "competence-assessment-overdue"]
    # due to the owner of the competence register (who assesses), not to the role assessed
    assert next((d.id, d.date, d.overdue, d.owner) for d in due) == (
        "ceo: Ada Example",
        dt.date(2027, 2, 1),
        overdue,
        "ciso",
    )


def test_a_closed_gap_is_no_longer_due_and_no_register_means_no_missing_record(repo: Repo) -> None:
    repo.replace(
        COMP,
        "            due: 2027-02-28\n",
        "            due: 2026-03-01\n            closed_on: 2026-06-20\n"
        "            effectiveness: Audited IA-1 with the lead auditor\n",
    )
    assert repo.findings() == []
    (repo.root / COMP).unlink()
    assert repo.findings() == []
