"""The auditor's pack: one PDF of a built site's SoA, risk register, RTP and approved policies and procedures.

The PDF is made from the pages the site build wrote, not from a second renderer: each chapter is the
``<article>`` of one built HTML page, exactly as the site shows it (register text was escaped when the page
was rendered, by :mod:`isms.site.html`). Only what the build wrote can be in the pack, so a restricted
audience's pack holds what its site holds and nothing more. Links between the chosen pages become links
inside the PDF (a control's page becomes its row of the SoA); links to pages left out become plain text.

WeasyPrint lays the book out with print CSS (``site/assets/pack.css``): a cover, a table of contents with
page numbers, landscape register pages, running headers with the document id and version and footers
with "page X of Y" and the classification. It fetches nothing from the network, and the bytes depend
only on the site and the facts given: the dates and the PDF identifier come from the commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from isms.core.audience import RANK
from isms.core.repository import Document, Model
from isms.site.html import Markup, esc, tag
from isms.site.urls import RISKS, SOA, TREATMENTS, page_url

DOCUMENT_TYPES = ("policy", "procedure")
"""The documents a pack holds after the registers, when approved: the ones an auditor reads whole."""
REGISTERS = (
    ("soa", SOA, "Statement of Applicability"),
    ("risks", RISKS, "Risk register"),
    ("treatments", TREATMENTS, "Risk treatment plan"),
)
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.DOTALL)
CONTROL_PAGE = re.compile(r"isms/controls/([^/]+)\.html")
ATTRIBUTE = re.compile(r'(\s)(id|href|xlink:href|src)="([^"]*)"', re.IGNORECASE)


class PackError(Exception):
    """The pack cannot be made; the message says why."""


@dataclass(frozen=True)
class Chapter:
    """One built page of the site, as a chapter of the pack."""

    key: str  # the chapter's anchor; its ids become KEY--ID
    url: str  # the built page, relative to the site folder (``isms/soa.html``)
    title: str
    running: str  # the running header: document id and version
    classification: str
    landscape: bool = False


@dataclass(frozen=True)
class Cover:
    organisation: str
    scope: str
    version: str
    commit: str
    as_of: dt.date
    epoch: int  # the commit time: the PDF's dates
    audience: str | None
    archive_sha256: str | None = None


def _key(url: str, taken: set[str]) -> str:
    """The anchor of a chapter: its page's path in letters, digits and ``-``, unique in the pack."""
    key = base = "c-" + re.sub(r"[^a-z0-9]+", "-", posixpath.splitext(url)[0].lower()).strip("-")
    number = 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    taken.add(key)
    return key


def _register_header(model: Model, name: str) -> tuple[str, str]:
    """The version and classification of a register's files (the highest classification of several)."""
    files = [file for file in model.files if file.register == name and file.header is not None]
    if not files:
        return "", "internal"
    level = max((file.header.classification for file in files if file.header), key=lambda c: RANK.get(c, 2))
    versions = sorted({str(file.header.version) for file in files if file.header})
    return ", ".join(versions), level


def chapters(model: Model, site: Path) -> list[Chapter]:
    """The pages of the pack, in order, that the build at ``site`` wrote: the registers, the scope document,
    then the approved policies and procedures by id."""
    out = []
    taken: set[str] = set()
    for name, src_uri, title in REGISTERS:
        url = page_url(src_uri, directory_urls=False)
        if (site / url).is_file():
            version, level = _register_header(model, name)
            running = f"{title} · version {version}" if version else title
            out.append(Chapter(_key(url, taken), url, title, running, level, landscape=True))
    scope = model.isms.scope if model.isms else None
    approved = [d for d in model.documents if d.meta.status == "approved"]
    documents: Iterable[Document] = [
        *(d for d in approved if d.id == scope),  # the ISMS scope (4.3) first, whatever its type
        *sorted(
            (d for d in approved if d.meta.type in DOCUMENT_TYPES and d.id != scope),
            key=lambda d: (DOCUMENT_TYPES.index(d.meta.type), d.id),
        ),
    ]
    for document in documents:
        url = page_url(document.src_uri, directory_urls=False)
        if (site / url).is_file():
            meta = document.meta
            running = f"{document.id} · version {meta.version}"
            title = f"{document.id} {meta.title}"
            out.append(Chapter(_key(url, taken), url, title, running, meta.classification))
    return out


