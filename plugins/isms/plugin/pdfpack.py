"""The auditor's pack: one PDF of a built site's SoA, risk register, RTP and approved policies and procedures.

The PDF is made from the pages the site build wrote, not from a second renderer: each chapter is the
``<article>`` of one built HTML page, exactly as the site shows it (register text was escaped when the page
was rendered, by :mod:`isms.site.html`). Only what the build wrote can be in the pack, so a restricted
audience's pack holds what its site holds and nothing more. Links between the chosen pages become links
inside the PDF (a control's page becomes its row of the SoA); links to pages left out become plain text.
A register the site splits into parts (:mod:`isms.site.parts`) is one chapter holding every part in order,
so a link to any entry, on whichever part, leads to its row.

Chromium prints the book with print CSS (``site/assets/pack.css`` and an ``@page`` rule per chapter): a
cover, a table of contents with page numbers, landscape register pages, running headers with the document id
and version and footers with "page X of Y" and the classification. Its print time grows with what it prints,
faster than linearly (Blink looks for every linked element on every page it prints:
``PrintContext::OutputLinkedDestinations``), so the book is printed as groups (:func:`groups`): each
register, a split register's parts a few at a time and the documents some hundreds at a time, by two
Chromiums at a time, those with the most links first, without headers or footers; the first group starts
with the cover and contents, their numbers blank, to count their pages. A link to an anchor that another group prints is
printed as a link to :data:`FAR` and made a link to the named destination when the groups are merged; each
group holds a hidden link to every anchor the others link to, so that Chromium writes its destination. One
pypdf writer merges the groups in the book's order as they are printed. Chromium has no ``target-counter``
and a group cannot know the pages before it: once every group is printed, the chapters' first pages are read
from their destinations and an overlay is printed, in two parts at once: the cover and contents with the
numbers, then one blank page for each page of the groups with its chapter's running header and "page X of
Y". pypdf's ``merge_page`` draws each blank page over its group's page (whose contents are compressed again),
and the writer adds the metadata, the outline and one ``/Dests`` of every group's destinations. Chromium
runs offline (no name resolves, the page's Content-Security-Policy allows no script and only the site's
files), and the bytes depend only on the site, the facts given and the Chromium version (its Producer line
names it): the dates and the PDF identifier come from the commit.

WeasyPrint laid the pack out until it proved fifteen times slower than the site build on a large ISMS;
Chromium is what the browser tests drive already. At 1,000 documents and 5,000 risks (1,729 pages) the book
printed as one document took 62 s of CPU; as the groups above, their prints take about 40 s and pypdf's merge
of their 110,000 objects about 15 s (``tests/benchmarks/bench_pack.py`` times the whole pack;
``ISMS_PACK_TIMES=1`` says each stage's time on stderr).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import io
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urlsplit

from isms.core.audience import RANK
from isms.core.repository import Document, Model
from isms.site.html import Markup, esc, tag
from isms.site.parts import part_uri
from isms.site.urls import RISKS, SOA, TREATMENTS, page_url

if TYPE_CHECKING:
    from pypdf import PageObject
    from pypdf.generic import IndirectObject

DOCUMENT_TYPES = ("policy", "procedure")
"""The documents a pack holds after the registers, when approved: the ones an auditor reads whole."""
REGISTERS = (
    ("soa", SOA, "Statement of Applicability"),
    ("risks", RISKS, "Risk register"),
    ("treatments", TREATMENTS, "Risk treatment plan"),
)
PRINTED = frozenset(src_uri for _, src_uri, _ in REGISTERS)
"""The generated pages the pack prints: a build for paper makes no other (see ``paper`` of the isms plugin)."""
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
    parts: tuple[str, ...] = ()  # the built pages of a split register's further parts, in order

    @property
    def urls(self) -> tuple[str, ...]:
        """Every built page of the chapter: its own, then its parts'."""
        return (self.url, *self.parts)


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


def parts_of(src_uri: str, site: Path) -> tuple[str, ...]:
    """The built pages of a register's parts 2, 3, ... (:mod:`isms.site.parts`), as many as the build wrote."""
    found: list[str] = []
    while (site / (url := page_url(part_uri(src_uri, len(found) + 2), directory_urls=False))).is_file():
        found.append(url)
    return tuple(found)


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
            more = parts_of(src_uri, site)  # a split register: every part, in order, is one chapter
            out.append(Chapter(_key(url, taken), url, title, running, level, landscape=True, parts=more))
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


TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>"  # comments and declarations: dropped
    r"|<[a-zA-Z][^\s/>]*(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*\s*/?>",  # a start tag
    re.DOTALL,
)
"""What a chapter's rewriting looks at; text and end tags between these are copied as the build wrote them."""
ID = re.compile(r'\sid="([^"]*)"')


def ids_of(page_html: str) -> set[str]:
    """Every id of a chapter (the site writes attributes in double quotes)."""
    return {html.unescape(value) for value in ID.findall(page_html)}


class _Rewriter:
    """A chapter's HTML with its ids prefixed by the chapter's key and its links pointing inside the pack.

    Start tags are rewritten only where they hold an id, a link or an image; comments are dropped;
    everything else (text, end tags, SVG with its case-sensitive names) is copied as the build wrote it.
    Regular expressions, not an HTML parser: the build wrote this HTML, and a large pack's chapters are
    tens of megabytes.
    """

    def __init__(self, book: Book, key: str, url: str) -> None:
        self.book = book
        self.key = key
        self.url = url  # the built page the HTML comes from: its links are relative to it

    def _attribute(self, match: re.Match[str]) -> str:
        space, name, raw = match.groups()
        value = html.unescape(raw)
        lowered = name.lower()
        if lowered == "id":
            return f'{space}id="{esc(f"{self.key}--{value}")}"'
        if lowered == "src":
            image = self.book.image(self.url, value)
            return f'{space}src="{esc(image)}"' if image is not None else ""
        resolved = self.book.target(self.url, value)
        return f'{space}{name}="{esc(resolved)}"' if resolved is not None else ""

    def _token(self, match: re.Match[str]) -> str:
        text = match.group(0)
        return "" if text.startswith("<!") else ATTRIBUTE.sub(self._attribute, text)

    def rewrite(self, page_html: str) -> str:
        return TOKEN.sub(self._token, page_html)


PARTS_LIST = '<nav class="isms-parts"'
"""The list of a split register's parts (:func:`isms.site.parts.pager`), before and after its page's table."""


def _after_parts_list(page_html: str) -> int:
    """Where a split register's page ends its table: after its last list of parts (else at its end)."""
    start = page_html.rfind(PARTS_LIST)
    end = page_html.find("</nav>", start) if start >= 0 else -1
    return end + len("</nav>") if end >= 0 else len(page_html)


FAR = "https://isms-pack.invalid/"
"""Where a link to another group of the book points while its group is printed; the merge makes it a link
to the named destination after the ``#`` (Chromium writes a link to an anchor its page lacks as a URI)."""


@dataclass(frozen=True)
class Piece:
    """What one group prints of a chapter (:func:`groups`). A split register's parts are printed apart: only
    the piece that ``opens`` it holds its anchor and its first page up to its table, and only the one that
    ``closes`` it what follows that table."""

    chapter: Chapter
    number: int  # the chapter's place in the pack: its named page is ``pack-NUMBER``
    urls: tuple[str, ...]
    opens: bool = True
    closes: bool = True


