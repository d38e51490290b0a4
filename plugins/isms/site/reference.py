"""The authors' reference in the README, generated from the models, the checks and the catalogue.

Run ``python -m isms.site.reference README.md`` to rewrite the generated blocks; a test fails when they
are out of date, so the README can never describe a field the models do not have.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from isms.core.catalogue import registers
from isms.core.checks import CHECKS
from isms.core.models.documents import FrontMatter
from isms.core.models.registers import Header
from isms.core.models.types import Ref
from isms.core.standard import iso27001

_NAMED = {"date": "date", "str": "text", "int": "integer", "float": "number", "bool": "true/false"}


def type_name(annotation: Any) -> str:
    """A short, author-facing name for a field's type."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        for meta in metadata:
            if isinstance(meta, Ref):
                return f"{meta.kind} id"
        return type_name(base)
    if origin in (typing.Union, types.UnionType):
        names = [type_name(arg) for arg in typing.get_args(annotation) if arg is not type(None)]
        return " or ".join(names)
    if origin is list:
        return f"list of {type_name(typing.get_args(annotation)[0])}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"mapping of {type_name(key)} to {type_name(value)}"
    if origin is Literal:
        return "one of: " + ", ".join(str(arg) for arg in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"mapping ({_anchor_name(annotation)})"
    return _NAMED.get(getattr(annotation, "__name__", ""), getattr(annotation, "__name__", str(annotation)))


def _anchor_name(model: type[BaseModel]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


def _required(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    default = info.get_default(call_default_factory=True)
    if default in (None, [], {}):
        return ""
    return f"default {default}"


def _nested(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for arg in typing.get_args(annotation):
        found += [model for model in _nested(arg) if model not in found]
    return found


def _table(model: type[BaseModel], skip: set[str] = frozenset()) -> tuple[list[str], list[type[BaseModel]]]:  # type: ignore[assignment]
    rows = ["| key | type | | meaning |", "|---|---|---|---|"]
    nested: list[type[BaseModel]] = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        description = (info.description or "").replace("|", "\\|")
        ref = next((meta.kind for meta in info.metadata if isinstance(meta, Ref)), None)
        kind = f"{ref} id" if ref else type_name(info.annotation)
        rows.append(f"| `{name}` | {kind} | {_required(info)} | {description} |")
        nested += [m for m in _nested(info.annotation) if m not in nested]
    return rows, nested


def _model_section(model: type[BaseModel], title: str, level: str, skip: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    lines = [f"{level} {title}", ""]
    doc = (model.__doc__ or "").strip()
    if doc and not doc.startswith("``"):
        lines += [doc.splitlines()[0], ""]
    rows, nested = _table(model, skip)
    lines += [*rows, ""]
    seen: set[type[BaseModel]] = set()
    while nested:
        child = nested.pop(0)
        if child in seen:
            continue
        seen.add(child)
        child_rows, grandchildren = _table(child)
        lines += [f"*{_anchor_name(child)}*:", "", *child_rows, ""]
        nested += grandchildren
    return lines


def fields_markdown() -> str:
    """Every register and front-matter field, with its type and meaning."""
    header_keys = set(Header.model_fields)
    lines = _model_section(Header, "The header of every register file", "####")
    for spec in registers():
        where = f"`registers/{spec.name}.yml`"
        if spec.key:
            where += f" (or a folder `registers/{spec.name}/*.yml`), entries under `{spec.key}:`"
            lines += _model_section(spec.model, f"{where} — {spec.summary}", "####")
        else:
            lines += _model_section(spec.model, f"{where} — {spec.summary}", "####", skip=header_keys)
    lines += _model_section(FrontMatter, "Front matter of a controlled document (`docs/**/*.md` with an `id`)", "####")
    return "\n".join(lines).rstrip() + "\n"


def checks_markdown() -> str:
    """The table of checks: rule, severity, what it catches."""
    lines = ["| rule | severity | catches |", "|---|---|---|"]
    ordered = sorted(CHECKS, key=lambda check: (check.severity != "error", check.rule))
    lines += [f"| `{check.rule}` | {check.severity} | {check.summary} |" for check in ordered]
    return "\n".join(lines) + "\n"


def mandatory_markdown() -> str:
    """Which records satisfy the documented information that clauses 4–10 require."""
    words = {
        "scope": "`scope:` in `registers/isms.yml` names an approved document",
        "document": "an approved document lists the clause in `clauses:`",
        "any-document": "at least one approved controlled document",
        "acceptances": "every residual risk above the threshold has an `acceptance:`",
        "measurements": "an objective has `measurements:`",
    }
    lines = ["| clause | requires | met by |", "|---|---|---|"]
    for clause in iso27001().clauses.values():
        if clause.requires:
            met = [
                words.get(rule, f"entries in `registers/{rule.removeprefix('register:')}.yml`")
                for rule in clause.met_by
            ]
            lines.append(f"| {clause.id} {clause.title} | {clause.requires} | {'; '.join(met)} |")
    return "\n".join(lines) + "\n"


BLOCKS = {"fields": fields_markdown, "checks": checks_markdown, "mandatory": mandatory_markdown}


def update(text: str) -> str:
    """``text`` with every ``<!-- generated:NAME -->`` ... ``<!-- /generated:NAME -->`` block regenerated."""
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"the README has no <!-- generated:{name} --> block")
        text = pattern.sub(lambda match, make=make: match.group(1) + make() + match.group(2), text)  # type: ignore[misc]
    return text


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "README.md")
    path.write_text(update(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
