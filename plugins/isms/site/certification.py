"""The certification cycle: certificate, body, the three-year timeline, evidence expiry and training completion."""

from __future__ import annotations

import datetime as dt

from isms.core.certification import (
    DONE,
    RECERTIFICATION_MARGIN_MONTHS,
    RESTORATION_MONTHS,
    SURVEILLANCE_MONTHS,
    Milestone,
    after_expiry,
)
from isms.core.facts import Deadline, Facts, shortfall
from isms.core.models import registers as r
from isms.site import registry
from isms.site.html import Markup, badge, esc, inert, join, link, table
from isms.site.page import Page, Site
from isms.site.timeline import timeline
from isms.site.urls import CERTIFICATION, Linker, anchor

STATE_KIND = {"valid": "good", "expiring": "partial", "expired": "bad", "lapsed": "bad", "none": "neutral"}
MILESTONE_KIND = {
    "done": "good",
    "failed": "bad",
    "planned": "neutral",
    "awaiting result": "partial",
    "not scheduled": "neutral",
    "overdue": "overdue",
}
EXPIRY_SOON_DAYS = 60
RULES = (
    f"Surveillance audit 1 is due within {SURVEILLANCE_MONTHS} months of the certification decision (the issue"
    f" date), surveillance audit 2 within {SURVEILLANCE_MONTHS} months of surveillance audit 1, and the"
    f" recertification audit {RECERTIFICATION_MARGIN_MONTHS} months before the certificate expires, so that the"
    " certification body decides before it lapses. After expiry the body can restore certification within"
    f" {RESTORATION_MONTHS} months if the outstanding recertification activities are completed; after that a new"
    " initial certification (stage 1 and stage 2) is needed (ISO/IEC 17021-1 9.6)."
)


def next_audit_text(facts: Facts) -> str:
    """What is due next in the certification cycle, in a sentence; after expiry, what follows it."""
    certificate = facts.certified
    if certificate is not None and facts.certificate in ("expired", "lapsed"):
        text = after_expiry(certificate, facts.as_of)
        pending = facts.cycles[-1] if facts.cycles[-1].certificate is None else None
        upcoming = next((m for m in pending.milestones if m.state not in DONE), None) if pending else None
        return f"{text} {_next(upcoming)}" if upcoming else text
    upcoming = next((m for m in facts.cycle if m.state not in DONE), None)
    return _next(upcoming) if upcoming else "Every audit of the cycle is done."


def _next(upcoming: Milestone) -> str:
    when = f" on {upcoming.date}" if upcoming.date else ""
    audit = f" ({upcoming.audit.id})" if upcoming.audit else ""
    due = f", due by {upcoming.due}" if upcoming.due else ""
    return f"Next: {upcoming.title.lower()}{audit}{when}{due} — {upcoming.state}."


def certificate_facts(site: Site, certification: r.Certification) -> Markup:
    certificate = site.facts.certified
    state = site.facts.certificate
    expires = certificate.expires_on if certificate else None
    rows: list[list[object]] = [
        ["standard", certification.standard],
        ["certification body", certification.body],
        ["accreditation", certification.accreditation],
    ]
    if certificate is None:
        rows.append(["certificate", "not certified yet"])
    else:
        rows += [
            ["certificate", certificate.number],
            ["issued", site.date(certificate.issued_on)],
            ["expires", Markup(f"{site.date(expires)} {badge(state, STATE_KIND[state])}")],
        ]
    if certificate is not None and state in ("expired", "lapsed"):
        rows.append(["restorable until", site.date(certificate.restoration_until)])
    return table(["", ""], rows, "isms-summary isms-facts")


def cycles_table(site: Site, links: Linker) -> Markup:
    """Every certification cycle: its certificate, its audits, and where it stands."""
    facts = site.facts
    rows = []
    for cycle in facts.cycles:
        certificate = cycle.certificate
        if certificate is None:
            status = badge("initial certification under way", "neutral")
        elif certificate == facts.certified:
            status = badge(facts.certificate, STATE_KIND[facts.certificate])
        else:
            status = badge("superseded", "neutral")
        audits = join(link(links.certification_audit(audit.id), audit.id) for _, audit in cycle.audits)
        rows.append(
            [
                str(cycle.number),
                certificate.number if certificate else "",
                site.date(certificate.issued_on if certificate else None),
                site.date(certificate.expires_on if certificate else None),
                status,
                audits,
            ]
        )
    return table(["cycle", "certificate", "issued", "expires", "", "audits"], rows, "isms-register isms-cycles")


