"""The incident register (Annex A 5.24-5.28, 6.8) and the regulatory clocks its incidents run.

Each clock (GDPR Art. 33, NIS2 Art. 23) comes from :mod:`isms.core.clocks` through the facts; the page
shows what is due, made on time, made late or overdue, never judging a deadline itself.
"""

from __future__ import annotations

from isms.core.clocks import Clock, elapsed, nis2_in_scope
from isms.core.facts import incident_state
from isms.core.models import registers as r
from isms.site import registry
from isms.site.downloads import downloads
from isms.site.generic import references, when
from isms.site.html import Markup, badge, esc, link, table
from isms.site.page import Page, Site, status
from isms.site.urls import INCIDENTS, Linker, entry_ids


@registry.page(INCIDENTS, order=95)
def incidents_page(site: Site) -> Page:
    links = site.linker(INCIDENTS)
    incidents = site.model.incidents
    page = Page(INCIDENTS, "Incidents", wide=True)
    still_open = sum(1 for i in incidents if incident_state(i) != "closed")
    page.md(
        f"{len(incidents)} information security incidents, {still_open} not closed: when each was detected,"
        " reported (6.8), classified (5.25), contained (5.26) and closed, the lessons learned (5.27) and the"
        " evidence kept (5.28)."
    )
    if site.exports:
        page.html(downloads(INCIDENTS, "incidents", site.directory_urls))
    page.md("## Regulatory notifications")
    nis2 = nis2_in_scope(site.model.isms)
    page.md(
        "Counted from the moment of detection: a personal data breach is notified to the supervisory authority"
        " within 72 hours unless it is unlikely to result in a risk (GDPR Art. 33). "
        + (
            "NIS2 applies (registers/isms.yml): a significant incident gets an early warning within 24 hours, an"
            " incident notification within 72 hours and a final report within one month of it (Art. 23)."
            if nis2
            else "NIS2 does not apply: registers/isms.yml does not declare the organisation in scope."
        )
    )
    clocks = site.facts.clocks
    if clocks:
        page.html(
            table(
                ["incident", "notification", "due by", "made", "state"],
                [
                    [
                        link(links.entry("incident", c.incident.id), c.incident.id),
                        c.title,
                        when(c.due),
                        Markup(when(c.done) + (f" <small>{esc(_after(c))}</small>" if c.done else "")),
                        _state(site, c),
                    ]
                    for c in clocks
                ],
                "isms-register",
            )
        )
    else:
        page.html(Markup('<p class="isms-none">No incident calls for a notification.</p>'))
    page.md("## Register")
    rows = [
        [
            Markup(f"<strong>{esc(i.id)}</strong>"),
            Markup(
                esc(i.title)
                + (f"<br><small>{esc(i.description)}</small>" if i.description else "")
                + (f"<br><small>Lessons learned: {esc(i.lessons_learned)}</small>" if i.lessons_learned else "")
            ),
            Markup(f"severity {i.severity}<br>" + site.role(i.owner)),
            _timeline(i),
            _personal_data(i),
            _related(site, links, i),
            status(incident_state(i)),
        ]
        for i in incidents
    ]
    page.html(
        table(
            [
                "id",
                "incident",
                "severity, owner",
                "timeline",
                "personal data",
                "related",
                "status",
            ],
            rows,
            "isms-register",
            [entry_ids("incidents", i.id) for i in incidents],
        )
    )
    return page


def _after(clock: Clock) -> str:
    return f"({elapsed(clock.incident.detected_at, clock.done)} after detection)" if clock.done else ""


def _state(site: Site, clock: Clock) -> Markup:
    if clock.done is not None:
        return badge("late", "bad") if clock.late else badge("on time", "good")
    if clock.overdue(site.as_of):
        return badge("overdue", "overdue")
    return badge("due", "partial")


def _related(site: Site, links: Linker, incident: r.Incident) -> Markup:
    """What the incident touched and led to, a line per kind: assets, suppliers, risks, NCs, controls."""
    parts = [
        (label, references(site, links, kind, ids))
        for label, kind, ids in (
            ("assets", "asset", incident.assets),
            ("suppliers", "supplier", incident.suppliers),
            ("risks", "risk", incident.risks),
            ("NCs", "nonconformity", incident.nonconformities),
            ("controls", "control", incident.controls),
        )
        if ids
    ]
    return Markup("<br>".join(f"<small>{label}:</small> {html}" for label, html in parts))


def _timeline(incident: r.Incident) -> Markup:
    steps = [
        ("detected", incident.detected_at),
        ("reported", incident.reported_at),
        ("classified", incident.classified_at),
        ("contained", incident.contained_at),
        ("closed", incident.closed_at),
    ]
    return Markup("<br>".join(f"{name} {when(value)}" for name, value in steps if value is not None))


def _personal_data(incident: r.Incident) -> Markup:
    if not incident.personal_data:
        return esc("no")
    text = f"yes, {incident.breach_risk} risk" if incident.breach_risk else "yes, risk not assessed"
    return Markup(esc(text) + (f"<br><small>{esc(incident.rationale)}</small>" if incident.rationale else ""))
