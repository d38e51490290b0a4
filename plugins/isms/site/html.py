"""A small, escaping HTML builder: every text goes through :func:`esc` unless it is already :class:`Markup`.

Register text is author input and ends up in pages; building HTML only through these helpers is what
keeps ``<script>alert(1)</script>`` in a risk title showing as text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping


class Markup(str):
    """HTML that is already safe to insert as it is."""

    __slots__ = ()


Content = "str | Markup | int | float | None"


def esc(value: object) -> Markup:
    """``value`` as safe HTML: Markup stays as it is, anything else is escaped text."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(html.escape(str(value), quote=True))


def join(parts: Iterable[object], separator: str = ", ") -> Markup:
    return Markup(esc(separator).join(esc(part) for part in parts))


def tag(name: str, content: object = "", attrs: Mapping[str, object | None] | None = None) -> Markup:
    """``<name attrs>content</name>``; attributes whose value is None are left out."""
    rendered = "".join(
        f' {key}="{esc(value)}"' if value is not True else f" {key}"
        for key, value in (attrs or {}).items()
        if value is not None and value is not False
    )
    return Markup(f"<{name}{rendered}>{esc(content)}</{name}>")


def link(href: str, text: object, title: str | None = None) -> Markup:
    """A link; a short label without spaces (an id such as R-0012) is kept on one line."""
    label = str(text)
    short = " " not in label and len(label) <= 16
    return tag("a", text, {"href": href, "title": title, "class": "isms-id" if short else None})


def badge(text: str, kind: str) -> Markup:
    """A small coloured label, e.g. a status; ``kind`` picks the colour class."""
    return tag("span", text, {"class": f"isms-badge isms-{kind}"})


def table(
    headers: Iterable[object],
    rows: Iterable[Iterable[object]],
    css: str = "",
    row_ids: Iterable[str | None] | None = None,
) -> Markup:
    """An HTML table; each cell is escaped text or Markup. ``row_ids`` give rows an anchor."""
    head = "".join(f"<th>{esc(header)}</th>" for header in headers)
    ids = iter(row_ids) if row_ids is not None else None
    body = []
    for row in rows:
        anchor = next(ids) if ids is not None else None
        opening = f'<tr id="{esc(anchor)}">' if anchor else "<tr>"
        body.append(opening + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>")
    classes = f' class="isms-table {esc(css)}"' if css else ' class="isms-table"'
    return Markup(
        f'<div class="isms-table-wrap"><table{classes}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def ink(background: str) -> str:
    """Black or white, whichever reads better on a ``#rrggbb`` background."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 140 else "#ffffff"
