"""Facts: every judgement of status and dates about the ISMS, made once per model and as-of date.

Checks turn facts into findings; the site, the dashboard, the exports and ``isms due`` only render them.
Two views that disagree (a risk page marking a review due that the check does not report, a dashboard
card overdue without a finding) are therefore impossible by construction: there is one answer, here.

The centre is :class:`Deadline`: something that falls due on a date (a document review, a risk
reassessment, a treatment, an evidence expiry, an internal audit, the next management review, a
corrective or review action, a training delivery, a certification audit, the certificate's expiry and
the end of its restoration window, the end of a risk acceptance, the review of a register file, a
requirement or an asset). Each names the check rule that reports it once it is overdue and where that rule
reports it, so ``isms check``, the pages and ``isms due`` list the same items.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from isms.core import catalogue
from isms.core.certification import (
    Certificate,
    Cycle,
    Milestone,
    certificates,
    cycles,
    latest_certificate,
    state_of,
)
from isms.core.clocks import Clock, clocks, nis2_in_scope
from isms.core.derive import (
    Derived,
    Score,
    acceptance_months,
    acceptors,
    add_months,
    document_next_review,
    rank,
    threshold_rank,
)
from isms.core.findings import Finding
from isms.core.models import registers as r
from isms.core.repository import Document, Model
from isms.core.standard import Clause

TREATMENT_CLOSED = frozenset({"done", "cancelled"})
"""Treatment statuses that need nothing more; any other status is open."""
DOCUMENT_UNDER_REVIEW = frozenset({"approved", "in review"})
"""Document statuses whose review date runs (drafts are not yet in force; retired ones no longer)."""
REVIEW_INTERVAL_MONTHS = 12
"""Longest time between management reviews (9.3: at planned intervals; certification bodies expect yearly)."""
AUDIT_INTERVAL_MONTHS = 12
"""Longest time between completed internal audits (9.2.1: at planned intervals) when ``audit_programme.interval``
in registers/isms.yml does not set the programme's own."""
CYCLE_MONTHS = 36
"""The certification cycle the audit programme must cover when no certificate dates it."""
COMPLETION_GRACE_DAYS = 30
"""Days after a delivery before its completion is judged: people need time to take the course."""
RECORD_REVIEW_MONTHS = 12
"""Months between reviews of a register file, a requirement's compliance or an asset's entry where the
register's header sets no ``review_every``: what does not age by itself is looked at again at least yearly."""
SUPPLIER_REVIEW_MONTHS = 12
"""Longest time between reviews of a tier 1 or tier 2 supplier (5.22) when no next review is dated."""
REVIEWED_TIERS = frozenset({1, 2})
"""Supplier tiers reviewed at a regular interval; tier 3 only when a next review is dated."""

COMPETENCE_ASSESSMENT_MONTHS = 12
"""Months between assessments of a person's competence when the record gives no next_assessment (7.2)."""

IMPROVEMENT_CLOSED = frozenset({"done", "rejected"})
"""Improvement statuses that need nothing more; any other status is still to be acted on."""
IMPROVEMENT_RECENT_MONTHS = 12
"""How recently an improvement must have been done for the ISMS to show it is continually improved (10.1)."""


def review_held(review: r.Review, as_of: dt.date) -> bool:
    """Whether a management review counts as held on ``as_of``: recorded as held, on or before that day.

    A review recorded as held on a later date is not held (and ``review-held-in-future`` reports it).
    """
    return review.status == "held" and review.date <= as_of


def audit_completed(audit: r.Audit, as_of: dt.date) -> bool:
    """Whether an internal audit counts as completed on ``as_of``: recorded as completed and not dated later.

    An audit recorded as completed with an end (or start) after ``as_of`` is not completed (and
    ``completion-in-future`` reports it).
    """
    return audit.status == "completed" and not any(day is not None and day > as_of for day in (audit.start, audit.end))


def audit_date(audit: r.Audit) -> dt.date:
    """The day a planned internal audit is to take place: its start when set, else its planned date."""
    return audit.start or audit.planned_on


def audit_scheduled(audit: r.Audit, as_of: dt.date) -> bool:
    """Whether an internal audit not yet completed still counts as the programme's plan on ``as_of``.

    An audit in progress does, and so does one recorded as completed on a later day (``completion-in-future``
    reports that); a planned one only until its date has passed: after that it is overdue (``audit-overdue``)
    and covers nothing until its results are recorded.
    """
    if audit.status == "planned":
        return audit_date(audit) >= as_of
    if audit.status == "completed":
        return not audit_completed(audit, as_of)
    return audit.status == "in progress"


def audit_interval(model: Model) -> int:
    """Months between completed internal audits: the programme's own interval, else the default of 12."""
    programme = model.isms.audit_programme if model.isms else None
    return programme.interval if programme is not None else AUDIT_INTERVAL_MONTHS


def treatment_open(treatment: r.Treatment) -> bool:
    """Whether a treatment still has work to do."""
    return treatment.status not in TREATMENT_CLOSED


def action_open(action: r.CorrectiveAction | r.ReviewAction) -> bool:
    """Whether a corrective action or management review action is not done."""
    return action.status != "done"


def document_in_force(document: Document) -> bool:
    """Whether a controlled document is in force: approved (a draft or one in review shows nothing yet)."""
    return document.meta.status == "approved"


def control_implemented(entry: r.SoaEntry) -> bool:
    """Whether the SoA records a control as applicable and implemented (partial, planned or no status: not yet)."""
    return entry.applicable and entry.status == "implemented"


def incident_closed(incident: r.Incident) -> bool:
    """Whether an incident is closed (its closing moment is recorded)."""
    return incident.closed_at is not None


def incident_state(incident: r.Incident) -> str:
    """open, contained or closed, from the moments recorded."""
    if incident.closed_at is not None:
        return "closed"
    return "contained" if incident.contained_at is not None else "open"


def isms_responsibilities(role: r.Role) -> bool:
    """Whether a role carries ISMS responsibilities (responsibilities listed, or top management: 5.1, 5.3), and
    so needs its competence recorded (7.2)."""
    return bool(role.responsibilities) or role.top_management


def improvement_open(improvement: r.Improvement) -> bool:
    """Whether an improvement opportunity is still to be acted on (neither done nor rejected)."""
    return improvement.status not in IMPROVEMENT_CLOSED


def improvement_acted_on(improvement: r.Improvement, as_of: dt.date) -> bool:
    """Whether an improvement was done within the last 12 months (:data:`IMPROVEMENT_RECENT_MONTHS`) as of
    ``as_of``: done, with its completion dated on or before that day and no earlier than a year before."""
    done = improvement.completed_on
    return (
        improvement.status == "done"
        and done is not None
        and add_months(done, IMPROVEMENT_RECENT_MONTHS) >= as_of >= done
    )


def exception_live(exception: r.PolicyException, as_of: dt.date) -> bool:
    """Whether a policy exception still allows what it waives: active and not past its expiry date."""
    return exception.status == "active" and exception.expires >= as_of


