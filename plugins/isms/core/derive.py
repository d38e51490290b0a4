"""Derived data: risk scores and levels, review dates, and everything that points at each control.

Nothing here is typed by authors; it is computed from the model so it can never disagree with it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from isms.core.models import registers as r
from isms.core.repository import REGISTERS, Document, Model


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Score:
    """A likelihood and impact with the score and level the methodology gives them."""

    likelihood: int
    impact: int
    score: int
    level: r.Level | None  # None when the methodology cannot place it (reported by the checks)


@dataclass(frozen=True)
class RiskScores:
    inherent: Score
    residual: Score | None


def level_of(methodology: r.MethodologyFile, likelihood: int, impact: int) -> r.Level | None:
    """The methodology's level for a likelihood and impact, or None if it has none."""
    levels = {level.id: level for level in methodology.levels}
    if methodology.matrix == "grid":
        grid = methodology.grid or []
        if 1 <= likelihood <= len(grid) and 1 <= impact <= len(grid[likelihood - 1]):
            return levels.get(grid[likelihood - 1][impact - 1])
        return None
    score = likelihood * impact
    for level in methodology.levels:
        if level.min_score is not None and level.max_score is not None and level.min_score <= score <= level.max_score:
            return level
    return None


def rank(methodology: r.MethodologyFile, level: r.Level | None) -> int:
    """Position of a level in the methodology, lowest first (-1 when unknown)."""
    if level is None:
        return -1
    for index, candidate in enumerate(methodology.levels):
        if candidate.id == level.id:
            return index
    return -1


def threshold_rank(methodology: r.MethodologyFile) -> int:
    """Rank of the highest acceptable level; a risk ranked above it needs treatment or acceptance."""
    for index, level in enumerate(methodology.levels):
        if level.id == methodology.acceptance.threshold:
            return index
    return len(methodology.levels)  # unknown threshold: reported by the checks; accept nothing silently


def document_next_review(document: Document) -> dt.date | None:
    """The date a document is next due for review, from ``next_review`` or ``approved_on + review_every``."""
    meta = document.meta
    if meta.next_review is not None:
        return meta.next_review
    if meta.review_every is not None and meta.approved_on is not None:
        return add_months(meta.approved_on, meta.review_every)
    return None


@dataclass
class ControlLinks:
    """Everything that refers to one control."""

    documents: list[Document] = field(default_factory=list)
    risks: list[r.Risk] = field(default_factory=list)
    treatments: list[r.Treatment] = field(default_factory=list)
    requirements: list[r.Requirement] = field(default_factory=list)
    evidence: list[r.Evidence] = field(default_factory=list)
    audits: list[r.Audit] = field(default_factory=list)
    nonconformities: list[r.Nonconformity] = field(default_factory=list)
    objectives: list[r.Objective] = field(default_factory=list)
    training: list[r.Programme] = field(default_factory=list)
    soa: r.SoaEntry | None = None


@dataclass
class Derived:
    """Data computed from a model, built once per check or build."""

    scores: dict[str, RiskScores]
    controls: dict[str, ControlLinks]
    treatments_by_risk: dict[str, list[r.Treatment]]
    documents_by_clause: dict[str, list[Document]]
    index: dict[str, dict[str, Any]]

    def links(self, control: str) -> ControlLinks:
        return self.controls.get(control) or ControlLinks()


def index(model: Model) -> dict[str, dict[str, Any]]:
    """Every entry by kind and id (the first of duplicates wins; duplicates are reported by the checks)."""
    ids: dict[str, dict[str, Any]] = {}
    for spec in REGISTERS:
        if spec.kind and spec.key:
            table: dict[str, Any] = {}
            for entry in model.entries[spec.name]:
                table.setdefault(getattr(entry, spec.id_field), entry)
            ids[spec.kind] = table
    documents: dict[str, Any] = {}
    for document in model.documents:
        documents.setdefault(document.id, document)
    ids["document"] = documents
    return ids


def derive(model: Model) -> Derived:
    """Compute scores, backlinks and indexes for ``model``."""
    scores: dict[str, RiskScores] = {}
    if model.methodology is not None:
        method = model.methodology
        for risk in model.risks:
            inherent = _score(method, risk.inherent)
            residual = _score(method, risk.residual) if risk.residual else None
            scores.setdefault(risk.id, RiskScores(inherent, residual))

    controls: dict[str, ControlLinks] = defaultdict(ControlLinks)
    for document in model.documents:
        for control in dict.fromkeys(document.meta.controls):
            controls[control].documents.append(document)
    for risk in model.risks:
        for control in dict.fromkeys([*risk.existing_controls, *risk.controls]):
            controls[control].risks.append(risk)
    for treatment in model.treatments:
        for control in dict.fromkeys(treatment.controls):
            controls[control].treatments.append(treatment)
    for requirement in model.requirements:
        for control in dict.fromkeys(requirement.controls):
            controls[control].requirements.append(requirement)
    for evidence in model.evidence:
        for control in dict.fromkeys(evidence.controls):
            controls[control].evidence.append(evidence)
    for audit in model.audits:
        in_scope = [*audit.controls, *(c for finding in audit.findings for c in finding.controls)]
        for control in dict.fromkeys(in_scope):
            controls[control].audits.append(audit)
    for nonconformity in model.nonconformities:
        for control in dict.fromkeys(nonconformity.controls):
            controls[control].nonconformities.append(nonconformity)
    for objective in model.objectives:
        for control in dict.fromkeys(objective.controls):
            controls[control].objectives.append(objective)
    for programme in model.training:
        for control in dict.fromkeys(programme.controls):
            controls[control].training.append(programme)
    for entry in model.soa:
        if controls[entry.control].soa is None:
            controls[entry.control].soa = entry

    treatments_by_risk: dict[str, list[r.Treatment]] = defaultdict(list)
    for treatment in model.treatments:
        for risk_id in dict.fromkeys(treatment.risks):
            treatments_by_risk[risk_id].append(treatment)

    documents_by_clause: dict[str, list[Document]] = defaultdict(list)
    for document in model.documents:
        for clause in dict.fromkeys(document.meta.clauses):
            documents_by_clause[clause].append(document)

    return Derived(
        scores=scores,
        controls=dict(controls),
        treatments_by_risk=dict(treatments_by_risk),
        documents_by_clause=dict(documents_by_clause),
        index=index(model),
    )


def _score(method: r.MethodologyFile, rating: r.Rating) -> Score:
    return Score(
        rating.likelihood,
        rating.impact,
        rating.likelihood * rating.impact,
        level_of(method, rating.likelihood, rating.impact),
    )
