"""The readiness dashboard, the first page of the ISMS section: each step of the cycle at a glance."""

from __future__ import annotations

from isms.core import catalogue
from isms.core.readiness import SOURCES, Step, steps
from isms.site import registry
from isms.site.certification import cycles_table, next_audit_text
from isms.site.html import Markup, badge, esc, inert, join, link, table
from isms.site.overview import registers_table
from isms.site.page import Page, Site
from isms.site.timeline import timeline
from isms.site.urls import (
    ASSETS,
    AUDITS,
    CERTIFICATION,
    COMMUNICATIONS,
    COMPETENCE,
    CONTEXT,
    IMPROVEMENTS,
    NONCONFORMITIES,
    OVERVIEW,
    PARTIES,
    REVIEWS,
    RISKS,
    SOA,
    TRACEABILITY,
    TREATMENTS,
    Linker,
    anchor,
)

STATUS_LABELS: dict[str, str] = {
    "ok": "current",
    "attention": "attention",
    "overdue": "overdue",
    "upcoming": "later",
    "restricted": "not shown",
}

PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "scope": (("context", CONTEXT), ("interested parties", PARTIES)),
    "assets": (("assets", ASSETS),),
    "risk-assessment": (("risk register", RISKS),),
    "soa": (("SoA", SOA),),
    "rtp": (("treatment plan", TREATMENTS),),
    "implementation": (("SoA", SOA), ("traceability", TRACEABILITY)),
    "support": (("training", CERTIFICATION), ("competence", COMPETENCE), ("communication", COMMUNICATIONS)),
    "internal-audit": (("audit programme", AUDITS),),
    "corrective-actions": (("nonconformities", NONCONFORMITIES),),
    "management-review": (("reviews", REVIEWS),),
    "continual-improvement": (("improvements", IMPROVEMENTS),),
    "certification": (("certification", CERTIFICATION),),
    "surveillance": (("certification", CERTIFICATION),),
    "recertification": (("certification", CERTIFICATION),),
}
"""The pages each step's card links to, besides the records it names."""

PHASES = (
    ("Plan", ("scope", "policy", "assets", "risk-assessment", "soa", "rtp")),
    ("Do", ("implementation", "support")),
    ("Check", ("internal-audit", "management-review")),
    ("Act", ("corrective-actions", "continual-improvement")),
    ("Certify", ("pre-certification", "certification", "surveillance", "recertification")),
)


def targets(site: Site, links: Linker, step: Step) -> list[Markup]:
    """Links to the records a step names (a scope document, an audit, a review) and to its pages."""
    found = []
    documents = site.derived.index.get("document", {})
    for kind, ident in step.records:
        if kind == "document" and ident in documents:
            found.append(link(links.to(documents[ident].src_uri), step.key))
        elif kind == "audit":
            found.append(link(links.to(AUDITS, anchor("audit", ident)), ident))
        elif kind == "review":
            found.append(link(links.to(REVIEWS, anchor("review", ident)), ident))
        elif kind == "improvement":
            found.append(link(links.entry("improvements", ident), ident))
    found += [link(links.to(src_uri), label) for label, src_uri in PAGES.get(step.key, ())]
    return found


def restricted(site: Site, step: Step) -> tuple[str, ...]:
    """The registers a step is judged from that this build's audience may not read."""
    return tuple(name for name in SOURCES.get(step.key, ()) if name in site.hidden)


def withheld_step(site: Site, step: Step, hidden: tuple[str, ...]) -> Step:
    """A step this audience cannot see judged: no status, no summary, no findings; only why."""
    paths = ", ".join(catalogue.SPECS[name].path if name in catalogue.SPECS else name for name in hidden)
    summary = f"Not shown to the {site.audience} audience: judged from {paths}"
    return Step(step.key, step.title, step.clause, "ok", summary)


def card(site: Site, links: Linker, number: int, phase: str, step: Step) -> Markup:
    hidden = restricted(site, step)
    status = "restricted" if hidden else step.status
    if hidden:
        step = withheld_step(site, step, hidden)
    targets_html = join(targets(site, links, step), " · ") if not hidden else Markup("")
    findings = f'<span class="isms-card-findings">{step.findings} finding(s)</span>' if step.findings else ""
    return Markup(
        f'<div class="isms-card isms-card-{esc(status)}" data-step="{esc(step.key)}">'
        f'<div class="isms-card-head"><span class="isms-card-title">{number}. {esc(step.title)}</span>'
        f'<span class="isms-card-status">{esc(STATUS_LABELS[status])}</span></div>'
        f'<div class="isms-card-clause">{esc(phase)} · {esc(step.clause)}</div>'
        f'<div class="isms-card-summary">{esc(step.summary)}</div>'
        f'<div class="isms-card-links">{targets_html}{findings}</div></div>'
    )


