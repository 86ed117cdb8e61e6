"""Language-independent tokens of a kk or ru text: the facts both versions of an act must share.

``extract(text, lang)`` finds, in this order (each match masks its span so a date is not also counted as
three numbers): URLs, e-mails, dates (``16 июня 2025 года`` / ``2025 жылғы 16 маусымдағы`` / ``16.06.2025``),
document numbers (``№ 31-146``), references to articles/points/sub-points (``подпункт 2) пункта 3 статьи 45``
/ ``45-бабының 3-тармағының 2) тармақшасы``), percentages, numbers and amounts (``3 002 217``, ``0,5``) and
words in Latin script. Every token carries a normalised ``value`` that is equal in both languages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from validators.document.patterns import SPACE as _SP
from validators.document.patterns import find_dates

KINDS = ("url", "email", "date", "docnum", "ref", "percent", "number", "numword", "latin")



URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>«»\"]+[^\s<>«»\".,;:)]", re.I)
EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
DOCNUM_RE = re.compile(r"(?:№|(?<![A-Za-zА-Яа-яЁё])N(?=" + _SP + r"?\d))" + _SP
                       + r"*(\d(?:[\w/\\\-–.]|[-–]" + _SP + r"(?=\d))*\w|\d)")  # «№ 16- 106» as typed
DOCNUM_LIST_TAIL = re.compile(r"," + _SP + r"*(?:№" + _SP + r"*)?(?!(?:19|20)\d\d(?!\d))(\d+(?:-\d+)?)(?![\d.,/])")
# a number with a slash or backslash inside is a document's number even without «№»: «3\\7-475», «01-12/345»
DOCNUM_BARE_RE = re.compile(r"(?<![\w/\\.-])\d+(?:[-–]\d+)*[/\\]\d+(?:[-–/\\]\d+)*(?![\w/\\])")
# the kind letter each language adds to an act's number: распоряжение «-р» = өкім «-ө», постановление «-п» = қаулы «-қ»
DOCNUM_SUFFIX = {"Р": "Р/Ө", "Ө": "Р/Ө", "П": "П/Қ", "Қ": "П/Қ"}


def docnum_value(raw: str) -> str:
    """A document number as compared across languages: «81 - ө» and «81-р» are the same act's number."""
    value = re.sub(r"[\s–]", lambda c: "-" if c.group(0) == "–" else "", raw).upper()
    return re.sub(r"-([РӨПҚ])$", lambda m: "-" + DOCNUM_SUFFIX[m.group(1)], value)

_NUM = r"\d+(?:-\d+)?(?:" + _SP + r"*(?:,|и|және)" + _SP + r"*(?:[№N]" + _SP + r"*)?\d+(?:-\d+)?)*"  # «№ 1, № 2»
# ru: "подпунктом 2) пункта 1 статьи 6"; each element is a level word followed by its number; also the
# abbreviations of older acts: «п.3», «п\\п2», «пп. 1)», «п.п.4», «ст.21», «ч. 2», «гл. 3», «приложение N 1»
RU_REF_ELEMENT = re.compile(
    r"(?:\b(подпункт|пункт|стать|статей|част|глав|раздел|параграф|приложени)[а-яё]*|"
    r"(?<![а-яёА-ЯЁ])(пп\.|п\.п\.|подп\.|п[\\/]п|п\.|ст\.|ч\.|гл\.|разд\.))"
    + _SP + r"*(?:[№N]" + _SP + r"*)?(" + _NUM + r")\)?", re.I
)
RU_REF_ABBR = {"пп.": "subpoint", "п.п.": "subpoint", "подп.": "subpoint", "п\\п": "subpoint", "п/п": "subpoint", "п.": "point",
               "ст.": "article", "ч.": "part", "гл.": "chapter", "разд.": "section"}
