"""The improvement opportunities register (10.1): where each came from, its status and due date, and its outcome."""

from __future__ import annotations

from isms.core.facts import IMPROVEMENT_RECENT_MONTHS, improvement_acted_on, improvement_open
from isms.core.models import registers as r
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.generic import reference
from isms.site.html import Markup, esc, link
from isms.site.html import table as html_table
from isms.site.page import Page, Site, status
from isms.site.urls import IMPROVEMENTS, Linker, entry_ids

SOURCE_KINDS = {"management review": "review", "incident": "incident", "nonconformity": "nonconformity"}
"""The kind of record a source's reference names, for the types whose records have a page of their own."""


@registry.page(IMPROVEMENTS, order=105)
def improvements_page(site: Site) -> Page:
    links = site.linker(IMPROVEMENTS)
    improvements = site.model.improvements
    page = Page(IMPROVEMENTS, "Improvements", wide=True)
    done = sum(1 for i in improvements if improvement_acted_on(i, site.as_of))
    pending = sum(1 for i in improvements if improvement_open(i))
    page.md(
        f"{len(improvements)} improvement opportunities, {pending} still to act on and {done} done in the last"
        f" {IMPROVEMENT_RECENT_MONTHS} months: how the ISMS is continually improved (10.1), beyond correcting"
        " nonconformities (10.2). Each names where it came from: an audit finding, a management review, an"
        " incident, a nonconformity or a suggestion."
    )
    if site.exports:
        page.html(downloads(IMPROVEMENTS, "improvements", site.directory_urls))
    rows = [
        [
            Markup(f"<strong>{esc(i.id)}</strong>"),
            Markup(esc(i.title) + (f"<br><small>{esc(i.description)}</small>" if i.description else "")),
            _source(site, links, i.source),
            site.date(i.raised_on),
            site.role(i.owner),
            _due(site, i),
            site.date(i.completed_on),
            i.outcome or "",
            status(i.status),
        ]
        for i in improvements
    ]
    page.html(
        html_table(
            ["id", "improvement", "source", "raised", "owner", "due", "done", "outcome", "status"],
            rows,
            "isms-register",
            [entry_ids("improvements", i.id) for i in improvements],
        )
    )
    return page


def _source(site: Site, links: Linker, source: r.ImprovementSource) -> Markup:
    """The type of source, and the record it names as a link when that record is shown."""
    if source.ref is None:
        return esc(source.type)
    if source.type == "audit finding":
        audits = site.derived.index.get("audit", {})
        findings = {f.id for a in site.model.audits for f in a.findings}
        if source.ref in findings:
            ref = link(links.finding(source.ref), source.ref)
        else:
            ref = reference(site, links, "audit", source.ref) if source.ref in audits else esc(source.ref)
    elif source.type in SOURCE_KINDS:
        ref = reference(site, links, SOURCE_KINDS[source.type], source.ref)
    else:
        ref = esc(source.ref)
    return Markup(f"{esc(source.type)}<br><small>{ref}</small>")


def _due(site: Site, improvement: r.Improvement) -> Markup:
    deadline = site.facts.deadline("improvement-overdue", improvement)
    if deadline is not None:
        return site.date(deadline.date, deadline.overdue)
    return site.date(improvement.due)
