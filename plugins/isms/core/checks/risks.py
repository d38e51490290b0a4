"""Risk criteria (6.1.2), risk assessment and treatment (6.1.3, 8.2, 8.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, in_future, overdue, problem
from isms.core.derive import Score, acceptance_months, acceptors
from isms.core.facts import Deadline, treatment_open
from isms.core.models import registers as r


@check(
    "methodology", "error", "The risk criteria are inconsistent: scales, bands, grid or threshold.", clauses=("6.1.2",)
)
def methodology(context: Context) -> Iterator[Problem]:
    method = context.model.methodology
    if method is None:
        return
    for scale in ("likelihood", "impact"):
        values = [point.value for point in getattr(method, scale)]
        if values != list(range(1, len(values) + 1)):
            yield problem(
                method,
                (scale,),
                f"methodology: the {scale} scale runs {values}, not 1 to {len(values)} in order",
                "number the scale 1, 2, 3... from lowest to highest",
            )
    level_ids = [level.id for level in method.levels]
    for index, level in enumerate(method.levels):
        if level_ids.index(level.id) != index:
            yield problem(method, ("levels", index, "id"), f"methodology: the level id '{level.id}' is used twice")
        if not acceptors(method, level, owner=""):
            yield problem(
                method,
                ("levels", index, "owner_accepts"),
                f"methodology: level '{level.id}' lets no one accept a risk: no 'accepted_by:' and"
                " owner_accepts: false",
                "name the roles that may accept it in 'accepted_by:', or let the risk owner accept it",
            )
    if method.acceptance.threshold not in level_ids:
        yield problem(
            method,
            ("acceptance", "threshold"),
            f"methodology: the acceptance threshold '{method.acceptance.threshold}' is not a level",
            "use one of: " + ", ".join(level_ids),
        )
    rows, columns = len(method.likelihood), len(method.impact)
    if method.matrix == "grid":
        yield from _grid(method, rows, columns, level_ids)
    else:
        yield from _bands(method, rows * columns)


def _grid(method: r.MethodologyFile, rows: int, columns: int, level_ids: list[str]) -> Iterator[Problem]:
    grid = method.grid
    if grid is None:
        yield problem(
            method,
            ("matrix",),
            "methodology: matrix is 'grid' but no 'grid:' is given",
            f"add a grid of {rows} rows (likelihood, lowest first) of {columns} level ids",
        )
        return
    if len(grid) != rows:
        yield problem(
            method, ("grid",), f"methodology: the grid has {len(grid)} rows, the likelihood scale {rows} values"
        )
    for row_index, row in enumerate(grid):
        if len(row) != columns:
            yield problem(
                method,
                ("grid", row_index),
                f"methodology: grid row {row_index + 1} has {len(row)} cells, the impact scale {columns} values",
            )
        for column_index, cell in enumerate(row):
            if cell not in level_ids:
                yield problem(
                    method,
                    ("grid", row_index, column_index),
                    f"methodology: grid cell '{cell}' is not a level",
                    "use one of: " + ", ".join(level_ids),
                )


def _bands(method: r.MethodologyFile, top: int) -> Iterator[Problem]:
    covered: dict[int, str] = {}
    for index, level in enumerate(method.levels):
        if level.min_score is None or level.max_score is None:
            yield problem(
                method,
                ("levels", index),
                f"methodology: level '{level.id}' needs min_score and max_score",
                "with matrix: product every level bands the score likelihood × impact",
            )
            continue
        if level.min_score > level.max_score:
            yield problem(
                method, ("levels", index, "min_score"), f"methodology: level '{level.id}' has min_score above max_score"
            )
        overlap_reported = False
        # Scores above likelihood × impact never occur: a band may end beyond them, but looping that far could hang.
        for score in range(level.min_score, min(level.max_score, top) + 1):
            if score in covered and not overlap_reported:
                yield problem(
                    method,
                    ("levels", index, "min_score"),
                    f"methodology: score {score} falls in both '{covered[score]}' and '{level.id}'",
                    "make the bands follow each other without overlapping",
                )
                overlap_reported = True  # once per band; its other scores still count as covered
            covered.setdefault(score, level.id)
    if any(level.min_score is None or level.max_score is None for level in method.levels):
        return
    missing = [score for score in range(1, top + 1) if score not in covered]
    if missing:
        yield problem(
            method,
            ("levels",),
            f"methodology: scores {_ranges(missing)} fall in no level",
            f"the bands must cover every score from 1 to {top}",
        )


def _ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 7]`` as ``1–3, 7``."""
    parts: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts)


