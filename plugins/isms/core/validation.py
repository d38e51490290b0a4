"""Turn pydantic validation errors into findings an author can act on: where, what, how to fix."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from isms.core.findings import Finding
from isms.core.findings import error as _error
from isms.core.models.types import visible
from isms.core.yamlsafe import line_of

_DERIVED = {
    "score": "scores are derived from registers/methodology.yml; remove it",
    "level": "levels are derived from registers/methodology.yml; remove it",
    "inherent_score": "scores are derived from registers/methodology.yml; remove it",
    "residual_score": "scores are derived from registers/methodology.yml; remove it",
    "documents": "implementing documents are derived from the documents' `controls`; remove it",
    "risk_score": "scores are derived from registers/methodology.yml; remove it",
}


def error(path: str, line: int, message: str, hint: str = "") -> Finding:
    return _error(path, line, message, hint, rule="schema")


M = TypeVar("M", bound=BaseModel)


def validate(cls: type[M], raw: Any, path: str, prefix: str, *, label: str = "") -> tuple[M | None, list[Finding]]:
    """Validate ``raw`` (loaded by :mod:`isms.core.yamlsafe`) as ``cls``; findings point into ``path``.

    ``prefix`` is the key path shown before each message, e.g. ``risks[3]``; ``label``, when given, names the
    entry instead (``risk R-012``), and the key path inside it follows: ``risk R-012: last_assessed: ...``.
    """
    try:
        return cls.model_validate(raw), []
    except ValidationError as exc:
        where = _Where(label, prefix)
        return None, [_finding(cls, raw, path, where, item) for item in exc.errors(include_url=False)]


class _Where:
    """How a message names the place of a value: by the entry's label, else by its key path."""

    def __init__(self, label: str, prefix: str) -> None:
        self.label = label
        self.prefix = prefix

    def __call__(self, loc: tuple[Any, ...]) -> str:
        if self.label:
            inner = _dotted("", loc)
            return f"{self.label}: {inner}" if inner else self.label
        return _dotted(self.prefix, loc)


def _finding(cls: type[BaseModel], raw: Any, path: str, at: _Where, item: Any) -> Finding:
    loc = tuple(part for part in item["loc"] if isinstance(part, (str, int)))
    kind = item["type"]
    where = at(loc)
    if kind == "missing":
        model = _model_at(cls, loc[:-1])
        description = _description(model, loc[-1]) if model else ""
        return error(
            path,
            line_of(raw, loc[:-1]),
            f"{at(loc[:-1]) or 'the file'}: the required key '{loc[-1]}' is missing",
            f"add `{loc[-1]}:` ({description})" if description else f"add `{loc[-1]}:`",
        )
    ctx = item.get("ctx") or {}
    if "hint" in ctx:  # our own errors (PydanticCustomError) carry their hint
        return error(path, line_of(raw, loc), f"{where}: {item['msg']}" if where else item["msg"], str(ctx["hint"]))
    if kind == "extra_forbidden":
        model = _model_at(cls, loc[:-1])
        key = str(loc[-1])
        allowed = sorted(model.model_fields) if model else []
        hint = _DERIVED.get(key, "")
        if not hint:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else ""
            if allowed:
                hint = (hint + " " if hint else "") + "allowed keys: " + ", ".join(allowed)
        return error(path, line_of(raw, loc), f"{where}: unknown key '{visible(key)}'", hint)
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", item.get("ctx", {}).get("expected", ""))
        value = item.get("input")
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'? " if close else ""
        hint += "use one of: " + ", ".join(expected)
        return error(path, line_of(raw, loc), f"{where}: {value!r} is not an allowed value", hint)
    message = item["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
        return error(path, line_of(raw, loc), f"{where}: {message}" if where else message)
    value = item.get("input")
    if kind in ("too_short", "string_too_short") and isinstance(value, str) and not value.strip():
        # pydantic says "Value should have at least 1 item after validation" for blank text
        hint = "write the text, or remove the key if it is optional"
        return error(path, line_of(raw, loc), f"{where}: the text is empty", hint)
    message = message[:1].lower() + message[1:]
    shown = "" if isinstance(value, (dict, list)) else f" (got {_short(value)})"
    return error(path, line_of(raw, loc), f"{where}: {message}{shown}", _type_hint(kind, value))


def _type_hint(kind: str, value: Any) -> str:
    if kind in {"string_type"} and isinstance(value, bool):
        return "YAML reads true/false as yes/no: quote the text if you meant it as text"
    if kind in {"list_type"}:
        return "write a list, one '- item' per line or [a, b]"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return "write a mapping of 'key: value' lines here"
    if kind == "string_type":
        return "write text here"
    return ""


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(prefix: str, loc: tuple[Any, ...]) -> str:
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{visible(part)}" if out else visible(part)
    return out


def _model_at(cls: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping found at ``loc`` inside ``cls``."""
    current: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType, dict):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _description(model: type[BaseModel], key: Any) -> str:
    field = model.model_fields.get(str(key))
    return (field.description or "").rstrip(".") if field else ""
