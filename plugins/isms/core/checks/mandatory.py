"""The documented information that clauses 4–10 require exists."""

from __future__ import annotations

from collections.abc import Iterator

from isms.core.checks.base import Context, Problem, check, problem
from isms.core.facts import climate_determination


@check(
    "mandatory-documented-information",
    "warning",
    "Documented information that a clause of 4–10 requires is missing.",
    clauses=("7.5.1",),
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


@check(
    "climate-change-undetermined",
    "warning",
    "The ISMS does not record whether climate change is a relevant issue (4.1 and 4.2, ISO/IEC 27001:2022/Amd 1:2024).",
    clauses=("4.1", "4.2"),
)
def climate_change(context: Context) -> Iterator[Problem]:
    isms = context.model.isms
    if isms is None or climate_determination(context.model) is not None or context.model.broken("issue"):
        return
    yield problem(
        isms,
        ("scope",),
        "isms: it does not record whether climate change is a relevant issue, as clause 4.1 requires since Amd 1:2024",
        "add an issue to registers/context.yml with 'climate_change: true', 'relevant: true or false' and in"
        " 'effect:' why, and where the interested parties' requirements (4.2) and the risks address it",
    )