class Book:
    """The HTML of the whole pack, built piece by piece from the site's pages."""

    def __init__(self, site: Path, chapters: list[Chapter]) -> None:
        self.site = site
        self.chapters = chapters
        urls = [(url, chapter.key) for chapter in chapters for url in chapter.urls]
        self.keys = dict(urls)  # a part's page leads to its register's chapter
        self.pages = {url: article(self._read(url), url) for url, _ in urls}
        self.ids = {url: ids_of(self.pages[url]) for url, _ in urls}
        self.home: dict[str, int] = {}  # the group that prints each anchor (none known: all in one)
        self.group = 0  # the group being written
        self.far: set[str] = set()  # the anchors that a group's links lead to in another

    def _inside(self, anchor: str) -> str:
        if self.home.get(anchor, self.group) == self.group:
            return f"#{anchor}"
        self.far.add(anchor)
        return f"{FAR}#{anchor}"

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
        key = self.keys[path]
        return self._inside(f"{key}--{fragment}" if fragment and fragment in self.ids[path] else key)

    def image(self, page: str, src: str) -> str | None:
        """An image's address relative to the site folder (where the book is printed), or None for one
        outside the site: nothing is fetched from the network nor from a folder the build did not write."""
        parts = urlsplit(src)
        if parts.scheme == "data":
            return src
        if parts.scheme or parts.netloc:
            return None
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        return None if path.startswith(("../", "/")) or path == ".." else path

    def segments(self, piece: Piece) -> list[tuple[str, str, bool]]:
        """What a piece prints, in order, as (built page, its HTML, whether it is a further part): the
        chapter's first page up to the end of its table (when it opens the chapter), the parts' rows going
        on from it, and what follows the first page's table (when it closes the chapter)."""
        chapter = piece.chapter
        own = self.pages[chapter.url]
        at = _after_parts_list(own)
        head = [(chapter.url, own[:at], False)] if piece.opens else []
        more = [(url, self.pages[url], True) for url in piece.urls if url != chapter.url]
        tail = [(chapter.url, own[at:], False)] if piece.closes and at < len(own) else []
        return head + more + tail

    def piece_html(self, piece: Piece) -> str:
        chapter = piece.chapter
        body = "".join(
            str(tag("div", Markup(_Rewriter(self, chapter.key, url).rewrite(text)), {"class": "pack-part"}))
            if part
            else _Rewriter(self, chapter.key, url).rewrite(text)
            for url, text, part in self.segments(piece)
        )
        classes = f"pack-chapter md-typeset pack-{piece.number}" + (" pack-landscape" if chapter.landscape else "")
        attributes = {
            "class": classes,
            "id": chapter.key if piece.opens else None,
            "data-running": chapter.running,
            "data-classification": chapter.classification,
        }
        return str(tag("section", Markup(body), attributes))

    def chapter_html(self, chapter: Chapter) -> str:
        """A whole chapter, every part of it in order."""
        return self.piece_html(Piece(chapter, self.chapters.index(chapter), chapter.urls))


def level_of(chapters: Iterable[Chapter]) -> str:
    """The highest classification in the pack: the cover's and the contents'."""
    return max((chapter.classification for chapter in chapters), key=lambda c: RANK.get(c, 2), default="internal")


