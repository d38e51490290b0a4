"""Walk the typed references inside an entry: every field marked with :class:`~isms.core.models.types.Ref`.

The reference check (is every id known?) and the backlinks (what refers to this control?) read the same
markers, so a field declared as a reference in a model is checked and linked back without either of them
naming it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from isms.core.models.types import Ref, control_number

Keys = tuple[str | int, ...]
"""Where a value sits inside an entry: field names and list positions, e.g. ``("findings", 2, "controls", 0)``."""

_Field = tuple[str, str | None, type[BaseModel] | None]  # name, the kind it refers to, or the nested model to enter


def references(entry: BaseModel, prefix: Keys = ()) -> Iterator[tuple[Keys, str, str]]:
    """``(keys, kind, value)`` for every reference inside ``entry``, at any depth, in field order."""
    yield from _walk(entry, prefix, None)


def referenced(entry: BaseModel, kind: str) -> list[str]:
    """The ids of kind ``kind`` that ``entry`` refers to, each once, in the order they are written."""
    if not reference_fields(type(entry), kind):
        return []  # most entries refer to no control at all: do not walk them
    return list(dict.fromkeys(value for _, _, value in _walk(entry, (), kind)))


def _walk(entry: BaseModel, prefix: Keys, only: str | None) -> Iterator[tuple[Keys, str, str]]:
    for name, kind, nested in reference_fields(type(entry), only):
        value = getattr(entry, name)
        if value is None:
            continue
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            keys = (*prefix, name) if index is None else (*prefix, name, index)
            if kind is not None:
                yield keys, kind, item
            elif nested is not None and isinstance(item, BaseModel):
                yield from _walk(item, keys, only)


def raw_references(cls: type[BaseModel], raw: Any, kind: str) -> Iterator[str]:
    """The ids of kind ``kind`` written in ``raw``, an entry of ``cls`` as read, which failed validation.

    Read leniently, as far as the values are text: what an entry that failed to load refers to is not judged
    missing elsewhere (a risk whose only treatment failed is not also untreated).
    """
    if not isinstance(raw, dict):
        return
    for name, field_kind, nested in reference_fields(cls, kind):
        value = raw.get(name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if field_kind is not None:
                text = getattr(item, "text", item)  # a number written where an id belongs keeps its text
                if isinstance(text, (str, int)) and not isinstance(text, bool):
                    yield control_number(str(text)) if kind == "control" else str(text).strip()
            elif nested is not None:
                yield from raw_references(nested, item, kind)


@cache
def reference_fields(cls: type[BaseModel], only: str | None = None) -> tuple[_Field, ...]:
    """The fields of ``cls`` that are references (to ``only``, when given) or lead to some through a nested model."""
    fields: list[_Field] = []
    for name, info in cls.model_fields.items():
        kind = field_kind(info)
        if kind is not None:
            if only is None or kind == only:
                fields.append((name, kind, None))
            continue
        nested = _nested_model(info.annotation)
        if nested is not None and reference_fields(nested, only):
            fields.append((name, None, nested))
    return tuple(fields)


def field_kind(info: FieldInfo) -> str | None:
    """The kind a model field refers to, or None when it is not a reference."""
    return ref_kind(info.annotation) or next((m.kind for m in info.metadata if isinstance(m, Ref)), None)


def ref_kind(annotation: Any) -> str | None:
    """The kind a field's type refers to (``RoleId`` -> ``role``), looking inside lists and optionals."""
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if isinstance(meta, Ref):
                return meta.kind
        return ref_kind(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = ref_kind(arg)
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