@dataclass(frozen=True)
class ClimateRecord:
    """A record of whether climate change is a relevant issue (4.1 as amended by ISO/IEC 27001:2022/Amd 1:2024)."""

    relevant: bool
    rationale: str
    on: dt.date | None  # when it was determined or last reviewed
    entry: Any = field(compare=False, repr=False)  # the context issue, or the isms file
    keys: tuple[str | int, ...] = ()
    where: str = ""  # how a message names it: "issue CTX-07", or "isms"


def climate_records(model: Model) -> list[ClimateRecord]:
    """Every record of the climate change determination: the context register's issues marked climate_change
    first (its one place), then 'climate:' of registers/isms.yml (still read, for ISMSs that record it there)."""
    found = [
        ClimateRecord(
            issue.relevant,
            issue.effect or issue.description or "",
            issue.reviewed_on,
            issue,
            ("climate_change",),
            f"issue {issue.id}",
        )
        for issue in model.issues
        if issue.climate_change
    ]
    climate = model.isms.climate if model.isms else None
    if climate is not None:
        found.append(
            ClimateRecord(
                climate.relevant,
                climate.rationale,
                climate.determined_on,
                model.isms,
                ("climate",),
                "isms",
            )
        )
    return found


def climate_determination(model: Model) -> ClimateRecord | None:
    """Whether climate change is a relevant issue, from its one record (the first, when there are several)."""
    records = climate_records(model)
    return records[0] if records else None


def last_assessment(supplier: r.Supplier) -> tuple[int, r.SupplierAssessment] | None:
    """The latest assessment of a supplier and its index, if any."""
    if not supplier.assessments:
        return None
    index = max(range(len(supplier.assessments)), key=lambda i: (supplier.assessments[i].on, i))
    return index, supplier.assessments[index]


def met(objective: r.Objective, value: float) -> bool:
    """Whether ``value`` meets the objective's target in its direction."""
    return value >= objective.target if objective.direction == "at least" else value <= objective.target


def shortfall(programme: r.Programme) -> int:
    """People still to complete ``programme`` before its target is met (0 when it is met)."""
    needed = math.ceil(programme.required * programme.target / 100 - 1e-9)
    return max(0, needed - programme.completed)


@dataclass(frozen=True)
class Deadline:
    """Something that falls due on ``date``; ``overdue`` once the as-of date has passed it.

    ``entry`` and ``keys`` say where it is written (the value an author changes to deal with it), which is
    also where the rule ``rule`` reports it when it is overdue.
    """

    kind: str
    id: str
    title: str
    owner: str
    date: dt.date
    overdue: bool
    rule: str
    entry: Any = field(compare=False, repr=False)
    keys: tuple[str | int, ...] = ()
    path_override: str | None = None  # for a deadline of a whole register (no held review): its file

    @property
    def path(self) -> str:
        if self.path_override is not None:
            return self.path_override
        meta = getattr(self.entry, "meta", self.entry)
        return str(meta.file)

    @property
    def line(self) -> int:
        if self.path_override is not None:
            return 0
        meta = getattr(self.entry, "meta", self.entry)
        return int(meta.line(*self.keys))


@dataclass(frozen=True)
class Recorded:
    """A date recorded as past (an approval, a completion, a meeting held, an audit result) that lies after
    the as-of date: something said to have happened that cannot have happened yet.

    ``rule`` is the check that reports it, at ``entry`` and ``keys`` (where the date is written).
    """

    rule: str
    what: str  # in words, e.g. "document POL-AC: approved_on"
    date: dt.date
    entry: Any = field(compare=False, repr=False)
    keys: tuple[str | int, ...] = ()

    @property
    def path(self) -> str:
        return str(getattr(self.entry, "meta", self.entry).file)

    @property
    def line(self) -> int:
        return int(getattr(self.entry, "meta", self.entry).line(*self.keys))


@dataclass(frozen=True)
class RiskFacts:
    """Where one risk stands as of the as-of date."""

    scores: Score | None  # inherent
    residual: Score | None
    current: Score | None  # residual once treated, else inherent: what the review interval is read from
    above_threshold: bool  # inherent level above the acceptance threshold
    residual_above_threshold: bool
    acceptance_valid: bool  # accepted, in force on the as-of date
    acceptance_expired: bool
    review: Deadline | None  # the next reassessment, None for a closed risk or one the methodology cannot place
    accepted_at: Score | None = None  # the level an acceptance is judged at: residual, else inherent
    may_accept: tuple[str, ...] = ()  # roles that may accept it at that level (its owner without a methodology)
    acceptance_until: dt.date | None = None  # the latest expiry its acceptance may have (its date + the longest term)
    accepted: bool | None = None
    """Whether the risk stands accepted: its acceptance is in force, or the level it stands at now (``current``)
    is within the acceptance threshold; None without risk criteria to judge it by."""


@dataclass(frozen=True)
class Coverage:
    """What the internal audit programme covers within the certification cycle (9.2)."""

    start: dt.date
    end: dt.date
    programme: tuple[r.Audit, ...]  # audits dated in the cycle that count: completed, or scheduled (audit_scheduled)
    completed: tuple[r.Audit, ...]  # of those, the completed ones
    lapsed: tuple[r.Audit, ...]  # audits of the cycle planned for a day that has passed: they count for nothing
    unaudited_clauses: tuple[str, ...]  # not covered by any audit of the programme
    clauses_not_done: tuple[str, ...]  # not covered by a completed audit of the programme
    controls_planned: dict[str, list[str]]  # control -> ids of programme audits covering it
    controls_done: dict[str, list[str]]  # control -> ids of completed programme audits covering it
    unaudited_controls: tuple[str, ...]  # applicable controls no audit of the programme covers, SoA order


