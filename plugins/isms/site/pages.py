"""All generated pages of the site, in navigation order: whatever the page registry holds.

Importing the modules below registers their pages (:func:`isms.site.registry.page`); their order in the
navigation is each registration's ``order``, not the order of these imports.
"""

from __future__ import annotations

from collections.abc import Collection

from isms.site import (  # noqa: F401
    audits,
    certification,
    changes,
    communications,
    competence,
    context,
    controls,
    dashboard,
    evidence_requests,
    exceptions,
    improvements,
    incidents,
    nonconformities,
    objectives,
    reference,
    registers,
    reviews,
    risks,
    soa,
    suppliers,
    traceability,
)
from isms.site.page import Page, Site
from isms.site.registry import ordered


def generated_pages(site: Site) -> list[Page]:
    """Every page under ``isms/``: overview, registers, then one page per control."""
    return paper_pages(site, None)[0]


def paper_pages(site: Site, printed: Collection[str] | None) -> tuple[list[Page], list[str]]:
    """The pages of ``printed`` builders (all when None), and those of every builder that cannot name its pages
    without making them; and the names of the pages left out, for a build for paper (``isms pack``): they
    are known, so that links to them stay, and nothing of them is made."""
    pages: list[Page] = []
    left: list[str] = []
    for spec in ordered():
        named = spec.pages(site) if printed is not None and spec.src_uri not in printed else None
        if named is not None:
            left += named
            continue
        built = spec.build(site)
        pages += built if isinstance(built, list) else [built]
    return pages, left