@check(
    "rating-scale", "error", "A risk's likelihood or impact lies outside the methodology's scales.", clauses=("6.1.2",)
)
def rating_scale(context: Context) -> Iterator[Problem]:
    method = context.model.methodology
    if method is None:
        return
    top = {"likelihood": len(method.likelihood), "impact": len(method.impact)}
    for risk in context.model.risks:
        for stage in ("inherent", "residual"):
            rating = getattr(risk, stage)
            if rating is None:
                continue
            for axis, highest in top.items():
                value = getattr(rating, axis)
                if value > highest:
                    yield problem(
                        risk,
                        (stage, axis),
                        f"risk {risk.id}: {stage}.{axis}: {value} is above the scale (1–{highest})",
                        f"use a value of the {axis} scale in registers/methodology.yml",
                    )


@check(
    "residual-above-inherent",
    "error",
    "A risk's residual score is above its inherent score (6.1.2 d).",
    clauses=("6.1.2", "6.1.3"),
)
def residual_above_inherent(context: Context) -> Iterator[Problem]:
    for risk in context.model.risks:
        judged = context.facts.risks[risk.id]
        if judged.scores is None or judged.residual is None or judged.residual.score <= judged.scores.score:
            continue
        yield problem(
            risk,
            ("residual",),
            f"risk {risk.id}: the residual score {judged.residual.score} is above the inherent score"
            f" {judged.scores.score}: treatment cannot raise a risk",
            "lower the residual likelihood or impact, or reassess the inherent rating",
        )


@check(
    "risk-treatment-status",
    "warning",
    "A risk's status contradicts its treatments: treated with none or some not done, or open with all done (6.1.3).",
    clauses=("6.1.3", "8.3"),
)
def risk_against_treatments(context: Context) -> Iterator[Problem]:
    broken = context.model.named_by_broken("treatment", "risk")  # a treatment that failed to load is there
    for risk in context.model.risks:
        treatments = [t for t in context.derived.treatments_by_risk.get(risk.id, []) if t.status != "cancelled"]
        still_open = [t for t in treatments if treatment_open(t)]
        if risk.id in broken:
            continue  # its treatments are judged once they all load
        if risk.status == "treated" and risk.treatment != "retain":
            if not treatments:
                yield problem(
                    risk,
                    ("status",),
                    f"risk {risk.id}: status treated with treatment '{risk.treatment}', but no treatment lists it",
                    "add the treatment to registers/treatments.yml, or set 'status:' to open",
                )
            elif still_open:
                named = ", ".join(f"{t.id} ({t.status})" for t in still_open)
                yield problem(
                    risk,
                    ("status",),
                    f"risk {risk.id}: status treated, but its treatments are not all done: {named}",
                    "set 'status:' to open until they are done, or finish them",
                )
        elif risk.status == "open" and treatments and not still_open:
            named = ", ".join(t.id for t in treatments)
            yield problem(
                risk,
                ("status",),
                f"risk {risk.id}: status open, but every treatment of it is done: {named}",
                "reassess the risk and set 'status:' to treated (or accepted), or plan further treatment",
            )


@check(
    "risk-untreated",
    "warning",
    "A risk above the acceptance threshold has no treatment and no valid acceptance (6.1.3).",
    clauses=("6.1.3",),
)
def untreated(context: Context) -> Iterator[Problem]:
    method = context.model.methodology
    if method is None:
        return
    broken = context.model.named_by_broken("treatment", "risk")  # a treatment that failed to load is there
    for risk in context.model.risks:
        judged = context.facts.risks[risk.id]
        if risk.status == "closed" or not judged.above_threshold or judged.scores is None:
            continue
        if context.derived.treatments_by_risk.get(risk.id) or judged.acceptance_valid or risk.id in broken:
            continue
        level = judged.scores.level
        yield problem(
            risk,
            ("inherent",),
            f"risk {risk.id}: level {level.name if level else '?'} (score {judged.scores.score}) is above the "
            f"acceptance threshold '{method.acceptance.threshold}' but has no treatment and no valid acceptance",
            "add a treatment to registers/treatments.yml listing this risk, or an 'acceptance:' by "
            + _roles(risk, judged.may_accept),
        )