def audits_table(site: Site, links: Linker, certification: r.Certification) -> Markup:
    by_index = {m.index: m for c in site.facts.cycles for m in c.milestones if m.index is not None}
    cycle_of = {index: c.number for c in site.facts.cycles for index, _ in c.audits}
    rows, ids = [], []
    for index, audit in enumerate(certification.audits):
        milestone = by_index.get(index)
        if audit.start and audit.end:
            dates = (
                site.date(audit.start)
                if audit.start == audit.end
                else Markup(f"{site.date(audit.start)} – {site.date(audit.end)}")
            )
        else:
            dates = Markup(f"planned {site.date(audit.planned_on)}")
        state = milestone.state if milestone else ("done" if audit.result != "planned" else "planned")
        findings = "".join(f"<li>{esc(f)}</li>" for f in audit.findings)
        rows.append(
            [
                Markup(f"<strong>{esc(audit.id)}</strong>"),
                str(cycle_of.get(index, "")),
                audit.type,
                dates,
                site.date(milestone.due) if milestone and milestone.due else "",
                audit.auditor,
                _result(audit.result, state),
                Markup(f"<ul>{findings}</ul>") if findings else "",
                join(link(links.nonconformity(nc), nc) for nc in audit.nonconformities),
            ]
        )
        ids.append(anchor("cb", audit.id))
    return table(
        ["id", "cycle", "type", "dates", "due by", "auditor", "result", "findings", "nonconformities"],
        rows,
        "isms-register isms-cb",
        ids,
    )


def _result(result: str, state: str) -> Markup:
    kind = "good" if result == "passed" else "partial" if "findings" in result else "neutral"
    late = f" {badge(state, MILESTONE_KIND[state])}" if state not in {*DONE, "planned"} else ""
    return Markup(f"{badge(result, kind)}{late}")


def evidence_table(site: Site, links: Linker) -> Markup:
    soon = site.as_of + dt.timedelta(days=EXPIRY_SOON_DAYS)
    entries = sorted(site.model.evidence, key=lambda e: (e.expires_on or dt.date.max, e.id))
    rows = []
    for e in entries:
        mark = Markup("")
        expiry = site.facts.deadline("evidence-expired", e)
        if expiry is not None and expiry.overdue:
            mark = badge("expired", "overdue")
        elif e.expires_on and e.expires_on <= soon:
            mark = badge("expires soon", "partial")
        rows.append(
            [
                link(links.evidence(e.id), e.id),
                e.title,
                e.kind,
                site.date(e.effective_on),
                Markup(f"{site.date(e.expires_on)} {mark}"),
            ]
        )
    return table(["evidence", "what", "kind", "effective", "expires"], rows, "isms-register")


def completion_bar(programme: r.Programme) -> Markup:
    percent = 100 * programme.completed / programme.required if programme.required else 100.0
    ok = shortfall(programme) == 0
    return Markup(
        f'<span class="isms-bar" title="{percent:.1f}% of {programme.required}, target {programme.target:g}%">'
        f'<span class="isms-bar-fill isms-bar-{"good" if ok else "bad"}" style="width:{min(percent, 100):.1f}%"></span>'
        f'<span class="isms-bar-target" style="left:{programme.target:.1f}%"></span></span> '
        f"{programme.completed}/{programme.required} ({percent:.1f}%, target {programme.target:g}%)"
    )


def training_table(site: Site) -> Markup:
    links = site.linker(CERTIFICATION)
    rows = []
    for p in site.model.training:
        roles = [c.role for c in site.model.competence if any(p.id in need.training for need in c.required)]
        backlinks = join(link(links.entry("competence", role), role) for role in roles)
        title = Markup(esc(p.title) + (f"<br><small>gives the competence of {backlinks}</small>" if roles else ""))
        delivery = site.facts.deadline("training-overdue", p)
        due = delivery.date if delivery is not None and p.last_delivered is not None else None
        rows.append(
            [
                Markup(f"<strong>{esc(p.id)}</strong>"),
                title,
                p.kind,
                site.date(p.last_delivered),
                _next_delivery(site, delivery, due),
                completion_bar(p),
                badge("on target", "good") if shortfall(p) == 0 else badge(f"{shortfall(p)} more needed", "partial"),
            ]
        )
    return table(["id", "programme", "kind", "last delivered", "next due", "completion", ""], rows, "isms-register")


def _next_delivery(site: Site, delivery: Deadline | None, due: dt.date | None) -> Markup:
    if delivery is None:
        return Markup("")
    if due is None:  # never delivered: due from the start
        return badge("never delivered", "overdue")
    return Markup(site.date(due) + (" " + badge("overdue", "overdue") if delivery.overdue else ""))


@registry.page(CERTIFICATION, order=130)
def certification_page(site: Site) -> Page:
    links = site.linker(CERTIFICATION)
    page = Page(CERTIFICATION, "Certification cycle", wide=True)
    isms = site.model.isms
    certification = isms.certification if isms else None
    if certification is None:
        page.md("No certification is recorded in `registers/isms.yml` (`certification:`).")
    else:
        page.md(f"As of {site.as_of.isoformat()}. **{inert(next_audit_text(site.facts))}**")
        page.html(certificate_facts(site, certification))
        page.md("## Cycles")
        page.html(cycles_table(site, links))
        page.md("## Current cycle")
        page.html(timeline(site.facts.cycles[-1].certificate, site.facts.cycle, site.as_of))
        page.md(RULES)
        page.html(audits_table(site, links, certification))
    page.md("## Evidence records")
    page.html(evidence_table(site, links))
    page.md("## Training and awareness (7.2, 7.3)")
    page.html(training_table(site))
    return page
