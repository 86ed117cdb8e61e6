"""Spelling for Kazakh and Russian: hunspell (OS dictionaries) + shipped lexicons + light morphology.

The dictionaries load once per process (:func:`get_speller`); every word's verdict is cached, so a long
document costs one dictionary lookup per distinct word. What is never flagged: numbers, e-mails, URLs,
words in Latin, words mixing scripts (the homoglyph rule reports those), abbreviations in capitals,
Kazakh words inside Russian text when they are capitalised (place names such as «Қазығұрт», which the law
allows in Russian texts), and capitalised unknown words that are not one typo away from a known word
(proper names). Kazakh solid compounds («теміржол») and 4-letter Russian stems with Kazakh suffixes
(«шламдар») are accepted; a Russian look-alike typed for a Kazakh letter («карай» for «қарай») is not. Configuration: ``QUJAT_HUNSPELL_DIR`` (default ``/usr/share/hunspell``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from validators import resources
from validators.errors import ServiceUnavailable
from validators.proofing.analyser import KazakhAnalyser, get_analyser
from validators.proofing.morphology import (
    VOWELS,
    chain_like,
    kk_stems,
    loan_spellings,
    ru_lemmas,
    ru_stem,
    stem_variants,
    verb_stems,
)
from validators.settings import current

DICTIONARIES = {"kk": "kk_KZ", "ru": "ru_RU"}
KK_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
ALPHABETS = {"ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"}
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_NOT_WORDS = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\b[\w-]+\.(?:kz|ru|com|org|gov|net)\b\S*", re.IGNORECASE
)
# Productive prefixes of compounds that dictionaries lack: «неисполненных», «видеоконференция», «бейнежазба».
PREFIXES = {
    "ru": ("не", "микро", "макро", "видео", "аудио", "теле", "авто", "агро", "электро", "энерго", "тепло",
           "газо", "водо", "нефте", "внутри", "меж", "сверх", "сельхоз", "спец", "мини", "гига", "мега",
           "кило", "супер", "анти", "контр", "пост", "экс", "вице", "радио", "гидро", "эко", "био"),
    "kk": ("бейне", "теле", "авто", "агро", "электро", "микро", "видео", "аудио", "вице", "экс", "радио", "гига",
           "мега", "кило",
           "гидро", "эко", "био", "көп", "жалпы"),
}
_ABBREVIATION_MAX = 5  # all-capital words up to this length are taken as abbreviations
_LONG_WORD = 8
_UNIT_MAX = 3
_SHORT_ROOT_WORD = 4  # a two-letter root is taken with endings of 3+ letters
# plural, possessive, case: the nominal endings a two-letter root may take (after a consonant the possessive
# -м/-ң/-мыз/-ңыз takes its vowel: «ес-іңіз», not «ес-ңіз»; the plural gives a vowel-final stem again)
_CASES = r"(?:н[ыі]ң|н[ае]|нд[ае]|н[ае]н|н|[ндт][ыі]ң|[ғгқк][ае]|[дт][ае]|[дтн][ае]н|[ндт][ыі]|[мбп][ае]н)?$"
_NOMINAL_CHAIN = {
    "vowel": re.compile(r"(?:л[ае]р(?:[ыі]|[ыі]м|[ыі]ң|[ыі]м[ыі]з|[ыі]ң[ыі]з)?|с[ыі]|м|ң|м[ыі]з|ң[ыі]з)?" + _CASES),
    "consonant": re.compile(r"(?:[дт][ае]р)?(?:[ыі]|[ыі]м|[ыі]ң|[ыі]м[ыі]з|[ыі]ң[ыі]з)?" + _CASES),
}
_DOCUMENT_NEAR_MIN = 4  # words this long are compared with the document's words
_COMPOUND_MIN = 6  # shortest solid compound considered («ауызсу»)
_TWINS = str.maketrans("әғқңөұүһі", "агкноууhи")
_KK_TWINS = {"а": "ә", "г": "ғ", "к": "қ", "о": "ө", "у": "ұү", "и": "і", "h": "һ"}  # not н/ң: -ын and -ың are both endings
_LOAN_MIN = 5  # shortest Russian stem taken as a loan inside a Kazakh word
_TYPO_ANALYSES = 60  # suffix analyses the typo test may spend on one word, for each of its two searches
_SHORT_LOAN = 4  # … or this long, in a whole word with no Russian twin of a Kazakh letter («шлам-дар»)


SECOND_OPINION = {"ru": True}
NEAR_LEXICON = {"on": True}
_NEAR_LEXICON_MIN = 6
_NEAR_LEXICON_MIN_KK = 5  # Kazakh capitalised words: «Алмат» is «Алматы»
TWIN_WINS = {"on": True}
INFLECTED_ENTRIES = {"on": True}
FOREIGN_ROOT = {"min": 5}
_TWIN_NAME_MIN = 6  # a capitalised word this long with no Kazakh letter is still judged by its Kazakh twin
LOAN_NOUNS = {"on": True}
_GENITIVE_N = frozenset("нын нін дын дін тын тін".split())  # the genitive -ның/-дың/-тың typed with н
_CASE_FORM_ENDINGS = frozenset("ын ін ны ні ды ді ты ті".split())
LOANS_TYPED = {"on": True}
# Apertium's Kazakh analyser: "known" accepts what it analyses; "stems" lets it overrule the suffix guess on a
# stem it knows (it rejected the whole form, so the chain after that stem is wrong)
ANALYSER = {"known": True, "stems": True}
# suffixes that make a new word (the analyser lacks many such words): -лық/-лік, -шы/-ші, -лы/-лі, -сыз/-сіз, -лас,
# and the compound tails -ішілік, -аралық
_DERIVATION = re.compile(r"^(?:[лдт][ыі][қк]|ш[ыі]|[лдт][ыі]|с[ыі]з|[лдт][ае]с|ішілік|аралық)")
_NO_VERBS: frozenset[str] = frozenset()  # switch for the evaluation: Russian words hunspell lacks, from OpenCorpora


@functools.cache
def _opencorpora() -> Any:
    """pymorphy3's OpenCorpora dictionary of Russian, loaded once per process on the first word hunspell
    ru_RU lacks. Only its dictionary is asked (``word_is_known``), never its guesser, so typos stay typos."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=20_000)
