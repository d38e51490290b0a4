"""Performance evaluation and improvement (9.2, 9.3, 10.2): audits, reviews, nonconformities."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from isms.core.checks.base import Context, Problem, check, overdue, problem
from isms.core.derive import add_months
from isms.core.facts import (
    REVIEW_INTERVAL_MONTHS,
    Deadline,
    action_open,
    audit_date,
    audited_controls,
    clause_covered,
    met,
    review_held,
    unaudited_clauses,
)
from isms.core.repository import Model


@check(
    "management-review-overdue", "warning", "No management review was held in the last 12 months.", clauses=("9.3.1",)
)
def management_review(context: Context) -> Iterator[Problem]:
    last = context.facts.last_held_review
    if context.model.broken("review"):
        return  # the review that failed to load may be the last one held: judged once it loads
    for due in context.facts.overdue("management-review-overdue"):
        if last is None:
            yield Problem(
                due.path,
                0,
                "no management review has been held",
                "hold one (9.3) and record it in registers/reviews.yml",
            )
        else:
            yield Problem(
                due.path,
                due.line,
                f"review {last.id}: the last management review was held on {last.date}; the next was due by {due.date}",
                "hold a management review (9.3) and record it in registers/reviews.yml",
            )


@check(
    "audit-overdue",
    "warning",
    "A planned internal audit's date has passed and it is still recorded as planned (9.2.2: the programme carried"
    " out).",
    clauses=("9.2.2",),
)
def audit_overdue(context: Context) -> Iterator[Problem]:
    return overdue(
        context,
        "audit-overdue",
        lambda due: f"audit {due.id}: planned for {due.date} and still 'planned'",
        "record that it took place (status, start, end, findings), or re-plan it with a new date (9.2.2)",
    )


@check(
    "audit-programme-overdue",
    "warning",
    "No internal audit has been completed within the programme's interval (default 12 months) of the last one"
    " (9.2.1: audits at planned intervals).",
    clauses=("9.2.1",),
)
def audit_programme_overdue(context: Context) -> Iterator[Problem]:
    return overdue(
        context,
        "audit-programme-overdue",
        lambda due: (
            f"audit {due.id}: the last completed internal audit ended on {due.entry.end}; the next was due"
            f" to be completed by {due.date}"
        ),
        "complete the next audit of the programme and record it (status: completed, end, findings) (9.2.2)",
    )


@check(
    "audit-coverage",
    "warning",
    "The internal audit programme leaves a clause of 4–10 unaudited within the certification cycle: no completed"
    " audit, nor one still ahead, covers it; a planned audit past its date counts for nothing (9.2.2).",
    clauses=("9.2.2",),
)
def audit_coverage(context: Context) -> Iterator[Problem]:
    model = context.model
    if "audits" not in model.present and not model.audits:
        path, line = "registers/audits.yml", 0
    else:
        path = model.register_path("audits")
        line = 1
    coverage = context.facts.coverage
    # An audit that failed to load covers what it names: its own finding is reported.
    broken = model.named_by_broken("audit", "clause")
    unaudited = tuple(clause for clause in coverage.unaudited_clauses if not clause_covered(clause, broken))
    if unaudited:
        yield Problem(
            path,
            line,
            f"the audit programme from {coverage.start} to {coverage.end} does not cover clauses "
            + ", ".join(unaudited),
            _lapsed(context, unaudited) + "add the clauses to the 'clauses:' of a planned or completed audit (9.2.2)",
        )


def _lapsed(context: Context, missing: tuple[str, ...], controls: bool = False) -> str:
    """The start of a hint naming the audits planned for a day that has passed that would cover some of
    ``missing`` (clauses, or with ``controls`` applicable controls); empty when there are none."""
    model = context.model
    covering = []
    for audit in context.facts.coverage.lapsed:
        covered = (
            set(audited_controls([audit]))
            if controls
            else set(model.catalogue.clauses) - set(unaudited_clauses(model, [audit]))
        )
        if covered & set(missing):
            covering.append(f"{audit.id} (planned for {audit_date(audit)})")
    if not covering:
        return ""
    return (
        f"{', '.join(covering)} would cover some, but a planned audit past its date counts for nothing until its"
        " results are recorded: record them, or "
    )


@check(
    "audit-control-coverage",
    "warning",
    "The internal audit programme leaves an applicable Annex A control unaudited within the certification cycle:"
    " no completed audit, nor one still ahead, covers it (9.2.2).",
    clauses=("9.2.2",),
)
def audit_control_coverage(context: Context) -> Iterator[Problem]:
    model = context.model
    if not model.soa:
        return
    coverage = context.facts.coverage
    broken = model.named_by_broken("audit", "control")  # an audit that failed to load covers what it names
    unaudited = tuple(control for control in coverage.unaudited_controls if control not in broken)
    if unaudited:
        yield Problem(
            model.register_path("audits"),
            1 if model.audits else 0,
            f"the audit programme from {coverage.start} to {coverage.end} does not cover applicable controls "
            + ", ".join(unaudited),
            _lapsed(context, unaudited, controls=True)
            + "add the controls to the 'controls:' of a planned or completed audit (9.2.2)",
        )


@check(
    "audit-report",
    "warning",
    "A completed internal audit names no report (9.2.2: documented information of the audit results).",
    clauses=("9.2.2",),
)
def audit_report(context: Context) -> Iterator[Problem]:
    for audit in context.model.audits:
        if audit.status == "completed" and audit.report is None:
            yield problem(
                audit,
                ("status",),
                f"audit {audit.id}: completed without a report",
                "add 'report:' with the id of the audit report, a document or an evidence record (9.2.2 g)",
            )


@check(
    "nonconformity-closure",
    "warning",
    "A closed nonconformity lacks a root cause, a check for similar nonconformities or an effectiveness review,"
    " or was closed before its actions were done or its effectiveness reviewed (10.2 b, c, d).",
    clauses=("10.2",),
)
def nonconformity_closure(context: Context) -> Iterator[Problem]:
    for nc in context.model.nonconformities:
        if nc.status != "closed":
            continue
        if not nc.root_cause:
            yield problem(
                nc,
                ("status",),
                f"nonconformity {nc.id}: closed without a root cause",
                "add 'root_cause:' (10.2 b) or reopen it",
            )
        if nc.similar is None:
            yield problem(
                nc,
                ("status",),
                f"nonconformity {nc.id}: closed without recording whether similar nonconformities exist or could occur",
                "add 'similar:' (checked_on, result, related) (10.2 b 3) or reopen it",
            )
        if nc.effectiveness is None:
            yield problem(
                nc,
                ("status",),
                f"nonconformity {nc.id}: closed without an effectiveness review",
                "add 'effectiveness:' (reviewed_on, by, effective) (10.2 d) or reopen it",
            )
        elif not nc.effectiveness.effective:
            yield problem(
                nc,
                ("effectiveness", "effective"),
                f"nonconformity {nc.id}: closed although its actions were found not effective",
                "reopen it and plan further corrective action",
            )
        elif nc.closed_on is not None and nc.effectiveness.reviewed_on > nc.closed_on:
            yield problem(
                nc,
                ("closed_on",),
                f"nonconformity {nc.id}: closed on {nc.closed_on}, before its effectiveness was reviewed on"
                f" {nc.effectiveness.reviewed_on}",
                "close it on or after the effectiveness review (10.2 d), or correct the dates",
            )
        for index, action in enumerate(nc.actions):
            if action_open(action):
                yield problem(
                    nc,
                    ("actions", index, "status"),
                    f"nonconformity {nc.id}: closed with action {index + 1} still {action.status}",
                    "finish the action or reopen the nonconformity",
                )
            elif nc.closed_on is not None and action.completed_on is not None and action.completed_on > nc.closed_on:
                yield problem(
                    nc,
                    ("closed_on",),
                    f"nonconformity {nc.id}: closed on {nc.closed_on}, before action {index + 1} was done on"
                    f" {action.completed_on}",
                    "close it once every action is done (10.2 c), or correct the dates",
                )


@check(
    "nonconformity-effectiveness",
    "warning",
    "A nonconformity's effectiveness was reviewed before its actions were done, or by the owner of one of them"
    " (10.2 d).",
    clauses=("10.2",),
)
def nonconformity_effectiveness(context: Context) -> Iterator[Problem]:
    for nc in context.model.nonconformities:
        review = nc.effectiveness
        if review is None:
            continue
        for index, action in enumerate(nc.actions):
            if action_open(action):
                if nc.status == "open":  # a closed one is reported by nonconformity-closure
                    yield problem(
                        nc,
                        ("effectiveness", "reviewed_on"),
                        f"nonconformity {nc.id}: effectiveness reviewed on {review.reviewed_on} while action"
                        f" {index + 1} is still {action.status}",
                        "review effectiveness once the actions are done (10.2 d)",
                    )
            elif action.completed_on is not None and action.completed_on > review.reviewed_on:
                yield problem(
                    nc,
                    ("effectiveness", "reviewed_on"),
                    f"nonconformity {nc.id}: effectiveness reviewed on {review.reviewed_on}, before action"
                    f" {index + 1} was done on {action.completed_on}",
                    "review effectiveness after the actions are done (10.2 d), or correct the dates",
                )
        if any(action.owner == review.by for action in nc.actions):
            yield problem(
                nc,
                ("effectiveness", "by"),
                f"nonconformity {nc.id}: effectiveness reviewed by '{review.by}', who owns one of its actions",
                "have a role that owned none of the actions review their effectiveness (impartiality, 10.2 d)",
            )


@check(
    "action-overdue",
    "warning",
    "A corrective action or management review action is past due and not done.",
    clauses=("10.2", "9.3.3"),
)
def actions_overdue(context: Context) -> Iterator[Problem]:
    def message(due: Deadline) -> str:
        owner, _, number = due.id.rpartition(" action ")
        kind = "nonconformity" if due.kind == "corrective action" else "review"
        return f"{kind} {owner}: action {number} overdue since {due.date}"

    return overdue(context, "action-overdue", message, "finish it and set status: done, or agree a new due date")


@check(
    "management-review-inputs",
    "warning",
    "A 9.3.2 input (a–g) was not covered by any management review held in the last 12 months.",
    clauses=("9.3.2",),
)
def management_review_inputs(context: Context) -> Iterator[Problem]:
    since = add_months(context.as_of, -REVIEW_INTERVAL_MONTHS)
    last = context.facts.last_held_review
    if last is None or last.date < since:
        return  # management-review-overdue reports that no review was held
    titles = context.model.catalogue.review_inputs
    missing = [key for key, reviews in context.facts.review_inputs.items() if not reviews]
    if missing:
        yield problem(
            last,
            ("inputs",),
            f"review {last.id}: no management review since {since} covered input "
            + "; ".join(f"{key} ({titles.get(key, '?')})" for key in missing),
            "cover every input of 9.3.2 and record a summary of each under 'inputs:'",
        )


@check(
    "review-input-unrecorded",
    "warning",
    "A management review held in the last 12 months records no summary of a 9.3.2 input for which the registers"
    " hold records of its period: nonconformities, incidents, audit results, changes in issues or interested"
    " parties, their feedback, improvements (9.3.2).",
    clauses=("9.3.2",),
)
def review_input_unrecorded(context: Context) -> Iterator[Problem]:
    since = add_months(context.as_of, -REVIEW_INTERVAL_MONTHS)
    last = context.facts.last_held_review
    # what management-review-inputs reports on the last review is not reported again here
    reported = {key for key, covered in context.facts.review_inputs.items() if not covered}
    titles = context.model.catalogue.review_inputs
    for period in context.facts.periods:
        review = period.review
        if review is None or not review_held(review, context.as_of) or review.date < since:
            continue
        for key, items in period.items.items():
            if not items or key in review.inputs or (review is last and key in reported):
                continue
            named = list(dict.fromkeys(item.id for item in items if item.id))
            shown = ", ".join(named[:4]) + (f" and {len(named) - 4} more" if len(named) > 4 else "")
            after = f"since {period.previous.id}" if period.previous else "before it"
            yield problem(
                review,
                ("inputs",),
                f"review {review.id}: input {key} ({titles.get(key, '?')}) is not recorded, though the registers"
                f" hold {len(items)} record(s) for it {after}" + (f": {shown}" if shown else ""),
                f"summarise under 'inputs: {key}:' what was presented on them; the reviews page lists them beside"
                " the review",
            )


@check(
    "nonconformity-source",
    "error",
    "A nonconformity's source names an audit finding, certification audit or review that does not exist.",
    clauses=("10.2",),
)
def nonconformity_source(context: Context) -> Iterator[Problem]:
    records = SourceRecords(context.model)
    for nc in context.model.nonconformities:
        if nc.source.type not in ("audit", "certification audit", "review"):
            continue
        wrong = records.unknown(nc.source.type, nc.source.ref)
        if wrong is not None:
            yield problem(nc, ("source", "ref"), f"nonconformity {nc.id}: {wrong[0]}", wrong[1])


class SourceRecords:
    """The records a nonconformity's or an improvement's source may name, by the kind of record: audits and
    their findings, certification audits, management reviews, incidents and nonconformities."""

    PLACES: ClassVar[dict[str, str]] = {
        "audit": "an audit or finding id from registers/audits.yml",
        "certification audit": "an id under certification.audits in registers/isms.yml",
        "review": "a review id from registers/reviews.yml",
        "incident": "an incident id from registers/incidents.yml",
        "nonconformity": "a nonconformity id from registers/nonconformities.yml",
    }

    def __init__(self, model: Model) -> None:
        self.model = model
        certification = model.isms.certification if model.isms else None
        self.known: dict[str, set[str]] = {
            "audit": {a.id for a in model.audits} | {f.id for a in model.audits for f in a.findings},
            "certification audit": {a.id for a in (certification.audits if certification else [])},
            "review": {review.id for review in model.reviews},
            "incident": {incident.id for incident in model.incidents},
            "nonconformity": {nc.id for nc in model.nonconformities},
        }

    def _broken(self, kind: str, ref: str) -> bool:
        # What failed to load may be what the source names (a finding inside an audit that failed, too): its own
        # finding is reported, and the source is judged again once it loads.
        if kind == "audit":
            return self.model.broken("audit")
        if kind == "certification audit":
            return self.model.broken("isms")
        return self.model.broken(kind, ref)

    def unknown(self, kind: str, ref: str | None, named: str | None = None) -> tuple[str, str] | None:
        """What is wrong and the hint, when ``ref`` names no record of ``kind`` (``named``: how the source's
        type is written, when not as the kind); None when it names one, or the kind names no register."""
        ids = self.known.get(kind)
        if ids is None or ref is None or ref in ids or self._broken(kind, ref):
            return None
        return f"source '{ref}' is not a known {named or kind}", f"give {self.PLACES[kind]}"


@check(
    "objective-not-met",
    "warning",
    "An objective's due date has passed and its latest measurement misses the target.",
    clauses=("6.2", "9.1"),
)
def objective_not_met(context: Context) -> Iterator[Problem]:
    for objective in context.model.objectives:
        if objective.due is None or objective.due >= context.as_of:
            continue
        measured = [m for m in objective.measurements if m.date <= context.as_of]
        if not measured:
            yield problem(
                objective,
                ("due",),
                f"objective {objective.id}: due on {objective.due} and never measured",
                "record measurements (9.1) under 'measurements:'",
            )
            continue
        last = max(measured, key=lambda m: m.date)
        if not met(objective, last.value):
            yield problem(
                objective,
                ("due",),
                f"objective {objective.id}: due on {objective.due}; the latest measurement ({last.value:g} on"
                f" {last.date}) is not {objective.direction} the target of {objective.target:g}",
                "plan actions to meet it and review it at management review (9.3.2 d), or set a new due date",
            )
