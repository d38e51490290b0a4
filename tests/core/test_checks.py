"""The registry of checks as a whole: the clean fixture, every rule exercised, and dates judged as of a day."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest

from isms.core.checks import CHECKS
from isms.core.standard import iso27001
from tests.conftest import AS_OF, Case, Repo

RULES = {check.rule for check in CHECKS}
OTHER_STANDARDS = {"ISO/IEC 17021-1"}  # certification bodies' rules: audits, certificates


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(Path(__file__).parent.glob("test_checks_*.py")):
        cases += importlib.import_module(f"tests.core.{path.stem}").CASES
    return cases


def test_the_minimal_repository_has_no_finding_even_when_strict(repo: Repo) -> None:
    result = repo.check()
    assert result.findings == []
    assert not result.failed(strict=True)
    assert (len(result.model.documents), len(result.model.risks), len(result.model.soa)) == (3, 3, 93)


def test_rules_are_unique_and_described() -> None:
    assert len(RULES) == len(CHECKS)
    for check in CHECKS:
        assert check.severity in ("error", "warning")
        assert check.summary.endswith(".")
        assert check.rule == check.rule.lower()
        assert " " not in check.rule


def test_every_rule_names_what_it_enforces() -> None:
    """A clause of 4–10 or an Annex A control of the package's catalogue, or another standard by name."""
    standard = iso27001()
    for check in CHECKS:
        assert check.clauses, f"{check.rule}: name the clause it enforces"
        for ref in check.clauses:
            if ref.startswith("A."):
                assert ref[2:] in standard.controls, (check.rule, ref)
            elif ref[0].isdigit():
                assert standard.is_clause(ref), (check.rule, ref)
            else:
                assert ref in OTHER_STANDARDS, (check.rule, ref)


def test_every_rule_is_exercised_by_a_case() -> None:
    """Each check has at least one case that breaks the minimal repository in exactly its way."""
    cases = all_cases()
    assert len({case.id for case in cases}) == len(cases), "case ids must be unique"
    assert {case.rule for case in cases} == RULES
    for case in cases:
        assert case.rule in RULES
        assert case.also <= RULES


def test_every_case_expects_at_least_one_finding_of_its_rule() -> None:
    severities = {check.rule: check.severity for check in CHECKS}
    for case in all_cases():
        assert any(f": {severities[case.rule]}: " in text for text in case.expected), case.id


# Each date-bound item of the minimal repository, the last day it is still current, and the finding the day after.
DUE = [
    pytest.param(
        "treatment-overdue",
        dt.date(2027, 1, 31),
        "registers/treatments.yml:13: warning: treatment T-1: overdue since 2027-01-31 (status: in progress)"
        " — finish it and set status: done with completed_on, or agree a new due date",
        id="treatment",
    ),
    pytest.param(
        "risk-review-overdue",
        dt.date(2026, 12, 1),
        "registers/risks.yml:18: warning: risk R-1: reassessment was due on 2026-12-01 (6 months after 2026-06-01)"
        " — reassess the risk and update 'last_assessed:'",
        id="risk-reassessment",
    ),
    pytest.param(
        "risk-acceptance",
        dt.date(2027, 3, 1),
        "registers/risks.yml:30: warning: risk R-2: the acceptance expired on 2027-03-01"
        " — reassess the risk and renew or withdraw the acceptance",
        id="risk-acceptance",
    ),
    pytest.param(
        "document-review-overdue",
        dt.date(2027, 3, 1),
        "docs/policies/information-security.md:10: warning: document POL-IS: review overdue since 2027-03-01"
        " — review the document, then update version, approved_on and history",
        id="document-review-every",
    ),
    pytest.param(
        "management-review-overdue",
        dt.date(2027, 3, 15),
        "registers/reviews.yml:7: warning: review MR-2026: the last management review was held on 2026-03-15;"
        " the next was due by 2027-03-15 — hold a management review (9.3) and record it in registers/reviews.yml",
        id="management-review",
    ),
    pytest.param(
        "action-overdue",
        dt.date(2026, 12, 31),
        "registers/reviews.yml:23: warning: review MR-2026: action 1 overdue since 2026-12-31"
        " — finish it and set status: done, or agree a new due date",
        id="review-action",
    ),
    pytest.param(
        "improvement-overdue",
        dt.date(2027, 3, 31),
        "registers/improvements.yml:22: warning: improvement IMP-2: due on 2027-03-31, still planned — do it and"
        " record 'completed_on:' and 'outcome:', reject it with the reason in 'outcome:', or agree a new 'due:' date",
        id="improvement",
    ),
    pytest.param(
        "competence-assessment-overdue",
        dt.date(2027, 2, 1),
        "registers/competence.yml:15: warning: competence of ceo: Ada Example: assessment due on 2027-02-01"
        " — assess it again and update 'assessed_on:' (and 'next_assessment:' when not in 12 months)",
        id="competence-assessment",
    ),
    pytest.param(
        "communication-overdue",
        dt.date(2027, 3, 5),
        "registers/communications.yml:14: warning: communication COM-1: due again on 2027-03-05"
        " — communicate it and record 'last_on:' and its 'record:' (an evidence record)",
        id="communication",
    ),
]


@pytest.mark.parametrize(("rule", "due", "expected"), DUE)
def test_an_item_is_overdue_only_after_its_due_date(repo: Repo, rule: str, due: dt.date, expected: str) -> None:
    def of_rule(as_of: dt.date) -> list[str]:
        return [f.text() for f in repo.check(as_of).findings if f.rule == rule and f.text() == expected]

    assert of_rule(AS_OF) == []
    assert of_rule(due) == []
    assert of_rule(due + dt.timedelta(days=1)) == [expected]


def test_everything_is_current_on_the_fixture_date_and_not_a_year_later(repo: Repo) -> None:
    assert repo.findings(AS_OF) == []
    later = {f.rule for f in repo.check(dt.date(2027, 11, 28)).findings}
    assert later >= {
        "treatment-overdue",
        "risk-review-overdue",
        "risk-acceptance",
        "document-review-overdue",
        "management-review-overdue",
        "action-overdue",
        "training-overdue",
        "evidence-expired",
        "improvement-overdue",
        "competence-assessment-overdue",
        "competence-gap-overdue",
        "communication-overdue",
    }
