"""The synthetic ISMS generator: valid, deterministic, folder registers, its YAML writer and its command.

The generator builds every entry from the product's models; the tests below prove that what it writes
is exactly what it built, carries every key the models require and nothing they do not know, and that
any text survives its YAML writer, so the generator cannot drift from the schemas unnoticed.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from pydantic import BaseModel

from isms.cli.main import main
from isms.core import frontmatter, yamlsafe
from isms.core.load import load
from isms.core.models.documents import FrontMatter
from isms.core.models.registers import Header
from isms.core.pipeline import check_repository
from tests.support import synthetic
from tests.support.synthetic import MIN_DOCUMENTS, Synthetic, command, generate
from tests.support.yamlwriter import dump

AS_OF = dt.date(2026, 11, 28)
SMALL = {"documents": 20, "risks": 30, "assets": 60}


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Synthetic]:
    root = tmp_path_factory.mktemp("small")
    return root, generate(root, **SMALL, as_of=AS_OF)


@pytest.fixture(scope="module")
def small(built: tuple[Path, Synthetic]) -> Path:
    return built[0]


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


def test_another_organisation_with_a_4x4_matrix_and_no_certificate_checks_clean(tmp_path: Path) -> None:
    generate(tmp_path, documents=16, risks=40, assets=10, scale=4, certified=False, organisation="Fjordline Ferries")
    result = check_repository(tmp_path, AS_OF)
    assert [finding.text() for finding in result.findings] == []
    isms, methodology = result.model.singles["isms"], result.model.singles["methodology"]
    assert isms.organisation.name == "Fjordline Ferries" and isms.certification is None
    assert (len(methodology.likelihood), len(methodology.impact)) == (4, 4)
    assert max(risk.inherent.likelihood * risk.inherent.impact for risk in result.model.risks) <= 16
    with pytest.raises(ValueError, match="scale must be one of"):
        generate(tmp_path / "bad", documents=16, risks=1, assets=1, scale=3)


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


# --- the generator cannot drift from the models -----------------------------------------------------


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type holds: ``Rating`` in ``Rating | None``, ``Finding`` in ``list[Finding]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _nested_models(arg)]


def _key_problems(model: type[BaseModel], raw: Any, where: str) -> list[str]:
    """Required keys ``raw`` lacks and keys ``model`` does not declare, in ``raw`` and every model it nests."""
    fields = model.model_fields
    required = {name for name, info in fields.items() if info.is_required()}
    problems = [f"{where}: the required key '{key}' is missing" for key in sorted(required - raw.keys())]
    problems += [f"{where}: '{key}' is not a field of {model.__name__}" for key in sorted(raw.keys() - fields.keys())]
    for key, value in raw.items():
        for nested in _nested_models(fields[key].annotation) if key in fields else []:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    problems += _key_problems(nested, item, f"{where}.{key}")
    return problems


def test_every_written_entry_has_the_keys_its_model_requires(small: Path) -> None:
    """Read as raw YAML, not through the loader: each mapping has every required key and no unknown one."""
    problems: list[str] = []
    counts: dict[str, int] = {}
    for path in sorted((small / "registers").rglob("*.yml")):
        rel = path.relative_to(small).as_posix()
        spec = synthetic.SPECS[path.stem if path.parent.name == "registers" else path.parent.name]
        data = yamlsafe.loads(path.read_text(encoding="utf-8"))
        if spec.key is None:
            problems += _key_problems(spec.model, data, rel)
            continue
        problems += _key_problems(Header, {k: v for k, v in data.items() if k != spec.key}, rel)
        for index, entry in enumerate(data[spec.key]):
            problems += _key_problems(spec.model, entry, f"{rel}: {spec.key}[{index}]")
        counts[spec.name] = counts.get(spec.name, 0) + len(data[spec.key])
    for page in sorted((small / "docs").rglob("*.md")):
        front, _ = frontmatter.split(page.read_text(encoding="utf-8"))
        if front is not None:
            problems += _key_problems(FrontMatter, yamlsafe.loads(front), page.relative_to(small).as_posix())
    assert problems == []
    assert (counts["risks"], counts["assets"], counts["soa"]) == (SMALL["risks"], SMALL["assets"], 93)
    assert {spec.name for spec in synthetic.SPECS.values() if spec.required} <= {
        path.stem for path in (small / "registers").iterdir()
    }


def test_what_is_written_is_what_was_built(built: tuple[Path, Synthetic]) -> None:
    """Every entry validates as it is built, and loading the files gives back exactly those models."""
    root, made = built
    model, findings = load(root)
    assert [finding.text() for finding in findings] == []
    assert (len(model.documents), len(model.risks), len(model.assets)) == (
        SMALL["documents"],
        SMALL["risks"],
        SMALL["assets"],
    )
    for name, entries in made.entries.items():
        loaded = (
            [model.isms] if name == "isms" else [model.methodology] if name == "methodology" else model.entries[name]
        )
        assert [entry.model_dump() for entry in loaded if entry] == [entry.model_dump() for entry in entries], name
    by_id = {document.id: document.meta.model_dump() for document in model.documents}
    assert by_id == {meta.id: meta.model_dump() for meta in made.documents}


def test_a_register_is_written_only_from_its_own_model(built: tuple[Path, Synthetic]) -> None:
    """The register catalogue names each register's model; an entry of another is a generator bug."""
    asset = built[1].entries["assets"][0]
    with pytest.raises(TypeError, match="the risks register holds Risk entries, not Asset"):
        synthetic._register_files("risks", Header(version="1.0", owner="ciso"), [asset], 10)


