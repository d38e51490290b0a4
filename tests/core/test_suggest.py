"""'Did you mean' hints: difflib's answer for small registers, a bounded number of comparisons for large ones.

Speed itself is measured by ``tests/benchmarks/bench_suggest.py``; these tests count comparisons instead,
which does not depend on the machine.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from isms.core import suggest
from isms.core.suggest import Suggestions
from tests.conftest import Repo

RATIO = difflib.SequenceMatcher


def typos(ids: list[str]) -> Iterator[str]:
    """Ids mistyped four ways: a digit dropped, a letter O for a zero, a digit added, '_' for '-'."""
    known = set(ids)
    for turn, id_ in enumerate(ids):
        prefix, digits = id_.split("-", 1)
        typo = (
            f"{prefix}-{digits[1:]}",
            f"{prefix}-{digits.replace('0', 'O', 1)}",
            f"{prefix}-{digits}7",
            f"{prefix}_{digits}",
        )[turn % 4]
        if typo not in known:
            yield typo


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many candidates difflib compares a word with, whoever calls it (one set_seq1 per candidate)."""
    calls = [0]
    original = difflib.SequenceMatcher.set_seq1

    def set_seq1(self: difflib.SequenceMatcher[str], a: str) -> None:
        calls[0] += 1
        original(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", set_seq1)
    return calls


@pytest.mark.parametrize(
    ("word", "candidates"),
    [
        pytest.param("cfo", ["ceo", "ciso", "cto"], id="roles"),
        pytest.param("AST-5", ["AST-1", "AST-2", "AST-3", "AST-4"], id="assets-tie-goes-to-the-last"),
        pytest.param("5.77", [f"{theme}.{n}" for theme in (5, 6, 7, 8) for n in range(1, 38)], id="controls"),
        pytest.param("nothing-alike", ["ceo", "ciso"], id="no-hint"),
    ],
)
def test_small_sets_get_difflibs_own_answer(word: str, candidates: list[str]) -> None:
    expected = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
    assert Suggestions(candidates).closest(word) == (expected[0] if expected else None)


def test_a_large_register_is_searched_at_a_bounded_cost_with_hints_as_close_as_difflibs() -> None:
    ids = [f"R-{number:05d}" for number in range(1, 10_001)]
    words = list(typos(ids[:1000]))
    suggestions = Suggestions(ids)
    answers = {word: suggestions.closest(word) for word in words}
    # Every word was compared with at most SHORTLIST candidates: 20,000 comparisons instead of 10 million.
    assert len(words) == 1000
    assert suggestions.compared <= len(words) * suggest.SHORTLIST
    # Each hint is as similar to the word as the best of all 10,000 ids (checked on a sample: that is slow).
    for word in words[::50]:
        best = difflib.get_close_matches(word, ids, n=1, cutoff=0.7)
        answer = answers[word]
        assert answer is not None and best, word
        assert RATIO(None, word, answer).ratio() == RATIO(None, word, best[0]).ratio(), word
    # A word repeated is answered from memory.
    before = suggestions.compared
    assert suggestions.closest(words[0]) == answers[words[0]] and suggestions.compared == before


def test_hints_do_not_depend_on_the_hash_seed() -> None:
    program = (
        "from isms.core.suggest import Suggestions\n"
        "ids = [f'R-{n:05d}' for n in range(1, 5001)]\n"
        "s = Suggestions(ids)\n"
        "print([s.closest(w) for w in ('R-0042', 'R-O0042', 'R_00042', 'R-000427', 'R-42')])\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1, outputs


ASSET = (
    "  - id: AST-{n}\n    name: Laptop {n}\n    type: hardware\n    owner: ciso\n    classification: internal\n"
    "    confidentiality: 2\n    integrity: 2\n    availability: 2\n    reviewed_on: 2026-10-01\n"
)


def test_unknown_references_in_a_large_register_cost_a_bounded_number_of_comparisons(
    repo: Repo, counted: list[int]
) -> None:
    repo.write(
        "registers/assets.yml",
        repo.read("registers/assets.yml") + "".join(ASSET.format(n=n) for n in range(1000, 3000)),
    )
    bad = [f"AST-{n}x" for n in range(1000, 1200)]
    repo.replace("registers/risks.yml", "assets: [AST-1, AST-2]", f"assets: [AST-1, AST-2, {', '.join(bad)}]")
    findings = [f.text() for f in repo.check().findings]
    assert len(findings) == 200
    assert (
        "registers/risks.yml:8: error: risk R-1: assets[2]: 'AST-1000x' is not a known asset"
        " — did you mean 'AST-1000'? assets are defined in registers/assets.yml"
    ) in findings
    hints = dict(re.findall(r"'(AST-\d+x)' is not a known asset — did you mean '(AST-\d+)'\?", "\n".join(findings)))
    assert hints == {f"AST-{n}x": f"AST-{n}" for n in range(1000, 1200)}
    # Comparing each bad reference with every one of the 2,004 assets would be 400,800 comparisons.
    # Each search also counts one set_seq1 of its own, when difflib makes its SequenceMatcher.
    assert counted[0] <= 200 * (suggest.SHORTLIST + 1)
