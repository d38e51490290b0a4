"""The pages the isms plugin generates under ``docs/isms/``, so that ``isms check`` knows them as the build does.

An author's page at one of these paths would be replaced by (or clash with) the generated one: the check
reports it at the file, and the build stops on that error, so the two never disagree. The site's page
modules name their pages under :data:`AREA`; a test proves that every page they generate is one that
:func:`is_generated` knows.
"""

from __future__ import annotations

from isms.core import catalogue

AREA = "isms"
"""The folder under ``docs/`` that holds the generated pages (their URLs are stable)."""

_OWN_PAGES = frozenset({"index.md", "documents.md", "traceability.md", "evidence-requests.md", "changes.md"})
"""The site's pages that are not a register's own: the overview, the document register, traceability, the evidence
request list, changes."""
_FAMILIES = ("controls/", "reference/")
"""Folders the plugin fills entirely: one page per control, and the reference pages."""


def is_generated(src_uri: str) -> bool:
    """Whether ``src_uri`` (relative to ``docs/``) is, or may be, a page the plugin generates."""
    folder, _, rest = src_uri.partition("/")
    if folder != AREA or not rest:
        return False
    if rest in _OWN_PAGES or rest.startswith(_FAMILIES):
        return True
    # A register's page, or a part of it (isms/assets/2.md: a large register's entries, split over pages).
    return any(
        spec.page is not None and (spec.page == src_uri or src_uri.startswith(spec.page.removesuffix(".md") + "/"))
        for spec in catalogue.registers()
    )