@dataclass
class Facts:
    """Every judgement about one model as of one date; build it with :func:`facts`."""

    model: Model
    derived: Derived
    as_of: dt.date
    deadlines: list[Deadline]
    risks: dict[str, RiskFacts]
    held_reviews: list[r.Review]  # held on or before the as-of date, oldest first
    review_inputs: dict[str, list[str]]  # 9.3.2 input -> held reviews of the last 12 months that covered it
    coverage: Coverage
    unmet: dict[str, list[str]]  # clause -> what its documented information still lacks, in words
    cycle: list[Milestone]  # the milestones of the current cycle
    certificate: str  # the latest certificate: none, valid, expiring, expired (restorable), lapsed
    cycles: list[Cycle] = field(default_factory=list)  # every certification cycle, oldest first
    certified: Certificate | None = None  # the latest certificate issued by the as-of date
    future: list[Recorded] = field(default_factory=list)  # dates recorded as past that lie after the as-of date
    clocks: list[Clock] = field(default_factory=list)  # regulatory notification clocks of the incidents
    periods: list[ReviewPeriod] = field(default_factory=list)  # each management review's inputs from the registers
    _by_entry: dict[tuple[str, int], Deadline] | None = field(default=None, repr=False)
    _overdue_at: set[tuple[str, str, int]] | None = field(default=None, repr=False)

    @property
    def management_review(self) -> Deadline:
        """When the next management review is due (there is always one such deadline)."""
        return next(d for d in self.deadlines if d.rule == "management-review-overdue")

    @property
    def last_held_review(self) -> r.Review | None:
        return self.held_reviews[-1] if self.held_reviews else None

    def period_of(self, review: r.Review) -> ReviewPeriod | None:
        """What the registers hold for ``review``'s 9.3.2 inputs (see :class:`ReviewPeriod`)."""
        return next((period for period in self.periods if period.review is review), None)

    def deadline(self, rule: str, entry: object) -> Deadline | None:
        """The deadline ``rule`` watches on ``entry`` (a treatment, evidence record, programme...), if any."""
        if self._by_entry is None:
            self._by_entry = {}
            for found in self.deadlines:
                if found.entry is not None:
                    self._by_entry.setdefault((found.rule, id(found.entry)), found)
        return self._by_entry.get((rule, id(entry)))

    def is_overdue(self, finding: Finding) -> bool:
        """Whether ``finding`` reports an overdue deadline (and not, say, a gap found by the same rule)."""
        if self._overdue_at is None:
            self._overdue_at = {(d.rule, d.path, d.line) for d in self.deadlines if d.overdue}
        return (finding.rule, finding.path, finding.line) in self._overdue_at

    def overdue(self, rule: str | None = None) -> list[Deadline]:
        """The overdue deadlines, of one rule or all."""
        return [d for d in self.deadlines if d.overdue and (rule is None or d.rule == rule)]

    def in_future(self, rule: str) -> list[Recorded]:
        """The dates recorded as past that lie after the as-of date, of one rule."""
        return [recorded for recorded in self.future if recorded.rule == rule]

    def due_by(self, until: dt.date) -> list[Deadline]:
        """Deadlines on or before ``until`` (overdue ones included), by date, kind and id."""
        found = [d for d in self.deadlines if d.date <= until]
        return sorted(found, key=lambda d: (d.date, d.kind, d.id))

    def evidence_expired(self, record: r.Evidence) -> bool:
        """Whether an evidence record is past its expiry date (on that day itself it is still valid)."""
        deadline = self.deadline("evidence-expired", record)
        return deadline is not None and deadline.overdue

    def treatment_overdue(self, treatment: r.Treatment) -> bool:
        return treatment_open(treatment) and treatment.due < self.as_of

    def action_overdue(self, action: r.CorrectiveAction | r.ReviewAction) -> bool:
        return action_open(action) and action.due < self.as_of

    def review_of(self, document: Document) -> Deadline | None:
        """When ``document`` is next due for review, or None when no review date runs for it."""
        return _document_deadline(document, self.as_of)

    def review_of_register(self, path: str) -> Deadline | None:
        """When the register file ``path`` is next due for review, or None when it has no approval to count from."""
        return next((d for d in self.deadlines if d.rule == "register-review-overdue" and d.id == path), None)


def facts(model: Model, derived: Derived, as_of: dt.date) -> Facts:
    """Judge ``model`` as of ``as_of``."""
    result = Facts(
        model=model,
        derived=derived,
        as_of=as_of,
        deadlines=[],
        risks={},
        held_reviews=sorted(
            (review for review in model.reviews if review_held(review, as_of)),
            key=lambda review: review.date,
        ),
        review_inputs={},
        coverage=_coverage(model, as_of),
        unmet={},
        cycle=[],
        certificate="none",
    )
    certification = model.isms.certification if model.isms else None
    if certification is not None:
        result.cycles = cycles(certification, as_of)
        result.cycle = list(result.cycles[-1].milestones)
        result.certified = next((c.certificate for c in reversed(result.cycles) if c.certificate), None)
        result.certificate = state_of(result.certified, as_of)
    result.review_inputs = _review_inputs(model, as_of)
    result.future = list(_recorded_in_future(model, as_of))
    deadlines = result.deadlines
    for document in model.documents:
        deadline = _document_deadline(document, as_of)
        if deadline is not None:
            deadlines.append(deadline)
    for risk in model.risks:
        risk_facts = _risk(model, derived, risk, as_of)
        result.risks.setdefault(risk.id, risk_facts)
        if risk_facts.review is not None:
            deadlines.append(risk_facts.review)
        if risk.acceptance is not None and risk.acceptance.expires is not None:
            deadlines.append(
                Deadline(
                    "risk acceptance",
                    risk.id,
                    f"acceptance ends: {risk.title}",
                    risk.owner,
                    risk.acceptance.expires,
                    risk.acceptance.expires < as_of,
                    "risk-acceptance",
                    risk,
                    ("acceptance", "expires"),
                )
            )
    deadlines += _record_deadlines(model, as_of)
    deadlines += _register_reviews(model, as_of)
    deadlines += _supplier_reviews(model, as_of)
    deadlines += _exception_expiries(model, as_of)
    deadlines += _support_deadlines(model, as_of)
    nis2 = nis2_in_scope(model.isms)
    result.clocks = [clock for incident in model.incidents for clock in clocks(incident, nis2)]
    deadlines += _notification_deadlines(result.clocks, as_of)
    deadlines.append(_management_review(model, result.held_reviews, as_of))
    deadlines += _internal_audit(model, as_of)
    deadlines += _certification_deadlines(result)
    result.periods = review_periods(model, result)
    result.unmet = {
        clause.id: unmet(model, derived, clause) for clause in model.catalogue.clauses.values() if clause.requires
    }
    return result


# --- documents and risks ---------------------------------------------------------------------------


def _document_deadline(document: Document, as_of: dt.date) -> Deadline | None:
    meta = document.meta
    when = document_next_review(document)
    if meta.status not in DOCUMENT_UNDER_REVIEW or when is None:
        return None
    key = "next_review" if meta.next_review else "review_every"
    return Deadline(
        "review",
        meta.id,
        meta.title,
        meta.owner,
        when,
        when < as_of,
        "document-review-overdue",
        document,
        (key,),
    )


def register_review_every(header: r.Header | None) -> tuple[int, bool]:
    """Months between reviews set by a register file's header, and whether that is the default (none set)."""
    if header is not None and header.review_every is not None:
        return header.review_every, False
    return RECORD_REVIEW_MONTHS, True


Reviewed = r.Requirement | r.Asset | r.ContextIssue | r.InterestedParty
"""Entries reviewed at the interval of their register file: requirements, assets, context issues, parties."""

_REVIEW_RULES = {
    "requirement review": "requirement-review-overdue",
    "asset review": "asset-review-overdue",
    "context issue review": "context-review-overdue",
    "interested party review": "context-review-overdue",
}


