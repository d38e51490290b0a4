"""Macros for the ISMS lifecycle: an objective's chart, a table of nonconformities, the next certification audit."""

from __future__ import annotations

from collections.abc import Callable

from isms.site.certification import next_audit_text
from isms.site.chart import objective_chart
from isms.site.html import Markup, esc
from isms.site.nonconformities import nonconformity_table, ordered
from isms.site.page import Site
from isms.site.urls import Linker

STATUSES = ("open", "closed")


class LifecycleMacroError(ValueError):
    """A lifecycle macro was called with arguments that name nothing."""


def lifecycle_macros(site: Site, linker: Callable[[], Linker]) -> dict[str, Callable[..., str]]:
    def objective_chart_macro(objective_id: str) -> str:
        """``{{ objective_chart("OBJ-01") }}``: the objective's measurements as a chart with its target line."""
        found = site.derived.index.get("objective", {}).get(objective_id)
        if found is None:
            raise LifecycleMacroError(
                f"objective_chart({objective_id!r}): no such objective in registers/objectives.yml"
            )
        return objective_chart(found)

    def nonconformities(status: str | None = None) -> str:
        """``{{ nonconformities(status="open") }}``: a table of the nonconformities: all, open or closed."""
        if status is not None and status not in STATUSES:
            raise LifecycleMacroError(f"nonconformities(status={status!r}): use 'open', 'closed' or leave it out")
        entries = [nc for nc in ordered(site) if status is None or nc.status == status]
        return nonconformity_table(site, linker(), entries)

    def next_audit() -> str:
        """``{{ next_audit() }}``: what is due next in the certification cycle, in a sentence."""
        certification = site.model.isms.certification if site.model.isms else None
        if certification is None:
            return esc("No certification is recorded.")
        return Markup(f"<span>{esc(next_audit_text(site.facts))}</span>")

    return {"objective_chart": objective_chart_macro, "nonconformities": nonconformities, "next_audit": next_audit}
