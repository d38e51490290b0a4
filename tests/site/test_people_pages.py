"""The competence (7.2) and communication (7.4) pages, and the anchors of every register's entries: an id that
starts with its register's prefix keeps it once, and the doubled anchor it had before still lands."""

from __future__ import annotations

import datetime as dt

import pytest

from isms.core import catalogue
from isms.site.certification import certification_page
from isms.site.communications import communications_page
from isms.site.competence import competence_page
from isms.site.dashboard import dashboard_page
from isms.site.html import anchor_ids
from isms.site.page import Page
from isms.site.pages import generated_pages
from isms.site.urls import Linker, entry_anchor, entry_ids, former_anchor
from tests.conftest import Repo

COMP = "registers/competence.yml"
COM = "registers/communications.yml"
PAGED = [spec for spec in catalogue.listed() if spec.fragment]


def html(page: Page) -> str:
    return page.fill(page.markdown)


@pytest.mark.parametrize("spec", PAGED, ids=lambda spec: spec.name)
def test_an_id_that_starts_with_its_anchor_prefix_keeps_the_prefix_once(spec: catalogue.RegisterSpec) -> None:
    prefix = spec.fragment or ""
    doubled = f"{prefix.upper()}-2026-07"
    assert entry_anchor(spec.name, doubled) == f"{prefix}-2026-07"
    assert entry_ids(spec.name, doubled) == (f"{prefix}-2026-07", f"{prefix}-{prefix}-2026-07")
    assert Linker("isms/index.md").entry(spec.name, doubled).endswith(f"#{prefix}-2026-07")
    assert entry_ids(spec.name, "X-7") == (f"{prefix}-x-7",)
    assert former_anchor(prefix, "X-7") is None


def test_every_register_page_keeps_the_former_anchor_of_each_entry_whose_id_starts_with_the_prefix(
    repo: Repo,
) -> None:
    site = repo.site()
    pages = {page.src_uri: anchor_ids(html(page)) for page in generated_pages(site) if page.src_uri.startswith("isms/")}
    doubled = 0
    for spec in PAGED:
        for entry in site.model.entries.get(spec.name, []):
            ids = entry_ids(spec.name, spec.ident(entry))
            assert set(ids) <= pages[spec.page or ""], (spec.name, ids)
            doubled += len(ids) - 1
    assert doubled >= 5  # NC-2026-01, INC-1, INC-2, IMP-1, IMP-2 in the minimal repository


def test_the_competence_page_shows_each_role_its_holders_their_evidence_and_gaps(repo: Repo) -> None:
    text = html(competence_page(repo.site()))
    assert '<tr id="competence-ceo"><td><span title="role: ceo">Chief Executive Officer (Ada Example)</span>' in text
    assert '<strong>Ben Example</strong><br><small>assessed <span class="isms-date">2026-02-10</span>; next' in text
    assert 'evidence <a href="../evidence/#evidence-ev-3" class="isms-id">EV-3</a>' in text
    assert "2 roles with the competence they require" in text and "1 gap with an action under way" in text
    assert "Ben Example: Internal auditing<br><small>ISO/IEC 27001 internal auditor course; due" in text
    late = html(competence_page(repo.site(dt.date(2027, 3, 1))))
    assert late.count(">overdue<") == 3  # both assessments (2027-02-01, 2027-01-31) and the gap's action (2027-02-28)


def test_the_communication_page_shows_what_when_with_whom_who_how_and_when_next(repo: Repo) -> None:
    text = html(communications_page(repo.site()))
    assert '<tr id="communication-com-1"><td><strong>COM-1</strong></td><td>The information security policy' in text
    assert '<a href="../../policies/information-security/" class="isms-id">POL-IS</a>' in text
    assert 'next <span class="isms-date">2027-03-05</span></small>' in text and ">overdue<" not in text
    assert ">overdue<" in html(communications_page(repo.site(dt.date(2027, 3, 6))))
    repo.replace(COM, "    last_on: 2026-03-05\n", "")
    assert "never held" in html(communications_page(repo.site()))


def test_the_dashboards_support_card_links_the_training_competence_and_communication_pages(repo: Repo) -> None:
    page = html(dashboard_page(repo.site()))
    card = page[page.index('data-step="support"') : page.index('data-step="internal-audit"')]
    assert "isms-card-ok" in page[page.index('data-step="support"') - 40 : page.index('data-step="support"')]
    assert (
        "1 training programme; competence recorded for 1 of 1 roles with ISMS responsibilities (1 gap open);"
        " 2 communications"
    ) in card
    assert '<a href="competence/"' in card and '<a href="communications/"' in card
    (repo.root / COMP).unlink()
    page = html(dashboard_page(repo.site()))
    assert 'isms-card-attention" data-step="support"' in page


def test_a_training_programme_links_the_roles_whose_competence_it_gives(repo: Repo) -> None:
    text = html(certification_page(repo.site()))
    assert (
        'Security awareness<br><small>gives the competence of <a href="../competence/#competence-ceo"'
        ' class="isms-id">ceo</a></small>' in text
    )
    repo.replace(COMP, "        training: [TR-1]\n    holders", "    holders")
    assert "gives the competence of" not in html(certification_page(repo.site()))
