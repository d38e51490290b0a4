"""Benchmark of ``mkdocs build`` with the isms plugin against plain MkDocs building the same pages.

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.bench_build [--quick]

It generates a large (1,000 documents, 5,000 risks, 20,000 assets) and a small (200, 1,000, 4,000)
synthetic ISMS into a temporary folder and makes each a "static twin". One in-process MkDocs build
of the plugin repository (``load_config`` + ``build``, stopped at ``on_env``, once every page is
converted) records, for every page, the Markdown MkDocs converts (after every plugin's
``on_page_markdown``), the page's metadata, the HTML blocks the isms plugin puts in after Markdown
has run, the final navigation, ``extra_css``, the files plugins generate (stylesheet, downloads) and
the pages the build leaves out (drafts). The twin holds those pages as plain Markdown with the HTML
inline (and links to left-out pages as text, as the plugin makes them), the same files, and the
same ``mkdocs.yml`` without the isms plugin (same theme, features, extensions and search; ``nav``
and ``extra_css`` written out), so plain MkDocs builds the same site. The script checks that both
builds give the same HTML pages and says how alike they are.

Then it times real builds, each a fresh ``python -m mkdocs build -q`` process into an empty folder,
alternating plugin and static builds, with and without Material's ``navigation.prune``, in rounds;
it reports best and median seconds, the ratio plugin/static per size (target <= 1.25), the ratio
large/small of the plugin build (target <= 5.5), and what ``navigation.prune`` does to build time,
the largest and median HTML page and the site size. It exits 0 whatever the timings: it is a
benchmark, not a test; it exits 1 when a build fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import posixpath
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import yaml
from mkdocs.commands.build import build
from mkdocs.config import base, load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import get_yaml_loader
from tests.support.synthetic import generate

import isms
from isms.plugin.mkdocs_plugin import STYLESHEET, IsmsPlugin

AS_OF = dt.date(2026, 11, 28)
LARGE = {"documents": 1000, "risks": 5000, "assets": 20000}
SMALL = {"documents": 200, "risks": 1000, "assets": 4000}
RATIO_TARGET = 1.25
"""Plugin build time over plain MkDocs on the same pages, at most."""
SIZE_TARGET = 5.5
"""Plugin build time of the large site over the small one, at most (the large one is 5 times the size)."""
ROUNDS_SMALL = 5
ROUNDS_LARGE = 2
PRUNE = "navigation.prune"
T = TypeVar("T")
DROPPED_PLUGINS = ("isms", "macros")
"""Plugins the twin goes without: the isms plugin, and macros, whose output the captured Markdown holds."""


# --- capture ---------------------------------------------------------------------------------------


_MARKDOWN_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+)\)")


@dataclass
class CapturedPage:
    markdown: str
    meta: dict[str, Any]
    blocks: dict[str, str]

    def static_markdown(self, src_uri: str, excluded: set[str]) -> str:
        """The page's Markdown with every placeholder replaced by its HTML, as ``Page.fill`` does it, and
        links to pages the build left out turned into text, as the plugin's ``isms.site.withheld.unlink`` does."""
        markdown = self.markdown
        for key, markup in self.blocks.items():
            markdown = markdown.replace(key, markup, 1)
        if not excluded:
            return markdown
        folder = posixpath.dirname(src_uri)

        def withhold(match: re.Match[str]) -> str:
            target = urlsplit(match.group(2)).path
            if target and posixpath.normpath(posixpath.join(folder, target)) in excluded:
                return f'<span class="isms-withheld">{match.group(1)}</span>'
            return match.group(0)

        return _MARKDOWN_LINK.sub(withhold, markdown)


@dataclass
class Capture:
    pages: dict[str, CapturedPage] = field(default_factory=dict)
    generated: dict[str, bytes] = field(default_factory=dict)  # non-page files plugins generate
    copied: dict[str, Path] = field(default_factory=dict)  # non-page files from docs/
    excluded: set[str] = field(default_factory=set)  # pages the build leaves out (drafts, another audience)
    nav: list[Any] = field(default_factory=list)
    extra_css: list[str] = field(default_factory=list)  # as the plugins leave them in on_config
    extra_javascript: list[str] = field(default_factory=list)


class _Stop(Exception):
    """Not an error: the capture build ends here on purpose."""


class _NoOptions(base.Config):
    pass