def _register_reviews(model: Model, as_of: dt.date) -> Iterable[Deadline]:
    """The next review of every register file (like a document's), and of every entry reviewed at its file's interval.

    A file is due at its header's ``next_review``, or ``review_every`` months (by default 12) after its
    approval; a file never approved has no date to count from (``register-approval`` reports it). A
    requirement, an asset in use, a context issue not retired and an interested party are due their file's
    ``review_every`` (by default 12) months after their ``reviewed_on``, and at once when never reviewed.
    """
    headers = {file.path: file.header for file in model.files}
    for file in model.files:
        header = file.header
        if header is None:
            continue
        key = "next_review"
        when = header.next_review
        if when is None and header.approved_on is not None:
            every, default = register_review_every(header)
            key = "approved_on" if default else "review_every"
            when = add_months(header.approved_on, every)
        if when is not None:
            yield Deadline(
                "register review",
                file.path,
                f"review of {file.path}",
                header.owner,
                when,
                when < as_of,
                "register-review-overdue",
                header,
                (key,),
            )
    reviewed: list[tuple[str, str, Reviewed]] = [
        ("requirement review", requirement.title, requirement) for requirement in model.requirements
    ]
    reviewed += [("asset review", asset.name, asset) for asset in model.assets if asset.status == "in use"]
    reviewed += [("context issue review", issue.title, issue) for issue in model.issues if issue.retired_on is None]
    reviewed += [("interested party review", party.name, party) for party in model.parties]
    for kind, title, entry in reviewed:
        rule = _REVIEW_RULES[kind]
        if entry.reviewed_on is None:
            # Never reviewed: due from the start, and reported at the entry's id.
            yield Deadline(kind, entry.id, title, entry.owner, as_of, True, rule, entry, ("id",))
            continue
        every, _ = register_review_every(headers.get(entry.file))
        due = add_months(entry.reviewed_on, every)
        yield Deadline(kind, entry.id, title, entry.owner, due, due < as_of, rule, entry, ("reviewed_on",))


def _risk(model: Model, derived: Derived, risk: r.Risk, as_of: dt.date) -> RiskFacts:
    method = model.methodology
    scores = derived.scores.get(risk.id)
    inherent = scores.inherent if scores else None
    residual = scores.residual if scores else None
    # The review interval follows the level the risk stands at now: its residual level once its
    # treatment is done (status treated), its inherent level before.
    current = residual if residual is not None and risk.status == "treated" else inherent
    above = residual_above = current_above = False
    standing: bool | None = None  # whether it stands accepted (see RiskFacts.accepted)
    accepted = risk.acceptance
    accepted_at = residual if residual is not None else inherent
    may_accept: tuple[str, ...] = (risk.owner,)  # without risk criteria, the owner accepts (6.1.3 f)
    until = None
    if method is not None:
        threshold = threshold_rank(method)
        above = inherent is not None and rank(method, inherent.level) > threshold
        residual_above = residual is not None and rank(method, residual.level) > threshold
        current_above = current is not None and rank(method, current.level) > threshold
        judged_level = accepted_at.level if accepted_at else None
        may_accept = acceptors(method, judged_level, risk.owner)
        months = acceptance_months(method, judged_level)
        if accepted is not None and months is not None:
            until = add_months(accepted.on, months)
    expired = accepted is not None and accepted.expires is not None and accepted.expires < as_of
    valid = accepted is not None and not expired and accepted.on <= as_of
    if method is not None and current is not None:
        standing = valid or not current_above
    review = None
    level = (current.level if current else None) or (inherent.level if inherent else None)
    if level is not None and risk.status != "closed":
        due = add_months(risk.last_assessed, level.review_every)
        review = Deadline(
            "risk reassessment",
            risk.id,
            risk.title,
            risk.owner,
            due,
            due < as_of,
            "risk-review-overdue",
            risk,
            ("last_assessed",),
        )
    return RiskFacts(
        inherent,
        residual,
        current,
        above,
        residual_above,
        valid,
        expired,
        review,
        accepted_at,
        may_accept,
        until,
        standing,
    )


# --- records: treatments, evidence, audits, actions, training ---------------------------------------


def _record_deadlines(model: Model, as_of: dt.date) -> Iterable[Deadline]:
    for treatment in model.treatments:
        if treatment_open(treatment):
            yield Deadline(
                "treatment",
                treatment.id,
                treatment.action,
                treatment.owner,
                treatment.due,
                treatment.due < as_of,
                "treatment-overdue",
                treatment,
                ("due",),
            )
    for record in model.evidence:
        if record.expires_on is not None:
            yield Deadline(
                "evidence",
                record.id,
                f"expires: {record.title}",
                record.owner,
                record.expires_on,
                record.expires_on < as_of,
                "evidence-expired",
                record,
                ("expires_on",),
            )
    for audit in model.audits:
        if audit.status == "planned":
            when = audit_date(audit)
            key = "start" if audit.start else "planned_on"
            owner = _programme_owner(model, audit)
            yield Deadline("audit", audit.id, audit.title, owner, when, when < as_of, "audit-overdue", audit, (key,))
    for nc in model.nonconformities:
        for index, action in enumerate(nc.actions):
            if action_open(action):
                yield Deadline(
                    "corrective action",
                    f"{nc.id} action {index + 1}",
                    action.description,
                    action.owner,
                    action.due,
                    action.due < as_of,
                    "action-overdue",
                    nc,
                    ("actions", index, "due"),
                )
    for improvement in model.improvements:
        if improvement_open(improvement) and improvement.due is not None:
            yield Deadline(
                "improvement",
                improvement.id,
                improvement.title,
                improvement.owner,
                improvement.due,
                improvement.due < as_of,
                "improvement-overdue",
                improvement,
                ("due",),
            )
    for review in model.reviews:
        for index, decided in enumerate(review.actions):
            if action_open(decided):
                yield Deadline(
                    "review action",
                    f"{review.id} action {index + 1}",
                    decided.description,
                    decided.owner,
                    decided.due,
                    decided.due < as_of,
                    "action-overdue",
                    review,
                    ("actions", index, "due"),
                )
    for programme in model.training:
        if programme.every is None:
            continue
        if programme.last_delivered is None:
            # Never delivered: due from the start, and reported where its interval is set.
            yield Deadline(
                "training",
                programme.id,
                programme.title,
                programme.owner,
                as_of,
                True,
                "training-overdue",
                programme,
                ("every",),
            )
            continue
        due = add_months(programme.last_delivered, programme.every)
        yield Deadline(
            "training",
            programme.id,
            programme.title,
            programme.owner,
            due,
            due < as_of,
            "training-overdue",
            programme,
            ("last_delivered",),
        )