# kk: "6-бабы 1-тармағының 2)-тармақшасына", "47-бабы 4-тармағының 1) тармақшасына"
KK_REF_ELEMENT = re.compile(
    r"(?<![\d\w])(" + _NUM + r")\)?(?:[-–]?(?:ші|шы|інші|ыншы|нші|ншы)(?![^\W\d_]))?" + _SP + r"*[-–]?" + _SP + r"*"
    r"(тармақша|тармақ|тармағ|бап|баб|бөлі[кг]|тарау|бөлім|параграф|қосымша)[а-яәғқңөұүһі]*",
    re.I,
)
REF_LEVELS = {
    "раздел": "section", "бөлім": "section",
    "глав": "chapter", "тарау": "chapter",
    "параграф": "paragraph",
    "стать": "article", "статей": "article", "бап": "article", "баб": "article",
    "част": "part", "бөлік": "part", "бөліг": "part",
    "пункт": "point", "тармақ": "point", "тармағ": "point",
    "подпункт": "subpoint", "тармақша": "subpoint",
    "приложени": "appendix", "қосымша": "appendix",
}
REF_ORDER = ("appendix", "section", "chapter", "paragraph", "article", "part", "point", "subpoint")
REF_ABBR = {"appendix": "прил.", "section": "разд.", "chapter": "гл.", "paragraph": "пар.", "article": "ст.",
            "part": "ч.", "point": "п.", "subpoint": "пп."}

PERCENT_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)" + _SP + r"*(?:%|процент[а-я]*|пайыз[а-яәғқңөұүһі]*)", re.I
)
# 3 002 217 (spaces as thousands separators), 0,5, 12.75, 2023
NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:" + _SP + r"\d{3})+|\d+)(?:[.,](\d+))?(?![\w])")
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
LATIN_WORD_RE = re.compile(r"(?<![^\W\d_])[A-Za-z]+(?:[-'][A-Za-z]+)*(?![^\W\d_])")
DIGIT_RE = re.compile(r"\d")
CYRILLIC_RE = re.compile(r"[а-яёәғқңөұүһі]", re.I)


# Cardinal numerals written in words (2..999 and thousands); 1 and 90 are left out: «бір» is also the
# indefinite article and «тоқсан» also means a quarter of the year. Kazakh numerals take case suffixes;
# «он» and «жүз» only stand alone («онда» is "there"). Ordinals are not numbers here.
RU_NUMERALS = {
    2: "два две двух двум двумя", 3: "три трех трёх трем трём тремя", 4: "четыре четырех четырёх четырем четырьмя",
    5: "пять пяти пятью", 6: "шесть шести шестью", 7: "семь семи семью", 8: "восемь восьми восемью",
    9: "девять девяти девятью", 10: "десять десяти десятью", 11: "одиннадцать одиннадцати",
    12: "двенадцать двенадцати", 13: "тринадцать тринадцати", 14: "четырнадцать четырнадцати",
    15: "пятнадцать пятнадцати", 16: "шестнадцать шестнадцати", 17: "семнадцать семнадцати",
    18: "восемнадцать восемнадцати", 19: "девятнадцать девятнадцати", 20: "двадцать двадцати",
    30: "тридцать тридцати", 40: "сорок сорока", 50: "пятьдесят пятидесяти", 60: "шестьдесят шестидесяти",
    70: "семьдесят семидесяти", 80: "восемьдесят восьмидесяти", 100: "сто ста", 200: "двести двухсот",
    300: "триста трехсот трёхсот", 400: "четыреста четырехсот", 500: "пятьсот пятисот", 600: "шестьсот шестисот",
    700: "семьсот семисот", 800: "восемьсот восьмисот", 900: "девятьсот девятисот",
}
KK_NUMERALS = {2: "екі", 3: "үш", 4: "төрт", 5: "бес", 6: "алты", 7: "жеті", 8: "сегіз", 9: "тоғыз", 10: "он",
               20: "жиырма", 30: "отыз", 40: "қырық", 50: "елу", 60: "алпыс", 70: "жетпіс", 80: "сексен", 100: "жүз"}
