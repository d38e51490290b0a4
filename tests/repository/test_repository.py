"""The ISMS in this repository (``docs/``, ``registers/``, ``mkdocs.yml``), tested only generically.

Whatever organisation the repository holds, the example that ships with it or an adopter's own, it must
check strictly clean, build strictly, link nowhere broken, show every controlled document's classification,
and keep CODEOWNERS in step. Nothing here names a document, a role or a count: the package itself is
tested against the fixtures under ``tests/fixtures`` (``tests/repository/test_adopter.py`` proves it).

The ISMS is judged as of ``ISMS_AS_OF`` when set, else the day of the last commit (as a snapshot is), so
that a test run does not depend on the calendar.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from isms.cli.main import main
from isms.core import frontmatter
from isms.core.codeowners import codeowners
from isms.core.load import load
from isms.core.repository import Model
from tests.conftest import TESTS
from tests.core.test_schemas import plain, problems
from tests.support.sitewalk import broken_links

REPOSITORY = TESTS.parent


def as_of() -> dt.date:
    """``ISMS_AS_OF``, else the date of the last commit, else today (a copy that is not a git repository)."""
    if os.environ.get("ISMS_AS_OF"):
        return dt.date.fromisoformat(os.environ["ISMS_AS_OF"])
    done = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], cwd=REPOSITORY, capture_output=True, text=True, check=False
    )
    day = done.stdout.strip() if done.returncode == 0 else ""
    return dt.date.fromisoformat(day) if day else dt.date.today()


@pytest.fixture(scope="module")
def model() -> Model:
    loaded, findings = load(REPOSITORY)
    assert [f.text() for f in findings] == []
    return loaded


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("repository") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPOSITORY / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "ISMS_AS_OF": as_of().isoformat(), "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_isms_checks_strictly_clean(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", "--strict", "--as-of", as_of().isoformat(), "--root", str(REPOSITORY)])
    out = capsys.readouterr().out
    assert status == 0, out


@pytest.mark.slow
def test_the_isms_builds_strictly_with_no_broken_link(site: Path) -> None:
    assert (site / "isms" / "soa" / "index.html").is_file()
    assert broken_links(site) == []


@pytest.mark.slow
def test_every_page_is_loaded_and_every_controlled_document_shows_its_classification(model: Model, site: Path) -> None:
    """Every page MkDocs built from docs/ went through the audience filter; documents show their control block."""
    built = {
        path.relative_to(REPOSITORY / "docs").as_posix()
        for path in (REPOSITORY / "docs").rglob("*.md")
        if frontmatter.is_page(path.name)
    }
    assert built == {d.src_uri for d in model.documents} | {p.src_uri for p in model.pages}
    for document in model.documents:
        if document.meta.status not in ("approved", "retired"):
            continue  # drafts are left out of a build
        stem = document.src_uri.removesuffix(".md")
        page = site / (stem.removesuffix("index") if stem.endswith("index") else stem + "/") / "index.html"
        html = page.read_text(encoding="utf-8")
        assert 'aria-label="Document control"' in html, document.path
        assert f"<dd>{document.meta.classification}</dd>" in html, document.path


def test_every_register_and_document_passes_its_schema(model: Model) -> None:
    for path in sorted((REPOSITORY / "registers").rglob("*.yml")):
        register = path.parent.name if path.parent.name != "registers" else path.stem
        assert problems(register, plain(path.read_text(encoding="utf-8"))) == [], path
    for document in model.documents:
        front, _ = frontmatter.split((REPOSITORY / document.path).read_text(encoding="utf-8"))
        assert problems("front-matter", plain(front or "")) == [], document.path


def test_committed_codeowners_is_in_step_with_the_owners(model: Model) -> None:
    committed = REPOSITORY / ".github" / "CODEOWNERS"
    if not committed.is_file():
        pytest.skip("the repository keeps no CODEOWNERS")
    assert committed.read_text(encoding="utf-8") == codeowners(model), "run: isms codeowners"
