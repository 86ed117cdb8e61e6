"""Evaluate the speller on real Kazakh and Russian texts: false alarms per 1,000 words and typo recall.

    .venv/bin/python scripts/eval_proofing.py /work/shared/corpus /work/shared/regulations [--seed 7 1 2] [--show N]

Texts: the kk/ru act pairs (kk_ru_pairs/*/{kaz,rus}.md, HTML/Markdown stripped), the NTREX news sentences
(kk_ru_sentences/ntrex128/*.{kaz,rus}.txt) and the regulations (*-kk.txt / *-ru.txt; they contain known
misspellings, so their flags are not all false alarms). The pairs are split by act code: the first half
("dev") was used while designing the rules, the second half and the news are held out.

Flags per 1,000 words are shown for bare hunspell (every token it rejects) and for ours. Recall: correct
words (recognised by ours from dictionary, lexicon or morphology, 4+ letters, not abbreviations; names it merely
tolerates are left out, since a typo in an unknown name cannot be caught) get one typo each (deterministic seed): swap two
letters, drop one, double one, substitute one (a random letter, or a Kazakh letter by its Russian look-alike
ә→а і→и ң→н ұ→у ү→у қ→к ғ→г ө→о). A typo that makes another dictionary word (a real-word error) cannot
be caught by a speller and is counted apart.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from validators.proofing.speller import Speller, sentence_initial, words  # noqa: E402

_TAGS = re.compile(r"<[^>]+>")
_MD = re.compile(r"^[#>|*\-\s]+|[|*_`]+", re.MULTILINE)
ALPHABET = {"kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя", "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"}
KK_TO_RU = {"ә": "а", "і": "и", "ң": "н", "ұ": "у", "ү": "у", "қ": "к", "ғ": "г", "ө": "о"}


def clean(text: str) -> str:
    text = html.unescape(_TAGS.sub(" ", text))
    return _MD.sub(" ", text)


def load_texts(corpus: Path, regulations: Path) -> dict[tuple[str, str], list[str]]:
    """{(set name, lang): [texts]}."""
    texts: dict[tuple[str, str], list[str]] = {}
    pairs = sorted((corpus / "kk_ru_pairs").glob("*/*"))
    half = len(pairs) // 2
    for i, folder in enumerate(pairs):
        split = "pairs-dev" if i < half else "pairs-heldout"
        for lang, name in (("kk", "kaz.md"), ("ru", "rus.md")):
            if (folder / name).is_file():
                texts.setdefault((split, lang), []).append(clean((folder / name).read_text(encoding="utf-8")))
    for lang, suffix in (("kk", "kaz"), ("ru", "rus")):
        for path in sorted((corpus / "kk_ru_sentences").glob(f"*/*.{suffix}.txt")):
            texts.setdefault(("news-heldout", lang), []).append(path.read_text(encoding="utf-8"))
    for path in sorted(regulations.glob("*.txt")):
        lang = path.stem.rsplit("-", 1)[-1]
        if lang in ("kk", "ru"):
            texts.setdefault(("regulations", lang), []).append(path.read_text(encoding="utf-8"))
    return texts


def mutate(word: str, lang: str, rng: random.Random) -> tuple[str, str]:
    ops = ["swap", "drop", "double", "substitute"]
    if lang == "kk" and any(c in KK_TO_RU for c in word.lower()):
        ops.append("kk-letter")
    op = rng.choice(ops)
    i = rng.randrange(1, len(word)) if len(word) > 1 else 0  # keep the first letter (case)
    if op == "swap":
        i = min(i, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:], op
    if op == "drop":
        return word[:i] + word[i + 1:], op
    if op == "double":
        return word[:i] + word[i] + word[i:], op
    if op == "kk-letter":
        spots = [j for j, c in enumerate(word) if c.lower() in KK_TO_RU]
        j = rng.choice(spots)
        plain = KK_TO_RU[word[j].lower()]
        return word[:j] + (plain.upper() if word[j].isupper() else plain) + word[j + 1:], op
    letters = ALPHABET[lang].replace(word[i].lower(), "")
    return word[:i] + rng.choice(letters) + word[i + 1:], op


def typo_recall(speller: Speller, lang: str, pool: list[tuple[str, bool]], rng: random.Random,
                args: argparse.Namespace, seed: int) -> float:
    """Inject ``args.typos`` typos into words of ``pool``, print the share caught, return it (per cent)."""
    raw_h = speller.dictionaries[lang]
    caught = total = real_word = 0
    per_op: dict[str, list[int]] = {}
    missed: list[str] = []
    while total < args.typos:
        word, initial = rng.choice(pool)
        typo, op = mutate(word, lang, rng)
        if typo == word or raw_h.spell(typo) or raw_h.spell(typo.lower()):
            real_word += 1
            continue
        total += 1
        hit = not speller.is_correct(typo, lang, initial)
        caught += hit
        if not hit and args.show:
            missed.append(f"{word}→{typo}")
        for key in (op, "capitalised" if word[0].isupper() else "lower-case"):
            per_op.setdefault(key, [0, 0])
            per_op[key][0] += hit
            per_op[key][1] += 1
    ops = "  ".join(f"{op} {c}/{t}" for op, (c, t) in sorted(per_op.items()))
    print(f"{seed:4d} {lang:4} {total:6d} {caught:7d} {100 * caught / total:6.1f}% {real_word:18d}   {ops}")
    if missed:
        print("    missed:", ", ".join(missed[: args.show]))
    return 100 * caught / total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("regulations", type=Path)
    ap.add_argument("--seed", type=int, nargs="+", default=[7, 1, 2], help="typo seeds (recall is shown per seed)")
    ap.add_argument("--typos", type=int, default=1000, help="typos injected per language")
    ap.add_argument("--show", type=int, default=0, help="print this many of our false alarms per set and missed typos per language")
    args = ap.parse_args()
    speller = Speller()
    texts = load_texts(args.corpus, args.regulations)

    print(f"{'set':15} {'lang':4} {'words':>7} {'raw hunspell /1k':>17} {'ours /1k':>9}")
    clean_words: dict[str, list[tuple[str, bool]]] = {"kk": [], "ru": []}  # (word, opens a sentence)
    for (name, lang), docs in sorted(texts.items()):
        n = raw = ours = 0
        flagged: list[str] = []
        for text in docs:
            toks = words(text)
            n += len(toks)
            raw += len(speller.raw_check(text, lang))
            bad = speller.check(text, lang)
            ours += len(bad)
            flagged += [m.word for m in bad]
            if name != "regulations":
                for w, start, _ in toks:
                    initial = sentence_initial(text, start)
                    if len(w) >= 4 and not w.isupper() and w.isalpha() and speller.is_known(w, lang):
                        clean_words[lang].append((w, initial))
        print(f"{name:15} {lang:4} {n:7d} {1000 * raw / max(n, 1):17.1f} {1000 * ours / max(n, 1):9.2f}")
        if args.show and flagged:
            print("    ", ", ".join(flagged[: args.show]))

    print()
    print(f"{'seed':>4} {'lang':4} {'typos':>6} {'caught':>7} {'recall':>7} {'real-word (excl.)':>18}   by operation and case")
    recalls: dict[str, list[float]] = {}
    for seed in args.seed:
        rng = random.Random(seed)
        for lang, pool in clean_words.items():
            if pool:
                recalls.setdefault(lang, []).append(typo_recall(speller, lang, pool, rng, args, seed))
    for lang, values in recalls.items():
        print(f"mean {lang:4} recall {sum(values) / len(values):.1f}% over seeds {' '.join(map(str, args.seed))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
