"""Rebuilds as ``mkdocs serve`` makes them write the pages a clean build writes, and only what changed.

Each test builds a small synthetic ISMS the way ``mkdocs serve`` does (one process: ``on_startup`` once,
then ``load_config`` and ``build`` for every rebuild, MkDocs keeping the plugin object), edits a
policy's body, its front matter and a register in turn, and after each edit compares every HTML page
with a clean build of the same sources in a fresh process.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import isms.plugin.mkdocs_plugin as plugin_module
from isms.plugin.deferred import Deferred, guarded, write
from isms.site import controls, parts, registers
from tests.support.synthetic import MIN_DOCUMENTS, generate

AS_OF = dt.date(2026, 11, 28)
SERVE_URL = "http://127.0.0.1:8000/"
POLICY = "docs/policies/information-security-policy.md"
POLICY_PAGE = "policies/information-security-policy/index.html"
ALWAYS_WRITTEN = {"404.html"}  # a theme template: MkDocs writes it on every build, --dirty or not

CLEAN = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
import isms.site.parts
isms.site.parts.ROWS_PER_PART = int(sys.argv[4])
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = sys.argv[3]
build(config, serve_url=sys.argv[3])
config.plugins["isms"].memory.deferred.wait()  # serve writes the downloads after the pages
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("incremental") / "repo"
    generate(root, documents=MIN_DOCUMENTS, risks=30, assets=40, as_of=AS_OF)
    return root


class Served:
    """Rebuilds of one site in this process, as ``mkdocs serve [--dirty]`` makes them."""

    def __init__(self, root: Path, site: Path, dirty: bool) -> None:
        self.root, self.site, self.dirty = root, site, dirty
        self.config_file = str(root / "mkdocs.yml")
        first = load_config(config_file=self.config_file, site_dir=str(site))
        first.plugins.on_startup(command="serve", dirty=dirty)

    def rebuild(self) -> dict[str, int]:
        """Build once; the output files this build wrote (their modification times changed)."""
        before = _mtimes(self.site)
        config = load_config(config_file=self.config_file, site_dir=str(self.site))
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=self.dirty)
        config.plugins["isms"].memory.deferred.wait()  # the downloads, written after the pages
        after = _mtimes(self.site)
        return {name: mtime for name, mtime in after.items() if before.get(name) != mtime}


def _mtimes(site: Path) -> dict[str, int]:
    if not site.is_dir():
        return {}
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns for path in site.rglob("*") if path.is_file()}


SEARCH_INDEX = "search/search_index.json"
"""Under --dirty MkDocs' search plugin indexes only the pages that build rendered, with or without this plugin."""


def _html(site: Path) -> dict[str, bytes]:
    """Every file the build wrote: pages, downloads, sitemap, search index."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _clean(root: Path, site: Path) -> dict[str, bytes]:
    """A clean build of ``root`` in a fresh process, as ``mkdocs serve`` makes its first one (with the parts of
    split registers as long as in this process)."""
    rows = str(parts.ROWS_PER_PART)
    command = [sys.executable, "-c", CLEAN, str(root / "mkdocs.yml"), str(site), SERVE_URL, rows]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ISMS_AS_OF", None)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return _html(site)


def _edit(root: Path, rel: str, old: str, new: str, site: Path) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # Newer than the last build's output whatever the clock's resolution, and not in the future.
    stamp = max(path.stat().st_mtime_ns, max(_mtimes(site).values()) + 1)
    os.utime(path, ns=(stamp, stamp))


def _retitle_first_risk(root: Path, word: str, site: Path) -> None:
    """R-0001's title: "Phishing leading to stolen credentials" becomes "<word> leading to stolen credentials"."""
    _edit(root, "registers/risks.yml", "title: Phishing leading to stolen", f"title: {word} leading to stolen", site)


