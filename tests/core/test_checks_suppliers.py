"""Checks of the supplier register (Annex A 5.19-5.23): reviews on time, contracts with security terms."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Case, Repo, case_id

SUP = "registers/suppliers.yml"
REVIEW_HINT = "review it and record the result under 'assessments:' (and the next date in 'next_review:')"
ASSESSED = "      - {on: 2026-03-10, by: ciso, result: satisfactory, evidence: EV-1}\n"

CASES = [
    Case(
        "supplier-review-a-year-after-the-last-assessment",
        "supplier-review-overdue",
        ((SUP, "on: 2026-03-10", "on: 2025-11-01"),),
        (f"{SUP}:20: warning: supplier SUP-1: its review was due on 2026-11-01 — {REVIEW_HINT}",),
    ),
    Case(
        "supplier-review-the-latest-assessment-counts",
        "supplier-review-overdue",
        ((SUP, ASSESSED, ASSESSED.replace("2026-03-10", "2025-03-10") + ASSESSED.replace("2026-03-10", "2025-10-02")),),
        (f"{SUP}:21: warning: supplier SUP-1: its review was due on 2026-10-02 — {REVIEW_HINT}",),
    ),
    Case(
        "supplier-tier-1-never-assessed",
        "supplier-review-overdue",
        ((SUP, "    assessments:\n" + ASSESSED, ""),),
        (
            f"{SUP}:9: warning: supplier SUP-1: a tier 1 supplier that was never assessed"
            " — assess it (certificate, SOC 2 report, contract terms) and record it under 'assessments:'",
        ),
    ),
    Case(
        "supplier-next-review-dated-for-tier-3",
        "supplier-review-overdue",
        ((SUP, "    data: none\n", "    data: none\n    next_review: 2026-11-27\n"),),
        (f"{SUP}:29: warning: supplier SUP-2: its review was due on 2026-11-27 — {REVIEW_HINT}",),
    ),
    Case(
        "supplier-contract-without-security-clauses",
        "supplier-contract-security",
        ((SUP, "security_clauses: true", "security_clauses: false"),),
        (
            f"{SUP}:17: warning: supplier SUP-1: handles confidential information under a contract without"
            " security clauses — agree information security requirements with the supplier (confidentiality,"
            " security obligations, breach notification, audit rights, return and deletion of data)",
        ),
    ),
    Case(
        "supplier-confidential-data-without-contract",
        "supplier-contract-security",
        (
            (
                SUP,
                "    contract:\n      reference: Cloudhost customer agreement and DPA\n      signed_on: 2025-03-01\n"
                "      security_clauses: true\n      data_processing: true\n",
                "",
            ),
        ),
        (
            f"{SUP}:10: warning: supplier SUP-1: handles confidential information but no contract is recorded"
            " — record the contract under 'contract:', with security_clauses: true once it holds them",
        ),
    ),
    Case(
        "supplier-asset-unknown",
        "unknown-reference",
        ((SUP, "assets: [AST-1]", "assets: [AST-11]"),),
        (
            f"{SUP}:21: error: supplier SUP-1: assets[0]: 'AST-11' is not a known asset"
            " — did you mean 'AST-1'? assets are defined in registers/assets.yml",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_supplier_check(repo: Repo, case: Case) -> None:
    case.run(repo)


@pytest.mark.parametrize(("day", "overdue"), [(dt.date(2027, 3, 10), False), (dt.date(2027, 3, 11), True)])
def test_a_review_is_overdue_the_day_after_its_date(repo: Repo, day: dt.date, overdue: bool) -> None:
    (deadline,) = [d for d in repo.check(day).facts.deadlines if d.rule == "supplier-review-overdue"]
    assert (deadline.id, deadline.date, deadline.overdue) == ("SUP-1", dt.date(2027, 3, 10), overdue)


def test_exited_suppliers_and_other_data_need_neither_review_nor_contract(repo: Repo) -> None:
    repo.replace(SUP, "    assessments:\n" + ASSESSED, "    status: exited\n")
    repo.replace(SUP, "security_clauses: true", "security_clauses: false")
    repo.replace(SUP, "    data: none\n", "    data: internal\n")
    assert repo.findings() == []
