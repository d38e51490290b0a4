"""The steps of implementing and certifying an ISMS, each judged from the facts and the checks' findings.

A step is *overdue* exactly when a finding it watches reports an overdue deadline (:meth:`Facts.is_overdue`),
and every such finding is watched by a step: the dashboard never shows a red card that ``isms check``
does not explain, nor keeps an overdue finding off every card. What the records alone show (a missing
scope, no completed audit, a stage 2 not yet passed) makes a step need *attention*, never overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from isms.core.certification import DONE, Milestone, after_expiry
from isms.core.facts import (
    IMPROVEMENT_RECENT_MONTHS,
    Facts,
    audit_completed,
    climate_determination,
    improvement_acted_on,
    improvement_open,
    isms_responsibilities,
    treatment_open,
)
from isms.core.findings import Finding
from isms.core.models import registers as r
from isms.core.repository import Document, Model

Status = Literal["ok", "attention", "overdue", "upcoming"]
STATUS_ORDER: tuple[Status, ...] = ("upcoming", "ok", "attention", "overdue")

REGISTER_REVIEW = ("register-review-overdue",)
"""The rule about a register file's review, watched by the card of the register it concerns."""

TITLES: dict[str, tuple[str, str]] = {
    "scope": ("Context and scope", "4.1–4.3"),
    "policy": ("Policy", "5.2"),
    "assets": ("Asset inventory", "A.5.9"),
    "risk-assessment": ("Risk assessment", "6.1.2"),
    "soa": ("Statement of Applicability", "6.1.3 d"),
    "rtp": ("Risk treatment plan", "6.1.3 e"),
    "implementation": ("Implementation", "8.1"),
    "support": ("Support", "7.2-7.4"),
    "internal-audit": ("Internal audit", "9.2"),
    "corrective-actions": ("Corrective actions", "10.2"),
    "management-review": ("Management review", "9.3"),
    "pre-certification": ("Pre-certification review", "9.2, 9.3"),
    "certification": ("Certification audit", "stage 1 + 2"),
    "surveillance": ("Surveillance audits", "years 1 and 2"),
    "recertification": ("Recertification", "before expiry"),
    "continual-improvement": ("Continual improvement", "10.1"),
}

SOURCES: dict[str, tuple[str, ...]] = {
    "scope": ("isms", "context", "parties"),
    "assets": ("assets",),
    "risk-assessment": ("risks", "methodology"),
    "soa": ("soa",),
    "rtp": ("treatments",),
    "implementation": ("soa", "evidence"),
    "support": ("training", "competence", "communications"),
    "internal-audit": ("audits",),
    "corrective-actions": ("nonconformities",),
    "management-review": ("reviews",),
    "pre-certification": ("audits", "reviews"),
    "certification": ("isms",),
    "surveillance": ("isms",),
    "recertification": ("isms",),
    "continual-improvement": ("improvements",),
}
"""The registers each step is judged from (besides documents): a build for an audience that may not read one
of them cannot judge the step, and says so rather than showing it as missing."""


@dataclass(frozen=True)
class Step:
    """One step: its status, a one-line summary, the records it points at, and the findings that judged it."""

    key: str
    title: str
    clause: str
    status: Status
    summary: str
    records: tuple[tuple[str, str], ...] = ()  # (kind, id) of entries the step names: an audit, a review
    watched: tuple[Finding, ...] = ()  # the warnings of the checks that watch this step

    @property
    def findings(self) -> int:
        return len(self.watched)


@dataclass
class _Judge:
    """A step's status from its records (at worst 'attention'), made overdue only by an overdue finding."""

    facts: Facts
    watched: tuple[Finding, ...] = ()
    status: Status = "ok"
    notes: list[str] = field(default_factory=list)

    def worst(self, status: Literal["ok", "attention", "upcoming"]) -> None:
        if STATUS_ORDER.index(status) > STATUS_ORDER.index(self.status):
            self.status = status

    def result(self) -> Status:
        if any(self.facts.is_overdue(finding) for finding in self.watched):
            return "overdue"
        if self.watched and self.status in ("ok", "upcoming"):
            return "attention"
        return self.status


