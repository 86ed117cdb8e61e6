"""Language rules: script homoglyphs, unfilled placeholders, «О»/«Об», doubled words and spaces, quotes,
spelling (hunspell kk/ru + lexicon) and Russian grammar (LanguageTool when configured).

Every piece of text (body paragraph, table cell, slide shape) is checked in its own language: the one the
parser assigned to the paragraph or cell (its own when its evidence is strong, else its section's: see
``validators.document.lang``); a slide shape's own when strong, else the document's. A misspelt word is one
finding with its count and every place it occurs.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from validators.document.lang import evidence
from validators.errors import ServiceUnavailable
from validators.proofing import hygiene
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function
from validators.texts import Texts, term

Block = tuple[str, Location, "str | None"]


def text_blocks(ctx: RuleContext) -> list[Block]:
    """(text, location, language) of every non-empty text of the document, computed once per run."""

    def compute() -> list[Block]:
        doc = ctx.doc
        langs: dict[tuple[int | None, ...], str | None] = {(p.index,): p.lang for p in doc.paragraphs}
        langs.update({(t.index, c.row, c.col): c.lang for t in doc.tables for row in t.rows for c in row})
        out: list[Block] = []
        for text, loc in doc.text_blocks():
            key = (loc.paragraph,) if loc.paragraph is not None else (loc.table, loc.row, loc.cell)
            lang = langs.get(key)
            if lang is None:
                ev = evidence(text)
                lang = (ev.lang if ev.strong else None) or doc.lang or ev.lang
            out.append((text, loc, lang))
        return out

    return ctx.memo("language.blocks", compute)


def _at(loc: Location, text: str, span: hygiene.Span) -> Location:
    return dataclasses.replace(loc, excerpt=hygiene.excerpt(text, span.start, span.end))


Detector = Callable[[str, "str | None"], list[hygiene.Span]]


def _span_findings(ctx: RuleContext, detector: Detector, langs: tuple[str | None, ...],
                   skip_paragraphs: frozenset[int] = frozenset()) -> Iterator[Finding]:
    """Findings for the spans ``detector(text, lang)`` returns in every text of the given languages."""
    limit = int(ctx.params.get("max_findings", 100))
    count = 0
    for text, loc, lang in text_blocks(ctx):
        if lang not in langs or (loc.paragraph in skip_paragraphs and loc.table is None):
            continue
        seen: set[str] = set()
        for span in detector(text, lang):
            # one finding per defect per paragraph: the same word, or any run of spaces, once
            key = "" if ctx.rule.check == "language.double-space" else span.text.casefold()
            if key in seen:
                continue
            seen.add(key)
            count += 1
            if count > limit:
                ctx.env.note(f"truncated:{ctx.rule.id}", "truncated", rule=ctx.rule.id, limit=limit)
                return
            yield ctx.finding(_at(loc, text, span), text=span.text, word=span.text, detail=span_detail(span),
                              lang=lang or "")


_LETTER_FIX = re.compile(r"(\S) \((Latin|Cyrillic) U\+([0-9A-F]+)\) → (\S)")


def span_detail(span: hygiene.Span) -> Texts | str:
    """A detector's detail in every language: letter fixes and quote problems are words; the rest is quoted text."""
    if span.detail in ("straight", "unbalanced"):
        return term(f"quotes-{span.detail}")
    fixes = _LETTER_FIX.findall(span.detail)
    if fixes:
        parts = [term("latin-letter", latin=a, cyrillic=b, code=code) if script == "Latin"
                 else term("cyrillic-letter", cyrillic=a, latin=b, code=code) for a, script, code, b in fixes]
        return Texts({lang: "; ".join(p[lang] for p in parts) for lang in parts[0]})
    return span.detail


ANY_TEXT = ("kk", "ru", None)
# check name → (pattern detector of validators.proofing.hygiene, languages it applies to)
PATTERN_CHECKS: dict[str, tuple[Callable[[str], list[hygiene.Span]], tuple[str | None, ...]]] = {
    "language.homoglyph": (hygiene.mixed_script_words, ANY_TEXT),
    "language.placeholder": (hygiene.placeholders, ANY_TEXT),
    "language.o-before-vowel": (hygiene.o_before_vowel, ("ru",)),
    "language.doubled-word": (hygiene.doubled_words, ANY_TEXT),
    "language.double-space": (hygiene.double_spaces, ANY_TEXT),
    "language.quotes": (hygiene.straight_quotes, ("kk", "ru")),
}


