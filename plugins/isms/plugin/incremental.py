"""What ``mkdocs serve`` keeps from one build to the next, so a save rebuilds only what it changed.

MkDocs keeps a plugin object across the rebuilds of ``mkdocs serve`` (it has ``on_startup``), so the
plugin holds one :class:`Memory`. Before each build :func:`scan` fingerprints every input the ISMS
model is made of: the bytes of every file under ``registers/``, and of every page under ``docs/`` only
the part the loader reads (the front matter, or the MultiMarkdown metadata of a page without it), so a
change to a page's body leaves the fingerprint as it was and the model, the checks, the generated pages
and the exports are reused whole. When the fingerprint changed, the model is derived again and every
generated page and export is made again, but only those whose content differs from the last build's
are marked modified: under ``--dirty`` MkDocs renders only modified pages (:class:`GeneratedFile`),
and a document whose blocks or macros depend on the model has its output marked older than its source
(:func:`stale`) so that MkDocs renders it again.

Under ``--dirty`` MkDocs does not read the pages it skips, so the navigation of the pages it does render
would lack their titles; :meth:`Memory.restore` gives skipped pages the title and metadata they had in
the last build, and when the navigation itself changed (a page added, removed or retitled) every page
is rendered again, so that each page written is the page a full build writes.

What the browser fetches only on demand is finished after the build, so the reload does not wait for
it: the exports and the search entries of changed pages (:mod:`isms.plugin.deferred`,
:mod:`isms.plugin.search_memo`; a request for one of them waits until it is written).
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from isms.core import frontmatter, gitinfo
from isms.plugin.deferred import Deferred
from isms.plugin.search_memo import SearchMemo
from isms.site.memo import Inputs

Stat = tuple[int, int, int, bool]  # mtime_ns, size, inode, is a link
TEMPLATE_MARKS = (b"{{", b"{%")
"""What mkdocs-macros-plugin renders: a page holding either may show model data through a macro."""


@dataclass(frozen=True)
class Seen:
    stat: Stat
    digest: str  # of what the model reads from the file
    templated: bool  # a page that may call macros
    whole: str = ""  # of a page's bytes: model.json holds a digest of every document's text


@dataclass
class Scan:
    """One fingerprint of the model's inputs, with the pages that may call macros."""

    key: str
    templated: frozenset[str]  # src_uris under docs/
    texts: str  # digest of every page's bytes
    inputs: Inputs  # the same by file, for the parts of pages kept from the last build (isms.site.memo)


