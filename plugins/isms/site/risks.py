"""The risk register with inherent and residual heat maps, and the risk treatment plan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from isms.core import catalogue
from isms.core.derive import referrers
from isms.core.facts import treatment_open
from isms.core.models import registers as r
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.heatmap import heatmap
from isms.site.html import Markup, badge, esc, join, link, table, tag
from isms.site.page import Page, Site, status
from isms.site.parts import split_table
from isms.site.urls import RISKS, TREATMENTS, Linker, anchor, entry_ids

PRIORITIES = ("high", "medium", "low")


def _cell(stage: str, likelihood: int, impact: int) -> str:
    return f"cell-{stage}-{likelihood}-{impact}"


def _cell_link(stage: str) -> Callable[[int, int], str]:
    return lambda likelihood, impact: f"#{_cell(stage, likelihood, impact)}"


@registry.page(RISKS, order=20)
def risk_register_page(site: Site) -> list[Page]:
    model, derived = site.model, site.derived
    links = site.linker(RISKS)
    page = Page(RISKS, "Risk register", wide=True)
    method = model.methodology
    page.md(
        f"{len(model.risks)} risks assessed with the criteria of the risk methodology (6.1.2); scores are "
        f"likelihood × impact and levels come from the methodology. Dates as of {site.as_of.isoformat()}."
    )
    if site.exports:
        page.html(downloads(RISKS, "risks", site.directory_urls))
    cells: dict[str, dict[tuple[int, int], list[str]]] = {"inherent": defaultdict(list), "residual": defaultdict(list)}
    for risk in model.risks:
        cells["inherent"][(risk.inherent.likelihood, risk.inherent.impact)].append(risk.id)
        if risk.residual is not None:
            cells["residual"][(risk.residual.likelihood, risk.residual.impact)].append(risk.id)
    if method is not None:
        page.md("## Heat maps")
        maps = [
            heatmap(method, cells[stage], f"{stage.capitalize()} risk", _cell_link(stage))
            for stage in ("inherent", "residual")
        ]
        page.html(Markup('<div class="isms-heatmaps">' + "".join(maps) + "</div>"))
        legend = [
            site.level(level) + esc(f" {level.min_score}–{level.max_score}" if level.min_score else "")
            for level in method.levels
        ]
        page.html(
            Markup(
                '<p class="isms-legend">Levels: '
                + " ".join(legend)
                + f" · acceptance threshold: {esc(method.acceptance.threshold)}</p>"
            )
        )
        by_level: list[list[object]] = []
        for level in method.levels:
            inherent = sum(1 for s in derived.scores.values() if s.inherent.level is level)
            residual = sum(1 for s in derived.scores.values() if s.residual and s.residual.level is level)
            by_level.append([site.level(level), inherent, residual])
        page.html(table(["level", "inherent", "residual"], by_level, "isms-summary"))

    page.md("## Risks")
    named = referrers(model, "risk", besides=("risks", "treatments"))  # treatments have their own column

    def row(links: Linker, risk: r.Risk) -> list[object]:
        inherent_label, residual_label = site.levels(risk.id)
        controls = join(link(links.control(c), c) for c in dict.fromkeys([*risk.existing_controls, *risk.controls]))
        treatments = join(link(links.treatment(t.id), t.id) for t in derived.treatments_by_risk.get(risk.id, []))
        by = join(_named_by(links, register, entry) for register, entry in named.get(risk.id, []))
        return [
            Markup(f"<strong>{esc(risk.id)}</strong>"),
            Markup(
                f"<strong>{esc(risk.title)}</strong><br><small>Threat: {esc(risk.threat)}. "
                f"Vulnerability: {esc(risk.vulnerability)}.</small>"
                + (f"<br><small>Controls: {controls}</small>" if controls else "")
                + (f"<br><small>Named by: {by}</small>" if by else "")
            ),
            join(link(links.asset(a), a) for a in risk.assets),
            site.role(risk.owner),
            inherent_label,
            Markup(esc(risk.treatment) + (f": {treatments}" if treatments else "")),
            residual_label,
            _acceptance(site, risk),
            Markup(status(risk.status) + "<br>" + _assessed(site, risk)),
        ]

    headers = ["id", "risk", "assets", "owner", "inherent", "treatment", "residual", "acceptance", "status, assessed"]
    # A row shows its risk and what other registers say of it (treatments, what names it, the method's
    # levels), never another risk: a risk edit makes again only the part it is on.
    first, others = split_table(
        "risks",
        entries=model.risks,
        title=page.title,
        headers=headers,
        row=row,
        linker=site.linker,
        memo=site.memo,
        reads=lambda inputs: inputs.besides(["risks"]),
    )
    page.html(first)
    if method is not None:
        page.md("## Risks by heat-map cell")
        for stage in ("inherent", "residual"):
            items = []
            for (likelihood, impact), risk_ids in sorted(
                cells[stage].items(), key=lambda kv: (-kv[0][0] * kv[0][1], kv[0])
            ):
                items.append(
                    f'<li id="{_cell(stage, likelihood, impact)}"><strong>{stage} likelihood {likelihood} × impact '
                    f"{impact}</strong>: " + join(link(links.risk(i), i) for i in risk_ids) + "</li>"
                )
            page.html(Markup(f'<ul class="isms-cells">{"".join(items)}</ul>'))
    return [page, *others]


def _named_by(links: Linker, register: str, entry: object) -> Markup:
    """'issue CTX-03', linked to its entry when its register has a page."""
    spec = catalogue.lookup(register)
    ident = spec.ident(entry)
    label = esc(f"{spec.noun} {ident}")
    return link(links.entry(register, ident), label) if spec.page else label


def _acceptance(site: Site, risk: r.Risk) -> Markup:
    accepted = risk.acceptance
    if accepted is None:
        return Markup("")
    lapsed = site.facts.risks[risk.id].acceptance_expired
    text = f"by {accepted.by} on {accepted.on}" + (f", until {accepted.expires}" if accepted.expires else "")
    return Markup(esc(text) + (" " + badge("expired", "overdue") if lapsed else ""))


def _approval(site: Site, treatment: r.Treatment) -> Markup:
    """Who approved a treatment and when (6.1.3 f), or a 'not approved' label."""
    if not treatment.approved_by:
        return badge("not approved", "neutral")
    who = join(site.role(role) for role in treatment.approved_by)
    return Markup(who + " " + site.date(treatment.approved_on)) if treatment.approved_on else who


def _assessed(site: Site, risk: r.Risk) -> Markup:
    review = site.facts.risks[risk.id].review
    if review is None:
        return site.date(risk.last_assessed)
    mark = " " + badge("review due", "overdue") if review.overdue else ""
    return Markup(tag("span", risk.last_assessed.isoformat(), {"title": f"next reassessment due {review.date}"}) + mark)


@registry.page(TREATMENTS, order=30)
def treatment_plan_page(site: Site) -> Page:
    model, derived = site.model, site.derived
    links = site.linker(TREATMENTS)
    page = Page(TREATMENTS, "Risk treatment plan", wide=True)
    open_items = [t for t in model.treatments if treatment_open(t)]
    overdue = [t for t in open_items if site.facts.treatment_overdue(t)]
    approved = [t for t in model.treatments if t.approved_by and t.approved_on]
    page.md(
        f"The plan of 6.1.3 e: {len(model.treatments)} actions, {len(open_items)} open, "
        f"{len(overdue)} overdue as of {site.as_of.isoformat()}; {len(approved)} approved by the owners of the "
        "risks they treat (6.1.3 f)."
    )
    if site.exports:
        page.html(downloads(TREATMENTS, "rtp", site.directory_urls))
    page.md("## By priority")
    page.md("Open actions first, by priority and due date; then those done or cancelled, the latest first.")
    # Of the risks it reads only their ids and where each is, the links: a risk edit leaves it as it was.
    page.html(
        site.memo.made(
            f"{TREATMENTS}#by-priority",
            lambda inputs: (inputs.besides(["risks"]), inputs.order(model.risks, lambda risk: risk.id)),
            lambda: _by_priority(site, links, open_items),
        )
    )
    page.md("## By risk")
    page.md("Each treated risk with its actions, the residual risk they aim for, and its acceptance (6.1.3 f).")
    risk_rows = []
    for risk in model.risks:
        treatments = derived.treatments_by_risk.get(risk.id)
        if not treatments:
            continue
        inherent, residual = site.levels(risk.id)
        risk_rows.append(
            [
                link(links.risk(risk.id), f"{risk.id} {risk.title}"),
                site.role(risk.owner),
                inherent,
                join(link(f"#{anchor('treatment', t.id)}", t.id) for t in treatments),
                residual,
                _acceptance(site, risk) or badge("not accepted", "neutral"),
            ]
        )
    page.html(table(["risk", "owner", "inherent", "treatments", "residual", "acceptance"], risk_rows, "isms-register"))
    return page


def _by_priority(site: Site, links: Linker, open_items: list[r.Treatment]) -> Markup:
    """The treatments, the open ones first by priority and due date, then the others, the latest first."""
    ordered = sorted(open_items, key=lambda t: (PRIORITIES.index(t.priority), t.due, t.id))
    closed = [t for t in site.model.treatments if not treatment_open(t)]
    ordered += sorted(closed, key=lambda t: (t.completed_on or t.due, t.id), reverse=True)
    rows, ids = [], []
    for t in ordered:
        controls = join(link(links.control(c), c) for c in t.controls)
        rows.append(
            [
                Markup(f'<strong class="isms-id">{esc(t.id)}</strong>'),
                badge(t.priority, {"high": "bad", "medium": "partial", "low": "neutral"}[t.priority]),
                Markup(
                    esc(t.action) + (f'<br><span class="isms-aside">controls {controls}</span>' if t.controls else "")
                ),
                join(link(links.risk(i), i) for i in t.risks),
                site.role(t.owner),
                Markup(
                    (site.date(t.start) + " → " if t.start else "") + site.date(t.due, site.facts.treatment_overdue(t))
                ),
                Markup(status(t.status) + (" " + site.date(t.completed_on) if t.completed_on else "")),
                join(link(links.evidence(e), e) for e in t.evidence),
                _approval(site, t),
            ]
        )
        ids.append(entry_ids("treatments", t.id))
    return table(
        ["id", "priority", "action", "risks", "owner", "start → due", "status", "evidence", "approved"],
        rows,
        "isms-register",
        ids,
    )