def steps(model: Model, facts: Facts, findings: Iterable[Finding]) -> list[Step]:
    """The sixteen steps of the cycle, in order, as of the facts' date."""
    warnings = [f for f in findings if f.severity == "warning"]
    as_of = facts.as_of
    documents = facts.derived.index.get("document", {})
    result: list[Step] = []

    def watch(rules: Iterable[str], where: Callable[[Finding], bool] = lambda _: True) -> tuple[Finding, ...]:
        wanted = set(rules)
        return tuple(f for f in warnings if f.rule in wanted and where(f))

    def add(key: str, judge: _Judge, summary: str, records: Iterable[tuple[str, str]] = ()) -> None:
        title, clause = TITLES[key]
        result.append(Step(key, title, clause, judge.result(), summary, tuple(records), judge.watched))

    # A register file's review is watched by the card of its register, the rest by implementation's.
    carded = {"assets", "risks", "methodology", "soa", "treatments", "improvements", "context", "parties", "training"}
    carded |= {"competence", "communications"}
    on_cards = {file.path for file in model.files if file.register in carded}

    def _in(*registers: str) -> Callable[[Finding], bool]:
        paths = {file.path for file in model.files if file.register in registers}
        return lambda finding: finding.path in paths

    # Plan -------------------------------------------------------------------------------------
    scope = documents.get(model.isms.scope) if model.isms else None
    policies = [d for d in model.documents if "5.2" in d.meta.clauses and d.meta.type == "policy"]
    policy = policies[0] if policies else None
    leading = {d.path for d in (scope, policy) if d is not None}
    for key, document in (("scope", scope), ("policy", policy)):
        judge = _Judge(facts, watch(("document-review-overdue",), _at(document)))
        text = f"{key.capitalize()} {_document_summary(judge, document, facts)}"
        if key == "scope":  # the scope is determined from the context (4.3 a, b): issues and interested parties
            judge.watched += watch(CONTEXT_RULES) + watch(REGISTER_REVIEW, _in("context", "parties"))
            text += _context_summary(judge, model)
        add(key, judge, text, [("document", document.id)] if document else [])

    judge = _Judge(facts, watch(("asset-review-overdue",)) + watch(REGISTER_REVIEW, _in("assets")))
    if not model.assets:
        judge.worst("attention")
    add("assets", judge, f"{len(model.assets)} asset{'s' * (len(model.assets) != 1)}")

    acceptance = ("risk-acceptance", "risk-acceptance-authority", "risk-acceptance-term")
    judge = _Judge(
        facts,
        watch(("risk-review-overdue", "risk-untreated", "residual-not-accepted", *acceptance))
        + watch(REGISTER_REVIEW, _in("risks", "methodology")),
    )
    if not model.risks or model.methodology is None:
        judge.worst("attention")
    latest = max((risk.last_assessed for risk in model.risks), default=None)
    due = len(facts.overdue("risk-review-overdue"))
    text = f"{len(model.risks)} risks" + (f", last assessed {latest}" if latest else "")
    text += f"; {due} reassessments overdue" if due else ""
    add("risk-assessment", judge, text)

    judge = _Judge(facts, watch(("soa-inclusion-reason",)) + watch(REGISTER_REVIEW, _in("soa")))
    applicable = [entry for entry in model.soa if entry.applicable]
    if len(model.soa) < len(model.catalogue.annex_a):
        judge.worst("attention")
    excluded = len(model.soa) - len(applicable)
    add("soa", judge, f"{len(model.soa)} controls, {len(applicable)} applicable, {excluded} excluded")

    judge = _Judge(
        facts, watch(("treatment-overdue", "treatment-approval")) + watch(REGISTER_REVIEW, _in("treatments"))
    )
    open_count = sum(1 for t in model.treatments if treatment_open(t))
    late = len(facts.overdue("treatment-overdue"))
    done = len(model.treatments) - open_count
    add("rtp", judge, f"{len(model.treatments)} actions, {done} done, {open_count} open, {late} overdue")

    # Do ---------------------------------------------------------------------------------------
    # Evidence that controls work, the documents that say how (7.5) and the operation of supplier and
    # incident controls (5.19-5.28) belong to implementation; the scope's and the policy's reviews have cards
    # of their own, and the people who run the controls (7.2-7.4) the support card.
    judge = _Judge(
        facts,
        watch(
            (
                "soa-implemented-unsupported",
                "evidence-expired",
                "supplier-review-overdue",
                "supplier-contract-security",
                "incident-lessons",
                "incident-notification-overdue",
                "incident-notification-late",
                "exception-expired",
                "exception-approval",
            )
        )
        + watch(("requirement-review-overdue",))
        + watch(("document-review-overdue",), lambda f: f.path not in leading)
        + watch(REGISTER_REVIEW, lambda f: f.path not in on_cards),
    )
    implemented = sum(1 for entry in applicable if entry.status == "implemented")
    share = 100 * implemented / len(applicable) if applicable else 0
    if share < 100:
        judge.worst("attention")
    add("implementation", judge, f"{implemented} of {len(applicable)} applicable controls implemented ({share:.0f}%)")
    people = ("training", "competence", "communications")
    result.append(_support(model, facts, watch(SUPPORT_RULES) + watch(REGISTER_REVIEW, _in(*people))))

    # Check ------------------------------------------------------------------------------------
    judge = _Judge(
        facts,
        watch(
            (
                "audit-coverage",
                "audit-control-coverage",
                "audit-overdue",
                "audit-programme-overdue",
                "audit-report",
                "audit-impartiality",
            )
        ),
    )
    completed = sorted((a for a in model.audits if audit_completed(a, as_of)), key=lambda a: a.end or a.planned_on)
    upcoming = sorted((a for a in model.audits if a.status in ("planned", "in progress")), key=lambda a: a.planned_on)
    if not completed:
        judge.worst("attention")
    text = f"{len(completed)} audits completed" + (f", last {completed[-1].end}" if completed else "")
    if upcoming:
        following = upcoming[0]
        text += f"; next {following.id} on {following.planned_on}"
        if following.planned_on < as_of:
            text += " (results not yet recorded)"
            judge.worst("attention")
    text += _resting_on_plans(facts)
    add("internal-audit", judge, text)

    judge = _Judge(facts, watch(("action-overdue", "nonconformity-closure")))
    open_ncs = [nc for nc in model.nonconformities if nc.status == "open"]
    late_actions = len(facts.overdue("action-overdue"))
    closed = len(model.nonconformities) - len(open_ncs)
    add("corrective-actions", judge, f"{len(open_ncs)} open, {closed} closed; {late_actions} actions overdue")

    judge = _Judge(facts, watch(("management-review-overdue", "management-review-inputs", "review-chair")))
    last = facts.last_held_review
    if last is not None:
        text = f"Last {last.id} on {last.date}; next due by {facts.management_review.date}"
    else:
        text = "No management review held"
    add("management-review", judge, text)

    # Certification ----------------------------------------------------------------------------
    held = facts.held_reviews
    result.append(_precertification(facts, completed, held))
    result.extend(_certification_steps(model, facts, watch))

    # Act, beyond correction: the ISMS is shown to improve when improvements were acted on within the year.
    judge = _Judge(
        facts, watch(("improvement-overdue", "improvement-outcome")) + watch(REGISTER_REVIEW, _in("improvements"))
    )
    acted = [i for i in model.improvements if improvement_acted_on(i, as_of)]
    pending = sum(1 for i in model.improvements if improvement_open(i))
    if not acted:
        judge.worst("attention")
    newest = max(acted, key=lambda i: (i.completed_on or as_of, i.id), default=None)
    late = len(facts.overdue("improvement-overdue"))
    text = f"{len(acted)} improvement{'s' * (len(acted) != 1)} done in the last {IMPROVEMENT_RECENT_MONTHS} months"
    text += f" (last {newest.id} on {newest.completed_on})" if newest else ""
    text += f"; {pending} open" + (f", {late} overdue" if late else "")
    add("continual-improvement", judge, text, [("improvement", newest.id)] if newest else [])
    return result


