"""All generated pages of the site, in navigation order."""

from __future__ import annotations

from isms.site.audits import audits_page
from isms.site.certification import certification_page
from isms.site.changes import changes_page
from isms.site.controls import control_pages
from isms.site.dashboard import dashboard_page
from isms.site.nonconformities import nonconformities_page
from isms.site.objectives import objectives_page
from isms.site.page import Page, Site
from isms.site.reference import reference_pages
from isms.site.registers import asset_inventory_page, document_register_page, evidence_page, requirements_page
from isms.site.reviews import reviews_page
from isms.site.risks import risk_register_page, treatment_plan_page
from isms.site.soa import soa_page
from isms.site.traceability import traceability_page


def generated_pages(site: Site) -> list[Page]:
    """Every page under ``isms/``: overview, registers, then one page per control."""
    return [
        dashboard_page(site),
        soa_page(site),
        risk_register_page(site),
        treatment_plan_page(site),
        asset_inventory_page(site),
        document_register_page(site),
        requirements_page(site),
        evidence_page(site),
        traceability_page(site),
        audits_page(site),
        nonconformities_page(site),
        reviews_page(site),
        objectives_page(site),
        certification_page(site),
        changes_page(site),
        *control_pages(site),
        *reference_pages(site),
    ]
