"""The registers of the ISMS in one table: what each holds and where to find it (shown on the dashboard).

The rows follow the navigation: a register's page is listed with the title and summary its catalogue
declaration gives; another page is listed when its registration gives a title (the document register,
the traceability matrix).
"""

from __future__ import annotations

from typing import Any

from isms.core import catalogue
from isms.core.audience import hidden_by
from isms.site.html import Markup, link, table
from isms.site.page import Site
from isms.site.registry import ordered
from isms.site.urls import Linker


def registers_table(site: Site, links: Linker) -> Markup:
    model = site.model
    by_page = {spec.page: spec for spec in catalogue.registers() if spec.page}
    rows = []
    for page in ordered():
        if set(hidden_by(page.src_uri)) & site.hidden:
            continue  # a page this audience is not shown: no row saying it holds nothing
        spec = by_page.get(page.src_uri)
        if spec is not None:
            entries: list[Any] = model.entries.get(spec.name, [])
            if spec.key is None:  # a whole-file register: the file is its one entry
                entries = [model.singles[spec.name]] if spec.name in model.singles else []
            rows.append([link(links.to(page.src_uri), spec.heading), spec.holding(entries)])
        elif page.title:
            rows.append([link(links.to(page.src_uri), page.title), page.holds(site) if page.holds else ""])
    return table(["register", "holds"], rows, "isms-summary")
