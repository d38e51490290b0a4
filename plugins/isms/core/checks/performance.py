"""Performance evaluation and improvement (9.2, 9.3, 10.2): audits, reviews, nonconformities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from isms.core.certification import met
from isms.core.checks.base import Context, Problem, check, problem
from isms.core.derive import add_months
from isms.core.models import registers as r

REVIEW_INTERVAL_MONTHS = 12
CYCLE_MONTHS = 36


@check("management-review-overdue", "warning", "No management review was held in the last 12 months.")
def management_review(context: Context) -> Iterator[Problem]:
    model = context.model
    held = [review for review in model.reviews if review.status == "held" and review.date <= context.as_of]
    if held:
        last = max(held, key=lambda review: review.date)
        due = add_months(last.date, REVIEW_INTERVAL_MONTHS)
        if due < context.as_of:
            yield problem(
                last,
                ("date",),
                f"review {last.id}: the last management review was held on {last.date}; the next was due by {due}",
                "hold a management review (9.3) and record it in registers/reviews.yml",
            )
        return
    path = model.register_path("reviews")
    yield Problem(
        path, 0, "no management review has been held", "hold one (9.3) and record it in registers/reviews.yml"
    )


def cycle_window(context: Context) -> tuple[dt.date, dt.date]:
    """The certification cycle the audit programme must cover: the certificate's, or 36 months to the as-of date."""
    isms = context.model.isms
    certification = isms.certification if isms else None
    issued = certification.issued_on if certification else None
    expires = certification.expires_on if certification else None
    if issued and expires and issued <= context.as_of <= expires:
        return add_months(issued, -12), expires
    return add_months(context.as_of, -CYCLE_MONTHS), add_months(context.as_of, 12)


@check(
    "audit-coverage",
    "warning",
    "The internal audit programme leaves a clause of 4–10 unaudited within the certification cycle.",
)
def audit_coverage(context: Context) -> Iterator[Problem]:
    model = context.model
    if "audits" not in model.present and not model.audits:
        path, line = "registers/audits.yml", 0
    else:
        path = model.register_path("audits")
        line = 1
    start, end = cycle_window(context)
    missing = unaudited_clauses(context)
    if missing:
        yield Problem(
            path,
            line,
            f"the audit programme from {start} to {end} does not cover clauses {', '.join(missing)}",
            "add the clauses to the 'clauses:' of a planned or completed audit (9.2.2)",
        )


@check(
    "audit-control-coverage",
    "warning",
    "The internal audit programme leaves an applicable Annex A control unaudited within the certification cycle.",
)
def audit_control_coverage(context: Context) -> Iterator[Problem]:
    model = context.model
    if not model.soa:
        return
    path = model.register_path("audits")
    missing = unaudited_controls(context)
    if missing:
        start, end = cycle_window(context)
        yield Problem(
            path,
            1 if model.audits else 0,
            f"the audit programme from {start} to {end} does not cover applicable controls {', '.join(missing)}",
            "add the controls to the 'controls:' of a planned or completed audit (9.2.2)",
        )


def audited_controls(audits: list[r.Audit]) -> dict[str, list[str]]:
    """For each control in the scope of ``audits`` (or of one of their findings), the ids of those audits."""
    found: dict[str, list[str]] = {}
    for audit in audits:
        for control in dict.fromkeys([*audit.controls, *(c for f in audit.findings for c in f.controls)]):
            found.setdefault(control, []).append(audit.id)
    return found


def unaudited_controls(context: Context) -> list[str]:
    """Applicable controls that no audit of the programme covers, in SoA order."""
    covered = audited_controls(programme(context))
    return [entry.control for entry in context.model.soa if entry.applicable and entry.control not in covered]


def programme(context: Context) -> list[r.Audit]:
    """The audits of the programme within the certification cycle, cancelled ones left out."""
    start, end = cycle_window(context)
    return [a for a in context.model.audits if a.status != "cancelled" and start <= a.planned_on <= end]


def unaudited_clauses(context: Context, audits: list[r.Audit] | None = None) -> list[str]:
    """Clauses of 4–10 that no audit of the programme (or of ``audits``) covers, in catalogue order."""
    model = context.model
    covered: set[str] = set()
    for audit in programme(context) if audits is None else audits:
        covered.update(audit.clauses)
    missing = [
        clause for clause in model.catalogue.clauses if clause not in covered and not _parent_covered(clause, covered)
    ]
    return [clause for clause in missing if not _subclauses_covered(clause, list(model.catalogue.clauses), missing)]