KK_CASE = ("", "ге", "ке", "ға", "қа", "ні", "ны", "ден", "тен", "нан", "нен", "дан", "тан", "де", "те", "да", "та",
           "ның", "нің", "дың", "дің", "тың", "тің", "не", "на")
KK_ALONE = {"он", "жүз"}
NUMERAL_WORDS: dict[str, int] = {w: n for n, forms in RU_NUMERALS.items() for w in forms.split()}
for _n, _stem in KK_NUMERALS.items():
    for _suffix in ("",) if _stem in KK_ALONE else KK_CASE:
        NUMERAL_WORDS.setdefault(_stem + _suffix, _n)
MULTIPLIERS = {"тысяча": 1000, "тысячи": 1000, "тысяч": 1000, "тысячам": 1000, "мың": 1000,
               "миллион": 10**6, "миллиона": 10**6, "миллионов": 10**6, "миллиондаған": 10**6, "млн": 10**6,
               "миллиард": 10**9, "миллиарда": 10**9, "миллиардов": 10**9, "млрд": 10**9}
# a number spelled out in brackets after its figures: «280 000 000 (двести восемьдесят миллионов)» /
# «280 000 000 (екі жүз сексен млн.)» — the figures are the number; the words only repeat it (whether they
# agree within one language is language.number-words' question, not parity's)
SPELLED_BEFORE = re.compile(r"\d" + _SP + r"*%?" + _SP + r"*\(" + _SP + r"*$")
SPELLED_AFTER = re.compile(r"^[^()\d]{0,24}\)")
PERCENT_WORD_RE = re.compile(r"\s*(?:процент|пайыз)", re.I)


# a fraction in words: kk «үштен екісі» (two of three), ru «двух третей», «одной трети» — the same 2/3, 1/3
_KK_DIGITS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9,
              "он": 10}
FRACTION_KK = re.compile(r"(?<![^\W\d_])(" + "|".join(_KK_DIGITS) + r")(?:ден|тен|нан|нен|дан|тан)\s+("
                         + "|".join(k for k in _KK_DIGITS if k != "он") + r")[а-яәғқңөұүһі]*", re.I)
_RU_NUMERATORS = {"одн": 1, "дв": 2, "тр": 3, "четыр": 4}
_RU_DENOMINATORS = {"трет": 3, "четверт": 4, "пят": 5, "десят": 10}
FRACTION_RU = re.compile(r"(?<![^\W\d_])(одн(?:ой|у|а)|дв(?:ух|е)|тр(?:ех|ёх|и)|четыр(?:ех|ёх|е))\s+"
                         r"(трет(?:и|ей|ью|ям)|четверт(?:и|ей|ью|ям)|пят(?:ой|ых|ая|ую)|десят(?:ой|ых|ая|ую))(?![а-яё])",
                         re.I)


