"""One page per control: its SoA entry and everything that refers to it, each linked both ways."""

from __future__ import annotations

from collections.abc import Sequence

from isms.core import catalogue
from isms.core.facts import exception_live
from isms.core.standard import Control
from isms.site import registry
from isms.site.exceptions import exceptions_table
from isms.site.generic import entries_table
from isms.site.html import Markup, badge, esc, inert, join, link, table
from isms.site.memo import fields
from isms.site.page import Page, Site, status
from isms.site.tables import documents_table, risks_table
from isms.site.urls import CONTROLS, control_page


@registry.page(CONTROLS, order=1000, family=lambda site: [control_page(c) for c in site.model.catalogue.controls])
def control_pages(site: Site) -> list[Page]:
    controls = list(site.model.catalogue.controls.values())
    return [
        _kept(
            site,
            control,
            controls[index - 1] if index else None,
            controls[index + 1] if index + 1 < len(controls) else None,
        )
        for index, control in enumerate(controls)
    ]


def _kept(site: Site, control: Control, previous: Control | None, following: Control | None) -> Page:
    """A control's page, taken over from the last build when neither the risks that name the control nor
    where the risks are changed, and no other input did (isms.site.memo): a risk edit makes again only the
    pages of the controls the risk names."""
    named = site.derived.links(control.id).risks
    return site.memo.made(
        control_page(control.id),
        lambda inputs: (inputs.besides(["risks"]), inputs.order(site.model.risks, lambda risk: risk.id), fields(named)),
        lambda: control_page_for(site, control, previous, following),
    )


def control_page_for(site: Site, control: Control, previous: Control | None, following: Control | None) -> Page:
    src = control_page(control.id)
    links = site.linker(src)
    page = Page(src, f"{control.id} {control.title}")
    derived = site.derived.links(control.id)
    theme = site.model.catalogue.themes.get(control.theme)
    facts = [
        f"**{inert(control.framework)}**" + (f", {inert(theme.title.lower())}" if theme else ""),
        "new in the 2022 edition" if control.new else "",
    ]
    page.md(" — ".join(part for part in facts if part))
    if control.description:
        page.md(inert(control.description))

    entry = derived.soa
    page.md("## Applicability")
    if entry is None:
        page.html(Markup(f"<p>{badge('no SoA entry', 'bad')}</p>"))
    else:
        rows = [
            ["Applicable", badge("yes", "good") if entry.applicable else badge("excluded", "neutral")],
            ["Implementation", status(entry.status) if entry.applicable else Markup("—")],
            ["Owner", site.role(entry.owner)],
            ["Reasons", join(entry.reasons)],
            ["References", join(site.reference(links, ref) for ref in entry.references)],
            ["Justification", esc(entry.justification)],
            ["Notes", esc(entry.notes)],
            ["Statement of Applicability", link(links.soa(control.id), f"row {control.id}")],
        ]
        page.html(table(["", ""], rows, "isms-facts"))

    page.md("## Implementing documents")
    page.html(
        _list_or_none(
            documents_table(site, links, derived.documents),
            derived.documents,
        )
    )
    page.md("## Risks")
    page.html(
        _list_or_none(
            risks_table(site, links, derived.risks),
            derived.risks,
        )
    )
    page.md("## Treatments")
    page.html(
        _list_or_none(
            table(
                ["treatment", "action", "owner", "due", "status"],
                [
                    [
                        link(links.treatment(t.id), t.id),
                        t.action,
                        site.role(t.owner),
                        site.date(t.due, site.facts.treatment_overdue(t)),
                        status(t.status),
                    ]
                    for t in derived.treatments
                ],
            ),
            derived.treatments,
        )
    )
    page.md("## Requirements")
    page.html(
        _list_or_none(
            table(
                ["requirement", "type", "source"],
                [[link(links.requirement(q.id), f"{q.id} {q.title}"), q.type, q.source] for q in derived.requirements],
            ),
            derived.requirements,
        )
    )
    page.md("## Evidence")
    page.html(
        _list_or_none(
            table(
                ["evidence", "kind", "effective", "expires"],
                [
                    [
                        link(links.evidence(e.id), f"{e.id} {e.title}"),
                        e.kind,
                        site.date(e.effective_on),
                        site.due(site.facts.deadline("evidence-expired", e)),
                    ]
                    for e in derived.evidence
                ],
            ),
            derived.evidence,
        )
    )
    audit_rows = [[a.id, a.title, site.date(a.end or a.planned_on), status(a.status)] for a in derived.audits]
    if audit_rows:
        page.md("## Audits")
        page.html(table(["audit", "title", "date", "status"], audit_rows))
    nc_rows = [[n.id, n.title, n.grade, status(n.status)] for n in derived.nonconformities]
    if nc_rows:
        page.md("## Nonconformities")
        page.html(table(["nonconformity", "title", "grade", "status"], nc_rows))
    live = [e for e in derived["exceptions"] if exception_live(e, site.as_of)]
    if live:
        page.md("## Policy exceptions in force")
        page.html(exceptions_table(site, links, live, anchors=False))
    for spec in catalogue.listed():
        entries = derived[spec.name]
        if entries and spec.name not in _SHOWN:
            page.md(f"## {inert(spec.heading)}")
            page.html(entries_table(site, links, spec, entries, own_page=False))
    other = [
        *(f"objective {o.id}: {o.title}" for o in derived.objectives),
        *(f"training {t.id}: {t.title}" for t in derived.training),
    ]
    if other:
        page.md("## Objectives and training")
        page.html(Markup("<ul>" + "".join(f"<li>{esc(item)}</li>" for item in other) + "</ul>"))

    navigation = []
    if previous is not None:
        navigation.append(link(links.control(previous.id), f"← {previous.id} {previous.title}"))
    if following is not None:
        navigation.append(link(links.control(following.id), f"{following.id} {following.title} →"))
    page.html(Markup('<p class="isms-pager">' + " · ".join(navigation) + "</p>"))
    return page


# Registers the sections above show in their own way; any other register that refers to the control gets
# a table of its entries from its declaration.
_SHOWN = frozenset(
    {
        "soa",
        "risks",
        "treatments",
        "requirements",
        "evidence",
        "audits",
        "nonconformities",
        "objectives",
        "training",
        "exceptions",
    }
)


def _list_or_none(markup: Markup, items: Sequence[object]) -> Markup:
    return markup if items else Markup('<p class="isms-none">None.</p>')
