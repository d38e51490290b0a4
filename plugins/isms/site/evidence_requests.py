"""The evidence request list: what a certification auditor will ask to see, where it is, and what is missing."""

from __future__ import annotations

from isms.core.requests import Request, Source
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.html import Markup, badge, esc, join, link, table
from isms.site.page import Page, Site
from isms.site.urls import EVIDENCE_REQUESTS, Linker, anchor


@registry.page(
    EVIDENCE_REQUESTS,
    order=85,
    title="Evidence request list",
    holds=lambda site: _summary(site.requests),
)
def evidence_requests_page(site: Site) -> Page:
    links = site.linker(EVIDENCE_REQUESTS)
    found = site.requests
    page = Page(EVIDENCE_REQUESTS, "Evidence request list", wide=True)
    page.md(
        "What a certification auditor will ask to see: the documented information of clauses 4–10 and, for"
        " every control the Statement of Applicability marks applicable, how it is implemented and records that"
        f" it operates; where each is, who owns it and what is missing. {_summary(found)}. The team preparing"
        " the audit works through the gaps; the auditor ticks the list off in its XLSX export, which has a"
        " column for that and one for notes."
    )
    if site.exports:
        page.html(downloads(EVIDENCE_REQUESTS, "evidence-requests", site.directory_urls))
    for part, heading in (("clause", "Clauses 4–10"), ("control", "Annex A and organisation controls")):
        rows = [request for request in found if request.part == part]
        if not rows:
            continue
        page.md(f"## {heading}")
        page.html(
            table(
                ["ref", "the auditor asks for", "where it is", "owner", "missing"],
                [_row(site, links, request) for request in rows],
                "isms-register",
                [anchor(f"request-{part}", request.ref) for request in rows],
            )
        )
    return page


def _summary(found: list[Request]) -> str:
    ready = sum(1 for request in found if request.ready)
    return f"{len(found)} requests, {ready} ready, {len(found) - ready} with gaps"


def _row(site: Site, links: Linker, request: Request) -> list[object]:
    if request.part == "clause":
        ref = link(links.clause(request.ref), request.ref)
    else:
        ref = link(links.control(request.ref), request.ref)
    missing: Markup = badge("ready", "good")
    if request.missing:
        missing = Markup("<ul>" + "".join(f"<li>{esc(gap)}</li>" for gap in request.missing) + "</ul>")
    return [
        ref,
        Markup(f"<strong>{esc(request.title)}</strong><br><small>{esc(request.asks)}</small>"),
        Markup("<ul>" + "".join(f"<li>{_source(site, links, s)}</li>" for s in request.sources) + "</ul>")
        if request.sources
        else badge("nothing", "bad"),
        site.role(request.owner),
        missing,
    ]


def _source(site: Site, links: Linker, source: Source) -> Markup:
    state = badge(source.state, "good" if source.ok else "bad")
    if source.kind == "document":
        name = link(links.document(source.entry.src_uri), f"{source.id} {source.title}")
    elif source.kind == "evidence":
        name = link(links.evidence(source.id), f"{source.id} {source.title}")
    elif source.kind == "record" and source.register is not None:
        name = link(links.entry(source.register, source.id), f"{source.register} {source.id}: {source.title}")
    else:
        name = esc(source.title)
    owner = f" — {site.role(source.owner)}" if source.owner else ""
    return Markup(f"{join([name, state], ' ')}{owner}<br><small><code>{esc(source.location)}</code></small>")