def _ru_noun(word: str) -> bool:
    """Is ``word`` a Russian noun in the nominative singular (OpenCorpora)? Russian loans enter Kazakh as
    nouns in that form: «билет-інің», «шлам-дар»; «косым-ша», «колем-і», «клемм-і» are «қосымша», «көлемі»,
    «көлемі» mistyped. Without the switch (evaluation) every Russian word counts."""
    if not LOAN_NOUNS["on"]:
        return True
    return any(p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing"
               for p in _opencorpora().parse(word.replace("ё", "е")))


LOANS_OC = {"on": True}
_ADJECTIVE_SUFFIX = re.compile(r"[дтл][ыі](?:[қк])?(?:$|[^қк])")  # -ды/-ті/-лы, -дық/-тік/-лық, then anything
_RU_ADJECTIVE_ENDINGS = ("ный", "ьный", "ной", "ский", "ический")
_NAME_TAGS = frozenset(("Name", "Surn", "Patr", "Geox", "Orgn", "Trad"))


@functools.lru_cache(maxsize=20_000)
def _oc_noun(word: str, proper: bool) -> bool:
    """Is ``word`` a noun in the nominative singular that the OpenCorpora dictionary (not its guesser) lists?
    Loans hunspell ru_RU lacks: «этника», «иммун», «кондоминиум»; a name or a place only in a capitalised word
    («Мексика-ның», «Лондон-да»): in lower case «жанна-ма», «шараф-ың» are typos of Kazakh words."""
    oc = _opencorpora()
    word = word.replace("ё", "е")
    if not oc.word_is_known(word):
        return False
    return any(p.tag.POS == "NOUN" and p.tag.case == "nomn" and p.tag.number == "sing"
               and (proper or not _NAME_TAGS.intersection(p.tag.grammemes)) for p in oc.parse(word))


_VERBALISERS = frozenset("ла ле да де та те".split())  # noun → verb: «наград-та-у», «урбан-да-лу»
# Russian words a Kazakh derivation is made from: the stem as a noun or adjective stem, or the stem of a verb
_RU_NOMINAL_ENDINGS = ("", "а", "я", "ь", "ый", "ий", "ой")
_RU_VERB_ENDINGS = ("ить", "ать", "ять", "овать", "ировать", "изировать", "изовать", "ствовать")


@functools.lru_cache(maxsize=20_000)
def ru_derivation_base(stem: str, kind: str) -> bool:
    """Is ``stem`` (a Kazakh loan stem) a whole Russian word of the OpenCorpora dictionary a Kazakh derivation is
    made from? ``kind`` "verb": a noun or adjective in the nominative singular («наград-а», «урбан-изировать»,
    «аккредит-овать»: the stem plus one of a closed list of endings) or a verb's infinitive; "ika": a noun in
    -ика whose adjective in -ический OpenCorpora lists («этника» → «этнический»)."""
    oc = _opencorpora()
    if kind == "ika":
        adjective = stem[:-2] + "ческий"
        return oc.word_is_known(adjective) and any(p.tag.POS == "ADJF" for p in oc.parse(adjective))
    for ending in _RU_NOMINAL_ENDINGS:
        word = stem + ending
        if oc.word_is_known(word) and any(
                p.tag.POS in ("NOUN", "ADJF") and p.tag.case == "nomn" and p.tag.number == "sing"
                and not _NAME_TAGS.intersection(p.tag.grammemes) for p in oc.parse(word)):
            return True
    return any(oc.word_is_known(stem + e) and any(p.tag.POS == "INFN" for p in oc.parse(stem + e))
               for e in _RU_VERB_ENDINGS)


# Surnames and patronymics: -ов/-ев/-ин(а) with Russian case endings, and the Kazakh -ұлы/-қызы (any suffixes)
_SURNAME = re.compile(r"\w{3,}(?:(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|ою|е|ы|ых|ыми|ым)?|(?:ұлы|улы|қызы|кызы)\w*)$")
# In Kazakh text the Russian -ин/-ын surnames are left out: «-ын» is also «-ың» typed with н («Республикасынын»)
_SURNAME_KK = re.compile(r"\w{3,}(?:(?:ов|ев|ёв)а?\w{0,5}|(?:ұлы|улы|қызы|кызы)\w*)$")
KK_CASE_ENDINGS = frozenset("""ның нің дың дің тың тің ға ге қа ке на не а е ны ні ды ді ты ті да де та те нда нде
    дан ден тан тен нан нен мен бен пен ы і сы сі""".split())


def hunspell_dir() -> Path:
    return Path(current().hunspell_dir)


@dataclass(frozen=True)
class Misspelling:
    word: str
    start: int  # offset in the checked text
    end: int


_FORMULA = re.compile(r"[^\W\d_]+\([^\W\d_]{1,3}\)[^\W\d_]+")  # chemical names: «бенз(а)пирен»


