"""Ids are unique and every reference resolves."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from isms.core.checks.base import Context, Problem, check, label, problem
from isms.core.models.types import Ref
from isms.core.repository import REGISTERS

_WHERE = {
    "role": "registers/roles.yml",
    "asset": "registers/assets.yml",
    "risk": "registers/risks.yml",
    "treatment": "registers/treatments.yml",
    "requirement": "registers/requirements.yml",
    "evidence": "registers/evidence.yml",
    "audit": "registers/audits.yml",
    "nonconformity": "registers/nonconformities.yml",
    "objective": "registers/objectives.yml",
    "review": "registers/reviews.yml",
    "training": "registers/training.yml",
    "document": "the front matter of a page under docs/",
    "control": "Annex A of ISO/IEC 27001:2022 or registers/controls.yml",
    "clause": "clauses 4 to 10 of ISO/IEC 27001:2022",
}


@check("duplicate-id", "error", "Two entries of one register, or two documents, share an id.")
def duplicate_ids(context: Context) -> Iterator[Problem]:
    model = context.model
    for spec in REGISTERS:
        if not spec.key or spec.name == "soa":
            continue  # a second SoA entry for a control is reported once, by soa-duplicate-control
        seen: dict[str, Any] = {}
        for entry in model.entries[spec.name]:
            key = getattr(entry, spec.id_field)
            if key in seen:
                first = seen[key]
                yield problem(
                    entry,
                    (spec.id_field,),
                    f"{label(entry)}: the id '{key}' is used twice",
                    f"first used at {first.file}:{first.line()}; give each entry its own id",
                )
            else:
                seen[key] = entry
    documents: dict[str, Any] = {}
    for document in model.documents:
        if document.id in documents:
            first = documents[document.id]
            yield problem(
                document,
                ("id",),
                f"document {document.id}: the id is also used by {first.path}",
                f"first used at {first.path}:{first.meta.line('id')}; give each document its own id",
            )
        else:
            documents[document.id] = document


@check("unknown-reference", "error", "A reference (owner, risk, asset, control, clause, document...) names nothing.")
def unknown_references(context: Context) -> Iterator[Problem]:
    model = context.model
    known = dict(context.derived.index)
    catalogue = model.catalogue
    entries: list[Any] = [entry for spec in REGISTERS if spec.key for entry in model.entries[spec.name]]
    entries += [document.meta for document in model.documents]
    if model.isms is not None:
        entries.append(model.isms)
    if model.methodology is not None:
        entries.append(model.methodology)
    entries += [
        f.header for f in model.files if f.header is not None and f.header not in (model.isms, model.methodology)
    ]
    for entry in entries:
        for keys, kind, value in _references(entry):
            if kind == "control":
                if value in catalogue.controls:
                    continue
                candidates = list(catalogue.controls)
            elif kind == "clause":
                if catalogue.is_clause(value):
                    continue
                candidates = [*catalogue.clauses, *catalogue.sections]
            else:
                table = known.get(kind, {})
                if value in table or kind in model.unreadable or value in model.unloaded.get(kind, ()):
                    continue  # a register or entry that failed to load is reported once, where it fails
                candidates = list(table)
            close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.7)
            hint = f"did you mean '{close[0]}'? " if close else ""
            yield Problem(
                entry.file,
                entry.line(*keys),
                f"{_name(entry, model)}: {_dotted(keys)}: '{value}' is not a known {kind}",
                hint + f"{_PLURAL.get(kind, kind + 's')} are defined in {_WHERE.get(kind, 'the registers')}",
            )


_PLURAL = {"nonconformity": "nonconformities", "evidence": "evidence records", "training": "training programmes"}


def _name(entry: Any, model: Any) -> str:
    if entry is model.isms or entry is model.methodology:
        return "isms" if entry is model.isms else "methodology"  # whole-file registers: name the file, not 'header'
    for document in model.documents:
        if document.meta is entry:
            return f"document {document.id}"
    return label(entry) if hasattr(entry, "id") or hasattr(entry, "control") else "header"


def _dotted(keys: tuple[str | int, ...]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


def _references(
    entry: BaseModel, prefix: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """``(keys, kind, value)`` for every reference inside ``entry``, at any depth."""
    for name, kind, nested in _reference_fields(type(entry)):
        value = getattr(entry, name)
        if value is None:
            continue
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            keys = (*prefix, name) if index is None else (*prefix, name, index)
            if kind is not None:
                yield keys, kind, item
            elif nested is not None and isinstance(item, BaseModel):
                yield from _references(item, keys)


@cache
def _reference_fields(cls: type[BaseModel]) -> tuple[tuple[str, str | None, type[BaseModel] | None], ...]:
    fields = []
    for name, info in cls.model_fields.items():
        kind = _ref_kind(info.annotation) or next((m.kind for m in info.metadata if isinstance(m, Ref)), None)
        nested = _nested_model(info.annotation)
        if kind is not None or (nested is not None and _reference_fields(nested)):
            fields.append((name, kind, nested))
    return tuple(fields)


def _ref_kind(annotation: Any) -> str | None:
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if isinstance(meta, Ref):
                return meta.kind
        return _ref_kind(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _ref_kind(arg)
            if found:
                return found
    return None


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _nested_model(arg)
            if found is not None:
                return found
    return None
