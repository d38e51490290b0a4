"""Benchmark of how the build, the check and an export scale: the table of issue 15, reproduced.

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.bench_scale                      # 1,000 and 5,000 documents, 2 rounds
    .venv/bin/python -m tests.benchmarks.bench_scale --before main        # and the plugin of `main`, side by side
    .venv/bin/python -m tests.benchmarks.bench_scale --quick              # smoke run: 200 documents, one round

For each size it generates a synthetic ISMS (``tests.support.synthetic``: N documents, 5N risks, 20N
assets) and a plain MkDocs site of the same number of pages: the same ``docs/`` and ``mkdocs.yml``
(Material, its features and search) without the isms plugin, padded with copies of its documents until
it has as many HTML pages as the plugin's build. Every measurement is a fresh process into an empty
folder, timed by the wall clock, its peak resident memory read from ``os.wait4`` (the child's own
``ru_maxrss``, what ``/usr/bin/time -v`` prints as "Maximum resident set size"). The variants of one
size run alternately, round after round, and the table gives medians, with the ratio of the plugin to
plain MkDocs. At the largest size ``isms check --strict`` and ``isms export risks --format xlsx`` are
measured the same way.

``--before REF`` adds the plugin of a git ref (its ``plugins/`` taken with ``git archive`` into a
temporary folder and put first on ``PYTHONPATH``), so a change is measured against what it changes in
one run, on one machine state. It exits 0 whatever the figures: it is a benchmark, not a test; it
exits 1 when a build or command fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from tests.support.synthetic import generate

AS_OF = dt.date(2026, 11, 28)
SIZES = (1000, 5000)
QUICK_SIZES = (200,)
ROUNDS = 2
TIME_TARGET = 1.25
"""The plugin's full build over plain MkDocs' on the same number of pages, at most (issue 15)."""
MEMORY_TARGET = 4.0
"""The plugin's peak memory over plain MkDocs', at most (issue 15)."""
DROPPED_PLUGINS = ("isms", "macros")


def counts(documents: int) -> dict[str, int]:
    """The registers of a synthetic ISMS of ``documents`` documents, in the proportions of bench_build's."""
    return {"documents": documents, "risks": 5 * documents, "assets": 20 * documents}


# --- one measured process --------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float = 0.0  # user + system seconds of the process: less swayed than wall time by other jobs


@dataclass
class Variant:
    """Something measured again and again: a command in a folder, with its environment."""

    name: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    output: Path | None = None  # emptied before each run
    runs: list[Run] = field(default_factory=list)

    def run(self) -> Run:
        if self.output is not None:
            shutil.rmtree(self.output, ignore_errors=True)
            if self.output.suffix:
                self.output.unlink(missing_ok=True)
        with tempfile.TemporaryFile() as log:
            start = time.perf_counter()
            process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=log, stderr=log)
            try:
                _, status, usage = os.wait4(process.pid, 0)
            except BaseException:  # stopped (SIGTERM, Ctrl-C): the build goes too, before its folder is removed
                process.kill()
                process.wait()
                raise
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode != 0:
                log.seek(0)
                text = log.read().decode("utf-8", "replace")
                raise SystemExit(
                    f"bench: {shlex.join(self.command)} (in {self.cwd}) exited {process.returncode}:\n{text[-4000:]}"
                )
        run = Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)  # maxrss: kilobytes on Linux
        self.runs.append(run)
        print(f"  {self.name:<34} {run.seconds:8.2f} s {run.peak_mb:8.0f} MB {run.cpu:8.2f} s CPU", flush=True)
        return run

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(run.peak_mb for run in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(run.cpu for run in self.runs)


def alternate(variants: Sequence[Variant], rounds: int) -> None:
    for index in range(rounds):
        print(f"round {index + 1}/{rounds}", flush=True)
        for variant in variants:
            variant.run()


# --- the sites -------------------------------------------------------------------------------------


def read_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"bench: {path} is not a mapping")
    return data


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def write_plain(repo: Path, plain: Path) -> None:
    """``repo``'s docs/ and mkdocs.yml without the isms plugin: plain MkDocs + Material on the same pages."""
    shutil.copytree(repo / "docs", plain / "docs")
    config = read_yaml(repo / "mkdocs.yml")
    plugins = config.get("plugins", ["search"])
    config["plugins"] = [entry for entry in plugins if _plugin_name(entry) not in DROPPED_PLUGINS]
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def html_pages(site: Path) -> int:
    return sum(1 for path in site.rglob("*.html") if path.name != "404.html")


