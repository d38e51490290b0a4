"""Benchmark of ``mkdocs serve``: from saving a file to the reload, with the isms plugin and without.

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.bench_serve            # 1,000 documents --dirty, 300 plain serve
    .venv/bin/python -m tests.benchmarks.bench_serve --quick    # smoke run: small sites, one round

For each case it generates a synthetic ISMS, its static twin (the same pages as plain Markdown, built
by plain MkDocs + Material; see ``bench_build.py``) and a "plain pages" site (the twin with every
generated page cut to its title: the same page count and navigation, light pages, as the figures of
issue 15 were measured on), starts ``mkdocs serve`` on the three (localhost, free ports, ``--dirty``
where the case says so) and, once they served their first build, edits in turn, round after round: a
policy's body in each plain site, the same policy's body in the ISMS, and (plugin only) the risk
register. Each edit is timed from the write until the server's livereload endpoint reports a newer
build (``/livereload/<epoch>/<id>``, what the browser waits on), i.e. until the page reloads; for the
plugin also until what it writes after the build (downloads, search index) is written, which a request
for a download waits on (``..., all written``). It prints
every time, the medians, and PASS/FAIL against the targets of issue 15. It exits 0 whatever the timings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.benchmarks.bench_build import prepare

from isms.core import frontmatter

POLICY = "docs/policies/information-security-policy.md"
RISKS = "registers/risks.yml"
RISK_TITLE = "title: Phishing leading to stolen credentials"
AFTER_RELOAD = "isms/exports/model.schema.json"
"""A small download: the server answers once the plugin has written what it writes after a build."""
BOOT_SECONDS = 900.0  # the first build of a large site, at most
RELOAD_SECONDS = 300.0  # one rebuild, at most


@dataclass
class Case:
    label: str
    sizes: dict[str, int]
    dirty: bool
    targets: dict[str, tuple[str, float]]  # edit -> ("ratio" | "seconds", at most)


CASES = [
    Case(
        "1,000 documents, serve --dirty",
        {"documents": 1000, "risks": 5000, "assets": 20000},
        True,
        {"policy body": ("ratio", 1.5), "register": ("seconds", 3.0)},
    ),
    Case(
        "300 documents, serve",
        {"documents": 300, "risks": 1500, "assets": 6000},
        False,
        {"policy body": ("ratio", 1.25), "register": ("ratio", 1.25)},
    ),
]
QUICK = [
    Case("60 documents, serve --dirty", {"documents": 60, "risks": 100, "assets": 200}, True, {}),
    Case("60 documents, serve", {"documents": 60, "risks": 100, "assets": 200}, False, {}),
]


def plain_pages(twin: Path, out: Path) -> Path:
    """The twin with every generated page (under docs/isms/) cut to its front matter and title."""
    shutil.copytree(twin, out)
    for page in sorted((out / "docs" / "isms").rglob("*.md")):
        front, body = frontmatter.split(frontmatter.lines(page.read_text(encoding="utf-8")))
        title = next((line for line in body.splitlines() if line.startswith("# ")), "# Page")
        head = f"---\n{front}---\n\n" if front is not None else ""
        page.write_text(f"{head}{title}\n\nA generated page, cut to its title.\n", encoding="utf-8")
    return out


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    name: str
    root: Path
    dirty: bool
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    times: dict[str, list[float]] = field(default_factory=dict)

    def start(self, log: Path) -> None:
        command = [sys.executable, "-m", "mkdocs", "serve", "-q", "-f", str(self.root / "mkdocs.yml")]
        command += ["-a", f"127.0.0.1:{self.port}", *(["--dirty"] if self.dirty else [])]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        with log.open("wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)

    def epoch(self, after: int, deadline: float) -> int:
        """The served build's epoch once it is newer than ``after`` (the long poll the browser makes)."""
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise SystemExit(f"bench: the {self.name} server stopped (exit {self.process.returncode})")
            try:
                url = f"http://127.0.0.1:{self.port}/livereload/{after}/1"
                with urllib.request.urlopen(url, timeout=max(1.0, deadline - time.monotonic())) as answer:
                    epoch = int(answer.read())
            except OSError:
                time.sleep(0.2)  # not serving yet: the first build is still running
                continue
            if epoch > after:
                return epoch
        raise SystemExit(f"bench: the {self.name} server did not reload in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"bench: {old!r} is not in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def timed(server: Server, what: str, path: Path, old: str, new: str) -> None:
    before = server.epoch(0, time.monotonic() + RELOAD_SECONDS)
    start = time.perf_counter()
    edit(path, old, new)
    server.epoch(before, time.monotonic() + RELOAD_SECONDS)
    seconds = time.perf_counter() - start
    server.times.setdefault(what, []).append(seconds)
    line = f"  {server.name:<8} {what:<12} {seconds:7.2f} s"
    if server.name == "isms":  # the downloads and search entries it writes after the reload: a request waits for them
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/{AFTER_RELOAD}", timeout=RELOAD_SECONDS):
            pass
        written = time.perf_counter() - start
        server.times.setdefault(f"{what}, all written", []).append(written)
        line += f" (downloads and search index written: {written:.2f} s)"
    print(line, flush=True)


def run_case(case: Case, base: Path, rounds: int) -> list[str]:
    print(f"== {case.label}: generating the ISMS and its static twin", flush=True)
    label = case.label.split(",")[0].replace(" ", "-")
    repo, twin = prepare(base, label, case.sizes)
    light = plain_pages(twin, base / label / "plain-pages")
    plugin, plain, pages = (
        Server("isms", repo, case.dirty),
        Server("twin", twin, case.dirty),
        Server("pages", light, case.dirty),
    )
    servers = (plugin, plain, pages)
    try:
        for server in servers:
            server.start(base / f"{server.name}-{server.port}.log")
        boot = time.monotonic() + BOOT_SECONDS
        for server in servers:
            server.epoch(0, boot)
        for index in range(rounds):
            print(f"round {index + 1}/{rounds}", flush=True)
            line, next_line = f"\n\nEdit {index}.\n", f"\n\nEdit {index + 1}.\n"
            for server in (pages, plain, plugin):
                policy = server.root / POLICY
                if index == 0:
                    policy.write_text(policy.read_text(encoding="utf-8") + line, encoding="utf-8")
                    server.epoch(server.epoch(0, boot), boot)  # the first edit's own rebuild, not timed
                timed(server, "policy body", policy, line, next_line)
            old, new = (
                (RISK_TITLE, RISK_TITLE + " (edited)") if index % 2 == 0 else (RISK_TITLE + " (edited)", RISK_TITLE)
            )
            timed(plugin, "register", repo / RISKS, old, new)
    finally:
        for server in servers:
            server.stop()
    return report(case, plugin, [plain, pages])


def report(case: Case, plugin: Server, baselines: list[Server]) -> list[str]:
    """Medians, and each against each plain site's body edit: the twin (same pages), plain pages (same count)."""
    lines = [f"{case.label}:"]
    medians = {base.name: statistics.median(base.times["policy body"]) for base in baselines}
    for name, median in medians.items():
        lines.append(f"  plain MkDocs + Material ({name}), policy body: median {median:.2f} s")
    for what, times in plugin.times.items():
        median = statistics.median(times)
        lines.append(f"  isms {what}: median {median:.2f} s")
        kind, limit = case.targets.get(what, ("", 0.0))
        for name, baseline in medians.items():
            line = f"    {median / baseline:.2f}x plain ({name})"
            if kind == "ratio":
                line += f"; target <= {limit}x: {'PASS' if median / baseline <= limit else 'FAIL'}"
            lines.append(line)
        if kind == "seconds":
            lines.append(f"    target <= {limit} s: {'PASS' if median <= limit else 'FAIL'}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sites, one round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=["dirty", "plain"], help="run one of the two cases")
    args = parser.parse_args()
    cases = QUICK if args.quick else CASES
    if args.only:
        cases = [case for case in cases if case.dirty == (args.only == "dirty")]
    summary: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
        for case in cases:
            summary += run_case(case, Path(scratch), 1 if args.quick else args.rounds)
    print("\n".join(["", "== summary", *summary]))


if __name__ == "__main__":
    main()