@check(
    "residual-not-accepted",
    "warning",
    "A risk whose residual level is above the threshold has no valid acceptance (6.1.3 f).",
    clauses=("6.1.3",),
)
def residual_accepted(context: Context) -> Iterator[Problem]:
    if context.model.methodology is None:
        return
    for risk in context.model.risks:
        judged = context.facts.risks[risk.id]
        if judged.residual is None or risk.status == "closed":
            continue
        if judged.residual_above_threshold and not judged.acceptance_valid:
            level = judged.residual.level
            yield problem(
                risk,
                ("residual",),
                f"risk {risk.id}: residual level {level.name if level else '?'} (score {judged.residual.score}) "
                "is above the acceptance threshold and not accepted",
                f"{_roles(risk, judged.may_accept)} accepts it in 'acceptance:' (by, on, expires, justification),"
                " or lower the target",
            )


@check(
    "risk-acceptance", "warning", "A risk acceptance is expired or dated in the future (6.1.3 f).", clauses=("6.1.3",)
)
def acceptance(context: Context) -> Iterator[Problem]:
    expired = {deadline.id: deadline for deadline in context.facts.overdue("risk-acceptance")}
    for risk in context.model.risks:
        accepted = risk.acceptance
        if accepted is None:
            continue
        lapsed = expired.get(risk.id)
        if lapsed is not None and lapsed.entry is risk:
            yield Problem(
                lapsed.path,
                lapsed.line,
                f"risk {risk.id}: the acceptance expired on {lapsed.date}",
                "reassess the risk and renew or withdraw the acceptance",
            )
        if accepted.on > context.as_of:
            yield problem(
                risk, ("acceptance", "on"), f"risk {risk.id}: the acceptance is dated in the future ({accepted.on})"
            )


@check(
    "risk-acceptance-authority",
    "warning",
    "A risk is accepted by a role the methodology does not allow for its level: residual, or inherent without a"
    " residual rating (6.1.2 a, 6.1.3 f).",
    clauses=("6.1.2", "6.1.3"),
)
def acceptance_authority(context: Context) -> Iterator[Problem]:
    roles = context.derived.index.get("role", {})
    for risk in context.model.risks:
        accepted = risk.acceptance
        judged = context.facts.risks[risk.id]
        if accepted is None or accepted.by in judged.may_accept or accepted.by not in roles:
            continue  # an unknown role is reported once, by unknown-reference
        if context.model.methodology is None:
            yield problem(
                risk,
                ("acceptance", "by"),
                f"risk {risk.id}: accepted by '{accepted.by}', who is not the risk owner '{risk.owner}'",
                "the risk owner accepts residual risk (6.1.3 f)",
            )
            continue
        yield problem(
            risk,
            ("acceptance", "by"),
            f"risk {risk.id}: accepted by '{accepted.by}', who may not accept a risk at {_level(judged.accepted_at)}",
            _who_may(risk, judged.may_accept),
        )


def _level(score: Score | None) -> str:
    """``level High (score 9)``, as the messages name the level a risk stands at."""
    if score is None:
        return "its level"
    return f"level {score.level.name if score.level else '?'} (score {score.score})"


def _roles(risk: r.Risk, roles: tuple[str, ...]) -> str:
    """``cto (the risk owner) or ceo``: the roles that may accept ``risk``, as a hint names them."""
    return " or ".join(f"{role} (the risk owner)" if role == risk.owner else role for role in roles) or "no one"


def _who_may(risk: r.Risk, roles: tuple[str, ...]) -> str:
    if not roles:
        return "registers/methodology.yml lets no one accept this level: name the roles in the level's 'accepted_by:'"
    return f"registers/methodology.yml lets {_roles(risk, roles)} accept it (6.1.2 a)"