def cover_html(cover: Cover, chapters: list[Chapter], pages: dict[str, int] | None = None) -> str:
    """The cover and the table of contents. ``pages`` gives each chapter's first page; without it the
    numbers are left blank, in a box of fixed width, so that filling them in moves nothing."""
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
    numbers = pages or {}
    toc = "".join(
        tag(
            "li",
            tag(
                "a",
                Markup(
                    tag("span", chapter.title, {"class": "pack-toc-title"})
                    + tag("span", "", {"class": "pack-toc-leader"})
                    + tag("span", str(numbers.get(chapter.key, "")), {"class": "pack-toc-page"})
                ),
                {"href": f"{FAR}#{chapter.key}"},  # printed apart from the chapters: the merge joins them
            ),
        )
        for chapter in chapters
    )
    contents = Markup(tag("h1", "Contents") + tag("ul", Markup(toc)))
    return str(
        tag("section", Markup(body), {"class": "pack-cover"}) + tag("nav", Markup(contents), {"class": "pack-toc"})
    )


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string: anything but letters, digits and plain punctuation escaped, so no
    title can end the string, the rule or the ``<style>`` element it stands in."""
    safe = " .,:;-_/()[]+=!?·—"
    return '"' + "".join(c if (c.isalnum() and c.isascii()) or c in safe else f"\\{ord(c):x} " for c in text) + '"'


def page_css(cover: Cover, chapters: list[Chapter], margins: bool = True, pages: tuple[int, int] | None = None) -> str:
    """The rules that give every page its running header and footer: one named page per chapter, since
    Chromium has no ``string-set``. The footer counts the document's pages, or with ``pages`` (the number
    of its first page, the pack's page count) numbers them from the first on, out of the count: a part of
    the overlay printed apart. Without ``margins`` the named pages keep their size and margins but print
    no header or footer (a group of the book: the overlay draws them, :func:`render`)."""
    of = "counter(pages)" if pages is None else css_string(str(pages[1]))
    level = level_of(chapters)
    front = css_string(f"{cover.organisation} · version {cover.version}")
    rules = (
        [
            "@page { @top-right { content: " + css_string(cover.organisation) + "; }"
            ' @bottom-right { content: "Page " counter(page) " of " ' + of + "; } }",
            "@page pack-front { @top-left { content: " + front + "; }"
            " @bottom-left { content: " + css_string(f"Classification: {level}") + "; } }",
            "@page pack-cover { @top-left { content: none; } @top-right { content: none; }"
            " @bottom-left { content: " + css_string(f"Classification: {level}") + "; } }",
        ]
        if margins
        else []
    )
    if pages is not None and margins:
        rules.append(f"html {{ counter-reset: page {pages[0] - 1}; }}")
    for number, chapter in enumerate(chapters):
        size = " size: A4 landscape; margin: 16mm 14mm 15mm;" if chapter.landscape else ""
        boxes = (
            f" @top-left {{ content: {css_string(chapter.running)}; }}"
            f" @bottom-left {{ content: {css_string('Classification: ' + chapter.classification)}; }}"
            if margins
            else ""
        )
        rules.append(f"@page pack-{number} {{{size}{boxes} }} .pack-{number} {{ page: pack-{number}; }}")
    return "\n".join(rules)


OFFLINE = "default-src 'none'; img-src file: data:; style-src 'unsafe-inline'; font-src file: data:"
"""The book's Content-Security-Policy: no script, nothing from the network; images from the site's files."""


PARTS_PER_GROUP = 4
"""How many pages of a split register (:mod:`isms.site.parts`, 500 rows each) one group prints."""
DOCUMENTS_PER_GROUP = 250
"""How many documents one group prints (each starts on a new page, so their groups change no layout)."""


def groups(book: Book) -> list[list[Piece]]:
    """The groups of the book printed apart, in the book's order: each register, a split register's parts
    by :data:`PARTS_PER_GROUP`, and the documents by :data:`DOCUMENTS_PER_GROUP`: groups small enough that
    two Chromiums at a time keep both cores busy to the end."""
    out: list[list[Piece]] = []
    documents: list[Piece] = []
    for number, chapter in enumerate(book.chapters):
        if not chapter.landscape:
            documents.append(Piece(chapter, number, chapter.urls))
            if len(documents) == DOCUMENTS_PER_GROUP:
                out.append(documents)
                documents = []
            continue
        if documents:
            out.append(documents)
            documents = []
        urls = chapter.urls
        for start in range(0, len(urls), PARTS_PER_GROUP):
            end = start + PARTS_PER_GROUP
            out.append([Piece(chapter, number, urls[start:end], opens=start == 0, closes=end >= len(urls))])
    return [*out, documents] if documents else out


def group_htmls(book: Book, cover: Cover, printed: list[list[Piece]]) -> list[str]:
    """The HTML of each group (:func:`groups`), without headers or footers, the first after the cover and
    contents with blank numbers (to count their pages). A link to an anchor that another group prints
    points at :data:`FAR`; each anchor that other groups link to, and each chapter's own, gets a link in
    its group that is never shown, so that Chromium writes its destination."""
    for number, group in enumerate(printed):
        for piece in group:
            key = piece.chapter.key
            if piece.opens:
                book.home[key] = number
            for _, text, _ in book.segments(piece):
                book.home.update((f"{key}--{anchor}", number) for anchor in ids_of(text))
    bodies = []
    for number, group in enumerate(printed):
        book.group = number
        bodies.append("".join(map(book.piece_html, group)))
    out = []
    for number, (group, body) in enumerate(zip(printed, bodies, strict=True)):
        opened = {piece.chapter.key for piece in group if piece.opens}
        wanted = sorted(opened | {anchor for anchor in book.far if book.home[anchor] == number})
        hidden = "".join(str(tag("a", "", {"href": f"#{anchor}"})) for anchor in wanted)
        links = str(tag("div", Markup(hidden), {"class": "pack-links"}))
        front = cover_html(cover, book.chapters) if number == 0 else ""
        out.append(_document(cover, book.chapters, front + body + links, margins=False))
    return out


OVERLAYS = 2
"""How many parts of the overlay are printed at once (each numbers its pages from where it starts)."""


def overlay_htmls(chapters: list[Chapter], cover: Cover, pages: dict[str, int], layout: list[int]) -> list[str]:
    """The overlay in :data:`OVERLAYS` parts: the cover and contents with their page numbers, then one
    blank page for each page of the groups, ``layout`` giving the chapter (its number) of each. Chromium
    draws the running header and the footer with "page X of Y" on every page, and :meth:`Merge.finish`
    lays each blank page's drawing over its group's page."""
    front = min(pages.values(), default=1) - 1
    total = front + len(layout)
    size = -(-len(layout) // OVERLAYS)
    out = []
    for start in range(0, max(len(layout), 1), size or 1):
        blanks = "".join(str(tag("div", "", {"class": f"pack-blank pack-{n}"})) for n in layout[start : start + size])
        body = cover_html(cover, chapters, pages) + blanks if start == 0 else blanks
        out.append(_document(cover, chapters, body, pages=(1 if start == 0 else front + start + 1, total)))
    return out


def _document(
    cover: Cover, chapters: list[Chapter], body: str, margins: bool = True, pages: tuple[int, int] | None = None
) -> str:
    title = f"{cover.organisation} ISMS {cover.version}".strip()
    style = "\n".join([*stylesheets(), page_css(cover, chapters, margins, pages)])
    head = (
        tag("meta", None, {"charset": "utf-8"})
        + tag("meta", None, {"http-equiv": "Content-Security-Policy", "content": OFFLINE})
        + tag("title", title)
        + f"<style>{style}</style>"
    )
    return f'<!DOCTYPE html>\n<html lang="en"><head>{head}</head><body>{body}</body></html>\n'


def stylesheets() -> list[str]:
    """The site's own stylesheet (badges, tables, heat maps) and the pack's print rules."""
    assets = resources.files("isms.site") / "assets"
    texts = [(assets / "isms.css").read_text(encoding="utf-8"), (assets / "pack.css").read_text(encoding="utf-8")]
    return [text.replace("</", "<\\/") for text in texts]  # inside <style>: nothing may close it


def identifier(commit: str, version: str, audience: str | None) -> str:
    """The PDF's identifier (the first of its ``/ID``): the same for every pack of one commit, version and
    audience, so that a later run knows its own pack from another PDF under the same name."""
    return hashlib.sha256(f"{commit}\0{version}\0{audience}".encode()).hexdigest()[:32]


def made_as(path: Path, ident: str) -> bool:
    """Whether the PDF at ``path`` carries ``ident`` as its identifier (read from the trailer at its end)."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 65536))
        tail = handle.read()
    return re.search(rb"/ID\s*\[\s*<" + ident.encode().hex().encode() + rb">", tail) is not None


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""The names Chromium goes by on PATH (Debian's package is ``chromium``)."""
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no name resolves, whatever a page asks for
    "--no-pdf-header-footer",
    "--disable-pdf-tagging",  # half the time of a large pack; the PDF keeps its text, links and outline
)


