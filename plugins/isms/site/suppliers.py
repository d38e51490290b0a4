"""The supplier register (Annex A 5.19-5.23): tiers, data, contracts, assessments and the next review."""

from __future__ import annotations

from isms.core.facts import last_assessment
from isms.core.models import registers as r
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.generic import references
from isms.site.html import Markup, badge, esc, table
from isms.site.page import Page, Site, status
from isms.site.urls import SUPPLIERS, entry_ids


@registry.page(SUPPLIERS, order=75)
def suppliers_page(site: Site) -> Page:
    links = site.linker(SUPPLIERS)
    suppliers = site.model.suppliers
    page = Page(SUPPLIERS, "Suppliers", wide=True)
    active = [s for s in suppliers if s.status != "exited"]
    tiers = ", ".join(f"{sum(1 for s in active if s.tier == t)} tier {t}" for t in (1, 2, 3))
    page.md(
        f"{len(active)} suppliers in use ({tiers}), {sum(1 for s in active if s.cloud)} of them cloud services"
        " (5.23): what they supply and handle, their contracts (5.20), assessments and next review (5.22)."
    )
    if site.exports:
        page.html(downloads(SUPPLIERS, "suppliers", site.directory_urls))
    rows = [
        [
            Markup(f"<strong>{esc(s.id)}</strong>"),
            Markup(f"{esc(s.name)}<br><small>{esc(s.service)}</small>"),
            Markup(
                f"tier {s.tier}<br><small>{esc(s.data)}"
                + (" · personal data" if s.personal_data else "")
                + (" · cloud" if s.cloud else "")
                + "</small>"
            ),
            site.role(s.owner),
            _contract(s),
            Markup(
                _assessment(site, s)
                + (f"<br><small>next: {following}</small>" if (following := _next_review(site, s)) else "")
            ),
            Markup(
                references(site, links, "asset", s.assets)
                + (Markup("<br>") + references(site, links, "risk", s.risks) if s.risks else "")
            ),
            status(s.status),
        ]
        for s in suppliers
    ]
    page.html(
        table(
            [
                "id",
                "supplier",
                "tier, data",
                "owner",
                "contract",
                "assessed, next",
                "assets, risks",
                "status",
            ],
            rows,
            "isms-register",
            [entry_ids("suppliers", s.id) for s in suppliers],
        )
    )
    return page


def _contract(supplier: r.Supplier) -> Markup:
    contract = supplier.contract
    if contract is None:
        return Markup('<span class="isms-none">none recorded</span>')
    terms = badge("security clauses", "good") if contract.security_clauses else badge("no security clauses", "bad")
    return Markup(f"{esc(contract.reference)}<br>{terms}")


def _assessment(site: Site, supplier: r.Supplier) -> Markup:
    last = last_assessment(supplier)
    if last is None:
        return Markup('<span class="isms-none">not assessed</span>')
    found = last[1]
    kind = {"satisfactory": "good", "satisfactory with actions": "partial"}.get(found.result, "bad")
    return Markup(f"{site.date(found.on)} {badge(found.result, kind)}")


def _next_review(site: Site, supplier: r.Supplier) -> Markup:
    deadline = site.facts.deadline("supplier-review-overdue", supplier)
    if deadline is None:
        return Markup("")
    return site.date(deadline.date, deadline.overdue)
