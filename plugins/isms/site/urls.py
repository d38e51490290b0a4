"""Stable URLs of generated pages and anchors, and links between pages as MkDocs will serve them."""

from __future__ import annotations

import posixpath
import re

PREFIX = "isms"
SOA = f"{PREFIX}/soa.md"
RISKS = f"{PREFIX}/risks.md"
TREATMENTS = f"{PREFIX}/treatment-plan.md"
ASSETS = f"{PREFIX}/assets.md"
DOCUMENTS = f"{PREFIX}/documents.md"
TRACEABILITY = f"{PREFIX}/traceability.md"
REQUIREMENTS = f"{PREFIX}/requirements.md"
EVIDENCE = f"{PREFIX}/evidence.md"
OVERVIEW = f"{PREFIX}/index.md"
AUDITS = f"{PREFIX}/audits.md"
NONCONFORMITIES = f"{PREFIX}/nonconformities.md"
REVIEWS = f"{PREFIX}/reviews.md"
OBJECTIVES = f"{PREFIX}/objectives.md"
CERTIFICATION = f"{PREFIX}/certification.md"


def anchor(kind: str, ident: str) -> str:
    """An HTML id for an entry, e.g. ``risk-r-007``; stable as long as the entry's id is."""
    return f"{kind}-" + re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")


def control_page(control: str) -> str:
    """``isms/controls/5-15.md`` for control 5.15."""
    return f"{PREFIX}/controls/" + re.sub(r"[^A-Za-z0-9]+", "-", control).strip("-").lower() + ".md"


def page_url(src_uri: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root (``isms/soa/`` or ``isms/soa.html``)."""
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if not directory_urls:
        return (
            f"{folder}/index.html"
            if folder and name == "README"
            else ("index.html" if name == "README" else f"{stem}.html")
        )
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/"


class Linker:
    """Relative links from one page to the others, as MkDocs would write them."""

    def __init__(self, page: str, directory_urls: bool = True) -> None:
        self.page = page
        self.directory_urls = directory_urls
        url = page_url(page, directory_urls)
        self._base = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
        self._relative: dict[str, str] = {}

    def to(self, src_uri: str, fragment: str = "") -> str:
        """Link to the page built from ``src_uri`` (relative to docs/), optionally to an anchor on it."""
        relative = self._relative.get(src_uri)
        if relative is None:  # a page links to the same few pages many times: work each out once
            relative = self._relative[src_uri] = self._relative_to(src_uri)
        if fragment:
            return f"{relative}#{fragment}"
        if not relative:  # a link to the page itself
            return "./" if self.directory_urls else posixpath.basename(page_url(self.page, False))
        return relative

    def _relative_to(self, src_uri: str) -> str:
        """The relative URL of ``src_uri``'s page; empty for this page itself."""
        if src_uri == self.page:
            return ""
        target = page_url(src_uri, self.directory_urls)
        relative = posixpath.relpath(target or ".", self._base.rstrip("/") or ".")
        if target.endswith("/") or not target:
            relative = relative.rstrip("/") + "/" if relative != "." else "./"
        return relative

    def control(self, control: str) -> str:
        return self.to(control_page(control))

    def soa(self, control: str) -> str:
        return self.to(SOA, anchor("soa", control))

    def clause(self, clause: str) -> str:
        return self.to(SOA, anchor("clause", clause))

    def risk(self, risk: str) -> str:
        return self.to(RISKS, anchor("risk", risk))

    def treatment(self, treatment: str) -> str:
        return self.to(TREATMENTS, anchor("treatment", treatment))

    def asset(self, asset: str) -> str:
        return self.to(ASSETS, anchor("asset", asset))

    def requirement(self, requirement: str) -> str:
        return self.to(REQUIREMENTS, anchor("requirement", requirement))

    def evidence(self, evidence: str) -> str:
        return self.to(EVIDENCE, anchor("evidence", evidence))

    def document(self, src_uri: str) -> str:
        return self.to(src_uri)

    def audit(self, audit: str) -> str:
        return self.to(AUDITS, anchor("audit", audit))

    def finding(self, finding: str) -> str:
        return self.to(AUDITS, anchor("finding", finding))

    def nonconformity(self, nonconformity: str) -> str:
        return self.to(NONCONFORMITIES, anchor("nc", nonconformity))

    def review(self, review: str) -> str:
        return self.to(REVIEWS, anchor("review", review))

    def objective(self, objective: str) -> str:
        return self.to(OBJECTIVES, anchor("objective", objective))

    def certification_audit(self, audit: str) -> str:
        return self.to(CERTIFICATION, anchor("cb", audit))