def browser() -> str:
    """The Chromium that prints the pack; PackError saying what to install when there is none."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PackError(
        "isms pack prints with Chromium, which is not installed: install it (Debian and Ubuntu: "
        "apt-get install chromium fonts-dejavu-core) or put chromium on PATH"
    )


def browser_version() -> str:
    """What ``chromium --version`` says (``Chromium 156.0.8078.114 ...``): the pack's bytes depend on it."""
    try:
        done = subprocess.run(
            [browser(), "--version"], capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PackError(f"cannot ask Chromium for its version: {exc}") from None
    version = " ".join(done.stdout.split())
    if done.returncode != 0 or not version:
        raise PackError(f"Chromium did not say its version (exit status {done.returncode})")
    return version


def print_pdf(page: Path, scratch: Path) -> bytes:
    """The PDF Chromium prints of the HTML file ``page``, offline, with a fresh profile under ``scratch``."""
    target = scratch / f"{page.stem}.pdf"
    command = [browser(), *FLAGS, f"--user-data-dir={scratch / 'profile'}", f"--print-to-pdf={target}", page.as_uri()]
    env = {**os.environ, "TZ": "UTC"}
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    ) as process:
        try:
            _, stderr = process.communicate()
        except BaseException:  # interrupted: Chromium and its helpers go too
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
    if process.returncode != 0 or not target.is_file():
        lines = [line for line in stderr.splitlines() if line.strip() and "dbus" not in line]
        detail = "\n".join(lines[-10:])
        raise PackError(f"Chromium could not print the pack (exit status {process.returncode}):\n{detail}")
    return target.read_bytes()


