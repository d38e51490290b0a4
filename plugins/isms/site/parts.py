"""Large register tables split over pages of at most :data:`ROWS_PER_PART` rows, with stable URLs.

A register page that lists every entry grows with its register: at 20,000 assets the asset inventory
was an 11 MB page that a browser struggles with and that Material's search parsed tag by tag. A
register named in :data:`SPLIT` keeps its page (summary, downloads, pictures) and, once it holds more
than :data:`ROWS_PER_PART` entries, lists its entries on numbered parts beside it: ``isms/assets.md``
and ``isms/assets/2.md``, ``isms/assets/3.md``... Part ``n`` holds the entries ``(n - 1) * ROWS_PER_PART + 1``
to ``n * ROWS_PER_PART`` in register order (the order authors keep them), each row keeping its anchors
(``asset-a-00042``, and a former one if any), so a link to an entry is the part's URL with the same anchor.
:func:`placement` says where each entry is, and :class:`~isms.site.urls.Linker` uses it for every link to an entry.

The parts are left out of the navigation and of the search index (``search: exclude``): their rows
are register data, found through the register's page, the control pages and the exports, and parsing
hundreds of thousands of table cells was most of what search cost a large build. Documents and
control pages stay searchable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from isms.core import catalogue
from isms.site.html import Markup, esc, link, table, tag
from isms.site.memo import Inputs, Memo, fields
from isms.site.page import Page
from isms.site.urls import Linker, entry_ids

ROWS_PER_PART = 500
"""Most rows of one register table on one page."""
SPLIT = frozenset({"assets", "risks"})
"""Registers whose page lists its entries in parts once there are more than :data:`ROWS_PER_PART`."""


def part_uri(page: str, number: int) -> str:
    """The src_uri of part ``number`` (from 1) of a register page: the page itself for part 1."""
    if number == 1:
        return page
    return f"{page.removesuffix('.md')}/{number}.md"


def is_part(src_uri: str, page: str) -> bool:
    """Whether ``src_uri`` is a part (2, 3, ...) of the register page ``page``."""
    folder = page.removesuffix(".md") + "/"
    rest = src_uri.removeprefix(folder)
    return src_uri.startswith(folder) and rest.endswith(".md") and rest[:-3].isdigit() and int(rest[:-3]) > 1


def chunks(entries: Sequence[Any]) -> list[Sequence[Any]]:
    """The entries of each part, in order; one part (maybe empty) when they fit on one page."""
    if len(entries) <= ROWS_PER_PART:
        return [entries]
    return [entries[start : start + ROWS_PER_PART] for start in range(0, len(entries), ROWS_PER_PART)]


def placement(entries_of: Callable[[str], Sequence[Any]]) -> dict[str, dict[str, str]]:
    """For each split register with more than one part: the page (src_uri) of each entry, by id."""
    placed: dict[str, dict[str, str]] = {}
    for name in sorted(SPLIT):
        spec = catalogue.SPECS.get(name)
        if spec is None or spec.page is None:
            continue
        parts = chunks(entries_of(name))
        if len(parts) > 1:
            placed[name] = {
                spec.ident(entry): part_uri(spec.page, number)
                for number, part in enumerate(parts, start=1)
                for entry in part
            }
    return placed


def pager(links: Linker, register: str, entries: Sequence[Any], current: int) -> Markup:
    """The list of a register's parts, each with the ids it holds; the current one is not a link."""
    spec = catalogue.lookup(register)
    page = spec.page or ""
    parts = chunks(entries)
    items = []
    for number, part in enumerate(parts, start=1):
        span = f"{spec.ident(part[0])} – {spec.ident(part[-1])}" if part else ""
        label = f"{number}: {span}"
        items.append(
            tag("li", Markup(f"<strong>{esc(label)}</strong>"))
            if number == current
            else tag("li", link(links.to(part_uri(page, number)), label))
        )
    return Markup(f'<nav class="isms-parts" aria-label="parts"><ul>{"".join(items)}</ul></nav>')


def split_table(
    register: str,
    *,
    entries: Sequence[Any],
    title: str,
    headers: Iterable[object],
    row: Callable[[Linker, Any], list[object]],
    linker: Callable[[str], Linker],
    memo: Memo | None = None,
    reads: Callable[[Inputs], object] | None = None,
) -> tuple[Markup, list[Page]]:
    """The table of a register's entries for its own page, and the pages of its other parts.

    ``row(links, entry)`` gives the cells of one entry with links relative to the page it is on. With
    one part the table is the whole register and there are no other parts.

    With a ``memo``, a part's table is the last build's when its entries, the order of all entries and what
    ``reads`` gives are the same: ``reads`` names everything but the entries that a row shows (see
    :mod:`isms.site.memo`), so that an edit to one entry makes again only the part it is on.
    """
    spec = catalogue.lookup(register)
    page = spec.page or ""
    headers = list(headers)
    parts = chunks(entries)

    def render(number: int, part: Sequence[Any]) -> Markup:
        links = linker(part_uri(page, number))
        rows = [row(links, entry) for entry in part]
        ids = [entry_ids(register, spec.ident(entry)) for entry in part]
        shown = table(headers, rows, "isms-register", ids)
        if len(parts) == 1:
            return shown
        nav = pager(links, register, entries, number)
        return Markup(nav + shown + nav)

    if memo is not None and reads is not None:

        def kept(number: int, part: Sequence[Any]) -> Markup:
            return memo.made(
                f"{part_uri(page, number)}#table",
                lambda inputs: (reads(inputs), inputs.order(entries, spec.ident), fields(part)),
                lambda: render(number, part),
            )
    else:
        kept = render

    first = kept(1, parts[0])
    others = []
    for number, part in enumerate(parts[1:], start=2):
        uri, heading = part_uri(page, number), f"{title}, part {number} of {len(parts)}"
        other = Page(uri, heading, wide=True, listed=False, searchable=False)
        other.html(kept(number, part))
        others.append(other)
    return first, others
