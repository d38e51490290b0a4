"""The steps of implementing and certifying an ISMS, each judged as of the as-of date from the records.

A step's status comes from its records and from the findings of the checks that watch it, so the
dashboard never says "current" where ``isms check`` reports a gap or an overdue item.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from isms.core.certification import DONE, Milestone, certificate_state, milestones
from isms.core.derive import add_months, document_next_review
from isms.core.models import registers as r
from isms.core.repository import Document
from isms.site.page import Site
from isms.site.urls import (
    ASSETS,
    AUDITS,
    CERTIFICATION,
    NONCONFORMITIES,
    REVIEWS,
    RISKS,
    SOA,
    TRACEABILITY,
    TREATMENTS,
    anchor,
)

Status = Literal["ok", "attention", "overdue", "upcoming"]
STATUS_LABELS: dict[str, str] = {"ok": "current", "attention": "attention", "overdue": "overdue", "upcoming": "later"}

OVERDUE_RULES = frozenset(
    {
        "action-overdue",
        "certificate-expiry",
        "certification-audit-overdue",
        "document-review-overdue",
        "evidence-expired",
        "management-review-overdue",
        "risk-acceptance",
        "risk-review-overdue",
        "training-overdue",
        "treatment-overdue",
    }
)


TITLES: dict[str, tuple[str, str]] = {
    "scope": ("Scope", "4.3"),
    "policy": ("Policy", "5.2"),
    "assets": ("Asset inventory", "A.5.9"),
    "risk-assessment": ("Risk assessment", "6.1.2"),
    "soa": ("Statement of Applicability", "6.1.3 d"),
    "rtp": ("Risk treatment plan", "6.1.3 e"),
    "implementation": ("Implementation", "8.1"),
    "internal-audit": ("Internal audit", "9.2"),
    "corrective-actions": ("Corrective actions", "10.2"),
    "management-review": ("Management review", "9.3"),
}


@dataclass(frozen=True)
class Target:
    """Where a step's records are: a page (relative to docs/) and an anchor on it."""

    label: str
    src_uri: str
    fragment: str = ""


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    clause: str
    status: Status
    summary: str
    targets: tuple[Target, ...] = ()
    findings: int = 0  # warnings of the checks that watch this step


@dataclass
class _Judge:
    """A step's status from its own facts, made worse (never better) by its checks' findings."""

    counts: Counter[str]
    rules: tuple[str, ...] = ()
    status: Status = "ok"
    notes: list[str] = field(default_factory=list)

    def worst(self, status: Status) -> None:
        order = ("upcoming", "ok", "attention", "overdue")
        if order.index(status) > order.index(self.status):
            self.status = status

    def result(self) -> tuple[Status, int]:
        found = sum(self.counts[rule] for rule in self.rules)
        if any(self.counts[rule] for rule in self.rules if rule in OVERDUE_RULES):
            self.worst("overdue")
        elif found:
            self.worst("attention")
        return self.status, found


def _document_status(document: Document | None, as_of: dt.date) -> tuple[Status, str]:
    if document is None:
        return "overdue", "missing"
    meta = document.meta
    due = document_next_review(document)
    if meta.status != "approved":
        return "attention", f"v{meta.version}, {meta.status}"
    if due is not None and due < as_of:
        return "overdue", f"v{meta.version}, review overdue since {due}"
    review = f", next review {due}" if due else ""
    return "ok", f"v{meta.version} approved {meta.approved_on}{review}"


def _held_reviews(site: Site) -> list[r.Review]:
    held = [review for review in site.model.reviews if review.status == "held" and review.date <= site.as_of]
    return sorted(held, key=lambda review: review.date)