def _fractions(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in FRACTION_KK.finditer(text):
        out.append((m.start(), m.end(), f"{_KK_DIGITS[m.group(2).lower()]}/{_KK_DIGITS[m.group(1).lower()]}"))
    for m in FRACTION_RU.finditer(text):
        num = next(v for k, v in _RU_NUMERATORS.items() if m.group(1).lower().startswith(k))
        den = next(v for k, v in _RU_DENOMINATORS.items() if m.group(2).lower().startswith(k))
        out.append((m.start(), m.end(), f"{num}/{den}"))
    return out


def _numeral_words(text: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, value, is_percent) of every run of numeral words, e.g. «сто семь» → 107."""
    out = []
    run: list[tuple[int, int, int]] = []

    def close() -> None:
        if not run:
            return
        total, group = 0, 0
        for _, _, v in run:
            if v == 100 and 1 < group < 10:  # kk «үш жүз» = 300
                group *= 100
            elif v >= 1000:
                total += max(group, 1) * v
                group = 0
            else:
                group += v
        value = total + group
        start, end = run[0][0], run[-1][1]
        out.append((start, end, value, bool(PERCENT_WORD_RE.match(text, end))))
        run.clear()

    last_end = -1
    for m in WORD_RE.finditer(text):
        w = m.group(0).lower()
        value = NUMERAL_WORDS.get(w)
        if value is None and run and w in MULTIPLIERS:
            value = MULTIPLIERS[w]
        if value is not None and (not run or text[last_end:m.start()].strip() == ""):
            run.append((m.start(), m.end(), value))
            last_end = m.end()
            continue
        close()
        if value is not None:
            run.append((m.start(), m.end(), value))
            last_end = m.end()
    close()
    return out


@dataclass(frozen=True)
class Token:
    kind: str  # one of KINDS
    value: str  # normalised, equal in kk and ru
    text: str  # as written
    start: int
    end: int

    def show(self) -> str:
        return self.text.strip()


def number_value(text: str) -> str:
    """'3 002 217' -> '3002217', '0,50' -> '0.5', '12' -> '12'."""
    digits = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
    if "." in digits:
        whole, frac = digits.split(".", 1)
        frac = frac.rstrip("0")
        return f"{int(whole)}.{frac}" if frac else str(int(whole))
    return str(int(digits))


def _ref_level(word: str) -> str | None:
    w = word.lower()
    for stem in sorted(REF_LEVELS, key=len, reverse=True):
        if w.startswith(stem):
            return REF_LEVELS[stem]
    return None


def _ref_value(chain: dict[str, str]) -> str:
    return " ".join(f"{REF_ABBR[level]}{chain[level]}" for level in REF_ORDER if level in chain)


def _ref_number(text: str) -> str:
    """'1,2' / '1 и 2' / '1 және 2' -> '1,2'."""
    return ",".join(re.findall(r"\d+(?:-\d+)?", text))


def _linked(lang: str, prev_word: str, word: str, gap: str) -> bool:
    """Two elements form one reference when only spaces stand between them and the grammar chains them:
    ru puts the outer levels in the genitive after the inner one (``пункта 1 статьи 6``); kk puts the
    outer level first, in the genitive or possessive (``6-бабы 1-тармағының``)."""
    if gap.strip() and not (lang == "kk" and gap.strip() == ","):  # kk «6 бабының, 5 тармағына»
        return False
    if lang == "ru":  # «пункта 1 статьи 6»; abbreviations chain as written: «п.11 ст. 29»
        return word.endswith(".") or word.lower().endswith(("а", "и", "ы", "я"))
    return prev_word.lower().endswith(("ның", "нің", "дың", "дің", "тың", "тің", "бы", "бі", "сы", "сі",
                                       "дағы", "дегі", "тағы", "тегі"))  # «37-бабындағы 8-тармақшасына»


def _references(text: str, lang: str | None) -> list[tuple[int, int, str]]:
    """(start, end, value) of every chain of article/point/sub-point elements."""
    elements: list[tuple[int, int, str, str, str, str]] = []
    if lang != "kk":
        for m in RU_REF_ELEMENT.finditer(text):
            abbr = m.group(2)
            level = RU_REF_ABBR.get(abbr.lower()) if abbr else _ref_level(m.group(1))
            if level:
                head = re.match(r"[^\W\d_]+", text[m.start():])
                word = abbr.lower() if abbr else (head.group(0) if head else "")
                elements.append((m.start(), m.end(), level, _ref_number(m.group(3)), word, "ru"))
    if lang != "ru":
        for m in KK_REF_ELEMENT.finditer(text):
            level = _ref_level(m.group(2))
            if level:
                tail = re.search(r"[^\W\d_]+$", m.group(0))
                word = tail.group(0) if tail else ""
                elements.append((m.start(), m.end(), level, _ref_number(m.group(1)), word, "kk"))
    elements.sort()
    refs: list[tuple[int, int, str]] = []
    chain: dict[str, str] = {}
    start = end = -1
    prev_word = prev_lang = ""
    for s, e, level, num, word, elang in elements:
        if s < end:  # overlapping matches of both languages' patterns
            continue
        if len(num.split(",")[0].split("-")[0]) > 3:  # "войсковая часть 64192" is a name, not a reference
            continue
        if chain and level not in chain and elang == prev_lang and _linked(elang, prev_word, word, text[end:s]):
            chain[level] = num
            end, prev_word = e, word
            continue
        if chain:
            refs.append((start, end, _ref_value(chain)))
        chain, start, end, prev_word, prev_lang = {level: num}, s, e, word, elang
    if chain:
        refs.append((start, end, _ref_value(chain)))
    return refs


def extract(text: str, lang: str | None = None) -> list[Token]:
    """Every token of ``text`` in reading order. ``lang`` ('kk'/'ru') selects the reference grammar."""
    tokens: list[Token] = []
    taken = bytearray(len(text))

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def add(kind: str, value: str, s: int, e: int) -> None:
        tokens.append(Token(kind, value, text[s:e], s, e))
        taken[s:e] = b"\x01" * (e - s)

    for m in URL_RE.finditer(text):
        add("url", m.group(0).lower().rstrip("/").removeprefix("https://").removeprefix("http://"), *m.span())
    for m in EMAIL_RE.finditer(text):
        if free(*m.span()):
            add("email", m.group(0).lower(), *m.span())
    for s, e, fraction in _fractions(text):
        if free(s, e):
            add("numword", fraction, s, e)
    for s, e, value, is_percent in _numeral_words(text):
        if not free(s, e):
            continue
        if SPELLED_BEFORE.search(text, 0, s) and SPELLED_AFTER.match(text[e:]):
            taken[s:e] = b"\x01" * (e - s)
            continue
        add("percent" if is_percent else "numword", str(value), s, e)
    if not DIGIT_RE.search(text):  # no digit: no date, number, reference or percentage in figures
        for m in LATIN_WORD_RE.finditer(text):
            if len(m.group(0)) >= 2 and free(*m.span()):
                add("latin", m.group(0).lower(), *m.span())
        tokens.sort(key=lambda t: t.start)
        return tokens
    for date, (start, end) in find_dates(text):
        if free(start, end):
            add("date", date.isoformat(), start, end)
    for s, e, ref in _references(text, lang):
        if free(s, e):
            add("ref", ref, s, e)
    for m in DOCNUM_RE.finditer(text):
        if free(*m.span()):
            add("docnum", docnum_value(m.group(1)), *m.span())
            pos = m.end()
            while (more := DOCNUM_LIST_TAIL.match(text, pos)) and free(*more.span(1)):  # «№ 1,2», «№ 1, 2»
                add("docnum", docnum_value(more.group(1)), *more.span(1))
                pos = more.end()
    for m in DOCNUM_BARE_RE.finditer(text):
        if free(*m.span()):
            add("docnum", docnum_value(m.group(0)), *m.span())
    for m in PERCENT_RE.finditer(text):
        if free(*m.span()):
            add("percent", number_value(m.group(1)), *m.span())
    for m in NUMBER_RE.finditer(text):
        if free(*m.span()):
            add("number", number_value(m.group(0)), *m.span())
    for m in LATIN_WORD_RE.finditer(text):
        if len(m.group(0)) >= 2 and free(*m.span()):
            add("latin", m.group(0).lower(), *m.span())
    tokens.sort(key=lambda t: t.start)
    return tokens


def bag(tokens: list[Token]) -> Counter[tuple[str, str]]:
    return Counter((t.kind, t.value) for t in tokens)


def mixed_script_words(text: str) -> list[str]:
    """Words mixing Cyrillic and Latin letters (look-alike i/c/x typed in the wrong layout)."""
    out = []
    for m in WORD_RE.finditer(text):
        w = m.group(0)
        if CYRILLIC_RE.search(w) and re.search(r"[A-Za-z]", w):
            out.append(w)
    return out
