"""Proofing of one plain text — a paragraph as an editor sends it while the clerk types.

The same language rules as a document check (look-alike letters, unfilled template slots, «О/Об», doubled
words and spaces, quotes, spelling, Russian grammar through a configured LanguageTool), with the same rule
ids and catalog messages, applied to a text instead of a document model, and with replacements an editor
can apply. Offsets are Python string indices; the LanguageTool-compatible face converts them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from validators import profiles
from validators.document.lang import KK_LETTERS, detect_lang
from validators.errors import ServiceUnavailable
from validators.proofing import hygiene
from validators.proofing.typing import WordJudge, get_word_judge
from validators.rules.base import Rule, format_message
from validators.rules.language import span_detail

LANGS = ("kk", "ru")


@dataclass(frozen=True)
class Presentation:
    """How an editor shows a rule: LanguageTool's issue type and category, and a short label."""

    issue_type: str  # LanguageTool's: misspelling, typographical, grammar, duplication, whitespace, …
    category: str  # LanguageTool category id: TYPOS, TYPOGRAPHY, GRAMMAR, REDUNDANCY, MISC
    category_name: dict[str, str]
    short: dict[str, str]


@dataclass(frozen=True)
class TextMatch:
    rule: Rule
    start: int
    end: int
    message: dict[str, str]  # kk/ru/en
    replacements: tuple[str, ...]
    presentation: Presentation


@dataclass
class TextCheck:
    """What was found in one text, in which language, and what could not be checked (and why)."""

    lang: str
    detected: str | None  # the language the text reads as, None when too short to tell
    confidence: float
    matches: list[TextMatch] = field(default_factory=list)
    complete: bool = True  # False: some new words were not judged within the time budget (judged later)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # code → kk/ru/en text


@dataclass(frozen=True)
class RuleSelection:
    """LanguageTool's enabledRules / disabledRules / enabledCategories / disabledCategories / enabledOnly."""

    enabled: frozenset[str] = frozenset()
    disabled: frozenset[str] = frozenset()
    enabled_categories: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()
    enabled_only: bool = False

    def wants(self, rule_id: str, category: str) -> bool:
        if rule_id in self.disabled or category in self.disabled_categories:
            return False
        if self.enabled_only:
            return rule_id in self.enabled or category in self.enabled_categories
        return True


def presentation(rule_id: str) -> Presentation:
    """The rule's ``editor`` block of the catalog (schemas/rules/*.yaml)."""
    entry = profiles.catalog().get(rule_id, {}).get("editor") or {}
    title = {"kk": rule_id, "ru": rule_id, "en": rule_id}
    return Presentation(
        issue_type=entry.get("issue_type", "uncategorized"),
        category=entry.get("category", "MISC"),
        category_name=entry.get("category_name", title),
        short=entry.get("short", title),
    )


# --- detectors: span → replacements ----------------------------------------------------------------------

def _homoglyph_fix(word: str) -> str:
    """The word in one script: the minority script's look-alikes replaced (as the homoglyph rule judges)."""
    latin = sum(1 for ch in word if "a" <= ch.lower() <= "z")
    if latin <= len(word) - latin:
        return "".join(hygiene.LATIN_TO_CYRILLIC.get(ch, ch) for ch in word)
    return "".join(hygiene.CYRILLIC_TO_LATIN.get(ch, ch) for ch in word)


def _doubled_fix(span: hygiene.Span) -> tuple[str, ...]:
    parts = span.text.split()
    return (parts[0],) if len(parts) == 2 and parts[0].casefold() == parts[1].casefold() else ()


def _quote_fix(span: hygiene.Span) -> tuple[str, ...]:
    inner = span.text.strip('"')
    return (f"«{inner}»",) if span.detail == "straight" and span.text.endswith('"') and len(span.text) > 1 else ()


Detector = Callable[[str, str], Iterable[tuple[int, int, dict[str, Any], tuple[str, ...]]]]


def _spans(find: Callable[[str], list[hygiene.Span]],
           fix: Callable[[hygiene.Span], tuple[str, ...]]) -> Detector:
    def detect(text: str, lang: str):
        for span in find(text):
            yield span.start, span.end, {"text": span.text, "word": span.text, "detail": span_detail(span)}, fix(span)
    return detect


def _homoglyphs(text: str, lang: str):
    for span in hygiene.mixed_script_words(text):
        fixed = _homoglyph_fix(span.text)
        yield span.start, span.end, {"text": span.text, "detail": f"«{span.text}» → «{fixed}»"}, (fixed,)


DETECTORS: dict[str, tuple[Detector, tuple[str, ...]]] = {
    "language.homoglyph": (_homoglyphs, LANGS),
    "language.placeholder": (_spans(hygiene.placeholders, lambda s: ()), LANGS),
    "language.o-before-vowel": (_spans(hygiene.o_before_vowel, lambda s: (s.detail,)), ("ru",)),
    "language.doubled-word": (_spans(hygiene.doubled_words, _doubled_fix), LANGS),
    "language.double-space": (_spans(hygiene.double_spaces, lambda s: (" ",)), LANGS),
    "language.quotes": (_spans(hygiene.straight_quotes, _quote_fix), LANGS),
}
GRAMMAR = "language.grammar"
SPELLING = "language.spelling"

