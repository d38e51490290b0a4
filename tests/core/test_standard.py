"""The ISO/IEC 27001:2022 catalogue shipped in the package, checked against the reference kept beside the project."""

from __future__ import annotations

import typing
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from isms.core.catalogue import SPECS
from isms.core.derive import derive
from isms.core.facts import unmet
from isms.core.load import load
from isms.core.models.registers import ReviewInput
from isms.core.standard import Clause, annex_a_2013, iso27001, successors_2013
from tests.conftest import MINIMAL

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference" / "iso27001-2022.yml"
"""In development and in CI a copy of shared/ sits beside the clone of the repository."""

# What isms.core.facts.unmet knows how to judge; 'register:NAME' takes any register name.
MET_BY_RULES = {"scope", "document", "any-document", "acceptances", "measurements", "competence"}


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    if not REFERENCE.is_file():
        pytest.skip(f"the reference catalogue {REFERENCE} is not beside the repository (copy shared/ next to it)")
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


# --- against the reference --------------------------------------------------------------------


def test_controls_match_the_reference(reference: dict[str, Any]) -> None:
    catalogue = iso27001()
    expected = [(c["id"], c["title"], bool(c.get("new"))) for c in reference["controls"]]
    actual = [(c.id, c.title, c.new) for c in (catalogue.controls[i] for i in catalogue.annex_a)]
    assert actual == expected


def test_control_themes_match_the_reference(reference: dict[str, Any]) -> None:
    catalogue = iso27001()
    theme_of_number = {number: theme for theme, number in reference["themes"].items()}
    for control in catalogue.controls.values():
        assert control.theme == theme_of_number[control.id.split(".")[0]], control.id
    assert {theme.id: theme.number for theme in catalogue.themes.values()} == reference["themes"]


def test_reference_clauses_are_all_in_the_catalogue_with_their_titles_and_requirements(
    reference: dict[str, Any],
) -> None:
    clauses = iso27001().clauses
    for item in reference["clauses"]:
        assert item["id"] in clauses, item["id"]
        clause = clauses[item["id"]]
        assert (clause.title, clause.requires) == (item["title"], item.get("requires")), item["id"]


