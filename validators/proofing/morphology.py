"""Light morphology for the speller: candidate stems of inflected Kazakh and Russian words.

hunspell-kk knows 54k stems but few of their inflected forms («ауданынан», «жүктелсін»). Kazakh is
agglutinative, so we strip suffix chains that respect (1) the order of suffix slots (voice < negation <
derivation/verb form < plural < possessive < case < predicate), (2) vowel harmony and (3) the assimilation
of the suffix's first consonant to the stem's last sound; the caller looks the stems up. For Russian,
hunspell handles common words; proper names and office terms from the lexicon are matched by their stem
without the inflectional ending («маслихата» → «маслихат», «Алматинской» → «алматинск»).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

_SLOTS: dict[int, str] = {
    0: "ла ле да де та те лан лен дан ден тан тен лас лес дас дес тас тес",  # verbs from nouns
    1: "ыл іл л ын ін н ыс іс с тыр тір дыр дір ғыз гіз қыз кіз т",  # voice
    2: "ма ме ба бе па пе",  # negation
    3: """лық лік дық дік тық тік шы ші шылық шілік сыз сіз лы лі ды ді ты ті дай дей тай тей ғы гі қы кі
          ғыш гіш қыш кіш ым ім у ған ген қан кен ып іп п а е й сын сін ар ер р мақ мек бақ бек пақ пек
          атын етін йтын йтін ушы уші мау меу мас мес ғалы гелі қалы келі ырақ ірек рақ рек са се
          ма ме ба бе па пе ішілік аралық стан стен
          лығ ліг дығ діг тығ тіг шылығ шіліг гер кер паз тын тін""",  # derivation (voiced before a vowel: «лидер-лігі»), verb forms, compound tails
    4: "лар лер дар дер тар тер",  # plural
    5: "ым ім м ың ің ң ыңыз іңіз ңыз ңіз ымыз іміз мыз міз ы і сы сі",  # possessive
    6: """ның нің дың дің тың тің ға ге қа ке на не а е ны ні ды ді ты ті н да де та те нда нде дан ден
          тан тен нан нен мен бен пен менен бенен пенен ша ше нша нше""",  # case («талаб-ы-нша»: according to)
    7: """дағы дегі тағы тегі ндағы ндегі ғы гі қы кі мын мін сың сің мыз міз сыз сіз
          пын пін бын бін пыз піз быз біз""",  # after case; personal endings (-пын after voiceless, -бын after voiced)
}
_KK_SUFFIXES: dict[str, frozenset[int]] = {}
for _slot, _forms in _SLOTS.items():
    for _form in _forms.split():
        _KK_SUFFIXES[_form] = _KK_SUFFIXES.get(_form, frozenset()) | {_slot}
_KK_MAX_SUFFIX = max(map(len, _KK_SUFFIXES))


@functools.lru_cache(maxsize=50_000)
def chain_like(tail: str, after: str = "а") -> bool:
    """Does ``tail`` cut into Kazakh suffix forms, whatever their order and harmony, a one-consonant form (-н,
    -м, -ң …) only after a vowel? ``after``: the sound before the tail. (A cheap filter before
    :func:`kk_stems`: «тарының» = тар|ы|ның does, most one-letter variants of it do not.)"""
    if not tail:
        return True
    return any(
        tail[:i] in _KK_SUFFIXES and (i > 1 or tail[0] in VOWELS or after in VOWELS)
        and chain_like(tail[i:], tail[i - 1])
        for i in range(1, min(_KK_MAX_SUFFIX, len(tail)) + 1)
    )


_REPEATABLE = 3  # slots up to this one may repeat (derivation chains)
_HARMONY_NEUTRAL = frozenset({"мен", "бен", "пен", "менен", "бенен", "пенен", "ішілік", "аралық"})
_COMPOUND_TAILS = frozenset({"ішілік", "аралық"})  # «қалаішілік», «облысаралық»: written as one word

_BACK = set("аоұы")
_FRONT = set("әеөүі")
VOWELS = frozenset("аәеёиоөуұүыіэюя")
_VOWELISH = VOWELS | set("рйу")  # sounds after which л-/м- suffixes follow
_VOICELESS = set("кқпстфхцчшщбвгд")  # stem-final sounds taking т-/қ-/к-/п- suffixes (б в г д devoice)
_VOICED = set("лмнңжз")
_PLURAL_LIKE = frozenset({"дар", "дер", "дық", "дік"})  # л- after vowels and р/й/у, д- after voiced consonants
_GENITIVE_D = frozenset({"дың", "дің"})  # н- after vowels and nasals, д- after the other voiced sounds
_AFTER_NASAL_N = frozenset({"ның", "нің", "нан", "нен"})
_CONTRACTED = frozenset({"тын", "тін"})  # -йтын after a verb's ы/і, spelt и: «оқи-тын», «үйрен-е-ді» aside

# Russian inflectional endings of nouns and adjectives, longest first.
_RU_ENDINGS = tuple(
    sorted(
        """ами ями ого его ому ему ыми ими ой ей ая яя ую юю ые ие ых их ым им ом ем ов ев ах ях ам ям
        ий ый ое ее а я у ю е ы и о ь й""".split(),
        key=len,
        reverse=True,
    )
)


def _harmony(text: str) -> str | None:
    """"back", "front" or None (no decisive vowel) for the last vowel of ``text``."""
    for ch in reversed(text):
        if ch in _BACK:
            return "back"
        if ch in _FRONT:
            return "front"
        if ch in VOWELS:  # и, у, я, ю, э, ё: loanwords, undecided
            return None
    return None


def _fits(stem: str, suffix: str, harmony: bool = True) -> bool:
    """Vowel harmony (unless ``harmony`` is False) and consonant assimilation between stem and suffix."""
    stem_h, suf_h = _harmony(stem), _harmony(suffix)
    if harmony and stem_h and suf_h and stem_h != suf_h and suffix not in _HARMONY_NEUTRAL:
        return False
    last, first = stem[-1], suffix[0]
    if last == "ь" and len(stem) > 1:  # a loan's soft sign is not pronounced: «беккерель-мен»
        last = stem[-2]
    if len(suffix) == 1 and first not in VOWELS:  # -м, -ң, -н, -л, -с, -т, -р, -п, -й follow vowels only
        return last in VOWELS
    if suffix in _CONTRACTED:
        return last == "и"  # «оқи-тын» = оқы + йтын
    if first in "тқкп":
        return last in _VOICELESS
    if first == "д":
        if suffix in _PLURAL_LIKE:
            return last in _VOICED
        if suffix in _GENITIVE_D:
            return last in "жзлрйу"
        return last not in _VOICELESS
    if first == "л":
        return last in _VOWELISH
    if first == "н":
        return (last in VOWELS and last != "у") or (suffix in _AFTER_NASAL_N and last in "мнң")
    if first in "ғг":
        return last not in _VOICELESS
    if first == "м":
        return last in _VOWELISH or last == "л" or len(suffix) <= 2  # possessive -м, -мыз after vowels
    if first == "б":
        return last in _VOICED
    if suffix in ("сы", "сі"):
        return last in VOWELS
    if suffix in _CONTRACTED:
        return last == "и"
    if suffix in _COMPOUND_TAILS:
        return True
    if first in VOWELS and first != "у":
        return last not in VOWELS or last in "ую"  # у (and ю = й+у) after a vowel is the consonant /w/
    return True


# What a suffix attaches to and what it makes: "V" a verb, "N" a nominal (noun, adjective, participle, verbal
# noun, finite form: what nominal endings follow). Slots 0-2 make verbs; verb forms of slot 3 need a verb;
# every other suffix takes a nominal. A verb stem is one whose verbal noun (-у/-ю) the dictionary lists.
_VERB_FORMS = frozenset("""тын тін ғыш гіш қыш кіш ым ім у ған ген қан кен ар ер р атын етін йтын йтін мақ мек бақ бек
    пақ пек ушы уші мау меу мас мес ғалы гелі қалы келі ып іп п а е й са се сын сін стан стен""".split())
_VOICED_FORMS = frozenset("лығ ліг дығ діг тығ тіг шылығ шіліг".split())
_PAST = frozenset("ды ді ты ті".split())  # past tense on a verb, or an adjective/case ending on a nominal
_AFTER_POSSESSIVE = frozenset("а е н нда нде нша нше".split())
_NOT_POSSESSIVE = frozenset("ны ні ды ді".split())
_FINITE = frozenset(("сын", "сін"))  # case forms of the pronominal -н-: «ауданы-н-а»


def _readings(suffix: str, slot: int) -> tuple[tuple[str, str], ...]:
    """(takes, gives) readings of ``suffix`` in ``slot``."""
    if slot == 0:
        return (("N", "V"),)
    if slot in (1, 2):
        return (("V", "V"),)
    if slot == 3 and suffix in _VERB_FORMS:
        return (("V", "N"),)
    if slot == 3 and suffix in _PAST:
        return (("N", "N"), ("V", "N"))
    return (("N", "N"),)


def kk_stems(word: str, max_depth: int = 6, min_stem: int = 3,
             verbs: frozenset[str] | None = None) -> Iterator[tuple[str, bool]]:
    """(stem, harmonic) reachable by stripping up to ``max_depth`` Kazakh suffixes in a well-formed order.

    ``harmonic`` is False for a stem whose first suffix breaks vowel harmony: Russian loans take suffixes by
    their last sound, not their spelling («бланкі», «сайтқа»), so such stems are only good for the loanword
    lookup; they are not stripped further. With ``verbs`` (the verb stems), the chain must also be well
    typed: a verb form needs a verb inside it («бекіт-іл-ген»), a nominal ending no bare verb
    («бекітіл-сің» is no word), the same suffix never twice in a row, and «-а/-е/-н/-нда» of the pronominal
    -н- only after a possessive («аудан-ы-н-а»). «өткіз-бе-стен»: -стан/-стен («without») after a negation."""
    typed = verbs is not None
    seen: set[tuple[str, int, str]] = set()
    # (form, slot of the suffix stripped last, that suffix, what the material inside it must be)
    frontier: list[tuple[str, int, str, str]] = [(word, 99, "", "any")]
    for _ in range(max_depth):
        nxt: list[tuple[str, int, str, str]] = []
        for form, outer, outer_suffix, need in frontier:
            for cut in range(1, min(_KK_MAX_SUFFIX, len(form) - min_stem) + 1):
                suffix = form[-cut:]
                slots = _KK_SUFFIXES.get(suffix)
                if not slots:
                    continue
                stem = form[:-cut]
                if not VOWELS.intersection(stem):
                    continue
                harmonic = _fits(stem, suffix)
                if not harmonic and not _fits(stem, suffix, harmony=False):
                    continue
                if typed and suffix == outer_suffix:
                    continue  # «қайтару-у»
                if typed and suffix in _FINITE and outer != 99:
                    continue  # the imperative -сын/-сін ends a word: «жапсырма-сын-ы-н» is no word
                if suffix[-1] in "ғг" and suffix in _VOICED_FORMS and outer_suffix[:1] not in VOWELS:
                    continue  # «-лығ» only before a vowel: «лидер-лігі-н»
                for slot in slots:
                    if slot > outer or (slot == outer and slot > _REPEATABLE) or (slot < 3 and outer > 3):
                        continue  # verb-building suffixes (slots 0-2) need a verb form (3) after them
                    if typed and outer == 6 and outer_suffix in _AFTER_POSSESSIVE and slot != 5:
                        continue
                    for takes, gives in (_readings(suffix, slot) if typed else (("N", "N"),)):
                        if typed and TYPING["verbs"] and need != "any" and (need == "V") != (gives == "V"):
                            continue
                        if (stem, slot, takes) in seen:
                            continue
                        seen.add((stem, slot, takes))
                        if harmonic:
                            nxt.append((stem, slot, suffix, takes))
                        if typed and slot == 6 and suffix in _AFTER_POSSESSIVE and (
                                stem[-1] not in "ыі" or stem[-2:] in _NOT_POSSESSIVE):
                            # a bare stem before «-на»: only a lexicalised possessive («облысы»), not an
                            # accusative or adjective («жылды-н», «баланы-н» are «жылдың», «баланың» mistyped)
                            continue
                        for variant in stem_variants(stem, suffix, verbs):
                            if typed and not _takes(variant, takes, verbs):  # type: ignore[arg-type]
                                continue
                            yield variant, harmonic
        frontier = nxt


_VOICE = tuple(sorted("іл ыл л тыр тір дыр дір ғыз гіз қыз кіз".split(), key=len, reverse=True))  # passive, causative
_ANY_VOICE = tuple(sorted(_SLOTS[1].split(), key=len, reverse=True))
TYPING = {"verbs": True, "derived": True}


@functools.lru_cache(maxsize=100_000)
def _derived_verb(stem: str, verbs: frozenset[str]) -> bool:
    """A verb made by a voice suffix from another verb («бекіт-іл», «жүкте-л»): a verb only, never a noun."""
    return any(stem.endswith(v) and len(stem) - len(v) >= 4 and stem[: -len(v)] in verbs for v in _VOICE)


@functools.lru_cache(maxsize=100_000)
def _voiced_verb(stem: str, verbs: frozenset[str]) -> bool:
    """A verb by any voice suffix on a verb («тазар-т», «жина-л», «көр-ін»): may carry verb forms."""
    return any(stem.endswith(v) and len(stem) - len(v) >= 3 and stem[: -len(v)] in verbs for v in _ANY_VOICE)


def _takes(stem: str, takes: str, verbs: frozenset[str]) -> bool:
    """Can ``stem`` carry a suffix that takes a verb ("V") or a nominal ("N")?"""
    derived = TYPING["derived"] and _derived_verb(stem, verbs)
    if takes == "V":
        return not TYPING["verbs"] or stem in verbs or _voiced_verb(stem, verbs)
    return not derived


def verb_stems(dic_lines: Iterator[str]) -> frozenset[str]:
    """Verb stems of a hunspell-kk .dic: the stems of its verbal nouns in -у/-ю («бекіту» → «бекіт»,
    «оқу» → «оқ»/«оқы», «азаю» → «азай»)."""
    verbs: set[str] = set()
    entries: set[str] = set()
    for line in dic_lines:
        word, _, flags = line.strip().partition("/")
        entries.add(word)
        if not flags.startswith("Mm") or len(word) < 3:
            continue
        if word.endswith("у"):
            stem = word[:-1]
            verbs.add(stem)
            if stem[-1] not in VOWELS:
                verbs.update((stem + "ы", stem + "і"))
            if stem[-1] in "бгғ":  # шегу → шек, тағу → тақ, табу → тап
                verbs.add(stem[:-1] + {"б": "п", "г": "к", "ғ": "қ"}[stem[-1]])
        elif word.endswith("ю"):
            verbs.add(word[:-1] + "й")
    # verb forms the dictionary lists: «алады», «алатын», «жүгіріп» make «ал», «аш», «жүгір» verbs
    for word in entries:
        if word.endswith(("иды", "иді")) and len(word) >= 5 and word[:-3] + "у" in entries:
            verbs.add(word[:-2])  # «оқиды»: the contracted stem «оқи» of оқы- (оқи-тын)
        for ending in _VERB_EVIDENCE:
            if word.endswith(ending) and len(word) - len(ending) >= 2:
                stem = word[: -len(ending)]
                if stem in entries or ending in _VERB_ONLY_EVIDENCE:
                    verbs.add(stem)
    return frozenset(verbs)


_VERB_EVIDENCE = ("ады", "еді", "йды", "йді", "атын", "етін", "йтын", "йтін", "амыз", "еміз", "аймыз", "ейміз",
                  "ып", "іп", "ған", "ген", "қан", "кен")
_VERB_ONLY_EVIDENCE = frozenset(("атын", "етін", "йтын", "йтін", "ып", "іп"))


_ELIDED = ("орн", "мұрн", "ерн", "қарн", "мойн", "қойн", "ауз", "халқ", "ерк", "бөрк", "көрк")


def stem_variants(stem: str, suffix: str, verbs: frozenset[str] | None = None) -> Iterator[str]:
    """The stem and, before a vowel-initial suffix, its dictionary form before voicing
    (-б/-г/-ғ → -п/-к/-қ: өнеркәсіб-і → өнеркәсіп) or before -ю spelling (ұлғаю → ұлғай)."""
    yield stem
    devoiced = {"б": "п", "г": "к", "ғ": "қ"}.get(stem[-1])
    if devoiced and suffix[0] in VOWELS:
        yield stem[:-1] + devoiced
    if stem[-1] == "ю" and suffix[0] in VOWELS:  # verbal noun of a -й verb: ұлғаю = ұлғай + у
        yield stem[:-1] + "й"
    if verbs and stem[-1] == "и" and (suffix in _CONTRACTED or suffix in _PAST) and stem in verbs:
        # ы/і + й spelt и before a consonant: «оқи-тын», «оқи-ды» are оқы + йтын, оқы + йды (a verb whose
        # present tense hunspell-kk lists so: «оқиды»; «жази-тын» is no word)
        yield stem[:-1] + ("і" if _harmony(stem[:-1]) == "front" else "ы")
    if suffix[0] in VOWELS and stem.endswith(_ELIDED):
        # a few roots drop the high vowel of their last syllable before a vowel: кәсіпорн-ы → кәсіпорын,
        # халқ-ы → халық, ауз-ы → ауыз (not a rule of every stem: «облс-ы» is a typo)
        high = "і" if _harmony(stem) == "front" else "ы"
        yield stem[:-1] + high + stem[-1]


def ru_stem(word: str, min_stem: int = 3) -> str:
    """The word without its Russian inflectional ending (the longest that leaves ``min_stem`` letters)."""
    w = word.lower().replace("ё", "е")
    for ending in _RU_ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= min_stem:
            return w[: -len(ending)]
    return w


def ru_lemmas(word: str) -> Iterator[str]:
    """Dictionary forms ru_RU may know when it lacks the inflected one: genitive plural «субвенций» →
    «субвенция»/«субвенцие», plural «шламы» → «шлам»."""
    if word.endswith("ий") and len(word) > 5:
        yield word[:-2] + "ия"
        yield word[:-2] + "ие"
    if word[-1:] in ("ы", "и") and len(word) > 4 and word[-2] not in VOWELS:
        yield word[:-1]


def loan_spellings(stem: str) -> Iterator[str]:
    """Russian spellings of a Kazakh-spelled loan stem: «клас» → «класс», «табел» → «табель», «турис» → «турист»."""
    yield stem
    if stem[-1] not in VOWELS:
        yield stem + "ь"
        yield stem + stem[-1]
    if stem.endswith("с"):  # -ст loses its т before a consonant suffix: «турис-тер», «сексис-тік»
        yield stem + "т"
    if stem.endswith("з"):  # -зд loses its д: «поез-ы-ның», «съез-і-нде» (поезд, съезд)
        yield stem + "д"
