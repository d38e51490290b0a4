"""A register shown from its declaration alone: a table of its entries, each field a column, each id anchored.

A register declared in the catalogue with a page but no page module of its own gets this page; control
pages and the ``register_table`` macro use the same table for registers they have no special view of.
Every value is register text and goes through the escaping helpers; references become links.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from isms.core.catalogue import RegisterSpec
from isms.core.clocks import moment
from isms.core.models.types import kinds
from isms.core.refs import field_kind
from isms.site.downloads import downloads
from isms.site.html import Markup, esc, join, link, table, tag
from isms.site.page import Page, Site
from isms.site.urls import Linker, entry_ids


def columns(spec: RegisterSpec) -> tuple[str, ...]:
    """The fields a table of the register shows: its declared export columns, else every plain field.

    A plain field holds text, numbers, dates or a list of them; nested parts (an audit's findings) would
    not read as one cell, and the register's own page is the place for them.
    """
    if spec.export is not None and spec.export.columns:
        return spec.export.columns
    return tuple(name for name, info in spec.model.model_fields.items() if not _nested(info.annotation))


def entries_table(site: Site, links: Linker, spec: RegisterSpec, entries: Sequence[Any], own_page: bool) -> Markup:
    """The entries as a table; on the register's own page each row is anchored, elsewhere each id is a link."""
    names = columns(spec)
    fields = spec.model.model_fields
    kinds = {name: field_kind(fields[name]) if name in fields else None for name in names}
    rows = []
    for entry in entries:
        ident = spec.ident(entry)
        row: list[object] = []
        for name in names:
            value = getattr(entry, name, None)
            if name == spec.id_field:
                row.append(_ident(links, spec, ident, own_page))
            else:
                row.append(_cell(site, links, kinds[name], value))
        rows.append(row)
    ids = [entry_ids(spec.name, spec.ident(entry)) for entry in entries] if own_page and spec.fragment else None
    return table([name.replace("_", " ") for name in names], rows, "isms-register", ids)


def register_page(site: Site, spec: RegisterSpec) -> Page:
    """The page of a register that has no page module: what it holds, its exports, the table of its entries."""
    if spec.page is None:
        raise ValueError(f"the {spec.name} register declares no page")
    links = site.linker(spec.page)
    page = Page(spec.page, spec.heading, wide=True)
    entries = site.model.entries.get(spec.name, [])
    page.html(tag("p", f"{len(entries)} {spec.nouns}: {spec.summary}."))
    if site.exports and spec.export is not None and spec.export.columns:
        page.html(downloads(spec.page, spec.export.name, site.directory_urls))
    page.html(entries_table(site, links, spec, entries, own_page=True))
    return page


def _ident(links: Linker, spec: RegisterSpec, ident: str, own_page: bool) -> Markup:
    if own_page or spec.fragment is None:
        return Markup(f"<strong>{esc(ident)}</strong>")
    return link(links.entry(spec.name, ident), ident)


def references(site: Site, links: Linker, kind: str, values: Sequence[str]) -> Markup:
    """References of one kind, each a link to what it names when that is shown (else its text)."""
    return _cell(site, links, kind, list(values))


def when(value: dt.datetime | None) -> Markup:
    """A moment with its time zone, as register pages show it."""
    return Markup("") if value is None else tag("span", moment(value), {"class": "isms-date"})


def _cell(site: Site, links: Linker, kind: str | None, value: object) -> Markup:
    if isinstance(value, list):
        return join(_cell(site, links, kind, item) for item in value)
    if value is None:
        return Markup("")
    if isinstance(value, bool):
        return esc("yes" if value else "no")
    if isinstance(value, BaseModel):  # a nested part (a contract, notifications): its fields that are set
        parts = [
            Markup(f"{esc(name.replace('_', ' '))}: {_cell(site, links, None, part)}")
            for name, part in value
            if part is not None and part != []
        ]
        return join(parts, "; ")
    if isinstance(value, dt.datetime):
        return when(value)
    if isinstance(value, dt.date):
        return site.date(value)
    if kind is None or not isinstance(value, str):
        return esc(value)
    return reference(site, links, kind, value)


def reference(site: Site, links: Linker, kind: str, value: str) -> Markup:
    """A reference as a link to what it names, when that is shown somewhere; else its text."""
    if len(kinds(kind)) > 1:  # a report: a document or an evidence record
        one = next((one for one in kinds(kind) if value in site.derived.index.get(one, {})), None)
        return reference(site, links, one, value) if one is not None else esc(value)
    if kind == "role":
        return site.role(value)
    if kind == "control":
        return link(links.control(value), value) if value in site.model.catalogue.controls else esc(value)
    if kind == "clause":
        return link(links.clause(value), value)
    known = site.derived.index.get(kind, {}).get(value)
    if known is None:
        return esc(value)  # withheld from this audience, or reported by the checks
    if kind == "document":
        return link(links.document(known.src_uri), value)
    try:
        return link(links.entry(kind, value), value)
    except (KeyError, ValueError):  # a register without a page
        return esc(value)


def _nested(annotation: Any) -> bool:
    """Whether a field holds nested parts (a model or a mapping) rather than plain values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    origin = typing.get_origin(annotation)
    if origin is dict:
        return True
    return any(_nested(arg) for arg in typing.get_args(annotation) if arg is not type(None))