def _supplier_reviews(model: Model, as_of: dt.date) -> Iterable[Deadline]:
    """The next review of each supplier still used: its next_review, else a year after its last assessment
    (tiers 1 and 2); a tier 1 or 2 supplier never assessed is due at once, where its tier is written."""
    for supplier in model.suppliers:
        if supplier.status == "exited":
            continue
        last = last_assessment(supplier)
        keys: tuple[str | int, ...]
        if supplier.next_review is not None:
            due, keys = supplier.next_review, ("next_review",)
        elif supplier.tier not in REVIEWED_TIERS:
            continue
        elif last is None:
            due, keys = as_of, ("tier",)
        else:
            due, keys = add_months(last[1].on, SUPPLIER_REVIEW_MONTHS), ("assessments", last[0], "on")
        never = last is None and supplier.next_review is None
        yield Deadline(
            "supplier review",
            supplier.id,
            f"{supplier.name} (tier {supplier.tier})" + (": never assessed" if never else ""),
            supplier.owner,
            due,
            never or due < as_of,
            "supplier-review-overdue",
            supplier,
            keys,
        )


def _exception_expiries(model: Model, as_of: dt.date) -> Iterable[Deadline]:
    """The end of each active policy exception: past it, the policy applies again or it must be renewed."""
    for exception in model.exceptions:
        if exception.status != "active":
            continue
        yield Deadline(
            "policy exception",
            exception.id,
            f"exception to {exception.document}: {exception.title}",
            exception.requested_by,
            exception.expires,
            exception.expires < as_of,
            "exception-expired",
            exception,
            ("expires",),
        )


def competence_next_assessment(holder: r.CompetenceHolder) -> tuple[dt.date, str] | None:
    """When a person's competence is next assessed, and the key it is written under: next_assessment, else
    :data:`COMPETENCE_ASSESSMENT_MONTHS` after assessed_on; None when it was never assessed."""
    if holder.next_assessment is not None:
        return holder.next_assessment, "next_assessment"
    if holder.assessed_on is not None:
        return add_months(holder.assessed_on, COMPETENCE_ASSESSMENT_MONTHS), "assessed_on"
    return None


def _support_deadlines(model: Model, as_of: dt.date) -> Iterable[Deadline]:
    """Support (7.2, 7.4): each person's next competence assessment, the actions closing their competence gaps,
    and each recurring communication (a recurring one never held is due at once, where its interval is set).
    Competence falls to the owner of the file it is recorded in (who assesses it), else to the role itself."""
    assessors = {file.path: file.header.owner for file in model.files if file.header is not None}
    for record in model.competence:
        assessor = assessors.get(record.file, record.role)
        for index, holder in enumerate(record.holders):
            who = f"{record.role}: {holder.person}"
            next_assessment = competence_next_assessment(holder)
            if next_assessment is not None:
                due, key = next_assessment
                yield Deadline(
                    "competence assessment",
                    who,
                    f"assess the competence of {holder.person} ({record.role})",
                    assessor,
                    due,
                    due < as_of,
                    "competence-assessment-overdue",
                    record,
                    ("holders", index, key),
                )
            for number, gap in enumerate(holder.gaps):
                if gap.closed_on is None:
                    yield Deadline(
                        "competence gap",
                        f"{who} gap {number + 1}",
                        gap.action,
                        assessor,
                        gap.due,
                        gap.due < as_of,
                        "competence-gap-overdue",
                        record,
                        ("holders", index, "gaps", number, "due"),
                    )
    for communication in model.communications:
        if communication.every is None:
            continue
        if communication.last_on is None:
            due, keys = as_of, ("every",)
        else:
            due, keys = add_months(communication.last_on, communication.every), ("last_on",)
        yield Deadline(
            "communication",
            communication.id,
            communication.what,
            communication.communicator,
            due,
            communication.last_on is None or due < as_of,
            "communication-overdue",
            communication,
            keys,
        )


def _notification_deadlines(found: list[Clock], as_of: dt.date) -> Iterable[Deadline]:
    """Each notification not made yet, due on the day its clock runs out (in the detection's time zone)."""
    for clock in found:
        if clock.done is not None:
            continue
        incident = clock.incident
        yield Deadline(
            "incident notification",
            incident.id,
            f"{clock.title}: {incident.title}",
            incident.owner,
            clock.due_day,
            clock.overdue(as_of),
            "incident-notification-overdue",
            incident,
            (clock.trigger,),
        )


def _programme_owner(model: Model, audit: r.Audit) -> str:
    """Who answers for an audit falling due: the owner of the audit programme (the header of the audit's file),
    not the auditor, who may be a contracted person's name rather than a role."""
    for file in model.files:
        if file.path == audit.file and file.header is not None:
            return file.header.owner
    return audit.auditor


def _management_review(model: Model, held: list[r.Review], as_of: dt.date) -> Deadline:
    """The next management review: 12 months after the last held one; at once when none was held."""
    planned = sorted((rv for rv in model.reviews if rv.status == "planned"), key=lambda rv: rv.date)
    note = f" — planned: {planned[0].id} on {planned[0].date}" if planned else ""
    if held:
        last = held[-1]
        due = add_months(last.date, REVIEW_INTERVAL_MONTHS)
        title = f"management review (9.3), 12 months after {last.id}{note}"
        return Deadline(
            "management review",
            last.id,
            title,
            last.chair,
            due,
            due < as_of,
            "management-review-overdue",
            last,
            ("date",),
        )
    chair = planned[0].chair if planned else (model.isms.owner if model.isms else "")
    return Deadline(
        "management review",
        planned[0].id if planned else "9.3",
        f"management review (9.3): none held yet{note}",
        chair,
        as_of,
        True,
        "management-review-overdue",
        None,
        path_override=model.register_path("reviews"),
    )


def _internal_audit(model: Model, as_of: dt.date) -> Iterable[Deadline]:
    """The next completed internal audit: the programme's interval (default 12 months) after the last one completed.

    The clock starts with the first completed audit; before it, the coverage of the programme and the
    readiness of its step say what is missing.
    """
    completed = [audit for audit in model.audits if audit_completed(audit, as_of) and audit.end is not None]
    if not completed:
        return
    last = max(completed, key=lambda audit: (audit.end, audit.id))
    interval = audit_interval(model)
    due = add_months(last.end, interval)  # type: ignore[arg-type]  # filtered above
    planned = sorted((a for a in model.audits if a.status in ("planned", "in progress")), key=lambda a: a.planned_on)
    note = f" — next: {planned[0].id} on {planned[0].planned_on}" if planned else ""
    yield Deadline(
        "internal audit",
        last.id,
        f"internal audit (9.2), {interval} months after {last.id} was completed{note}",
        _programme_owner(model, last),
        due,
        due < as_of,
        "audit-programme-overdue",
        last,
        ("end",),
    )


