"""Derived data: risk scores and levels, review dates, and what points at each control."""

from __future__ import annotations

import datetime as dt

import pytest

from isms.core.derive import add_months, derive, document_next_review, level_of, rank, threshold_rank
from isms.core.load import load
from isms.core.models.registers import MethodologyFile
from tests.conftest import Repo


def methodology(**changes: object) -> MethodologyFile:
    """A 5 × 5 methodology banding the product into low 1–4, medium 5–9, high 10–16, critical 17–25."""
    data: dict[str, object] = {
        "version": "1",
        "owner": "ciso",
        "likelihood": [{"value": v, "name": f"L{v}", "criteria": "c"} for v in range(1, 6)],
        "impact": [{"value": v, "name": f"I{v}", "criteria": "c"} for v in range(1, 6)],
        "levels": [
            {"id": "low", "name": "Low", "colour": "#00ff00", "min_score": 1, "max_score": 4, "review_every": 12},
            {"id": "medium", "name": "Medium", "colour": "#ffff00", "min_score": 5, "max_score": 9, "review_every": 12},
            {"id": "high", "name": "High", "colour": "#ff8000", "min_score": 10, "max_score": 16, "review_every": 6},
            {
                "id": "critical",
                "name": "Critical",
                "colour": "#ff0000",
                "min_score": 17,
                "max_score": 25,
                "review_every": 3,
            },
        ],
        "acceptance": {"threshold": "medium"},
    }
    data.update(changes)
    return MethodologyFile.model_validate(data)


GRID = [
    ["low", "low", "low", "medium", "medium"],
    ["low", "low", "medium", "medium", "high"],
    ["low", "medium", "medium", "high", "high"],
    ["medium", "medium", "high", "high", "critical"],
    ["medium", "high", "high", "critical", "critical"],
]


@pytest.mark.parametrize(
    ("likelihood", "impact", "level"),
    [
        (1, 1, "low"),
        (2, 2, "low"),
        (1, 4, "low"),
        (1, 5, "medium"),  # 5: the first score of a band
        (3, 3, "medium"),  # 9: the last score of a band
        (2, 5, "high"),
        (4, 4, "high"),
        (3, 5, "high"),
        (5, 4, "critical"),
        (5, 5, "critical"),
    ],
)
def test_product_bands(likelihood: int, impact: int, level: str) -> None:
    found = level_of(methodology(), likelihood, impact)
    assert found is not None
    assert found.id == level


@pytest.mark.parametrize(
    ("likelihood", "impact", "level"),
    [(1, 1, "low"), (1, 4, "medium"), (2, 5, "high"), (4, 1, "medium"), (4, 5, "critical"), (5, 2, "high")],
)
def test_grid_lookup_is_by_likelihood_row_then_impact_column(likelihood: int, impact: int, level: str) -> None:
    found = level_of(methodology(matrix="grid", grid=GRID), likelihood, impact)
    assert found is not None
    assert found.id == level


@pytest.mark.parametrize(
    ("method", "likelihood", "impact"),
    [
        pytest.param(methodology(), 6, 5, id="product-beyond-every-band"),
        pytest.param(methodology(matrix="grid", grid=GRID), 6, 1, id="grid-row-missing"),
        pytest.param(methodology(matrix="grid", grid=GRID), 1, 6, id="grid-column-missing"),
        pytest.param(methodology(matrix="grid", grid=[["low", "nonsense"]]), 1, 2, id="grid-cell-not-a-level"),
        pytest.param(methodology(matrix="grid"), 1, 1, id="grid-not-given"),
    ],
)
def test_no_level_when_the_methodology_has_none(method: MethodologyFile, likelihood: int, impact: int) -> None:
    assert level_of(method, likelihood, impact) is None


def test_ranks_and_threshold() -> None:
    method = methodology()
    assert [rank(method, level) for level in method.levels] == [0, 1, 2, 3]
    assert rank(method, None) == -1
    assert threshold_rank(method) == 1
    assert threshold_rank(methodology(acceptance={"threshold": "critical"})) == 3
    # An unknown threshold ranks above every level (the methodology check reports it as an error).
    assert threshold_rank(methodology(acceptance={"threshold": "nonsense"})) == 4


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28), id="jan-31-plus-1-clamps-to-feb-28"),
        pytest.param(dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29), id="leap-year-feb-29"),
        pytest.param(dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28), id="backwards-clamps-too"),
        pytest.param(dt.date(2026, 8, 31), 1, dt.date(2026, 9, 30), id="31-to-30-day-month"),
        pytest.param(dt.date(2026, 11, 15), 2, dt.date(2027, 1, 15), id="across-the-year"),
        pytest.param(dt.date(2026, 1, 15), -1, dt.date(2025, 12, 15), id="back-across-the-year"),
        pytest.param(dt.date(2026, 6, 1), 12, dt.date(2027, 6, 1), id="a-year"),
        pytest.param(dt.date(2026, 11, 28), -36, dt.date(2023, 11, 28), id="three-years-back"),
        pytest.param(dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28), id="feb-29-plus-a-year"),
        pytest.param(dt.date(2026, 5, 20), 0, dt.date(2026, 5, 20), id="zero"),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


# --- over the minimal repository --------------------------------------------------------------


def test_risk_scores_and_levels_of_the_minimal_repository(repo: Repo) -> None:
    model, _ = load(repo.root)
    scores = derive(model).scores

    def show(risk_id: str) -> tuple[object, ...]:
        s = scores[risk_id]
        residual = (s.residual.score, s.residual.level.id) if s.residual and s.residual.level else None
        return (s.inherent.score, s.inherent.level.id if s.inherent.level else None, residual)

    assert {risk: show(risk) for risk in ("R-1", "R-2", "R-3")} == {
        "R-1": (9, "high", (2, "low")),
        "R-2": (4, "medium", None),
        "R-3": (6, "high", (4, "medium")),
    }