class _CapturePlugin(BasePlugin[_NoOptions]):
    """Registered last: sees what MkDocs converts once every other plugin has had its say."""

    def __init__(self, isms: IsmsPlugin, capture: Capture) -> None:
        self.isms = isms
        self.capture = capture

    @event_priority(-100)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.capture.extra_css = [str(path) for path in config.extra_css]
        self.capture.extra_javascript = [str(script) for script in config.extra_javascript]
        docs = Path(config.docs_dir).resolve()
        for file in files:
            if file.inclusion.is_excluded():
                self.capture.excluded.add(file.src_uri)
                continue
            if file.is_documentation_page():
                continue
            if file.generated_by is not None:
                self.capture.generated[file.src_uri] = file.content_bytes
            elif Path(file.abs_src_path or "").resolve().is_relative_to(docs):
                self.capture.copied[file.src_uri] = Path(file.abs_src_path or "")
        return files

    @event_priority(-100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.capture.nav = nav_config(nav.items)
        return nav

    @event_priority(-100)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        generated = self.isms.pages.get(src)
        blocks = generated.blocks if generated is not None else self.isms.blocks.get(src, {})
        self.capture.pages[src] = CapturedPage(markdown, dict(page.meta), dict(blocks))
        return markdown

    @event_priority(-100)
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        raise _Stop


def nav_config(items: Sequence[Any]) -> list[Any]:
    """A navigation as ``nav:`` in mkdocs.yml writes it; a page keeps a title only if the config gave it one."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            out.append({item.title: nav_config(item.children)})
        elif isinstance(item, Page):
            title = vars(item).get("title")  # set on the instance only when the nav config named it
            out.append({title: item.file.src_uri} if title is not None else item.file.src_uri)
        elif isinstance(item, Link):
            out.append({item.title: item.url})
    return out


def capture(repo: Path, scratch: Path) -> Capture:
    """Run the plugin repository's build in this process up to ``on_env`` and record every page."""
    config = load_config(config_file=str(repo / "mkdocs.yml"), site_dir=str(scratch))
    isms = next((p for p in config.plugins.values() if isinstance(p, IsmsPlugin)), None)
    if isms is None:
        raise SystemExit(f"bench: {repo}/mkdocs.yml does not use the isms plugin")
    captured = Capture()
    config.plugins["bench-capture"] = _CapturePlugin(isms, captured)
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    try:
        build(config)
    except _Stop:
        pass
    else:
        raise SystemExit("bench: the capture build did not reach on_env")
    return captured


# --- the static twin -------------------------------------------------------------------------------


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=get_yaml_loader())  # MkDocs' own loader: resolves !ENV
    if not isinstance(data, dict):
        raise SystemExit(f"bench: {path} is not a mapping")
    return data


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def twin_config(config: dict[str, Any], captured: Capture) -> dict[str, Any]:
    """``config`` without the isms plugin, with the stylesheets, scripts and navigation the build ended with."""
    twin = dict(config)
    plugins = config.get("plugins", ["search"])
    if isinstance(plugins, dict):
        twin["plugins"] = {name: value for name, value in plugins.items() if name not in DROPPED_PLUGINS}
    else:
        twin["plugins"] = [entry for entry in plugins if _plugin_name(entry) not in DROPPED_PLUGINS]
    if STYLESHEET not in captured.extra_css:
        print(f"WARNING: the plugin no longer adds {STYLESHEET} to extra_css")
    twin["extra_css"] = captured.extra_css
    scripts = [str(script) for script in config.get("extra_javascript") or []]
    added = [script for script in captured.extra_javascript if script not in scripts]
    if added:  # entries of the config stay as written (they may carry options); the plugins' are paths
        twin["extra_javascript"] = [*(config.get("extra_javascript") or []), *added]
    twin["docs_dir"] = "docs"
    twin["nav"] = captured.nav
    return twin


def with_feature(config: dict[str, Any], feature: str) -> dict[str, Any]:
    theme = dict(config.get("theme") or {})
    theme["features"] = [*(theme.get("features") or []), feature]
    return {**config, "theme": theme}


def write_twin(repo: Path, twin: Path, captured: Capture) -> None:
    docs = twin / "docs"
    for src, page in captured.pages.items():
        # A title is Markup (escaped HTML, see isms.site.html.page_title): written out as the plain str it is.
        meta = {
            key: str(value) if isinstance(value, str) else value
            for key, value in page.meta.items()
            if key != "render_macros"
        }
        front = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n\n"
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((front if meta else "") + page.static_markdown(src, captured.excluded), encoding="utf-8")
    for src, content in captured.generated.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_bytes(content)
    for src, source in captured.copied.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs / src)
    write_yaml(twin / "mkdocs.yml", twin_config(read_mkdocs_yml(repo / "mkdocs.yml"), captured))


