"""Checks of the policy exceptions register (Annex A 5.1, 5.36): approved by another role, and time-limited."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Case, Repo, case_id

EXC = "registers/exceptions.yml"
EXPIRED_HINT = (
    "end it (status: closed) and apply the policy again, or have it approved again with a new 'expires:' date"
)
APPROVAL_HINT = "have the owner of the policy it waives approve it, and record approved_by and approved_on"
EXCLUDED_HINT = "make 8.30 applicable in registers/soa.yml (line 94) or take it out of the exception's 'controls:'"
NOT_ACCEPTED_HINT = (
    "have the risk owner accept R-1 ('acceptance:' in registers/risks.yml), or treat it to within the threshold"
    " before the exception is allowed"
)

CASES = [
    Case(
        "exception-past-its-expiry",
        "exception-expired",
        ((EXC, "expires: 2026-12-31", "expires: 2026-11-27"),),
        (f"{EXC}:15: warning: exception EXC-1: it expired on 2026-11-27 — {EXPIRED_HINT}",),
    ),
    Case(
        "exception-active-without-approver",
        "exception-approval",
        ((EXC, "    approved_by: ciso\n    approved_on: 2026-06-01\n", ""),),
        (
            f"{EXC}:14: warning: exception EXC-1: active but no approval is recorded (approved_by is missing)"
            f" — {APPROVAL_HINT}",
        ),
    ),
    Case(
        "exception-active-without-approval-date",
        "exception-approval",
        ((EXC, "    approved_on: 2026-06-01\n", ""),),
        (
            f"{EXC}:15: warning: exception EXC-1: active but no approval is recorded (approved_on is missing)"
            f" — {APPROVAL_HINT}",
        ),
    ),
    Case(
        "exception-approved-by-its-requester",
        "exception-approval",
        (
            (
                EXC,
                "    requested_by: cto\n    approved_by: ciso\n    approved_on: 2026-06",
                "    requested_by: cto\n    approved_by: cto\n    approved_on: 2026-06",
            ),
        ),
        (
            f"{EXC}:13: warning: exception EXC-1: approved by cto, the role that requested it"
            " — have it approved by the policy owner or another role than the requester",
        ),
    ),
    Case(
        "exception-approved-after-today",
        "exception-approval",
        ((EXC, "approved_on: 2026-06-01", "approved_on: 2026-12-01"),),
        (
            f"{EXC}:14: warning: exception EXC-1: approved_on is 2026-12-01, after today (2026-11-28)"
            " — correct the date to the day it was approved; until then it is not approved",
        ),
    ),
    Case(
        "exception-document-unknown",
        "unknown-reference",
        ((EXC, "document: POL-IS\n    section", "document: POL-ISX\n    section"),),
        (
            f"{EXC}:8: error: exception EXC-1: document: 'POL-ISX' is not a known document"
            " — did you mean 'POL-IS'? documents are defined in the front matter of a page under docs/",
        ),
    ),
    Case(
        "exception-in-force-against-an-excluded-control",
        "exception-excluded-control",
        ((EXC, 'controls: ["5.17"]', 'controls: ["5.17", "8.30"]'),),
        (
            f"{EXC}:10: warning: exception EXC-1: in force against control 8.30, which the SoA excludes"
            f" — {EXCLUDED_HINT}",
        ),
    ),
    Case(
        "exception-in-force-naming-no-risk",
        "exception-risk-not-accepted",
        ((EXC, "    risk: R-2\n", ""),),
        (
            f"{EXC}:10: warning: exception EXC-1: weakens 5.17 but names no risk accepted"
            " — assess the risk of allowing it, add it to registers/risks.yml and name it in 'risk:'",
        ),
    ),
    Case(
        "exception-in-force-naming-a-risk-not-accepted",
        "exception-risk-not-accepted",
        ((EXC, "    risk: R-2\n", "    risk: R-1\n"),),  # high, open, no acceptance
        (
            f"{EXC}:11: warning: exception EXC-1: risk R-1 is not accepted (above the acceptance threshold with no"
            f" acceptance in force) — {NOT_ACCEPTED_HINT}",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_exception_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(("day", "overdue"), [(dt.date(2026, 12, 31), False), (dt.date(2027, 1, 1), True)])
def test_an_exception_expires_the_day_after_its_date(repo: Repo, day: dt.date, overdue: bool) -> None:
    (deadline,) = [d for d in repo.check(day).facts.deadlines if d.rule == "exception-expired"]
    assert (deadline.id, deadline.date, deadline.overdue) == ("EXC-1", dt.date(2026, 12, 31), overdue)


def test_closed_exceptions_need_neither_approval_nor_a_future_expiry(repo: Repo) -> None:
    # EXC-2 expired on 2026-03-31 and is closed: without its approval too, nothing is reported
    repo.replace(EXC, "    approved_by: ciso\n    approved_on: 2025-06-01\n", "")
    assert repo.findings() == []
    repo.replace(EXC, "    status: closed\n", "    status: active\n")
    assert [f.split(": warning: ")[1].split(" — ")[0] for f in repo.findings()] == [
        "exception EXC-2: it expired on 2026-03-31",
        "exception EXC-2: active but no approval is recorded (approved_by is missing)",
    ]


def test_a_risk_stands_accepted_by_its_acceptance_in_force_or_by_its_level(repo: Repo) -> None:
    judged = repo.check().facts.risks
    # R-1 is high and open without acceptance; R-2 low and accepted; R-3 treated down to medium, the threshold
    assert [judged[risk].accepted for risk in ("R-1", "R-2", "R-3")] == [False, True, True]


@pytest.mark.parametrize(("day", "accepted"), [(dt.date(2027, 3, 1), True), (dt.date(2027, 3, 2), False)])
def test_a_risk_above_the_threshold_stands_accepted_until_its_acceptance_expires(
    repo: Repo, day: dt.date, accepted: bool
) -> None:
    repo.replace("registers/risks.yml", "inherent: {likelihood: 2, impact: 2}", "inherent: {likelihood: 3, impact: 3}")
    assert repo.check(day).facts.risks["R-2"].accepted is accepted  # R-2's acceptance expires on 2027-03-01


def test_an_exception_no_longer_in_force_is_not_judged_against_the_soa(repo: Repo) -> None:
    repo.replace(EXC, 'controls: ["5.17"]', 'controls: ["8.30"]')
    repo.replace(EXC, "    risk: R-2\n", "    risk: R-1\n")
    assert {f.rule for f in repo.check().findings} == {"exception-excluded-control", "exception-risk-not-accepted"}
    assert {f.rule for f in repo.check(dt.date(2027, 1, 1)).findings} >= {"exception-expired"}
    assert not {f.rule for f in repo.check(dt.date(2027, 1, 1)).findings} & {
        "exception-excluded-control",
        "exception-risk-not-accepted",
    }
