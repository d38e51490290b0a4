"""What every controlled document shows: its document-control block on top, what it serves at its foot."""

from __future__ import annotations

import re

from isms.core.repository import Document
from isms.site.html import Markup, badge, esc, join, link
from isms.site.page import Site, status

_FIRST_HEADING = re.compile(r"^#\s+.*$", re.MULTILINE)


def control_block(site: Site, document: Document) -> Markup:
    meta = document.meta
    cells = [
        ("Document", esc(document.id)),
        ("Version", esc(meta.version)),
        ("Status", status(meta.status)),
        ("Owner", site.role(meta.owner)),
        ("Approver", site.role(meta.approver) or esc("—")),
        ("Approved on", site.date(meta.approved_on) or esc("—")),
        ("Next review", site.next_review(document) or esc("—")),
        ("Classification", esc(meta.classification)),
    ]
    body = "".join(f"<div><dt>{esc(name)}</dt><dd>{value}</dd></div>" for name, value in cells)
    notice = ""
    if meta.status != "approved":
        notice = f'<p class="isms-notice">{badge(meta.status, "partial")} This document is not approved.</p>'
    return Markup(f'<dl class="isms-doc-control" aria-label="Document control" data-search-exclude>{body}</dl>{notice}')


def serves_block(site: Site, document: Document) -> Markup:
    meta = document.meta
    links = site.linker(document.src_uri)
    catalogue = site.model.catalogue
    rows = []
    if meta.controls:
        rows.append(
            (
                "Controls",
                join(
                    link(links.control(c), c, catalogue.controls[c].title if c in catalogue.controls else None)
                    for c in meta.controls
                ),
            )
        )
    if meta.clauses:
        rows.append(("Clauses", join(link(links.clause(c), c, _clause_title(site, c)) for c in meta.clauses)))
    if meta.risks:
        rows.append(("Risks", join(link(links.risk(r), r) for r in meta.risks)))
    if meta.history:
        history = "".join(
            f"<tr><td>{esc(h.version)}</td><td>{esc(h.date.isoformat())}</td><td>{esc(h.author)}</td>"
            f"<td>{esc(h.summary)}</td></tr>"
            for h in meta.history
        )
        rows.append(
            (
                "History",
                Markup(
                    "<table><thead><tr><th>version</th><th>date</th><th>author</th><th>summary</th></tr></thead>"
                    f"<tbody>{history}</tbody></table>"
                ),
            )
        )
    if not rows:
        return Markup("")
    items = "".join(f"<div><dt>{esc(name)}</dt><dd>{value}</dd></div>" for name, value in rows)
    heading = '<h2 id="document-serves">This document serves</h2>'
    return Markup(f'<aside class="isms-serves" data-search-exclude>{heading}<dl>{items}</dl></aside>')


def _clause_title(site: Site, clause: str) -> str | None:
    catalogue = site.model.catalogue
    found = catalogue.clauses.get(clause)
    return found.title if found else catalogue.sections.get(clause)


def decorate(markdown: str, top: str, bottom: str) -> str:
    """``markdown`` with ``top`` after its first heading (or first, if it has none) and ``bottom`` at its end."""
    match = _FIRST_HEADING.search(markdown)
    if match is not None and not markdown[: match.start()].strip():
        head, rest = markdown[: match.end()], markdown[match.end() :]
        return f"{head}\n\n{top}\n\n{rest.lstrip(chr(10))}\n\n{bottom}\n"
    return f"{top}\n\n{markdown}\n\n{bottom}\n"
