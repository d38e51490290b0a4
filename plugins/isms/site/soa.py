"""The Statement of Applicability: clauses 4–10, then all Annex A controls by theme."""

from __future__ import annotations

from collections import Counter

from isms.core.models.registers import SoaEntry
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.html import Markup, badge, esc, inert, join, link, table
from isms.site.page import Page, Site, status
from isms.site.urls import SOA, Linker, anchor, entry_ids

STATUSES = ("implemented", "partial", "planned", "not implemented")


@registry.page(SOA, order=10)
def soa_page(site: Site) -> Page:
    model, derived = site.model, site.derived
    links = site.linker(SOA)
    page = Page(SOA, "Statement of Applicability", wide=True)
    organisation = model.isms.organisation.name if model.isms else ""
    facts = [f"{inert(organisation)} — ISO/IEC 27001:2022, clause 6.1.3 d."]
    header = site.register_control("soa")
    if header:
        facts.append(header)
    facts.append(f"Dates are shown as of {site.as_of.isoformat()}.")
    page.md(" ".join(facts))
    if site.exports:
        page.html(downloads(SOA, "soa", site.directory_urls))

    entries = {entry.control: entry for entry in reversed(model.soa)}
    annex_a = [entries.get(control) for control in model.catalogue.annex_a]
    applicable = [entry for entry in annex_a if entry is not None and entry.applicable]
    counts: Counter[str] = Counter(entry.status or "no status" for entry in applicable)
    summary_rows: list[list[object]] = [
        ["Annex A controls", len(model.catalogue.annex_a)],
        ["Applicable", len(applicable)],
        ["Excluded", sum(1 for entry in annex_a if entry is not None and not entry.applicable)],
        *([status(name), counts.get(name, 0)] for name in STATUSES),
    ]
    if counts.get("no status"):
        summary_rows.append(["Applicable without a status", counts["no status"]])
    page.md("## Summary")
    page.html(table(["", "controls"], summary_rows, "isms-summary"))

    page.md("## Clauses 4–10")
    page.md("The documented information each clause requires, and the documents that meet each clause.")
    rows: list[list[object]] = []
    ids = []
    for clause in model.catalogue.clauses.values():
        documents = derived.documents_by_clause.get(clause.id, [])
        if clause.requires:
            missing = site.facts.unmet.get(clause.id)
            state = badge("missing", "bad") if missing else badge("present", "good")
            required: Markup = Markup(esc(clause.requires) + " " + state)
        else:
            required = esc("—")
        rows.append(
            [
                clause.id,
                clause.title,
                required,
                join(link(links.document(d.src_uri), f"{d.id} {d.meta.title}") for d in documents) or esc("—"),
            ]
        )
        ids.append(anchor("clause", clause.id))
    page.html(table(["clause", "title", "documented information required", "documents"], rows, "isms-soa", ids))

    page.md("## Annex A controls")
    for theme in model.catalogue.themes.values():
        page.md(f"### {inert(theme.number)} {inert(theme.title)}")
        rows, ids = [], []
        for control in model.catalogue.controls.values():
            if control.theme != theme.id or not control.annex_a:
                continue
            rows.append(_control_row(site, links, control.id, control.title, entries.get(control.id)))
            ids.append(anchor("soa", control.id))
        page.html(
            table(
                ["control", "applicable", "reasons and justification", "status", "owner", "documents", "risks"],
                rows,
                "isms-soa",
                ids,
            )
        )
    extra = [c for c in model.catalogue.controls.values() if not c.annex_a and c.id in entries]
    if extra:
        page.md("## The organisation's own controls")
        page.html(
            table(
                ["control", "applicable", "reasons and justification", "status", "owner", "documents", "risks"],
                [_control_row(site, links, c.id, c.title, entries.get(c.id)) for c in extra],
                "isms-soa",
                [entry_ids("soa", c.id) for c in extra],
            )
        )
    return page


def _control_row(site: Site, links: Linker, control_id: str, title: str, entry: SoaEntry | None) -> list[object]:
    name = link(links.control(control_id), f"{control_id} {title}")
    if entry is None:
        return [name, badge("no entry", "bad"), "", "", "", "", ""]
    derived = site.derived.links(control_id)
    reasons = join(entry.reasons) if entry.reasons else Markup("")
    references = join(site.reference(links, ref) for ref in entry.references)
    justification = Markup(
        (f"<strong>{reasons}</strong>" if reasons else "")
        + (f" ({references})" if entry.references else "")
        + (f"<br>{esc(entry.justification)}" if entry.justification else "")
    )
    return [
        name,
        badge("yes", "good") if entry.applicable else badge("excluded", "neutral"),
        justification,
        status(entry.status) if entry.applicable else Markup(""),
        site.role(entry.owner),
        join(link(links.document(d.src_uri), d.id, d.meta.title) for d in derived.documents),
        join(link(links.risk(r.id), r.id, r.title) for r in derived.risks),
    ]
