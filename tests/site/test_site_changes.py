"""The site's changes page and export downloads, in real builds of a small repository kept in git."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from tests.support.gitrepo import commit_all, git
from tests.support.mkdocsbuild import build
from tests.support.sitewalk import broken_links
from tests.support.synthetic import generate

AS_OF = dt.date(2026, 11, 28)
pytestmark = pytest.mark.slow


def test_changes_page_compares_with_the_previous_release_tag(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    generate(root, documents=20, risks=10, assets=10, as_of=AS_OF)
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")

    first = build(root, "--strict")  # not yet in git
    assert first.returncode == 0, first.stderr
    page = (root / "site" / "isms" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "This site was not built from a git repository" in page

    commit_all(root, "first release", "2026-11-28T12:00:00+00:00")  # the day the ISMS is generated for
    second = build(root, "--strict")  # in git, no release yet
    assert second.returncode == 0, second.stderr
    page = (root / "site" / "isms" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "No previous version has been released yet (no tag v* before this commit)." in unescape(page)

    git(root, "tag", "v1.0")
    document = sorted((root / "docs" / "policies").glob("*.md"))[0]
    text = document.read_text(encoding="utf-8")
    ident = re.search(r"^id: (\S+)$", text, re.MULTILINE)
    version = re.search(r'^version: "([^"]+)"$', text, re.MULTILINE)
    assert ident is not None and version is not None
    document.write_text(text.replace(f'version: "{version.group(1)}"', 'version: "9.0"', 1), encoding="utf-8")
    edited = next(
        path
        for path in sorted((root / "docs" / "policies").glob("*.md"))[1:]
        if "\nstatus: approved\n" in path.read_text(encoding="utf-8")
    )
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA sentence nobody approved.\n", encoding="utf-8")
    commit_all(root, "re-version a policy, change another", "2026-11-29T12:00:00+00:00")

    third = build(root)  # not strict: the new version has no history entry, a warning
    assert third.returncode == 0, third.stderr
    page = (root / "site" / "isms" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "From <strong>v1.0</strong>" in unescape(page)
    assert f"<td>re-versioned</td><td>{ident.group(1)}</td>" in page
    assert f"<td>{version.group(1)}</td><td>9.0</td>" in page
    assert "Changed without a new approval" in page
    assert f"<td>docs/policies/{edited.name}:7</td>" in page  # the line of its 'version:'
    assert page.count("<tr><td>") == 2  # exactly the one change made, and the one change not approved


def test_register_pages_link_their_exports(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    generate(root, documents=20, risks=10, assets=10, as_of=AS_OF)
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    for page, kind in (("soa", "soa"), ("risks", "risks"), ("treatment-plan", "rtp")):
        text = (site / "isms" / page / "index.html").read_text(encoding="utf-8")
        for fmt in ("xlsx", "csv", "json"):
            assert f'href="../exports/{kind}.{fmt}"' in text, (page, fmt)
            assert (site / "isms" / "exports" / f"{kind}.{fmt}").is_file()
    assert broken_links(site) == []
    workbook = openpyxl.load_workbook(site / "isms" / "exports" / "risks.xlsx")
    sheet = workbook["Risk register"]
    assert sheet["A1"].value == "organisation" and sheet["B4"].value == "2026-11-28"
    assert sheet.max_row == 7 + 10
