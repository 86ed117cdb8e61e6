"""Spelling throughput: ours (one dictionary load per process — hunspell, the lexicons, the OpenCorpora dictionary
of the Russian second opinion —, cached verdicts, lexicon + morphology) against
the naive baseline (the same tokenisation, then a bare hunspell call for every word, no cache), on the same large kk and ru texts.
Then the cold path of one word: the bounded Kazakh typo test against the exhaustive one it replaced.

    .venv/bin/python bench/bench_proofing.py [--corpus /work/shared/corpus] [--words 300000]

With --corpus the texts are the kk/ru act pairs and NTREX sentences of the corpus, repeated up to --words;
without it they are generated from the dictionaries' own stems (deterministic seed). Target: ≤ 0.02 ms a word.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from validators.proofing.analyser import LOADS, KazakhAnalyser, get_analyser  # noqa: E402
from validators.proofing.morphology import kk_stems  # noqa: E402
from validators.proofing.speller import (  # noqa: E402
    _TWINS,
    ALPHABETS,
    DICTIONARIES,
    Speller,
    _edits1,
    _opencorpora,
    hunspell_dir,
    words,
)

_TAGS = re.compile(r"<[^>]+>")


def corpus_text(corpus: Path, lang: str) -> str:
    name = {"kk": "kaz", "ru": "rus"}[lang]
    parts = [_TAGS.sub(" ", p.read_text(encoding="utf-8")) for p in sorted(corpus.glob(f"kk_ru_pairs/*/*/{name}.md"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted(corpus.glob(f"kk_ru_sentences/*/*.{name}.txt"))]
    return "\n".join(parts)


def generated_text(lang: str, n_words: int, rng: random.Random) -> str:
    dic = hunspell_dir() / f"{DICTIONARIES[lang]}.dic"
    stems = [line.split("/")[0] for line in dic.read_text(encoding="utf-8", errors="ignore").splitlines()[1:]]
    stems = [s for s in stems if s.isalpha()]
    vocabulary = rng.sample(stems, min(20000, len(stems)))
    # Zipf-like reuse, as in real text: a few words are frequent, most are rare.
    chosen = [vocabulary[int(len(vocabulary) * rng.random() ** 3)] for _ in range(n_words)]
    return " ".join(chosen)


def exhaustive_typo_of_inflected(speller: Speller, lower: str) -> bool:
    """The baseline: the Kazakh typo test as it was, a full suffix analysis of every one-edit variant."""
    plain = lower.translate(_TWINS)
    for candidate in _edits1(lower, ALPHABETS["kk"]):
        if len(candidate) > 2 and candidate.translate(_TWINS) != plain and speller._kk_stem_known(
            list(kk_stems(candidate, verbs=speller.kk_verbs))
        ):
            return True
    return False


def typo_test(speller: Speller, text: str, limit: int = 120) -> None:
    """The cold path of a capitalised unknown Kazakh word: is it one edit from a known inflected word? The
    bounded test against the exhaustive one, on the longest such words of the text (the worst case)."""
    h = speller.dictionaries["kk"]
    pool = sorted({w.lower() for w, _, _ in words(text) if w[0].isupper() and len(w) >= 6 and not h.spell(w)},
                  key=lambda w: (-len(w), w))[:limit]
    if not pool:
        return
    timings = {}
    agree = 0
    for name, test in (("bounded", speller._typo_of_inflected),
                       ("exhaustive", lambda w: exhaustive_typo_of_inflected(speller, w))):
        spent = []
        verdicts = []
        for w in pool:
            t0 = time.perf_counter()
            verdicts.append(test(w))
            spent.append(time.perf_counter() - t0)
        timings[name] = (spent, verdicts)
    agree = sum(a == b for a, b in zip(timings["bounded"][1], timings["exhaustive"][1], strict=True))
    (b, _), (e, _) = timings["bounded"], timings["exhaustive"]
    print(f"kk typo test of {len(pool)} capitalised unknown words (longest first, {len(pool[0])}-{len(pool[-1])} "
          f"letters): bounded mean {1000 * sum(b) / len(b):.1f} ms, worst {1000 * max(b):.1f} ms; exhaustive "
          f"mean {1000 * sum(e) / len(e):.1f} ms, worst {1000 * max(e):.1f} ms; worst-case ratio "
          f"{max(e) / max(b):.1f}x; same verdict on {agree}/{len(pool)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="the corpus folder (kk_ru_pairs, kk_ru_sentences)")
    ap.add_argument("--words", type=int, default=300_000, help="words per language")
    args, _ = ap.parse_known_args()
    rng = random.Random(11)

    t0 = time.perf_counter()
    speller = Speller()
    load_s = time.perf_counter() - t0
    print(f"dictionaries + lexicons loaded once: {load_s * 1000:.0f} ms")
    print(f"{'lang':4} {'words':>8} {'distinct':>8} {'naive ms/word':>14} {'ours cold':>10} {'ours warm':>10} "
          f"{'naive/warm':>10}")
    worst = 0.0
    for lang in ("kk", "ru"):
        text = corpus_text(args.corpus, lang) if args.corpus else generated_text(lang, args.words, rng)
        base = text
        while len(words(text)) < args.words:
            text += "\n" + base
        tokens = [w for w, _, _ in words(text)]
        h = speller.dictionaries[lang]

        t0 = time.perf_counter()  # baseline: tokenise, then one bare hunspell call per word
        naive_unknown = sum(1 for w, _, _ in words(text) if not h.spell(w))
        naive = (time.perf_counter() - t0) / len(tokens)

        # as the spelling rule does: the document's words go with the text (names near them are judged)
        speller.is_correct.cache_clear()
        speller._known_cached.cache_clear()
        t0 = time.perf_counter()
        vocabulary = Counter(w.lower() for w, _, _ in words(text))
        cold_unknown = len(speller.check(text, lang, vocabulary, {}))  # first pass: every distinct word costs a verdict
        cold = (time.perf_counter() - t0) / len(tokens)
        t0 = time.perf_counter()
        vocabulary = Counter(w.lower() for w, _, _ in words(text))
        warm_unknown = len(speller.check(text, lang, vocabulary, {}))  # steady state of a long-running process
        warm = (time.perf_counter() - t0) / len(tokens)
        assert cold_unknown == warm_unknown
        worst = max(worst, warm)
        print(f"{lang:4} {len(tokens):8d} {len(set(tokens)):8d} {naive * 1000:14.4f} {cold * 1000:10.4f} "
              f"{warm * 1000:10.4f} {naive / warm:9.1f}x   (flags: naive {naive_unknown}, ours {warm_unknown})")
    typo_test(speller, corpus_text(args.corpus, "kk") if args.corpus else generated_text("kk", 20_000, rng))
    loads = _opencorpora.cache_info()
    t0 = time.perf_counter()
    _opencorpora.cache_clear()
    _opencorpora()
    print(f"OpenCorpora dictionary (Russian second opinion): loaded {loads.misses} time(s) in this process, "
          f"asked {loads.hits + loads.misses} times; one load takes {(time.perf_counter() - t0) * 1000:.0f} ms")
    analyser = get_analyser()
    if analyser is None:
        print("Kazakh analyser: not configured (QUJAT_KK_ANALYSER unset), none loaded")
    else:
        loaded = LOADS["count"]
        t0 = time.perf_counter()
        KazakhAnalyser(analyser.path)
        print(f"Kazakh analyser: loaded {loaded} time(s) in this process before this line, "
              f"asked {analyser.knows.cache_info().misses} distinct words; "
              f"one load takes {(time.perf_counter() - t0) * 1000:.0f} ms")
    print(f"ours warm, worst language: {worst * 1000:.4f} ms/word (target ≤ 0.02) -> "
          f"{'OK' if worst <= 0.00002 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