def _certification_deadlines(judged: Facts) -> Iterable[Deadline]:
    """The certificate's expiry and, once expired, the end of its restoration window; the audits of its cycle.

    Once the certificate has expired, what its cycle still owed is the lapse itself: the restoration window
    (six months), then a new initial certification. The audits of the cycle are no longer deadlines.
    """
    isms = judged.model.isms
    certificate = judged.certified
    if isms is None or certificate is None:
        return
    expires, state = certificate.expires_on, judged.certificate
    number = f" {certificate.number}" if certificate.number else ""
    ident = certificate.number or "certificate"
    if expires is not None and state != "lapsed":
        yield Deadline(
            "certificate",
            ident,
            f"certificate{number} expires (recertification decided before)",
            isms.owner,
            expires,
            state == "expired",
            "certificate-expiry",
            isms,
            certificate.key("expires_on"),
        )
    until = certificate.restoration_until
    if until is not None and state in ("expired", "lapsed"):
        yield Deadline(
            "certificate",
            ident,
            f"certificate{number}: last day to restore certification; then a new initial audit",
            isms.owner,
            until,
            state == "lapsed",
            "certificate-lapsed",
            isms,
            certificate.key("expires_on"),
        )
    if state in ("expired", "lapsed"):
        return
    cycle = next(c for c in judged.cycles if c.certificate == certificate)
    for milestone in cycle.milestones:
        if milestone.due is None or milestone.state in ("done", "failed"):
            continue
        keys = certificate.key("expires_on" if milestone.key == "recertification" else "issued_on")
        if milestone.index is not None:
            keys = ("certification", "audits", milestone.index)
        yield Deadline(
            "certification audit",
            milestone.audit.id if milestone.audit else milestone.key,
            milestone.title,
            isms.owner,
            milestone.due,
            milestone.state == "overdue",
            "certification-audit-overdue",
            isms,
            keys,
        )


# --- dates recorded as past that lie in the future -----------------------------------------------------


def _recorded_in_future(model: Model, as_of: dt.date) -> Iterable[Recorded]:
    """Every approval, completion, meeting and audit result dated after ``as_of``, where it is written."""

    def late(rule: str, what: str, day: dt.date | None, entry: Any, *keys: str | int) -> Iterable[Recorded]:
        if day is not None and day > as_of:
            yield Recorded(rule, what, day, entry, keys)

    for document in model.documents:
        meta = document.meta
        yield from late(
            "approval-in-future", f"document {meta.id}: approved_on", meta.approved_on, document, "approved_on"
        )
        for index, change in enumerate(meta.history):
            yield from late(
                "approval-in-future",
                f"document {meta.id}: history entry {change.version}",
                change.date,
                document,
                "history",
                index,
                "date",
            )
    for file in model.files:
        if file.header is not None:
            yield from late(
                "approval-in-future", f"{file.path}: approved_on", file.header.approved_on, file.header, "approved_on"
            )
    for treatment in model.treatments:
        yield from late(
            "completion-in-future",
            f"treatment {treatment.id}: completed_on",
            treatment.completed_on,
            treatment,
            "completed_on",
        )
    for exception in model.exceptions:
        what = f"exception {exception.id}: approved_on"
        yield from late("exception-approval", what, exception.approved_on, exception, "approved_on")
    for treatment in model.treatments:
        what = f"treatment {treatment.id}: approved_on"
        yield from late("treatment-approval", what, treatment.approved_on, treatment, "approved_on")
    for audit in model.audits:
        if audit.status == "completed":
            key = "end" if audit.end is not None and audit.end > as_of else "start"
            yield from late(
                "completion-in-future", f"audit {audit.id}: completed, {key}", getattr(audit, key), audit, key
            )
    for improvement in model.improvements:
        yield from late(
            "completion-in-future",
            f"improvement {improvement.id}: completed_on",
            improvement.completed_on,
            improvement,
            "completed_on",
        )
    for nc in model.nonconformities:
        yield from late("completion-in-future", f"nonconformity {nc.id}: closed_on", nc.closed_on, nc, "closed_on")
        for index, action in enumerate(nc.actions):
            yield from late(
                "completion-in-future",
                f"nonconformity {nc.id}: action {index + 1} completed_on",
                action.completed_on,
                nc,
                "actions",
                index,
                "completed_on",
            )
        if nc.similar is not None:
            yield from late(
                "completion-in-future",
                f"nonconformity {nc.id}: similar nonconformities checked_on",
                nc.similar.checked_on,
                nc,
                "similar",
                "checked_on",
            )
        if nc.effectiveness is not None:
            yield from late(
                "completion-in-future",
                f"nonconformity {nc.id}: effectiveness reviewed_on",
                nc.effectiveness.reviewed_on,
                nc,
                "effectiveness",
                "reviewed_on",
            )
    reviewed: list[tuple[str, Reviewed]] = [("requirement", q) for q in model.requirements]
    reviewed += [("asset", asset) for asset in model.assets]
    reviewed += [("issue", issue) for issue in model.issues]
    reviewed += [("interested party", party) for party in model.parties]
    for noun, entry in reviewed:
        yield from late(
            "completion-in-future", f"{noun} {entry.id}: reviewed_on", entry.reviewed_on, entry, "reviewed_on"
        )
    for record in model.competence:
        for index, holder in enumerate(record.holders):
            who = f"competence of {record.role}: {holder.person}"
            yield from late(
                "completion-in-future",
                f"{who}: assessed_on",
                holder.assessed_on,
                record,
                "holders",
                index,
                "assessed_on",
            )
            for number, gap in enumerate(holder.gaps):
                where = ("holders", index, "gaps", number, "closed_on")
                yield from late(
                    "completion-in-future", f"{who}: gap {number + 1} closed_on", gap.closed_on, record, *where
                )
    for communication in model.communications:
        what = f"communication {communication.id}: last_on"
        yield from late("completion-in-future", what, communication.last_on, communication, "last_on")
    for incident in model.incidents:
        closed = incident.closed_at
        yield from late(
            "completion-in-future",
            f"incident {incident.id}: closed_at",
            closed.date() if closed else None,
            incident,
            "closed_at",
        )
    for review in model.reviews:
        if review.status == "held":
            yield from late("review-held-in-future", f"review {review.id}: held", review.date, review, "date")
        for index, decided in enumerate(review.actions):
            yield from late(
                "completion-in-future",
                f"review {review.id}: action {index + 1} completed_on",
                decided.completed_on,
                review,
                "actions",
                index,
                "completed_on",
            )
    isms = model.isms
    certification = isms.certification if isms else None
    if isms is not None and certification is not None:
        for certificate in certificates(certification):
            yield from late(
                "certification-dates",
                f"{certificate.label.removeprefix('the ')}: issued_on",
                certificate.issued_on,
                isms,
                *certificate.key("issued_on"),
            )
        for index, visit in enumerate(certification.audits):
            if visit.result == "planned":
                continue
            key = "end" if visit.end is not None and visit.end > as_of else "start"
            yield from late(
                "certification-dates",
                f"certification audit {visit.id}: result {visit.result}, {key}",
                getattr(visit, key),
                isms,
                "certification",
                "audits",
                index,
                key,
            )


# --- the audit programme and management reviews ------------------------------------------------------


