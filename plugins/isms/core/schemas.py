"""JSON Schemas for editors: one per register file and one for document front matter, from the models.

An editor with a YAML language server (VS Code's YAML extension, JetBrains IDEs, Neovim's yamlls) reads the
``# yaml-language-server: $schema=...`` line at the top of each register and then completes keys, lists
allowed values and flags unknown keys as the author types. The files are generated (``isms schemas``) and
a test keeps the committed ones in step with the models, so a field is described exactly once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from isms.core.catalogue import RegisterSpec, registers
from isms.core.models.documents import FrontMatter
from isms.core.models.registers import Header

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
FRONT_MATTER = "front-matter"
DEFAULT_DIR = Path(__file__).parent.parent / "schemas"
"""Where the committed schemas live: ``plugins/isms/schemas/`` (the registers point there)."""


def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="validation")


def _tidy(node: Any) -> Any:
    """Drop pydantic's generated ``title`` of each property: editors show the description instead."""
    if isinstance(node, dict):
        tidy = {key: _tidy(value) for key, value in node.items() if key != "title" or not isinstance(value, str)}
        if "properties" in node:
            tidy["properties"] = {name: _tidy(value) for name, value in node["properties"].items()}
        return tidy
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    return node


def register_schema(spec: RegisterSpec) -> dict[str, Any]:
    """The schema of one file of ``spec``: the header keys, then the list of entries under ``spec.key``."""
    if spec.key is None:
        body = _model_schema(spec.model)
    else:
        header = _model_schema(Header)
        entry = _model_schema(spec.model)
        defs = {**entry.pop("$defs", {}), **header.pop("$defs", {})}
        defs[spec.model.__name__] = entry
        body = {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                **header["properties"],
                spec.key: {
                    "type": ["array", "null"],
                    "description": f"The {spec.name} register's entries, one '- ' item each.",
                    "items": {"$ref": f"#/$defs/{spec.model.__name__}"},
                },
            },
            "required": [*header.get("required", []), spec.key],
        }
        if defs:
            body["$defs"] = defs
    body.pop("title", None)
    description = (body.pop("description", "") or "").strip()
    schema = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{spec.name}.json",
        "title": spec.path,
        "description": f"{spec.summary[:1].upper()}{spec.summary[1:]}." + (f" {description}" if description else ""),
        **body,
    }
    return dict(_tidy(schema))


def front_matter_schema() -> dict[str, Any]:
    """The schema of a controlled document's front matter."""
    body = _model_schema(FrontMatter)
    body.pop("title", None)
    schema = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{FRONT_MATTER}.json",
        "title": "Front matter of a controlled document",
        **body,
    }
    return dict(_tidy(schema))


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema by file name, e.g. ``risks.json`` and ``front-matter.json``."""
    found = {f"{spec.name}.json": register_schema(spec) for spec in registers()}
    found[f"{FRONT_MATTER}.json"] = front_matter_schema()
    return found


def render(schema: dict[str, Any]) -> str:
    """A schema as the committed file holds it: sorted, indented, ending with a newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(out: Path) -> list[Path]:
    """Write every schema into ``out`` (created if needed); the paths written, unchanged ones included."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        text = render(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