def pdf_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


class Printed:
    """One group's PDF as Chromium printed it, read: its pages, its named destinations (the page of each,
    from 0, and where on it) and the first page of each of its pieces. The pages before its first piece
    (the first group's cover and contents, whose pages the overlay prints again numbered) are ``skip``ped."""

    def __init__(self, group: list[Piece], pdf: bytes) -> None:
        from pypdf import PdfReader  # noqa: PLC0415
        from pypdf.generic import ArrayObject, DictionaryObject  # noqa: PLC0415

        self.group = group
        self.reader = PdfReader(io.BytesIO(pdf))
        index = {
            page.indirect_reference.idnum: n for n, page in enumerate(self.reader.pages) if page.indirect_reference
        }
        dests = cast(DictionaryObject, self.reader.trailer["/Root"]).get("/Dests")
        table = cast(DictionaryObject, dests.get_object()) if dests is not None else DictionaryObject()
        self.dests: dict[str, tuple[int, list[Any]]] = {}
        for name, value in table.items():
            found = value.get_object()
            array = cast(ArrayObject, found["/D"] if isinstance(found, DictionaryObject) else found)
            self.dests[str(name)] = (index[array[0].idnum], list(array[1:]))
        self.starts: list[tuple[int, Piece]] = []
        self.parsed = False
        for number, piece in enumerate(group):
            if piece.opens:
                start = self.dests.get(f"/{piece.chapter.key}")
                if start is None:
                    raise PackError(f"the printed pack lost the start of {piece.chapter.title}")
                self.starts.append((start[0], piece))
            elif number == 0:  # a register's parts printed apart go on from the group's first page
                self.starts.append((0, piece))
            else:
                raise PackError(f"a part of {piece.chapter.title} is printed after another chapter")
        self.skip = self.starts[0][0]
        self.count = len(self.reader.pages) - self.skip
        self.starts = [(start - self.skip, piece) for start, piece in self.starts]
        self.dests = {
            name: (page - self.skip, where) for name, (page, where) in self.dests.items() if page >= self.skip
        }

    def parse(self) -> None:
        """Read every link of the pages now (pypdf keeps what it read), so that :meth:`Merge.add` mostly
        copies: a group printed before its turn to be merged is read while the others print."""
        for page in self.reader.pages[self.skip :]:
            for annotation in page.get("/Annots") or ():
                annotation.get_object()
        self.parsed = True


def layout(printed: list[Printed], offset: int) -> tuple[list[int], dict[str, int]]:
    """The chapter (its number) of each page of groups printed one after the other, and the first page
    (from 0, after ``offset`` pages) of each chapter they open."""
    pages: list[int] = []
    firsts: dict[str, int] = {}
    for group in printed:
        ends = [start for start, _ in group.starts[1:]] + [group.count]
        for (start, piece), end in zip(group.starts, ends, strict=True):
            if piece.opens:
                firsts[piece.chapter.key] = offset + len(pages)
            pages += [piece.number] * (end - start)
    return pages, firsts


