"""Spelling suggestions for a word the speller flagged, ranked the way a Kazakh or Russian typist errs.

Candidates are the words one edit away (a letter deleted, inserted, replaced, two letters swapped) and, in
Kazakh, the word with Russian look-alikes put back to their Kazakh letters («карай» → «қарай», up to three
letters); a candidate counts only when a dictionary or the shipped lexicon knows it as it is. Ranking, best
first: a Kazakh letter restored, then a neighbouring key on the ЙЦУКЕН layout, two swapped letters, a dropped
vowel or doubled letter, then any other single edit; lexicon words before dictionary words of the same rank.
When no dictionary knows a candidate, the likely edits are judged with the speller's morphology (slower, up to
~100 ms: a typing editor gets it through validators.proofing.typing). Results are cached per word.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from validators.proofing.speller import ALPHABETS

if TYPE_CHECKING:
    from validators.proofing.speller import Speller

# Russian look-alike → the Kazakh letter typed without the Kazakh layout
KK_TWINS: dict[str, str] = {"а": "ә", "г": "ғ", "к": "қ", "н": "ң", "о": "ө", "у": "ұү", "и": "і"}
_MAX_TWIN_CHANGES = 3
_ROWS = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")


def _neighbours() -> dict[str, frozenset[str]]:
    near: dict[str, set[str]] = {}
    for r, row in enumerate(_ROWS):
        for c, ch in enumerate(row):
            keys = near.setdefault(ch, set())
            for dr in (-1, 0, 1):
                rr = r + dr
                if 0 <= rr < len(_ROWS):
                    for dc in (-1, 0, 1):
                        cc = c + dc
                        if 0 <= cc < len(_ROWS[rr]) and (dr, dc) != (0, 0):
                            keys.add(_ROWS[rr][cc])
    return {k: frozenset(v) for k, v in near.items()}


NEIGHBOURS = _neighbours()

VOWELS = frozenset("аәеёиіоөуұүыэюя")
TWIN, NEAR, OTHER = 0, 1, 2  # ranks of an edit, best first


def _edits(word: str, alphabet: str) -> dict[str, int]:
    """Every word one edit away with the rank of that edit."""
    out: dict[str, int] = {}

    def add(candidate: str, rank: int) -> None:
        if candidate != word and rank < out.get(candidate, OTHER + 1):
            out[candidate] = rank

    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            add(head + tail[1:], NEAR if (i > 0 and word[i - 1] == tail[0]) else OTHER)  # deletion
            for ch in alphabet:
                if ch != tail[0]:
                    twin = ch in KK_TWINS.get(tail[0], "")
                    near = ch in NEIGHBOURS.get(tail[0], ())
                    add(head + ch + tail[1:], TWIN if twin else NEAR if near else OTHER)
        if len(tail) > 1:
            add(head + tail[1] + tail[0] + tail[2:], NEAR)  # two letters swapped
        for ch in alphabet:  # insertion: a doubled letter or a vowel is what fast typing drops most
            add(head + ch + tail, NEAR if (tail[:1] == ch or head[-1:] == ch or ch in VOWELS) else OTHER)
    return out


def _twin_restorations(word: str) -> set[str]:
    """«карай» → «қарай», «карай» → «қарәй» …: Russian look-alikes replaced by Kazakh letters (≤3 of them)."""
    slots = [(i, KK_TWINS[ch]) for i, ch in enumerate(word) if ch in KK_TWINS]
    out: set[str] = set()
    for n in range(1, min(_MAX_TWIN_CHANGES, len(slots)) + 1):
        for chosen in itertools.combinations(slots, n):
            for letters in itertools.product(*(kk for _, kk in chosen)):
                chars = list(word)
                for (i, _), letter in zip(chosen, letters, strict=True):
                    chars[i] = letter
                out.add("".join(chars))
    return out


def _with_case(original: str, candidate: str) -> str:
    if original.isupper() and len(original) > 1:
        return candidate.upper()
    if original[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


class Suggester:
    """Ranked suggestions over one :class:`~validators.proofing.speller.Speller`'s dictionaries."""

    def __init__(self, speller: Speller, cache_size: int = 20_000) -> None:
        self.speller = speller
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str, int], tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def suggest(self, word: str, lang: str, limit: int = 5) -> tuple[str, ...]:
        """Up to ``limit`` replacements for ``word``, best first (cached)."""
        key = (word, lang, limit)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        quick, candidates = self._dictionary_candidates(word, lang)
        if quick:
            result = tuple(dict.fromkeys(_with_case(word, c) for c in quick))[:limit]
        else:
            result = self._deeper(word, lang, candidates, limit)
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return result

    def _attested(self, word: str, lang: str) -> int | None:
        """0 for a lexicon word, 1 for a dictionary word, None when neither knows it as it is."""
        if word in self.speller.lexicon[lang]:
            return 0
        return 1 if self.speller.dictionaries[lang].spell(word) else None

    def _dictionary_candidates(self, word: str, lang: str) -> tuple[list[str], dict[str, int]]:
        """The one-edit (and Kazakh twin) candidates a dictionary knows as they are, ranked; and every candidate."""
        lower = word.lower()
        scored: dict[str, tuple[int, int]] = {}
        candidates = _edits(lower, ALPHABETS[lang])
        if lang == "kk":
            for twin in _twin_restorations(lower):
                candidates[twin] = TWIN
        for candidate, rank in candidates.items():
            known = self._attested(candidate, lang)
            if known is not None:
                scored[candidate] = (rank, known)
        return sorted(scored, key=lambda c: (*scored[c], c)), candidates

    def _deeper(self, word: str, lang: str, candidates: dict[str, int], limit: int) -> tuple[str, ...]:
        """The likely edits (a Kazakh letter, a neighbouring key, a swap, a dropped vowel) judged with the
        speller's morphology: inflected forms the dictionary lacks («әкімдігінің»). hunspell's own suggest is
        not used: it takes up to seconds on long Kazakh words and holds the interpreter meanwhile."""
        checker = self.speller.is_correct
        ranked = sorted((c for c, rank in candidates.items() if rank <= NEAR and checker(c, lang, False)),
                        key=lambda c: (candidates[c], c))
        return tuple(dict.fromkeys(_with_case(word, c) for c in ranked))[:limit]


@functools.cache
def get_suggester() -> Suggester:
    from validators.proofing.speller import get_speller

    return Suggester(get_speller())