# The act's title is judged by requisite.title-form (the same «О/Об» test, cited to the title clause);
# the text-wide rule leaves it alone so one defect gives one finding.
SKIPS_TITLE = {"language.o-before-vowel"}


@check_function(*PATTERN_CHECKS)
def check_pattern(ctx: RuleContext) -> Iterator[Finding]:
    detector, langs = PATTERN_CHECKS[ctx.rule.check]
    title = ctx.doc.title
    skip = frozenset({title.paragraph}) if (ctx.rule.check in SKIPS_TITLE and title and title.paragraph
                                              and ctx.profile.rule("requisite.title-form")) else frozenset()
    yield from _span_findings(ctx, lambda text, _lang: detector(text), langs, skip)


def _service(ctx: RuleContext, enabled: bool, code: str, what: str, get: Callable[[], Any]) -> Any:
    """The proofing service ``get()`` returns, or None with a note (``note.<what>-off|-unavailable``) saying why
    it was not used."""
    if not enabled:
        ctx.env.note(code, f"{what}-off")
        return None
    try:
        return get()
    except ServiceUnavailable as exc:
        ctx.env.note(code, f"{what}-unavailable", detail=exc.message)
        return None


@check_function("language.spelling")
def check_spelling(ctx: RuleContext) -> Iterator[Finding]:
    from validators.proofing.speller import get_speller, words

    speller = _service(ctx, ctx.env.options.spelling, "spelling-skipped", "spelling", get_speller)
    if speller is None:
        return

    # one finding per distinct word (and language), with its count and every place, in reading order
    places: dict[tuple[str, str], list[Location]] = {}
    shown: dict[tuple[str, str], str] = {}
    blocks = [(text, loc, lang) for text, loc, lang in text_blocks(ctx) if lang in ("kk", "ru")]
    vocabulary = {lang: Counter(w.lower() for text, _, block_lang in blocks if block_lang == lang
                                for w, _, _ in words(text)) for lang in ("kk", "ru")}
    memo: dict[str, dict[str, bool]] = {"kk": {}, "ru": {}}  # names compared with the document's words once
    for text, loc, lang in blocks:
        for m in speller.check(text, lang, vocabulary[lang], memo[lang]):
            key = (lang, m.word.casefold())
            shown.setdefault(key, m.word)
            places.setdefault(key, []).append(_at(loc, text, hygiene.Span(m.start, m.end, m.word)))
    limit = int(ctx.params.get("max_findings", 100))
    for k, (key, where) in enumerate(places.items()):
        if k == limit:
            ctx.env.note(f"truncated:{ctx.rule.id}", "truncated", rule=ctx.rule.id, limit=limit)
            return
        word = shown[key]
        finding = ctx.finding(where[0], text=word, word=word, count=len(where), lang=key[0])
        finding.occurrences = where if len(where) > 1 else []
        yield finding


@check_function("language.grammar")
def check_grammar(ctx: RuleContext) -> Iterator[Finding]:
    ru_blocks = [(text, loc) for text, loc, lang in text_blocks(ctx) if lang == "ru"]
    if any(lang == "kk" for _, _, lang in text_blocks(ctx)):
        ctx.env.note("grammar-kk-unsupported", "grammar-kk-unsupported")
    if not ru_blocks:
        return
    from validators.proofing.grammar import get_grammar

    grammar = _service(ctx, ctx.env.options.grammar, "grammar-skipped", "grammar", get_grammar)
    if grammar is None:
        return
    for text, loc in ru_blocks:
        try:
            issues = grammar.check(text)
        except ServiceUnavailable as exc:
            ctx.env.note("grammar-failed", "grammar-failed", detail=exc.message)
            return
        for issue in issues:
            span = hygiene.Span(issue.start, issue.end, text[issue.start:issue.end])
            yield ctx.finding(_at(loc, text, span), text=span.text, detail=issue.message,
                              suggestion=", ".join(issue.replacements) or "—", lt_rule=issue.rule)
