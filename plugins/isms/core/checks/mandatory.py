"""The documented information that clauses 4–10 require exists."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check


@check(
    "mandatory-documented-information",
    "warning",
    "Documented information that a clause of 4–10 requires is missing.",
)
def mandatory(context: Context) -> Iterator[Problem]:
    for clause in context.model.catalogue.clauses.values():
        missing = context.facts.unmet.get(clause.id)
        if missing:
            yield Problem(
                "registers/isms.yml",
                0,
                f"clause {clause.id} ({clause.title}) requires {clause.requires}; missing: " + "; ".join(missing),
                "see the table of mandatory documented information: isms/reference/mandatory/ on the site",
            )
