"""The whole model as JSON, with its JSON Schema: every register entry and document, plus derived levels.

``isms diff`` reads this export back (from a snapshot's ``exports/model.json``), so what changed between
two snapshots is found from the same facts the site showed.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, Field

from isms.core.derive import Derived, Score
from isms.core.facts import Facts
from isms.core.models import registers as r
from isms.core.models.documents import FrontMatter
from isms.core.repository import Model
from isms.exports.stamp import Stamp


class StampOut(BaseModel):
    organisation: str = Field(description="Organisation the ISMS belongs to.")
    version: str = Field(description="Version of the ISMS this export shows (a release tag, or 'unreleased').")
    commit: str = Field(description="Git commit the export was made from ('' outside git).")
    as_of: str = Field(description="Date the export judges dates as of (YYYY-MM-DD).")


class DocumentOut(BaseModel):
    path: str = Field(description="Repository-relative path of the Markdown file.")
    front_matter: FrontMatter = Field(description="The document's front matter.")


class ScoreOut(BaseModel):
    likelihood: int
    impact: int
    score: int
    level: str | None = Field(None, description="Level id from the methodology; absent when it places none.")


class RiskLevelsOut(BaseModel):
    risk: str = Field(description="Risk id.")
    inherent: ScoreOut
    residual: ScoreOut | None = None


class DeadlineOut(BaseModel):
    kind: str = Field(description="What falls due: review, risk reassessment, treatment, evidence, audit, ...")
    id: str = Field(description="Id of the entry (an action: '<entry id> action <n>').")
    date: str = Field(description="When it falls due (YYYY-MM-DD).")
    overdue: bool = Field(description="Whether it is overdue as of the stamp's as-of date.")
    rule: str = Field(description="The check rule that reports it once it is overdue.")


class ModelExport(BaseModel):
    """Every register and controlled document of one version of the ISMS."""

    stamp: StampOut
    isms: r.IsmsFile | None = None
    methodology: r.MethodologyFile | None = None
    roles: list[r.Role] = Field(default_factory=list)
    assets: list[r.Asset] = Field(default_factory=list)
    risks: list[r.Risk] = Field(default_factory=list)
    risk_levels: list[RiskLevelsOut] = Field(default_factory=list, description="Derived scores and levels.")
    treatments: list[r.Treatment] = Field(default_factory=list)
    soa: list[r.SoaEntry] = Field(default_factory=list)
    requirements: list[r.Requirement] = Field(default_factory=list)
    objectives: list[r.Objective] = Field(default_factory=list)
    audits: list[r.Audit] = Field(default_factory=list)
    nonconformities: list[r.Nonconformity] = Field(default_factory=list)
    reviews: list[r.Review] = Field(default_factory=list)
    evidence: list[r.Evidence] = Field(default_factory=list)
    training: list[r.Programme] = Field(default_factory=list)
    controls: list[r.OrgControl] = Field(default_factory=list, description="The organisation's own controls.")
    documents: list[DocumentOut] = Field(default_factory=list)
    deadlines: list[DeadlineOut] = Field(
        default_factory=list, description="What falls due, and what is overdue as of the stamp's as-of date."
    )


def _score(score: Score) -> ScoreOut:
    return ScoreOut(
        likelihood=score.likelihood,
        impact=score.impact,
        score=score.score,
        level=score.level.id if score.level else None,
    )


def model_export(model: Model, derived: Derived, facts: Facts, stamp: Stamp) -> ModelExport:
    levels = [
        RiskLevelsOut(
            risk=risk_id,
            inherent=_score(scores.inherent),
            residual=_score(scores.residual) if scores.residual else None,
        )
        for risk_id, scores in derived.scores.items()
    ]
    return ModelExport(
        stamp=StampOut(**stamp.as_dict()),
        isms=model.isms,
        methodology=model.methodology,
        roles=model.roles,
        assets=model.assets,
        risks=model.risks,
        risk_levels=levels,
        treatments=model.treatments,
        soa=model.soa,
        requirements=model.requirements,
        objectives=model.objectives,
        audits=model.audits,
        nonconformities=model.nonconformities,
        reviews=model.reviews,
        evidence=model.evidence,
        training=model.training,
        controls=model.org_controls,
        documents=[DocumentOut(path=d.path, front_matter=d.meta) for d in model.documents],
        deadlines=[
            DeadlineOut(kind=d.kind, id=d.id, date=d.date.isoformat(), overdue=d.overdue, rule=d.rule)
            for d in facts.due_by(dt.date.max)
        ],
    )


def model_json(model: Model, derived: Derived, facts: Facts, stamp: Stamp) -> bytes:
    """The model as JSON (``null`` fields left out)."""
    data = model_export(model, derived, facts, stamp).model_dump(mode="json", exclude_none=True)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def model_schema() -> dict[str, Any]:
    """The JSON Schema of :func:`model_json`'s output."""
    schema = ModelExport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_json() -> bytes:
    return (json.dumps(model_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