EDITS = [
    ("policy body", POLICY, "# Information security policy\n", "# Information security policy\n\nOne more line.\n"),
    ("front matter", POLICY, "title: Information security policy\n", "title: Information security policy (2)\n"),
    ("register", "registers/risks.yml", "title: Phishing leading to stolen", "title: Spear phishing leading to stolen"),
]


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_every_rebuild_writes_what_a_clean_build_writes(source: Path, tmp_path: Path, dirty: bool) -> None:
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    served = Served(root, tmp_path / "served", dirty)
    served.rebuild()
    assert _html(served.site) == _clean(root, tmp_path / "clean-0")
    downloads = {name for name in _html(served.site) if name.endswith((".xlsx", ".csv", ".json"))}
    assert {"isms/exports/risks.xlsx", "isms/exports/model.json"} <= downloads  # compared after each edit
    for index, (what, rel, old, new) in enumerate(EDITS, start=1):
        _edit(root, rel, old, new, served.site)
        written = served.rebuild()
        shown, clean = _html(served.site), _clean(root, tmp_path / f"clean-{index}")
        assert shown.keys() == clean.keys(), what
        differing = sorted(
            name for name in clean if shown[name] != clean[name] and not (dirty and name == SEARCH_INDEX)
        )
        assert differing == [], f"after the {what} edit these pages differ from a clean build: {differing}"
        assert POLICY_PAGE in written or what == "register", what
        if dirty and what == "policy body":
            pages = {name for name in written if name.endswith(".html")}
            assert pages == {POLICY_PAGE, *ALWAYS_WRITTEN}, "a body edit re-renders that page alone"
        if dirty and what == "register":
            pages = {name for name in written if name.endswith(".html")}
            assert "isms/risks/index.html" in pages
            assert POLICY_PAGE not in pages, "a register edit leaves a page that does not show it alone"
            assert len(pages) < len(shown) / 2, f"a register edit re-rendered {len(pages)} of {len(shown)} pages"


def _move_first_risk_last(text: str) -> str:
    head, first, rest = text.partition("  - id: R-0001\n")
    block, next_id, others = rest.partition("  - id: R-0002\n")
    return head + next_id + others.rstrip("\n") + "\n" + first + block


def _add_a_risk(text: str) -> str:
    block = text.partition("  - id: R-0003\n")[2].partition("  - id: R-0004\n")[0]
    return text.rstrip("\n") + "\n  - id: R-0031\n" + block.replace("AST-0026", "AST-0001")


KEPT_EDITS: list[tuple[str, str, Any]] = [
    # Each changes what a page or a part kept from the last build reads (isms.site.memo): it must be made again.
    ("a risk names another asset", "registers/risks.yml", ("assets: [AST-0009]", "assets: [AST-0009, AST-0001]")),
    (
        "a risk names another control",
        "registers/risks.yml",
        ('controls: ["5.17", "8.5"]', 'controls: ["5.1", "5.17", "8.5"]'),
    ),
    ("a risk on part 2 retitled", "registers/risks.yml", ("title: Loss of key", "title: Loss of senior")),
    ("a risk moves to the last part", "registers/risks.yml", _move_first_risk_last),
    ("a risk added: a fourth part", "registers/risks.yml", _add_a_risk),
    ("an asset renamed", "registers/assets.yml", ("name: Monitor MN-1", "name: Monitor MN-1 (spare)")),
    ("a treatment names another risk", "registers/treatments.yml", ("risks: [R-0001]", "risks: [R-0001, R-0015]")),
]


