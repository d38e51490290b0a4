"""The MkDocs plugin: a thin adapter between MkDocs events and the core.

It loads and checks the ISMS once per build with the same code as ``isms check``: errors stop the build
with :class:`~mkdocs.exceptions.PluginError`, warnings are logged, so ``mkdocs build --strict`` fails
exactly when ``isms check --strict`` does. It adds the generated pages under ``isms/``, decorates
controlled documents, and hands the macros to mkdocs-macros-plugin. Under ``mkdocs serve`` a rebuild
reuses what its inputs did not change (:mod:`isms.plugin.incremental`): a page's body edited reuses the
model and every generated page; a register edited derives the model again and renders again only the
pages whose content changed.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _populate_page
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage

from isms.core import load
from isms.core.audience import Restricted, restrict
from isms.core.derive import derive
from isms.core.facts import facts
from isms.core.frontmatter import looks_like_page
from isms.core.load import inside
from isms.core.pipeline import Result, check_repository
from isms.core.repository import Document
from isms.exports.diff import visible_changes
from isms.exports.files import site_file_names, site_files
from isms.exports.stamp import Stamp
from isms.plugin.deferred import PendingFile, guarded
from isms.plugin.incremental import GeneratedFile, Memory, Rest, outside, resting_collector, stale
from isms.plugin.pdfpack import PRINTED
from isms.plugin.publish import changes_for, stamp_for
from isms.plugin.snapshot_build import SHIM
from isms.site.banner import add_banner, snapshot_banner
from isms.site.decorate import control_block, decorate, serves_block
from isms.site.downloads import export_path
from isms.site.html import Markup, anchor_ids, page_title
from isms.site.macros import macros
from isms.site.memo import Memo
from isms.site.page import Page, Site
from isms.site.pages import generated_pages, paper_pages
from isms.site.urls import EVIDENCE_REQUESTS, OVERVIEW, PREFIX, control_page
from isms.site.withheld import built_urls, unlink

log = get_plugin_logger(__name__)

STYLESHEET = "assets/isms/isms.css"
TOP, BOTTOM = "<!-- isms:block top -->", "<!-- isms:block bottom -->"
_KEPT = ("site", "restricted", "stamp", "documents", "loaded", "root", "docs_dir", "warnings")
"""The plugin's state made of the model: what a rebuild whose inputs did not change takes over whole."""


def _front_matter(page: Page) -> str:
    """Generated pages are not macro templates; registers hide the table of contents for width."""
    hide = "hide: [toc]\n" if page.wide else ""
    search = "" if page.searchable else "search: {exclude: true}\n"
    return f"---\nrender_macros: false\n{hide}{search}---\n\n"


class IsmsConfig(base.Config):
    as_of = c.Optional(c.Type((str, dt.date)))
    """Judge dates as of this day (YYYY-MM-DD); today when unset. YAML may hand it over as a date already."""
    section_title = c.Type(str, default="ISMS")
    """Title of the navigation section that holds the generated pages."""
    audience = c.Optional(c.Choice(("public", "staff", "auditor")))
    """Build only what this audience may read (public, staff: internal, auditor: confidential); all when unset."""
    drafts = c.Optional(c.Type(bool))
    """Include draft and in-review documents; unset: included by ``mkdocs serve``, left out of a build."""
    exports = c.Type(bool, default=True)
    """Offer the SoA, risk register and RTP as XLSX, CSV and JSON downloads (and the model as JSON)."""
    compare_to = c.Optional(c.Type(str))
    """Git ref the changes page compares with; default: the newest ``v*`` tag before HEAD."""
    changes_report = c.Optional(c.Type(str))
    """Set by ``isms snapshot``: a JSON change report computed where git is (the snapshot build has none)."""
    snapshot = c.Optional(c.Type(dict))
    """Set by ``isms snapshot``: ``{version, commit}``, shown in a banner on every page and in the exports."""
    paper = c.Type(bool, default=False)
    """Set by ``isms pack``'s build: of the generated pages, only those the pack prints are made (the SoA, the risk
    register and the RTP); the others are known, so that links to them stay (the pack makes a control's its SoA
    row), but not made."""


