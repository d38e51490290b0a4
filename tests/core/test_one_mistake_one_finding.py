"""A mistake is reported once, where it is made: what fails to load is not reported again as unknown."""

from __future__ import annotations

from tests.conftest import Repo


def test_a_broken_roles_file_is_one_finding_not_one_per_owner(repo: Repo) -> None:
    repo.replace("registers/roles.yml", "roles:\n", "roles:\n  - [broken\n")
    assert repo.findings() == [
        "registers/roles.yml:7: error: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)"
        " — check the indentation and quoting on this line and the one above"
    ]


def test_an_entry_that_fails_validation_is_not_also_an_unknown_reference(repo: Repo) -> None:
    repo.replace("registers/roles.yml", "    title: Chief Information Security Officer\n", "    titel: CISO\n")
    findings = repo.findings()
    assert [f.split(": error: ")[1].split(" — ")[0] for f in findings] == [
        "roles[1]: the required key 'title' is missing",
        "roles[1].titel: unknown key 'titel'",
    ]


def test_a_document_with_broken_front_matter_is_not_also_an_unknown_scope(repo: Repo) -> None:
    repo.replace("docs/scope.md", "title: ISMS scope\n", "title: [ISMS scope\n")
    result = repo.check()
    # One error where the mistake is; 'scope: DOC-SCOPE' in isms.yml is not reported as unknown.
    assert [f.text().split(" (while")[0] for f in result.errors] == [
        "docs/scope.md:4: error: front matter: YAML syntax: did not find expected ',' or ']'"
    ]
    # The ISMS has no usable scope document until it is fixed, which the mandatory check still says.
    assert [f.rule for f in result.warnings] == ["mandatory-documented-information"]


def test_a_reference_to_an_id_that_never_existed_is_still_reported(repo: Repo) -> None:
    repo.replace("registers/roles.yml", "    title: Chief Information Security Officer\n", "    titel: CISO\n")
    repo.replace("registers/isms.yml", "scope: DOC-SCOPE\n", "scope: DOC-SCOPES\n")
    assert any("'DOC-SCOPES' is not a known document" in f for f in repo.findings())


def test_an_unknown_acceptor_or_approver_is_one_finding_not_also_a_wrong_one(repo: Repo) -> None:
    repo.replace("registers/risks.yml", "      by: ciso\n", "      by: cisco\n")
    repo.replace(
        "registers/treatments.yml",
        "approved_by: [cto]\n    approved_on: 2026-06-15",
        "approved_by: [ctoo]\n    approved_on: 2026-06-15",
    )
    assert [f.split(" — ")[0] for f in repo.findings()] == [
        "registers/risks.yml:28: error: risk R-2: acceptance.by: 'cisco' is not a known role",
        "registers/treatments.yml:15: error: treatment T-1: approved_by[0]: 'ctoo' is not a known role",
    ]
