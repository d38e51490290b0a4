"""The site also builds under ProperDocs, the maintained fork of MkDocs 1.6, with the same pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_example
from tests.support.sitewalk import broken_links

pytestmark = pytest.mark.slow


def _build(tool: str, root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", tool, "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "ISMS_AS_OF": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


def test_example_builds_strictly_under_properdocs_with_the_same_pages(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    proper = _build("properdocs", root, tmp_path / "properdocs")
    assert proper.returncode == 0, proper.stdout + proper.stderr
    mkdocs = _build("mkdocs", root, tmp_path / "mkdocs")
    assert mkdocs.returncode == 0, mkdocs.stdout + mkdocs.stderr

    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    assert pages(tmp_path / "properdocs") == pages(tmp_path / "mkdocs")
    assert "isms/soa/index.html" in pages(tmp_path / "properdocs")
    soa = (tmp_path / "properdocs" / "isms" / "soa" / "index.html").read_text(encoding="utf-8")
    assert soa.count('<tr id="soa-') == 93
    assert broken_links(tmp_path / "properdocs") == []


def test_properdocs_fails_the_build_on_isms_errors(tmp_path: Path) -> None:
    repo = copy_example(tmp_path / "example")
    methodology = repo / "registers" / "methodology.yml"
    methodology.write_text(
        methodology.read_text(encoding="utf-8").replace("matrix: product", "matrix: grid"), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-f", str(repo / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env={**os.environ, "ISMS_AS_OF": "2026-11-28"},
        check=False,
    )
    assert result.returncode == 1
    assert "registers/methodology.yml" in result.stderr
    assert "methodology: matrix is 'grid' but no 'grid:' is given" in result.stderr
