"""The evidence request list (isms.core.requests): what an auditor asks for, where it is, what is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from isms.core.pipeline import check_repository
from isms.core.requests import Request, requests
from isms.core.standard import iso27001
from tests.conftest import AS_OF, Repo
from tests.support.synthetic import generate


def listed(repo: Repo, as_of: dt.date = AS_OF) -> dict[str, Request]:
    result = repo.check(as_of)
    return {f"{request.part} {request.ref}": request for request in requests(result.model, result.facts)}


def test_every_clause_with_documented_information_and_every_applicable_control_is_requested(repo: Repo) -> None:
    found = listed(repo)
    clauses = [clause.id for clause in iso27001().clauses.values() if clause.requires]
    assert [key for key in found if key.startswith("clause ")] == [f"clause {clause}" for clause in clauses]
    controls = [key.removeprefix("control ") for key in found if key.startswith("control ")]
    assert len(controls) == 92 and "8.30" not in controls  # 8.30 is excluded in the SoA
    assert controls[:3] == ["5.1", "5.2", "5.3"]


def test_a_request_names_where_each_thing_is_and_its_owner(repo: Repo) -> None:
    found = listed(repo)
    operation = found["clause 8.1"]
    assert [source.text() for source in operation.sources] == [
        "Evidence records, 3 entries (version 1.0, approved on 2026-01-15; owner ciso) — registers/evidence.yml",
        "EV-2 Backup restore test (no expiry; owner cto) — evidence/backup-test.txt",
    ]
    assert (operation.owner, operation.missing, operation.ready) == ("ciso", (), True)
    # a record of a sub-clause (EV-3: 9.2.2) answers the request of its clause (9.2)
    assert [source.id for source in found["clause 9.2"].sources] == ["registers/audits.yml", "EV-3"]
    policy = found["control 5.1"]
    assert [source.text() for source in policy.sources] == [
        "POL-IS Information security policy (approved, version 1.1; owner ciso) — docs/policies/information-security.md"
    ]
    assert (policy.owner, policy.ready) == ("ciso", True)


def test_an_applicable_control_not_implemented_and_shown_by_nothing_is_missing_both(repo: Repo) -> None:
    assert listed(repo)["control 5.2"].missing == (
        "not implemented (SoA status: planned)",
        "nothing shows it: no document in force and no evidence in force names the control",
    )


@pytest.mark.parametrize(
    ("day", "missing"),
    [
        (dt.date(2027, 9, 30), ()),
        (dt.date(2027, 10, 1), ()),  # the day it expires it is still valid
        (
            dt.date(2027, 10, 2),
            (
                "nothing shows it: no document in force and no evidence in force names the control",
                "evidence EV-1 expired on 2027-10-01",
            ),
        ),
    ],
)
def test_expired_evidence_is_missing_from_the_day_after_its_expiry(
    repo: Repo, day: dt.date, missing: tuple[str, ...]
) -> None:
    repo.replace(
        "registers/soa.yml",
        '"8.5", applicable: true, reasons: [risk], references: [R-1], status: partial',
        '"8.5", applicable: true, reasons: [risk], references: [R-1], status: implemented',
    )
    repo.replace("registers/treatments.yml", "status: in progress", "status: done\n    completed_on: 2026-11-01")
    request = listed(repo, day)["control 8.5"]
    (evidence,) = request.of("evidence")
    assert (evidence.id, evidence.ok, evidence.expires) == ("EV-1", not missing, dt.date(2027, 10, 1))
    assert request.missing == missing
    assert request.expires == (None if missing else dt.date(2027, 10, 1))  # the first expiry of what is in force


def test_a_document_not_in_force_is_missing(repo: Repo) -> None:
    repo.replace("docs/policies/information-security.md", "status: approved", "status: draft")
    found = listed(repo)
    assert found["clause 5.2"].missing == (
        "missing: an approved document listing clause 5.2 in its 'clauses:'",
        "document POL-IS is not in force (draft)",
    )
    assert found["control 5.1"].missing == (
        "nothing shows it: no document in force and no evidence in force names the control",
        "document POL-IS is not in force (draft)",
    )


def test_a_clause_whose_register_is_empty_says_so(repo: Repo) -> None:
    repo.write(
        "registers/reviews.yml", 'version: "1.0"\nowner: ciso\napproved_by: ceo\napproved_on: 2026-01-15\nreviews: []\n'
    )
    request = listed(repo)["clause 9.3"]
    assert request.missing == ("missing: entries in registers/reviews.yml",)
    assert [source.title for source in request.sources] == ["Management reviews, 0 entries"]


def test_the_synthetic_isms_lists_what_the_facts_say(tmp_path: Path) -> None:
    generate(tmp_path, documents=30, risks=60, assets=40)
    as_of = dt.date(2027, 6, 30)  # later than the generator's date: some evidence has expired by then
    result = check_repository(tmp_path, as_of)
    found = requests(result.model, result.facts)
    applicable = {entry.control for entry in result.model.soa if entry.applicable}
    assert {request.ref for request in found if request.part == "control"} == applicable
    expired = {d.id for d in result.facts.overdue("evidence-expired")}
    assert expired, "the sweep needs evidence expired by then"
    said = {gap.split()[1] for request in found for gap in request.missing if gap.startswith("evidence ")}
    assert said == expired
    for request in found:
        assert request.ready is (not request.missing)


@pytest.mark.parametrize(("day", "late"), [(dt.date(2027, 1, 31), False), (dt.date(2027, 2, 1), True)])
def test_a_control_lists_its_treatments_and_an_overdue_one_is_missing(repo: Repo, day: dt.date, late: bool) -> None:
    request = listed(repo, day)["control 8.5"]
    (treatment,) = request.of("record")
    state = "in progress, overdue since 2027-01-31" if late else "in progress"
    assert treatment.text() == (
        f"treatment T-1: Enforce multi-factor authentication ({state}; owner cto) — registers/treatments.yml"
    )
    assert request.missing[1:] == (("treatment T-1 is in progress, overdue since 2027-01-31",) if late else ())


@pytest.mark.parametrize(("day", "listed_exceptions"), [(dt.date(2026, 12, 31), ["EXC-1"]), (dt.date(2027, 1, 1), [])])
def test_a_control_lists_the_exceptions_in_force_that_weaken_it(
    repo: Repo, day: dt.date, listed_exceptions: list[str]
) -> None:
    request = listed(repo, day)["control 5.17"]
    assert [source.id for source in request.of("record")] == listed_exceptions
    if listed_exceptions:
        assert request.of("record")[0].text() == (
            "exception EXC-1: Shared administrator account on the legacy router (in force until 2026-12-31;"
            " owner cto) — registers/exceptions.yml"
        )
    assert request.ready  # an exception in force is there to be asked about, not a gap by itself