def words(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` with offsets; URLs, e-mails and chemical names («бенз(а)пирен») are masked out
    first."""
    masked = _mask_links(text)
    if "(" in masked:
        masked = _FORMULA.sub(lambda m: " " * len(m.group()), masked)
    out = []
    for m in WORD.finditer(masked):
        start = m.start()
        # «5-ке», «12-бабы»: a short suffix glued to a number is grammar of the numeral, not a word.
        if start >= 2 and masked[start - 1] in "-‐" and masked[start - 2].isdigit() and len(m.group()) <= 4:
            continue
        # «водо- и газоснабжение»: a first part left hanging before «и»/«или»/«және» is not a word
        if masked[m.end():m.end() + 2] in ("- ", "‐ "):
            continue
        out.append((m.group(), start, m.end()))
    return out


def _mask_links(text: str) -> str:
    """Blank out e-mails and URLs. Only the whitespace-delimited chunks around «@», «://» and «www.» are
    examined (a regex over the whole text would cost more than the spelling itself)."""
    spans = []
    for marker in ("@", "://", "www."):
        at = text.find(marker)
        while at != -1:
            start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
            end = min((i for i in (text.find(" ", at), text.find("\n", at)) if i != -1), default=len(text))
            if _NOT_WORDS.search(text[start:end]):
                spans.append((start, end))
            at = text.find(marker, end)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def load_lexicon(lang: str, folder: Path = resources.LEXICONS) -> frozenset[str]:
    """Every word (casefolded) of the lexicons for ``lang``: files ``*-<lang>.txt`` and ``*-both.txt``.

    One entry per line or several per line; lines starting with # are comments."""
    entries: set[str] = set()
    for path in sorted([*folder.glob(f"*-{lang}.txt"), *folder.glob("*-both.txt")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("#"):
                continue
            line = _POS_TAG.sub("", line)
            for token in WORD.findall(line):
                entries.add(token.casefold())
                entries.update(part.casefold() for part in re.split(r"[-‐]", token) if part)
    return frozenset(entries)


_POS_TAG = re.compile(r"^\s*[NV]:")  # the part of speech of a line of stems (stems-kk.txt)


def lexicon_verbs(lang: str, folder: Path = resources.LEXICONS) -> frozenset[str]:
    """The verb stems of the lexicons (lines tagged ``V:`` in ``stems-<lang>.txt``: «құтқар» of «құтқару»):
    they take voice, negation and verb forms like the verbs of hunspell-kk (``N:`` stems take nominal endings
    only). A lexicon word is also a stem for the suffix grammar."""
    verbs: set[str] = set()
    for path in sorted(folder.glob(f"stems-{lang}.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("V:"):
                verbs.update(token.casefold() for token in WORD.findall(line.split(":", 1)[1]))
    return frozenset(verbs)


def load_gazetteer(lang: str, folder: Path = resources.LEXICONS) -> frozenset[str]:
    """The place names (casefolded) of ``gazetteer-<lang>.names``: accepted capitalised only, with suffixes."""
    names: set[str] = set()
    for path in sorted(folder.glob(f"gazetteer-{lang}.names")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.lstrip().startswith("#"):
                names.update(token.casefold() for token in WORD.findall(line))
    return frozenset(names)


class Speller:
    """hunspell kk_KZ + ru_RU with the lexicon and morphology fallbacks; one instance per process."""

    def __init__(self, folder: Path | None = None, cache_size: int = 200_000):
        import hunspell  # the PyPI binding of libhunspell

        folder = folder or hunspell_dir()
        self.dictionaries = {}
        for lang, name in DICTIONARIES.items():
            dic, aff = folder / f"{name}.dic", folder / f"{name}.aff"
            if not (dic.is_file() and aff.is_file()):
                raise ServiceUnavailable(
                    f"hunspell dictionary {name} not found in {folder} (install hunspell-{lang} or set QUJAT_HUNSPELL_DIR)"
                )
            self.dictionaries[lang] = hunspell.HunSpell(str(dic), str(aff))
        self.lexicon = {lang: load_lexicon(lang) for lang in DICTIONARIES}
        self.gazetteer = {lang: load_gazetteer(lang) for lang in DICTIONARIES}
        # what a capitalised word one letter away is a typo of: the lexicons and the gazetteer
        self.names = {lang: self.lexicon[lang] | self.gazetteer[lang] for lang in DICTIONARIES}
        with (folder / f"{DICTIONARIES['kk']}.dic").open(encoding="utf-8", errors="ignore") as fh:
            dic_lines = fh.read().splitlines()[1:]
        self.kk_verbs = verb_stems(iter(dic_lines)) | lexicon_verbs("kk")
        # the entries of hunspell-kk as written (not the forms its affixes make): stems for the typo test
        self.kk_entries = frozenset(line.partition("/")[0].strip() for line in dic_lines)
        self.lexicon_ru_stems = frozenset(ru_stem(w) for w in self.lexicon["ru"])
        self.analyser = get_analyser()  # the configured Kazakh analyser (QUJAT_KK_ANALYSER), looked up once
        self.is_correct = functools.lru_cache(maxsize=cache_size)(self._verdict)
        self._known_cached = functools.lru_cache(maxsize=cache_size)(self._known)

    # -- public -------------------------------------------------------------------------------------
    def check(self, text: str, lang: str, vocabulary: Mapping[str, int] | None = None,
              memo: dict[str, bool] | None = None) -> list[Misspelling]:
        """Misspelled words of ``text`` written in ``lang`` ("kk" or "ru"). ``vocabulary``: the words (lower
        case) of the whole document in that language with their counts; a capitalised word let pass as a name
        that the document has once is a typo when one letter from a word the document uses and the speller knows
        (:meth:`near_document_word`). ``memo``: one dict per document and language, so that a name repeated in
        it is compared once."""
        verdict = self.is_correct
        out = []
        for w, s, e in words(text):
            # only a capitalised word's verdict depends on its position
            if verdict(w, lang, w[0].isupper() and sentence_initial(text, s)):
                if not (vocabulary and w[0].isupper() and self._near_document(w, lang, vocabulary, memo)):
                    continue
            elif w[0].isupper() and name_context(text, s, e) and not self._near_lexicon(w.lower(), lang):
                continue
            elif w[0].islower() and self._hyphenated_tail(text, s, w, lang):
                continue
            out.append(Misspelling(w, s, e))
        return out

    def _near_document(self, word: str, lang: str, vocabulary: Mapping[str, int], memo: dict[str, bool] | None) -> bool:
        if memo is None:
            return self.near_document_word(word, lang, vocabulary)
        if word not in memo:
            memo[word] = self.near_document_word(word, lang, vocabulary)
        return memo[word]

    def _hyphenated_tail(self, text: str, start: int, word: str, lang: str) -> bool:
        """Is ``word`` the second half of a word hyphenated across a line or a narrow cell («Ескерткіш- тің»,
        «Наимено- вание»): the two halves, joined, a word? (The first half, hanging before «- », is not judged
        alone: :func:`words`.)"""
        m = _HANGING_HALF.search(text, max(0, start - 40), start)
        if m is None:
            return False
        whole = m.group(1) + word
        return self.is_correct(whole, lang, sentence_initial(text, m.start(1)))

    def near_document_word(self, word: str, lang: str, vocabulary: Mapping[str, int]) -> bool:
        """Is ``word``, which the speller does not know (a name, as far as it can tell) and the document has
        once, one letter from another word of the document that it knows? «Алмааты», «Рсей», «Ассу» beside
        «Алматы», «Ресей», «Ақсу» are typos; a name rarely sits one letter from a common word of the same text,
        and a name the text repeats is meant («Рейнджерс» ×6). Letter twins (і/и, қ/к …) are not counted, as
        for names."""
        lower = word.lower()
        if (len(lower) < _DOCUMENT_NEAR_MIN or vocabulary.get(lower, 0) > 1 or _LATIN.search(word)
                or self.is_known(word, lang)):
            return False  # (a Latin look-alike letter is the homoglyph rule's)
        plain = lower.translate(_TWINS)
        return any(
            c in vocabulary and len(c) >= _DOCUMENT_NEAR_MIN and c.translate(_TWINS) != plain and self.is_known(c, lang)
            for c in _edits1(lower, ALPHABETS[lang])
        )

    def raw_check(self, text: str, lang: str) -> list[Misspelling]:
        """What bare hunspell flags (no lexicon, no morphology, no skipping): the baseline for evaluation."""
        h = self.dictionaries[lang]
        return [Misspelling(w, s, e) for w, s, e in words(text) if not h.spell(w)]

    # -- verdicts -----------------------------------------------------------------------------------
    def _verdict(self, word: str, lang: str, initial: bool = True) -> bool:
        """Is ``word`` acceptable in ``lang`` text? ``initial``: it opens a sentence (capital letter expected)."""
        if len(word) < 2 or _LATIN.search(word) or not _CYRILLIC.search(word):
            return True  # Latin words, mixed scripts (homoglyph rule) and single letters are not spelled here
        if word.isupper():
            if len(word.replace("-", "")) <= _ABBREVIATION_MAX:
                return True
            word = word.lower()
        if len(word) <= _UNIT_MAX and not VOWELS.intersection(word.lower()) and all(
                ch in ALPHABETS[lang] for ch in word.lower()):
            return True  # no vowel, no word: a unit or an abbreviation in lower case («кг», «см», «жж»)
        if "-" in word or "‐" in word:
            # «гигабек-керель»: a hyphen of a line break left in the word
            return (self._known(word, lang) or self._known_compound(word, lang, initial)
                    or self._known(re.sub("[-‐]", "", word), lang))
        if self._known(word, lang):
            return True
        if lang == "kk" and (self._is_short_loan(word.lower()) or self._is_solid_compound(word.lower())):
            return True
        if not word[0].isupper():
            return False
        if TWIN_WINS["on"] and lang == "kk" and (KK_LETTERS.intersection(word) or len(word) >= _TWIN_NAME_MIN) and (
                self._twin_of_kk_word(word.lower()) in (("as-is", "inflected") if KK_LETTERS.intersection(word)
                                                        else ("as-is",))):
            # «Әлеуметтик», «Нормативтик», «Куәликті» (куәлік-ті): a Kazakh word with one Russian look-alike
            # letter, not a name
            return False
        if lang == "ru" and KK_LETTERS.intersection(word):
            # a Kazakh toponym or name in Russian text, unless one letter from a listed one: «Қоонаев»
            return not (NEAR_LEXICON["on"] and self._near_lexicon(word.lower(), lang))
        if len(word) <= 4 and any(ch.isupper() for ch in word[1:]):
            return True  # a unit or abbreviation in mixed case: «кВт», «МВт»
        # A capitalised unknown word is a proper name, unless it opens a sentence, is long (8+ letters) or, in
        # Kazakh, keeps a Kazakh letter in its root («Әділт»), and is one typo away from a known word (in Kazakh
        # with the morphology). Other short names mid-sentence are too often one letter from a common word or
        # another name («Мартин» ~ «мартен», «Актас» ~ «Актау», «Трамптың») to be judged.
        lower = word.lower()
        if lang == "kk":
            return self._kk_name(lower, initial)
        if len(word) >= 5 and _SURNAME.search(lower):
            return True  # a surname or patronymic, declined or not: «Узаков», «Аюбаевой»
        if not initial and len(word) < _LONG_WORD:
            # short names sit one letter from other names («Актас»/«Актау»): not judged, unless one letter from a
            # name of the lexicons (places, bodies): «Алмматы», «Талпар»
            return not (NEAR_LEXICON["on"] and self._near_lexicon(lower, lang))
        return not self._one_typo_from_known(lower, lang)

    def _kk_name(self, lower: str, initial: bool) -> bool:
        """Is a capitalised Kazakh word hunspell-kk and the lexicons lack a proper name rather than a typo?
        Not when one letter from a name of the lexicons («Алмат», «Амлаты»). Yes for a surname or patronymic
        («Райылұлына», «Узаков»), a compound of dictionary words («Ақжал», «Қараой»), and a short word
        mid-sentence whose root has no Kazakh letter (too often one letter from a word: «Мартин»). Otherwise a
        name unless one edit gives a known word, inflected or not («Рспубликасы», «Әкімінін»)."""
        if NEAR_LEXICON["on"] and self._near_lexicon(lower, "kk", _NEAR_LEXICON_MIN_KK, longer=len(lower) < 6):
            return False
        if lower[-3:] in _GENITIVE_N and len(lower) >= 6 and self._known_kk_inflected(lower[:-1] + "ң", True):
            return False  # the genitive's ң typed as н on a known name: «Мексиканын», «Трамптын» are «…ның», «…тың»
        if len(lower) >= 5 and _SURNAME_KK.search(lower):
            return True
        if self._is_compound_name(lower):
            return True
        if not initial and len(lower) < _LONG_WORD and not _kazakh_root(lower):
            return True
        # a foreign root with Kazakh suffixes («Трамп-тың») is one edit from many short Kazakh stems: only a
        # stem of 5+ letters put right counts against it
        shortest = 3 if _kazakh_root(lower) else FOREIGN_ROOT["min"]
        return not (self._one_typo_from_known(lower, "kk") or self._typo_of_inflected(lower, shortest))

    def _known(self, word: str, lang: str) -> bool:
        lower = word.lower()
        lexicon = self.lexicon[lang]
        if lower in lexicon:
            return True
        h = self.dictionaries[lang]
        if h.spell(word) or (lower != word and h.spell(lower)):
            return True
        if lang == "kk" or KK_LETTERS.intersection(word):
            if self._known_kk_inflected(lower, word[0].isupper()):
                return True
        elif ru_stem(lower) in self.lexicon_ru_stems or any(h.spell(lemma) for lemma in ru_lemmas(lower)):
            return True
        elif SECOND_OPINION["ru"] and _opencorpora().word_is_known(lower.replace("ё", "е")):
            return True  # a form of the OpenCorpora dictionary (pymorphy3): «пронумеровывается», «прудовые»
        prefix = next((p for p in PREFIXES[lang] if lower.startswith(p) and len(lower) - len(p) >= 4), None)
        return prefix is not None and self._known(lower[len(prefix):], lang)

    def _known_compound(self, word: str, lang: str, initial: bool) -> bool:
        """«транспортно-логистической», «Талгар-Спирт»: every part known; «-но/-ско» parts as adjective stems."""
        parts = [p for p in re.split(r"[-‐]", word) if p]
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if self._verdict(part, lang, initial and i == 0):
                continue
            if last and i > 0 and parts[i - 1].isupper() and part.islower() and part in KK_CASE_ENDINGS:
                continue  # an abbreviation declined in Kazakh: «МКҚК-ны», «ЖШС-ға»
            if not last and lang == "ru" and part[-1] in "ое" and any(
                self._known(part[:-1] + ending, lang) for ending in ("ый", "ий", "ой")
            ):
                continue
            return False
        return True

    def _known_kk_inflected(self, lower: str, proper: bool = False) -> bool:
        kk, ru = self.dictionaries["kk"], self.dictionaries["ru"]
        analyser = self.analyser
        if kk.spell(lower):
            return True
        gazetteer = self.gazetteer["kk"]
        if proper and (lower in gazetteer or any(
                harmonic and stem in gazetteer for stem, harmonic in kk_stems(lower, verbs=self.kk_verbs))):
            return True  # a place of the gazetteer, capitalised, with nominal suffixes: «Ертіс-ке», «Есіл-дің»
        if ANALYSER["known"] and analyser is not None and analyser.knows(lower):
            return True  # a form of Apertium's Kazakh analyser: «кәсіпорны», «құтқару», «үйінің»
        stems = list(kk_stems(lower, verbs=self.kk_verbs))
        # «карай», «томендегі»: when putting back one Kazakh letter for its Russian twin gives a Kazakh word,
        # that reading beats a Russian word or a Kazakh analysis; a Russian stem with Kazakh suffixes
        # («билетінің») still counts
        twin = self._twin_of_kk_word(lower)
        if not KK_LETTERS.intersection(lower) and len(lower) >= 5 and "ё" not in lower and (
                (not twin and (ru.spell(lower) or (LOANS_OC["on"] and _oc_noun(lower, False))))
                or (twin == "as-is" and LOANS_OC["on"] and _oc_noun(lower, False) and not self._twin_entry(lower))):
            # a Russian loanword in Kazakh text: «дисквалификация», «интранет» (OpenCorpora); a noun whose Kazakh
            # twin is only a form hunspell-kk's affixes make, no entry («дилер»: «ділер» is ді- + -лер)
            return True
        if twin != "as-is" and self._kk_stem_known(stems, analyser if ANALYSER["stems"] else None, lower):
            return True
        if twin is None and self._short_root_inflected(lower):
            return True
        # Russian loanwords inflected in Kazakh: «сертификаттарының», «бланкіде», «сепаратистер»: nouns, so
        # no verb form may follow them («республика-а-сы» is no word)
        return any(
            not KK_LETTERS.intersection(stem) and len(stem) >= _LOAN_MIN
            and (any((ru.spell(spelling) and _ru_noun(spelling))
                     or (LOANS_OC["on"] and _oc_noun(spelling, proper) and twin is None
                         # a name of the lexicons mistyped is no foreign name: «Асмат-ы» is «Алматы»
                         and not (proper and self._near_lexicon(lower, "kk", _NEAR_LEXICON_MIN_KK)))
                     for spelling in loan_spellings(stem))
                 or (twin is None and self._ru_adjective_stem(stem, lower[len(stem):]))
                 or (twin is None and harmonic and self._ru_derived(stem, lower)))
            for stem, harmonic in kk_stems(lower, verbs=_NO_VERBS if LOANS_TYPED["on"] else None)
        )

    def _ru_derived(self, stem: str, lower: str) -> bool:
        """A Kazakh verb or adjective made from a Russian word (:func:`ru_derivation_base`): the verbaliser
        -ла/-да/-та (-ле/-де/-те) with a verb chain after it («наград-та-у», «урбан-да-лу», «аккредит-те-л-ген»),
        or -лық/-лік on a noun in -ика whose Russian adjective is in -ический («этника-лық»). The seam follows
        vowel harmony (the caller passes harmonic stems only); the base must be a whole word of the OpenCorpora
        dictionary (never its guesser)."""
        if KK_LETTERS.intersection(stem) or len(stem) < _LOAN_MIN or not LOANS_OC["on"] or "ё" in stem:
            return False
        if stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            return False  # a doubled consonant before the seam is a typo's trace: «баянн-да-ма-сын»
        chain = lower[len(stem):]
        if chain[:2] in _VERBALISERS and len(chain) > 2:
            verb = stem + chain[:2]
            # not one edit from a Kazakh root of 5+ letters with its suffixes: «сипот-та-п» (сипота, a rare Russian
            # noun) is «сипат-та-п» mistyped (a shorter root is too easily reached: «урбан-да-лу» ~ «уран-да-лу»)
            return ru_derivation_base(stem, "verb") and any(
                x == verb for x, _ in kk_stems(lower, verbs=frozenset((verb,)))) and not self._typo_of_inflected(lower, 5)
        if chain[:3] in ("лық", "лік") and stem.endswith("ика"):
            return ru_derivation_base(stem, "ika")
        return False

    def _ru_adjective_stem(self, stem: str, chain: str) -> bool:
        """A Russian adjective enters Kazakh as its stem with an adjective suffix -ды/-ті/-лы/-дық/-тік/-лық:
        «коммунал-ды» (коммунальный), «консерватив-ті», «перспектив-тік». Only such a suffix, and only a stem
        ru_RU knows with an adjective ending."""
        if not _ADJECTIVE_SUFFIX.match(chain):
            return False
        ru = self.dictionaries["ru"]
        return any(ru.spell(stem + ending) for ending in _RU_ADJECTIVE_ENDINGS)

    def _kk_stem_known(self, stems: list[tuple[str, bool]], analyser: KazakhAnalyser | None = None,
                       word: str = "") -> bool:
        """Is one of the harmonic ``stems`` (of ``word``) a lexicon word or a hunspell-kk entry? With
        ``analyser``, which rejected ``word``, see :meth:`_analyser_overrules`."""
        kk, lexicon = self.dictionaries["kk"], self.lexicon["kk"]
        for stem, harmonic in stems:
            if not harmonic:
                continue
            if analyser is not None and self._analyser_overrules(stem, word, analyser):
                continue
            if stem in lexicon:
                return True
            if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
                continue  # a doubled final consonant is a typo's trace, whatever hunspell-kk's affixes allow
            if INFLECTED_ENTRIES["on"] and self._inflected_entry(stem):
                continue
            if kk.spell(stem) and self._kk_entry(stem):
                return True
        return False

    def _short_root_inflected(self, lower: str) -> bool:
        """A noun of two letters (үй, су, із, ел) with nominal endings only: plural, possessive, case
        («үй-і-нің», «із-і-нен», «су-ға», «ие-лер-ін»). Verb forms and derivations on such a root are left out: a
        typo too easily leaves a two-letter word and a chain of suffixes («ба-шы-сы», «кен-се-сі»)."""
        root = lower[:2]
        if len(lower) < _SHORT_ROOT_WORD or root not in self.kk_entries or not VOWELS.intersection(root):
            return False
        if not _NOMINAL_CHAIN["vowel" if lower[1] in VOWELS else "consonant"].match(lower, 2):
            return False
        if len(lower) == 4 and lower[2:] in ("ын", "ін"):
            return False  # «он-ы-н» is «оның» with н for ң more often than a word
        return any(stem == root and harmonic for stem, harmonic in kk_stems(lower, min_stem=2, verbs=self.kk_verbs))

    def _analyser_overrules(self, stem: str, word: str, analyser: KazakhAnalyser) -> bool:
        """The analyser rejected ``word`` and knows ``stem``: it knows that stem's inflections, so a suffix
        chain it refuses is a typo («жыл-дын», «шешімін-ін»). Not for derivations it may lack («кәріз-дік»,
        «облыс-ішілік»), nor for Russian loans, whose Kazakh inflection it often misses («шлак-тар»)."""
        if stem in self.lexicon["kk"] or not analyser.knows(stem) or self.dictionaries["ru"].spell(stem):
            return False
        return not _DERIVATION.match(word[len(stem):])

    def _inflected_entry(self, stem: str) -> bool:
        """hunspell-kk lists some case forms as entries («жылды», «шешімін», «мәслихатын»): with more suffixes
        after them they make no word («жылды-н», «шешімін-ін» are «жылдың», «шешімінің» mistyped). The form
        is judged from its root instead."""
        if stem[-2:] not in _CASE_FORM_ENDINGS or len(stem) < 6:
            return False
        root = stem[:-2]
        return any(r in self.kk_entries or r in self.lexicon["kk"] for r in stem_variants(root, stem[-2:]))

    def _twin_of_kk_word(self, lower: str) -> str | None:
        """Does putting back one Kazakh letter for its Russian look-alike (а→ә, к→қ, у→ұ …) give a Kazakh
        word? "as-is" when hunspell-kk or the lexicon knows it as it stands, "inflected" when it is a known
        stem with suffixes, else None."""
        kk, lexicon = self.dictionaries["kk"], self.lexicon["kk"]
        candidates = [lower[:i] + twin + lower[i + 1:] for i, ch in enumerate(lower) for twin in _KK_TWINS.get(ch, "")]
        analyser = self.analyser if ANALYSER["known"] else None
        if any(c in lexicon or kk.spell(c) or (analyser is not None and analyser.knows(c)) for c in candidates):
            return "as-is"
        if any(self._kk_stem_known(list(kk_stems(c, verbs=self.kk_verbs))) for c in candidates):
            return "inflected"
        return None

    def _twin_entry(self, lower: str) -> bool:
        """Does putting back one Kazakh letter for its Russian look-alike give an entry of hunspell-kk or the
        lexicon as it stands («карай» → «қарай»), not merely a form its affixes make?"""
        names = self.names["kk"]
        return any(c in self.kk_entries or c in names
                   for i, ch in enumerate(lower) for twin in _KK_TWINS.get(ch, "")
                   for c in (lower[:i] + twin + lower[i + 1:],))

    def _kk_entry(self, stem: str) -> bool:
        """Is ``stem`` a dictionary entry of hunspell-kk, not an inflected form its affixes generate?
        (Stripped suffixes must sit on a root: «температураны» + «н» is no word.)"""
        roots = self.dictionaries["kk"].stem(stem)
        return any((r.decode() if isinstance(r, bytes) else r) == stem for r in roots)

    def _one_typo_from_known(self, lower: str, lang: str, dictionary: bool = True, morphology: bool = False,
                             shortest: int = 3) -> bool:
        """True when one edit (drop, swap, substitute, insert) turns the word into a lexicon word or, with
        ``dictionary``, a hunspell word; with ``morphology`` (Kazakh) also a known stem with well-formed suffixes
        (:meth:`_typo_of_inflected`). Kazakh/Russian letter twins (і/и, қ/к, ң/н …) are not typos in names."""
        h, lexicon = self.dictionaries[lang], self.lexicon[lang]
        plain = lower.translate(_TWINS)
        for candidate in _edits1(lower, ALPHABETS[lang]):
            if len(candidate) < shortest or candidate.translate(_TWINS) == plain:
                continue
            if candidate in lexicon or (dictionary and h.spell(candidate)):
                return True
            if lang == "ru" and ru_stem(candidate) in self.lexicon_ru_stems:
                return True
        return morphology and self._typo_of_inflected(lower)

    def _kk_root(self, stem: str) -> bool:
        """A Kazakh stem as written in the lexicon, the gazetteer or among hunspell-kk's entries (no doubled final
        consonant)."""
        if stem in self.names["kk"]:
            return True
        if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            return False
        return stem in self.kk_entries

    def _typo_of_inflected(self, lower: str, shortest: int = 3) -> bool:
        """Is an inflected Kazakh word one edit from a known stem with well-formed suffixes? Bounded: the word is
        analysed once and the edit is looked for (1) in each stem its suffix chains leave, by set look-ups (the
        suffixes must then fit the stem put right), and (2) in the suffixes after each known stem it starts
        with; at most ``_TYPO_ANALYSES`` analyses for each
        (this test used to analyse every one-edit variant of the word: up to 2,000 analyses, 1-2 s)."""
        alphabet = ALPHABETS["kk"]
        root = self._kk_root
        budget = _TYPO_ANALYSES
        for stem, harmonic in sorted(set(kk_stems(lower))):
            if not harmonic or stem == lower or not lower.startswith(stem):
                continue
            plain, chain = stem.translate(_TWINS), lower[len(stem):]
            for c in sorted(_edits1(stem, alphabet)):
                if len(c) < shortest or not root(c) or c.translate(_TWINS) == plain:
                    continue
                if budget <= 0:
                    break
                budget -= 1
                if any(x == c for x, _ in kk_stems(c + chain, verbs=self.kk_verbs)):
                    return True  # «Облсы»: облс|ы → облыс|ы (the suffixes must fit the stem put right)
        budget = _TYPO_ANALYSES
        for k in range(len(lower) - 1, shortest - 1, -1):
            head, tail = lower[:k], lower[k:]
            if not root(head):
                continue
            plain = tail.translate(_TWINS)
            for variant in sorted(_edits1(tail, alphabet)):
                if not variant or not chain_like(variant, head[-1]) or variant.translate(_TWINS) == plain:
                    continue
                if budget <= 0:
                    return False
                budget -= 1
                if any(stem == head for stem, _ in kk_stems(head + variant, verbs=self.kk_verbs)):
                    return True  # «Әкімінін»: әкім|інің
        return False

    def _near_lexicon(self, lower: str, lang: str, shortest: int = 0, longer: bool = False) -> bool:
        """Is a word of 6+ letters (or ``shortest``) one edit (not a Kazakh/Russian letter twin) from a lexicon
        entry of 5+ (with ``longer``: an entry longer than the word: a letter dropped, «Алмат» for «Алматы»;
        five-letter names one letter apart are common: «Ақжал», «Ақжар»)?"""
        shortest = shortest or _NEAR_LEXICON_MIN
        if len(lower) < shortest:
            return False
        lexicon = self.names[lang]
        plain = lower.translate(_TWINS)
        least = len(lower) + 1 if longer else _NEAR_LEXICON_MIN - 1
        return any(
            len(c) >= least and c in lexicon and c.translate(_TWINS) != plain
            for c in _edits1(lower, ALPHABETS[lang])
        )

    def _compound_split(self, lower: str, min_part: int, head_entry: bool) -> bool:
        """Does ``lower`` split into a Kazakh head of ``min_part``+ letters (a dictionary entry, or with
        ``head_entry`` False any hunspell-kk form) and a known, possibly inflected, word of 2+ letters?"""
        kk, lexicon = self.dictionaries["kk"], self.lexicon["kk"]
        for i in range(min_part, len(lower) - 1):
            head, tail = lower[:i], lower[i:]
            if head in lexicon or (kk.spell(head) and (not head_entry or self._kk_entry(head))):
                if tail in lexicon or self._known(tail, "kk"):
                    return True
        return False

    def _is_compound_name(self, lower: str) -> bool:
        """A name glued from a dictionary word of 2+ letters (not an abbreviation: «рс|публикасы») and a
        dictionary word, as written or inflected: «Ақжал», «Қараой», «Қайназарға», «Айгүлге». A tail that could
        itself be a chain of suffixes needs a root of 4+ letters («Әкім|інін» is «Әкімінің» mistyped), and a
        short one does not follow a head of 5+ letters («Республика|ыс», «Сессиясы|ың»)."""
        lexicon, entries = self.lexicon["kk"], self.kk_entries
        for i in range(2, len(lower) - 1):
            head, tail = lower[:i], lower[i:]
            if not (head in entries or (len(head) >= 4 and head in lexicon)):
                continue
            if len(head) >= 5 and len(tail) <= 2 and chain_like(tail, head[-1]):
                continue  # a long head and a suffix-like tail are an inflection mistyped: «Республика|ыс»
                # (after a short head such a tail is a name's: «Әйт|ей», «Бөк|ей»)
            if tail in entries or tail in lexicon or any(
                harmonic and (stem in entries or stem in lexicon) and (len(stem) >= 4 or not chain_like(tail))
                for stem, harmonic in kk_stems(tail, verbs=self.kk_verbs)
            ):
                return True
        return False

    def _is_short_loan(self, lower: str) -> bool:
        """A Russian stem of 4 letters with Kazakh suffixes («шлам-дар», «клас-ы»), when no Russian twin of a
        Kazakh letter is involved (that reading is a typo: «колемі» is «көлемі»). Not within compounds."""
        ru = self.dictionaries["ru"]
        return any(
            not KK_LETTERS.intersection(stem) and len(stem) == _SHORT_LOAN
            and any(ru.spell(spelling) and _ru_noun(spelling) for spelling in loan_spellings(stem))
            for stem, _ in kk_stems(lower, verbs=self.kk_verbs)
        ) and self._twin_of_kk_word(lower) is None

    def _is_solid_compound(self, lower: str) -> bool:
        """A compound written as one word («теміржол», «жерүсті», «қолжетімді», «мекенжайына»): a dictionary stem
        of 3+ letters followed by a word whose root is a dictionary entry, the suffixes on the last part
        (:meth:`_compound_seam`), and not one typo from a word the dictionary or the lexicon lists as it stands,
        nor a Kazakh letter typed as its Russian twin. The seam's conditions are what keep typo recall: a typo
        inside a long word often leaves two pieces that are words («әкім|іің», «ауданн|аралық»), but rarely a
        seam between two roots."""
        if len(lower) < _COMPOUND_MIN:
            return False
        if (self._compound_split(lower, 3, head_entry=True)
                and not self._one_typo_from_known(lower, "kk", morphology=True)
                and not (TWIN_WINS["on"] and self._twin_of_kk_word(lower))):
            return True
        return (
            any(self._compound_seam(lower[:i], lower[i:]) for i in range(3, len(lower) - 1))
            and not self._one_typo_from_known(lower, "kk")
            and not (TWIN_WINS["on"] and self._twin_of_kk_word(lower))  # «көрсетилетін» is «көрсетілетін»
            # the genitive's ң typed as н: «сенат|орынын», «ресурс|тарынын» are «…ының»
            and not (lower[-3:] in _GENITIVE_N and self._known_kk_inflected(lower[:-1] + "ң"))
        )

    def _compound_seam(self, head: str, tail: str) -> bool:
        """Is ``head`` + ``tail`` a seam between two Kazakh words? The head a dictionary entry (not a case form
        it lists, «жылды»), the tail no chain of suffixes («әкім|іің», «хатшы|ыс»), no letter doubled across the
        seam («ауданн|аралық») nor two vowels meeting, and the tail an entry or an entry of 3+ letters with
        well-formed suffixes (a root of three letters or less must not itself look like suffixes)."""
        kk, lexicon, entries = self.dictionaries["kk"], self.lexicon["kk"], self.kk_entries
        if not (head in lexicon or (kk.spell(head) and self._kk_entry(head))) or self._inflected_entry(head):
            return False
        if head in self.kk_verbs or len(tail) < 3 or self.dictionaries["ru"].spell(head):
            return False  # of Kazakh nominals: «бол|ахағымызды», «бат|салғаннан», «пациент|төн» are typos
        if (head[-1] in VOWELS and tail[0] in VOWELS) or (len(tail) <= 3 and chain_like(tail, head[-1])):
            return False
        if head[-1] == tail[0] and self._known(head + tail[1:], "kk"):
            return False  # a letter doubled across the seam: «ауданн|аралық»

        # a vowel after the seam needs a long root («хабар|алды», «бағыт|ынта», «кәсіп|орныдарына» are typos), a
        # short head a root of 4+ letters («мау|зымындағы»)
        shortest = 5 if tail[0] in VOWELS else 3 if len(head) >= 4 else 4

        def root(stem: str) -> bool:
            return (stem in entries or stem in lexicon) and len(stem) >= shortest and (
                len(stem) > 3 or not chain_like(stem))

        if root(tail) or (len(tail) > shortest and kk.spell(tail) and not chain_like(tail, head[-1])):
            return True
        return any(harmonic and root(stem) and not self._inflected_entry(stem)
                   for stem, harmonic in kk_stems(tail, verbs=self.kk_verbs))

    def is_known(self, word: str, lang: str) -> bool:
        """Positively recognised (dictionary, lexicon or morphology), not merely tolerated as a name."""
        return self._known_cached(word, lang)


def _kazakh_root(lower: str) -> bool:
    """Does the word keep a Kazakh letter whatever Kazakh suffixes are stripped? («Қазастан», not «Трамптың»)"""
    return bool(KK_LETTERS.intersection(lower)) and all(KK_LETTERS.intersection(stem) for stem, _ in kk_stems(lower))


_INITIALS_BEFORE = re.compile(r"(?:^|[^\w.])[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?)?$")
_INITIALS_AFTER = re.compile(r"\s?[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?[А-ЯЁӘҒҚҢӨҰҮҺІ]\.")
_FAMILY = r"[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]{2,}(?:ов|ев|ёв|ова|ева|ёва|ұлы|улы|қызы|кызы|овна|евна|ович|евич)"
_NAME_AFTER = re.compile(r"\s" + _FAMILY + r"(?![а-яёәғқңөұүһі])")
_NAME_BEFORE = re.compile(r"(?<![а-яёәғқңөұүһі])" + _FAMILY + r"\s$")
_HANGING_HALF = re.compile(r"([^\W\d_]+)[-‐][ \t\n]+$")
_OPENING_QUOTES, _CLOSING_QUOTES = "«\"„“'", "»\"“”'"


def name_context(text: str, start: int, end: int) -> bool:
    """Does the word at ``start``-``end`` stand where a proper name stands: after initials («Ш. Құлмаханов»,
    «Қ.Төлбасиев»), before two initials («Фетер Н.Н.»), beside a surname or patronymic («Гүлнар Нұрланқызы»),
    or alone in quotes (an organisation: ЖШС «Долан»)?
    The word is then a name unless one letter from a name of the lexicons."""
    if _INITIALS_BEFORE.search(text[max(0, start - 6):start]) or _INITIALS_AFTER.match(text, end):
        return True
    if _NAME_AFTER.match(text, end) or _NAME_BEFORE.search(text[max(0, start - 40):start]):
        return True  # beside a surname or patronymic: «Сапарова Гүлнар Нұрланқызы», «Болат Сейітұлы»
    return 0 < start and end < len(text) and text[start - 1] in _OPENING_QUOTES and text[end] in _CLOSING_QUOTES


def sentence_initial(text: str, start: int) -> bool:
    """Does the word at ``start`` open a sentence, a paragraph or a list item?"""
    before = text[max(0, start - 16):start].rstrip(" \t«\"'(„“")
    return not before or before[-1] in ".!?:;\n\r)…–—-•*#>|0123456789"


def _edits1(word: str, alphabet: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return (deletes | swaps | replaces | inserts) - {word}


@functools.cache
def get_speller() -> Speller:
    """The process-wide speller (dictionaries are loaded on first use only)."""
    return Speller()
