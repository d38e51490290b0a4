"""Front matter of Markdown pages, found exactly as MkDocs finds it."""

from __future__ import annotations

import re

MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
"""The names MkDocs builds as pages (``mkdocs.utils.markdown_extensions``; the match is case-sensitive)."""

# The same pattern as MkDocs' own meta extraction (mkdocs.utils.meta), so that what we check is what
# MkDocs will use as page metadata.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
# Without front matter MkDocs reads MultiMarkdown-style "key: value" lines at the top of the page.
_META_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^(?:[ ]{4}|\t)\s*(?P<value>.*)")


def is_page(name: str) -> bool:
    """Whether MkDocs builds the file ``name`` as a page."""
    return name.endswith(MARKDOWN)


def looks_like_page(name: str) -> bool:
    """Whether ``name`` has a Markdown extension in another case (``.MD``): MkDocs copies it as it is."""
    return not is_page(name) and name.lower().endswith(MARKDOWN)


def lines(text: str) -> str:
    """``text`` with the line breaks MkDocs reads (it opens pages with universal newlines: CR LF, lone CR)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[str | None, str]:
    """``(front matter YAML or None, body)``; the YAML starts on line 2 of the file.

    ``text`` must have its line breaks normalised by :func:`lines` first, as MkDocs reads them.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None, text
    return match.group(1), text[match.end() :]


def multimarkdown(text: str) -> dict[str, tuple[str, int]]:
    """The MultiMarkdown-style metadata MkDocs takes from a page without front matter: key -> (value, line).

    A page starting ``classification: confidential`` has that classification for MkDocs, so it must
    have it for the audience filter too. Keys are lower-cased and continued lines joined, as MkDocs does.
    """
    data: dict[str, tuple[str, int]] = {}
    key = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        if match := _META_KEY.match(line):
            key = match.group("key").lower().strip()
            value = match.group("value").strip()
            data[key] = (f"{data[key][0]} {value}", data[key][1]) if key in data else (value, number)
        elif key is not None and (more := _META_MORE.match(line)):
            data[key] = (f"{data[key][0]} {more.group('value').strip()}", data[key][1])
        else:
            break
    return data
