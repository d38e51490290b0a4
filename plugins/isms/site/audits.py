"""The internal audit programme (9.2): audits, findings by grade, and what the programme covers in the cycle."""

from __future__ import annotations

from collections import Counter

from isms.core.facts import audit_completed, audit_date
from isms.core.models import registers as r
from isms.core.refs import field_kind
from isms.site import registry
from isms.site.generic import reference
from isms.site.grid import Cell, grid, legend
from isms.site.html import Markup, badge, esc, inert, join, link, table
from isms.site.page import Page, Site, status
from isms.site.urls import AUDITS, Linker, anchor, entry_ids

REPORT = field_kind(r.Audit.model_fields["report"]) or "document"
"""What an audit's report names: a document or an evidence record."""
GRADES = ("major", "minor", "observation", "opportunity")
GRADE_KIND = {"major": "bad", "minor": "partial", "observation": "neutral", "opportunity": "good"}


def grade(value: str) -> Markup:
    return badge(value, GRADE_KIND.get(value, "neutral"))


def coverage(site: Site) -> tuple[list[Cell], list[Cell]]:
    """Cells for clauses 4–10 and the Annex A controls: audited, planned, not covered or excluded."""
    coverage = site.facts.coverage
    not_done, not_planned = set(coverage.clauses_not_done), set(coverage.unaudited_clauses)
    links = site.linker(AUDITS)
    catalogue = site.model.catalogue
    clauses = []
    for clause in catalogue.clauses.values():
        state = "not covered" if clause.id in not_planned else "planned" if clause.id in not_done else "audited"
        clauses.append(Cell(clause.id, state, f"{clause.id} {clause.title}: {state}", links.clause(clause.id)))
    done, planned = coverage.controls_done, coverage.controls_planned
    applicable = {entry.control: entry.applicable for entry in site.model.soa}
    controls = []
    for control in catalogue.annex_a:
        if not applicable.get(control, True):
            state, by = "excluded", ""
        elif control in done:
            state, by = "audited", " by " + ", ".join(done[control])
        elif control in planned:
            state, by = "planned", " in " + ", ".join(planned[control])
        else:
            state, by = "not covered", ""
        title = catalogue.controls[control].title
        controls.append(Cell(control, state, f"{control} {title}: {state}{by}", links.control(control)))
    return clauses, controls


@registry.page(AUDITS, order=90)
def audits_page(site: Site) -> Page:
    model = site.model
    links = site.linker(AUDITS)
    page = Page(AUDITS, "Internal audit programme", wide=True)
    start, end = site.facts.coverage.start, site.facts.coverage.end
    completed = [a for a in model.audits if audit_completed(a, site.as_of)]
    page.md(
        f"{len(model.audits)} internal audits (9.2), {len(completed)} completed. The programme must cover every "
        f"clause of 4–10 and every applicable Annex A control within the certification cycle, "
        f"{start} to {end}; shown as of {site.as_of.isoformat()}."
    )
    lapsed = site.facts.coverage.lapsed
    if lapsed:
        page.md(
            "Planned audits whose date has passed count for nothing until their results are recorded: "
            + ", ".join(f"{inert(audit.id)} (planned for {audit_date(audit)})" for audit in lapsed)
            + "."
        )
    clauses, controls = coverage(site)
    counts = Counter(cell.state for cell in clauses)
    control_counts = Counter(cell.state for cell in controls)
    applicable = len(controls) - control_counts["excluded"]
    page.md("## Coverage in the cycle")
    page.html(
        Markup(
            f'<p class="isms-kpis">{_kpi(counts["audited"], len(clauses), "clauses audited")}'
            f"{_kpi(counts['not covered'], 0, 'clauses not covered', bad=True)}"
            f"{_kpi(control_counts['audited'], applicable, 'applicable controls audited')}"
            f"{_kpi(control_counts['not covered'], 0, 'applicable controls not covered', bad=True)}</p>"
        )
    )
    groups = [
        (f"Clause {section}", [c for c in clauses if c.ident.split(".")[0] == section])
        for section in model.catalogue.sections
    ]
    page.html(grid("Clauses 4–10 in the audit programme", [(label, cells) for label, cells in groups if cells]))
    themes = [
        (f"A.{theme.number} {theme.id.title()}", [c for c in controls if c.ident.split(".")[0] == theme.number])
        for theme in model.catalogue.themes.values()
    ]
    page.html(grid("Annex A controls in the audit programme", themes))
    page.html(legend())

    page.md("## Audits")
    rows = []
    for audit in sorted(model.audits, key=lambda a: a.planned_on):
        grades: Counter[str] = Counter(f.grade for f in audit.findings)
        rows.append(
            [
                Markup(f"<strong>{esc(audit.id)}</strong>"),
                audit.title,
                Markup(
                    esc(audit.auditor)
                    + "<br><small>auditees: "
                    + (join(site.role(role) for role in audit.auditees) or Markup("—"))
                    + "</small>"
                ),
                Markup(status(audit.status) + "<br>" + _dates(site, audit)),
                tag_scope(audit),
                join(grade(f"{grades[g]} {g}") for g in GRADES if grades[g]) or Markup("—"),
                _report(site, links, audit),
            ]
        )
    page.html(
        table(
            ["id", "audit", "auditor, auditees", "status, dates", "scope", "findings", "report"],
            rows,
            "isms-register",
            [entry_ids("audits", a.id) for a in sorted(model.audits, key=lambda a: a.planned_on)],
        )
    )

    findings = [(audit, finding) for audit in model.audits for finding in audit.findings]
    totals: Counter[str] = Counter(f.grade for _, f in findings)
    page.md("## Findings\n\n" + ", ".join(f"{totals[g]} {g}" for g in GRADES) + ".")
    page.html(
        table(
            ["finding", "grade", "what was found", "concerns", "nonconformity"],
            [
                [
                    Markup(f"<strong>{esc(finding.id)}</strong>"),
                    grade(finding.grade),
                    finding.description,
                    join(
                        [
                            *(link(links.clause(c), c) for c in finding.clauses),
                            *(link(links.control(c), c) for c in finding.controls),
                        ]
                    ),
                    link(links.nonconformity(finding.nonconformity), finding.nonconformity)
                    if finding.nonconformity
                    else "",
                ]
                for _, finding in findings
            ],
            "isms-register",
            [anchor("finding", f.id) for _, f in findings],
        )
    )
    return page


def _kpi(value: int, total: int, label: str, bad: bool = False) -> Markup:
    kind = "bad" if bad and value else "good" if bad else "neutral"
    figure = f"{value}/{total}" if total else str(value)
    return Markup(f'<span class="isms-kpi isms-kpi-{kind}"><b>{esc(figure)}</b> {esc(label)}</span>')


def _dates(site: Site, audit: r.Audit) -> Markup:
    if audit.start and audit.end:
        return Markup(f"{site.date(audit.start)} – {site.date(audit.end)}")
    deadline = site.facts.deadline("audit-overdue", audit)
    return Markup(f"planned {site.due(deadline) if deadline else site.date(audit.planned_on)}")


def tag_scope(audit: r.Audit) -> Markup:
    clauses, controls = ", ".join(audit.clauses), ", ".join(audit.controls)
    text = f"{len(audit.clauses)} clauses, {len(audit.controls)} controls"
    return Markup(f'<span title="{esc("clauses " + clauses + "; controls " + controls)}">{esc(text)}</span>')


def _report(site: Site, links: Linker, audit: r.Audit) -> Markup:
    """The report as a link to its document or evidence record."""
    if audit.report is None:
        return Markup("")
    return reference(site, links, REPORT, audit.report)
