"""A small, escaping HTML builder: every text goes through :func:`esc` unless it is already :class:`Markup`.

Register text is author input and ends up in pages; building HTML only through these helpers is what
keeps ``<script>alert(1)</script>`` in a risk title showing as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping


class Markup(str):
    """HTML that is already safe to insert as it is."""

    __slots__ = ()


Content = "str | Markup | int | float | None"


def esc(value: object) -> Markup:
    """``value`` as safe HTML: Markup stays as it is, anything else is escaped text.

    What ``html.escape(text, quote=True)`` gives, written out: a page of 20,000 rows escapes a million
    cells, and the call was a third of the time.
    """
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(text.replace('"', "&quot;").replace("'", "&#x27;"))


# Every ASCII character that is not a letter, a digit or a space: the characters Markdown and its extensions
# give a meaning to (emphasis, links, images, attribute lists, tables, lists, headings, code, HTML, entities,
# smart quotes, emoji, ...), and the line breaks and tabs that start blocks.
_MARKDOWN_SYNTAX = re.compile(r"[\x00-\x1f!-/:-@\[-`{-\x7f]")
_ENTITY = r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
_MARKUP_TOKEN = re.compile(r"(<[^<>]*>)|(" + _ENTITY + r")|([\x00-\x1f!-/:-@\[-`{-\x7f])")
_TEMPLATE_SYNTAX = re.compile(r"[{}\[\]]")
_ATTRIBUTE_VALUE = re.compile(r'"([^"]*)"')


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def _inert_markup(markup: str, in_tag: bool = False) -> str:
    """Markup with each character Markdown reads in its text and attribute values written as a reference."""

    def token(match: re.Match[str]) -> str:
        tag_text, entity, char = match.groups()
        if tag_text is not None:
            if in_tag:  # no tag inside an attribute value: its ``<`` would already be ``&lt;``
                return "".join(_reference(c) for c in tag_text)
            return _ATTRIBUTE_VALUE.sub(lambda value: f'"{_inert_markup(value.group(1), True)}"', tag_text)
        if entity is not None:
            return entity
        return _reference(char)

    return _MARKUP_TOKEN.sub(token, markup)


def inert(value: object) -> Markup:
    """``value`` as HTML that Markdown leaves exactly as it is, for text that goes into Markdown source.

    Escaping for HTML is not enough there: Markdown still reads ``*``, ``[x](javascript:…)``, ``![](…)``
    and ``{: onclick=… }`` in escaped text. Here every ASCII character that is not a letter, digit or space
    becomes a numeric character reference (``&#42;``), which Markdown passes through untouched and the
    browser shows as the character itself; a newline becomes ``&#10;``, so the text cannot start a block.
    :class:`Markup` keeps its tags (the builder's own HTML, e.g. a macro's link): only its text and
    attribute values are treated so.
    """
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return Markup(_inert_markup(value))
    return Markup(_MARKDOWN_SYNTAX.sub(lambda match: _reference(match.group()), str(value)))


def page_title(value: object) -> Markup:
    """A page title as the theme wants it: HTML, which its templates put in ``<title>``, the navigation,
    the header and the search index without escaping it (Material strips tags and unescapes a title
    that did not come from the page's meta).

    Braces and brackets are references too, so that no template engine (mkdocs-macros-plugin renders a
    page title holding ``{{``) reads the title as a template.
    """
    return Markup(_TEMPLATE_SYNTAX.sub(lambda match: _reference(match.group()), esc(value)))


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
    row_ids: Iterable[str | tuple[str, ...] | None] | None = None,
) -> Markup:
    """An HTML table; each cell is escaped text or Markup. ``row_ids`` give rows an anchor, or several: the
    row gets the first, and its first cell carries the others (an entry's former anchors)."""
    head = "".join(f"<th>{esc(header)}</th>" for header in headers)
    ids = iter(row_ids) if row_ids is not None else None
    body = []
    for row in rows:
        given = next(ids) if ids is not None else None
        anchors = (given,) if isinstance(given, str) else (given or ())
        opening = f'<tr id="{esc(anchors[0])}">' if anchors else "<tr>"
        former = "".join(f'<span id="{esc(alias)}"></span>' for alias in anchors[1:])
        cells = [f"<td>{former if index == 0 else ''}{esc(cell)}</td>" for index, cell in enumerate(row)]
        body.append(opening + "".join(cells) + "</tr>")
    classes = f' class="isms-table {esc(css)}"' if css else ' class="isms-table"'
    return Markup(
        f'<div class="isms-table-wrap"><table{classes}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


_ID_ATTRIBUTE = re.compile(r'<[^<>]*?\sid="([^"<>]*)"')


def anchor_ids(markup: str) -> set[str]:
    """The ids of the elements in ``markup``: the anchors a link may point to once it is on a page.

    Built by this module, an ``id="`` can only stand inside a tag (text and attribute values have their
    quotes escaped), so a scan of the tags finds every one.
    """
    return {html.unescape(value) for value in _ID_ATTRIBUTE.findall(markup)}


def ink(background: str) -> str:
    """Black or white, whichever reads better on a ``#rrggbb`` background."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 140 else "#ffffff"
