"""Security objectives (6.2) and their measurements (9.1), each with a chart made at build time."""

from __future__ import annotations

from isms.core.facts import met
from isms.core.models import registers as r
from isms.site import registry
from isms.site.chart import objective_chart, quantity
from isms.site.html import Markup, badge, esc, join, link, table
from isms.site.page import Page, Site
from isms.site.urls import OBJECTIVES, Linker, aliases, entry_ids


def latest(objective: r.Objective) -> r.Measurement | None:
    return max(objective.measurements, key=lambda m: m.date, default=None)


def met_badge(objective: r.Objective) -> Markup:
    last = latest(objective)
    if last is None:
        return badge("not measured", "neutral")
    return badge("met", "good") if met(objective, last.value) else badge("not met", "bad")


def objective_card(site: Site, links: Linker, objective: r.Objective) -> Markup:
    """An objective's facts beside its chart, with the measurements in a table."""
    unit = objective.unit
    last = latest(objective)
    facts = [
        ("owner", site.role(objective.owner)),
        ("measure", esc(objective.measure)),
        ("target", esc(f"{objective.direction} {quantity(objective.target, unit)}")),
        ("latest", esc(f"{quantity(last.value, unit)} on {last.date}") if last else esc("—")),
        ("frequency", esc(objective.frequency or "—")),
        ("due", site.date(objective.due) if objective.due else esc("—")),
        ("controls", join(link(links.control(c), c) for c in objective.controls) or esc("—")),
    ]
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts)
    measurements = table(
        ["date", "value", "", "note"],
        [
            [
                site.date(m.date),
                quantity(m.value, unit),
                badge("met", "good") if met(objective, m.value) else badge("not met", "bad"),
                m.note,
            ]
            for m in sorted(objective.measurements, key=lambda m: m.date)
        ],
    )
    ids = entry_ids("objectives", objective.id)
    return Markup(
        f'<section class="isms-objective" id="{ids[0]}">{aliases(ids)}'
        f"<h2>{esc(objective.id)} {esc(objective.title)} {met_badge(objective)}</h2>"
        f'<div class="isms-objective-body"><dl class="isms-facts-list">{rows}</dl>{objective_chart(objective)}</div>'
        f"<details><summary>{len(objective.measurements)} measurements</summary>{measurements}</details></section>"
    )


@registry.page(OBJECTIVES, order=120)
def objectives_page(site: Site) -> Page:
    links = site.linker(OBJECTIVES)
    page = Page(OBJECTIVES, "Objectives and measurements", wide=True)
    objectives = site.model.objectives
    met_now = sum(1 for o in objectives if (m := latest(o)) is not None and met(o, m.value))
    page.md(
        f"{len(objectives)} information security objectives (6.2); {met_now} met at their latest measurement (9.1). "
        "Green points meet the target (dashed line), red points do not."
    )
    page.html(
        table(
            ["objective", "target", "latest", ""],
            [
                [
                    link(links.objective(o.id), f"{o.id} {o.title}"),
                    f"{o.direction} {quantity(o.target, o.unit)}",
                    f"{quantity(m.value, o.unit)} ({m.date})" if (m := latest(o)) else "—",
                    met_badge(o),
                ]
                for o in objectives
            ],
            "isms-summary",
        )
    )
    for objective in objectives:
        page.html(objective_card(site, links, objective))
    return page
