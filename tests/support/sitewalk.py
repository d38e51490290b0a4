"""Walk a built site: every internal link and anchor must lead somewhere; every file's text, for leak tests."""

from __future__ import annotations

import gzip
import posixpath
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key):
                self.ids.add(values[key] or "")
        if tag in ("a", "link") and values.get("href"):
            self.links.append(values["href"] or "")
        if tag in ("script", "img") and values.get("src"):
            self.links.append(values["src"] or "")


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path, skip: tuple[str, ...] = ("404.html",)) -> list[str]:
    """``page -> href`` for every internal link whose file or anchor does not exist."""
    pages = {path.relative_to(site).as_posix(): _parse(path) for path in sorted(site.rglob("*.html"))}
    broken = []
    for name, page in pages.items():
        if name in skip:
            continue
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue  # external links are checked elsewhere (no requests may leave the site)
            target = (
                name
                if not parts.path
                else posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
            )
            if parts.path.endswith("/") or (site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if not (site / target).is_file():
                broken.append(f"{name} -> {href} (no {target})")
                continue
            if parts.fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else _parse(site / target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{name} -> {href} (no #{parts.fragment} in {target})")
    return broken


def external_references(site: Path) -> list[str]:
    """Every link, script, stylesheet or image that points off the site."""
    found = []
    for path in sorted(site.rglob("*.html")):
        for href in _parse(path).links:
            if urlsplit(href).scheme in ("http", "https") or href.startswith("//"):
                found.append(f"{path.relative_to(site).as_posix()} -> {href}")
    return found


def everything(site: Path) -> str:
    """The text of every file of the site: pages, search index, sitemap (also gzipped), exports (also zipped)."""
    parts = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts)