CONTEXT_RULES = (
    "context-review-overdue",
    "party-requirement-unlinked",
    "climate-change-undetermined",
    "climate-change-recorded-twice",
)
"""The rules about the context of the organisation (4.1, 4.2), watched by the scope's card."""


def _context_summary(judge: _Judge, model: Model) -> str:
    """The context register in words; a context not recorded needs attention."""
    issues = [issue for issue in model.issues if issue.retired_on is None and issue.relevant]
    parties = model.parties
    if not issues or not parties:
        judge.worst("attention")
    climate = climate_determination(model)
    verdict = "undetermined" if climate is None else ("relevant" if climate.relevant else "not relevant")
    return (
        f"; {len(issues)} issue{'s' * (len(issues) != 1)}, {len(parties)} interested"
        f" part{'ies' if len(parties) != 1 else 'y'}; climate change {verdict}"
    )


def _resting_on_plans(facts: Facts) -> str:
    """What the cycle's coverage owes to audits still to be done, in words; empty when completed ones cover it."""
    coverage = facts.coverage
    clauses = len(set(coverage.clauses_not_done) - set(coverage.unaudited_clauses))
    controls = len(set(coverage.controls_planned) - set(coverage.controls_done))
    if not clauses and not controls:
        return ""
    return f"; {clauses} clauses and {controls} controls covered only by planned audits"


