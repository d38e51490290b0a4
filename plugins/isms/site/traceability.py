"""The traceability matrix (controls × what refers to them) and its gap list."""

from __future__ import annotations

from collections import Counter

from isms.core.derive import rank, threshold_rank
from isms.core.facts import exception_live
from isms.site import registry
from isms.site.html import Markup, badge, esc, inert, link, table
from isms.site.page import Page, Site
from isms.site.urls import IMPROVEMENTS, TRACEABILITY, Linker


def _count(links: Linker, control: str, number: int) -> Markup:
    return _count_to(links.control(control), number)


def _count_to(href: str, number: int) -> Markup:
    if not number:
        return Markup('<span class="isms-zero">0</span>')
    return link(href, number)


def _improvements(site: Site) -> Counter[str]:
    """Per control, the improvements raised from an incident or nonconformity concerning it (their ``source.ref``):
    one pass over the improvements, so the matrix stays one row per control whatever the registers hold."""
    index = site.derived.index
    counts: Counter[str] = Counter()
    for improvement in site.model.improvements:
        ref = improvement.source.ref
        source = (index["incident"].get(ref) or index["nonconformity"].get(ref)) if ref else None
        counts.update(dict.fromkeys(source.controls, 1) if source is not None else {})
    return counts


@registry.page(
    TRACEABILITY,
    order=80,
    title="Traceability matrix",
    holds=lambda site: "controls × documents, risks, treatments, evidence, suppliers, incidents, exceptions; gaps",
)
def traceability_page(site: Site) -> Page:
    model, derived = site.model, site.derived
    links = site.linker(TRACEABILITY)
    page = Page(TRACEABILITY, "Traceability matrix", wide=True)
    page.md(
        "For every control, how many documents, risks, treatments, requirements, evidence records, suppliers,"
        " incidents and policy exceptions in force refer to it (each number leads to the control's page), and how"
        " many improvements came from its incidents and nonconformities (leading to the improvements page)."
        " The gap list below names what an auditor would ask about."
    )
    improved = _improvements(site)
    soa = {entry.control: entry for entry in reversed(model.soa)}
    rows = []
    for control in model.catalogue.controls.values():
        found = derived.links(control.id)
        entry = soa.get(control.id)
        applicable = (
            (badge("yes", "good") if entry.applicable else badge("no", "neutral")) if entry else badge("?", "bad")
        )
        rows.append(
            [
                link(links.control(control.id), f"{control.id} {control.title}"),
                applicable,
                _count(links, control.id, len(found.documents)),
                _count(links, control.id, len(found.risks)),
                _count(links, control.id, len(found.treatments)),
                _count(links, control.id, len(found.requirements)),
                _count(links, control.id, len(found.evidence)),
                _count(links, control.id, len(found["suppliers"])),
                _count(links, control.id, len(found["incidents"])),
                _count(links, control.id, sum(1 for e in found["exceptions"] if exception_live(e, site.as_of))),
                _count_to(links.to(IMPROVEMENTS), improved[control.id]),
            ]
        )
    page.md("## Matrix")
    page.html(
        table(
            [
                "control",
                "applicable",
                "documents",
                "risks",
                "treatments",
                "requirements",
                "evidence",
                "suppliers",
                "incidents",
                "exceptions in force",
                "improvements",
            ],
            rows,
            "isms-matrix",
        )
    )

    page.md("## Gaps")
    gaps = gap_list(site, links)
    if not gaps:
        page.html(Markup('<p class="isms-none">No gaps.</p>'))
    for title, items in gaps.items():
        page.md(f"### {inert(title)} ({len(items)})")
        page.html(Markup("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"))
    return page


def gap_list(site: Site, links: Linker) -> dict[str, list[Markup]]:
    """Gaps by kind; kinds with nothing in them are left out."""
    model, derived = site.model, site.derived
    gaps: dict[str, list[Markup]] = {}
    soa = {entry.control: entry for entry in reversed(model.soa)}

    def add(kind: str, item: Markup) -> None:
        gaps.setdefault(kind, []).append(item)

    for control in model.catalogue.controls.values():
        entry = soa.get(control.id)
        found = derived.links(control.id)
        name = link(links.control(control.id), f"{control.id} {control.title}")
        if entry is None:
            if control.annex_a:
                add("Controls missing from the SoA", name)
            continue
        if entry.applicable and not found.documents and not found.evidence:
            add(
                "Applicable controls with nothing implementing them",
                Markup(f"{name} ({esc(entry.status or 'no status')})"),
            )
        if entry.applicable and not entry.reasons:
            add("Applicable controls without a reason for inclusion", name)
        if not entry.applicable and not entry.justification:
            add("Exclusions without a justification", name)
        live = any(exception_live(e, site.as_of) for e in found["exceptions"])
        if not entry.applicable and (found.risks or found.treatments or found.documents or live):
            add("Excluded controls that something relies on", name)
    method = model.methodology
    if method is not None:
        threshold = threshold_rank(method)
        for risk in model.risks:
            scores = derived.scores.get(risk.id)
            if risk.status == "closed" or scores is None:
                continue
            treated = bool(derived.treatments_by_risk.get(risk.id))
            if rank(method, scores.inherent.level) > threshold and not treated and risk.acceptance is None:
                add(
                    "Risks above the threshold without treatment or acceptance",
                    link(links.risk(risk.id), f"{risk.id} {risk.title}"),
                )
            elif risk.treatment in ("modify", "share", "avoid") and not treated:
                add(
                    f"Risks to {risk.treatment} without a treatment action",
                    link(links.risk(risk.id), f"{risk.id} {risk.title}"),
                )
    for requirement in model.requirements:
        if not requirement.controls:
            add(
                "Requirements that no control meets",
                link(links.requirement(requirement.id), f"{requirement.id} {requirement.title}"),
            )
    return gaps
