"""Kazakh morphology from a real analyser, when the operator has one: an HFST optimized-lookup transducer
(Apertium's apertium-kaz ``kaz.automorf.hfst`` is the one this was measured with) named by
``QUJAT_KK_ANALYSER``, read with pyhfst once per process.

The project does not ship such a transducer (see docs/proofing.md); without one the speller uses
hunspell-kk, the lexicons and its suffix morphology only. The speller asks the analyser about the words
hunspell-kk and the lexicons do not know: a word it analyses is a Kazakh word form."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from validators.settings import current

log = logging.getLogger("qujat")

LOADS = {"count": 0}  # how many times this process loaded a transducer (the bench prints it)


class KazakhAnalyser:
    """Analyses of a Kazakh word form: lemma and tags, e.g. «мәслихат<n><px3sp><gen>»."""

    def __init__(self, path: Path, cache_size: int = 100_000):
        import pyhfst  # pure-Python reader of HFST optimized-lookup transducers

        self.path = path
        self._transducer: Any = pyhfst.HfstInputStream(str(path)).read()
        LOADS["count"] += 1
        self.knows = functools.lru_cache(maxsize=cache_size)(self._knows)

    def analyses(self, word: str) -> list[str]:
        """Every analysis of ``word`` as written (an empty list: not a Kazakh word form it knows)."""
        return [analysis for analysis, _weight in self._transducer.lookup(word)]

    def _knows(self, word: str) -> bool:
        """Is ``word`` (or, capitalised, its lower-case form) a word form of Kazakh?"""
        if self._transducer.lookup(word):
            return True
        lower = word.lower()
        return lower != word and bool(self._transducer.lookup(lower))


def get_analyser() -> KazakhAnalyser | None:
    """The process's analyser for the configured path (loaded once), or None when none is configured or it
    cannot be read (logged once)."""
    path = current().kk_analyser
    return _load(path) if path else None


@functools.cache
def _load(path: str) -> KazakhAnalyser | None:
    try:
        return KazakhAnalyser(Path(path))
    except Exception as exc:  # a missing or foreign file, no pyhfst: spelling goes on without the analyser
        log.warning("Kazakh analyser %s not loaded (%s): spelling goes on with hunspell-kk and the lexicons",
                    path, exc)
        return None