def steps(site: Site) -> list[Step]:
    """The fourteen steps of the cycle, in order."""
    model, as_of = site.model, site.as_of
    counts: Counter[str] = Counter(f.rule for f in site.findings if f.severity == "warning")
    documents = site.derived.index.get("document", {})
    result: list[Step] = []

    def add(key: str, judge: _Judge, summary: str, targets: Iterable[Target]) -> None:
        status, found = judge.result()
        title, clause = TITLES[key]
        result.append(Step(key, title, clause, status, summary, tuple(targets), found))

    # Plan -------------------------------------------------------------------------------------
    scope = documents.get(model.isms.scope) if model.isms else None
    judge = _Judge(counts)
    status, text = _document_status(scope, as_of)
    judge.worst(status)
    add("scope", judge, f"Scope {text}", [Target("scope", scope.src_uri)] if scope else [])

    policies = [d for d in model.documents if "5.2" in d.meta.clauses and d.meta.type == "policy"]
    policy = policies[0] if policies else None
    judge = _Judge(counts)
    status, text = _document_status(policy, as_of)
    judge.worst(status)
    add("policy", judge, f"Policy {text}", [Target("policy", policy.src_uri)] if policy else [])

    judge = _Judge(counts)
    if not model.assets:
        judge.worst("overdue")
    add("assets", judge, f"{len(model.assets)} assets", [Target("assets", ASSETS)])

    judge = _Judge(counts, ("risk-review-overdue", "risk-untreated", "residual-not-accepted", "risk-acceptance"))
    if not model.risks or model.methodology is None:
        judge.worst("overdue")
    latest = max((risk.last_assessed for risk in model.risks), default=None)
    overdue = counts["risk-review-overdue"]
    text = f"{len(model.risks)} risks, last assessed {latest}" + (
        f"; {overdue} reassessments overdue" if overdue else ""
    )
    add("risk-assessment", judge, text, [Target("risk register", RISKS)])

    soa_rules = ("soa-inclusion-reason",)
    judge = _Judge(counts, soa_rules)
    applicable = [entry for entry in model.soa if entry.applicable]
    if len(model.soa) < len(model.catalogue.annex_a):
        judge.worst("overdue")
    add(
        "soa",
        judge,
        f"{len(model.soa)} controls, {len(applicable)} applicable, {len(model.soa) - len(applicable)} excluded",
        [Target("SoA", SOA)],
    )

    judge = _Judge(counts, ("treatment-overdue",))
    done = sum(1 for t in model.treatments if t.status in ("done", "cancelled"))
    late = sum(1 for t in model.treatments if t.status not in ("done", "cancelled") and t.due < as_of)
    text = f"{len(model.treatments)} actions, {done} done, {len(model.treatments) - done} open, {late} overdue"
    add("rtp", judge, text, [Target("treatment plan", TREATMENTS)])

    # Do ---------------------------------------------------------------------------------------
    # evidence that controls work, and the people trained to run them (7.2, 7.3), belong to implementation
    judge = _Judge(
        counts, ("soa-implemented-unsupported", "evidence-expired", "training-overdue", "training-completion")
    )
    implemented = sum(1 for entry in applicable if entry.status == "implemented")
    share = 100 * implemented / len(applicable) if applicable else 0
    if share < 100:
        judge.worst("attention")
    add(
        "implementation",
        judge,
        f"{implemented} of {len(applicable)} applicable controls implemented ({share:.0f}%)",
        [Target("SoA", SOA), Target("traceability", TRACEABILITY)],
    )

    # Check ------------------------------------------------------------------------------------
    judge = _Judge(counts, ("audit-coverage", "audit-control-coverage"))
    completed = sorted((a for a in model.audits if a.status == "completed"), key=lambda a: a.end or a.planned_on)
    upcoming = sorted((a for a in model.audits if a.status in ("planned", "in progress")), key=lambda a: a.planned_on)
    if not completed:
        judge.worst("overdue")
    text = f"{len(completed)} audits completed" + (f", last {completed[-1].end}" if completed else "")
    if upcoming:
        following = upcoming[0]
        text += f"; next {following.id} on {following.planned_on}"
        if following.planned_on < as_of:
            text += " (results not yet recorded)"
            judge.worst("attention")
    add("internal-audit", judge, text, [Target("audit programme", AUDITS)])

    judge = _Judge(counts, ("action-overdue", "nonconformity-closure"))
    open_ncs = [nc for nc in model.nonconformities if nc.status == "open"]
    late_actions = sum(1 for nc in model.nonconformities for a in nc.actions if a.status != "done" and a.due < as_of)
    text = f"{len(open_ncs)} open, {len(model.nonconformities) - len(open_ncs)} closed; {late_actions} actions overdue"
    add("corrective-actions", judge, text, [Target("nonconformities", NONCONFORMITIES)])

    judge = _Judge(counts, ("management-review-overdue", "management-review-inputs"))
    held = _held_reviews(site)
    if held:
        last = held[-1]
        text = f"Last {last.id} on {last.date}; next due by {add_months(last.date, 12)}"
    else:
        judge.worst("overdue")
        text = "No management review held"
    add("management-review", judge, text, [Target("reviews", REVIEWS)])

    # Certification ----------------------------------------------------------------------------
    certification = model.isms.certification if model.isms else None
    result.append(_precertification(site, certification, completed, held))
    result.extend(_certification_steps(site, certification, counts))
    return result


