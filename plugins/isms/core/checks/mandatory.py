"""The documented information that clauses 4–10 require exists."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check
from isms.core.derive import rank, threshold_rank
from isms.core.standard import Clause


def unmet(context: Context, clause: Clause) -> list[str]:
    """What is missing for ``clause``'s documented information, in words; empty when it is all there."""
    model = context.model
    approved = [document for document in model.documents if document.meta.status == "approved"]
    missing = []
    for rule in clause.met_by:
        if rule == "scope":
            scope = context.derived.index["document"].get(model.isms.scope) if model.isms else None
            if scope is None or scope.meta.status != "approved":
                missing.append("an approved scope document named by 'scope:' in registers/isms.yml")
        elif rule == "document":
            if not any(clause.id in document.meta.clauses for document in approved):
                missing.append(f"an approved document listing clause {clause.id} in its 'clauses:'")
        elif rule == "any-document":
            if not approved:
                missing.append("any approved controlled document")
        elif rule.startswith("register:"):
            name = rule.removeprefix("register:")
            present = name in model.present
            filled = present if name in ("methodology", "nonconformities") else bool(model.entries.get(name))
            if not filled:
                missing.append(f"entries in registers/{name}.yml")
        elif rule == "acceptances":
            missing += _unaccepted(context)
        elif rule == "measurements":
            if not any(objective.measurements for objective in model.objectives):
                missing.append("measurements of the objectives in registers/objectives.yml")
        else:  # pragma: no cover - the catalogue is tested to use only the rules above
            raise ValueError(f"unknown met_by rule {rule!r} for clause {clause.id}")
    return missing


def _unaccepted(context: Context) -> list[str]:
    method = context.model.methodology
    if method is None:
        return []
    threshold = threshold_rank(method)
    for risk in context.model.risks:
        scores = context.derived.scores.get(risk.id)
        if scores and scores.residual and rank(method, scores.residual.level) > threshold and risk.acceptance is None:
            return ["risk owners' acceptance of the residual risks above the threshold"]
    return []


@check(
    "mandatory-documented-information",
    "warning",
    "Documented information that a clause of 4–10 requires is missing.",
)
def mandatory(context: Context) -> Iterator[Problem]:
    for clause in context.model.catalogue.clauses.values():
        if clause.requires is None:
            continue
        missing = unmet(context, clause)
        if missing:
            yield Problem(
                "registers/isms.yml",
                0,
                f"clause {clause.id} ({clause.title}) requires {clause.requires}; missing: " + "; ".join(missing),
                "see the README's table of mandatory documented information",
            )
