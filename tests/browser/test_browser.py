"""The example site in headless Chromium, as staff and auditors use it.

Needs Debian's ``chromium`` (``apt-get install chromium``); .ci/run installs it. Without it the tests
are skipped on a developer's machine, and fail in CI, where a skipped browser test would prove nothing.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import copy_example
from tests.support.sitewalk import broken_links, external_references

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AS_OF = "2026-11-28"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.slow


def _require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("example"))
    site = root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "ISMS_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def server(example_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(example_site))
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _heading(page: Any) -> str:
    """The page's title, without the permalink sign the table of contents adds."""
    return str(page.locator("h1").first.inner_text()).rstrip("¶").strip()


def _search(page: Any, query: str, expected: str) -> Any:
    """Type ``query`` into the search box until a result naming ``expected`` shows.

    Material's search index loads in a web worker; a query typed before it is ready finds nothing, so
    on a busy machine the query is typed again rather than waited on once.
    """
    box = page.locator("input.md-search__input")
    result = page.locator(".md-search-result__item", has_text=expected).first
    for _ in range(12):
        box.fill("")
        box.type(query, delay=20)
        try:
            result.wait_for(timeout=5000)
            return result
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: try again
            continue
    raise AssertionError(f"searching for {query!r} never showed {expected!r}")


def test_example_site_has_no_broken_link_or_anchor(example_site: Path) -> None:
    assert broken_links(example_site) == []


def test_example_site_loads_nothing_from_other_hosts(example_site: Path) -> None:
    loaded = [ref for ref in external_references(example_site) if not ref.split(" -> ")[1].startswith("https://")]
    assert loaded == []
    pages = [p.read_text(encoding="utf-8") for p in example_site.rglob("*.html")]
    assert not [p for p in pages if "fonts.googleapis.com" in p or "fonts.gstatic.com" in p]


def test_soa_to_control_to_policy_and_search(server: str, tmp_path: Path) -> None:
    _require_chromium()
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("request", lambda request: requests.append(request.url))

        page.goto(server + "isms/soa/")
        assert _heading(page) == "Statement of Applicability"
        row = page.locator("tr#soa-5-15")
        assert "5.15 Access control" in row.inner_text()
        page.screenshot(path=str(tmp_path / "soa.png"))

        row.get_by_role("link", name="5.15 Access control").click()
        page.wait_for_url("**/isms/controls/5-15/")
        assert _heading(page) == "5.15 Access control"
        policy = page.locator("table a", has_text="Access Control Policy").first
        policy.click()
        page.wait_for_url("**/policies/**")
        assert "Access Control Policy" in _heading(page)
        assert page.locator("dl.isms-doc-control").is_visible()
        back = page.locator("aside.isms-serves a", has_text="5.15")
        assert back.count() == 1
        back.click()
        page.wait_for_url("**/isms/controls/5-15/")

        page.goto(server)
        page.locator("label.md-search__icon, .md-search__input").first.click()
        result = _search(page, "acceptable use", "Acceptable Use Policy")
        page.screenshot(path=str(tmp_path / "search.png"))
        result.click()
        page.wait_for_url("**/policies/**")
        assert "Acceptable Use" in _heading(page)
        browser.close()

    outside = [url for url in requests if not url.startswith(server) and not url.startswith("data:")]
    assert outside == []
    assert len(requests) > 10  # pages, styles, scripts and the search index were really loaded


WORDS_CUT = """() => {
  const cut = [];
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('.isms-table-wrap td')) continue;
    for (const match of node.textContent.matchAll(/[A-Za-z]{4,}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
      if (tops.size > 1) cut.push(match[0]);
    }
  }
  return cut;
}"""
"""Words of register tables drawn on more than one line: a word cut in two ('responsibilit' / 'ies')."""


@pytest.mark.parametrize("path", ["isms/soa/", "isms/risks/", "isms/treatment-plan/", "isms/assets/"])
def test_no_word_in_a_register_table_is_cut_in_two(server: str, path: str) -> None:
    _require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server + path)
        assert page.locator(".isms-table-wrap td").count() > 0
        assert page.evaluate(WORDS_CUT) == []
        browser.close()


REGISTER_PAGES = ["soa", "risks", "treatment-plan", "assets", "documents", "requirements", "evidence", "suppliers"]
REGISTER_PAGES += ["audits", "incidents", "nonconformities"]


@pytest.mark.parametrize("path", [f"isms/{name}/" for name in REGISTER_PAGES])
def test_the_registers_fit_a_1400_pixel_screen_without_scrolling_sideways(server: str, path: str) -> None:
    """The treatment plan once hid its completed and evidence columns beyond the edge at 1400 px."""
    _require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server + path)
        widths = page.evaluate(
            "() => [...document.querySelectorAll('article .isms-table-wrap')]"
            ".map(wrap => [wrap.scrollWidth, wrap.clientWidth])"
        )
        assert widths and all(scroll <= client + 1 for scroll, client in widths), widths
        browser.close()