def _precertification(
    site: Site, certification: r.Certification | None, audits: list[r.Audit], reviews: list[r.Review]
) -> Step:
    """Before stage 2 a certification body expects a complete internal audit and a management review."""
    stage2 = (
        next((m for m in milestones(certification, site.as_of) if m.key == "stage-2"), None) if certification else None
    )
    before = stage2.date if stage2 and stage2.date else site.as_of
    audit = next((a for a in audits if (a.end or a.planned_on) <= before), None)
    review = next((rv for rv in reviews if rv.date <= before), None)
    targets = []
    if audit:
        targets.append(Target(audit.id, AUDITS, anchor("audit", audit.id)))
    if review:
        targets.append(Target(review.id, REVIEWS, anchor("review", review.id)))
    if audit and review:
        status: Status = "ok"
        text = f"Internal audit {audit.id} and management review {review.id} before stage 2"
    else:
        missing = [name for name, found in (("internal audit", audit), ("management review", review)) if not found]
        status = "attention"  # a record that was never made; no check can make it current any more
        text = "No " + " or ".join(missing) + " before stage 2"
    return Step("pre-certification", "Pre-certification review", "9.2, 9.3", status, text, tuple(targets))


def _certification_steps(site: Site, certification: r.Certification | None, counts: Counter[str]) -> list[Step]:
    target = (Target("certification", CERTIFICATION),)
    if certification is None:
        return [
            Step("certification", "Certification audit", "stage 1 + 2", "upcoming", "Not certified yet", target),
            Step("surveillance", "Surveillance audits", "years 1 and 2", "upcoming", "After certification", target),
            Step("recertification", "Recertification", "year 3", "upcoming", "After certification", target),
        ]
    cycle = {m.key: m for m in milestones(certification, site.as_of)}
    state = certificate_state(certification, site.as_of)
    judge = _Judge(counts, ("certificate-expiry",))
    if cycle["stage-2"].state not in DONE:
        judge.worst("attention")
        text = _milestone_text(cycle["stage-2"])
    else:
        text = f"Certified {certification.issued_on}, valid until {certification.expires_on}"
        if state == "expired":
            text = f"Certificate expired on {certification.expires_on}"
    status, found = judge.result()
    steps = [Step("certification", "Certification audit", "stage 1 + 2", status, text, target, found)]

    surveillance = [cycle["surveillance-1"], cycle["surveillance-2"]]
    pending = next((m for m in surveillance if m.state not in DONE), None)
    text = _milestone_text(pending) if pending else "Both surveillance audits done"
    done = sum(1 for m in surveillance if m.state in DONE)
    late = sum(1 for m in surveillance if m.state == "overdue")  # each is one certification-audit-overdue finding
    status = _milestones_status(surveillance, site.as_of)
    steps.append(Step("surveillance", "Surveillance audits", f"{done} of 2 done", status, text, target, late))

    recertification = cycle["recertification"]
    status = _milestones_status([recertification], site.as_of)
    text = _milestone_text(recertification)
    steps.append(Step("recertification", "Recertification", "before expiry", status, text, target))
    return steps


def _milestones_status(items: list[Milestone], as_of: dt.date) -> Status:
    states = {m.state for m in items}
    if "overdue" in states or "failed" in states:
        return "overdue"
    if "awaiting result" in states:
        return "attention"
    pending = [m for m in items if m.state not in DONE]
    if not pending:
        return "ok"
    first = pending[0]
    days = (first.due - as_of).days if first.due is not None else None
    if first.state == "not scheduled" and days is not None and days <= 183:
        return "attention"
    if len(pending) == len(items) and days is not None and days > 365:
        return "upcoming"
    return "ok"


def _milestone_text(milestone: Milestone) -> str:
    due = f" (due by {milestone.due})" if milestone.due else ""
    audit = milestone.audit
    if milestone.state in DONE:
        return f"{milestone.title} {audit.id if audit else ''} {audit.result if audit else ''}".strip()
    if milestone.state == "overdue":
        return f"{milestone.title} overdue since {milestone.due}"
    if milestone.state == "awaiting result" and audit is not None:
        return f"{milestone.title} {audit.id} on {milestone.date}: result not recorded{due}"
    if milestone.state == "planned" and audit is not None:
        return f"{milestone.title} {audit.id} planned {milestone.date}{due}"
    return f"{milestone.title} not scheduled{due}"
