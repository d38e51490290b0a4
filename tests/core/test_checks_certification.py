"""Checks of the certification cycle: the certificate's validity and the certification body's audits."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Case, Repo, case_id

ISMS = "registers/isms.yml"
CERTIFIED = """certification:
  body: Example Certification Ltd
  certificate_number: EC-1
  issued_on: 2025-11-27
  expires_on: 2028-11-26
  audits:
    - {id: S1, type: stage 1, planned_on: 2025-09-01, result: passed}
    - {id: S2, type: stage 2, planned_on: 2025-10-20, result: passed}
    - {id: SV1, type: surveillance, planned_on: 2026-10-05, result: passed}
"""
RECORD_HINT = "record the audit's dates and result under certification.audits in registers/isms.yml"


def certified(repo: Repo) -> None:
    repo.write(ISMS, repo.read(ISMS) + CERTIFIED)


CASES = [
    Case(
        "certificate-expired",
        "certificate-expiry",
        (certified, (ISMS, "expires_on: 2028-11-26", "expires_on: 2026-11-27")),
        (
            f"{ISMS}:15: warning: the certificate EC-1 expired on 2026-11-27"
            " — record the new certificate after recertification (issued_on, expires_on), or remove 'certification:'",
        ),
    ),
    Case(
        "certificate-expiring-without-recertification",
        "certificate-expiry",
        (certified, (ISMS, "expires_on: 2028-11-26", "expires_on: 2027-02-01")),
        (
            f"{ISMS}:15: warning: the certificate EC-1 expires on 2027-02-01, in 65 days, and no recertification"
            " audit has passed — hold the recertification audit before expiry and record its result in"
            " registers/isms.yml",
        ),
    ),
    Case(
        "surveillance-still-planned-after-its-due-date",
        "certification-audit-overdue",
        (certified, (ISMS, "planned_on: 2026-10-05, result: passed", "planned_on: 2026-10-05")),
        (f"{ISMS}:19: warning: surveillance audit 1 (SV1, still planned) was due by 2026-11-27 — {RECORD_HINT}",),
    ),
    Case(
        "surveillance-never-recorded",
        "certification-audit-overdue",
        (certified, (ISMS, "    - {id: SV1, type: surveillance, planned_on: 2026-10-05, result: passed}\n", "")),
        (f"{ISMS}:14: warning: surveillance audit 1 (none recorded) was due by 2026-11-27 — {RECORD_HINT}",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_certification_check(repo: Repo, case: Case) -> None:
    case.run(repo)


def test_the_second_surveillance_is_due_by_the_end_of_the_next_calendar_year(repo: Repo) -> None:
    """ISO/IEC 17021-1 9.6.2.2: surveillance at least once each calendar year after the first."""
    certified(repo)

    def cycle(as_of: dt.date) -> list[str]:
        return [f.text() for f in repo.check(as_of).findings if f.rule.startswith("certifica")]

    assert repo.findings() == []
    assert cycle(dt.date(2027, 12, 31)) == []
    assert cycle(dt.date(2028, 1, 1)) == [
        f"{ISMS}:14: warning: surveillance audit 2 (none recorded) was due by 2027-12-31 — {RECORD_HINT}"
    ]
