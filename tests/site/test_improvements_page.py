"""The improvements page (10.1): anchored rows, sources linked to the records they name, due dates as the facts
judge them, and the dashboard's continual improvement card linking to the page."""

from __future__ import annotations

import datetime as dt

from isms.site.dashboard import dashboard_page
from isms.site.improvements import improvements_page
from isms.site.page import Page
from tests.conftest import Repo

IMP = "registers/improvements.yml"


def html(page: Page) -> str:
    return page.fill(page.markdown)


def test_the_page_anchors_each_improvement_and_links_its_source(repo: Repo) -> None:
    text = html(improvements_page(repo.site()))
    assert (
        '<tr id="imp-1"><td><span id="imp-imp-1"></span><strong>IMP-1</strong></td>'
        "<td>Automate evidence collection<br><small>" in text
    )
    assert 'management review<br><small><a href="../reviews/#review-mr-2026" class="isms-id">MR-2026</a>' in text
    assert 'incident<br><small><a href="../incidents/#inc-1" class="isms-id">INC-1</a>' in text
    assert "2 improvement opportunities, 1 still to act on and 1 done in the last 12 months" in text
    repo.replace(IMP, "{type: incident, ref: INC-1}", "{type: audit finding, ref: IA-1-F1}")
    text = html(improvements_page(repo.site()))
    assert 'audit finding<br><small><a href="../audits/#finding-ia-1-f1" class="isms-id">IA-1-F1</a>' in text


def test_a_due_date_is_marked_overdue_the_day_after_it(repo: Repo) -> None:
    due = '<span class="isms-date">2027-03-31</span>'
    assert f"{due} <span" not in html(improvements_page(repo.site(dt.date(2027, 3, 31))))
    late = html(improvements_page(repo.site(dt.date(2027, 4, 1))))
    assert f'{due} <span class="isms-badge isms-overdue">overdue</span>' in late


def test_the_dashboard_card_links_the_last_improvement_done_and_the_page(repo: Repo) -> None:
    text = html(dashboard_page(repo.site()))
    card = text[text.index('data-step="continual-improvement"') :]
    card = card[: card.index("</div></div>")]
    assert "Continual improvement" in card and "10.1" in card
    assert '<a href="improvements/#imp-1"' in card and '<a href="improvements/"' in card
