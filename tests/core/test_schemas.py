"""The JSON Schemas editors use: in step with the models, and they accept what the checker accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from isms.cli.main import main
from isms.core import frontmatter, yamlsafe
from isms.core.catalogue import registers
from isms.core.schemas import DEFAULT_DIR, render, schemas
from tests.conftest import EXAMPLE, MINIMAL


def plain(text: str) -> Any:
    """YAML as an editor's language server sees it (YAML 1.2: `on` is text, dates are strings)."""
    return json.loads(json.dumps(yamlsafe.loads(text), default=str))


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((DEFAULT_DIR / f"{name}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(name: str, data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator(name).iter_errors(data)
    )


def test_committed_schemas_match_the_models() -> None:
    committed = {path.name for path in DEFAULT_DIR.glob("*.json")}
    assert committed == set(schemas()), "run: isms schemas"
    for name, schema in schemas().items():
        assert (DEFAULT_DIR / name).read_text(encoding="utf-8") == render(schema), f"{name}: run: isms schemas"


def test_every_register_of_the_example_and_the_fixture_names_and_passes_its_schema() -> None:
    for root in (EXAMPLE, MINIMAL):
        for path in sorted((root / "registers").glob("*.yml")):
            text = path.read_text(encoding="utf-8")
            if root == EXAMPLE:
                first = text.splitlines()[0]
                schema = f"../../../../plugins/isms/schemas/{path.stem}.json"
                assert first == f"# yaml-language-server: $schema={schema}", path
                assert (path.parent / schema).is_file()
            assert problems(path.stem, plain(text)) == [], path


def test_every_example_document_front_matter_passes_its_schema() -> None:
    checked = 0
    for path in sorted((EXAMPLE / "docs").rglob("*.md")):
        front, _ = frontmatter.split(path.read_text(encoding="utf-8"))
        data = plain(front) if front else None
        if isinstance(data, dict) and "id" in data:
            assert problems("front-matter", data) == [], path
            checked += 1
    assert checked >= 20


GOOD_RISKS = """\
version: "1.0"
owner: ciso
approved_on: 2026-10-20
risks:
  - id: R-001
    title: Ransomware encrypts the production database
    threat: Ransomware
    vulnerability: Unpatched server
    owner: ciso
    inherent: {likelihood: 3, impact: 4}
    treatment: modify
    controls: ["8.7", "8.13"]
    last_assessed: 2026-10-01
"""


def test_a_good_register_validates() -> None:
    assert problems("risks", plain(GOOD_RISKS)) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    treatment: modify\n", "    treatment: modfy\n", "risks/0/treatment: 'modfy' is not one of"),
        ("    threat: Ransomware\n", "    threat: Ransomware\n    thraet: typo\n", "risks/0: Additional properties"),
        ("    last_assessed: 2026-10-01\n", "    last_assessed: 2026-02-30\n", "risks/0/last_assessed: '2026-02-30'"),
        ("    owner: ciso\n    inherent", "    inherent", "risks/0: 'owner' is a required property"),
        ('version: "1.0"\n', "", ": 'version' is a required property"),
        ("owner: ciso\napproved_on", "owner: ciso\nclassification: secret\napproved_on", "classification: 'secret'"),
    ],
)
def test_a_bad_register_is_rejected(old: str, new: str, expected: str) -> None:
    assert GOOD_RISKS.count(old) == 1
    found = problems("risks", plain(GOOD_RISKS.replace(old, new)))
    assert len(found) == 1 and found[0].startswith(expected), found


def test_schemas_describe_fields_and_list_allowed_values_for_editors() -> None:
    risks = json.loads((DEFAULT_DIR / "risks.json").read_text(encoding="utf-8"))
    assert risks["additionalProperties"] is False
    risk = risks["$defs"]["Risk"]
    assert risk["additionalProperties"] is False
    assert risk["properties"]["treatment"]["enum"] == ["modify", "retain", "avoid", "share"]
    assert risk["properties"]["owner"]["description"] == "Risk owner (6.1.2 c 2)."
    assert risk["properties"]["last_assessed"]["format"] == "date"
    assert risks["properties"]["classification"]["enum"] == ["public", "internal", "confidential"]
    front = json.loads((DEFAULT_DIR / "front-matter.json").read_text(encoding="utf-8"))
    assert front["properties"]["status"]["enum"] == ["draft", "in review", "approved", "retired"]
    assert {spec.name for spec in registers()} <= {path.stem for path in DEFAULT_DIR.glob("*.json")}


def test_isms_schemas_writes_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemas", "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out == f"wrote {len(schemas())} schemas to {tmp_path / 'out'}\n"
    for path in DEFAULT_DIR.glob("*.json"):
        assert (tmp_path / "out" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["schemas", "--out", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err == f"isms: error: {tmp_path / 'file'} is not a folder\n"