def test_the_catalogue_adds_only_headings_and_sub_clauses(reference: dict[str, Any]) -> None:
    """6.1, 7.5, 9.2.1... are not in the reference list; each must sit above or below a reference clause."""
    known = {item["id"] for item in reference["clauses"]}
    extra = set(iso27001().clauses) - known
    assert extra == {"6.1", "7.5", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3"}
    for clause_id in extra:
        related = [k for k in known if k.startswith(clause_id + ".") or clause_id.startswith(k + ".")]
        assert related, clause_id
        assert iso27001().clauses[clause_id].requires is None


def test_management_review_inputs_match_the_reference(reference: dict[str, Any]) -> None:
    assert iso27001().review_inputs == reference["management_review_inputs"]


# --- the catalogue on its own -----------------------------------------------------------------


def test_ninety_three_controls_by_theme() -> None:
    catalogue = iso27001()
    assert len(catalogue.annex_a) == 93
    assert Counter(catalogue.controls[c].theme for c in catalogue.annex_a) == {
        "organizational": 37,
        "people": 8,
        "physical": 14,
        "technological": 34,
    }
    assert sum(catalogue.controls[c].new for c in catalogue.annex_a) == 11
    assert all(catalogue.controls[c].annex_a for c in catalogue.annex_a)


def test_controls_are_numbered_without_gaps() -> None:
    catalogue = iso27001()
    by_theme: dict[str, list[int]] = {}
    for control_id in catalogue.annex_a:
        theme, number = control_id.split(".")
        by_theme.setdefault(theme, []).append(int(number))
    assert {theme: numbers == list(range(1, len(numbers) + 1)) for theme, numbers in by_theme.items()} == {
        "5": True,
        "6": True,
        "7": True,
        "8": True,
    }


def test_sections_and_clause_sections() -> None:
    catalogue = iso27001()
    assert list(catalogue.sections) == ["4", "5", "6", "7", "8", "9", "10"]
    for clause in catalogue.clauses.values():
        assert clause.section == clause.id.split(".")[0]
        assert clause.section in catalogue.sections
    assert catalogue.is_clause("9") and catalogue.is_clause("6.1.3")
    assert not catalogue.is_clause("11") and not catalogue.is_clause("5.99")


def test_review_inputs_are_the_keys_a_review_may_use() -> None:
    assert set(iso27001().review_inputs) == set(typing.get_args(ReviewInput)) == set("abcdefg")


def test_every_clause_that_requires_something_says_how_it_is_met() -> None:
    for clause in iso27001().clauses.values():
        assert bool(clause.requires) == bool(clause.met_by), clause.id


def test_every_met_by_rule_is_one_the_mandatory_check_handles() -> None:
    for clause in iso27001().clauses.values():
        for rule in clause.met_by:
            if rule.startswith("register:"):
                assert rule.removeprefix("register:") in SPECS, (clause.id, rule)
            else:
                assert rule in MET_BY_RULES, (clause.id, rule)


@pytest.mark.parametrize("clause_id", [c.id for c in iso27001().clauses.values() if c.met_by])
def test_the_mandatory_check_judges_every_clause(clause_id: str) -> None:
    """unmet() raises for a rule it does not know; on the minimal repository every clause is met."""
    model, findings = load(MINIMAL)
    assert findings == []
    assert unmet(model, derive(model), model.catalogue.clauses[clause_id]) == []


def test_the_mandatory_check_refuses_a_rule_it_does_not_know() -> None:
    """So the test above would fail if the catalogue used a rule unmet() cannot judge."""
    model, _ = load(MINIMAL)
    clause = Clause("4.3", "Scope", "4", requires="ISMS scope (document)", met_by=("registry:isms",))
    with pytest.raises(ValueError, match=r"unknown met_by rule 'registry:isms' for clause 4\.3"):
        unmet(model, derive(model), clause)


def test_organisation_controls_join_a_copy_of_the_catalogue() -> None:
    model, _ = load(MINIMAL)
    assert "ORG.1" in model.catalogue.controls
    assert not model.catalogue.controls["ORG.1"].annex_a
    assert "ORG.1" not in model.catalogue.annex_a
    assert "ORG.1" not in iso27001().controls  # the shared catalogue is not changed


@pytest.mark.parametrize(
    ("written", "successors"),
    [
        ("A.12.6.1", ("8.8",)),
        ("A.9.2.3", ("8.2",)),
        ("A.5.1.1", ("5.1",)),
        ("12.6.1", ("8.8",)),
        ("a.10.1.2", ("8.24",)),
        ("A.14.2.7", ("8.30",)),
        ("A.18.2.3", ("5.36", "8.8")),
        ("A.11.2.9", ("7.7",)),
        ("8.8", ()),  # a 2022 number is no 2013 one
        ("A.19.1.1", ()),
        ("5.1.1.1", ()),
    ],
)
def test_a_2013_control_number_gives_its_2022_controls(written: str, successors: tuple[str, ...]) -> None:
    assert successors_2013(written) == successors


def test_the_2013_table_covers_annex_a_of_2013_with_controls_of_2022() -> None:
    table = annex_a_2013()
    assert len(table) == 114  # ISO/IEC 27001:2013 Annex A has 114 controls in 14 groups (A.5 to A.18)
    assert {number.split(".")[0] for number in table} == {str(group) for group in range(5, 19)}
    successors = {control for controls in table.values() for control in controls}
    assert successors <= set(iso27001().annex_a)
    # Every 2022 control but the eleven new ones (5.7, 5.23 ... 8.28) carries on a 2013 control, and no new one does.
    new = {control for control in iso27001().annex_a if iso27001().controls[control].new}
    assert len(new) == 11
    assert set(iso27001().annex_a) - successors == new
