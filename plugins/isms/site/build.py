"""All generated pages of the site, in navigation order."""

from __future__ import annotations

from isms.site.controls import control_pages
from isms.site.overview import overview_page
from isms.site.page import Page, Site
from isms.site.registers import asset_inventory_page, document_register_page, evidence_page, requirements_page
from isms.site.risks import risk_register_page, treatment_plan_page
from isms.site.soa import soa_page
from isms.site.traceability import traceability_page


def generated_pages(site: Site) -> list[Page]:
    """Every page under ``isms/``: overview, registers, then one page per control."""
    return [
        overview_page(site),
        soa_page(site),
        risk_register_page(site),
        treatment_plan_page(site),
        asset_inventory_page(site),
        document_register_page(site),
        requirements_page(site),
        evidence_page(site),
        traceability_page(site),
        *control_pages(site),
    ]