def prepare(base_dir: Path, label: str, sizes: dict[str, int]) -> tuple[Path, Path]:
    """Generate the plugin repository and its static twin; both get a ``mkdocs-prune.yml`` too."""
    repo, twin = base_dir / label / "plugin", base_dir / label / "static"
    generate(repo, **sizes, as_of=AS_OF)
    captured = capture(repo, base_dir / label / "capture-site")
    write_twin(repo, twin, captured)
    for root in (repo, twin):
        write_yaml(root / "mkdocs-prune.yml", with_feature(read_mkdocs_yml(root / "mkdocs.yml"), PRUNE))
    return repo, twin


# --- timing ----------------------------------------------------------------------------------------


@dataclass
class Variant:
    name: str
    config: Path
    site: Path
    seconds: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run_build(variant: Variant) -> None:
    """One fresh ``mkdocs build`` into an empty folder (emptied before the clock starts)."""
    shutil.rmtree(variant.site, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(variant.config), "-d", str(variant.site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(
            f"bench: {shlex.join(command)} exited {completed.returncode}:\n"
            f"{completed.stdout[-3000:]}{completed.stderr[-3000:]}"
        )
    variant.seconds.append(seconds)
    print(f"  {variant.name:<24} {seconds:7.2f} s", flush=True)


def alternate(variants: list[Variant], rounds: int) -> None:
    for index in range(rounds):
        print(f"round {index + 1}/{rounds}", flush=True)
        for variant in variants:
            run_build(variant)


# --- sites -----------------------------------------------------------------------------------------


def html_pages(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*.html")}


# Expected differences between the plugin's site and the twin's, each a pattern and what it stands for,
# applied one after the other to judge how alike two pages are.
_EXPECTED: list[tuple[str, Callable[[str], str]]] = [
    (
        # Python-Markdown puts the tags after a raw HTML block's first element on a line of their own.
        "whitespace between tags",
        partial(re.compile(r">\s+<").sub, "><"),
    ),
    (
        # Python-Markdown does not know <svg> as a block tag and wraps a raw <svg> in <p>; the plugin's
        # placeholders are put in after Markdown, so its <svg> stands alone.
        "<p> around raw <svg>",
        partial(re.compile(r"<p>(<svg\b.*?</svg>)</p>", re.DOTALL).sub, r"\1"),
    ),
    (
        # The plugin reorders its navigation section in on_nav, after MkDocs has linked each page to its
        # previous and next page, so those links follow the old order; the twin's nav is written in the
        # new order.
        "prev/next links",
        partial(
            re.compile(r'<link rel="(?:prev|next)" href="[^"]*">|<nav class="md-footer__inner.*?</nav>', re.DOTALL).sub,
            "",
        ),
    ),
]
_P_TAGS = re.compile(r"</?p>|\s+")


def _listing(names: list[str]) -> str:
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def _alike(mine: str, twin: str) -> str | None:
    """How alike two pages are: the last expected difference needed to make them equal, or None."""
    if mine == twin:
        return "byte-identical"
    for what, normalise in _EXPECTED:
        mine, twin = normalise(mine), normalise(twin)
        if mine == twin:
            return f"same but {what}"
    return None


def _search_entries(site: Path) -> tuple[list[Any], list[Any], Any] | None:
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return None
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index["docs"]
    plain = [{**entry, "text": _P_TAGS.sub("", entry.get("text", ""))} for entry in docs]
    return sorted(map(json.dumps, docs)), sorted(map(json.dumps, plain)), index.get("config")


def compare_sites(plugin: Variant, static: Variant) -> list[str]:
    """How the twin's site matches the plugin's: the same HTML pages (else a warning), and how alike."""
    ours, theirs = html_pages(plugin.site), html_pages(static.site)
    lines = [f"{plugin.name} vs {static.name}: {len(ours)} vs {len(theirs)} HTML pages"]
    only_plugin, only_static = sorted(ours.keys() - theirs.keys()), sorted(theirs.keys() - ours.keys())
    if only_plugin or only_static:
        lines.append(
            f"WARNING: not the same HTML pages: {len(only_plugin)} only in {plugin.name} ({_listing(only_plugin)}), "
            f"{len(only_static)} only in {static.name} ({_listing(only_static)})"
        )
    common = sorted(ours.keys() & theirs.keys())
    counts = dict.fromkeys(["byte-identical", *(f"same but {what}" for what, _ in _EXPECTED)], 0)
    different = []
    for name in common:
        alike = _alike(ours[name].read_text(encoding="utf-8"), theirs[name].read_text(encoding="utf-8"))
        if alike is None:
            different.append(name)
        else:
            counts[alike] += 1
    lines.append(
        f"  {len(common)} common pages: "
        + ", ".join(f"{count} {what}" for what, count in counts.items())
        + f", {len(different)} DIFFERENT"
        + (f" ({_listing(different)})" if different else "")
    )
    mine, twin = _search_entries(plugin.site), _search_entries(static.site)
    if mine is not None and twin is not None:
        if mine == twin:
            alike = "the same entries (order aside)"
        elif mine[1:] == twin[1:]:
            alike = "the same entries (order, <p> tags and whitespace in texts aside)"
        else:
            alike = "DIFFERENT entries"
        lines.append(f"  search index: {alike}")
    return lines


@dataclass
class SiteSize:
    pages: int
    total: int
    html: int
    largest: int
    largest_page: str
    median_page: int


def site_size(site: Path) -> SiteSize:
    sizes = {name: path.stat().st_size for name, path in html_pages(site).items()}
    largest = max(sizes, key=lambda name: sizes[name])
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    return SiteSize(
        len(sizes), total, sum(sizes.values()), sizes[largest], largest, int(statistics.median(sizes.values()))
    )


# --- report ----------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def print_times(rows: Sequence[tuple[str, Variant]]) -> None:
    print(f"{'size':<6} {'build':<22} {'runs':>4} {'best s':>8} {'median s':>9}  all s")
    for label, variant in rows:
        runs = " ".join(f"{seconds:.2f}" for seconds in variant.seconds)
        numbers = f"{len(variant.seconds):>4} {variant.best:>8.2f} {variant.median:>9.2f}"
        print(f"{label:<6} {variant.name:<22} {numbers}  {runs}")


def ratio_line(what: str, numerator: Variant, denominator: Variant, target: float | None) -> str:
    best = numerator.best / denominator.best
    median = numerator.median / denominator.median
    judged = f"target <= {target:.2f}  {verdict(best <= target)}" if target is not None else "(no target)"
    return f"  {what:<48} best {best:5.2f}  median {median:5.2f}  {judged}"


def versions() -> str:
    names = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def plugin_sources() -> str:
    """The isms package's version and a digest of its sources: other work changes the plugin between runs."""
    package = Path(isms.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".css", ".js", ".yml"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return f"isms {isms.__version__} (sources sha256 {digest.hexdigest()[:12]})"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def timed(label: str, function: Callable[[], T]) -> T:
    start = time.perf_counter()
    value = function()
    print(f"{label}: {time.perf_counter() - start:.1f} s", flush=True)
    return value


@dataclass
class Measured:
    label: str
    variants: dict[str, Variant]
    notes: list[str] = field(default_factory=list)
    sizes: dict[str, SiteSize] = field(default_factory=dict)


def measure(base_dir: Path, label: str, counts: dict[str, int], rounds: int, prune: bool) -> Measured:
    """Prepare one size, time its builds alternating, compare the sites and measure their size."""
    repo, twin = timed(
        f"{label}: generate, capture and write the static twin ({counts['documents']} documents, "
        f"{counts['risks']} risks, {counts['assets']} assets)",
        partial(prepare, base_dir, label, counts),
    )
    sites = base_dir / label / "sites"
    variants = {
        "plugin": Variant("plugin", repo / "mkdocs.yml", sites / "plugin"),
        "static": Variant("static", twin / "mkdocs.yml", sites / "static"),
    }
    if prune:
        variants["plugin+prune"] = Variant("plugin + prune", repo / "mkdocs-prune.yml", sites / "plugin-prune")
        variants["static+prune"] = Variant("static + prune", twin / "mkdocs-prune.yml", sites / "static-prune")
    print(f"{label}: timing {', '.join(v.name for v in variants.values())}, alternating", flush=True)
    alternate(list(variants.values()), rounds)
    measured = Measured(label, variants)
    pairs = [("plugin", "static"), ("plugin+prune", "static+prune")] if prune else [("plugin", "static")]
    for plugin, static in pairs:
        measured.notes += compare_sites(variants[plugin], variants[static])
        measured.sizes[plugin] = site_size(variants[plugin].site)
    for variant in variants.values():  # free the disk before the next size
        shutil.rmtree(variant.site, ignore_errors=True)
    print(flush=True)
    return measured


def report(results: dict[str, Measured], quick: bool) -> None:
    print("=" * 110)
    print(f"results ({'quick: one round' if quick else 'alternating rounds'}; {load()})")
    print()
    print_times([(label, variant) for label, measured in results.items() for variant in measured.variants.values()])
    print()
    print("ratios, judged on the best run of each build:")
    for label, measured in results.items():
        variants = measured.variants
        print(ratio_line(f"{label}: plugin / static", variants["plugin"], variants["static"], RATIO_TARGET))
        if "plugin+prune" in variants:
            print(
                ratio_line(
                    f"{label}: plugin + prune / static + prune",
                    variants["plugin+prune"],
                    variants["static+prune"],
                    RATIO_TARGET,
                )
            )
    if "large" in results and "small" in results:
        large, small = results["large"].variants, results["small"].variants
        for key, name, target in (
            ("plugin", "plugin: large / small", SIZE_TARGET),
            ("plugin+prune", "plugin + prune: large / small", SIZE_TARGET),
            ("static", "static: large / small (for comparison)", None),
            ("static+prune", "static + prune: large / small (for comparison)", None),
        ):
            if key in large and key in small:
                print(ratio_line(name, large[key], small[key], target))
    print()
    print("navigation.prune (Material) on and off, plugin builds:")
    heads = f"{'pages':>5} {'best s':>7} {'median s':>9} {'largest page':>13} {'median page':>12}"
    print(f"{'':<17} {heads} {'all HTML':>9} {'site':>9}")
    for label, measured in results.items():
        for key, name in (("plugin", "prune off"), ("plugin+prune", "prune on")):
            size, variant = measured.sizes.get(key), measured.variants.get(key)
            if size is None or variant is None:
                continue
            print(
                f"{label + ' ' + name:<17} {size.pages:>5} {variant.best:>7.2f} {variant.median:>9.2f} "
                f"{megabytes(size.largest):>13} {megabytes(size.median_page):>12} {megabytes(size.html):>9} "
                f"{megabytes(size.total):>9}"
            )
        if "plugin+prune" in measured.sizes:
            off, on = measured.sizes["plugin"], measured.sizes["plugin+prune"]
            time_ratio = measured.variants["plugin+prune"].best / measured.variants["plugin"].best
            page_ratio = on.median_page / off.median_page
            print(
                f"{label} prune on / off: build time {time_ratio:.2f}, median page {page_ratio:.2f}, "
                f"all HTML {on.html / off.html:.2f}; largest page {off.largest_page} (off), {on.largest_page} (on)"
            )
    print()
    print("the static twin against the plugin (each level also ignores the ones before it):")
    for label, measured in results.items():
        for note in measured.notes:
            print(f"{label}: {note}")


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(f"bench: stopped by signal {signum}")  # unwinds: kills the build, removes the temporary files


def main() -> int:
    signal.signal(signal.SIGTERM, _stopped)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="one round of the small size only (a smoke run)")
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    here = Path.cwd()
    python = Path(sys.executable)
    shown = [
        str(python.relative_to(here)) if python.is_relative_to(here) else str(python),
        *(("-m", __spec__.name) if __spec__ else (sys.argv[0],)),  # as a module, so that tests.support imports
        *sys.argv[1:],
    ]
    print(f"reproduce: cd {shlex.quote(str(here))} && {shlex.join(shown)}")
    sources = plugin_sources()
    print(f"python {sys.version.split()[0]}, {versions()}, {sources}; {os.cpu_count()} CPUs; {load()}")
    print("each build: a fresh `python -m mkdocs build -q -f <mkdocs.yml> -d <empty folder>` process")
    print(flush=True)
    plan = [("small", SMALL, 1)] if args.quick else [("small", SMALL, ROUNDS_SMALL), ("large", LARGE, ROUNDS_LARGE)]
    with tempfile.TemporaryDirectory(prefix="isms-bench-build-") as temporary:
        results = {
            label: measure(Path(temporary), label, counts, rounds, prune=not args.quick)
            for label, counts, rounds in plan
        }
    report(results, args.quick)
    if plugin_sources() != sources:
        print(f"WARNING: the isms sources changed during the run (now {plugin_sources()}): the figures mix versions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