class IsmsPlugin(BasePlugin[IsmsConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.memory = Memory()  # MkDocs keeps this object across `mkdocs serve` rebuilds: on_startup says so
        self.rest = Rest()  # the garbage collector's, for a whole serve rebuild
        self._reset()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command  # drafts are shown while authors serve the site, not in what is published
        self.dirty = dirty
        # Serving loads the model on every save: keep the parsed registers for the next load. A build keeps
        # none, so that its memory goes with the model (issue 15).
        load.keep_parsed(load.SERVE_KEPT if command == "serve" else 0)

    def _reset(self) -> None:
        self.site: Site | None = None
        self.pages: dict[str, Page] = {}
        self.documents: dict[str, Document] = {}
        self.blocks: dict[str, dict[str, Markup]] = {}
        self.restricted: Restricted | None = None
        self.stamp: Stamp | None = None
        self.built: frozenset[str] | None = None
        self.root: Path | None = None
        self.docs_dir: str = ""
        self.loaded: frozenset[str] = frozenset()  # src_uris of every page the core loaded
        self.warnings: list[str] = []
        self.changed = True  # whether the model's inputs changed since the last build
        self.templated: frozenset[str] = frozenset()  # pages that may call macros
        self.made: dict[str, Any] = {}  # src_uri -> what each generated file of this build was made from
        self.downloads: tempfile.TemporaryDirectory[str] | None = None  # the exports, until MkDocs copied them
        self.anchors: dict[str, frozenset[str]] = {}  # a block's text -> the anchors in it, this build
        self.pending: Callable[[], Iterable[tuple[str, bytes]]] | None = None  # serve: exports made after the build
        self.left: frozenset[str] = frozenset()  # a build for paper: the generated pages it left out

    # -- configuration and checks -------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.memory.deferred.wait()  # the last build's downloads are written: its memory is complete
        if self.command == "serve":
            self.rest.start()
        self._reset()
        root = Path(config.config_file_path).resolve().parent
        as_of = self._as_of()
        drafts = self.config.drafts if self.config.drafts is not None else self.command == "serve"
        if self.memory.target != (str(root), config.site_dir):  # one process, another site: nothing carries over
            self.memory = Memory((str(root), config.site_dir))
        settings = (as_of, drafts, sorted(self.config.items(), key=str), config.docs_dir, config.use_directory_urls)
        scan = self.memory.scan(
            root, Path(config.docs_dir).resolve(), [*settings, *outside(root, self.config.changes_report)]
        )
        self.templated = scan.templated
        rewritten = scan.texts != self.memory.texts  # a page's text changed: model.json's approval digests did
        if scan.key == self.memory.key and not (rewritten and self._compares()):
            vars(self).update(self.memory.state)
            self.changed = False
            if rewritten:
                self.memory.downloads = None
            for warning in self.warnings:
                log.warning(warning)
        else:
            self.memory.key = None  # kept only once this build's state is complete
            self.memory.generated = self.memory.downloads = None
            memo = Memo(scan.inputs, self.memory.kept) if self.command == "serve" else Memo()
            with resting_collector():
                self._load(root, as_of, drafts, config, memo)
            self.memory.key = scan.key
            self.memory.state = {name: getattr(self, name) for name in _KEPT}
        self.memory.texts = scan.texts
        config.extra_css.append(STYLESHEET)
        macros_plugin = config.plugins.get("macros")
        if macros_plugin is not None and self.site is not None and self.restricted is not None:
            macros_plugin.register_macros(
                macros(self.site, lambda: macros_plugin.page.file.src_uri, self.restricted.withheld)
            )
        return config

    def _compares(self) -> bool:
        """Whether the kept changes page compares with git, and so with every document's text."""
        site = self.memory.state.get("site")
        return not self.config.changes_report and site is not None and not isinstance(site.changes, str)

    def _load(self, root: Path, as_of: dt.date, drafts: bool, config: MkDocsConfig, memo: Memo) -> None:
        """Load, check and derive the ISMS: the model and everything made of it but the pages."""
        result = check_repository(root, as_of, str(Path(config.docs_dir).resolve()))
        self.root = root
        self.docs_dir = config.docs_dir
        model = result.model
        self.loaded = frozenset([*(d.src_uri for d in model.documents), *(p.src_uri for p in model.pages)])
        self.warnings = [finding.text() for finding in result.warnings]
        for warning in self.warnings:
            log.warning(warning)
        if result.errors:
            lines = "\n".join(finding.text() for finding in result.errors)
            raise PluginError(f"the ISMS has {len(result.errors)} error(s):\n{lines}")
        restricted = self.restricted = restrict(result.model, self.config.audience, drafts)
        derived = derive(restricted.model) if restricted.active else result.derived
        findings = restricted.findings(result.findings)
        judged = facts(restricted.model, derived, as_of) if restricted.active else result.facts
        shown = Result(restricted.model, derived, list(findings), as_of, judged)
        self.stamp = stamp_for(shown, root, self.config.snapshot)
        changes = changes_for(root, shown, self.stamp, self.config.compare_to, self.config.changes_report)
        changes = visible_changes(changes, restricted)
        self.site = Site(
            restricted.model,
            derived,
            as_of,
            judged,
            config.use_directory_urls,
            findings,
            changes,
            self.config.exports,
            self.config.audience,
            frozenset(restricted.registers),
            memo,
        )
        self.documents = {document.src_uri: document for document in restricted.model.documents}

    def _as_of(self) -> dt.date:
        value = self.config.as_of
        if value is None:
            return dt.date.today()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise PluginError(f"isms: as_of: {self.config.as_of!r} is not a date; write it as YYYY-MM-DD") from None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.command == "serve":  # every plugin's on_config has run: the search plugin made its index
            self.memory.search.attach(config, defer=True)

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(Path(config.config_file_path).resolve().parent / "registers"))
        app = server.get_app()
        if app is not None:
            server.set_app(guarded(app, self._downloads_written))
        return server

    def _downloads_written(self) -> None:
        self.memory.deferred.wait()  # the memory of now: a failed build replaces it

    # -- generated pages ----------------------------------------------------------------------

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        with resting_collector():
            return self._files(files, config)

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        site = self._site()
        restricted = self.restricted
        for file in files:
            if not self._admitted(file):
                file.inclusion = InclusionLevel.EXCLUDED
            elif restricted is not None and file.src_uri in restricted.documents:
                file.inclusion = InclusionLevel.EXCLUDED  # left out: no page, no search entry, no nav
        withheld_controls = restricted.withheld.get("control", set()) if restricted is not None else set()
        for control in sorted(withheld_controls):
            # Known but excluded, like the pages of a hidden register: links to it become plain text.
            files.append(File.generated(config, control_page(control), content="", inclusion=InclusionLevel.EXCLUDED))
        memory = self.memory
        if self.config.paper:
            memory.generated, left = paper_pages(site, PRINTED)
            self.left = frozenset(left)
            for src_uri in left:
                if files.get_file_from_path(src_uri) is None:
                    files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.EXCLUDED))
        elif self.changed or memory.generated is None:
            memory.generated = generated_pages(site)
            memory.kept = site.memo.now
        for page in memory.generated:
            if restricted is not None and not restricted.page_shown(page.src_uri):
                # Known but excluded: a Markdown link to it is not a broken link, and nothing of it is built.
                files.append(File.generated(config, page.src_uri, content="", inclusion=InclusionLevel.EXCLUDED))
                continue
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"docs/{page.src_uri} is generated by the isms plugin; rename or move your file "
                    f"(everything under docs/{PREFIX}/ is generated)"
                )
            self.pages[page.src_uri] = page
            inclusion = InclusionLevel.UNDEFINED if page.listed else InclusionLevel.NOT_IN_NAV
            self._generate(
                files, config, page.src_uri, _front_matter(page) + page.markdown, made=page, inclusion=inclusion
            )
        if self.config.exports and self.stamp is not None:
            requests = restricted is None or restricted.page_shown(EVIDENCE_REQUESTS)
            if self.command == "serve":  # made after the build (isms.plugin.deferred), each only when it changed
                for name in site_file_names(requests):
                    files.append(PendingFile.generated(config, export_path(name), content=b""))
                self.pending = self._downloads(site, requests, self.changed)
            else:  # written to a temporary folder MkDocs copies from, not held in memory for the whole build
                shown = Result(site.model, site.derived, [], site.as_of, site.facts)
                self.downloads = tempfile.TemporaryDirectory(prefix="isms-downloads-")
                for name, data in site_files(shown, self.stamp, requests=requests):
                    path = Path(self.downloads.name, name)
                    path.write_bytes(data)
                    files.append(File.generated(config, export_path(name), abs_src_path=str(path)))
        if self.config.snapshot:
            shim = resources.files("isms.site").joinpath("assets/file-worker.js").read_text(encoding="utf-8")
            self._generate(files, config, SHIM, shim)
        stylesheet = resources.files("isms.site").joinpath("assets/isms.css").read_text(encoding="utf-8")
        self._generate(files, config, STYLESHEET, stylesheet)
        self._decorations(files)
        memory.made = self.made
        return files

    def _downloads(self, site: Site, requests: bool, changed: bool) -> Callable[[], Iterable[tuple[str, bytes]]]:
        """What makes this build's downloads, kept in memory between rebuilds: made again when the model or a
        page's text changed (model.json digests every document's text), each only when its content did."""
        memory, stamp = self.memory, self.stamp
        assert stamp is not None

        def make() -> Iterable[tuple[str, bytes]]:
            if changed or memory.downloads is None:
                shown = Result(site.model, site.derived, [], site.as_of, site.facts)
                memory.downloads = dict(site_files(shown, stamp, requests=requests, memo=memory.exports))
            return memory.downloads.items()

        return make

    def _generate(
        self,
        files: Files,
        config: MkDocsConfig,
        src_uri: str,
        content: str | bytes,
        *,
        made: Any = None,
        inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
    ) -> None:
        """Add a generated file, modified for ``--dirty`` only when it differs from the last build's."""
        made = content if made is None else made
        modified = self.memory.made.get(src_uri) != made
        files.append(GeneratedFile.of(config, src_uri, content, modified, inclusion))
        self.made[src_uri] = made

    def _decorations(self, files: Files) -> None:
        """Each document's blocks; under ``--dirty``, a document whose blocks or macros may have changed is stale."""
        site, memory = self._site(), self.memory
        last = memory.blocks
        if self.changed or not last:
            memory.blocks = {
                src: {TOP: control_block(site, document), BOTTOM: serves_block(site, document)}
                for src, document in self.documents.items()
            }
        if not (self.dirty and self.changed):
            return
        for file in files.documentation_pages():
            src = file.src_uri
            if src in self.templated or memory.blocks.get(src) != last.get(src):
                stale(file)

    def _admitted(self, file: File) -> bool:
        """Whether a file MkDocs found may be built: inside the repository, and a page only if the core loaded it.

        The core refuses both with a finding and the build stops on it; this is the second lock, so that
        nothing the audience filter never saw can reach a site.
        """
        if file.src_dir != self.docs_dir or file.abs_src_path is None or not file.inclusion.is_included():
            return True  # generated, or the theme's
        if self.root is None or not inside(self.root, Path(file.abs_src_path)):
            return False
        if looks_like_page(file.src_uri):
            return False
        if file.is_documentation_page() and file.src_uri not in self.loaded:
            raise PluginError(f"isms: {file.src_uri} was not loaded by the isms plugin, so no audience filter saw it")
        return True

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        order = {src: index for index, src in enumerate(self.pages)}
        for item in nav.items:
            if isinstance(item, Section) and _holds(item, OVERVIEW):
                item.title = self.config.section_title
                _sort(item, order)
                _relink(nav)
        return nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Under ``--dirty``: skipped pages keep their titles in the navigation; a changed navigation renders all.
        Under ``mkdocs serve`` the theme's templates compiled in the last build are used again."""
        inclusion = InclusionLevel.is_in_serve if self.command == "serve" else InclusionLevel.is_included
        if self.command == "serve":
            self.memory.templates.attach(env)
        pages = [file.page for file in files.documentation_pages(inclusion=inclusion) if file.page is not None]
        complete = self.memory.restore(pages)
        if (self.memory.remember(pages) and self.dirty) or not complete:
            for page in pages:  # every page shows the navigation: each is written again
                if page.markdown is None:
                    _populate_page(page, config, files)
                if isinstance(page.file, GeneratedFile):
                    page.file.modified = True
                else:
                    stale(page.file)
            self.memory.remember(pages)
        return env

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build may have left pages unwritten that its memory says are made: the next one starts afresh."""
        self.memory.deferred.wait()
        self.memory = Memory(self.memory.target)
        self.rest.end()

    # -- pages --------------------------------------------------------------------------------

    @event_priority(50)  # before mkdocs-macros-plugin, which renders a page title holding "{{" as a template
    def on_page_markdown(self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        title = generated.title if generated is not None else page.meta.get("title")
        if isinstance(title, str):
            # The theme puts the page's title into <title>, the navigation and the search index unescaped
            # (and unescapes one it took from the first heading): register text and front matter are data.
            page.meta["title"] = page_title(title)
        document = self.documents.get(page.file.src_uri)
        if document is None:
            return markdown
        if document.meta.status == "approved":
            # Material shows a page's `status` as an icon in the navigation; only the exceptions
            # (draft, in review, retired) deserve one, so an approved page does not pass it on.
            page.meta.pop("status", None)
        self.blocks[page.file.src_uri] = dict(self.memory.blocks[page.file.src_uri])
        return decorate(markdown, TOP, BOTTOM)

    def on_page_content(self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        generated = self.pages.get(src)
        blocks = list(generated.blocks.values()) if generated is not None else []
        if generated is not None:
            html = generated.fill(html)
        for key, markup in self.blocks.pop(src, {}).items():
            html = html.replace(key, markup, 1)
            blocks.append(markup)
        if page.present_anchor_ids is not None:
            # MkDocs collected the page's anchors while Markdown ran, before these blocks were put in:
            # tell its link validation about theirs, so that a link to `risks.md#risk-r-007` is not broken.
            for markup in blocks:
                page.present_anchor_ids |= self._anchors(markup)
        if self.restricted is not None and self.restricted.active:
            if self.built is None:  # the same for every page of this build: made once
                self.built = built_urls(f.url for f in files if f.inclusion.is_included() or f.src_uri in self.left)
            html = unlink(html, page.file.url, self.built)
        return html

    def _anchors(self, markup: str) -> frozenset[str]:
        """The anchors of a block, found once per serve: the blocks of the last build are kept by their text."""
        found = self.memory.anchors.get(markup)
        if found is None:
            found = frozenset(anchor_ids(markup))
        self.anchors[markup] = found
        return found

    @event_priority(-100)  # after the search plugin has written its index: what completes it must come later
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.command == "serve":
            self.memory.anchors = self.anchors  # this build's blocks only: the memory does not grow
            search = self.memory.search.take()
            if search is not None:
                self.memory.deferred.submit(search, "the search index")
        if self.pending is not None:  # serve: the pages are written, the browser may reload; the downloads follow
            self.memory.deferred.downloads(self.pending, config.site_dir)
            self.pending = None
        if self.downloads is not None:  # MkDocs has copied the exports into the site
            self.downloads.cleanup()
            self.downloads = None
        self.rest.end()

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        return self._banner(output)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        return self._banner(output_content) if template_name.endswith(".html") else output_content  # 404.html

    def _banner(self, output: str) -> str:
        snapshot = self.config.snapshot
        if not snapshot:
            return output
        banner = snapshot_banner(str(snapshot.get("version", "")), str(snapshot.get("commit", "")), self._site().as_of)
        return add_banner(output, banner)

    def _site(self) -> Site:
        if self.site is None:  # on_config always runs first; this guards against a broken plugin order
            raise PluginError("isms: the ISMS was not loaded (on_config did not run)")
        return self.site


def _sort(section: Section, order: dict[str, int]) -> None:
    """Put generated pages in their own order (the SoA first, controls by number), not alphabetical."""

    def position(item: Any) -> int:
        if isinstance(item, MkDocsPage):
            return order.get(item.file.src_uri, len(order))
        if isinstance(item, Section):
            _sort(item, order)
            return min((position(child) for child in item.children), default=len(order))
        return len(order)

    section.children.sort(key=position)


def _relink(nav: Navigation) -> None:
    """Previous and next pages follow the navigation's new order (MkDocs linked them before it changed)."""
    pages: list[MkDocsPage] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, MkDocsPage):
                pages.append(item)
            elif isinstance(item, Section):
                walk(item.children)

    walk(nav.items)
    nav.pages = pages
    for index, page in enumerate(pages):
        page.previous_page = pages[index - 1] if index else None
        page.next_page = pages[index + 1] if index + 1 < len(pages) else None


def _holds(section: Section, src_uri: str) -> bool:
    for child in section.children:
        if isinstance(child, MkDocsPage) and child.file.src_uri == src_uri:
            return True
        if isinstance(child, Section) and _holds(child, src_uri):
            return True
    return False