NOTES = {
    "spelling-unavailable": {
        "kk": "Емле тексерілмеді: {why}.", "ru": "Орфография не проверена: {why}.", "en": "Spelling was not checked: {why}."},
    "grammar-not-configured": {
        "kk": "Орыс тілінің грамматикасы тексерілмеді: LanguageTool сервері бапталмаған.",
        "ru": "Грамматика русского языка не проверена: сервер LanguageTool не настроен.",
        "en": "Russian grammar was not checked: no LanguageTool server is configured."},
    "grammar-failed": {
        "kk": "Орыс тілінің грамматикасы тексерілмеді: LanguageTool жауап бермеді.",
        "ru": "Грамматика русского языка не проверена: LanguageTool не ответил.",
        "en": "Russian grammar was not checked: LanguageTool did not answer."},
    "grammar-kk": {
        "kk": "Қазақ тілінің грамматикасы тексерілмейді: LanguageTool-да қазақ тілі жоқ.",
        "ru": "Грамматика казахского языка не проверяется: в LanguageTool нет казахского языка.",
        "en": "Kazakh grammar is not checked: LanguageTool has no Kazakh."},
}


def detect(text: str, preferred: Iterable[str] = ()) -> tuple[str | None, float]:
    """The language of ``text`` ("kk"/"ru") and a confidence in [0, 1]; (None, 0) when it can't be told."""
    lang = detect_lang(text)
    if lang is None:
        for code in preferred:
            if code in LANGS:
                return code, 0.3
        return None, 0.0
    letters = sum(1 for ch in text if ch.isalpha())
    kk = sum(1 for ch in text if ch in KK_LETTERS)
    strong = (kk * 40 >= letters) if lang == "kk" else kk == 0
    return lang, 0.95 if strong and letters >= 20 else 0.7


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(]?[А-ЯЁӘҒҚҢӨҰҮҺІA-Z0-9])")


def sentence_at(text: str, start: int) -> str:
    """The sentence of ``text`` holding offset ``start``."""
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            return text[begin:m.start()]
        begin = m.end()
    return text[begin:]


def check_text(text: str, lang: str | None = None, *, profile: str | None = None,
               selection: RuleSelection = RuleSelection(), grammar: bool = True, preferred: Iterable[str] = (),
               budget: float | None = None, judge: WordJudge | None = None) -> TextCheck:
    """Proof ``text`` written in ``lang`` ("kk"/"ru"; None: detected, falling back to ``preferred``, then the
    profile's language) with the language rules the profile enables. ``budget``: seconds the spelling of new
    words may take (a typing editor's request); None waits for every word. ``judge``: whose memory of judged
    words to use (the process-wide one by default)."""
    chosen = profiles.load(profile)
    detected, confidence = detect(text, preferred)
    if lang not in LANGS:
        lang = detected or _profile_lang(chosen)
        confidence = confidence if detected else 0.0
    result = TextCheck(lang=lang, detected=detected, confidence=confidence)
    for rule in chosen.rules:
        if not rule.id.startswith("language."):
            continue
        shown = presentation(rule.id)
        if not selection.wants(rule.id, shown.category):
            continue
        if rule.id == GRAMMAR:
            if grammar:
                _grammar(text, lang, rule, shown, result)
            continue
        if rule.id == SPELLING:
            found = _spelling(text, lang, budget, result, judge or get_word_judge())
        else:
            entry = DETECTORS.get(rule.check) or DETECTORS.get(rule.id)
            if entry is None or lang not in entry[1]:
                continue
            found = list(entry[0](text, lang))
        limit = int(rule.params.get("max_findings", 100))
        for start, end, values, replacements in found[:limit]:
            message = {k: format_message(t, {**rule.params, **values}, k) for k, t in rule.messages.items()}
            result.matches.append(TextMatch(rule, start, end, message, replacements, shown))
    result.matches.sort(key=lambda m: (m.start, m.end))
    return result


def _spelling(text: str, lang: str, budget: float | None, result: TextCheck,
              judge: WordJudge) -> list[tuple[int, int, dict[str, Any], tuple[str, ...]]]:
    try:
        typed = judge.check(text, lang, budget)
    except ServiceUnavailable as exc:
        result.notes["spelling-unavailable"] = {k: v.format(why=exc.message)
                                                for k, v in NOTES["spelling-unavailable"].items()}
        return []
    result.complete = result.complete and typed.complete
    counts = Counter(miss.word for miss, _ in typed.misspellings)
    return [(miss.start, miss.end, {"word": miss.word, "text": miss.word, "count": counts[miss.word]}, suggestions)
            for miss, suggestions in typed.misspellings]


def _profile_lang(profile: profiles.Profile) -> str:
    lang = str(profile.regulation.get("language") or "ru")
    return lang if lang in LANGS else "ru"


def _grammar(text: str, lang: str, rule: Rule, shown: Presentation, result: TextCheck) -> None:
    if lang != "ru":
        result.notes["grammar-kk"] = NOTES["grammar-kk"]
        return
    from validators.proofing.grammar import configuration, get_grammar

    if configuration()[0] is None:
        result.notes["grammar-not-configured"] = NOTES["grammar-not-configured"]
        return
    try:
        issues = get_grammar().check(text)
    except ServiceUnavailable:
        result.notes["grammar-failed"] = NOTES["grammar-failed"]
        return
    for issue in issues:
        values = {"text": text[issue.start:issue.end], "detail": issue.message,
                  "suggestion": ", ".join(issue.replacements) or "—"}
        message = {k: format_message(t, {**rule.params, **values}, k) for k, t in rule.messages.items()}
        result.matches.append(TextMatch(rule, issue.start, issue.end, message, issue.replacements, shown))
