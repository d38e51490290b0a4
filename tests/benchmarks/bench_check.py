"""Benchmark of ``isms check --strict`` on a large synthetic ISMS and on a fifth of it.

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.bench_check

It generates both repositories into a temporary folder, times the check in-process (best of 3 after
one warm-up) and through the real command line (one run, interpreter start-up included), prints a
table and whether the quality bars hold (large check under 3 s; time growing no faster than size),
then a breakdown of the large check by stage and by check. It exits 0 whatever the timings: it is a
benchmark, not a test. It exits 1 only when generation fails or a repository does not check clean.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from tests.support.synthetic import generate

from isms.core import checks, derive, load, yamlsafe
from isms.core.catalogue import RegisterSpec, registers
from isms.core.checks.base import Context
from isms.core.facts import facts
from isms.core.pipeline import check_repository
from isms.core.repository import Model
from isms.core.standard import iso27001

AS_OF = dt.date(2026, 11, 28)
LARGE = {"documents": 1000, "risks": 5000, "assets": 20000}
SMALL = {name: count // 5 for name, count in LARGE.items()}
TARGET_SECONDS = 3.0
SIZE_RATIO = 5.0
TOLERANCE = 1.1
RUNS = 3

T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def best(function: Callable[[], object], runs: int = RUNS) -> float:
    return min(timed(function)[0] for _ in range(runs))


def check_in_process(root: Path) -> float:
    """Best of ``RUNS`` in-process checks after one warm-up; raises if the repository is not clean."""
    result = check_repository(root, AS_OF)
    if result.findings:
        shown = "\n".join(finding.text() for finding in result.findings[:20])
        raise SystemExit(f"bench: {root} does not check clean ({len(result.findings)} findings):\n{shown}")
    del result  # a live model makes every garbage collection during the timed runs slower
    return best(lambda: check_repository(root, AS_OF))


def check_cli(root: Path) -> float:
    """One run of the ``isms`` command, interpreter start-up included."""
    script = Path(sys.executable).with_name("isms")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "isms"]
    command += ["check", "--root", str(root), "--strict", "--as-of", AS_OF.isoformat()]
    seconds, completed = timed(lambda: subprocess.run(command, capture_output=True, text=True, check=False))
    if completed.returncode != 0:
        raise SystemExit(
            f"bench: {' '.join(command)} exited {completed.returncode}:\n"
            f"{completed.stdout[-2000:]}{completed.stderr[-2000:]}"
        )
    return seconds


def load_registers(root: Path) -> Model:
    """The register half of :func:`isms.core.load.load`, through the same functions it calls."""
    model = Model(root=root, catalogue=iso27001())
    for spec in registers():
        paths = load._register_paths(root / "registers", spec)
        if paths:
            model.present.add(spec.name)
        for path in paths:
            load._load_register_file(model, root, path, spec)
    return model


def load_documents(root: Path) -> Model:
    model = Model(root=root, catalogue=iso27001())
    load._load_documents(model, root, root / "docs")
    return model


def register_texts(root: Path) -> list[tuple[RegisterSpec, str]]:
    return [
        (spec, path.read_text(encoding="utf-8"))
        for spec in registers()
        for path in load._register_paths(root / "registers", spec)
    ]


def parse_registers(texts: list[tuple[RegisterSpec, str]]) -> list[tuple[RegisterSpec, Any]]:
    return [(spec, yamlsafe.loads(text)) for spec, text in texts]


def validate_registers(parsed: list[tuple[RegisterSpec, Any]]) -> int:
    """Validate every entry as :func:`isms.core.load._load_register_file` does on its fast path."""
    count = 0
    for spec, data in parsed:
        if spec.key is None:
            spec.model.model_validate(data)
            continue
        for item in data.get(spec.key) or []:
            spec.model.model_validate(item).locate("", item)
            count += 1
    return count


def without_gc(function: Callable[[], T]) -> Callable[[], T]:
    def run() -> T:
        gc.disable()
        try:
            return function()
        finally:
            gc.enable()

    return run


def _parse_and_validate(root: Path) -> list[tuple[str, float]]:
    texts = register_texts(root)
    parsed = parse_registers(texts)
    return [
        ("  parse YAML (isms.core.yamlsafe.loads)", best(partial(parse_registers, texts))),
        ("  validate entries (pydantic)", best(partial(validate_registers, parsed))),
    ]


def _derive_and_checks(root: Path) -> list[tuple[str, float]]:
    model, _ = load.load(root)
    rows = [("derive", best(partial(derive.derive, model)))]
    derived = derive.derive(model)
    rows.append(("facts (isms.core.facts.facts)", best(partial(facts, model, derived, AS_OF))))
    judged = facts(model, derived, AS_OF)
    rows.append(("checks (all, isms.core.checks.run)", best(partial(checks.run, model, AS_OF, derived, judged))))
    context = Context(model, derived, AS_OF, judged)
    per_check = [(f"  check {item.rule}", best(partial(_run_check, item, context))) for item in checks.CHECKS]
    per_check.sort(key=lambda row: -row[1])
    return rows + per_check


def breakdown(root: Path) -> list[tuple[str, float]]:
    """Seconds per stage of a check of ``root`` (best of ``RUNS`` each), then per check.

    Each stage runs with nothing else alive, as in a real check: a live model slows every
    garbage collection.
    """
    rows = [("load registers", best(partial(load_registers, root)))]
    rows += _parse_and_validate(root)
    rows += [
        ("load documents", best(partial(load_documents, root))),
        ("load (whole, isms.core.load.load)", best(partial(load.load, root))),
        ("load (whole) with gc disabled", best(without_gc(partial(load.load, root)))),
        ("check_repository with gc disabled", best(without_gc(partial(check_repository, root, AS_OF)))),
    ]
    return rows + _derive_and_checks(root)


def _run_check(item: checks.Check, context: Context) -> list[object]:
    return list(item.run(context))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--keep", type=Path, help="generate into this (new) folder and keep it, instead of a temporary one"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="isms-bench-") as temporary:
        base = args.keep or Path(temporary)
        rows = []
        for label, sizes in (("small", SMALL), ("large", LARGE)):
            root = base / label
            generation, _ = timed(partial(generate, root, **sizes, as_of=AS_OF))
            in_process = check_in_process(root)
            cli = check_cli(root)
            rows.append((label, sizes, generation, in_process, cli))

        print(f"isms check --strict --as-of {AS_OF} (in-process: best of {RUNS} after a warm-up; CLI: one run)")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        print()
        print(
            f"{'size':<6} {'documents':>9} {'risks':>6} {'assets':>7} "
            f"{'generate s':>10} {'in-process s':>12} {'CLI s':>7}"
        )
        for label, sizes, generation, in_process, cli in rows:
            print(
                f"{label:<6} {sizes['documents']:>9} {sizes['risks']:>6} {sizes['assets']:>7} "
                f"{generation:>10.2f} {in_process:>12.2f} {cli:>7.2f}"
            )
        (_, _, _, small_in, small_cli), (_, _, _, large_in, large_cli) = rows
        ratio_in, ratio_cli = large_in / small_in, large_cli / small_cli
        limit = SIZE_RATIO * TOLERANCE
        print()
        print(f"ratio large/small: size {SIZE_RATIO:.1f}, time {ratio_in:.2f} in-process, {ratio_cli:.2f} CLI")
        verdict = {True: "OK", False: "MISSED"}
        print(
            f"target: large check under {TARGET_SECONDS:.0f} s: "
            f"in-process {large_in:.2f} s {verdict[large_in < TARGET_SECONDS]}, "
            f"CLI {large_cli:.2f} s {verdict[large_cli < TARGET_SECONDS]}"
        )
        print(
            f"target: time ratio <= {SIZE_RATIO:.1f} x {TOLERANCE} = {limit:.2f}: in-process {ratio_in:.2f} "
            f"{verdict[ratio_in <= limit]}, CLI {ratio_cli:.2f} {verdict[ratio_cli <= limit]}"
        )

        print()
        print("breakdown of the large check (best of 3 each):")
        for name, seconds in breakdown(base / "large"):
            if seconds >= 0.0005 or not name.startswith("  "):
                print(f"  {name:<44} {seconds:>7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
