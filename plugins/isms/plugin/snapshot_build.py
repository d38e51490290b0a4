"""The MkDocs build of a snapshot, run as ``python -m isms.plugin.snapshot_build CONFIG SITE_DIR OPTIONS``.

Part of the MkDocs face, like :mod:`isms.plugin.mkdocs_plugin`: it loads the repository's own ``mkdocs.yml`` and
overrides what a frozen, offline copy needs — strict mode, file URLs (``use_directory_urls: false``),
Material's built-in ``offline`` plugin with our own stand-in for web workers (so search works from
``file://`` without fetching a shim from a CDN), no version selector, and the isms plugin's
``as_of``, ``snapshot`` (the banner) and ``changes_report`` options. ``OPTIONS`` is a JSON object.

``--paper`` after them builds for the auditor's pack (``isms pack``) alone: the same articles, without what
only a browser uses: the search index, the offline plugin, the downloads and the navigation (the theme's
``partials/nav.html`` and ``tabs.html`` are replaced by the empty ones in ``paper/``), and of the generated
pages only those the pack prints (the isms plugin's ``paper``). That is about half of a large build.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

# Material's offline plugin adds a CDN script unless a polyfill's URL names "iframe-worker"; ours,
# written for this project (site/assets/file-worker.js), is served under a name that satisfies it.
SHIM = "assets/isms/iframe-worker-standin.js"


def _plugins(raw: Any) -> list[Any]:
    if isinstance(raw, dict):
        return [{name: options} for name, options in raw.items()]
    return list(raw or [])


PAPER_TEMPLATES = Path(__file__).parent / "paper"
"""Templates that replace the theme's in a build for paper: an empty navigation."""
PAPER_ONLY = ("search", "material/search")
"""Plugins a build for paper leaves out: the pack prints the pages, it does not search them."""


def overrides(raw: dict[str, Any], isms: dict[str, Any], *, paper: bool = False) -> dict[str, Any]:
    """The config keys a snapshot build replaces, given the user's raw config; ``paper``: for the pack only."""
    plugins: list[Any] = []
    found = False
    if paper:
        isms = {**isms, "exports": False, "paper": True}
    for item in _plugins(raw.get("plugins")):
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        if name in ("offline", "material/offline") or (paper and name in PAPER_ONLY):
            continue
        if name == "isms":
            options = {**(options or {}), **isms}
            found = True
        plugins.append({name: options} if options else name)
    if not found:
        plugins.append({"isms": isms})
    if not paper:
        plugins.append({"material/offline": {"enabled": True}})
    extra = dict(raw.get("extra") or {})
    extra.pop("version", None)  # a snapshot is one version: no selector that would look for versions.json
    extra["polyfills"] = [SHIM]
    return {"plugins": plugins, "extra": extra, "use_directory_urls": False, "strict": True}


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_ENV = "ISMS_SNAPSHOT_PARENT"  # set by isms.plugin.snapshot.build_site


def die_with_parent() -> None:
    """Ask Linux to kill this build when the ``isms snapshot`` that started it dies, even by SIGKILL, which
    it cannot catch to clean up; then check the parent did not die before the request was made. Elsewhere
    (no ``prctl``) the parent still kills the build on Ctrl-C or SIGTERM."""
    parent = os.environ.get(PARENT_ENV, "")
    if not parent.isdigit() or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != int(parent):  # orphaned already: nobody will collect what this build writes
        os._exit(1)


def main(argv: list[str]) -> int:
    from mkdocs import exceptions  # noqa: PLC0415
    from mkdocs.commands.build import build  # noqa: PLC0415
    from mkdocs.config.defaults import MkDocsConfig  # noqa: PLC0415

    config_file, site_dir, options, *flags = argv
    config = MkDocsConfig(config_file_path=config_file)
    with open(config_file, "rb") as handle:
        config.load_file(handle)
    raw = {key: config.get(key) for key in ("plugins", "extra")}
    paper = "--paper" in flags
    config.load_dict({**overrides(raw, json.loads(options), paper=paper), "site_dir": site_dir})
    errors, warnings = config.validate()
    if paper and not errors:
        config.theme.dirs.insert(0, str(PAPER_TEMPLATES))
    for name, warning in warnings:
        print(f"WARNING - Config value '{name}': {warning}", file=sys.stderr)
    for name, error in errors:
        print(f"ERROR - Config value '{name}': {error}", file=sys.stderr)
    if errors or warnings:
        return 1
    try:
        build(config)
    except exceptions.MkDocsException as exc:
        print(f"ERROR - {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    import logging

    die_with_parent()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s", stream=sys.stderr)
    sys.exit(main(sys.argv[1:]))