@check(
    "risk-acceptance-term",
    "warning",
    "A risk acceptance runs longer than the longest term the methodology allows for its level, or has no expiry"
    " when a term is declared (6.1.2 a).",
    clauses=("6.1.2",),
)
def acceptance_term(context: Context) -> Iterator[Problem]:
    method = context.model.methodology
    if method is None:
        return
    for risk in context.model.risks:
        accepted = risk.acceptance
        judged = context.facts.risks[risk.id]
        until = judged.acceptance_until
        if accepted is None or until is None:
            continue
        months = acceptance_months(method, judged.accepted_at.level if judged.accepted_at else None)
        if accepted.expires is None:
            yield problem(
                risk,
                ("acceptance",),
                f"risk {risk.id}: the acceptance has no expiry, but the methodology limits an acceptance at"
                f" {_level(judged.accepted_at)} to {months} months",
                f"add 'expires:' on or before {until}",
            )
        elif accepted.expires > until:
            yield problem(
                risk,
                ("acceptance", "expires"),
                f"risk {risk.id}: the acceptance runs from {accepted.on} to {accepted.expires}, longer than the"
                f" {months} months the methodology allows at {_level(judged.accepted_at)}",
                f"set 'expires:' on or before {until} and reassess the risk then",
            )


@check(
    "treatment-approval",
    "warning",
    "A treatment is not approved by the owner of each risk it treats (or a role the methodology lets accept that"
    " risk), has no approval date, or is approved after today (6.1.3 f).",
    clauses=("6.1.3",),
)
def treatment_approval(context: Context) -> Iterator[Problem]:
    risks = context.derived.index.get("risk", {})
    roles = context.derived.index.get("role", {})
    for treatment in context.model.treatments:
        if treatment.status == "cancelled":
            continue
        treated = [risks[risk_id] for risk_id in treatment.risks if risk_id in risks]
        unapproved = [
            risk
            for risk in treated
            if not {risk.owner, *context.facts.risks[risk.id].may_accept} & set(treatment.approved_by)
            # an owner that names no role (a person's name) is unknown-reference's one finding
            and (risk.owner in roles or context.model.broken("role", risk.owner))
        ]
        owners = list(dict.fromkeys(risk.owner for risk in treated))
        if not treatment.approved_by:
            yield problem(
                treatment,
                ("id",),
                f"treatment {treatment.id}: no approval is recorded",
                f"the risk owners approve the plan (6.1.3 f): add 'approved_by: [{', '.join(owners)}]'"
                " and 'approved_on:'",
            )
            continue
        if unapproved and all(role in roles for role in treatment.approved_by):  # else unknown-reference says it
            named = ", ".join(f"{risk.id} (owner {risk.owner})" for risk in unapproved)
            yield problem(
                treatment,
                ("approved_by",),
                f"treatment {treatment.id}: approved by {', '.join(treatment.approved_by)}, but not for {named}",
                "the owner of each risk it treats, or a role the methodology lets accept that risk, approves it",
            )
        if treatment.approved_on is None:
            yield problem(
                treatment,
                ("approved_by",),
                f"treatment {treatment.id}: the approval has no date",
                "add 'approved_on:' with the day it was approved",
            )
    yield from in_future(
        context,
        "treatment-approval",
        "correct the date to the day it was approved, or remove the approval until it is given",
    )


@check(
    "risk-review-overdue",
    "warning",
    "A risk was last assessed longer ago than its level's review interval.",
    clauses=("8.2",),
)
def review_overdue(context: Context) -> Iterator[Problem]:
    def message(due: Deadline) -> str:
        risk: r.Risk = due.entry
        months = _months(risk, due.date)
        return f"risk {risk.id}: reassessment was due on {due.date} ({months} months after {risk.last_assessed})"

    return overdue(context, "risk-review-overdue", message, "reassess the risk and update 'last_assessed:'")


def _months(risk: r.Risk, due: dt.date) -> int:
    """The review interval that led from ``risk.last_assessed`` to ``due``."""
    return (due.year - risk.last_assessed.year) * 12 + due.month - risk.last_assessed.month


@check("treatment-overdue", "warning", "A treatment is past its due date and not done.", clauses=("6.1.3", "8.3"))
def treatment_overdue(context: Context) -> Iterator[Problem]:
    def message(due: Deadline) -> str:
        return f"treatment {due.id}: overdue since {due.date} (status: {due.entry.status})"

    return overdue(
        context,
        "treatment-overdue",
        message,
        "finish it and set status: done with completed_on, or agree a new due date",
    )
