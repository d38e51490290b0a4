"""Generated pages register themselves; the navigation order and the dashboard's register table follow."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from isms.site import registry
from isms.site.overview import registers_table
from isms.site.page import Page, Site
from isms.site.pages import generated_pages
from isms.site.risks import treatment_plan_page
from tests.conftest import Repo

NAVIGATION = [
    "isms/index.md",
    "isms/soa.md",
    "isms/risks.md",
    "isms/treatment-plan.md",
    "isms/assets.md",
    "isms/documents.md",
    "isms/context.md",
    "isms/parties.md",
    "isms/requirements.md",
    "isms/evidence.md",
    "isms/competence.md",
    "isms/communications.md",
    "isms/suppliers.md",
    "isms/traceability.md",
    "isms/evidence-requests.md",
    "isms/audits.md",
    "isms/incidents.md",
    "isms/exceptions.md",
    "isms/nonconformities.md",
    "isms/improvements.md",
    "isms/reviews.md",
    "isms/objectives.md",
    "isms/certification.md",
    "isms/changes.md",
]


def test_pages_come_in_the_navigation_order_then_one_per_control_then_the_reference(repo: Repo) -> None:
    site = repo.site()
    names = [page.src_uri for page in generated_pages(site)]
    assert names[: len(NAVIGATION)] == NAVIGATION
    count = len(site.model.catalogue.controls)
    controls, reference = names[len(NAVIGATION) : len(NAVIGATION) + count], names[len(NAVIGATION) + count :]
    assert controls[:2] == ["isms/controls/5-1.md", "isms/controls/5-2.md"]
    assert all(name.startswith("isms/controls/") for name in controls)
    assert reference[0] == "isms/reference/index.md"
    assert all(name.startswith("isms/reference/") for name in reference)


def test_the_dashboard_lists_registers_in_navigation_order(repo: Repo) -> None:
    site = repo.site()
    html = registers_table(site, site.linker("isms/index.md"))
    rows = re.findall(r'<tr><td><a href="([^"]+)"[^>]*>([^<]+)</a></td><td>([^<]*)</td></tr>', html)
    assert rows == [
        ("soa/", "Statement of Applicability", "93 controls, 92 applicable"),
        ("risks/", "Risk register", "3 risks, with heat maps"),
        ("treatment-plan/", "Risk treatment plan", "2 actions"),
        ("assets/", "Asset inventory", "4 assets"),
        ("documents/", "Document register", "3 controlled documents"),
        ("context/", "Context of the organisation", "2 issues"),
        ("parties/", "Interested parties", "1 party, 1 requirement(s) addressed"),
        ("requirements/", "Requirements", "1 requirement"),
        ("evidence/", "Evidence records", "3 records"),
        ("competence/", "Competence", "2 roles, 2 people assessed"),
        ("communications/", "Communication", "2 communications"),
        ("suppliers/", "Suppliers", "2 suppliers, 1 tier 1"),
        (
            "traceability/",
            "Traceability matrix",
            "controls × documents, risks, treatments, evidence, suppliers, incidents, exceptions; gaps",
        ),
        ("evidence-requests/", "Evidence request list", "106 requests, 17 ready, 89 with gaps"),
        ("audits/", "Internal audit programme", "2 audits, coverage of the cycle"),
        ("incidents/", "Incidents", "2 incidents"),
        ("exceptions/", "Policy exceptions", "2 exceptions, 1 active"),
        ("nonconformities/", "Nonconformities", "1 nonconformity, 0 open"),
        ("improvements/", "Improvements", "2 improvements, 1 done"),
        ("reviews/", "Management reviews", "1 review, inputs a–g"),
        ("objectives/", "Objectives", "1 objective with charts"),
        ("certification/", "Certification cycle", "certificate, timeline, evidence expiry, training"),
    ]


@pytest.fixture
def extra_page() -> Iterator[str]:
    src = "isms/extra.md"

    @registry.page(src, order=15, title="Extra <page>", holds=lambda site: f"{len(site.model.risks)} risks again")
    def build(site: Site) -> Page:
        page = Page(src, "Extra")
        page.md("Built by a test.")
        return page

    try:
        yield src
    finally:
        registry.remove(src)


def test_a_page_registered_at_run_time_takes_its_place_and_its_row(repo: Repo, extra_page: str) -> None:
    site = repo.site()
    names = [page.src_uri for page in generated_pages(site)]
    assert names[:4] == ["isms/index.md", "isms/soa.md", extra_page, "isms/risks.md"]
    html = registers_table(site, site.linker("isms/index.md"))
    assert '<tr><td><a href="extra/">Extra &lt;page&gt;</a></td><td>3 risks again</td></tr>' in html
    with pytest.raises(ValueError, match=r"a page builder for isms/extra\.md is registered already"):
        registry.page(extra_page, order=1)(lambda site: Page(extra_page, "Twice"))


def test_a_role_shows_its_holder_without_nesting_brackets(repo: Repo) -> None:
    repo.replace(
        "registers/roles.yml",
        "    title: Chief Information Security Officer\n",
        "    title: Information Security Officer (ISMS Manager)\n",
    )
    site = repo.site()
    assert (
        site.role("ciso") == '<span title="role: ciso">Information Security Officer (ISMS Manager) — Ben Example</span>'
    )
    assert site.role("ceo") == '<span title="role: ceo">Chief Executive Officer (Ada Example)</span>'


def test_the_treatment_plan_shows_each_actions_approval(repo: Repo) -> None:
    """6.1.3 f: the plan shows who approved each action and when, and which actions nobody approved."""
    repo.replace("registers/roles.yml", "holder: Cy Example", "holder: Cy <b>Example</b>")
    repo.replace("registers/treatments.yml", "    approved_by: [cto]\n    approved_on: 2026-03-02\n", "")
    site = repo.site()
    page = treatment_plan_page(site)
    html = page.fill(page.markdown)
    assert "2 actions, 1 open, 0 overdue as of 2026-11-28; 1 approved by the owners of the risks they treat" in html
    rows = dict(re.findall(r'<tr id="treatment-([^"]+)">(.*?)</tr>', html, flags=re.DOTALL))
    assert rows["t-1"].endswith(
        '<td><span title="role: cto">Chief Technology Officer (Cy &lt;b&gt;Example&lt;/b&gt;)</span>'
        ' <span class="isms-date">2026-06-15</span></td>'
    )
    assert rows["t-2"].endswith('<td><span class="isms-badge isms-neutral">not approved</span></td>')
    assert "<th>approved</th>" in html