def cards(site: Site, links: Linker, all_steps: list[Step]) -> Markup:
    """The steps in cycle order, numbered, each card saying its phase."""
    phase_of = {key: name for name, keys in PHASES for key in keys}
    items = "".join(
        card(site, links, number, phase_of.get(step.key, ""), step) for number, step in enumerate(all_steps, start=1)
    )
    return Markup(f'<div class="isms-cards">{items}</div>')


def tiles(site: Site, all_steps: list[Step]) -> Markup:
    warnings = [f for f in site.findings if f.severity == "warning"]
    overdue = sum(1 for f in warnings if site.facts.is_overdue(f))
    gaps = len(warnings) - overdue
    errors = sum(1 for f in site.findings if f.severity == "error")
    shown = [step for step in all_steps if not restricted(site, step)]
    current = sum(1 for s in shown if s.status in ("ok", "upcoming"))
    label = "steps current" if len(shown) == len(all_steps) else f"steps current of {len(shown)} shown"
    parts = [
        (label, f"{current}/{len(shown)}", "good" if current == len(shown) else "partial"),
        ("overdue items", str(overdue), "bad" if overdue else "good"),
        ("gaps", str(gaps), "partial" if gaps else "good"),
    ]
    if errors:
        parts.append(("errors", str(errors), "bad"))
    return Markup(
        '<div class="isms-tiles">'
        + "".join(
            f'<div class="isms-tile isms-tile-{kind}" data-tile="{esc(label)}"><b>{esc(value)}</b>{esc(label)}</div>'
            for label, value, kind in parts
        )
        + "</div>"
    )


def mandatory_table(site: Site) -> Markup:
    rows = []
    for clause in site.model.catalogue.clauses.values():
        if clause.requires is None:
            continue
        missing = site.facts.unmet.get(clause.id, [])
        rows.append(
            [
                link(site.linker(OVERVIEW).clause(clause.id), clause.id),
                clause.requires,
                badge("missing", "bad") if missing else badge("present", "good"),
                "; ".join(missing),
            ]
        )
    return table(["clause", "documented information", "", "missing"], rows, "isms-register")


@registry.page(OVERVIEW, order=0)
def dashboard_page(site: Site) -> Page:
    links = site.linker(OVERVIEW)
    model = site.model
    all_steps = steps(model, site.facts, site.findings)
    page = Page(OVERVIEW, "ISMS readiness", wide=True)
    certification = model.isms.certification if model.isms else None
    if model.isms is not None:
        line = f"{inert(model.isms.organisation.name)}, as of **{site.as_of.isoformat()}**."
    else:  # the ISMS record is not shown to this audience (or missing): no name to show
        line = f"As of **{site.as_of.isoformat()}**."
    if certification is not None:
        certified = site.facts.certified
        if certified is None:
            line += f" Not certified yet. {inert(next_audit_text(site.facts))}"
        else:
            number = inert(certified.number or "")
            line += f" Certificate {number}: {inert(site.facts.certificate)}. {inert(next_audit_text(site.facts))}"
    page.md(line)
    if site.hidden:
        paths = ", ".join(catalogue.SPECS[name].path for name in sorted(site.hidden) if name in catalogue.SPECS)
        page.md(
            f"This site is built for the **{inert(site.audience or 'restricted')}** audience, which may not read "
            f"{inert(paths)}: the steps judged from them are marked *not shown*, not missing."
        )
    page.html(tiles(site, all_steps))
    page.html(cards(site, links, all_steps))
    if certification is not None:
        page.md("## Certification cycle")
        page.html(Markup(f"<p>Details on the {link(links.to(CERTIFICATION), 'certification page')}.</p>"))
        page.html(cycles_table(site, links))
        page.html(timeline(site.facts.cycles[-1].certificate, site.facts.cycle, site.as_of))
    page.md("## Mandatory documented information (clauses 4–10)")
    if site.hidden:
        page.md("Which documented information is missing is judged from registers this audience may not read.")
    else:
        page.html(mandatory_table(site))
    page.md("## Registers")
    page.html(registers_table(site, links))
    return page
