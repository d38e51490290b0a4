"""Checks of the certification cycle: the certificate's validity and the certification body's audits."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import AS_OF, Case, Repo, case_id

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


TWO_CYCLES = """certification:
  body: Example Certification Ltd
  certificates:
    - number: EC-1
      issued_on: 2022-11-27
      expires_on: 2025-11-26
    - number: EC-2
      issued_on: 2025-11-20
      expires_on: 2028-11-26
  audits:
    - {id: S1, type: stage 1, planned_on: 2022-09-01, result: passed}
    - {id: S2, type: stage 2, planned_on: 2022-10-20, result: passed}
    - {id: SV1, type: surveillance, planned_on: 2023-10-05, result: passed}
    - {id: SV2, type: surveillance, planned_on: 2024-10-01, result: passed}
    - {id: RC, type: recertification, planned_on: 2025-08-20, result: passed}
    - {id: SV3, type: surveillance, planned_on: 2026-10-20, result: passed}
"""
"""Two cycles: EC-2 renewed EC-1 after recertification, running on from EC-1's expiry (certificates from line 14)."""
RESTORE_HINT = (
    "complete the recertification audit with the certification body and record the restored certificate under"
    " certification.certificates in registers/isms.yml, or remove 'certification:'"
)
LAPSED_HINT = (
    "agree stage 1 and stage 2 with the certification body and record the new certificate under"
    " certification.certificates in registers/isms.yml, or remove 'certification:'"
)


def two_cycles(repo: Repo) -> None:
    repo.write(ISMS, repo.read(ISMS) + TWO_CYCLES)


FAILED_RECERTIFICATION = (
    "    - {id: SV1, type: surveillance, planned_on: 2026-10-05, result: passed}\n",
    "    - {id: SV1, type: surveillance, planned_on: 2026-10-05, result: passed}\n"
    "    - {id: RC, type: recertification, planned_on: 2026-11-02, result: failed}\n",
)

CASES = [
    Case(
        "certificate-expired-and-restorable",
        "certificate-expiry",
        (certified, (ISMS, "expires_on: 2028-11-26", "expires_on: 2026-11-27")),
        (
            f"{ISMS}:15: warning: the certificate EC-1 expired on 2026-11-27; certification can be restored until"
            f" 2027-05-27 if the outstanding recertification activities are completed — {RESTORE_HINT}",
        ),
    ),
    Case(
        "certificate-expiring-after-a-failed-recertification",
        "certificate-expiry",
        (certified, (ISMS, "expires_on: 2028-11-26", "expires_on: 2027-02-01"), (ISMS, *FAILED_RECERTIFICATION)),
        (
            f"{ISMS}:15: warning: the certificate EC-1 expires on 2027-02-01, in 65 days, and no recertification"
            " audit has passed — hold the recertification audit before expiry and record its result in"
            " registers/isms.yml",
        ),
    ),
    Case(
        "certificate-lapsed-beyond-restoration",
        "certificate-lapsed",
        (certified, (ISMS, "expires_on: 2028-11-26", "expires_on: 2026-05-27")),
        (
            f"{ISMS}:15: warning: the certificate EC-1 expired on 2026-05-27 and was not restored by 2026-11-27:"
            f" a new initial certification audit (stage 1 and stage 2) is needed — {LAPSED_HINT}",
        ),
    ),
    Case(
        "current-certificate-of-several-lapsed",
        "certificate-lapsed",
        (two_cycles, (ISMS, "expires_on: 2028-11-26", "expires_on: 2026-05-26")),
        (
            f"{ISMS}:19: warning: the certificate EC-2 expired on 2026-05-26 and was not restored by 2026-11-26:"
            f" a new initial certification audit (stage 1 and stage 2) is needed — {LAPSED_HINT}",
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
    Case(
        "recertification-due-three-months-before-expiry",
        "certification-audit-overdue",
        (certified, (ISMS, "expires_on: 2028-11-26", "expires_on: 2027-02-01")),
        # Reported where the expiry is written; certificate-expiry does not repeat it.
        (f"{ISMS}:15: warning: recertification audit (none recorded) was due by 2026-11-01 — {RECORD_HINT}",),
    ),
    Case(
        "surveillance-of-the-second-cycle-never-recorded",
        "certification-audit-overdue",
        (two_cycles, (ISMS, "    - {id: SV3, type: surveillance, planned_on: 2026-10-20, result: passed}\n", "")),
        (f"{ISMS}:18: warning: surveillance audit 1 (none recorded) was due by 2026-11-20 — {RECORD_HINT}",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_certification_check(repo: Repo, case: Case) -> None:
    case.run(repo)


def test_the_second_surveillance_is_due_12_months_after_the_first(repo: Repo) -> None:
    """Counted from surveillance 1's date (2026-10-05), not from the issue date or the calendar year."""
    certified(repo)

    def cycle(as_of: dt.date) -> list[str]:
        return [f.text() for f in repo.check(as_of).findings if f.rule.startswith("certifica")]

    assert repo.findings() == []
    assert cycle(dt.date(2027, 10, 5)) == []
    assert cycle(dt.date(2027, 10, 6)) == [
        f"{ISMS}:14: warning: surveillance audit 2 (none recorded) was due by 2027-10-05 — {RECORD_HINT}"
    ]


def test_a_second_cycle_is_clean_and_its_audits_belong_to_it(repo: Repo) -> None:
    two_cycles(repo)
    assert repo.findings() == []
    judged = repo.check(AS_OF).facts
    assert [(c.number, c.certificate.number if c.certificate else None) for c in judged.cycles] == [
        (1, "EC-1"),
        (2, "EC-2"),
    ]
    assert [[a.id for _, a in c.audits] for c in judged.cycles] == [["S1", "S2", "SV1", "SV2", "RC"], ["SV3"]]
    # The second cycle was granted by recertification: no stage 1 or 2 of its own.
    assert [(m.key, m.state, m.due) for m in judged.cycle] == [
        ("surveillance-1", "done", dt.date(2026, 11, 20)),
        ("surveillance-2", "not scheduled", dt.date(2027, 10, 20)),
        ("recertification", "not scheduled", dt.date(2028, 8, 26)),
    ]


def test_both_ways_of_writing_the_certificate_at_once_is_an_error(repo: Repo) -> None:
    two_cycles(repo)
    body = "  body: Example Certification Ltd\n"
    repo.replace(ISMS, body, body + "  issued_on: 2025-11-20\n")
    texts = [f.text() for f in repo.check(AS_OF).findings if f.severity == "error"]
    assert texts == [
        f"{ISMS}:11: error: certification: write the certificate either under 'certificates:'"
        " or as issued_on, not both; move it into 'certificates:' as an entry with number, issued_on and expires_on"
    ]
