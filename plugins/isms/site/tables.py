"""Tables several pages show the same way: lists of documents and of risks, each row linked."""

from __future__ import annotations

from collections.abc import Iterable

from isms.core.models import registers as r
from isms.core.repository import Document
from isms.site.html import Markup, link, table
from isms.site.page import Site, status
from isms.site.urls import Linker


def documents_table(site: Site, links: Linker, documents: Iterable[Document]) -> Markup:
    """Documents with their type, version, status and owner."""
    return table(
        ["document", "type", "version", "status", "owner"],
        [
            [
                link(links.document(d.src_uri), f"{d.id} {d.meta.title}"),
                d.meta.type,
                d.meta.version,
                status(d.meta.status),
                site.role(d.meta.owner),
            ]
            for d in documents
        ],
    )


def risks_table(site: Site, links: Linker, risks: Iterable[r.Risk]) -> Markup:
    """Risks with their owner, inherent and residual levels and status."""
    return table(
        ["risk", "owner", "inherent", "residual", "status"],
        [
            [
                link(links.risk(risk.id), f"{risk.id} {risk.title}"),
                site.role(risk.owner),
                *site.levels(risk.id),
                status(risk.status),
            ]
            for risk in risks
        ],
    )
