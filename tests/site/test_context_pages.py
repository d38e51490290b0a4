"""The context and interested parties pages (4.1, 4.2), the requirements page naming the parties it serves, the
scope card, and the reviews page showing beside each review what the registers hold for its inputs (9.3.2)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from isms.core.derive import referrers
from isms.site.context import context_page, parties_page
from isms.site.dashboard import dashboard_page
from isms.site.page import Page
from isms.site.registers import requirements_page
from isms.site.reviews import reviews_page
from isms.site.risks import risk_register_page
from tests.conftest import Repo


def html(page: Page) -> str:
    return page.fill(page.markdown)


def test_the_context_page_anchors_each_issue_and_links_its_risks_and_parties(repo: Repo) -> None:
    text = html(context_page(repo.site()))
    assert "1 external and 1 internal issues (4.1)" in text
    assert "**Climate change** is not a relevant issue" in text  # from isms.yml, still read
    assert (
        '<tr id="ctx-1"><td><span id="ctx-ctx-1"></span><strong>CTX-1</strong></td>'
        "<td>Customers require certification</td>" in text
    )
    assert '<a href="../risks/#risk-r-1" class="isms-id">R-1</a>' in text
    assert '<a href="../parties/#party-ip-1" class="isms-id">IP-1</a>' in text
    assert 'next <span class="isms-date">2027-03-01</span>' in text


def test_an_issue_is_marked_overdue_the_day_after_its_review_is_due(repo: Repo) -> None:
    late = html(context_page(repo.site(dt.date(2027, 3, 2))))
    assert 'next <span class="isms-date">2027-03-01</span> <span class="isms-badge isms-overdue">overdue</span>' in late


def test_the_parties_page_shows_which_requirements_the_isms_addresses(repo: Repo) -> None:
    text = html(parties_page(repo.site()))
    assert '<tr id="party-ip-1"><td><strong>IP-1</strong></td><td>Customers<br><small>external</small></td>' in text
    assert (
        '<li>Personal data processed lawfully <span class="isms-badge isms-good">addressed</span> → '
        '<a href="../requirements/#requirement-req-1" class="isms-id">REQ-1</a></li>'
    ) in text
    assert '<span class="isms-badge isms-none">not addressed</span><br><small>Not an information security' in text
    assert "Quarterly account reviews<br><small>" in text and "Asked when the certificate is expected" in text


def test_the_requirements_page_names_the_parties_a_requirement_serves(repo: Repo) -> None:
    text = html(requirements_page(repo.site()))
    assert 'GDPR<br><a href="../parties/#party-ip-1" class="isms-id">IP-1</a>' in text


def test_the_scope_card_reads_the_context_and_links_its_pages(repo: Repo) -> None:
    text = html(dashboard_page(repo.site()))
    card = text[text.index('data-step="scope"') :]
    card = card[: card.index("</div></div>")]
    assert "Context and scope" in card and "4.1–4.3" in card
    assert "2 issues, 1 interested party; climate change not relevant" in card
    assert '<a href="context/"' in card and '<a href="parties/">interested parties</a>' in card


def test_the_reviews_page_shows_the_register_inputs_beside_the_chairs_summaries(repo: Repo) -> None:
    text = html(reviews_page(repo.site()))
    review = text[text.index('id="review-mr-2026"') :]
    assert "from the registers, before it" in review
    assert (
        "<td><strong>d</strong> Feedback on information security performance: nonconformities and corrective"
        " actions; monitoring and measurement results; audit results; fulfilment of objectives</td>"
        "<td>One minor nonconformity</td>"
        '<td><ul class="isms-inputs"><li><a href="../nonconformities/#nc-1" class="isms-id">NC-1</a> minor,'
        ' raised 2026-02-11</li><li><a href="../audits/#audit-ia-1" class="isms-id">IA-1</a> completed'
        " 2026-02-11: 1 minor</li></ul></td>"
    ) in review
    upcoming = text[text.index("Inputs for the next review") : text.index('id="review-mr-2026"')]
    assert "from the registers, since MR-2026 (2026-03-15) to 2026-11-28" in upcoming
    assert '<a href="../incidents/#inc-2" class="isms-id">INC-2</a> severity 4, detected 2026-11-20' in upcoming
    assert '<a href="#review-mr-2026" class="isms-id">MR-2026</a> action 1: open, due 2026-12-31' in upcoming


def test_a_build_that_may_not_read_a_register_leaves_its_review_inputs_out(repo: Repo) -> None:
    site = dataclasses.replace(repo.site(), hidden=frozenset({"incidents"}))
    upcoming = html(reviews_page(site))
    upcoming = upcoming[upcoming.index("Inputs for the next review") : upcoming.index('id="review-mr-2026"')]
    assert "INC-2" not in upcoming and "Phishing email" not in upcoming
    assert "OBJ-1" in upcoming


def test_an_overdue_review_action_is_marked_in_the_next_reviews_inputs(repo: Repo) -> None:
    text = html(reviews_page(repo.site(dt.date(2027, 1, 5))))
    upcoming = text[text.index("Inputs for the next review") : text.index('id="review-mr-2026"')]
    assert (
        'MR-2026</a> action 1: overdue, due 2026-12-31 <span class="isms-badge isms-overdue">overdue</span>' in upcoming
    )


def test_the_risk_register_names_every_entry_that_names_a_risk(repo: Repo) -> None:
    """Each risk's row links back to whatever names it through a risk reference, from any register but the
    treatments (their own column): here a context issue, a supplier, an incident and an exception."""
    site = repo.site()
    named = referrers(site.model, "risk", besides=("risks", "treatments"))
    assert {risk: [(register, entry.id) for register, entry in pairs] for risk, pairs in named.items()} == {
        "R-1": [("suppliers", "SUP-1"), ("context", "CTX-1")],
        "R-2": [("incidents", "INC-1"), ("exceptions", "EXC-1")],
    }
    text = html(risk_register_page(site)[0])
    r1 = text[text.index('id="risk-r-1"') : text.index('id="risk-r-2"')]
    assert (
        '<br><small>Named by: <a href="../suppliers/#supplier-sup-1">supplier SUP-1</a>,'
        ' <a href="../context/#ctx-1">issue CTX-1</a></small>'
    ) in r1
    r2 = text[text.index('id="risk-r-2"') : text.index('id="risk-r-3"')]
    assert (
        '<a href="../incidents/#inc-1">incident INC-1</a>,'
        ' <a href="../exceptions/#exception-exc-1">exception EXC-1</a></small>'
    ) in r2
    r3 = text[text.index('id="risk-r-3"') :]
    assert "Named by" not in r3[: r3.index("</tr>")]