def pad(plain: Path, pages: int) -> int:
    """Add copies of the plain site's documents until it has ``pages`` Markdown pages; how many it has."""
    docs = plain / "docs"
    sources = sorted(path for path in docs.rglob("*.md") if "padding" not in path.parts)
    missing = pages - len(sources)
    for index in range(max(missing, 0)):
        target = docs / "padding" / f"page-{index:05d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[index % len(sources)], target)
    return max(pages, len(sources))


def before_plugins(ref: str, folder: Path) -> Path:
    """The ``plugins/`` folder of git ref ``ref``, extracted under ``folder`` (edits made meanwhile do not count)."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref, "plugins"], capture_output=True, check=False)
    if archive.returncode != 0:
        raise SystemExit(f"bench: git archive {ref} failed: {archive.stderr.decode(errors='replace')}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    if not (folder / "plugins" / "isms").is_dir():
        raise SystemExit(f"bench: {ref} has no plugins/isms")
    return folder / "plugins"


# --- one size --------------------------------------------------------------------------------------


@dataclass
class Measured:
    documents: int
    pages: int
    builds: dict[str, Variant]
    commands: dict[str, Variant] = field(default_factory=dict)


def _first_on_path(env: dict[str, str], folder: Path) -> dict[str, str]:
    return {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))}


def environments(before: Path | None, after: Path | None = None) -> dict[str, dict[str, str]]:
    """The environment of each plugin measured: this working tree's (or ``after``), and ``before``'s."""
    base = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    found = {"isms": _first_on_path(base, after) if after is not None else base}
    if before is not None:
        found["isms before"] = _first_on_path(base, before)
    return found


def measure(
    base: Path, documents: int, rounds: int, *, before: Path | None, after: Path | None, commands: bool
) -> Measured:
    label = f"{documents} documents"
    repo, plain = base / str(documents) / "repo", base / str(documents) / "plain"
    sizes = counts(documents)
    start = time.perf_counter()
    generate(repo, **sizes, as_of=AS_OF)
    write_plain(repo, plain)
    seconds = time.perf_counter() - start
    print(f"{label}: generated ({sizes['risks']} risks, {sizes['assets']} assets) in {seconds:.1f} s")
    python = sys.executable
    sites = base / str(documents) / "sites"
    builds: dict[str, Variant] = {}
    for name, env in environments(before, after).items():
        command = [python, "-m", "mkdocs", "build", "-q", "-f", str(repo / "mkdocs.yml"), "-d", str(sites / name)]
        builds[name] = Variant(f"{name}: mkdocs build", command, repo, env, sites / name)
        if name == "isms":  # plain MkDocs right after this project's build, the ref's (if any) last
            plain_env = environments(None)["isms"]
            command = [
                python,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                str(plain / "mkdocs.yml"),
                "-d",
                str(sites / "plain"),
            ]
            builds["plain"] = Variant("plain MkDocs: mkdocs build", command, plain, plain_env, sites / "plain")
    print(f"{label}: timing {', '.join(builds)} alternately", flush=True)
    pages = 0
    for index in range(rounds):
        print(f"round {index + 1}/{rounds}", flush=True)
        for name, variant in builds.items():
            if name == "plain" and not pages:  # the plugin's first build says how many pages plain MkDocs gets
                pages = pad(plain, html_pages(sites / "isms"))
                print(f"  (plain site padded to {pages} pages, as many as the plugin's build)", flush=True)
            variant.run()
    measured = Measured(documents, pages, builds)
    shutil.rmtree(sites, ignore_errors=True)  # free the disk before the next size
    if commands:
        check_variants, export_variants = [], []
        for name, env in environments(before, after).items():
            check = [python, "-m", "isms", "check", "--strict", "--root", str(repo), "--as-of", AS_OF.isoformat()]
            check_variants.append(Variant(f"{name}: isms check", check, repo, env))
            out = base / str(documents) / f"risks-{name.replace(' ', '-')}.xlsx"
            export = [python, "-m", "isms", "export", "risks", "--format", "xlsx", "--out", str(out)]
            export += ["--root", str(repo), "--as-of", AS_OF.isoformat()]
            export_variants.append(Variant(f"{name}: isms export risks xlsx", export, repo, env, out))
        print(f"{label}: timing isms check and isms export alternately", flush=True)
        alternate([*check_variants, *export_variants], rounds)
        measured.commands = {variant.name: variant for variant in [*check_variants, *export_variants]}
    print(flush=True)
    return measured


# --- report ----------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def figures(variant: Variant) -> str:
    return f"{variant.seconds:.1f} s ({variant.cpu:.1f} s CPU), {variant.peak_mb:.0f} MB"


def report(results: list[Measured], before: str | None, after: str | None, rounds: int) -> None:
    one, five, _ = os.getloadavg()
    print("=" * 100)
    print(f"medians of {rounds} alternating run(s); load average {one:.2f} (1 min), {five:.2f} (5 min)")
    print()
    names = ["isms", *(["isms before"] if before else [])]
    mine = f"this project ({after})" if after else "this project"
    heads = ["what", *(f"isms ({before})" if name == "isms before" else mine for name in names)]
    print("| " + " | ".join([*heads, "plain MkDocs + Material", "ratio (time, memory)"]) + " |")
    print("|" + "---|" * (len(heads) + 2))
    # Touch-to-reload under `mkdocs serve` (with and without --dirty) belongs in this table too: it needs
    # servers running side by side, so tests/benchmarks/bench_serve.py measures it.
    serve = "see `python -m tests.benchmarks.bench_serve`"
    print("| `mkdocs serve` touch-to-reload | " + " | ".join(serve for _ in names) + " | — | — |")
    for measured in results:
        plain = measured.builds["plain"]
        mine = measured.builds["isms"]
        cells = [figures(measured.builds[name]) for name in names]
        times = f"{mine.seconds / plain.seconds:.2f}× ({mine.cpu / plain.cpu:.2f}× CPU)"
        ratio = f"{times}, {mine.peak_mb / plain.peak_mb:.1f}×"
        what = f"full build, {measured.documents:,} documents ({measured.pages:,} pages)"
        print(f"| {what} | " + " | ".join(cells) + f" | {figures(plain)} | {ratio} |")
    for measured in results:
        if not measured.commands:
            continue
        for kind in ("isms check", "isms export risks xlsx"):
            cells = [figures(measured.commands[f"{name}: {kind}"]) for name in names]
            what = f"`{kind}`, {measured.documents:,} documents"
            print(f"| {what} | " + " | ".join(cells) + " | — | — |")
    print()
    print("targets (issue 15), judged on the medians:")
    for measured in results:
        plain, mine = measured.builds["plain"], measured.builds["isms"]
        time_ratio, memory_ratio = mine.seconds / plain.seconds, mine.peak_mb / plain.peak_mb
        print(
            f"  {measured.documents:>6} documents: time {time_ratio:5.2f} (<= {TIME_TARGET}) "
            f"{verdict(time_ratio <= TIME_TARGET)}; memory {memory_ratio:5.2f} (<= {MEMORY_TARGET}) "
            f"{verdict(memory_ratio <= MEMORY_TARGET)}"
        )
        if before:
            old = measured.builds["isms before"]
            print(
                f"  {'':>6}            this project / {before}: time {mine.seconds / old.seconds:5.2f}, "
                f"memory {mine.peak_mb / old.peak_mb:5.2f}"
            )
    if len(results) > 1:
        small, large = results[0], results[-1]
        size = large.documents / small.documents
        for name in [*names, "plain"]:
            growth = large.builds[name].seconds / small.builds[name].seconds
            print(f"  {name}: build time grows {growth:.2f}× for {size:.0f}× the documents")


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(f"bench: stopped by signal {signum}")  # unwinds: removes the temporary files


def main() -> int:
    signal.signal(signal.SIGTERM, _stopped)
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="one round at 200 documents (a smoke run)")
    parser.add_argument("--rounds", type=int, default=None, help=f"alternating rounds (default {ROUNDS})")
    parser.add_argument("--sizes", default=None, help="documents per size, comma-separated (default 1000,5000)")
    parser.add_argument("--before", metavar="REF", help="also measure the plugin of this git ref (e.g. main)")
    parser.add_argument("--after", metavar="REF", help="measure this git ref's plugin, not the working tree's")
    args = parser.parse_args()
    sizes = tuple(int(size) for size in args.sizes.split(",")) if args.sizes else QUICK_SIZES if args.quick else SIZES
    rounds = args.rounds or (1 if args.quick else ROUNDS)
    print(f"reproduce: {shlex.join([sys.executable, '-m', 'tests.benchmarks.bench_scale', *sys.argv[1:]])}")
    print(f"python {sys.version.split()[0]}; {os.cpu_count()} CPUs; every figure is one fresh process (wall, peak RSS)")
    with tempfile.TemporaryDirectory(prefix="isms-bench-scale-") as temporary:
        base = Path(temporary)
        before = before_plugins(args.before, base / "before") if args.before else None
        after = before_plugins(args.after, base / "after") if args.after else None
        results = [
            measure(base, documents, rounds, before=before, after=after, commands=documents == max(sizes))
            for documents in sorted(sizes)
        ]
    report(results, args.before, args.after, rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