class GeneratedFile(File):
    """A file the plugin makes, which tells MkDocs' ``--dirty`` mode whether its content changed."""

    modified: bool = True

    @classmethod
    def of(
        cls,
        config: MkDocsConfig,
        src_uri: str,
        content: str | bytes,
        modified: bool,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> GeneratedFile:
        file = cls.generated(config, src_uri, content=content, inclusion=inclusion)
        assert isinstance(file, GeneratedFile)  # File.generated makes an instance of the class it is called on
        file.modified = modified
        return file

    def is_modified(self) -> bool:
        return self.modified or not os.path.isfile(self.abs_dest_path)


@contextmanager
def resting_collector() -> Iterator[None]:
    """The cyclic garbage collector rests while the model and its pages are made.

    They are a million containers, none of them garbage; ``mkdocs serve`` keeps the last build's alive
    beside them, and every collection would scan both again and again (it tripled the time of a rebuild).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class Rest:
    """Under ``mkdocs serve`` the cyclic garbage collector rests for a whole rebuild, from ``on_config`` to
    ``on_post_build`` (or ``on_build_error``).

    A rebuild holds the last build's model and pages beside the ones it makes: millions of objects, and a
    full collection that fell inside a register edit's rebuild took 0.6 s of its 5 at 1,000 documents. The
    collector works again once the pages are written (the last build's garbage goes then), so a rebuild
    holds at most one build's garbage more.
    """

    def __init__(self) -> None:
        self.was: bool | None = None  # whether the collector ran before this rest; None: not resting

    def start(self) -> None:
        if self.was is None:
            self.was = gc.isenabled()
            gc.disable()

    def end(self) -> None:
        if self.was:
            gc.enable()
        self.was = None


class Templates(jinja2.BytecodeCache):
    """The theme's templates compiled in the last build of ``mkdocs serve``, for the next one.

    MkDocs makes a new Jinja environment for every build, which compiles Material's templates again: a tenth
    of a register edit's reload at 1,000 documents. Jinja checks each template's source against the checksum
    the compiled code was kept with; the code is kept for one configuration of the environment (its
    extensions and syntax), and forgotten when that changes.
    """

    def __init__(self) -> None:
        self.made_for: tuple[str, ...] = ()
        self.compiled: dict[str, bytes] = {}

    def attach(self, env: jinja2.Environment) -> None:
        made_for = tuple(
            repr(getattr(env, name, None))
            for name in (
                "block_start_string",
                "block_end_string",
                "variable_start_string",
                "variable_end_string",
                "comment_start_string",
                "comment_end_string",
                "line_statement_prefix",
                "line_comment_prefix",
                "trim_blocks",
                "lstrip_blocks",
                "newline_sequence",
                "keep_trailing_newline",
                "optimized",
                "autoescape",
                "undefined",
                "finalize",
            )
        ) + tuple(sorted(env.extensions))
        if made_for != self.made_for:
            self.made_for, self.compiled = made_for, {}
        env.bytecode_cache = self

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # compiled again if the source's checksum differs

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def stale(file: File) -> None:
    """Make MkDocs' ``--dirty`` mode render ``file`` again: its output is made older than its source."""
    dest = file.abs_dest_path
    if file.abs_src_path is not None and os.path.isfile(dest):
        os.utime(dest, ns=(0, 0))


@dataclass
class Memory:
    """What one build leaves for the next one in the same process."""

    target: tuple[str, str] = ("", "")  # the repository and site folder this memory is of
    files: dict[str, Seen] = field(default_factory=dict)  # absolute path -> what was read of it
    key: str | None = None  # the fingerprint the kept state below belongs to
    texts: str | None = None  # the pages' bytes the kept downloads were made of
    state: dict[str, Any] = field(default_factory=dict)  # the plugin's model-derived state
    made: dict[str, Any] = field(default_factory=dict)  # src_uri -> what each generated file was made from
    blocks: dict[str, Any] = field(default_factory=dict)  # src_uri -> a document's blocks last built
    generated: list[Any] | None = None  # the generated pages (isms.site.page.Page) of the kept state
    downloads: dict[str, bytes] | None = None  # the exports of the kept state, by file name
    exports: dict[str, Any] = field(default_factory=dict)  # isms.exports.files.site_files' memo
    shown: dict[str, tuple[Any, dict[str, Any]]] = field(default_factory=dict)  # src_uri -> (title, meta)
    layout: tuple[Any, ...] | None = None  # every page's place, title and metadata, in navigation order
    search: SearchMemo = field(default_factory=SearchMemo)  # each page's search entries, by address
    deferred: Deferred = field(default_factory=Deferred)  # the downloads, made after the pages
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)  # a block's text -> its anchors, last build
    kept: dict[str, tuple[object, Any]] = field(default_factory=dict)  # isms.site.memo.Memo's, last build
    templates: Templates = field(default_factory=Templates)  # the theme's compiled templates

    def scan(self, root: Path, docs_dir: Path, settings: Iterable[object]) -> Scan:
        """Fingerprint the registers, what the loader reads of ``docs_dir`` and ``settings``."""
        digest = hashlib.blake2b(repr(list(settings)).encode("utf-8"), digest_size=16)
        settled = digest.hexdigest()
        texts = hashlib.blake2b(digest_size=16)
        seen: dict[str, Seen] = {}
        files: list[tuple[str, str]] = []
        templated: set[str] = set()
        for top, page_folder in ((root / "registers", False), (docs_dir, True)):
            digest.update(f"\0{top}\0".encode())
            for path in _walk(top):
                known = self._seen(path, page_folder)
                seen[path] = known
                rel = os.path.relpath(path, top)
                digest.update(f"{rel}\0{known.stat[3]}\0{known.digest}\n".encode("utf-8", "surrogateescape"))
                place = Path(rel).as_posix()
                read = f"{known.stat[3]}\0{known.digest}"
                files.append((f"\0docs/{place}" if page_folder else f"registers/{place}", read))
                if known.templated:
                    templated.add(Path(rel).as_posix())
                texts.update(f"{rel}\0{known.whole}\n".encode("utf-8", "surrogateescape"))
        self.files = seen
        inputs = Inputs(settled, tuple(files))  # no page's body: no kept part of a page shows one
        return Scan(digest.hexdigest(), frozenset(templated), texts.hexdigest(), inputs)

    def _seen(self, path: str, page_folder: bool) -> Seen:
        try:
            stat = os.stat(path)
            link = os.path.islink(path)
        except OSError:
            return Seen((0, 0, 0, False), "unreadable", False)
        now: Stat = (stat.st_mtime_ns, stat.st_size, stat.st_ino, link)
        known = self.files.get(path)
        if known is not None and known.stat == now:
            return known
        try:
            data = Path(path).read_bytes()
        except OSError:
            return Seen(now, "unreadable", False)
        if not page_folder or not frontmatter.is_page(os.path.basename(path)):
            read = data if not page_folder else b""  # the loader reads no other file under docs/
            return Seen(now, hashlib.blake2b(read, digest_size=16).hexdigest(), False)
        whole = hashlib.blake2b(data, digest_size=16).hexdigest()
        return Seen(now, _page_digest(data), any(mark in data for mark in TEMPLATE_MARKS), whole)

    def restore(self, pages: Iterable[MkDocsPage]) -> bool:
        """Give pages MkDocs skipped their last title and metadata; whether every one of them had some."""
        complete = True
        for page in pages:
            if page.markdown is not None:
                continue
            kept = self.shown.get(page.file.src_uri)
            if kept is None:
                complete = False
                continue
            page.title, page.meta = kept[0], dict(kept[1])
        return complete

    def remember(self, pages: list[MkDocsPage]) -> bool:
        """Keep every page's title and metadata; whether the navigation they make changed since the last build."""
        for page in pages:
            if page.markdown is not None:
                self.shown[page.file.src_uri] = (page.title, dict(page.meta))
        layout = tuple(
            (page.file.src_uri, page.file.inclusion.name, str(page.title), repr(sorted(page.meta.items(), key=str)))
            for page in pages
        )
        changed = self.layout is not None and layout != self.layout
        self.layout = layout
        return changed


def outside(root: Path, report_file: str | None) -> list[object]:
    """What a build reads besides the registers and pages: a change report, and git's HEAD, tags and whether
    the working tree has changes (the stamp of every export and page, and the changes page)."""
    read: list[object] = []
    if report_file:
        try:
            read.append(Path(report_file).read_bytes())
        except OSError as exc:
            read.append(str(exc))
    if gitinfo.is_repository(root):
        try:
            read += [gitinfo.git(root, "rev-parse", "HEAD"), gitinfo.git(root, "for-each-ref", "refs/tags")]
            read.append(bool(gitinfo.dirty(root)))
        except gitinfo.GitError as exc:
            read.append(str(exc))
    return read


def _page_digest(data: bytes) -> str:
    """What the loader reads of a page: its front matter, or the metadata lines at the top of a page without."""
    try:
        text = frontmatter.lines(data.decode("utf-8"))
    except UnicodeDecodeError:
        return hashlib.blake2b(data, digest_size=16).hexdigest()  # the loader reports it: all of it matters
    front, body = frontmatter.split(text)
    read = f"front\0{front}" if front is not None else f"meta\0{sorted(frontmatter.multimarkdown(body).items())}"
    # A byte-order mark or an encoding error changes what the loader reports: it is part of the digest.
    bom = data.startswith(b"\xef\xbb\xbf")
    return hashlib.blake2b(f"{bom}\0{read}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _walk(top: Path) -> Iterator[str]:
    """Every file under ``top``, links followed once (a link back up is not walked again), sorted."""
    if not top.is_dir():
        return
    above: set[str] = set()
    stack = [str(top)]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in above:
            yield folder + os.sep  # a loop: its name is still an input (the loader reports it)
            continue
        above.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name, reverse=True)
        except OSError:
            continue
        files = []
        for entry in entries:
            if entry.is_dir():
                stack.append(entry.path)
            else:
                files.append(entry.path)  # a dangling link too: the loader reports it
        yield from reversed(files)