class Merge:
    """The groups' pages in one pypdf writer, added group after group in the book's order, each page copied
    once: their named destinations in one table and the links between groups made links to them.
    :meth:`finish` adds what the overlay prints."""

    def __init__(self) -> None:
        from pypdf import PdfWriter  # noqa: PLC0415
        from pypdf.generic import ArrayObject  # noqa: PLC0415

        self.writer = PdfWriter()
        self.pages: list[PageObject] = []
        self.targets: dict[str, ArrayObject] = {}
        self.wanted: set[str] = set()  # the destinations that links between groups lead to
        self.layout: list[int] = []  # the chapter (its number) of each page
        self.firsts: dict[str, int] = {}  # the first page (from 0) of each chapter
        self.front = 0  # the pages of the cover and contents
        self.groups = 0  # the groups merged
        self.producer = "Chromium"

    def add(self, printed: Printed) -> None:
        """The pages of one printed group, after those of the groups before it."""
        from pypdf.generic import ArrayObject  # noqa: PLC0415

        if not self.pages:
            self.front = printed.skip
        shape, firsts = layout([printed], len(self.pages))
        self.layout += shape
        self.firsts |= firsts
        reader = printed.reader
        if reader.metadata is not None and "/Producer" in reader.metadata:
            self.producer = str(reader.metadata["/Producer"])
        added = [self.writer.add_page(page) for page in reader.pages[printed.skip :]]
        self.pages += added
        for name, (place, where) in printed.dests.items():
            self.targets[name] = ArrayObject([added[place].indirect_reference, *where])
        for page in added:
            self._join(page)
        self.groups += 1

    def _join(self, page: PageObject) -> None:
        """The page's links to another group (:data:`FAR`) made links to its named destination."""
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject  # noqa: PLC0415

        for annotation in page.get("/Annots") or ArrayObject():
            link = annotation.get_object()
            action = link.get("/A")
            uri = str(action.get("/URI", "")) if isinstance(action, DictionaryObject) else ""
            if uri.startswith(FAR):
                name = "/" + unquote(urlsplit(uri).fragment)
                self.wanted.add(name)
                del link["/A"]
                link[NameObject("/Dest")] = NameObject(name)

    def finish(self, overlays: list[Future[bytes]], cover: Cover, chapters: list[Chapter]) -> bytes:
        """The pack: the overlay's cover and contents, then the groups' pages with the overlay's header and
        footer drawn over each (pypdf's ``merge_page``), each part of the overlay as soon as it is printed;
        the destinations, the metadata, an outline of the chapters and the pack's identifier. The dates are
        the commit's, so that the bytes depend on the commit only."""
        from pypdf import PdfReader  # noqa: PLC0415
        from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject  # noqa: PLC0415

        writer = self.writer
        front = self.front
        drawn = 0
        for number, future in enumerate(overlays):
            over = PdfReader(io.BytesIO(future.result())).pages
            if number == 0:
                if len(over) < front:
                    raise PackError(f"the contents took {len(over)} pages in the overlay, {front} in the first group")
                for place in range(front):
                    self._join(writer.insert_page(over[place], place))
                over = over[front:]
            if drawn + len(over) > len(self.pages):
                raise PackError(f"the headers and footers took more pages than the book's {len(self.pages)}")
            with _stage(f"stamp {len(over)} pages"):
                for page, drawing in zip(self.pages[drawn:], over, strict=False):
                    page.merge_page(drawing, over=True)
                    page.compress_content_streams(level=COMPRESSION)
            drawn += len(over)
        if drawn != len(self.pages):
            raise PackError(f"the headers and footers took {drawn} pages, the book {len(self.pages)}")
        lost = sorted(self.wanted - set(self.targets))
        if lost:
            raise PackError(f"a link leads to {lost[0][1:]}, which the printed pack does not hold")
        writer._root_object[NameObject("/Dests")] = writer._add_object(
            DictionaryObject({NameObject(name): self.targets[name] for name in sorted(self.targets)})
        )
        when = pdf_date(cover.epoch)
        writer.add_metadata(
            {
                "/Title": f"{cover.organisation} ISMS {cover.version}".strip(),
                "/Author": cover.organisation,
                "/Subject": f"ISO/IEC 27001:2022 ISMS, commit {cover.commit}",
                "/Keywords": "ISMS, ISO/IEC 27001, Statement of Applicability",
                "/Creator": "isms pack",
                "/Producer": self.producer,
                "/CreationDate": when,
                "/ModDate": when,
            }
        )
        places = {cast("IndirectObject", page.indirect_reference).idnum: n for n, page in enumerate(writer.pages)}
        for chapter in chapters:
            writer.add_outline_item(title=chapter.title, page_number=places[self.targets[f"/{chapter.key}"][0].idnum])
        writer.page_mode = "/UseOutlines"
        ident = ByteStringObject(identifier(cover.commit, cover.version, cover.audience).encode())
        writer._ID = ArrayObject([ident, ident])
        out = io.BytesIO()
        with _stage("write"):
            writer.write(out)
        return out.getvalue()


COMPRESSION = 1
"""The zlib level of a page's contents once the overlay is drawn on it: pypdf joins and compresses them."""
PRINTERS = 2
"""How many Chromiums print at once."""


