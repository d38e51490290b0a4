"""Front matter of Markdown pages, found exactly as MkDocs finds it."""

from __future__ import annotations

import re

# The same pattern as MkDocs' own meta extraction (mkdocs.utils.meta), so that what we check is what
# MkDocs will use as page metadata.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


def split(text: str) -> tuple[str | None, str]:
    """``(front matter YAML or None, body)``; the YAML starts on line 2 of the file."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None, text
    return match.group(1), text[match.end() :]
