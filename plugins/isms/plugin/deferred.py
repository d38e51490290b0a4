"""Under ``mkdocs serve``, the downloads are made after the pages: the browser reloads without waiting for them.

The exports (XLSX, CSV, JSON of the registers, and the model as JSON) are files a reader downloads, not
pages a reader sees. Made during the build, a register edit waited seconds for them at 1,000 documents
(the risk register's XLSX alone, and model.json) before the browser could reload. Under ``mkdocs serve``
the plugin lists them for MkDocs as :class:`PendingFile` (so links to them stay valid; MkDocs writes
nothing for them) and, once the build has written the pages, :class:`Deferred` makes and writes them in
a background thread. Nothing can read a stale or half-written one: the server's request for a file under
``isms/exports/`` waits for the thread (:func:`guarded`), each file is written whole under a
temporary name then renamed, and the next build waits for the thread before it starts.
``mkdocs build`` makes them during the build, as before.
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


class PendingFile(File):
    """A download MkDocs lists but does not write: :class:`Deferred` writes it after the build."""

    def is_modified(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        return


class Deferred:
    """The thread that makes and writes the last build's downloads, and what it wrote."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.written: dict[str, bytes] = {}  # destination -> the bytes last written there

    def start(self, make: Make, site_dir: str) -> None:
        """Make and write the downloads in the background; the last build's thread is waited for first."""
        self.wait()
        self.thread = threading.Thread(target=self._run, args=(make, site_dir), name="isms-downloads", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        """Return once the downloads of the last build are written (or failed, which was logged)."""
        thread = self.thread
        if thread is not None:
            thread.join()

    def _run(self, make: Make, site_dir: str) -> None:
        try:
            for name, data in make():
                dest = os.path.join(site_dir, *export_path(name).split("/"))
                if self.written.get(dest) is data and os.path.isfile(dest):
                    continue  # the very bytes already there (under --dirty, and unchanged)
                _write(dest, data)
                self.written[dest] = data
        except Exception:  # a thread has no caller to raise to: say so where serve's messages go
            log.exception("the downloads under isms/exports/ could not be made; save a file to build again")


def guarded(app: Callable[..., Any], wait: Callable[[], None]) -> Callable[..., Any]:
    """The server's WSGI application; a request for a download first waits (``wait``) until they are written."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if f"/{EXPORTS_DIR}/" in str(environ.get("PATH_INFO", "")):
            wait()
        return app(environ, start_response)

    return serve


def _write(dest: str, data: bytes) -> None:
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
