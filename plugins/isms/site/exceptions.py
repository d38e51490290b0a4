"""The policy exceptions register (Annex A 5.1, 5.36): what each waives, who approved it and until when."""

from __future__ import annotations

from collections.abc import Sequence

from isms.core.facts import exception_live
from isms.core.models import registers as r
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.generic import references
from isms.site.html import Markup, badge, esc, table
from isms.site.page import Page, Site, status
from isms.site.urls import EXCEPTIONS, Linker, entry_ids


@registry.page(EXCEPTIONS, order=97)
def exceptions_page(site: Site) -> Page:
    links = site.linker(EXCEPTIONS)
    everything = site.model.exceptions
    live = [e for e in everything if exception_live(e, site.as_of)]
    expired = [e for e in everything if e.status == "active" and not exception_live(e, site.as_of)]
    closed = [e for e in everything if e.status == "closed"]
    page = Page(EXCEPTIONS, "Policy exceptions", wide=True)
    page.md(
        f"{len(live)} policy exceptions in force, {len(expired)} expired and {len(closed)} closed: what each"
        " waives, the controls it weakens, the risk accepted, who approved it and until when (5.1, 5.36)."
    )
    if site.exports:
        page.html(downloads(EXCEPTIONS, "exceptions", site.directory_urls))
    for heading, entries in (("In force", live), ("Expired", expired), ("Closed", closed)):
        if entries:
            page.md(f"## {heading}")
            page.html(exceptions_table(site, links, entries, anchors=True))
    if not everything:
        page.md("No policy exceptions are recorded.")
    return page


def exceptions_table(site: Site, links: Linker, entries: Sequence[r.PolicyException], anchors: bool) -> Markup:
    """Exceptions one a row; with anchors on their own page."""
    rows = [
        [
            Markup(f"<strong>{esc(e.id)}</strong>"),
            Markup(f"{esc(e.title)}<br><small>{esc(e.compensating_controls or '')}</small>"),
            Markup(
                f"{references(site, links, 'document', [e.document])}" + (f" §{esc(e.section)}" if e.section else "")
            ),
            references(site, links, "control", e.controls),
            references(site, links, "risk", [e.risk] if e.risk else []),
            site.role(e.requested_by),
            _approval(site, e),
            _expires(site, e),
            status(e.status),
        ]
        for e in entries
    ]
    return table(
        ["id", "exception", "waives", "controls", "risk", "requested by", "approved", "expires", "status"],
        rows,
        "isms-register",
        [entry_ids("exceptions", e.id) for e in entries] if anchors else None,
    )


def _approval(site: Site, exception: r.PolicyException) -> Markup:
    if exception.approved_by is None:
        return badge("not approved", "bad")
    return Markup(f"{site.role(exception.approved_by)}<br>{site.date(exception.approved_on)}")


def _expires(site: Site, exception: r.PolicyException) -> Markup:
    deadline = site.facts.deadline("exception-expired", exception)
    return site.date(exception.expires, deadline is not None and deadline.overdue)