def cycle_window(model: Model, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The cycle the audit programme must cover: the certificate's, or 36 months to the as-of date."""
    certification = model.isms.certification if model.isms else None
    certificate = latest_certificate(certification, as_of) if certification else None
    issued = certificate.issued_on if certificate else None
    expires = certificate.expires_on if certificate else None
    if issued and expires and issued <= as_of <= expires:
        return add_months(issued, -12), expires
    return add_months(as_of, -CYCLE_MONTHS), add_months(as_of, 12)


def audited_controls(audits: Iterable[r.Audit]) -> dict[str, list[str]]:
    """For each control in the scope of ``audits`` (or of one of their findings), the ids of those audits."""
    found: dict[str, list[str]] = {}
    for audit in audits:
        for control in dict.fromkeys([*audit.controls, *(c for f in audit.findings for c in f.controls)]):
            found.setdefault(control, []).append(audit.id)
    return found


def unaudited_clauses(model: Model, audits: Iterable[r.Audit]) -> list[str]:
    """Clauses of 4–10 that none of ``audits`` covers, in catalogue order."""
    covered: set[str] = set()
    for audit in audits:
        covered.update(audit.clauses)
    clauses = list(model.catalogue.clauses)
    missing = [clause for clause in clauses if clause not in covered and not _parent_covered(clause, covered)]
    return [clause for clause in missing if not _subclauses_covered(clause, clauses, missing)]


def _subclauses_covered(clause: str, clauses: list[str], missing: list[str]) -> bool:
    """A heading clause (6.1, 7.5, 9.2, 9.3) is audited when every one of its sub-clauses is."""
    subclauses = [other for other in clauses if other.startswith(clause + ".")]
    return bool(subclauses) and not any(other in missing for other in subclauses)


def clause_covered(clause: str, covered: set[str]) -> bool:
    """Whether ``covered`` (clauses as audits list them: ``9.1``, or a whole section ``9``) covers ``clause``."""
    return clause in covered or _parent_covered(clause, covered)


def _parent_covered(clause: str, covered: set[str]) -> bool:
    parts = clause.split(".")
    return any(".".join(parts[:length]) in covered for length in range(1, len(parts)))


def _coverage(model: Model, as_of: dt.date) -> Coverage:
    start, end = cycle_window(model, as_of)
    cycle = [a for a in model.audits if start <= a.planned_on <= end]
    completed = tuple(a for a in cycle if audit_completed(a, as_of))
    programme = tuple(a for a in cycle if audit_completed(a, as_of) or audit_scheduled(a, as_of))
    planned = audited_controls(programme)
    unaudited = tuple(unaudited_clauses(model, programme))
    return Coverage(
        start=start,
        end=end,
        programme=programme,
        completed=completed,
        lapsed=tuple(a for a in cycle if a.status == "planned" and not audit_scheduled(a, as_of)),
        unaudited_clauses=unaudited,
        clauses_not_done=tuple(unaudited_clauses(model, completed)),
        controls_planned=planned,
        controls_done=audited_controls(completed),
        unaudited_controls=tuple(  # a row naming no known control is reported by the reference check alone
            e.control
            for e in model.soa
            if e.applicable and e.control not in planned and e.control in model.catalogue.controls
        ),
    )


def _review_inputs(model: Model, as_of: dt.date) -> dict[str, list[str]]:
    since = add_months(as_of, -REVIEW_INTERVAL_MONTHS)
    covered: dict[str, list[str]] = {key: [] for key in model.catalogue.review_inputs}
    for review in model.reviews:
        if review_held(review, as_of) and since <= review.date:
            for key in review.inputs:
                covered.setdefault(key, []).append(review.id)
    return covered


# --- mandatory documented information (clauses 4–10) -------------------------------------------------


def unmet(model: Model, derived: Derived, clause: Clause) -> list[str]:
    """What is missing for ``clause``'s documented information, in words; empty when it is all there."""
    approved = [document for document in model.documents if document.meta.status == "approved"]
    missing = []
    # What failed to load may be what meets the clause: its own finding is reported, and the clause is judged
    # once it loads (one mistake, one finding).
    for rule in clause.met_by:
        if rule == "scope":
            scope = derived.index["document"].get(model.isms.scope) if model.isms else None
            unknown = model.broken("isms") if model.isms is None else model.broken("document", model.isms.scope)
            if (scope is None and not unknown) or (scope is not None and scope.meta.status != "approved"):
                missing.append("an approved scope document named by 'scope:' in registers/isms.yml")
        elif rule == "document":
            listed = any(clause.id in document.meta.clauses for document in approved)
            if not listed and clause.id not in model.named_by_broken("document", "clause"):
                missing.append(f"an approved document listing clause {clause.id} in its 'clauses:'")
        elif rule == "any-document":
            if not approved and not model.broken("document"):
                missing.append("any approved controlled document")
        elif rule.startswith("register:"):
            name = rule.removeprefix("register:")
            present = name in model.present
            filled = present if name in ("methodology", "nonconformities") else bool(model.entries.get(name))
            if not filled and not model.broken(catalogue.lookup(name).refs_key):  # its failure is reported
                missing.append(f"entries in registers/{name}.yml")
        elif rule == "acceptances":
            missing += _unaccepted(model, derived)
        elif rule == "competence":
            shown = any(holder.evidence or holder.training for record in model.competence for holder in record.holders)
            if (
                not shown
                and not model.training
                and not any(model.broken(catalogue.lookup(name).refs_key) for name in clause.registers)
            ):
                missing.append(
                    "evidence of competence: a holder's evidence or training in registers/competence.yml,"
                    " or entries in registers/training.yml"
                )
        elif rule == "measurements":
            if not any(objective.measurements for objective in model.objectives) and not model.broken("objective"):
                missing.append("measurements of the objectives in registers/objectives.yml")
        else:  # pragma: no cover - the catalogue is tested to use only the rules above
            raise ValueError(f"unknown met_by rule {rule!r} for clause {clause.id}")
    return missing


def _unaccepted(model: Model, derived: Derived) -> list[str]:
    method = model.methodology
    if method is None:
        return []
    threshold = threshold_rank(method)
    for risk in model.risks:
        scores = derived.scores.get(risk.id)
        if scores and scores.residual and rank(method, scores.residual.level) > threshold and risk.acceptance is None:
            return ["risk owners' acceptance of the residual risks above the threshold"]
    return []


# --- management review inputs (9.3.2) from the registers --------------------------------------------


@dataclass(frozen=True)
class InputItem:
    """One record a management review input draws on: ``source`` is its register, ``kind`` and ``id`` name the
    entry (a reference kind such as ``nonconformity``; empty for a count that names none), ``text`` what the
    registers say of it."""

    source: str  # the register it comes from (a build for an audience that may not read it leaves it out)
    kind: str
    id: str
    text: str
    late: bool = False  # an action or treatment overdue at the end of the period


@dataclass(frozen=True)
class ReviewPeriod:
    """What the registers hold for one management review: the period since the previous held review, and for
    each 9.3.2 input (a–g) the records of that period. A held review's period ends on its date; a planned
    one's on the as-of date (what there is to present so far)."""

    review: r.Review | None  # None: the next review, not yet planned in the register
    previous: r.Review | None
    start: dt.date | None  # the previous held review's date (excluded); None: from the beginning
    end: dt.date
    items: dict[str, tuple[InputItem, ...]]

    def within(self, day: dt.date | None) -> bool:
        return day is not None and (self.start is None or day > self.start) and day <= self.end


def review_periods(model: Model, judged: Facts) -> list[ReviewPeriod]:
    """The period and register inputs of every management review, by date (see :class:`ReviewPeriod`), and of
    the next one when none is planned."""
    as_of = judged.as_of
    found = []
    for review in sorted(model.reviews, key=lambda rv: (rv.date, rv.id)):
        held = review_held(review, as_of)
        end = review.date if held else as_of
        earlier = [
            rv
            for rv in judged.held_reviews
            if rv is not review and (not held or (rv.date, rv.id) < (review.date, review.id))
        ]
        previous = earlier[-1] if earlier else None
        period = ReviewPeriod(review, previous, previous.date if previous else None, end, {})
        period.items.update(_period_items(model, judged, period))
        found.append(period)
    if all(review_held(review, as_of) for review in model.reviews):
        last = judged.last_held_review
        period = ReviewPeriod(None, last, last.date if last else None, as_of, {})
        period.items.update(_period_items(model, judged, period))
        found.append(period)
    return found


def _done_by(status: str, completed_on: dt.date | None, end: dt.date) -> bool:
    """Whether an action recorded as done counts as done at ``end`` (done on a later day: not yet)."""
    return status == "done" and (completed_on is None or completed_on <= end)


def _period_items(model: Model, judged: Facts, period: ReviewPeriod) -> dict[str, tuple[InputItem, ...]]:
    end, within = period.end, period.within
    items: dict[str, list[InputItem]] = {key: [] for key in model.catalogue.review_inputs}
    # a: the actions of the previous review, as they stood at the end of the period
    if period.previous is not None:
        for index, action in enumerate(period.previous.actions):
            done = _done_by(action.status, action.completed_on, end)
            late = not done and action.due < end
            state = (
                f"done {action.completed_on or ''}".strip()
                if done
                else f"{'overdue' if late else 'open'}, due {action.due}"
            )
            items["a"].append(InputItem("reviews", "review", period.previous.id, f"action {index + 1}: {state}", late))
    # b, c, e: the context register and the interested parties
    for issue in model.issues:
        if within(issue.identified_on):
            items["b"].append(InputItem("context", "issue", issue.id, f"new {issue.kind} issue: {issue.title}"))
        if within(issue.retired_on):
            items["b"].append(InputItem("context", "issue", issue.id, f"no longer an issue: {issue.title}"))
    for party in model.parties:
        if within(party.identified_on):
            items["c"].append(InputItem("parties", "party", party.id, f"new {party.kind} party: {party.name}"))
        for need in party.requirements:
            if within(need.since):
                items["c"].append(InputItem("parties", "party", party.id, f"{party.name}: {need.description}"))
        for said in party.feedback:
            if within(said.on):
                items["e"].append(InputItem("parties", "party", party.id, f"{said.on}, {party.name}: {said.summary}"))
    # d: nonconformities and corrective actions, incidents, audit results, objectives
    for nc in model.nonconformities:
        raised = within(nc.raised_on)
        closed = nc.status == "closed" and (nc.closed_on is None or nc.closed_on <= end)
        open_at_end = nc.raised_on <= end and not closed
        if not (raised or within(nc.closed_on) or open_at_end):
            continue
        behind = sum(1 for a in nc.actions if not _done_by(a.status, a.completed_on, end) and a.due < end)
        text = nc.grade + (f", raised {nc.raised_on}" if raised else "")
        text += f", open since {nc.raised_on}" if open_at_end and not raised else ""
        text += f", closed {nc.closed_on}" if within(nc.closed_on) else ""
        text += f"; {behind} corrective action(s) overdue" if behind else ""
        items["d"].append(InputItem("nonconformities", "nonconformity", nc.id, text, bool(behind)))
    for incident in model.incidents:
        detected = incident.detected_at.date()
        if within(detected):
            closed = incident.closed_at is not None and incident.closed_at.date() <= end
            text = (
                f"severity {incident.severity}, detected {detected}, {'closed' if closed else 'open'}: {incident.title}"
            )
            items["d"].append(InputItem("incidents", "incident", incident.id, text))
    for audit in model.audits:
        if audit_completed(audit, judged.as_of) and within(audit.end):
            grades = [f.grade for f in audit.findings]
            counted = ", ".join(
                f"{grades.count(g)} {g}" for g in ("major", "minor", "observation", "opportunity") if g in grades
            )
            items["d"].append(
                InputItem("audits", "audit", audit.id, f"completed {audit.end}: {counted or 'no findings'}")
            )
    certification = model.isms.certification if model.isms else None
    for visit in certification.audits if certification else []:
        day = visit.end or visit.start
        if visit.result != "planned" and within(day):
            items["d"].append(InputItem("isms", "", visit.id, f"{visit.type} audit {day}: {visit.result}"))
    for objective in model.objectives:
        measured = [m for m in objective.measurements if within(m.date)]
        if measured:
            last = max(measured, key=lambda m: m.date)
            verdict = "met" if met(objective, last.value) else "not met"
            unit = objective.unit or ""
            unit = unit if unit in ("", "%") else f" {unit}"
            text = f"{last.value:g}{unit} on {last.date} against {objective.target:g}{unit}: {verdict}"
            items["d"].append(InputItem("objectives", "objective", objective.id, text))
    # f: the risk assessment and the treatment plan
    assessed = [risk for risk in model.risks if within(risk.last_assessed)]
    if assessed:
        above = sum(1 for risk in assessed if judged.risks.get(risk.id) and judged.risks[risk.id].above_threshold)
        text = f"{len(assessed)} risk(s) last assessed in the period, {above} above the acceptance threshold"
        items["f"].append(InputItem("risks", "", "", text))
    finished = [t for t in model.treatments if t.status == "done" and within(t.completed_on)]
    still = [
        t
        for t in model.treatments
        if t.status != "cancelled"
        and not _done_by(t.status, t.completed_on, end)
        and not (t.approved_on is not None and t.approved_on > end)
    ]
    if finished or still:
        items["f"].append(InputItem("treatments", "", "", f"treatment plan: {len(finished)} done, {len(still)} open"))
    for treatment in still:
        if treatment.due < end:
            items["f"].append(InputItem("treatments", "treatment", treatment.id, f"overdue, due {treatment.due}", True))
    # g: opportunities for improvement
    for improvement in model.improvements:
        if within(improvement.raised_on):
            items["g"].append(
                InputItem(
                    "improvements",
                    "improvement",
                    improvement.id,
                    f"raised {improvement.raised_on}: {improvement.title}",
                )
            )
        elif within(improvement.completed_on) and improvement.status == "done":
            items["g"].append(
                InputItem(
                    "improvements",
                    "improvement",
                    improvement.id,
                    f"done {improvement.completed_on}: {improvement.title}",
                )
            )
    return {key: tuple(found) for key, found in items.items()}
