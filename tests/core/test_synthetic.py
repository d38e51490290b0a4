"""The synthetic ISMS generator: valid, deterministic, folder registers, and the ``isms synth`` command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from isms.cli.main import main
from isms.core import frontmatter
from isms.core.pipeline import check_repository
from tests.support.synthetic import MIN_DOCUMENTS, _f, _s, command, generate

AS_OF = dt.date(2026, 11, 28)
SMALL = {"documents": 20, "risks": 30, "assets": 60}


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small")
    generate(root, **SMALL, as_of=AS_OF)
    return root


def test_small_repository_checks_clean(small: Path) -> None:
    result = check_repository(small, AS_OF)
    assert [finding.text() for finding in result.findings] == []
    model = result.model
    assert (len(model.documents), len(model.risks), len(model.assets), len(model.soa)) == (20, 30, 60, 93)
    assert {spec for spec in model.present} >= {
        "isms",
        "roles",
        "methodology",
        "assets",
        "risks",
        "treatments",
        "soa",
        "requirements",
        "objectives",
        "audits",
        "nonconformities",
        "reviews",
        "evidence",
        "training",
    }


def test_layout_and_site_files(small: Path) -> None:
    assert (small / "docs" / "index.md").is_file()
    config = yaml.safe_load((small / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"] == {
        "name": "material",
        "font": False,
        "features": [
            "navigation.tabs",
            "navigation.prune",
            "navigation.sections",
            "navigation.indexes",
            "navigation.top",
        ],
    }
    assert config["plugins"][0] == "search" and "isms" in config["plugins"][1]
    pages = sorted((small / "docs").rglob("*.md"))
    assert len(pages) == SMALL["documents"] + 1
    for page in pages:
        assert page.parent.name in {
            "docs",
            "policies",
            "procedures",
            "standards",
            "plans",
            "guidelines",
            "records",
            "reports",
        }


def test_pages_read_like_documents_for_mkdocs(small: Path) -> None:
    """Front matter parses with PyYAML as MkDocs reads it; bodies are a few hundred words with a table."""
    for page in sorted((small / "docs").rglob("*.md")):
        if page.name == "index.md":
            continue
        front, body = frontmatter.split(page.read_text(encoding="utf-8"))
        assert front is not None
        meta = yaml.safe_load(front)
        assert isinstance(meta["title"], str) and isinstance(meta["version"], str)
        assert 300 <= len(body.split()) <= 600, page
        assert "\n## " in body and "| --- |" in body and "\n- " in body


@pytest.mark.parametrize("as_of", [dt.date(2028, 2, 29), dt.date(2031, 1, 31)])
def test_dates_follow_as_of_at_minimum_size(tmp_path: Path, as_of: dt.date) -> None:
    generate(tmp_path, documents=MIN_DOCUMENTS, risks=1, assets=1, seed=3, as_of=as_of)
    assert [finding.text() for finding in check_repository(tmp_path, as_of).findings] == []


def test_deterministic(tmp_path: Path, small: Path) -> None:
    again = tmp_path / "again"
    generate(again, **SMALL, as_of=AS_OF)
    assert _files(again) == _files(small)
    other = tmp_path / "other-seed"
    generate(other, **SMALL, seed=1, as_of=AS_OF)
    assert _files(other).keys() == _files(small).keys()
    assert _files(other) != _files(small)


def test_large_registers_become_folders(tmp_path: Path) -> None:
    generate(tmp_path, documents=20, risks=12, assets=60, as_of=AS_OF, max_per_file=25)
    registers = tmp_path / "registers"
    assert not (registers / "assets.yml").exists()
    parts = sorted(path.name for path in (registers / "assets").iterdir())
    assert parts == ["assets-001.yml", "assets-002.yml", "assets-003.yml"]
    counts = [
        len(yaml.safe_load((registers / "assets" / name).read_text(encoding="utf-8"))["assets"]) for name in parts
    ]
    assert counts == [25, 25, 10]
    assert (registers / "risks.yml").is_file()  # 12 risks fit in one file
    result = check_repository(tmp_path, AS_OF)
    assert [finding.text() for finding in result.findings] == []
    assert len(result.model.assets) == 60
    assert sum(1 for file in result.model.files if file.register == "assets") == 3


def test_sizes_below_minimum_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="documents must be at least"):
        generate(tmp_path, documents=MIN_DOCUMENTS - 1, risks=10, assets=10)
    with pytest.raises(ValueError, match="at least 1"):
        generate(tmp_path, documents=20, risks=0, assets=10)


@pytest.mark.parametrize(
    "text",
    [
        "plain text",
        "No",
        "yes",
        "on",
        "a: b",
        "#hash",
        "1.0",
        "2026-01-01",
        "- item",
        "x, y",
        "[a]",
        "trailing ",
        "@handle",
        "it's",
        'quote "inside"',
        "tab\there",
        "café ☕",
        "null",
        "~",
        "&anchor",
        "*alias",
        "!tag",
        "%",
    ],
)
def test_scalars_round_trip_through_pyyaml(text: str) -> None:
    assert yaml.safe_load(f"key: {_s(text)}\n") == {"key": text}
    assert yaml.safe_load(f"key: [{_f(text)}, {_f(text)}]\n") == {"key": [text, text]}


def test_generator_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "isms"
    options = {"documents": 20, "risks": 10, "assets": 10, "seed": 1, "as_of": dt.date(2026, 11, 28)}
    assert command(out, **options) == 0
    assert "20 documents, 10 risks, 10 assets" in capsys.readouterr().out
    assert main(["check", "--root", str(out), "--strict", "--as-of", "2026-11-28"]) == 0
    assert "OK: 0 errors, 0 warnings" in capsys.readouterr().out

    assert command(out, **options) == 2
    captured = capsys.readouterr()
    assert "is not empty" in captured.err and captured.out == ""

    assert command(tmp_path / "tiny", documents=2, risks=1, assets=1, seed=1, as_of=None) == 2
    assert "documents must be at least" in capsys.readouterr().err
    assert not (tmp_path / "tiny").exists()