def _subclauses_covered(clause: str, clauses: list[str], missing: list[str]) -> bool:
    """A heading clause (6.1, 7.5, 9.2, 9.3) is audited when every one of its sub-clauses is."""
    subclauses = [other for other in clauses if other.startswith(clause + ".")]
    return bool(subclauses) and not any(other in missing for other in subclauses)


def _parent_covered(clause: str, covered: set[str]) -> bool:
    parts = clause.split(".")
    return any(".".join(parts[:length]) in covered for length in range(1, len(parts)))


@check(
    "nonconformity-closure",
    "warning",
    "A closed nonconformity lacks a root cause, an effectiveness review, or has actions still open.",
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
        for index, action in enumerate(nc.actions):
            if action.status != "done":
                yield problem(
                    nc,
                    ("actions", index, "status"),
                    f"nonconformity {nc.id}: closed with action {index + 1} still {action.status}",
                    "finish the action or reopen the nonconformity",
                )


@check("action-overdue", "warning", "A corrective action or management review action is past due and not done.")
def actions_overdue(context: Context) -> Iterator[Problem]:
    for nc in context.model.nonconformities:
        for index, action in enumerate(nc.actions):
            if action.status != "done" and action.due < context.as_of:
                yield problem(
                    nc,
                    ("actions", index, "due"),
                    f"nonconformity {nc.id}: action {index + 1} overdue since {action.due}",
                    "finish it and set status: done, or agree a new due date",
                )
    for review in context.model.reviews:
        for index, decided in enumerate(review.actions):
            if decided.status != "done" and decided.due < context.as_of:
                yield problem(
                    review,
                    ("actions", index, "due"),
                    f"review {review.id}: action {index + 1} overdue since {decided.due}",
                    "finish it and set status: done, or agree a new due date",
                )


def inputs_covered(context: Context) -> dict[str, list[str]]:
    """For each 9.3.2 input (a–g), the held reviews of the last 12 months that covered it."""
    since = add_months(context.as_of, -REVIEW_INTERVAL_MONTHS)
    covered: dict[str, list[str]] = {key: [] for key in context.model.catalogue.review_inputs}
    for review in context.model.reviews:
        if review.status == "held" and since <= review.date <= context.as_of:
            for key in review.inputs:
                covered.setdefault(key, []).append(review.id)
    return covered


@check(
    "management-review-inputs",
    "warning",
    "A 9.3.2 input (a–g) was not covered by any management review held in the last 12 months.",
)
def management_review_inputs(context: Context) -> Iterator[Problem]:
    since = add_months(context.as_of, -REVIEW_INTERVAL_MONTHS)
    recent = [rv for rv in context.model.reviews if rv.status == "held" and since <= rv.date <= context.as_of]
    if not recent:
        return  # management-review-overdue reports that no review was held
    last = max(recent, key=lambda review: review.date)
    titles = context.model.catalogue.review_inputs
    missing = [key for key, reviews in inputs_covered(context).items() if not reviews]
    if missing:
        yield problem(
            last,
            ("inputs",),
            f"review {last.id}: no management review since {since} covered input "
            + "; ".join(f"{key} ({titles.get(key, '?')})" for key in missing),
            "cover every input of 9.3.2 and record a summary of each under 'inputs:'",
        )


@check(
    "nonconformity-source",
    "error",
    "A nonconformity's source names an audit finding, certification audit or review that does not exist.",
)
def nonconformity_source(context: Context) -> Iterator[Problem]:
    model = context.model
    known: dict[str, set[str]] = {
        "audit": {a.id for a in model.audits} | {f.id for a in model.audits for f in a.findings},
        "certification audit": {
            a.id for a in (model.isms.certification.audits if model.isms and model.isms.certification else [])
        },
        "review": {review.id for review in model.reviews},
    }
    places = {
        "audit": "an audit or finding id from registers/audits.yml",
        "certification audit": "an id under certification.audits in registers/isms.yml",
        "review": "a review id from registers/reviews.yml",
    }
    for nc in model.nonconformities:
        ids = known.get(nc.source.type)
        if ids is None or nc.source.ref is None or nc.source.ref in ids:
            continue
        yield problem(
            nc,
            ("source", "ref"),
            f"nonconformity {nc.id}: source '{nc.source.ref}' is not a known {nc.source.type}",
            f"give {places[nc.source.type]}",
        )


@check(
    "objective-not-met", "warning", "An objective's due date has passed and its latest measurement misses the target."
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