@contextlib.contextmanager
def _stage(name: str) -> Iterator[None]:
    """With ``ISMS_PACK_TIMES`` set, say on stderr how long a stage of the pack took."""
    start = time.perf_counter()
    try:
        yield
    finally:
        if os.environ.get("ISMS_PACK_TIMES"):
            print(f"isms pack: {name} {time.perf_counter() - start:.2f} s", file=sys.stderr, flush=True)


class _Printers:
    """Chromiums printing HTML files of the site, :data:`PRINTERS` at a time, each with its own profile."""

    def __init__(self, pool: ThreadPoolExecutor, scratch: Path) -> None:
        self.pool = pool
        self.scratch = scratch
        self.files: list[Path] = []  # every file given, removed at the end

    def submit(self, file: Path, text: str) -> Future[bytes]:
        file.write_text(text, encoding="utf-8")
        self.files.append(file)
        profile = self.scratch / str(len(self.files))
        profile.mkdir()
        return self.pool.submit(self._print, file, profile)

    @staticmethod
    def _print(file: Path, profile: Path) -> bytes:
        with _stage(f"print {file.name} ({file.stat().st_size // 1000} kB)"):
            return print_pdf(file, profile)


def render(site: Path, chapters: list[Chapter], cover: Cover) -> bytes:
    """The PDF of the pack: the same bytes for the same site and cover.

    The groups of the book (:func:`groups`) are printed apart, :data:`PRINTERS` at a time, those with the
    most links first (the longest to print and to merge), without headers or footers, the first after the
    cover and contents with blank numbers (to count their pages). They are merged (:class:`Merge`) in the
    book's order; a group printed before its turn is read meanwhile. As soon as every group is printed, the
    chapters' first pages and the page count are known and the overlay is printed (:func:`overlay_htmls`)
    while the last groups are merged; its headers and footers are then drawn on the groups' pages."""
    book = Book(site, chapters)
    parts = groups(book)
    merge = Merge()
    with tempfile.TemporaryDirectory(prefix="isms-pack-") as temporary, ThreadPoolExecutor(PRINTERS) as pool:
        printers = _Printers(pool, Path(temporary))
        try:
            with _stage("group html"):
                texts = group_htmls(book, cover, parts)
            first = sorted(range(len(parts)), key=lambda n: -texts[n].count("<a "))  # the longest to merge first
            started = {n: printers.submit(site / f".isms-pack-{n}.html", texts[n]) for n in first}  # links hold
            read: dict[int, Printed] = {}

            def printed(number: int) -> Printed:
                if number not in read:
                    read[number] = Printed(parts[number], started[number].result())
                return read[number]

            overlays: list[Future[bytes]] = []
            while merge.groups < len(parts):
                rest = range(merge.groups, len(parts))
                if not overlays and all(future.done() for future in started.values()):
                    shape, firsts = layout([printed(n) for n in rest], len(merge.pages))
                    front = merge.front if merge.groups else printed(0).skip
                    pages = {key: front + page + 1 for key, page in (merge.firsts | firsts).items()}
                    drawn = overlay_htmls(chapters, cover, pages, merge.layout + shape)
                    overlays = [printers.submit(site / f".isms-pack-overlay-{n}.html", t) for n, t in enumerate(drawn)]
                early = [n for n in rest if started[n].done() and not (n in read and read[n].parsed)]
                if started[merge.groups].done():  # its turn: merged in the book's order
                    with _stage(f"merge group {merge.groups}"):
                        merge.add(printed(merge.groups))
                    read.pop(merge.groups - 1)
                elif early:  # printed before its turn: read while the others print
                    printed(early[0]).parse()
                else:
                    wait([started[n] for n in rest if not started[n].done()], return_when=FIRST_COMPLETED)
            return merge.finish(overlays, cover, chapters)
        finally:
            for file in printers.files:
                file.unlink(missing_ok=True)


def write_pack(model: Model, site: Path, cover: Cover) -> bytes:
    """The pack of the site built at ``site`` from ``model``; PackError when it would be empty."""
    chosen = chapters(model, site)
    if not chosen:
        raise PackError("the site holds no SoA, risk register, RTP or approved policy or procedure to pack")
    return render(site, chosen, cover)
