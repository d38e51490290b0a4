"""Checks of the communication register (7.4): recurring communications on time, the policy communicated (5.2 e),
and a communicator that is a role."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Case, Repo, case_id

COM = "registers/communications.yml"
POLICY = "docs/policies/information-security.md"
HINT = "communicate it and record 'last_on:' and its 'record:' (an evidence record)"

CASES = [
    Case(
        "communication-a-year-after-it-last-took-place",
        "communication-overdue",
        ((COM, "last_on: 2026-03-05", "last_on: 2025-11-27"),),
        (f"{COM}:14: warning: communication COM-1: due again on 2026-11-27 — {HINT}",),
    ),
    Case(
        "communication-recurring-never-held",
        "communication-overdue",
        ((COM, "    last_on: 2026-03-05\n", ""),),
        (f"{COM}:13: warning: communication COM-1: recurs every 12 months but never took place — {HINT}",),
    ),
    Case(
        "communication-policy-not-communicated",
        "communication-policy",
        ((COM, "documents: [POL-IS]", "documents: []"),),
        (
            f"{POLICY}:2: warning: document POL-IS: the information security policy is not communicated — name it"
            " under 'documents:' of a communication in registers/communications.yml: to whom, how and when it is"
            " communicated (5.2 e)",
        ),
    ),
    Case(
        "communication-held-after-today",
        "completion-in-future",
        ((COM, "last_on: 2026-03-05", "last_on: 2026-12-05"),),
        (
            f"{COM}:14: error: communication COM-1: last_on is 2026-12-05, after today (2026-11-28) — correct the date"
            " to the day it was done, or record it as not yet done",
        ),
    ),
    Case(
        "communication-by-a-person-not-a-role",
        "unknown-reference",
        ((COM, "communicator: ceo", "communicator: Ada Example"),),
        (
            f"{COM}:21: error: communication COM-2: communicator: 'Ada Example' is not a known role — 'Ada Example'"
            " holds role 'ceo': name the role, not the person; roles are defined in registers/roles.yml",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_communication_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(("day", "overdue"), [(dt.date(2027, 3, 5), False), (dt.date(2027, 3, 6), True)])
def test_a_communication_is_overdue_the_day_after_its_interval(repo: Repo, day: dt.date, overdue: bool) -> None:
    (deadline,) = [d for d in repo.check(day).facts.deadlines if d.rule == "communication-overdue"]
    assert (deadline.id, deadline.date, deadline.overdue) == ("COM-1", dt.date(2027, 3, 5), overdue)


def test_without_the_register_the_policy_is_not_reported(repo: Repo) -> None:
    (repo.root / COM).unlink()
    assert repo.findings() == []