def _at(document: Document | None) -> Callable[[Finding], bool]:
    """Whether a finding is about ``document`` (never, when there is none)."""
    path = document.path if document is not None else None
    return lambda finding: finding.path == path


def _document_summary(judge: _Judge, document: Document | None, facts: Facts) -> str:
    if document is None:
        judge.worst("attention")
        return "missing"
    meta = document.meta
    if meta.status != "approved":
        judge.worst("attention")
        return f"v{meta.version}, {meta.status}"
    review = facts.review_of(document)
    if review is not None and review.overdue:
        return f"v{meta.version}, review overdue since {review.date}"
    after = f", next review {review.date}" if review else ""
    return f"v{meta.version} approved {meta.approved_on}{after}"


def _precertification(facts: Facts, audits: list[r.Audit], reviews: list[r.Review]) -> Step:
    """Before stage 2 a certification body expects a complete internal audit and a management review."""
    stage2 = next((m for c in facts.cycles for m in c.milestones if m.key == "stage-2"), None)
    before = stage2.date if stage2 and stage2.date else facts.as_of
    audit = next((a for a in audits if (a.end or a.planned_on) <= before), None)
    review = next((rv for rv in reviews if rv.date <= before), None)
    records = [*([("audit", audit.id)] if audit else []), *([("review", review.id)] if review else [])]
    if audit and review:
        status: Status = "ok"
        text = f"Internal audit {audit.id} and management review {review.id} before stage 2"
    else:
        missing = [name for name, found in (("internal audit", audit), ("management review", review)) if not found]
        status = "attention"  # a record that was never made; no check can make it current any more
        text = "No " + " or ".join(missing) + " before stage 2"
    title, clause = TITLES["pre-certification"]
    return Step("pre-certification", title, clause, status, text, tuple(records))


