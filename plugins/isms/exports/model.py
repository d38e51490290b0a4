"""The whole model as JSON, with its JSON Schema: every register entry and document, plus derived levels.

Its fields are the registers of the catalogue (:mod:`isms.core.catalogue`), one each, so a register added
there is exported and described by the schema without a change here.

``isms diff`` reads this export back (from a snapshot's ``exports/model.json``), so what changed between
two snapshots is found from the same facts the site showed.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any

from pydantic import BaseModel, Field, TypeAdapter, create_model

from isms.core import catalogue
from isms.core.approval import approvals
from isms.core.derive import Derived, Score
from isms.core.facts import Facts
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


class ApprovalOut(BaseModel):
    kind: str = Field(description="document, or register (one register file).")
    id: str = Field(description="The document id, or the register file's path.")
    path: str = Field(description="Repository-relative path of the file.")
    line: int = Field(description="Line of its 'version:'.")
    approved: bool = Field(description="An approved document, or a register file whose header records its approval.")
    version: str = Field(description="Version as written.")
    approved_on: str | None = Field(None, description="Date of approval of this version (YYYY-MM-DD).")
    content: str = Field(
        description="SHA-256 of what the approval covers: the file less its approval record (version, approval,"
        " status, review dates, history) and less whitespace in a document's text; '' when it could not be read."
    )


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


class ModelExportBase(BaseModel):
    """Every register and controlled document of one version of the ISMS."""

    stamp: StampOut


@cache
def _export_model(generation: int) -> type[ModelExportBase]:
    """The export's model for the registers the catalogue holds (``generation`` keys the cache)."""
    fields: dict[str, Any] = {}
    levels: tuple[Any, Any] = (
        list[RiskLevelsOut],
        Field(default_factory=list, description="Derived scores and levels."),
    )
    for spec in catalogue.registers():
        description = spec.summary[:1].upper() + spec.summary[1:] + "."
        if spec.key is None:
            fields[spec.name] = (spec.model | None, Field(None, description=description))
        else:
            fields[spec.name] = (list[spec.model], Field(default_factory=list, description=description))  # type: ignore[name-defined]
        if spec.name == "risks":  # the derived levels follow the risks they belong to
            fields["risk_levels"] = levels
    fields.setdefault("risk_levels", levels)
    fields["documents"] = (list[DocumentOut], Field(default_factory=list))
    fields["approvals"] = (
        list[ApprovalOut],
        Field(
            default_factory=list,
            description="Each document and register file as approved, for 'isms diff' to find changes made without"
            " a new approval.",
        ),
    )
    fields["deadlines"] = (
        list[DeadlineOut],
        Field(default_factory=list, description="What falls due, and what is overdue as of the stamp's as-of date."),
    )
    model: type[ModelExportBase] = create_model(
        "ModelExport", __base__=ModelExportBase, __doc__=ModelExportBase.__doc__, **fields
    )
    return model


def export_model() -> type[ModelExportBase]:
    """The pydantic model of the whole-model export: one field per register of the catalogue, then derived data."""
    return _export_model(catalogue.generation())


def _score(score: Score) -> ScoreOut:
    return ScoreOut(
        likelihood=score.likelihood,
        impact=score.impact,
        score=score.score,
        level=score.level.id if score.level else None,
    )


def model_export(model: Model, derived: Derived, facts: Facts, stamp: Stamp) -> ModelExportBase:
    levels = [
        RiskLevelsOut(
            risk=risk_id,
            inherent=_score(scores.inherent),
            residual=_score(scores.residual) if scores.residual else None,
        )
        for risk_id, scores in derived.scores.items()
    ]
    registers = {
        spec.name: model.singles.get(spec.name) if spec.key is None else model.entries.get(spec.name, [])
        for spec in catalogue.registers()
    }
    return export_model()(
        stamp=StampOut(**stamp.as_dict()),
        **registers,
        risk_levels=levels,
        documents=[DocumentOut(path=d.path, front_matter=d.meta) for d in model.documents],
        approvals=_approvals(model),
        deadlines=[
            DeadlineOut(kind=d.kind, id=d.id, date=d.date.isoformat(), overdue=d.overdue, rule=d.rule)
            for d in facts.due_by(dt.date.max)
        ],
    )


def _approvals(model: Model) -> list[ApprovalOut]:
    return [ApprovalOut(**vars(a)) for a in approvals(model)]


def model_json(model: Model, derived: Derived, facts: Facts, stamp: Stamp, memo: dict[str, Any] | None = None) -> bytes:
    """The model as JSON (``null`` fields left out).

    With a ``memo`` (a dict kept between calls) each top-level part equal to the last call's is not
    encoded again: its text is the last one's, and the whole is byte for byte what it would be without.
    """
    if memo is None:
        # Serialised by pydantic straight to bytes: the same text as ``json.dumps(model_dump(mode="json"),
        # ensure_ascii=False, indent=2)``, without a second copy of the whole model as dicts and a str of it
        # (at 5,000 documents that doubled the build's peak memory for this one file).
        export = model_export(model, derived, facts, stamp)
        return TypeAdapter(type(export)).dump_json(export, indent=2, exclude_none=True) + b"\n"
    inputs = (model, derived, facts, stamp)
    kept_inputs, kept_export = memo.get("", (None, None))
    if kept_inputs is not None and all(now is then for now, then in zip(inputs, kept_inputs, strict=True)):
        # The same model: only the approvals, which digest the files' text as it is now, can differ.
        export = kept_export.model_copy(update={"approvals": _approvals(model)})
    else:
        export = model_export(model, derived, facts, stamp)
    memo[""] = (inputs, export)
    parts = []
    for name in type(export).model_fields:
        value = getattr(export, name)
        kept = memo.get(name)
        if kept is None or kept[0] != value:
            dumped = export.model_dump(mode="json", exclude_none=True, include={name})
            # One key of the indented object: '  "name": ...' with its nested lines indented as in the whole.
            text = json.dumps({name: dumped[name]}, ensure_ascii=False, indent=2)[2:-2] if name in dumped else None
            kept = memo[name] = (value, text)
        if kept[1] is not None:
            parts.append(kept[1])
    return (("{\n" + ",\n".join(parts) + "\n}" if parts else "{}") + "\n").encode("utf-8")


def model_schema() -> dict[str, Any]:
    """The JSON Schema of :func:`model_json`'s output."""
    schema = export_model().model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_json() -> bytes:
    return _schema_json(catalogue.generation())


@cache
def _schema_json(generation: int) -> bytes:
    """The schema of one generation of the catalogue (a plug-in register makes a new one)."""
    return (json.dumps(model_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
