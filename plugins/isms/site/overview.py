"""The first page of the ISMS section: what is here and where to find it."""

from __future__ import annotations

from isms.site.html import link, table
from isms.site.page import Page, Site
from isms.site.urls import ASSETS, DOCUMENTS, EVIDENCE, OVERVIEW, REQUIREMENTS, RISKS, SOA, TRACEABILITY, TREATMENTS


def overview_page(site: Site) -> Page:
    model = site.model
    links = site.linker(OVERVIEW)
    name = model.isms.organisation.name if model.isms else "The organisation"
    page = Page(OVERVIEW, "ISMS registers")
    page.md(
        f"The registers of the information security management system of {name}, generated from "
        f"`registers/` and the documents' front matter, as of {site.as_of.isoformat()}."
    )
    applicable = sum(1 for entry in model.soa if entry.applicable)
    rows = [
        [link(links.to(SOA), "Statement of Applicability"), f"{len(model.soa)} controls, {applicable} applicable"],
        [link(links.to(RISKS), "Risk register"), f"{len(model.risks)} risks, with heat maps"],
        [link(links.to(TREATMENTS), "Risk treatment plan"), f"{len(model.treatments)} actions"],
        [link(links.to(ASSETS), "Asset inventory"), f"{len(model.assets)} assets"],
        [link(links.to(DOCUMENTS), "Document register"), f"{len(model.documents)} controlled documents"],
        [link(links.to(REQUIREMENTS), "Requirements"), f"{len(model.requirements)} requirements"],
        [link(links.to(EVIDENCE), "Evidence records"), f"{len(model.evidence)} records"],
        [
            link(links.to(TRACEABILITY), "Traceability matrix"),
            "controls × documents, risks, treatments, evidence; gaps",
        ],
    ]
    page.html(table(["register", "holds"], rows, "isms-summary"))
    return page
