"""The supplier and incident pages: anchored rows, the next review and the regulatory clocks as the facts say."""

from __future__ import annotations

import datetime as dt

from isms.site.incidents import incidents_page
from isms.site.page import Page
from isms.site.pages import generated_pages
from isms.site.suppliers import suppliers_page
from tests.conftest import Repo

INC = "registers/incidents.yml"


def html(page: Page) -> str:
    return page.fill(page.markdown)


def test_the_supplier_page_anchors_each_supplier_and_marks_an_overdue_review(repo: Repo) -> None:
    text = html(suppliers_page(repo.site()))
    assert '<tr id="supplier-sup-1"><td><strong>SUP-1</strong></td><td>Cloudhost Ltd<br><small>' in text
    assert 'next: <span class="isms-date">2027-03-10</span></small></td>' in text  # a year after its assessment
    assert "security clauses</span>" in text and '<a href="../assets/#asset-ast-1" class="isms-id">AST-1</a>' in text
    late = html(suppliers_page(repo.site(dt.date(2027, 3, 11))))
    assert '<span class="isms-date">2027-03-10</span> <span class="isms-badge isms-overdue">overdue</span>' in late


def test_the_incident_page_shows_each_clock_made_on_time_late_or_overdue(repo: Repo) -> None:
    text = html(incidents_page(repo.site()))
    assert '<tr id="inc-1"><td><span id="inc-inc-1"></span><strong>INC-1</strong></td>' in text
    assert (
        '<td><a href="#inc-1" class="isms-id">INC-1</a></td><td>GDPR Art. 33 notification to the supervisory'
        ' authority</td><td><span class="isms-date">2026-04-06 14:20 +02:00</span></td><td><span class="isms-date">'
        "2026-04-05 10:00 +01:00</span> <small>(44 h 40 min after detection)</small></td>"
        '<td><span class="isms-badge isms-good">on time</span></td>'
    ) in text
    assert "NIS2 does not apply" in text
    repo.replace(INC, "        at: 2026-04-05T10:00+01:00\n", "        at: 2026-04-06T13:21+01:00\n")
    assert '<span class="isms-badge isms-bad">late</span>' in html(incidents_page(repo.site()))
    repo.replace("registers/isms.yml", "scope: DOC-SCOPE\n", "scope: DOC-SCOPE\nnis2: {in_scope: true}\n")
    repo.replace(
        INC, "    detected_at: 2026-11-20T09:00Z\n", "    detected_at: 2026-11-20T09:00Z\n    significant: true\n"
    )
    text = html(incidents_page(repo.site()))
    assert "NIS2 applies" in text
    assert text.count('<span class="isms-badge isms-overdue">overdue</span>') == 2  # early warning, notification
    assert text.count('<span class="isms-badge isms-partial">due</span>') == 1  # the final report


def test_control_pages_link_back_to_the_suppliers_and_incidents_naming_them(repo: Repo) -> None:
    site = repo.site()
    assert [s.id for s in site.derived.links("5.23")["suppliers"]] == ["SUP-1"]
    assert [i.id for i in site.derived.links("5.26")["incidents"]] == ["INC-1"]
    page = next(page for page in generated_pages(site) if page.src_uri == "isms/controls/5-26.md")
    assert '<a href="../../incidents/#inc-1" class="isms-id">INC-1</a>' in html(page)
