"""Large register tables split over pages (isms.site.parts): boundaries, links that land on the right part,
and parts left out of the navigation and of the search index."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from pathlib import Path

import pytest

from isms.site import parts
from isms.site.html import anchor_ids
from isms.site.page import Page
from isms.site.pages import generated_pages
from isms.site.urls import page_url
from tests.conftest import Repo
from tests.support.mkdocsbuild import build
from tests.support.sitewalk import broken_links
from tests.support.synthetic import generate

AS_OF = dt.date(2026, 11, 28)
ROWS = parts.ROWS_PER_PART


@pytest.mark.parametrize(
    ("entries", "sizes"),
    [
        (0, [0]),
        (1, [1]),
        (ROWS, [ROWS]),
        (ROWS + 1, [ROWS, 1]),
        (2 * ROWS, [ROWS, ROWS]),
        (2 * ROWS + 1, [ROWS, ROWS, 1]),
    ],
)
def test_a_part_holds_at_most_rows_per_part_entries_in_register_order(entries: int, sizes: list[int]) -> None:
    chunks = parts.chunks(list(range(entries)))
    assert [len(chunk) for chunk in chunks] == sizes
    assert [item for chunk in chunks for item in chunk] == list(range(entries))


def test_part_urls_are_numbered_beside_the_register_page() -> None:
    assert [parts.part_uri("isms/assets.md", n) for n in (1, 2, 12)] == [
        "isms/assets.md",
        "isms/assets/2.md",
        "isms/assets/12.md",
    ]
    assert parts.is_part("isms/assets/2.md", "isms/assets.md")
    assert not parts.is_part("isms/assets/1.md", "isms/assets.md")  # part 1 is the register's page
    assert not parts.is_part("isms/assets/notes.md", "isms/assets.md")


def _pages(repo: Repo) -> dict[str, Page]:
    return {page.src_uri: page for page in generated_pages(repo.site())}


def _html(page: Page) -> str:
    return page.fill(page.markdown)


def test_a_register_within_one_part_has_one_page_as_before(repo: Repo) -> None:
    pages = _pages(repo)
    assert not [src for src in pages if src.startswith(("isms/assets/", "isms/risks/"))]
    assert "isms-parts" not in _html(pages["isms/assets.md"])  # no list of parts either
    assert all(page.listed and page.searchable for page in pages.values())


def test_every_entry_link_lands_on_the_part_that_holds_the_entry(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two rows a part on the minimal fixture: assets AST-1..4 on two parts, risks R-1..3 on two."""
    monkeypatch.setattr(parts, "ROWS_PER_PART", 2)
    pages = _pages(repo)
    assert [src for src in pages if src.startswith(("isms/assets", "isms/risks"))] == [
        "isms/risks.md",
        "isms/risks/2.md",
        "isms/assets.md",
        "isms/assets/2.md",
    ]
    ids = {page_url(src, True): anchor_ids(_html(page)) for src, page in pages.items()}
    assert {"asset-ast-1", "asset-ast-2"} <= ids["isms/assets/"] and "asset-ast-3" not in ids["isms/assets/"]
    assert {"asset-ast-3", "asset-ast-4"} <= ids["isms/assets/2/"]
    assert "risk-r-3" in ids["isms/risks/2/"] and "risk-r-3" not in ids["isms/risks/"]
    landed = []
    for src, page in pages.items():
        base = page_url(src, True)
        for href in re.findall(r'href="([^"#]*)#((?:asset|risk)-[^"]+)"', _html(page)):
            path, fragment = href
            target = posixpath.normpath(posixpath.join(base, path)) + "/" if path else base
            assert fragment in ids.get(target, set()), f"{src}: {path}#{fragment} does not land on its entry"
            landed.append((src, target, fragment))
    # Links from other pages and from one part to another, each to the part that holds the entry:
    assert ("isms/soa.md", "isms/risks/2/", "risk-r-3") in landed
    assert ("isms/risks.md", "isms/assets/2/", "asset-ast-4") in landed  # R-2's asset
    assert ("isms/treatment-plan.md", "isms/risks/2/", "risk-r-3") in landed


def test_parts_are_out_of_the_navigation_and_the_search_index(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "ROWS_PER_PART", 2)
    pages = _pages(repo)
    hidden = sorted(src for src, page in pages.items() if not page.listed or not page.searchable)
    assert hidden == ["isms/assets/2.md", "isms/risks/2.md"]
    assert all(not pages[src].listed and not pages[src].searchable for src in hidden)
    assert pages["isms/assets/2.md"].title == "Asset inventory, part 2 of 2"
    pager = _html(pages["isms/assets/2.md"])
    assert '<a href="../">1: AST-1 – AST-2</a>' in pager and "<strong>2: AST-3 – AST-4</strong>" in pager


@pytest.mark.slow
def test_a_built_site_with_split_registers(tmp_path: Path) -> None:
    """A real, strict build: every link and anchor resolves, the parts are built and left out of search."""
    root = tmp_path / "isms"
    generate(root, documents=20, risks=ROWS + 1, assets=2 * ROWS + 1, as_of=AS_OF)
    result = build(root, "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert broken_links(site) == []
    for part in ("isms/assets/2/index.html", "isms/assets/3/index.html", "isms/risks/2/index.html"):
        assert (site / part).is_file()
    assert not (site / "isms/assets/4/index.html").exists() and not (site / "isms/risks/3/index.html").exists()
    last = (site / "isms/assets/3/index.html").read_text(encoding="utf-8")
    assert last.count('<tr id="asset-') == 1  # the one entry beyond two full parts
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert not [location for location in locations if re.match(r"isms/(assets|risks)/\d+/", location)]
    assert {"isms/assets/", "isms/risks/", "isms/controls/5-1/"} <= locations  # the registers and controls
    assert any(location.startswith(("policies/", "procedures/")) for location in locations)  # and the documents
    overview = (site / "isms/index.html").read_text(encoding="utf-8")
    assert "isms/assets/2/" not in overview.split('class="md-content"')[0]  # not in the navigation
