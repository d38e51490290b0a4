"""An adopter replaces the example with their own ISMS, and the repository's tests still pass.

A copy of this repository gets another organisation in ``docs/`` and ``registers/`` (a 4×4 risk matrix,
no certification yet, its own name in ``mkdocs.yml`` and its own CODEOWNERS), is committed, and runs
the tests of the repository's ISMS there, with the modules that once named the example's documents,
roles and counts: they must all pass. A second test keeps every other test module away from the
repository's ``docs/``, ``registers/`` and ``mkdocs.yml``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from isms.core.codeowners import codeowners
from isms.core.load import load
from tests.conftest import TESTS
from tests.repository.test_repository import REPOSITORY
from tests.support.gitrepo import commit_all
from tests.support.synthetic import generate

ADOPTER = "Fjordline Ferries"
AS_OF = dt.date(2026, 11, 28)
RUN_THERE = (
    "tests/repository",
    "tests/core/test_schemas.py",
    "tests/core/test_scaffold.py",
    "tests/site/test_lifecycle.py",
    "tests/cli/test_authoring.py",
    "tests/cli/test_readme.py",
    "tests/cli/test_workflows.py",
)
"""The repository's own tests, the modules that read the example before the tests owned a copy of it, and the
workflows' test, which runs the repository's workflows (and once its CODEOWNERS) on the example."""
_NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".*_cache", "*.egg-info")


def _not_copied(folder: str, names: list[str]) -> set[str]:
    """What a fresh clone would not hold: git's folder, the environment, caches, and a built site at the top."""
    ignored = set(_NOT_COPIED(folder, names))
    return ignored | ({"site"} & set(names)) if Path(folder) == REPOSITORY else ignored


def adopt(copy: Path, scratch: Path) -> None:
    """Replace the ISMS in ``copy`` by another organisation's, as an adopter does by hand."""
    model, _ = load(REPOSITORY)
    isms = model.singles.get("isms")
    old_name = isms.organisation.name if isms is not None else None
    generate(scratch, documents=16, risks=24, assets=20, scale=4, certified=False, organisation=ADOPTER, as_of=AS_OF)
    for name in ("docs", "registers"):
        shutil.rmtree(copy / name)
        shutil.copytree(scratch / name, copy / name)
    config = copy / "mkdocs.yml"
    if old_name:
        config.write_text(config.read_text(encoding="utf-8").replace(old_name, ADOPTER), encoding="utf-8")
    owners = copy / ".github" / "CODEOWNERS"
    if owners.is_file():
        owners.write_text(codeowners(load(copy)[0]), encoding="utf-8")


@pytest.mark.slow
def test_the_repository_tests_pass_with_another_organisation(tmp_path: Path) -> None:
    copy = tmp_path / "adopted"
    shutil.copytree(REPOSITORY, copy, ignore=_not_copied)
    adopt(copy, tmp_path / "generated")
    assert "Brightwater" not in (copy / "mkdocs.yml").read_text(encoding="utf-8")
    adopted = load(copy)[0]
    assert len(adopted.singles["methodology"].likelihood) == 4 and adopted.singles["isms"].certification is None
    commit_all(copy, "our own ISMS", f"{AS_OF.isoformat()}T12:00:00+00:00")
    env = {key: value for key, value in os.environ.items() if key != "ISMS_AS_OF"}  # judged as of the commit
    pytest_there = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "pt")]
    result = subprocess.run(
        [*pytest_there, "--ignore", "tests/repository/test_adopter.py", *RUN_THERE],
        cwd=copy,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " failed" not in result.stdout


_READS_THE_ISMS = re.compile(
    r"""(?:ROOT|REPOSITORY|parents\[2\]|TESTS\.parent)\W[^\n]*["'](?:docs|registers|mkdocs\.yml)["']"""
    r"""|for name in \(["'](?:docs|registers)["'][^\n]*\):\n[^\n]*(?:ROOT|REPOSITORY)"""
)


def test_no_other_test_reads_the_repositorys_isms() -> None:
    """Only tests/repository/ looks at the ISMS in docs/ and registers/; every other test owns its fixture."""
    readers = [
        path.relative_to(TESTS).as_posix()
        for path in sorted(TESTS.rglob("*.py"))
        if path.parent.name not in ("repository", "benchmarks") and _READS_THE_ISMS.search(path.read_text("utf-8"))
    ]
    assert readers == []


def test_the_guard_notices_a_test_that_reads_the_example() -> None:
    assert _READS_THE_ISMS.search('    build("-f", str(ROOT / "mkdocs.yml"))\n')
    assert _READS_THE_ISMS.search('    for name in ("docs", "registers"):\n        shutil.copytree(ROOT / name, x)\n')
    assert not _READS_THE_ISMS.search('    shutil.copytree(EXAMPLE / "docs", root / "docs")\n')
