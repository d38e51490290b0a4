"""'Did you mean' for unknown ids, at a bounded cost however large the register.

:func:`difflib.get_close_matches` compares the word with every candidate. That is right for a list of
keys or allowed values, but a reference check compares each bad reference with every id of its kind: a
risk register of 10,000 ids and 1,000 bad references meant ten million comparisons (about half a minute).

:class:`Suggestions` gives difflib's own answer while the candidates are few. Above
:data:`EXACT_LIMIT` it first narrows them with an index of trigrams, built once and only when a word is
looked up: the candidates sharing the most trigrams with the word, counted over at most
:data:`POSTINGS_BUDGET` index entries (its rarest trigrams first), and difflib picks among the
:data:`SHORTLIST` best of those. A typo (a dropped, doubled, swapped or changed character) shares most of its
trigrams with the id that was meant, so it is found; a word sharing nothing distinctive gets no hint rather
than an expensive guess. Each answer is remembered, so a mistake repeated a thousand times costs one search.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain

EXACT_LIMIT = 500
"""Up to this many candidates, every one is compared (difflib's exact answer)."""
POSTINGS_BUDGET = 2000
"""Most index entries counted for one word: bounds the cost of one search in a register of any size."""
SHORTLIST = 20
"""Candidates sharing the most trigrams with the word that difflib then compares."""
_PAD = "\x00"  # ids hold no control characters (models/types.py), so padding cannot collide with one


def _trigrams(word: str) -> set[str]:
    padded = f"{_PAD}{word}{_PAD}"
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


class Suggestions:
    """The closest of a fixed set of candidates to a word, as ``difflib.get_close_matches(word, ..., n=1)``."""

    def __init__(self, candidates: Iterable[str], cutoff: float = 0.7) -> None:
        self.candidates = list(dict.fromkeys(candidates))
        self.cutoff = cutoff
        self._index: dict[str, list[int]] | None = None
        self._answers: dict[str, str | None] = {}
        self.compared = 0
        """Candidates handed to difflib so far: the cost that :data:`SHORTLIST` bounds."""

    def closest(self, word: str) -> str | None:
        """The candidate most like ``word`` with a similarity of at least the cutoff, or None."""
        if word not in self._answers:
            shortlist = self._shortlist(word)
            self.compared += len(shortlist)
            close = difflib.get_close_matches(word, shortlist, n=1, cutoff=self.cutoff)
            self._answers[word] = close[0] if close else None
        return self._answers[word]

    def _shortlist(self, word: str) -> list[str]:
        if len(self.candidates) <= EXACT_LIMIT:
            return self.candidates
        index = self._index if self._index is not None else self._build()
        # Rarest trigrams first (they say most about the word), the trigram itself breaking ties: a set's order
        # changes from run to run, and the hint must not.
        rarest = sorted((len(index[gram]), gram) for gram in _trigrams(word) if gram in index)
        chosen: list[list[int]] = []
        budget = POSTINGS_BUDGET
        for size, gram in rarest:
            if budget <= 0:
                break
            chosen.append(index[gram][:budget])
            budget -= size
        # Counter counts in C; most_common keeps first-seen order among equal counts, so ties are deterministic.
        counts = Counter(chain.from_iterable(chosen))
        return [self.candidates[position] for position, _ in counts.most_common(SHORTLIST)]

    def _build(self) -> dict[str, list[int]]:
        index: defaultdict[str, list[int]] = defaultdict(list)
        for position, candidate in enumerate(self.candidates):
            for gram in _trigrams(candidate):
                index[gram].append(position)
        self._index = dict(index)
        return self._index
