"""Macros for authors (mkdocs-macros-plugin): links to controls, risks and documents, register tables.

Each macro returns HTML built with the escaping helpers, with links relative to the page being rendered.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from isms.core.catalogue import SPECS, listed
from isms.core.models import registers as r
from isms.core.models.documents import FrontMatter
from isms.site.generic import entries_table
from isms.site.html import Markup, esc, inert, join, link, table
from isms.site.lifecycle_macros import lifecycle_macros
from isms.site.page import Site, status
from isms.site.tables import documents_table, risks_table
from isms.site.urls import Linker

FILTERABLE = ("risks", "treatments", "assets", "documents", "controls")


class MacroError(ValueError):
    """A macro was called with arguments that name nothing; the message says how to fix the call."""


def macros(
    site: Site, current_page: Callable[[], str], withheld: Mapping[str, set[str]] | None = None
) -> dict[str, Callable[..., str]]:
    """The macros, each reading the current page's path (relative to docs/) from ``current_page``.

    ``withheld`` names, by kind, the ids a restricted build leaves out: a macro naming one shows only the id.
    """
    hidden = withheld or {}

    def linker() -> Linker:
        return site.linker(current_page())

    def control(control_id: str, title: bool = True) -> str:
        """``{{ control("5.15") }}``: a link to the control's page and title (``title=False``: number only)."""
        found = site.model.catalogue.controls.get(_control(control_id))
        if found is None and _control(control_id) in hidden.get("control", set()):
            return esc(control_id)
        if found is None:
            raise MacroError(f"control({control_id!r}): no such control — use an Annex A number such as '5.15'")
        return link(linker().control(found.id), f"{found.id} {found.title}" if title else found.id)

    def risk(risk_id: str) -> str:
        """``{{ risk("R-007") }}``: a link to the risk in the register, with its title and current level."""
        found = site.derived.index.get("risk", {}).get(risk_id)
        if found is None and risk_id in hidden.get("risk", set()):
            return esc(risk_id)
        if found is None:
            raise MacroError(f"risk({risk_id!r}): no such risk in registers/risks.yml")
        inherent, _ = site.levels(found.id)
        return Markup(link(linker().risk(found.id), f"{found.id} {found.title}") + " " + inherent)

    def document(document_id: str) -> str:
        """``{{ document("POL-AC") }}``: a link to a controlled document, with its title."""
        found = site.derived.index.get("document", {}).get(document_id)
        if found is None and document_id in hidden.get("document", set()):
            return esc(document_id)
        if found is None:
            raise MacroError(f"document({document_id!r}): no controlled document has this id")
        return link(linker().document(found.src_uri), f"{found.meta.title}")

    def register_table(register: str, **filters: Any) -> str:
        """``{{ register_table("risks", owner="ciso") }}``: a table of the entries matching every filter.

        Filters are field names; a list field matches when it contains the value.
        """
        if register not in filterable():
            raise MacroError(f"register_table({register!r}): use one of {', '.join(filterable())}")
        return _register_table(site, linker(), register, filters)

    found: dict[str, Callable[..., str]] = {
        "control": control,
        "risk": risk,
        "document": document,
        "register_table": register_table,
        **lifecycle_macros(site, linker),
    }
    return {name: _as_html(function) for name, function in found.items()}


def _as_html(function: Callable[..., str]) -> Callable[..., str]:
    """``function`` whose output reaches the page as the HTML it is, never read as Markdown.

    A macro's output goes into the page's Markdown before Markdown runs: a title holding ``*``, a link or
    an attribute list would otherwise become emphasis, a ``javascript:`` link or an event handler.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        return inert(function(*args, **kwargs))

    return wrapper


def filterable() -> tuple[str, ...]:
    """The tables ``register_table`` makes: the special views, then every other register of the catalogue."""
    return (*FILTERABLE, *(spec.name for spec in listed() if spec.name not in FILTERABLE))


def _control(value: str) -> str:
    text = str(value).strip()
    return text[2:] if text.upper().startswith("A.") else text


def _matches(entry: Any, filters: dict[str, Any]) -> bool:
    for key, wanted in filters.items():
        value = getattr(entry, key)
        if isinstance(value, list):
            if str(wanted) not in [str(item) for item in value]:
                return False
        elif str(value) != str(wanted):
            return False
    return True


def _register_table(site: Site, links: Linker, register: str, filters: dict[str, Any]) -> Markup:
    model = site.model
    _check_filters(register, filters)
    if register == "documents":
        entries: list[Any] = [d for d in model.documents if _matches(d.meta, filters)]
        return documents_table(site, links, entries)
    if register == "controls":
        soa = [e for e in model.soa if _matches(e, filters)]
        catalogue = model.catalogue.controls
        return table(
            ["control", "applicable", "status", "owner"],
            [
                [
                    link(
                        links.control(e.control),
                        f"{e.control} {catalogue[e.control].title if e.control in catalogue else ''}",
                    ),
                    "yes" if e.applicable else "no",
                    status(e.status),
                    site.role(e.owner),
                ]
                for e in soa
            ],
        )
    source: list[Any] = model.entries.get(register, [])
    entries = [e for e in source if _matches(e, filters)]
    if register not in FILTERABLE:
        return entries_table(site, links, SPECS[register], entries, own_page=False)
    if register == "risks":
        return risks_table(site, links, entries)
    if register == "treatments":
        return table(
            ["treatment", "action", "risks", "owner", "due", "status"],
            [
                [
                    link(links.treatment(e.id), e.id),
                    e.action,
                    join(link(links.risk(r), r) for r in e.risks),
                    site.role(e.owner),
                    site.date(e.due, site.facts.treatment_overdue(e)),
                    status(e.status),
                ]
                for e in entries
            ],
        )
    return table(
        ["asset", "type", "owner", "classification"],
        [[link(links.asset(e.id), f"{e.id} {e.name}"), e.type, site.role(e.owner), e.classification] for e in entries],
    )


_MODELS: dict[str, type[BaseModel]] = {
    "risks": r.Risk,
    "treatments": r.Treatment,
    "assets": r.Asset,
    "documents": FrontMatter,
    "controls": r.SoaEntry,
}


def _check_filters(register: str, filters: dict[str, Any]) -> None:
    model = _MODELS.get(register) or SPECS[register].model
    fields = model.model_fields
    for key in filters:
        if key not in fields:
            raise MacroError(
                f"register_table({register!r}): no field {key!r} to filter on — use one of: {', '.join(fields)}"
            )
