"""Checks of dates that cannot be: approvals, completions, meetings and audit results after today, events in
an impossible order, a certificate no audit could have granted, and a withdrawn edition of the standard."""

from __future__ import annotations

import datetime as dt

import pytest

from isms.core.facts import facts
from tests.conftest import AS_OF, Case, Repo, case_id
from tests.core.test_checks_certification import LAPSED_HINT, two_cycles

ISMS = "registers/isms.yml"
NCS = "registers/nonconformities.yml"
CERTIFIED = """certification:
  standard: ISO/IEC 27001:2022
  certificate_number: EC-1
  issued_on: 2025-11-27
  expires_on: 2028-11-26
  audits:
    - {id: S1, type: stage 1, planned_on: 2025-09-01, result: passed}
    - {id: S2, type: stage 2, planned_on: 2025-10-20, result: passed}
    - {id: SV1, type: surveillance, planned_on: 2026-10-05, result: passed}
"""
APPROVAL_HINT = "correct the date to the day it was approved, or set status: in review until it is"
DONE_HINT = "correct the date to the day it was done, or record it as not yet done"
CB_HINT = "record the result (and the certificate) once the audit has taken place, or correct the date"
AFTER = f"after today ({AS_OF})"


def certified(repo: Repo) -> None:
    repo.write(ISMS, repo.read(ISMS) + CERTIFIED)


