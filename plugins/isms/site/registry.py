"""Generated pages register themselves here with :func:`page`, the way checks do with ``@check``.

Each registration names the page (its ``src_uri``), its place in the navigation (``order``: lower comes
first), and, for a page that is not a register's own, how the dashboard's table of registers lists it.
A register declared in the catalogue with a page that nothing registers gets the generic page of
:mod:`isms.site.generic`, so a new register is on the site without a page module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from isms.core import catalogue
from isms.site.generic import register_page
from isms.site.page import Page, Site

PageBuilder = Callable[[Site], Page | list[Page]]
Builder = TypeVar("Builder", bound=PageBuilder)

GENERIC_ORDER = 500
"""Where the generic pages of registers without a page module go: after the built-in registers' pages."""


@dataclass(frozen=True)
class PageSpec:
    """One registered generated page (or family of pages, when ``src_uri`` ends in '/')."""

    src_uri: str
    order: int
    build: PageBuilder
    title: str = ""  # the dashboard's table of registers lists the page under this title; "" leaves it out
    holds: Callable[[Site], str] | None = None  # and says this about what it holds
    family: Callable[[Site], Iterable[str]] | None = None  # a family's pages, named without making them

    def pages(self, site: Site) -> list[str] | None:
        """The pages this builder makes, named without making them (a page and the parts of its register);
        None for a family that cannot say."""
        if self.src_uri.endswith("/"):
            return list(self.family(site)) if self.family is not None else None
        parts = {
            part
            for register, where in site.placement.items()
            if catalogue.SPECS[register].page == self.src_uri
            for part in where.values()
        }
        return sorted({self.src_uri, *parts})


PAGES: list[PageSpec] = []


def page(
    src_uri: str,
    order: int,
    *,
    title: str = "",
    holds: Callable[[Site], str] | None = None,
    family: Callable[[Site], Iterable[str]] | None = None,
) -> Callable[[Builder], Builder]:
    """Register a page builder; a register's own page takes its title and summary from the catalogue.
    ``family`` names the pages of a family (``src_uri`` ending in '/') without making them."""

    def register(build: Builder) -> Builder:
        add(PageSpec(src_uri, order, build, title, holds, family))
        return build

    return register


def add(spec: PageSpec) -> None:
    """Register a page; refuse a second builder for the same page."""
    if any(known.src_uri == spec.src_uri for known in PAGES):
        raise ValueError(f"a page builder for {spec.src_uri} is registered already")
    PAGES.append(spec)


def remove(src_uri: str) -> None:
    """Take a registered page out again (a plug-in or a test that added one)."""
    PAGES[:] = [known for known in PAGES if known.src_uri != src_uri]


def ordered() -> list[PageSpec]:
    """Every page in navigation order: the registered ones and a generic page for each register that needs one."""
    import isms.site.pages  # noqa: F401, PLC0415 - importing it registers the built-in pages; it imports this module

    taken = {known.src_uri for known in PAGES}
    generic = [
        PageSpec(spec.page, GENERIC_ORDER, partial(_generic, spec.name))
        for spec in catalogue.registers()
        if spec.page is not None and spec.page not in taken
    ]
    return sorted([*PAGES, *generic], key=lambda known: known.order)


def _generic(name: str, site: Site) -> Page:
    return register_page(site, catalogue.SPECS[name])
