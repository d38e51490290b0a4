"""All generated pages of the site, in navigation order: whatever the page registry holds.

Importing the modules below registers their pages (:func:`isms.site.registry.page`); their order in the
navigation is each registration's ``order``, not the order of these imports.
"""

from __future__ import annotations

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
    pages: list[Page] = []
    for spec in ordered():
        built = spec.build(site)
        pages += built if isinstance(built, list) else [built]
    return pages
