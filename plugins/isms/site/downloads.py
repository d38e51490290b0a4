"""Links from a register page to its exports (XLSX, CSV, JSON) under ``isms/exports/``."""

from __future__ import annotations

import posixpath

from isms.site.html import Markup, esc, link
from isms.site.urls import PREFIX, page_url

EXPORTS_DIR = f"{PREFIX}/exports"


def export_path(name: str) -> str:
    """Site path of an export file, e.g. ``isms/exports/soa.xlsx``."""
    return f"{EXPORTS_DIR}/{name}"


def downloads(page: str, kind: str, directory_urls: bool, formats: tuple[str, ...] = ("xlsx", "csv", "json")) -> Markup:
    """'Download: XLSX · CSV · JSON' for the export ``kind``, linked relative to ``page``."""
    url = page_url(page, directory_urls)
    base = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
    links = [
        link(posixpath.relpath(export_path(f"{kind}.{fmt}"), base or "."), fmt.upper(), f"{kind}.{fmt}")
        for fmt in formats
    ]
    return Markup('<p class="isms-downloads">Download: ' + esc(" · ").join(links) + "</p>")
