"""The communication register (7.4): what is communicated, when, with whom, by whom and how, and when a
recurring communication last took place."""

from __future__ import annotations

from isms.core.models import registers as r
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.generic import references
from isms.site.html import Markup, badge, esc
from isms.site.html import table as html_table
from isms.site.page import Page, Site
from isms.site.urls import COMMUNICATIONS, entry_ids


@registry.page(COMMUNICATIONS, order=72)
def communications_page(site: Site) -> Page:
    links = site.linker(COMMUNICATIONS)
    entries = site.model.communications
    page = Page(COMMUNICATIONS, "Communication", wide=True)
    internal = sum(1 for c in entries if c.direction == "internal")
    page.md(
        f"{len(entries)} communications relevant to the ISMS, {internal} internal and {len(entries) - internal}"
        " external: what is communicated, when, with whom, who communicates it and how (7.4 a-e), the documents"
        " they carry (the information security policy: 5.2 e) and, for those that recur, when they last took"
        " place and the record of it."
    )
    if site.exports:
        page.html(downloads(COMMUNICATIONS, "communications", site.directory_urls))
    rows = [
        [
            Markup(f"<strong>{esc(c.id)}</strong>"),
            Markup(esc(c.what) + (f"<br><small>{references(site, links, 'document', c.documents)}</small>")),
            Markup(f"{esc(c.audience)}<br><small>{esc(c.direction)}</small>"),
            site.role(c.communicator),
            c.how,
            c.when,
            _last(site, c),
            references(site, links, "evidence", [c.record] if c.record else []),
        ]
        for c in entries
    ]
    page.html(
        html_table(
            ["id", "what", "with whom", "communicator", "how", "when", "last / next", "record"],
            rows,
            "isms-register",
            [entry_ids("communications", c.id) for c in entries],
        )
    )
    if not entries:
        page.md("No communications are recorded yet: add `registers/communications.yml`.")
    return page


def _last(site: Site, communication: r.Communication) -> Markup:
    """When it last took place and, for one that recurs, when it is due again (overdue as the facts say)."""
    deadline = site.facts.deadline("communication-overdue", communication)
    if deadline is None:
        return site.date(communication.last_on)
    if communication.last_on is None:
        return badge("never held", "overdue")
    return Markup(f"{site.date(communication.last_on)}<br><small>next {site.due(deadline)}</small>")
