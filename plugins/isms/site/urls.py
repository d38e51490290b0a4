"""Stable URLs of generated pages and anchors, and links between pages as MkDocs will serve them.

A register's page and the anchor prefix of its entries are declared in the catalogue
(:mod:`isms.core.catalogue`); the names below are those declarations, kept for the pages that build them.
"""

from __future__ import annotations

import html
import posixpath
import re

from isms.core import catalogue
from isms.core.generated import AREA as PREFIX


def register_page(name: str) -> str:
    """The generated page of register ``name``, as the catalogue declares it."""
    page = catalogue.SPECS[name].page
    if page is None:
        raise ValueError(f"the {name} register has no page")
    return page


SOA = register_page("soa")
RISKS = register_page("risks")
TREATMENTS = register_page("treatments")
ASSETS = register_page("assets")
REQUIREMENTS = register_page("requirements")
EVIDENCE = register_page("evidence")
AUDITS = register_page("audits")
NONCONFORMITIES = register_page("nonconformities")
REVIEWS = register_page("reviews")
OBJECTIVES = register_page("objectives")
SUPPLIERS = register_page("suppliers")
INCIDENTS = register_page("incidents")
IMPROVEMENTS = register_page("improvements")
EXCEPTIONS = register_page("exceptions")
CONTEXT = register_page("context")
PARTIES = register_page("parties")
COMPETENCE = register_page("competence")
COMMUNICATIONS = register_page("communications")
CERTIFICATION = register_page("isms")
DOCUMENTS = f"{PREFIX}/documents.md"
TRACEABILITY = f"{PREFIX}/traceability.md"
EVIDENCE_REQUESTS = f"{PREFIX}/evidence-requests.md"
OVERVIEW = f"{PREFIX}/index.md"
CONTROLS = f"{PREFIX}/controls/"  # one page per control under it


def _slug(ident: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")


def anchor(kind: str, ident: str) -> str:
    """An HTML id for an entry, e.g. ``risk-r-007``; stable as long as the entry's id is.

    ``kind`` is the prefix a register declares (``nc`` for nonconformities), or one of the site's own
    (``clause``, ``finding``, ``cb``, ``document``). An id that starts with the prefix already keeps it once:
    ``NC-2026-02`` is ``nc-2026-02``, not ``nc-nc-2026-02`` (see :func:`former_anchor`)."""
    slug = _slug(ident)
    return slug if slug.startswith(f"{kind}-") else f"{kind}-{slug}"


def former_anchor(kind: str, ident: str) -> str | None:
    """The anchor an entry had before ids that start with their prefix stopped doubling it (``nc-nc-2026-02``),
    when it differs from today's: pages keep it beside the new one, so links already shared still land."""
    former = f"{kind}-{_slug(ident)}"
    return None if former == anchor(kind, ident) else former


def entry_anchor(register: str, ident: str) -> str:
    """The anchor of an entry on its register's page, with the prefix the register declares (``nc-2026-02``)."""
    spec = catalogue.lookup(register)
    if spec.fragment is None:
        raise ValueError(f"the {spec.name} register has no page to anchor its entries on")
    return anchor(spec.fragment, ident)


def entry_ids(register: str, ident: str) -> tuple[str, ...]:
    """Every anchor an entry has on its register's page: :func:`entry_anchor`, then its former one if any."""
    spec = catalogue.lookup(register)
    former = former_anchor(spec.fragment, ident) if spec.fragment else None
    return (entry_anchor(register, ident), *([former] if former else []))


def aliases(ids: tuple[str, ...]) -> str:
    """Empty elements carrying an entry's former anchors (all of ``ids`` but the first), to put inside it."""
    return "".join(f'<span id="{html.escape(alias)}"></span>' for alias in ids[1:])


def control_page(control: str) -> str:
    """``isms/controls/5-15.md`` for control 5.15."""
    return CONTROLS + re.sub(r"[^A-Za-z0-9]+", "-", control).strip("-").lower() + ".md"


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

    def __init__(self, page: str, directory_urls: bool = True, placed: dict[str, dict[str, str]] | None = None) -> None:
        self.page = page
        self.directory_urls = directory_urls
        self.placed = placed or {}  # register -> entry id -> the part of its page it is on (isms.site.parts)
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

    def entry(self, register: str, ident: str) -> str:
        """Link to an entry on its register's page: ``entry("risks", "R-007")`` (or by kind, ``"risk"``)."""
        spec = catalogue.lookup(register)
        if spec.page is None:
            raise ValueError(f"the {spec.name} register has no page to link its entries to")
        placed = self.placed.get(spec.name)
        page = placed.get(ident, spec.page) if placed is not None else spec.page
        return self.to(page, entry_anchor(register, ident))

    def control(self, control: str) -> str:
        return self.to(control_page(control))

    def clause(self, clause: str) -> str:
        return self.to(SOA, anchor("clause", clause))

    def document(self, src_uri: str) -> str:
        return self.to(src_uri)

    def finding(self, finding: str) -> str:
        """An audit finding: part of an audit, anchored on the audit programme's page."""
        return self.to(AUDITS, anchor("finding", finding))

    # The built-in registers by name, for the pages that link to them often.

    def soa(self, control: str) -> str:
        return self.entry("soa", control)

    def risk(self, risk: str) -> str:
        return self.entry("risks", risk)

    def treatment(self, treatment: str) -> str:
        return self.entry("treatments", treatment)

    def asset(self, asset: str) -> str:
        return self.entry("assets", asset)

    def requirement(self, requirement: str) -> str:
        return self.entry("requirements", requirement)

    def evidence(self, evidence: str) -> str:
        return self.entry("evidence", evidence)

    def audit(self, audit: str) -> str:
        return self.entry("audits", audit)

    def nonconformity(self, nonconformity: str) -> str:
        return self.entry("nonconformities", nonconformity)

    def review(self, review: str) -> str:
        return self.entry("reviews", review)

    def objective(self, objective: str) -> str:
        return self.entry("objectives", objective)

    def certification_audit(self, audit: str) -> str:
        """A certification body audit: part of registers/isms.yml, anchored on the certification page."""
        return self.to(CERTIFICATION, anchor("cb", audit))
