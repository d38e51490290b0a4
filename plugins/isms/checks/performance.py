"""Performance evaluation and improvement (9.2, 9.3, 10.2): audits, reviews, nonconformities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from isms.checks.base import Context, Problem, check, problem
from isms.derive import add_months

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
    path = next((f.path for f in model.files if f.register == "reviews"), "registers/reviews.yml")
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
        path = next((f.path for f in model.files if f.register == "audits"), "registers/audits.yml")
        line = 1
    start, end = cycle_window(context)
    covered: set[str] = set()
    for audit in model.audits:
        if audit.status != "cancelled" and start <= audit.planned_on <= end:
            covered.update(audit.clauses)
    missing = [
        clause for clause in model.catalogue.clauses if clause not in covered and not _parent_covered(clause, covered)
    ]
    missing = [clause for clause in missing if not _subclauses_covered(clause, list(model.catalogue.clauses), missing)]
    if missing:
        yield Problem(
            path,
            line,
            f"the audit programme from {start} to {end} does not cover clauses {', '.join(missing)}",
            "add the clauses to the 'clauses:' of a planned or completed audit (9.2.2)",
        )


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
