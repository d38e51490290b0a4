"""The traceability matrix: per control, the newer registers too (suppliers, incidents, exceptions in force,
improvements from its incidents and nonconformities), one row per control whatever the registers hold."""

from __future__ import annotations

import datetime as dt
import re

from isms.site.page import Page
from isms.site.traceability import traceability_page
from tests.conftest import Repo

COLUMNS = ("documents", "risks", "treatments", "requirements", "evidence", "suppliers", "incidents")
COLUMNS += ("exceptions-in-force", "improvements")


def html(page: Page) -> str:
    return page.fill(page.markdown)


def counts(text: str, control: str) -> dict[str, str]:
    """The numbers of one control's row, by column."""
    start = text.index(f">{control} ")
    row = text[start : text.index("</tr>", start)]
    cells = re.findall(r"<td>(.*?)</td>", "<td>" + row.split("</td>", 1)[1])
    numbers = [re.sub(r"<[^>]+>", "", cell) for cell in cells[1:]]  # after 'applicable'
    return dict(zip(COLUMNS, numbers, strict=True))


def test_suppliers_incidents_exceptions_and_improvements_are_counted_per_control(repo: Repo) -> None:
    text = html(traceability_page(repo.site()))
    assert "<th>suppliers</th><th>incidents</th><th>exceptions in force</th><th>improvements</th>" in text
    assert counts(text, "5.19")["suppliers"] == "1"  # SUP-1
    assert (counts(text, "5.24")["incidents"], counts(text, "5.24")["improvements"]) == ("1", "1")  # INC-1, IMP-2
    assert '<a href="../improvements/" class="isms-id">1</a>' in text
    assert counts(text, "5.17")["exceptions-in-force"] == "1"  # EXC-1, until 2026-12-31
    after = html(traceability_page(repo.site(dt.date(2027, 1, 1))))
    assert counts(after, "5.17")["exceptions-in-force"] == "0"


def test_an_exception_in_force_against_an_excluded_control_is_a_gap(repo: Repo) -> None:
    repo.replace("registers/exceptions.yml", 'controls: ["5.17"]', 'controls: ["8.30"]')
    text = html(traceability_page(repo.site()))
    gaps = text[text.index("Excluded controls that something relies on") :]
    assert "8.30 Outsourced development" in gaps[: gaps.index("</ul>")]