# --- the YAML writer ---------------------------------------------------------------------------------

HOSTILE = [
    "plain text",
    "No",
    "yes",
    "on",
    "Y",
    "n",
    "TRUE",
    "a: b",
    "#hash",
    "a #b",
    "1.0",
    "5.10",
    "1e5",
    "0o17",
    "0x1F",
    "1_000",
    "12:30",
    ".inf",
    "-.5",
    "+1",
    "2026-01-01",
    "- item",
    "x, y",
    "[a]",
    "{a: b}",
    "trailing ",
    " leading",
    "   ",
    "",
    "@handle",
    "it's",
    'quote "inside"',
    "back\\slash",
    "tab\there",
    "line\nbreak",
    "carriage\rreturn",
    "next\x85line",
    "line\u2028separator",
    "\ufeffbyte order mark",
    "bell\x07 and escape\x1b and delete\x7f",
    "non-characters \ufffe\uffff",
    "café ☕ 😀",
    "null",
    "~",
    "&anchor",
    "*alias",
    "!tag",
    "%",
    "|",
    ">",
    "?",
    "=",
    "<<",
    "---",
    "...",
    "https://example.org/a?b=c#d",
]


def _round_trips(data: dict[str, Any]) -> None:
    written = dump(data)
    assert yamlsafe.loads(written) == data  # how registers and front matter are checked (YAML 1.2)
    assert yaml.safe_load(written) == data  # how MkDocs reads front matter and mkdocs.yml (YAML 1.1)


@pytest.mark.parametrize("text", HOSTILE)
def test_any_text_survives_the_writer(text: str) -> None:
    _round_trips({"key": text, "list": [text, text], "entries": [{"key": text, "nested": {"key": text}}]})


def test_random_text_survives_the_writer() -> None:
    """Thousands of strings drawn from YAML's indicators, escapes, line breaks and number-like characters."""
    rng = random.Random(27001)
    alphabets = (
        "aZ09 .:-#,[]{}&*!|>'\"%@`?=~<\\\t\n\r\x00\x07\x1b\x7f\x85\xa0\u2028\u2029\ufeff\ufffeé☕😀",
        "0123456789.eE+-_:oxXbn ",
        "aeinorstuyfl ~",
    )
    texts = ["".join(rng.choice(alphabets[n % 3]) for _ in range(rng.randrange(10))) for n in range(3000)]
    _round_trips({"block": [{"text": text} for text in texts], "flow": texts})


def test_values_keep_their_types() -> None:
    data = {
        "int": 3,
        "negative": -7,
        "float": 99.9,
        "whole float": 7.0,
        "large": 1e16,
        "small": 1.5e-7,
        "true": True,
        "false": False,
        "none": None,
        "empty": [],
        "nothing": {},
        "grid": [["low", "high"], [1, 2]],
        "deep": [[{"a": 1}], [[]]],
    }
    _round_trips(data)
    day = {"date": dt.date(2028, 2, 29)}
    assert yaml.safe_load(dump(day)) == day
    assert yamlsafe.loads(dump(day)) == {"date": "2028-02-29"}  # dates stay text there; date fields parse them
    with pytest.raises(TypeError, match="no form for datetime"):
        dump({"at": dt.datetime(2026, 1, 1, 12, 0)})
    zone = dt.timezone(dt.timedelta(hours=-5))
    assert yamlsafe.loads(dump({"at": dt.datetime(2026, 1, 1, 12, 0, tzinfo=zone)})) == {"at": "2026-01-01T12:00-05:00"}


# --- command line -------------------------------------------------------------------------------------


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


def test_module_entry_point(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "isms"
    arguments = [str(out), "--documents", "20", "--risks", "5", "--assets", "5", "--seed", "2"]
    assert synthetic.main([*arguments, "--as-of", "2027-01-31"]) == 0
    assert "20 documents, 5 risks, 5 assets" in capsys.readouterr().out
    assert [finding.text() for finding in check_repository(out, dt.date(2027, 1, 31)).findings] == []

    for wrong, said in (
        (["--as-of", "2027-02-30"], "'2027-02-30' is not a date"),
        (["--documents", "many"], "invalid int value: 'many'"),
        (["--assets"], "expected one argument"),
    ):
        with pytest.raises(SystemExit) as exited:
            synthetic.main([*arguments, *wrong])
        assert exited.value.code == 2
        captured = capsys.readouterr()
        assert captured.err.count("\n") == 1 and said in captured.err and captured.out == ""


def test_runs_as_a_module_from_the_repository_root(tmp_path: Path) -> None:
    """How the benchmarks README says to run it: ``python -m tests.support.synthetic``."""
    root = Path(__file__).resolve().parents[2]
    command_line = [sys.executable, "-m", "tests.support.synthetic", str(tmp_path / "out"), "--documents", "2"]
    completed = subprocess.run(
        [*command_line, "--risks", "1", "--assets", "1"], cwd=root, capture_output=True, text=True, check=False
    )
    assert (completed.returncode, completed.stdout) == (2, "")
    assert (
        completed.stderr
        == f"synthetic: error: documents must be at least {MIN_DOCUMENTS} (the core documents clauses 4-10 need)\n"
    )
