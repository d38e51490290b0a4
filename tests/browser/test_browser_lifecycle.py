"""The lifecycle pages of the example in headless Chromium: the dashboard and each page it links to.

Uses the example build and server of tests/browser/test_browser.py (as of 2026-11-28). Screenshots go to the
test's tmp_path; ``ISMS_SCREENSHOTS=/some/dir`` keeps them for a look.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.test_browser import CHROMIUM, FLAGS, _heading, _require_chromium, example_site, server

__all__ = ["example_site", "server"]  # the fixtures, shared with tests/browser/test_browser.py
pytestmark = pytest.mark.slow

PAGES = [
    ("audits/", "Internal audit programme", "svg.isms-grid", 2),
    ("nonconformities/", "Nonconformities and corrective actions", "section.isms-nc", 6),
    ("reviews/", "Management reviews", "section.isms-review", 3),
    ("objectives/", "Objectives and measurements", "svg.isms-chart", 5),
    ("certification/", "Certification cycle", "svg.isms-timeline", 1),
]


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ISMS_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_dashboard_and_every_lifecycle_page(server: str, tmp_path: Path) -> None:
    _require_chromium()
    shots = _shots(tmp_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})

        page.goto(server + "isms/")
        assert _heading(page) == "ISMS readiness"
        cards = page.locator(".isms-card")
        assert cards.count() == 16
        assert page.locator(".isms-card-ok").count() == 14
        assert page.locator(".isms-card-attention").count() == 1
        assert page.locator(".isms-card-upcoming").count() == 1
        assert "15/16" in page.locator('[data-tile="steps current"]').inner_text()
        assert page.locator('[data-step="implementation"] .isms-card-status').inner_text().lower() == "attention"
        assert page.locator("svg.isms-timeline").is_visible()
        page.screenshot(path=str(shots / "dashboard.png"), full_page=True)

        page.locator('[data-step="internal-audit"] a', has_text="audit programme").click()
        page.wait_for_url("**/isms/audits/")
        for path, title, selector, count in PAGES:
            page.goto(server + "isms/" + path)
            assert _heading(page) == title
            assert page.locator(selector).count() == count, path
            assert page.locator(selector).first.is_visible()
            page.screenshot(path=str(shots / (path.strip("/") + ".png")), full_page=True)

        page.goto(server + "isms/nonconformities/")
        page.locator("table a", has_text="IA-2026-02-F1").first.click()
        page.wait_for_url("**/isms/audits/#finding-ia-2026-02-f1")
        assert "Post-incident reviews" in page.locator("tr#finding-ia-2026-02-f1").inner_text()
        browser.close()
    expected = {"dashboard.png", *(path.strip("/") + ".png" for path, *_ in PAGES)}
    assert all((shots / name).stat().st_size > 10_000 for name in expected)