def article(page_html: str, url: str) -> str:
    """The content of a built page: Material's article, without the theme around it."""
    found = ARTICLE.search(page_html)
    if found is None:
        raise PackError(f"{url} has no article: was the site built with the Material theme?")
    return found.group(1)


class _Ids(HTMLParser):
    """Every id of a chapter."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)


class _Rewriter(HTMLParser):
    """A chapter's HTML with its ids prefixed by the chapter's key and its links pointing inside the pack.

    Start tags are rewritten only where they hold an id, a link or an image; everything else (text, end
    tags, SVG with its case-sensitive names) is copied as the build wrote it.
    """

    def __init__(self, book: Book, chapter: Chapter) -> None:
        super().__init__(convert_charrefs=False)
        self.book = book
        self.chapter = chapter
        self.out: list[str] = []

    def _attribute(self, match: re.Match[str]) -> str:
        space, name, raw = match.groups()
        value = html.unescape(raw)
        lowered = name.lower()
        if lowered == "id":
            return f'{space}id="{esc(f"{self.chapter.key}--{value}")}"'
        if lowered == "src":
            return f'{space}src="{esc(self.book.image(self.chapter.url, value))}"'
        resolved = self.book.target(self.chapter.url, value)
        return f'{space}{name}="{esc(resolved)}"' if resolved is not None else ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text() or ""
        self.out.append(ATTRIBUTE.sub(self._attribute, text))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")  # lower case, which HTML matches to SVG's mixed-case names too

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


class Book:
    """The HTML of the whole pack, built chapter by chapter from the site's pages."""

    def __init__(self, site: Path, chapters: list[Chapter]) -> None:
        self.site = site
        self.chapters = chapters
        self.keys = {chapter.url: chapter.key for chapter in chapters}
        self.pages = {chapter.url: article(self._read(chapter.url), chapter.url) for chapter in chapters}
        self.ids: dict[str, set[str]] = {}
        for chapter in chapters:
            parser = _Ids()
            parser.feed(self.pages[chapter.url])
            parser.close()
            self.ids[chapter.url] = parser.ids

    def _read(self, url: str) -> str:
        return (self.site / url).read_text(encoding="utf-8")

    def target(self, page: str, href: str) -> str | None:
        """Where a link of ``page`` leads inside the pack, or None when it leads to a page left out."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return href if parts.scheme in ("http", "https", "mailto") else None
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
        fragment = unquote(parts.fragment)
        control = CONTROL_PAGE.fullmatch(path)
        if control is not None and path not in self.keys:  # a control's page: its row of the SoA
            path, fragment = page_url(SOA, directory_urls=False), f"soa-{control.group(1)}"
        if path not in self.keys:
            return None
        if fragment and fragment in self.ids[path]:
            return f"#{self.keys[path]}--{fragment}"
        return f"#{self.keys[path]}"

    def image(self, page: str, src: str) -> str:
        """An image's address relative to the site folder (the base of the whole book)."""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            return src  # refused by the fetcher: nothing leaves the site folder
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))

    def chapter_html(self, chapter: Chapter) -> str:
        rewriter = _Rewriter(self, chapter)
        rewriter.feed(self.pages[chapter.url])
        rewriter.close()
        classes = "pack-chapter md-typeset" + (" pack-landscape" if chapter.landscape else "")
        attributes = {
            "class": classes,
            "id": chapter.key,
            "data-running": chapter.running,
            "data-classification": chapter.classification,
        }
        return str(tag("section", Markup("".join(rewriter.out)), attributes))


def level_of(chapters: Iterable[Chapter]) -> str:
    """The highest classification in the pack: the cover's and the contents'."""
    return max((chapter.classification for chapter in chapters), key=lambda c: RANK.get(c, 2), default="internal")


