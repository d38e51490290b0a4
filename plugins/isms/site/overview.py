"""The registers of the ISMS in one table: what each holds and where to find it (shown on the dashboard)."""

from __future__ import annotations

from isms.site.html import Markup, link, table
from isms.site.page import Site
from isms.site.urls import (
    ASSETS,
    AUDITS,
    CERTIFICATION,
    DOCUMENTS,
    EVIDENCE,
    NONCONFORMITIES,
    OBJECTIVES,
    REQUIREMENTS,
    REVIEWS,
    RISKS,
    SOA,
    TRACEABILITY,
    TREATMENTS,
    Linker,
)


def registers_table(site: Site, links: Linker) -> Markup:
    model = site.model
    applicable = sum(1 for entry in model.soa if entry.applicable)
    open_ncs = sum(1 for nc in model.nonconformities if nc.status == "open")
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
        [link(links.to(AUDITS), "Internal audit programme"), f"{len(model.audits)} audits, coverage of the cycle"],
        [
            link(links.to(NONCONFORMITIES), "Nonconformities"),
            f"{len(model.nonconformities)} nonconformities, {open_ncs} open",
        ],
        [link(links.to(REVIEWS), "Management reviews"), f"{len(model.reviews)} reviews, inputs a–g"],
        [link(links.to(OBJECTIVES), "Objectives"), f"{len(model.objectives)} objectives with charts"],
        [link(links.to(CERTIFICATION), "Certification cycle"), "certificate, timeline, evidence expiry, training"],
    ]
    return table(["register", "holds"], rows, "isms-summary")
