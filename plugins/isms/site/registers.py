"""Plain register pages: the asset inventory, the document register, requirements and evidence."""

from __future__ import annotations

from collections import defaultdict

from isms.core.models import registers as r
from isms.site import registry
from isms.site.context import parties_of
from isms.site.html import Markup, esc, join, link, table
from isms.site.page import Page, Site, status
from isms.site.parts import split_table
from isms.site.urls import ASSETS, DOCUMENTS, EVIDENCE, REQUIREMENTS, Linker, anchor, entry_ids


@registry.page(ASSETS, order=40)
def asset_inventory_page(site: Site) -> list[Page]:
    # Of the risks the inventory shows only which assets each names, linked to where each risk is: a risk
    # edit that changes neither (a title, a rating) leaves it as it was (isms.site.memo).
    risks = site.model.risks
    return site.memo.made(
        ASSETS,
        lambda inputs: (inputs.besides(["risks"]), [(risk.id, risk.assets) for risk in risks]),
        lambda: _asset_inventory(site),
    )


def _asset_inventory(site: Site) -> list[Page]:
    model = site.model
    risks = model.risks
    page = Page(ASSETS, "Asset inventory", wide=True)
    page.md(
        f"{len(model.assets)} information and associated assets (5.9), with their owners and values."
        f" {site.register_control('assets')}".rstrip()
    )
    risks_by_asset: dict[str, list[str]] = defaultdict(list)
    for risk in model.risks:
        for asset in risk.assets:
            risks_by_asset[asset].append(risk.id)

    def row(links: Linker, a: r.Asset) -> list[object]:
        return [
            Markup(f"<strong>{esc(a.id)}</strong>"),
            Markup(
                esc(a.name)
                + (f"<br><small>{esc(a.description)}</small>" if a.description else "")
                + (f"<br><small>Location: {esc(a.location)}</small>" if a.location else "")
            ),
            a.type,
            Markup(
                site.role(a.owner) + (f"<br><small>custodian: {site.role(a.custodian)}</small>" if a.custodian else "")
            ),
            Markup(f"{esc(a.classification)}<br>{a.confidentiality}/{a.integrity}/{a.availability}"),
            join(link(links.asset(d), d) for d in a.depends_on),
            join(link(links.risk(r), r) for r in risks_by_asset.get(a.id, [])),
            Markup(status(a.status) + "<br>" + site.next_entry_review("asset-review-overdue", a)),
        ]

    headers = ["id", "asset", "type", "owner", "class., C/I/A", "depends on", "risks", "status, next review"]
    # A row shows its asset, the ids of the risks that name it and where they are, never another asset.
    first, others = split_table(
        "assets",
        entries=model.assets,
        title=page.title,
        headers=headers,
        row=row,
        linker=site.linker,
        memo=site.memo,
        reads=lambda inputs: (inputs.besides(["assets", "risks"]), [(risk.id, risk.assets) for risk in risks]),
    )
    page.html(first)
    return [page, *others]


@registry.page(
    DOCUMENTS,
    order=50,
    title="Document register",
    holds=lambda site: f"{len(site.model.documents)} controlled document{'s' * (len(site.model.documents) != 1)}",
)
def document_register_page(site: Site) -> Page:
    links = site.linker(DOCUMENTS)
    page = Page(DOCUMENTS, "Document register", wide=True)
    documents = sorted(site.model.documents, key=lambda d: (d.meta.type, d.id))
    page.md(f"{len(documents)} controlled documents (7.5.3) with their version, approval and next review.")
    rows = []
    for d in documents:
        meta = d.meta
        rows.append(
            [
                esc(d.id),
                link(links.document(d.src_uri), meta.title),
                meta.type,
                meta.version,
                status(meta.status),
                site.role(meta.owner),
                Markup(site.role(meta.approver) + (" " + site.date(meta.approved_on) if meta.approved_on else "")),
                site.next_review(d),
                meta.classification,
            ]
        )
    page.html(
        table(
            ["id", "title", "type", "version", "status", "owner", "approved by, on", "next review", "class."],
            rows,
            "isms-register",
            [anchor("document", d.id) for d in documents],
        )
    )
    return page


@registry.page(REQUIREMENTS, order=60)
def requirements_page(site: Site) -> Page:
    links = site.linker(REQUIREMENTS)
    page = Page(REQUIREMENTS, "Legal, regulatory and contractual requirements", wide=True)
    page.md(
        "Requirements of interested parties (4.2) and the obligations of 5.31, with the controls that meet them."
        f" {site.register_control('requirements')}".rstrip()
    )
    requirements = site.model.requirements
    page.html(
        table(
            ["id", "requirement", "type", "source, interested parties", "controls", "owner", "reviewed", "next review"],
            [
                [
                    Markup(f"<strong>{esc(q.id)}</strong>"),
                    Markup(esc(q.title) + (f"<br><small>{esc(q.description)}</small>" if q.description else "")),
                    q.type,
                    Markup(
                        esc(q.source) + ((Markup("<br>") + named) if (named := parties_of(site, links, q.id)) else "")
                    ),
                    join(link(links.control(c), c) for c in q.controls),
                    site.role(q.owner),
                    site.date(q.reviewed_on),
                    site.next_entry_review("requirement-review-overdue", q),
                ]
                for q in requirements
            ],
            "isms-register",
            [entry_ids("requirements", q.id) for q in requirements],
        )
    )
    return page


@registry.page(EVIDENCE, order=70)
def evidence_page(site: Site) -> Page:
    links = site.linker(EVIDENCE)
    page = Page(EVIDENCE, "Evidence records", wide=True)
    evidence = site.model.evidence
    page.md(f"{len(evidence)} records that show controls and processes working, with their validity.")
    page.html(
        table(
            ["id", "record", "kind", "controls", "clauses", "location", "effective", "expires", "owner"],
            [
                [
                    Markup(f"<strong>{esc(e.id)}</strong>"),
                    e.title,
                    e.kind,
                    join(link(links.control(c), c) for c in e.controls),
                    join(link(links.clause(c), c) for c in e.clauses),
                    Markup(f"<code>{esc(e.location)}</code>"),
                    site.date(e.effective_on),
                    site.due(site.facts.deadline("evidence-expired", e)),
                    site.role(e.owner),
                ]
                for e in evidence
            ],
            "isms-register",
            [entry_ids("evidence", e.id) for e in evidence],
        )
    )
    return page