def _certification_steps(model: Model, facts: Facts, watch: Callable[..., tuple[Finding, ...]]) -> list[Step]:
    certification = model.isms.certification if model.isms else None
    if certification is None:
        return [
            Step("certification", *TITLES["certification"], "upcoming", "Not certified yet"),
            Step("surveillance", *TITLES["surveillance"], "upcoming", "After certification"),
            Step("recertification", *TITLES["recertification"], "upcoming", "After certification"),
        ]
    cycle = {m.key: m for m in facts.cycle}
    certificate = facts.certified
    ended = facts.certificate in ("expired", "lapsed")
    judge = _Judge(facts, watch(("certificate-expiry", "certificate-lapsed")))
    if certificate is None or ("stage-2" in cycle and cycle["stage-2"].state not in DONE and ended):
        judge.worst("attention")
        text = _milestone_text(cycle["stage-2"])
        if certificate is not None:  # a new initial certification after the lapse
            text = f"{after_expiry(certificate, facts.as_of)} {text}"
    elif ended:
        judge.worst("attention")
        text = after_expiry(certificate, facts.as_of)
    else:
        number = facts.cycles[-1].number
        text = f"Certified {certificate.issued_on}, valid until {certificate.expires_on}"
        text += f" (cycle {number})" if number > 1 else ""
    steps = [Step("certification", *TITLES["certification"], judge.result(), text, (), judge.watched)]

    def at(prefix: str) -> Callable[[Finding], bool]:
        where = {
            (d.path, d.line)
            for d in facts.deadlines
            if d.rule == "certification-audit-overdue" and d.title.startswith(prefix)
        }
        return lambda finding: (finding.path, finding.line) in where

    surveillance = [cycle["surveillance-1"], cycle["surveillance-2"]]
    done = sum(1 for m in surveillance if m.state in DONE)
    title = TITLES["surveillance"][0]
    if certificate is None:  # working towards the first certificate: nothing of these steps is due yet
        steps.append(Step("surveillance", *TITLES["surveillance"], "upcoming", "After certification"))
        steps.append(Step("recertification", *TITLES["recertification"], "upcoming", "After certification"))
        return steps
    if ended:
        text = f"None after the certificate expired on {certificate.expires_on if certificate else ''}"
        steps.append(Step("surveillance", title, f"{done} of 2 done", "upcoming", text))
    else:
        pending = next((m for m in surveillance if m.state not in DONE), None)
        text = _milestone_text(pending) if pending else "Both surveillance audits done"
        watched = watch(("certification-audit-overdue",), at("Surveillance"))
        judge = _Judge(facts, watched, _milestones_status(surveillance, facts.as_of))
        steps.append(Step("surveillance", title, f"{done} of 2 done", judge.result(), text, (), judge.watched))

    recertification = cycle["recertification"]
    if ended and certificate is not None:
        text = after_expiry(certificate, facts.as_of)
        steps.append(Step("recertification", *TITLES["recertification"], "attention", text))
    else:
        watched = watch(("certification-audit-overdue",), at("Recertification"))
        judge = _Judge(facts, watched, _milestones_status([recertification], facts.as_of))
        text = _milestone_text(recertification)
        steps.append(Step("recertification", *TITLES["recertification"], judge.result(), text, (), judge.watched))
    return steps


def _milestones_status(items: list[Milestone], as_of: dt.date) -> Literal["ok", "attention", "upcoming"]:
    """What the records of certification audits show; only a finding makes one overdue."""
    states = {m.state for m in items}
    if states & {"overdue", "failed", "awaiting result"}:
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


SUPPORT_RULES = (
    "training-overdue",
    "training-completion",
    "competence-missing",
    "competence-evidence",
    "competence-assessment-overdue",
    "competence-gap-overdue",
    "competence-gap-effectiveness",
    "communication-overdue",
    "communication-policy",
)
"""The rules the support step watches: training and awareness (7.2, 7.3), competence (7.2), communication (7.4)."""


def _support(model: Model, facts: Facts, watched: tuple[Finding, ...]) -> Step:
    """Support (7.2-7.4): training delivered, the competence of the roles with ISMS responsibilities recorded
    and evidenced, and the communications the ISMS needs made; attention while either register is not kept."""
    judge = _Judge(facts, watched)
    responsible = [role.id for role in model.roles if isms_responsibilities(role)]
    recorded = {record.role for record in model.competence}
    covered = sum(1 for role in responsible if role in recorded)
    if not model.competence or not model.communications or not model.training:
        judge.worst("attention")
    gaps = sum(1 for c in model.competence for holder in c.holders for gap in holder.gaps if gap.closed_on is None)
    late = len(facts.overdue("communication-overdue"))
    text = f"{len(model.training)} training programme{'s' * (len(model.training) != 1)}"
    text += f"; competence recorded for {covered} of {len(responsible)} roles with ISMS responsibilities"
    text += f" ({gaps} gap{'s' * (gaps != 1)} open)" if gaps else ""
    text += f"; {len(model.communications)} communication{'s' * (len(model.communications) != 1)}"
    text += f", {late} overdue" if late else ""
    title, clause = TITLES["support"]
    return Step("support", title, clause, judge.result(), text, (), judge.watched)