CASES = [
    Case(
        "document-approved-in-future",
        "approval-in-future",
        (("docs/scope.md", "approved_on: 2026-01-15", "approved_on: 2027-01-15"),),
        (f"docs/scope.md:9: error: document DOC-SCOPE: approved_on is 2027-01-15, {AFTER} — {APPROVAL_HINT}",),
    ),
    Case(
        "history-entry-in-future",
        "approval-in-future",
        (("docs/scope.md", "date: 2026-01-15", "date: 2026-12-01"),),
        (f"docs/scope.md:14: error: document DOC-SCOPE: history entry 1.0 is 2026-12-01, {AFTER} — {APPROVAL_HINT}",),
    ),
    Case(
        "register-header-approved-in-future",
        "approval-in-future",
        (("registers/roles.yml", "approved_on: 2026-01-15", "approved_on: 2026-12-15"),),
        (f"registers/roles.yml:4: error: registers/roles.yml: approved_on is 2026-12-15, {AFTER} — {APPROVAL_HINT}",),
    ),
    Case(
        "treatment-completed-in-future",
        "completion-in-future",
        (("registers/treatments.yml", "completed_on: 2026-06-20", "completed_on: 2026-12-20"),),
        (f"registers/treatments.yml:25: error: treatment T-2: completed_on is 2026-12-20, {AFTER} — {DONE_HINT}",),
    ),
    Case(
        "audit-completed-with-future-end",
        "completion-in-future",
        (("registers/audits.yml", "end: 2026-02-11", "end: 2027-02-11"),),
        (f"registers/audits.yml:11: error: audit IA-1: completed, end is 2027-02-11, {AFTER} — {DONE_HINT}",),
    ),
    Case(
        "nonconformity-closed-in-future",
        "completion-in-future",
        ((NCS, "closed_on: 2026-05-01", "closed_on: 2026-12-01"),),
        (f"{NCS}:24: error: nonconformity NC-1: closed_on is 2026-12-01, {AFTER} — {DONE_HINT}",),
    ),
    Case(
        "improvement-completed-in-future",
        "completion-in-future",
        (("registers/improvements.yml", "completed_on: 2026-05-20", "completed_on: 2026-12-15"),),
        (
            f"registers/improvements.yml:14: error: improvement IMP-1: completed_on is 2026-12-15, {AFTER}"
            f" — {DONE_HINT}",
        ),
    ),
    Case(
        "similar-nonconformities-checked-in-future",
        "completion-in-future",
        ((NCS, "checked_on: 2026-03-31", "checked_on: 2026-12-31"),),
        (
            f"{NCS}:25: error: nonconformity NC-1: similar nonconformities checked_on is 2026-12-31, {AFTER}"
            f" — {DONE_HINT}",
        ),
    ),
    Case(
        "requirement-reviewed-in-future",
        "completion-in-future",
        (("registers/requirements.yml", "reviewed_on: 2026-02-01", "reviewed_on: 2026-12-01"),),
        (f"registers/requirements.yml:12: error: requirement REQ-1: reviewed_on is 2026-12-01, {AFTER} — {DONE_HINT}",),
    ),
    Case(
        "asset-reviewed-in-future",
        "completion-in-future",
        (("registers/assets.yml", "[AST-3]\n    reviewed_on: 2026-01-20", "[AST-3]\n    reviewed_on: 2026-12-01"),),
        (f"registers/assets.yml:24: error: asset AST-2: reviewed_on is 2026-12-01, {AFTER} — {DONE_HINT}",),
    ),
    Case(
        "review-held-in-future",
        "review-held-in-future",
        (("registers/reviews.yml", "date: 2026-03-15", "date: 2026-12-15"),),
        (
            "registers/reviews.yml: warning: no management review has been held — hold one (9.3) and record it in"
            " registers/reviews.yml",
            "registers/reviews.yml:7: error: review MR-2026: held is 2026-12-15, after today (2026-11-28)"
            " — set status: planned until the review has taken place, or correct its date",
        ),
        # Not held on the as-of date: no review has been held yet.
        also=frozenset({"management-review-overdue"}),
    ),
    Case(
        "stage-1-after-stage-2",
        "certification-dates",
        (certified, (ISMS, "planned_on: 2025-09-01", "planned_on: 2025-10-25")),
        (
            f"{ISMS}:17: error: stage 1 audit S1 (2025-10-25) is after stage 2 audit S2 (2025-10-20)"
            " — stage 1 comes first (ISO/IEC 17021-1 9.3.1): correct the dates or the types",
        ),
    ),
    Case(
        "certificate-issued-before-stage-2",
        "certification-dates",
        (
            certified,
            (ISMS, "issued_on: 2025-11-27", "issued_on: 2025-10-01"),
            (ISMS, "expires_on: 2028-11-26", "expires_on: 2028-09-30"),
        ),
        (
            f"{ISMS}:14: error: the certificate EC-1 was issued on 2025-10-01, before stage 2 audit S2 passed"
            " (2025-10-20) — a certificate follows a passed stage 2 or recertification: correct issued_on or the"
            " audit's dates",
        ),
    ),
    Case(
        "certificate-issued-after-a-failed-stage-2",
        "certification-dates",
        (certified, (ISMS, "planned_on: 2025-10-20, result: passed", "planned_on: 2025-10-20, result: failed")),
        (
            f"{ISMS}:14: error: the certificate EC-1 was issued on 2025-11-27, after stage 2 audit S2 failed"
            " (2025-10-20) with no later pass — a certificate follows a passed stage 2 or recertification: record the"
            " audit that passed, or correct issued_on",
        ),
    ),
    Case(
        "certificate-valid-for-five-years",
        "certification-dates",
        (certified, (ISMS, "expires_on: 2028-11-26", "expires_on: 2030-11-26")),
        (
            f"{ISMS}:15: error: the certificate EC-1 is valid from 2025-11-27 to 2030-11-26, more than three years"
            " — an ISO/IEC 27001 certificate is valid for at most three years (ISO/IEC 17021-1 9.6.1): correct"
            " expires_on from the certificate",
        ),
    ),
    Case(
        "renewed-certificate-valid-beyond-three-years-from-the-previous-expiry",
        "certification-dates",
        (two_cycles, (ISMS, "expires_on: 2028-11-26", "expires_on: 2028-12-31")),
        (
            f"{ISMS}:19: error: the certificate EC-2 is valid from 2025-11-20 to 2028-12-31, more than three years"
            " from the previous certificate's expiry (2025-11-26) — an ISO/IEC 27001 certificate is valid for at"
            " most three years (ISO/IEC 17021-1 9.6.1): correct expires_on from the certificate",
        ),
    ),
    Case(
        "certificate-restored-by-recertification-after-six-months",
        "certification-dates",
        (
            two_cycles,
            (ISMS, "planned_on: 2025-08-20", "planned_on: 2026-06-01"),
            (ISMS, "issued_on: 2025-11-20", "issued_on: 2026-06-15"),
        ),
        (
            f"{ISMS}:18: error: the certificate EC-2 was issued on 2026-06-15 after recertification audit RC"
            " (2026-06-01), more than 6 months after the certificate EC-1 expired on 2025-11-26 — after six months"
            " without restoration a new initial certification is needed (ISO/IEC 17021-1 9.6.3.2.5): record its"
            " stage 1 and stage 2 audits, or correct the dates",
        ),
    ),
    Case(
        "second-certificate-issued-in-future",
        "certification-dates",
        (two_cycles, (ISMS, "issued_on: 2025-11-20", "issued_on: 2026-12-01")),
        (
            # Not issued yet: EC-1 is the latest certificate, and lapsed.
            f"{ISMS}:16: warning: the certificate EC-1 expired on 2025-11-26 and was not restored by 2026-05-26:"
            f" a new initial certification audit (stage 1 and stage 2) is needed — {LAPSED_HINT}",
            f"{ISMS}:18: error: certificate EC-2: issued_on is 2026-12-01, {AFTER} — {CB_HINT}",
        ),
        also=frozenset({"certificate-lapsed"}),
    ),
    Case(
        "certification-audit-result-in-future",
        "certification-dates",
        (certified, (ISMS, "planned_on: 2026-10-05, result: passed", "start: 2026-12-05, result: passed")),
        (
            f"{ISMS}:19: error: certification audit SV1: result passed, start is 2026-12-05, {AFTER} — {CB_HINT}",
            # Not held by the as-of date, so the first surveillance audit is overdue.
            f"{ISMS}:19: warning: surveillance audit 1 (SV1, still planned) was due by 2026-11-27"
            " — record the audit's dates and result under certification.audits in registers/isms.yml",
        ),
        also=frozenset({"certification-audit-overdue"}),
    ),
    Case(
        "certificate-against-the-2013-edition-after-the-transition",
        "certificate-standard",
        (certified, (ISMS, "standard: ISO/IEC 27001:2022", "standard: ISO/IEC 27001:2013")),
        (
            f"{ISMS}:12: error: the certificate is against ISO/IEC 27001:2013, which no certificate could be after"
            " 2025-10-31 — record the certificate issued after the transition audit to ISO/IEC 27001:2022, or"
            " remove 'certification:'",
        ),
    ),
    Case(
        "certificate-against-another-standard",
        "certificate-standard",
        (certified, (ISMS, "standard: ISO/IEC 27001:2022", "standard: ISO 9001:2015")),
        (
            f"{ISMS}:12: error: the certificate's standard 'ISO 9001:2015' is not ISO/IEC 27001:2022, the edition"
            " these checks implement — write 'standard: ISO/IEC 27001:2022' as the certificate states it",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_dates_check(repo: Repo, case: Case) -> None:
    case.run(repo)


def test_the_2013_edition_is_not_reported_before_its_transition_deadline(repo: Repo) -> None:
    certified(repo)
    repo.replace(ISMS, "standard: ISO/IEC 27001:2022", "standard: ISO/IEC 27001:2013")
    assert [f.rule for f in repo.check(dt.date(2025, 12, 1)).findings if f.rule == "certificate-standard"] == [
        "certificate-standard"
    ]
    assert [f for f in repo.check(dt.date(2025, 10, 31)).findings if f.rule == "certificate-standard"] == []


def test_the_amended_edition_is_the_catalogues_edition(repo: Repo) -> None:
    certified(repo)
    repo.replace(ISMS, "standard: ISO/IEC 27001:2022", "standard: ISO/IEC 27001:2022 + Amd 1:2024")
    assert repo.findings() == []


def test_held_reviews_and_the_check_agree_on_a_review_held_in_future(repo: Repo) -> None:
    """A review 'held' after the as-of date is reported, and no view counts it as held."""
    repo.replace("registers/reviews.yml", "date: 2026-03-15", "date: 2026-12-15")
    result = repo.check()
    model, derived = result.model, result.derived
    judged = facts(model, derived, AS_OF)
    reported = {f.line for f in result.findings if f.rule == "review-held-in-future"}
    assert [r.id for r in judged.held_reviews] == []
    assert reported == {model.reviews[0].line("date")}
    # The day it takes place, it is held and no longer reported.
    on_the_day = facts(model, derived, dt.date(2026, 12, 15))
    assert [r.id for r in on_the_day.held_reviews] == ["MR-2026"]
    assert on_the_day.in_future("review-held-in-future") == []


def test_an_audit_completed_in_future_is_not_a_completed_audit_of_the_programme(repo: Repo) -> None:
    repo.replace("registers/audits.yml", "end: 2026-02-11", "end: 2027-02-11")
    result = repo.check()
    judged = facts(result.model, result.derived, AS_OF)
    assert [f.rule for f in result.findings] == ["completion-in-future"]
    assert [a.id for a in judged.coverage.completed] == []
    assert "4.1" in judged.coverage.clauses_not_done
    # Once its end has passed, it counts as completed and is no longer reported.
    later = facts(result.model, result.derived, dt.date(2027, 2, 11))
    assert [a.id for a in later.coverage.completed] == ["IA-1"]
    assert later.in_future("completion-in-future") == []