def cover_html(cover: Cover, chapters: list[Chapter]) -> str:
    when = dt.datetime.fromtimestamp(cover.epoch, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = [
        ("Scope", cover.scope or "—"),
        ("Version", cover.version),
        ("Commit", Markup(tag("code", cover.commit))),
        ("Commit date", when),
        ("Dates judged as of", cover.as_of.isoformat()),
        ("Audience", cover.audience or "everyone (no audience restriction)"),
        ("Classification", level_of(chapters)),
    ]
    if cover.archive_sha256:
        rows.append(("Snapshot SHA-256", Markup(tag("code", cover.archive_sha256))))
    facts = "".join(tag("tr", Markup(tag("th", label) + tag("td", value))) for label, value in rows)
    body = Markup(
        tag("p", cover.organisation, {"class": "pack-organisation"})
        + tag("h1", "Information Security Management System", {"class": "pack-title"})
        + tag("p", "ISO/IEC 27001:2022 — auditor's pack", {"class": "pack-subtitle"})
        + tag("table", Markup(facts), {"class": "pack-facts"})
    )
    toc = "".join(tag("li", tag("a", chapter.title, {"href": f"#{chapter.key}"})) for chapter in chapters)
    contents = Markup(tag("h1", "Contents") + tag("ul", Markup(toc)))
    level = level_of(chapters)
    running = {"data-running": f"{cover.organisation} · version {cover.version}", "data-classification": level}
    return str(
        tag("section", Markup(body), {"class": "pack-cover", "data-organisation": cover.organisation, **running})
        + tag("nav", Markup(contents), {"class": "pack-toc", **running})
    )


def book_html(site: Path, chapters: list[Chapter], cover: Cover) -> str:
    """The whole pack as one HTML document."""
    book = Book(site, chapters)
    created = dt.datetime.fromtimestamp(cover.epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    title = f"{cover.organisation} ISMS {cover.version}".strip()
    head = (
        tag("meta", None, {"charset": "utf-8"})
        + tag("title", title)
        + tag("meta", None, {"name": "author", "content": cover.organisation})
        + tag("meta", None, {"name": "description", "content": f"ISO/IEC 27001:2022 ISMS, commit {cover.commit}"})
        + tag("meta", None, {"name": "keywords", "content": "ISMS, ISO/IEC 27001, Statement of Applicability"})
        + tag("meta", None, {"name": "generator", "content": "isms pack"})
        + tag("meta", None, {"name": "dcterms.created", "content": created})
        + tag("meta", None, {"name": "dcterms.modified", "content": created})
    )
    body = cover_html(cover, chapters) + "".join(book.chapter_html(chapter) for chapter in chapters)
    return f'<!DOCTYPE html>\n<html lang="en"><head>{head}</head><body>{body}</body></html>\n'


def stylesheets() -> list[str]:
    """The site's own stylesheet (badges, tables, heat maps) and the pack's print rules."""
    assets = resources.files("isms.site") / "assets"
    return [(assets / "isms.css").read_text(encoding="utf-8"), (assets / "pack.css").read_text(encoding="utf-8")]


def identifier(commit: str, version: str, audience: str | None) -> str:
    """The PDF's identifier (the first of its ``/ID``): the same for every pack of one commit, version and
    audience, so that a later run knows its own pack from another PDF under the same name."""
    return hashlib.sha256(f"{commit}\0{version}\0{audience}".encode()).hexdigest()[:32]


def made_as(path: Path, ident: str) -> bool:
    """Whether the PDF at ``path`` carries ``ident`` as its identifier (read from the trailer at its end)."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 65536))
        tail = handle.read()
    return f"/ID [({ident}) ".encode() in tail


def render(site: Path, chapters: list[Chapter], cover: Cover, variant: str | None = "pdf/a-3b") -> bytes:
    """The PDF of the pack: the same bytes for the same site and cover."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 - heavy; only the pack needs it
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    folder = site.resolve()
    base = folder.as_uri() + "/"

    class SiteOnly(URLFetcher):
        """Offline: files of the built site only, never the network nor a file outside the site."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = Path(unquote(urlsplit(url).path)).resolve() if url.startswith("file:") else None
            if path is None or not path.is_relative_to(folder):
                raise PackError(f"the pack fetches nothing outside the built site: {url}")
            return super().fetch(url, headers)

    fetch = SiteOnly(allowed_protocols=("file",))
    document = HTML(string=book_html(site, chapters, cover), base_url=base, url_fetcher=fetch)
    ident = identifier(cover.commit, cover.version, cover.audience)
    css = [CSS(string=text, url_fetcher=fetch, base_url=base) for text in stylesheets()]
    pdf = document.write_pdf(stylesheets=css, pdf_identifier=ident.encode(), pdf_variant=variant)
    if pdf is None:  # pragma: no cover - only when a target is given
        raise PackError("WeasyPrint wrote no PDF")
    return bytes(pdf)


def write_pack(model: Model, site: Path, cover: Cover) -> bytes:
    """The pack of the site built at ``site`` from ``model``; PackError when it would be empty."""
    chosen = chapters(model, site)
    if not chosen:
        raise PackError("the site holds no SoA, risk register, RTP or approved policy or procedure to pack")
    return render(site, chosen, cover)
