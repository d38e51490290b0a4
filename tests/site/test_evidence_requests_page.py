"""The evidence request list page: one anchored row per request, linked sources with their state, the gaps."""

from __future__ import annotations

import datetime as dt

from isms.site.evidence_requests import evidence_requests_page
from isms.site.page import Page
from tests.conftest import Repo


def html(page: Page) -> str:
    return page.fill(page.markdown)


def row(text: str, anchor: str) -> str:
    start = text.index(f'<tr id="{anchor}">')
    return text[start : text.index("</tr>", start)]


def test_each_request_links_where_it_is_and_says_what_is_missing(repo: Repo) -> None:
    text = html(evidence_requests_page(repo.site()))
    assert "106 requests, 17 ready, 89 with gaps" in text
    clause = row(text, "request-clause-8-1")
    assert '<a href="../soa/#clause-8-1" class="isms-id">8.1</a>' in clause
    assert '<a href="../evidence/#evidence-ev-2">EV-2 Backup restore test</a>' in clause
    assert "<code>evidence/backup-test.txt</code>" in clause
    assert '<span class="isms-badge isms-good">ready</span>' in clause
    control = row(text, "request-control-5-2")
    assert '<span class="isms-badge isms-bad">nothing</span>' in control
    assert "<li>not implemented (SoA status: planned)</li>" in control
    assert 'id="request-control-8-30"' not in text  # excluded in the SoA: nothing to ask for


def test_evidence_is_marked_expired_the_day_after_its_expiry(repo: Repo) -> None:
    valid = row(html(evidence_requests_page(repo.site(dt.date(2027, 10, 1)))), "request-control-8-5")
    assert '<span class="isms-badge isms-good">expires 2027-10-01</span>' in valid
    assert "expired" not in valid
    late = row(html(evidence_requests_page(repo.site(dt.date(2027, 10, 2)))), "request-control-8-5")
    assert '<span class="isms-badge isms-bad">expired on 2027-10-01</span>' in late
    assert "<li>evidence EV-1 expired on 2027-10-01</li>" in late