def test_register_edits_make_again_the_kept_pages_and_parts_that_show_them(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages and register parts a rebuild takes over from the last one are the clean build's after edits to
    exactly what they read: which assets and controls a risk names, an entry on a later part, the order of
    the entries (where links point), the entries of a part, another register's references."""
    monkeypatch.setattr(parts, "ROWS_PER_PART", 10)  # 30 risks and 40 assets in parts of 10 rows
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    served = Served(root, tmp_path / "served", dirty=True)
    served.rebuild()
    assert (served.site / "isms" / "risks" / "3" / "index.html").is_file()
    for index, (what, rel, change) in enumerate(KEPT_EDITS, start=1):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        if callable(change):
            path.write_text(change(text), encoding="utf-8")
        else:
            _edit(root, rel, *change, served.site)
        stamp = max(path.stat().st_mtime_ns, max(_mtimes(served.site).values()) + 1)
        os.utime(path, ns=(stamp, stamp))
        assert path.read_text(encoding="utf-8") != text, what
        written = served.rebuild()
        shown, clean = _html(served.site), _clean(root, tmp_path / f"clean-{index}")
        assert shown.keys() == clean.keys(), what
        differing = sorted(name for name in clean if shown[name] != clean[name] and name != SEARCH_INDEX)
        assert differing == [], f"after '{what}' these pages differ from a clean build: {differing}"
        assert any(name.startswith("isms/") and name.endswith(".html") for name in written), what


def test_a_risk_edit_makes_again_only_the_pages_that_show_the_risk(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a policy body edit too: a page's body is no input of the kept pages."""
    inventories: list[str] = []
    control_pages: list[str] = []
    make_inventory, make_control_page = registers._asset_inventory, controls.control_page_for

    def inventory(site: Any) -> Any:
        inventories.append("made")
        return make_inventory(site)

    def control_page(site: Any, control: Any, *around: Any) -> Any:
        control_pages.append(control.id)
        return make_control_page(site, control, *around)

    monkeypatch.setattr(registers, "_asset_inventory", inventory)
    monkeypatch.setattr(controls, "control_page_for", control_page)
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    served = Served(root, tmp_path / "served", dirty=True)
    served.rebuild()
    assert inventories == ["made"] and len(control_pages) == 93
    _edit(root, POLICY, "# Information security policy\n", "# Information security policy\n\nEdited.\n", served.site)
    served.rebuild()
    _retitle_first_risk(root, "Whaling", served.site)
    served.rebuild()
    assert inventories == ["made"], "the inventory shows no risk's title"
    assert sorted(control_pages[93:]) == ["5.17", "6.3", "8.5"], "the controls R-0001 names"


def test_a_serve_rebuild_compiles_the_theme_templates_only_once(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counted(env: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name or "")
        return compile_template(env, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    served = Served(root, tmp_path / "served", dirty=False)
    served.rebuild()
    assert {"main.html", "base.html"} <= set(compiled)
    compiled.clear()
    _retitle_first_risk(root, "Vishing", served.site)
    written = served.rebuild()
    assert "isms/risks/index.html" in written
    # Material's search plugin makes an environment of its own for its translations, outside the build's.
    assert [name for name in compiled if name.endswith(".html") and not name.startswith("partials/language")] == []


def test_an_unchanged_rebuild_makes_nothing_again(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: dict[str, int] = {"check_repository": 0, "generated_pages": 0, "site_files": 0}

    def counted(name: str):  # type: ignore[no-untyped-def]
        real = getattr(plugin_module, name)

        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            return real(*args, **kwargs)

        return call

    for name in calls:
        monkeypatch.setattr(plugin_module, name, counted(name))
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    served = Served(root, tmp_path / "served", dirty=True)
    served.rebuild()
    assert calls == {"check_repository": 1, "generated_pages": 1, "site_files": 1}
    written = served.rebuild()
    assert calls == {"check_repository": 1, "generated_pages": 1, "site_files": 1}
    assert {name for name in written if name.endswith(".html")} == ALWAYS_WRITTEN
    _edit(root, POLICY, "# Information security policy\n", "# Information security policy\n\nEdited.\n", served.site)
    served.rebuild()
    # model.json holds a digest of every document's text: the downloads alone are made again.
    assert calls == {"check_repository": 1, "generated_pages": 1, "site_files": 2}, "a body edit derives nothing"
    _retitle_first_risk(root, "Whaling", served.site)
    served.rebuild()
    assert calls == {"check_repository": 2, "generated_pages": 2, "site_files": 3}


def test_after_a_failed_rebuild_the_next_one_writes_what_a_clean_build_writes(source: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    served = Served(root, tmp_path / "served", dirty=True)
    served.rebuild()
    _retitle_first_risk(root, "Vishing", served.site)
    _edit(root, "registers/risks.yml", "treatment: modify", "treatment: bogus", served.site)
    with pytest.raises(Abort):
        served.rebuild()  # the ISMS has an error: the build stops before writing a page
    _edit(root, "registers/risks.yml", "treatment: bogus", "treatment: modify", served.site)
    served.rebuild()
    shown, clean = _html(served.site), _clean(root, tmp_path / "clean")
    assert sorted(name for name in clean if shown[name] != clean[name] and name != SEARCH_INDEX) == []


def test_search_parses_again_only_the_pages_whose_html_changed(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real = SearchIndex.add_entry_from_context

    def recorded(index: SearchIndex, page: Any) -> None:
        parsed.append(page.url)
        real(index, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", recorded)
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    served = Served(root, tmp_path / "served", dirty=False)
    served.rebuild()
    assert "isms/risks/" in parsed and "policies/information-security-policy/" in parsed
    parsed.clear()
    served.rebuild()
    assert parsed == [], "nothing changed: every page's search entries are the last build's"
    _edit(root, POLICY, "# Information security policy\n", "# Information security policy\n\nEdited.\n", served.site)
    served.rebuild()
    assert parsed == ["policies/information-security-policy/"]
    parsed.clear()
    _retitle_first_risk(root, "Smishing", served.site)
    served.rebuild()
    assert "isms/risks/" in parsed and "policies/information-security-policy/" not in parsed
    # The index written after these rebuilds is the clean build's: test_every_rebuild_... compares it.


def test_a_request_for_a_download_waits_until_the_downloads_are_written(tmp_path: Path) -> None:
    release = threading.Event()
    made = tmp_path / "isms" / "exports" / "risks.csv"

    def make() -> Iterator[tuple[str, bytes]]:
        release.wait(30)
        yield "risks.csv", b"new"

    served: list[tuple[str, bytes | None]] = []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        served.append((environ["PATH_INFO"], made.read_bytes() if made.exists() else None))
        return []

    deferred = Deferred()
    deferred.downloads(make, str(tmp_path))
    serve = guarded(app, deferred.wait)
    serve({"PATH_INFO": "/isms/risks/"}, None)  # a page: served at once, while the downloads are made
    assert served == [("/isms/risks/", None)]
    threading.Timer(0.2, release.set).start()
    serve({"PATH_INFO": "/isms/exports/risks.csv"}, None)
    assert served[-1] == ("/isms/exports/risks.csv", b"new")
    assert [path.name for path in made.parent.iterdir()] == ["risks.csv"], "no temporary file is left"
    index = tmp_path / "search" / "search_index.json"
    release.clear()

    def complete() -> None:
        release.wait(30)
        write(str(index), b'{"docs":[]}')

    deferred.submit(complete, "the search index")
    threading.Timer(0.2, release.set).start()
    read: list[bytes] = []
    guarded(lambda environ, start_response: read.append(index.read_bytes()), deferred.wait)(
        {"PATH_INFO": "/search/search_index.json"}, None
    )
    assert read == [b'{"docs":[]}']


def test_downloads_that_cannot_be_made_are_logged_and_the_next_build_makes_them(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> Iterator[tuple[str, bytes]]:
        raise ValueError("no sheets")
        yield  # a generator, as site_files is

    deferred = Deferred()
    deferred.downloads(broken, str(tmp_path))
    deferred.wait()
    assert "could not be made" in caplog.text and "no sheets" in caplog.text
    deferred.downloads(lambda: [("model.json", b"{}\n")], str(tmp_path))
    deferred.wait()
    assert (tmp_path / "isms" / "exports" / "model.json").read_bytes() == b"{}\n"


def test_a_serve_build_returns_before_its_downloads_are_made(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = plugin_module.site_files

    def held(*args: Any, **kwargs: Any) -> Iterator[tuple[str, bytes]]:
        assert release.wait(60), "the build waited for its downloads"
        yield from real(*args, **kwargs)

    monkeypatch.setattr(plugin_module, "site_files", held)
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    site = tmp_path / "served"
    Served(root, site, dirty=False)
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    build(config, serve_url=SERVE_URL)  # returns: the browser reloads while the downloads are made
    assert (site / POLICY_PAGE).is_file() and not (site / "isms/exports/risks.xlsx").exists()
    release.set()
    config.plugins["isms"].memory.deferred.wait()
    assert (site / "isms/exports/risks.xlsx").is_file() and (site / "search/search_index.json").stat().st_size > 100


def test_the_search_index_is_completed_after_the_search_plugin_wrote_its_stand_in(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each job at once, as a thread that is quick may run it: it must still come after the stand-in.
    monkeypatch.setattr(Deferred, "submit", lambda self, job, what: job())
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    served = Served(root, tmp_path / "served", dirty=False)
    served.rebuild()
    index = json.loads((served.site / SEARCH_INDEX).read_text(encoding="utf-8"))
    assert any(doc["location"] == "policies/information-security-policy/" for doc in index["docs"])


def test_the_garbage_collector_rests_for_a_serve_rebuild_and_works_again_after_it(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    collecting: list[bool] = []
    real = plugin_module.IsmsPlugin.on_page_content

    def recorded(self: Any, html: str, /, **kwargs: Any) -> str:
        collecting.append(gc.isenabled())
        return real(self, html, **kwargs)

    monkeypatch.setattr(plugin_module.IsmsPlugin, "on_page_content", recorded)
    root = tmp_path / "repo"
    subprocess.run(["cp", "-a", str(source), str(root)], check=True)
    served = Served(root, tmp_path / "served", dirty=False)
    assert gc.isenabled()
    served.rebuild()
    assert collecting and not any(collecting), "pages are rendered while the collector rests"
    assert gc.isenabled(), "and it works again once the build is done"
    _edit(root, "registers/risks.yml", "treatment: modify", "treatment: bogus", served.site)
    with pytest.raises(Abort):
        served.rebuild()
    assert gc.isenabled(), "a failed build wakes it too"
