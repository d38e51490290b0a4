"""The competence register (7.2): what each role requires, how it is met, and the evidence that the people
holding it meet it, with their assessments and the gaps being closed."""

from __future__ import annotations

from isms.core.facts import COMPETENCE_ASSESSMENT_MONTHS, Deadline
from isms.core.models import registers as r
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.generic import references
from isms.site.html import Markup, badge, esc, join, link, tag
from isms.site.html import table as html_table
from isms.site.page import Page, Site
from isms.site.urls import CERTIFICATION, COMPETENCE, Linker, entry_ids


@registry.page(COMPETENCE, order=71)
def competence_page(site: Site) -> Page:
    links = site.linker(COMPETENCE)
    records = site.model.competence
    people = sum(len(record.holders) for record in records)
    gaps = sum(1 for record in records for holder in record.holders for gap in holder.gaps if gap.closed_on is None)
    page = Page(COMPETENCE, "Competence", wide=True)
    page.md(
        f"{len(records)} roles with the competence they require (7.2 a), how it is met — education, training or"
        f" experience (7.2 b) — and the evidence that the {people} people holding them meet it (7.2 d)."
        f" Each person is assessed again within {COMPETENCE_ASSESSMENT_MONTHS} months unless a date is given;"
        f" {gaps} gap{'s' * (gaps != 1)} with an action under way (7.2 c)."
    )
    page.html(
        tag("p", Markup(f"Training programmes and their completion: {link(links.to(CERTIFICATION), 'certification')}."))
    )
    if site.exports:
        page.html(downloads(COMPETENCE, "competence", site.directory_urls))
    rows = [
        [site.role(record.role), _required(site, links, record), _holders(site, links, record), _gaps(site, record)]
        for record in records
    ]
    page.html(
        html_table(
            ["role", "competence required", "holders and evidence", "gaps and actions"],
            rows,
            "isms-register",
            [entry_ids("competence", record.role) for record in records],
        )
    )
    if not records:
        page.md("No competence records are kept yet: add `registers/competence.yml`.")
    return page


def _deadline(site: Site, rule: str, ident: str) -> Deadline | None:
    """The deadline ``rule`` sets for one person of a record (several share the record, so by its id)."""
    return next((d for d in site.facts.deadlines if d.rule == rule and d.id == ident), None)


def _required(site: Site, links: Linker, record: r.Competence) -> Markup:
    items = []
    for need in record.required:
        details = [esc(need.why)] if need.why else []
        if need.means:
            details.append(esc("by " + ", ".join(need.means)))
        if need.training:
            details.append(Markup("training " + references(site, links, "training", need.training)))
        small = f"<br><small>{join(details, '; ')}</small>" if details else ""
        items.append(Markup(f"{esc(need.competence)}{small}"))
    return join(items, Markup("<br>"))


def _holders(site: Site, links: Linker, record: r.Competence) -> Markup:
    items = []
    for holder in record.holders:
        deadline = _deadline(site, "competence-assessment-overdue", f"{record.role}: {holder.person}")
        parts = [
            Markup(f"assessed {site.date(holder.assessed_on)}")
            if holder.assessed_on
            else badge("never assessed", "overdue"),
        ]
        if deadline is not None:
            parts.append(Markup(f"next {site.due(deadline)}"))
        if holder.evidence:
            parts.append(Markup("evidence " + references(site, links, "evidence", holder.evidence)))
        if holder.training:
            parts.append(Markup("training " + references(site, links, "training", holder.training)))
        if not holder.evidence and not holder.training:
            parts.append(badge("no evidence", "bad"))
        items.append(Markup(f"<strong>{esc(holder.person)}</strong><br><small>{join(parts, '; ')}</small>"))
    return join(items, Markup("<br>"))


def _gaps(site: Site, record: r.Competence) -> Markup:
    items = []
    for holder in record.holders:
        for number, gap in enumerate(holder.gaps):
            if gap.closed_on is not None:
                judged = Markup(f": {esc(gap.effectiveness)}") if gap.effectiveness else badge("not evaluated", "bad")
                state = Markup(f"closed {site.date(gap.closed_on)}{judged}")
            else:
                deadline = _deadline(site, "competence-gap-overdue", f"{record.role}: {holder.person} gap {number + 1}")
                state = Markup(f"due {site.due(deadline)}")
            items.append(
                Markup(f"{esc(holder.person)}: {esc(gap.competence)}<br><small>{esc(gap.action)}; {state}</small>")
            )
    return join(items, Markup("<br>"))
