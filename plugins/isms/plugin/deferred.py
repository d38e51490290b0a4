"""Under ``mkdocs serve``, what a reader downloads is made after the pages: the browser reloads without waiting.

The exports (XLSX, CSV, JSON of the registers, and the model as JSON) and the search index are files the
browser fetches on demand, not pages a reader sees. Made during the build, a register edit waited
seconds for them at 1,000 documents (the risk register's XLSX, model.json, and Material's search parser
reading the megabytes of the changed register pages) before the browser could reload. Under
``mkdocs serve`` the plugin lists the exports for MkDocs as :class:`PendingFile` (links to them stay
valid; MkDocs writes nothing for them), the search index is completed by :mod:`isms.plugin.search_memo`,
and once the build has written the pages, :class:`Deferred` runs both in a background thread.

Nothing can read a stale or half-written file: the server's request for a file under ``isms/exports/``
or for the search index waits for the thread (:func:`guarded`), each file is written whole under a
temporary name then renamed, and the next build waits for the thread before it starts.
``mkdocs build`` makes everything during the build, as before.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from isms.site.downloads import EXPORTS_DIR, export_path

log = get_plugin_logger(__name__)

Make = Callable[[], Iterable[tuple[str, bytes]]]
"""Every download, by file name: made in the background thread."""
SEARCH_INDEX = "search/search_index.json"
"""Where Material's search plugin writes its index, under the site folder."""


class PendingFile(File):
    """A download MkDocs lists but does not write: :class:`Deferred` writes it after the build."""

    def is_modified(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        return


class Deferred:
    """The background work of the last build: jobs run one after the other, each after the last one's."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.written: dict[str, bytes] = {}  # destination -> the download last written there

    def submit(self, job: Callable[[], None], what: str) -> None:
        """Run ``job`` in the background once the jobs submitted before it are done; a failure is logged."""
        before = self.thread

        def run() -> None:
            if before is not None:
                before.join()
            try:
                job()
            except Exception:  # a thread has no caller to raise to: say so where serve's messages go
                log.exception(f"{what} could not be made; save a file to build again")

        self.thread = threading.Thread(target=run, name="isms-deferred", daemon=True)
        self.thread.start()

    def downloads(self, make: Make, site_dir: str) -> None:
        """Make and write the downloads in the background, each only when it is not already there."""

        def job() -> None:
            for name, data in make():
                dest = os.path.join(site_dir, *export_path(name).split("/"))
                if self.written.get(dest) is data and os.path.isfile(dest):
                    continue  # the very bytes already there (under --dirty, and unchanged)
                write(dest, data)
                self.written[dest] = data

        self.submit(job, f"the downloads under {EXPORTS_DIR}/")

    def wait(self) -> None:
        """Return once everything submitted is done (or failed, which was logged)."""
        thread = self.thread
        if thread is not None:
            thread.join()


def guarded(app: Callable[..., Any], wait: Callable[[], None]) -> Callable[..., Any]:
    """The server's WSGI application; a request for a download or the search index first waits (``wait``)."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = str(environ.get("PATH_INFO", ""))
        if f"/{EXPORTS_DIR}/" in path or path.endswith(f"/{SEARCH_INDEX}"):
            wait()
        return app(environ, start_response)

    return serve


def write(dest: str, data: bytes) -> None:
    """Write ``dest`` whole: a reader sees the old file or the new one, never part of one."""
    folder = os.path.dirname(dest)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".isms-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # as MkDocs writes files (mkstemp makes them private)
        os.replace(temporary, dest)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
