"""Benchmark of "did you mean" hints: ``isms check`` on a large risk register with many bad references.

Run from the repository root::

    .venv/bin/python -m tests.benchmarks.bench_suggest             # 10,000 risks, 1,000 bad references
    .venv/bin/python -m tests.benchmarks.bench_suggest --risks 100000 --bad 1000

It generates a synthetic ISMS (:mod:`tests.support.synthetic`), changes the first ``--bad`` risk references
of the treatment plan into ids that do not exist (a digit dropped, a letter O for a zero, a character
added, an underscore for the hyphen), and prints the seconds of one in-process check, the CPU seconds of
the unknown-reference check alone, and how many findings carry a hint. It exits 0 whatever the timings:
it is a benchmark, not a test (``tests/core/test_suggest.py`` bounds the number of comparisons instead).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import tempfile
import time
from pathlib import Path

from tests.support.synthetic import generate

from isms.core import checks
from isms.core.checks.base import Context
from isms.core.pipeline import check_repository

AS_OF = dt.date(2026, 11, 28)
_REF = re.compile(r"^(    risks: \[)(R-\d+)", re.MULTILINE)


def mistype(risk_id: str, turn: int) -> str:
    """A plausible typo of ``risk_id``, one of four kinds in turn."""
    prefix, digits = risk_id.split("-", 1)
    if turn % 4 == 0:
        return f"{prefix}-{digits[1:]}"  # a digit dropped
    if turn % 4 == 1:
        return f"{prefix}-{digits.replace('0', 'O', 1)}" if "0" in digits else f"{prefix}-{digits}x"
    if turn % 4 == 2:
        return f"{prefix}-{digits}7"  # a character added
    return f"{prefix}_{digits}"  # an underscore for the hyphen


def break_references(root: Path, bad: int, known: set[str]) -> int:
    """Replace the first ``bad`` risk references of the treatment plan by unknown ids; return how many."""
    paths = sorted((root / "registers").glob("treatments*.yml")) + sorted(
        (root / "registers" / "treatments").glob("*.yml")
    )
    done = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")

        def swap(match: re.Match[str]) -> str:
            nonlocal done
            if done >= bad:
                return match.group(0)
            typo = mistype(match.group(2), done)
            if typo in known:
                return match.group(0)
            done += 1
            return match.group(1) + typo

        path.write_text(_REF.sub(swap, text), encoding="utf-8")
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--risks", type=int, default=10_000)
    parser.add_argument("--bad", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="isms-bench-suggest-") as temp:
        root = Path(temp) / "isms"
        models = generate(root, documents=50, risks=args.risks, assets=2_000, as_of=AS_OF)
        known = {str(getattr(risk, "id", "")) for risk in models.entries["risks"]}
        broken = break_references(root, args.bad, known)
        start, cpu = time.perf_counter(), time.process_time()
        result = check_repository(root, AS_OF)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    context = Context(result.model, result.derived, AS_OF, result.facts)
    (reference_check,) = [item for item in checks.CHECKS if item.rule == "unknown-reference"]
    reference_cpu = time.process_time()
    list(reference_check.run(context))
    reference_cpu = time.process_time() - reference_cpu
    unknown = [f for f in result.findings if f.rule == "unknown-reference"]
    hinted = [f for f in unknown if f.hint.startswith("did you mean")]
    print(f"{args.risks} risks, {broken} bad risk references in the treatment plan")
    print(f"isms check (in process): {seconds:.2f} s ({cpu:.2f} s of CPU; the rest is waiting on a busy machine)")
    print(f"the unknown-reference check alone, run again: {reference_cpu:.2f} s of CPU")
    print(f"unknown-reference findings: {len(unknown)}, with a 'did you mean' hint: {len(hinted)}")
    for finding in hinted[:4]:
        print("  e.g.", finding.text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
