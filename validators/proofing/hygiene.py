"""Text hygiene detectors: pure functions from a text to the spans that break a rule.

Each returns ``Span(start, end, text, detail)``; the rules in ``validators.rules.language`` turn spans into
findings with a location. No dictionaries here, only patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    detail: str = ""  # what to tell the reader, e.g. "Latin i (U+0069) → Cyrillic і"


# Latin letters that look like Cyrillic ones, and the other way round.
LATIN_TO_CYRILLIC = {
    "a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к", "h": "һ",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У",
}
CYRILLIC_TO_LATIN = {
    "а": "a", "с": "c", "е": "e", "і": "i", "о": "o", "р": "p", "х": "x", "у": "y", "к": "k", "һ": "h",
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Т": "T", "Х": "X", "У": "Y",
}
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def mixed_script_words(text: str) -> list[Span]:
    """Words mixing Latin and Cyrillic letters: «әкiмдiгiнiң» with Latin i, «Еcік» with Latin c."""
    if not _LATIN.search(text) or not _CYRILLIC.search(text):  # no word can mix what the text lacks
        return []
    spans = []
    for m in _LETTER_RUN.finditer(text):
        word = m.group()
        latin, cyrillic = _LATIN.findall(word), _CYRILLIC.findall(word)
        if not latin or not cyrillic:
            continue
        # the minority script is the intruder
        if len(latin) <= len(cyrillic):
            fixes = [f"{ch} (Latin U+{ord(ch):04X}) → {LATIN_TO_CYRILLIC.get(ch, '?')}" for ch in dict.fromkeys(latin)]
        else:
            fixes = [f"{ch} (Cyrillic U+{ord(ch):04X}) → {CYRILLIC_TO_LATIN.get(ch, '?')}" for ch in dict.fromkeys(cyrillic)]
        spans.append(Span(m.start(), m.end(), word, "; ".join(fixes)))
    return spans


# Unfilled template slots: «___», «№____», «{{ name }}», «${name}», «{% … %}», «[…]», «[ФИО]», «ХХ.ХХ.20ХХ»,
# an empty «» (a day left blank) and a «№» ending a requisite line with no number («… 2019 года №»).
_BRACKET_WORDS = (
    r"фио|ф\.\s?и\.\s?о\.?|дата|номер|№|подпись|должность|наименование|название|сумма|адрес|фамилия|имя|текст|"
    r"аты-жөні|аты|күні|нөмірі|лауазымы|атауы|сомасы|мекенжайы|қолы|мәтін|name|date|number|todo|xxx?|хх+|\.\.\.|…"
)
_PLACEHOLDERS = re.compile(
    r"№\s*_{2,}|_{3,}|\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|«[ \u00a0]*»|(?<=года )№[ \u00a0]*$|(?<=жылғы )№[ \u00a0]*$|"
    rf"\[\s*(?:{_BRACKET_WORDS})\s*\]|"
    r"\b[XxХх]{2}\.[XxХх]{2}\.(?:[XxХх]{4}|20[XxХх]{2})\b",
    re.IGNORECASE | re.MULTILINE,
)


def placeholders(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group()) for m in _PLACEHOLDERS.finditer(text)]


# Russian «о» before a vowel sound must be «об»: «О утверждении» → «Об утверждении» («О внесении» is right).
_O_BEFORE_VOWEL = re.compile(r"(?<![\w-])([Оо]) +([аоуэиыАОУЭИЫ]\w*)")


def o_before_vowel(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), m.group(), f"{m.group(1)}б {m.group(2)}")
        for m in _O_BEFORE_VOWEL.finditer(text)
    ]


_DOUBLED_WORD = re.compile(r"(?<![\w-])([^\W\d_]{2,})[ \t]+\1(?![\w-])", re.IGNORECASE)
# «мемлекеттік не мемлекеттік немесе орыс» (Kazygurt L541): a word «or»/«and» itself
_SELF_ALTERNATIVE = re.compile(
    r"(?<![\w-])([^\W\d_]{3,})[ \t]+(?:не|немесе|және|мен|или|либо)[ \t]+\1(?![\w-])", re.IGNORECASE
)


def doubled_words(text: str) -> list[Span]:
    """The same word twice in a row («не не», «туралы туралы») or joined to itself by «or»/«and»
    («мемлекеттік не мемлекеттік»)."""
    spans = [Span(m.start(), m.end(), m.group(), m.group(1)) for m in _DOUBLED_WORD.finditer(text)]
    spans += [Span(m.start(), m.end(), m.group(), m.group(1)) for m in _SELF_ALTERNATIVE.finditer(text)]
    return sorted(spans, key=lambda s: s.start)


_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")


def double_spaces(text: str) -> list[Span]:
    """Two or more spaces between words (indentation and alignment at a line start are not counted)."""
    return [Span(m.start(), m.end(), m.group(), str(len(m.group()))) for m in _DOUBLE_SPACE.finditer(text)]


def straight_quotes(text: str) -> list[Span]:
    """Typewriter quotes ("…") where the official style uses «ёлочки», and «» left unbalanced."""
    spans = [Span(m.start(), m.end(), m.group(), "straight") for m in re.finditer(r'"[^"\n]{0,80}"?', text)]
    depth = 0
    for m in re.finditer(r"[«»]", text):
        depth += 1 if m.group() == "«" else -1
        if depth < 0:
            spans.append(Span(m.start(), m.end(), m.group(), "unbalanced"))
            depth = 0
    if depth > 0:
        last = text.rfind("«")
        spans.append(Span(last, last + 1, "«", "unbalanced"))
    return spans


def excerpt(text: str, start: int, end: int, width: int = 40) -> str:
    """The span with some context around it, on one line."""
    a, b = max(0, start - width), min(len(text), end + width)
    snippet = text[a:b].replace("\n", " ")
    return ("…" if a > 0 else "") + snippet + ("…" if b < len(text) else "")