def test_scores_follow_the_methodology_not_the_risk(repo: Repo) -> None:
    """Moving the bands changes every level: scores and levels are never typed into the risk register."""
    repo.replace("registers/methodology.yml", "min_score: 3, max_score: 4", "min_score: 3, max_score: 6")
    repo.replace("registers/methodology.yml", "min_score: 5, max_score: 9", "min_score: 7, max_score: 9")
    model, findings = load(repo.root)
    assert findings == []
    scores = derive(model).scores
    assert [(scores[r].inherent.score, scores[r].inherent.level.id) for r in ("R-1", "R-2", "R-3")] == [  # type: ignore[union-attr]
        (9, "high"),
        (4, "medium"),
        (6, "medium"),
    ]


def test_no_scores_without_a_methodology(repo: Repo) -> None:
    repo.delete("registers/methodology.yml")
    model, _ = load(repo.root)
    assert derive(model).scores == {}


def test_control_backlinks(repo: Repo) -> None:
    model, _ = load(repo.root)
    derived = derive(model)

    def links(control: str) -> dict[str, list[str]]:
        found = derived.links(control)
        return {
            "documents": [d.id for d in found.documents],
            "risks": [r.id for r in found.risks],
            "treatments": [t.id for t in found.treatments],
            "requirements": [r.id for r in found.requirements],
            "evidence": [e.id for e in found.evidence],
            "audits": [a.id for a in found.audits],
            "nonconformities": [n.id for n in found.nonconformities],
            "objectives": [o.id for o in found.objectives],
            "training": [t.id for t in found.training],
        }

    # IA-2 has every applicable control in its scope, so the audit programme covers them all
    empty = {**{key: [] for key in links("5.3")}, "audits": ["IA-2"]}
    assert links("5.3") == empty
    assert links("5.1") == {**empty, "documents": ["POL-IS"]}
    assert links("5.17") == {**empty, "documents": ["POL-IS"], "risks": ["R-1"]}
    assert links("8.5") == {**empty, "risks": ["R-1"], "treatments": ["T-1"], "evidence": ["EV-1"]}
    assert links("8.13") == {**empty, "risks": ["R-3"], "treatments": ["T-2"], "evidence": ["EV-2"]}
    assert links("5.34") == {**empty, "requirements": ["REQ-1"]}
    assert links("6.3") == {**empty, "training": ["TR-1"]}
    soa = derived.links("5.15").soa
    assert soa is not None
    assert (soa.control, soa.status) == ("5.15", "partial")
    assert derived.links("99.99").soa is None


def test_backlinks_count_an_entry_once_and_include_audit_findings(repo: Repo) -> None:
    repo.replace("registers/risks.yml", 'controls: ["5.15", "8.5"]', 'controls: ["5.15", "8.5", "A.5.17"]')
    repo.replace(
        "registers/audits.yml", '        clauses: ["9.1"]\n', '        clauses: ["9.1"]\n        controls: ["5.9"]\n'
    )
    repo.replace(
        "registers/objectives.yml", "    direction: at least\n", '    direction: at least\n    controls: ["6.3"]\n'
    )
    model, findings = load(repo.root)
    assert findings == []
    derived = derive(model)
    assert [r.id for r in derived.links("5.17").risks] == ["R-1"]  # existing and chosen: listed once
    assert [a.id for a in derived.links("5.9").audits] == ["IA-1", "IA-2"]
    assert [o.id for o in derived.links("6.3").objectives] == ["OBJ-1"]


def test_treatments_by_risk_and_documents_by_clause(repo: Repo) -> None:
    model, _ = load(repo.root)
    derived = derive(model)
    assert {risk: [t.id for t in items] for risk, items in derived.treatments_by_risk.items()} == {
        "R-1": ["T-1"],
        "R-3": ["T-2"],
    }
    assert {clause: [d.id for d in items] for clause, items in derived.documents_by_clause.items()} == {
        "5.2": ["POL-IS"],
        "7.5.1": ["POL-IS"],
        "6.1.2": ["PRO-RISK"],
        "6.1.3": ["PRO-RISK"],
        "4.3": ["DOC-SCOPE"],
    }


def test_index_keeps_the_first_of_duplicates(repo: Repo) -> None:
    repo.write(
        "registers/roles.yml",
        repo.read("registers/roles.yml") + "  - id: ceo\n    title: Second CEO\n",
    )
    model, _ = load(repo.root)
    index = derive(model).index
    assert index["role"]["ceo"].title == "Chief Executive Officer"
    assert sorted(index["document"]) == ["DOC-SCOPE", "POL-IS", "PRO-RISK"]
    assert sorted(index["evidence"]) == ["EV-1", "EV-2", "EV-3"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("docs/procedures/risk.md", dt.date(2027, 1, 15), id="next_review"),
        pytest.param("docs/policies/information-security.md", dt.date(2027, 3, 1), id="approved_on-plus-review_every"),
    ],
)
def test_document_next_review(repo: Repo, path: str, expected: dt.date) -> None:
    model, _ = load(repo.root)
    document = next(d for d in model.documents if d.path == path)
    assert document_next_review(document) == expected


def test_no_review_date_without_approval_date(repo: Repo) -> None:
    repo.replace("docs/scope.md", "approved_on: 2026-01-15\n", "")
    model, _ = load(repo.root)
    document = next(d for d in model.documents if d.id == "DOC-SCOPE")
    assert document_next_review(document) is None
