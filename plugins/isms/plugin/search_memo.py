"""Under ``mkdocs serve``, Material's search plugin indexes again only the pages whose HTML changed, after the build.

Every build, the search plugin feeds each page's HTML through :class:`html.parser.HTMLParser` to cut it
into the sections of the search index. The generated registers are megabytes of table (the treatment
plan of 5,000 risks is nearly 4 MB): parsing them again on every save, unchanged, was most of what a
rebuild without ``--dirty`` spent beyond plain MkDocs. :class:`SearchMemo` wraps the search index of each
build so that a page whose HTML, address, title, table of contents and metadata are those it had in the
last build gets the entries it got then, without parsing. A page that changed is parsed after the build
(once the search plugin has written a stand-in index), in the thread of :mod:`isms.plugin.deferred`, which
then puts its entries where the plugin would have and writes the index; until then a request for the
index waits. The entries are the plugin's own, in its
order, so the search index is the one a full build writes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page as MkDocsPage

from isms.plugin.deferred import SEARCH_INDEX, write

SEARCH_PLUGINS = ("search", "material/search")
Pending = tuple[int, str, SimpleNamespace]
"""A page the build left for later: where its entries go in the index, its key, what the parser reads of it."""


class SearchMemo:
    """The search entries of each page in the last build, by page address, with what they were made of."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[str, tuple[dict[str, Any], ...]]] = {}
        self.job: Callable[[], None] | None = None  # completes the index the last build left

    def attach(self, config: MkDocsConfig, defer: bool = False) -> bool:
        """Wrap this build's search index, when the search plugin is Material's; whether it was.

        With ``defer``, the pages whose HTML changed are parsed after the build: the build writes a stand-in
        index that the server never serves, and :meth:`take` hands over the job that completes and writes
        it, to be run once the search plugin has written the stand-in.
        """
        plugin = next((config.plugins[name] for name in SEARCH_PLUGINS if name in config.plugins), None)
        index = getattr(plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        generate = getattr(index, "generate_search_index", None)
        entries = getattr(index, "entries", None)
        if index is None or not callable(add) or not callable(generate) or not isinstance(entries, list):
            return False
        settings = repr(sorted(getattr(index, "config", {}).items(), key=str))
        pending: list[Pending] | None = [] if defer else None
        index.add_entry_from_context = self._memoized(add, entries, settings, pending)
        if pending is not None:
            site_dir = config.site_dir

            def generate_search_index(prev: Any) -> str:
                if not pending:
                    return str(generate(prev))
                waiting = list(pending)
                pending.clear()
                self.job = lambda: self._complete(index, generate, prev, waiting, site_dir)
                return "{}"  # never served: a request for the index waits for the complete one

            index.generate_search_index = generate_search_index
        return True

    def take(self) -> Callable[[], None] | None:
        """The job that completes and writes this build's index, if the build left pages to parse."""
        job, self.job = self.job, None
        return job

    def _memoized(
        self,
        add: Callable[[Any], None],
        entries: list[dict[str, Any]],
        settings: str,
        pending: list[Pending] | None,
    ) -> Callable[[MkDocsPage], None]:
        def add_entry_from_context(page: MkDocsPage) -> None:
            key = _key(page, settings)
            kept = self.kept.get(page.url)
            if kept is not None and kept[0] == key:
                entries.extend(_copied(kept[1]))
                return
            if pending is not None:  # parsed after the build, its entries then put in here
                pending.append((len(entries), key, _stand_in(page)))
                return
            start = len(entries)
            add(page)
            self.kept[page.url] = (key, tuple(_copied(entries[start:])))

        return add_entry_from_context

    def _complete(
        self, index: Any, generate: Callable[[Any], str], prev: Any, waiting: list[Pending], site_dir: str
    ) -> None:
        """Parse the pages the build left, put their entries where they belong, write the index."""
        entries = index.entries
        for position, key, page in reversed(waiting):  # the later first: the earlier positions hold
            scratch = type(index)(**index.config)
            scratch.add_entry_from_context(page)
            self.kept[page.url] = (key, tuple(_copied(scratch.entries)))
            entries[position:position] = scratch.entries
        write(os.path.join(site_dir, *SEARCH_INDEX.split("/")), str(generate(prev)).encode("utf-8"))


def _copied(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies, so that nothing done to one build's index reaches the memo (the tags are lists)."""
    return [{name: list(v) if isinstance(v, list) else v for name, v in entry.items()} for entry in entries]


def _stand_in(page: MkDocsPage) -> SimpleNamespace:
    """What the search plugin reads of a page, as it is now (the plugin strips attributes from the HTML next)."""
    return SimpleNamespace(content=page.content, toc=page.toc, url=page.url, title=page.title, meta=dict(page.meta))


def _key(page: MkDocsPage, settings: str) -> str:
    """Everything the search plugin reads of a page: its HTML, address, title, metadata and table of contents."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (settings, page.url, str(page.title), repr(sorted(page.meta.items(), key=str)), _toc(page.toc)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update((page.content or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _toc(items: Iterable[Any]) -> str:
    return repr([(item.id, item.title, item.url, item.level, _toc(item.children)) for item in items])
