"""Benchmark of the auditor's pack against the site build: issue 14's "no more than twice the site build".

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.bench_pack              # 1,000 documents, 5,000 risks, 20,000 assets; 2 rounds
    .venv/bin/python -m tests.benchmarks.bench_pack --quick      # smoke run: 200 documents, one round
    .venv/bin/python -m tests.benchmarks.bench_pack --documents 500 --rounds 3

It generates a synthetic ISMS (``tests.support.synthetic``: N documents, 5N risks, 20N assets), commits it
to a temporary git repository, and times, alternately round after round, two fresh processes:

- the site build: ``isms build --audience auditor --strict`` into an empty folder;
- the pack: ``isms pack --audience auditor`` of the same commit, which builds the site again (strictly,
  from the commit) and prints it with Chromium; the report says up to which risk the pack's text goes (the
  whole register, every part of it, is packed).

Each figure is the wall clock, the CPU seconds (user + system) and the peak resident memory of the
command and of every process it started: this script makes itself the "child subreaper" (Linux
``PR_SET_CHILD_SUBREAPER``) so that Chromium's helpers, which leave their parent, are waited for here
and counted. Peak memory is that of the largest single process (``ru_maxrss``), not a sum. The report
gives medians, the pack over the build, and PASS/FAIL against 2 for wall and CPU time. It exits 0
whatever the figures (a benchmark, not a test); 1 when a command fails.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.bench_scale import Run, Variant
from tests.support.gitrepo import commit_all
from tests.support.synthetic import generate

AS_OF = dt.date(2026, 11, 28)
DOCUMENTS, QUICK_DOCUMENTS = 1000, 200
ROUNDS = 2
TARGET = 2.0
"""The pack's time over the site build's, at most (issue 14)."""
PR_SET_CHILD_SUBREAPER = 36


class Reaped(Variant):
    """A command measured with every process it started, even those that left it (Chromium's helpers)."""

    def run(self) -> Run:
        assert self.output is not None
        shutil.rmtree(self.output, ignore_errors=True)
        self.output.mkdir(parents=True)
        with tempfile.TemporaryFile() as log:
            start = time.perf_counter()
            process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=log, stderr=log)
            try:
                _, status, usage = os.wait4(process.pid, 0)
            except BaseException:
                process.kill()
                process.wait()
                raise
            seconds = time.perf_counter() - start
            cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss
            while True:  # the descendants that left their parent, reparented to this subreaper
                try:
                    _, _, orphan = os.wait4(-1, 0)
                except ChildProcessError:
                    break
                cpu, peak = cpu + orphan.ru_utime + orphan.ru_stime, max(peak, orphan.ru_maxrss)
            if os.waitstatus_to_exitcode(status) != 0:
                log.seek(0)
                text = log.read().decode("utf-8", "replace")
                raise SystemExit(f"bench: {shlex.join(self.command)} failed:\n{text[-4000:]}")
        run = Run(seconds, peak / 1024, cpu)  # ru_maxrss: kilobytes on Linux
        self.runs.append(run)
        print(f"  {self.name:<12} {run.seconds:8.2f} s {run.cpu:8.2f} s CPU {run.peak_mb:8.0f} MB", flush=True)
        return run


def pages(pdf: Path) -> str:
    found = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    return next((line.split()[-1] for line in found.splitlines() if line.startswith("Pages:")), "?")


def last_risk(pdf: Path) -> int:
    """The highest risk number in the pack's text: the whole register is packed when it is the last risk's."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=False).stdout
    return max((int(number) for number in re.findall(r"\bR-(\d+)\b", text)), default=0)


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(f"bench: stopped by signal {signum}")  # unwinds: removes the temporary files


def main() -> int:
    signal.signal(signal.SIGTERM, _stopped)
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help=f"one round at {QUICK_DOCUMENTS} documents")
    parser.add_argument("--documents", type=int, default=None, help=f"documents (default {DOCUMENTS})")
    parser.add_argument("--rounds", type=int, default=None, help=f"alternating rounds (default {ROUNDS})")
    args = parser.parse_args()
    documents = args.documents or (QUICK_DOCUMENTS if args.quick else DOCUMENTS)
    rounds = args.rounds or (1 if args.quick else ROUNDS)
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("bench: cannot become a child subreaper: Chromium's helpers are not counted", file=sys.stderr)
    print(f"reproduce: {shlex.join([sys.executable, '-m', 'tests.benchmarks.bench_pack', *sys.argv[1:]])}")
    print(f"python {sys.version.split()[0]}; {os.cpu_count()} CPUs; one fresh process per figure, with its descendants")
    with tempfile.TemporaryDirectory(prefix="isms-bench-pack-") as temporary:
        base = Path(temporary)
        repo = base / "repo"
        start = time.perf_counter()
        generate(repo, documents=documents, risks=5 * documents, assets=20 * documents, as_of=AS_OF)
        commit_all(repo, "synthetic ISMS", f"{AS_OF.isoformat()}T12:00:00+00:00")
        print(
            f"generated {documents} documents, {5 * documents} risks, {20 * documents} assets "
            f"in {time.perf_counter() - start:.1f} s",
            flush=True,
        )
        python, day = sys.executable, AS_OF.isoformat()
        common = ["--audience", "auditor", "--as-of", day, "--root", str(repo)]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        site, out = base / "site", base / "pack"
        build = Reaped(
            "site build", [python, "-m", "isms", "build", *common, "--strict", "--out", str(site)], repo, env, site
        )
        pack_command = [python, "-m", "isms", "pack", *common, "--version", "bench", "--force", "--out", str(out)]
        pack = Reaped("pack", pack_command, repo, env, out)
        for index in range(rounds):
            print(f"round {index + 1}/{rounds}", flush=True)
            for variant in (build, pack):
                variant.run()
        pdf = out / "bench.pdf"
        size = (
            f"{pages(pdf)} pages, {pdf.stat().st_size / 1e6:.1f} MB, risks up to R-{last_risk(pdf)} of {5 * documents}"
        )
    one, five, _ = os.getloadavg()
    print("=" * 100)
    print(f"medians of {rounds} alternating run(s); load average {one:.2f} (1 min), {five:.2f} (5 min)")
    print(f"{documents:,} documents; the pack: {size}")
    print()
    print("| what | wall | CPU | peak RSS (largest process) |")
    print("|---|---|---|---|")
    for variant in (build, pack):
        print(f"| {variant.name} | {variant.seconds:.1f} s | {variant.cpu:.1f} s | {variant.peak_mb:.0f} MB |")
    wall, cpu = pack.seconds / build.seconds, pack.cpu / build.cpu
    print(f"| pack / site build | {wall:.2f}× | {cpu:.2f}× | {pack.peak_mb / build.peak_mb:.2f}× |")
    print()
    print(f"target (issue 14): the pack at most {TARGET}× the site build")
    print(
        f"  wall {wall:.2f} {'PASS' if wall <= TARGET else 'FAIL'}; CPU {cpu:.2f} {'PASS' if cpu <= TARGET else 'FAIL'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
