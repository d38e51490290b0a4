"""The documented information that clauses 4–10 require (the catalogue's ``requires`` and ``met_by``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from isms.core.derive import derive
from isms.core.facts import unmet
from isms.core.load import load
from isms.core.repository import Model
from tests.conftest import Case, Repo, case_id

HINT = "see the table of mandatory documented information: isms/reference/mandatory/ on the site"
POL = "docs/policies/information-security.md"


def missing(clause: str, title: str, requires: str, what: str) -> str:
    return f"registers/isms.yml: warning: clause {clause} ({title}) requires {requires}; missing: {what} — {HINT}"


CLAUSE_4_3 = ("4.3", "Determining the scope of the information security management system", "ISMS scope (document)")
CLAUSE_5_2 = ("5.2", "Policy", "Information security policy (document)")
CLAUSE_6_2 = (
    "6.2",
    "Information security objectives and planning to achieve them",
    "Information security objectives (document)",
)
CLAUSE_7_2 = ("7.2", "Competence", "Evidence of competence (record)")
COMPETENCE = "registers/competence.yml"
NO_COMPETENCE_EVIDENCE = (
    "evidence of competence: a holder's evidence or training in registers/competence.yml,"
    " or entries in registers/training.yml"
)
CLAUSE_9_1 = ("9.1", "Monitoring, measurement, analysis and evaluation", "Monitoring and measurement results (record)")

CASES = [
    Case(
        "climate-change-not-determined",
        "climate-change-undetermined",
        (
            (
                "registers/isms.yml",
                "climate: {relevant: false, rationale: Office-based services with no climate-exposed sites or"
                " duties}\n",
                "",
            ),
        ),
        (
            "registers/isms.yml:9: warning: isms: it does not record whether climate change is a relevant issue,"
            " as clause 4.1 requires since Amd 1:2024 — add an issue to registers/context.yml with 'climate_change:"
            " true', 'relevant: true or false' and in 'effect:' why, and where the interested parties' requirements"
            " (4.2) and the risks address it",
        ),
    ),
    Case(
        "scope-document-not-approved",
        "mandatory-documented-information",
        (("docs/scope.md", "status: approved", "status: in review"),),
        (missing(*CLAUSE_4_3, "an approved scope document named by 'scope:' in registers/isms.yml"),),
    ),
    Case(
        "no-document-for-the-policy-clause",
        "mandatory-documented-information",
        ((POL, 'clauses: ["5.2", "7.5.1"]', 'clauses: ["7.5.1"]'),),
        (missing(*CLAUSE_5_2, "an approved document listing clause 5.2 in its 'clauses:'"),),
    ),
    Case(
        "no-objectives-register",
        "mandatory-documented-information",
        (lambda repo: repo.delete("registers/objectives.yml"),),
        (
            missing(*CLAUSE_6_2, "entries in registers/objectives.yml"),
            missing(*CLAUSE_9_1, "measurements of the objectives in registers/objectives.yml"),
        ),
    ),
    Case(
        "objectives-never-measured",
        "mandatory-documented-information",
        (
            (
                "registers/objectives.yml",
                "    measurements:\n      - {date: 2026-03-31, value: 80}\n      - {date: 2026-09-30, value: 90}\n",
                "",
            ),
        ),
        (missing(*CLAUSE_9_1, "measurements of the objectives in registers/objectives.yml"),),
    ),
    Case(
        "no-competence-or-training-register",
        "mandatory-documented-information",
        (lambda repo: repo.delete("registers/training.yml"), lambda repo: repo.delete("registers/competence.yml")),
        (missing(*CLAUSE_7_2, NO_COMPETENCE_EVIDENCE),),
    ),
    Case(
        "competence-records-name-no-evidence",
        "mandatory-documented-information",
        (
            lambda repo: repo.delete("registers/training.yml"),
            (
                COMPETENCE,
                "        means: [experience, training]\n        training: [TR-1]\n",
                "        means: [experience]\n",
            ),
            (COMPETENCE, "      - person: Ada Example\n        training: [TR-1]\n", "      - person: Ada Example\n"),
            (COMPETENCE, "        evidence: [EV-3]\n", ""),
        ),
        (
            *(
                f"{COMPETENCE}:{line}: warning: competence of {role}: {person}: no evidence of competence — name the"
                " evidence records (certificates, an assessed CV, course records) in 'evidence:' or the training"
                " programmes completed in 'training:'"
                for line, role, person in ((12, "ceo", "Ada Example"), (19, "ciso", "Ben Example"))
            ),
            missing(*CLAUSE_7_2, NO_COMPETENCE_EVIDENCE),
        ),
        also=frozenset({"competence-evidence"}),
    ),
    Case(
        "nothing-approved",
        "mandatory-documented-information",
        tuple((rel, "status: approved", "status: draft") for rel in ("docs/scope.md", POL, "docs/procedures/risk.md")),
        (
            missing(*CLAUSE_4_3, "an approved scope document named by 'scope:' in registers/isms.yml"),
            missing(*CLAUSE_5_2, "an approved document listing clause 5.2 in its 'clauses:'"),
            missing(
                "6.1.2",
                "Information security risk assessment",
                "Risk assessment process and risk criteria (document)",
                "an approved document listing clause 6.1.2 in its 'clauses:'",
            ),
            missing(
                "6.1.3",
                "Information security risk treatment",
                "Risk treatment process; Statement of Applicability (d); risk treatment plan (e); risk owners'"
                " approval of the plan and acceptance of residual risks (f)",
                "an approved document listing clause 6.1.3 in its 'clauses:'",
            ),
            missing(
                "7.5.1",
                "Documented information: general",
                "Documented information the organization determines necessary",
                "any approved controlled document",
            ),
            *(
                f"registers/soa.yml:{line}: warning: SoA {control}: the control is marked implemented, but only"
                f" documents not yet approved show it: POL-IS (draft) — approve the document, add an evidence"
                " record, or set 'status:' to partial or planned"
                for line, control in ((6, "5.1"), (22, "5.17"))
            ),
        ),
        also=frozenset({"soa-implemented-unsupported"}),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_mandatory_check(repo: Repo, case: Case) -> None:
    case.run(repo)


def _clear(*registers: str) -> Callable[[Model], None]:
    def mutate(model: Model) -> None:
        for register in registers:
            model.entries[register].clear()

    return mutate


def _absent(register: str) -> Callable[[Model], None]:
    def mutate(model: Model) -> None:
        model.present.discard(register)

    return mutate


def _no_isms(model: Model) -> None:
    model.isms = None


def _unaccept(model: Model) -> None:
    """R-2 is accepted; give it a residual rating above the threshold and drop the acceptance."""
    risk = model.risks[1]
    model.risks[1] = risk.model_copy(update={"acceptance": None, "residual": model.risks[0].inherent})


@pytest.mark.parametrize(
    ("clause", "mutate", "expected"),
    [
        pytest.param(
            "4.3", _no_isms, ["an approved scope document named by 'scope:' in registers/isms.yml"], id="scope"
        ),
        pytest.param(
            "6.1.2", _absent("methodology"), ["entries in registers/methodology.yml"], id="register:methodology"
        ),
        pytest.param("6.1.3", _clear("soa"), ["entries in registers/soa.yml"], id="register:soa"),
        pytest.param(
            "6.1.3",
            _unaccept,
            ["risk owners' acceptance of the residual risks above the threshold"],
            id="acceptances",
        ),
        pytest.param("6.2", _clear("objectives"), ["entries in registers/objectives.yml"], id="register:objectives"),
        pytest.param("7.2", _clear("training", "competence"), [NO_COMPETENCE_EVIDENCE], id="competence"),
        pytest.param("8.1", _clear("evidence"), ["entries in registers/evidence.yml"], id="register:evidence"),
        pytest.param("8.2", _clear("risks"), ["entries in registers/risks.yml"], id="register:risks"),
        pytest.param("8.3", _clear("treatments"), ["entries in registers/treatments.yml"], id="register:treatments"),
        pytest.param(
            "9.1",
            _clear("objectives"),
            ["measurements of the objectives in registers/objectives.yml"],
            id="measurements",
        ),
        pytest.param("9.2", _clear("audits"), ["entries in registers/audits.yml"], id="register:audits"),
        pytest.param("9.3", _clear("reviews"), ["entries in registers/reviews.yml"], id="register:reviews"),
        pytest.param(
            "10.2",
            _absent("nonconformities"),
            ["entries in registers/nonconformities.yml"],
            id="register:nonconformities",
        ),
    ],
)
def test_each_way_a_clause_can_be_unmet(
    repo: Repo, clause: str, mutate: Callable[[Model], None], expected: list[str]
) -> None:
    model, findings = load(repo.root)
    assert findings == []
    catalogue_clause = model.catalogue.clauses[clause]
    assert unmet(model, derive(model), catalogue_clause) == []
    mutate(model)
    assert unmet(model, derive(model), catalogue_clause) == expected


def test_an_empty_nonconformity_register_is_enough(repo: Repo) -> None:
    """Having had no nonconformity is fine; the register must exist to show they are recorded."""
    model, _ = load(repo.root)
    model.entries["nonconformities"].clear()
    assert unmet(model, derive(model), model.catalogue.clauses["10.2"]) == []


def test_holders_evidence_of_competence_meets_7_2_without_a_training_register(repo: Repo) -> None:
    """A holder's evidence or completed training in the competence register is evidence of competence (7.2 d)."""
    model, findings = load(repo.root)
    assert findings == []
    model.entries["training"].clear()
    clause = model.catalogue.clauses["7.2"]
    assert unmet(model, derive(model), clause) == []  # Ben's EV-3, Ada's TR-1
    for record in model.competence:
        for holder in record.holders:
            holder.training.clear()
    assert unmet(model, derive(model), clause) == []  # Ben's EV-3 alone
    for record in model.competence:
        for holder in record.holders:
            holder.evidence.clear()
    assert unmet(model, derive(model), clause) == [NO_COMPETENCE_EVIDENCE]
