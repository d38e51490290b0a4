"""Nonconformities and corrective actions (10.2): open and closed, ageing, root cause, similar nonconformities,
effectiveness, source."""

from __future__ import annotations

from isms.core.facts import action_open
from isms.core.models import registers as r
from isms.site import registry
from isms.site.html import Markup, badge, esc, join, link, table
from isms.site.page import Page, Site, status
from isms.site.urls import NONCONFORMITIES, Linker, aliases, entry_ids


def age(nc: r.Nonconformity, site: Site) -> int:
    """Days open: to the as-of date while open, to the closing date once closed."""
    end = nc.closed_on if nc.status == "closed" and nc.closed_on else site.as_of
    return max(0, (end - nc.raised_on).days)


def overdue_actions(nc: r.Nonconformity, site: Site) -> int:
    return sum(1 for a in nc.actions if site.facts.action_overdue(a))


def source(site: Site, links: Linker, nc: r.Nonconformity) -> Markup:
    """Where it came from, linked to the audit finding, certification audit or review when it is recorded."""
    ref = nc.source.ref
    label = esc(nc.source.type)
    if not ref:
        return label
    model = site.model
    if nc.source.type == "audit":
        for audit in model.audits:
            if ref == audit.id:
                return Markup(f"{label} {link(links.audit(ref), ref)}")
            if any(f.id == ref for f in audit.findings):
                return Markup(f"{label} {link(links.finding(ref), ref)}")
    if nc.source.type == "certification audit":
        return Markup(f"{label} {link(links.certification_audit(ref), ref)}")
    if nc.source.type == "review" and ref in site.derived.index.get("review", {}):
        return Markup(f"{label} {link(links.review(ref), ref)}")
    return Markup(f"{label} {esc(ref)}")


def effectiveness(site: Site, nc: r.Nonconformity) -> Markup:
    e = nc.effectiveness
    if e is None:
        return Markup('<span class="isms-none">not yet reviewed</span>')
    return Markup(
        f"{badge('effective' if e.effective else 'not effective', 'good' if e.effective else 'bad')} "
        f"{site.date(e.reviewed_on)} by {site.role(e.by)}"
    )


def similar(site: Site, links: Linker, nc: r.Nonconformity) -> Markup:
    """Whether similar nonconformities exist or could occur (10.2 b 3): when it was checked, what was found."""
    checked = nc.similar
    if checked is None:
        return Markup('<span class="isms-none">not yet checked</span>')
    related = join(link(links.nonconformity(other), other) for other in checked.related)
    return Markup(
        f"checked {site.date(checked.checked_on)}: {esc(checked.result)}"
        + (f"<br>related: {related}" if checked.related else "")
    )


def ageing(site: Site, nc: r.Nonconformity) -> Markup:
    late = overdue_actions(nc, site)
    days = age(nc, site)
    text = f"{days} days" + (" open" if nc.status == "open" else " to close")
    return Markup(esc(text) + (" " + badge(f"{late} action(s) overdue", "overdue") if late else ""))


def nonconformity_table(site: Site, links: Linker, entries: list[r.Nonconformity]) -> Markup:
    """One line per nonconformity: grade, source, age, effectiveness and status, linking to its details."""
    rows = [
        [
            link(links.nonconformity(nc.id), nc.id),
            nc.title,
            badge(nc.grade, "bad" if nc.grade == "major" else "partial"),
            source(site, links, nc),
            site.date(nc.raised_on),
            ageing(site, nc),
            effectiveness(site, nc),
            status(nc.status),
        ]
        for nc in entries
    ]
    return table(["id", "nonconformity", "grade", "source", "raised", "age", "effectiveness", "status"], rows)


def nonconformity_block(site: Site, links: Linker, nc: r.Nonconformity) -> Markup:
    """Everything about one nonconformity: what, correction, root cause, similar ones, actions, effectiveness."""
    facts = [
        ("raised", Markup(f"{site.date(nc.raised_on)} from {source(site, links, nc)}")),
        ("owner", site.role(nc.owner)),
        ("age", ageing(site, nc)),
        (
            "concerns",
            join([*(link(links.clause(c), c) for c in nc.clauses), *(link(links.control(c), c) for c in nc.controls)])
            or esc("—"),
        ),
        ("correction (10.2 a)", esc(nc.correction or "—")),
        (
            "root cause (10.2 b)",
            esc(nc.root_cause) if nc.root_cause else Markup('<span class="isms-none">not yet found</span>'),
        ),
        ("similar nonconformities (10.2 b 3)", similar(site, links, nc)),
        (
            "effectiveness (10.2 d)",
            Markup(
                effectiveness(site, nc)
                + (f"<br>{esc(nc.effectiveness.notes)}" if nc.effectiveness and nc.effectiveness.notes else "")
            ),
        ),
    ]
    if nc.closed_on:
        facts.append(("closed", site.date(nc.closed_on)))
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts)
    actions = table(
        ["corrective action (10.2 c)", "owner", "due", "status"],
        [
            [
                a.description,
                site.role(a.owner),
                site.date(a.due, site.facts.action_overdue(a)),
                status(a.status) if action_open(a) else Markup(f"{status('done')} {site.date(a.completed_on)}"),
            ]
            for a in nc.actions
        ],
    )
    ids = entry_ids("nonconformities", nc.id)
    return Markup(
        f'<section class="isms-nc" id="{ids[0]}">{aliases(ids)}'
        f"<h2>{esc(nc.id)} {esc(nc.title)} {status(nc.status)}</h2><p>{esc(nc.description)}</p>"
        f'<dl class="isms-facts-list">{rows}</dl>{actions}</section>'
    )


def ordered(site: Site) -> list[r.Nonconformity]:
    return sorted(site.model.nonconformities, key=lambda nc: (nc.status != "open", nc.raised_on))


@registry.page(NONCONFORMITIES, order=100)
def nonconformities_page(site: Site) -> Page:
    links = site.linker(NONCONFORMITIES)
    page = Page(NONCONFORMITIES, "Nonconformities and corrective actions", wide=True)
    entries = ordered(site)
    open_ncs = [nc for nc in entries if nc.status == "open"]
    late = sum(overdue_actions(nc, site) for nc in entries)
    oldest = max((age(nc, site) for nc in open_ncs), default=0)
    page.md(
        f"Nonconformities (10.2) with their correction, root cause, corrective actions and effectiveness review, "
        f"as of {site.as_of.isoformat()}."
    )
    page.html(
        Markup(
            '<p class="isms-kpis">'
            f'<span class="isms-kpi isms-kpi-{"partial" if open_ncs else "good"}"><b>{len(open_ncs)}</b> open</span>'
            f'<span class="isms-kpi isms-kpi-neutral"><b>{len(entries) - len(open_ncs)}</b> closed</span>'
            f'<span class="isms-kpi isms-kpi-{"bad" if late else "good"}"><b>{late}</b> actions overdue</span>'
            f'<span class="isms-kpi isms-kpi-neutral"><b>{oldest}</b> days, oldest open</span></p>'
        )
    )
    page.html(nonconformity_table(site, links, entries))
    for nc in entries:
        page.html(nonconformity_block(site, links, nc))
    return page
