"""Language rules: script homoglyphs, unfilled placeholders, «О»/«Об», doubled words and spaces, quotes,
spelling (hunspell kk/ru + lexicon) and Russian grammar (LanguageTool when configured).

Every piece of text (body paragraph, table cell, slide shape) is checked in its own language: the
paragraph's detected language, else the document's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from validators.document.lang import detect_lang
from validators.errors import ServiceUnavailable
from validators.proofing import hygiene
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function

Block = tuple[str, Location, "str | None"]


def text_blocks(ctx: RuleContext) -> list[Block]:
    """(text, location, language) of every non-empty text of the document, computed once per run."""

    def compute() -> list[Block]:
        doc = ctx.doc
        langs = {p.index: p.lang for p in doc.paragraphs}
        out: list[Block] = []
        for text, loc in doc.text_blocks():
            lang = langs.get(loc.paragraph) if loc.paragraph is not None else None
            out.append((text, loc, lang or detect_lang(text) or doc.lang))
        return out

    return ctx.memo("language.blocks", compute)


def _at(loc: Location, text: str, span: hygiene.Span) -> Location:
    return dataclasses.replace(loc, excerpt=hygiene.excerpt(text, span.start, span.end))


def _span_findings(ctx: RuleContext, detector: Callable[[str], list[hygiene.Span]],
                   langs: tuple[str | None, ...] = ("kk", "ru", None)) -> Iterator[Finding]:
    limit = int(ctx.params.get("max_findings", 100))
    count = 0
    for text, loc, lang in text_blocks(ctx):
        if lang not in langs:
            continue
        for span in detector(text):
            count += 1
            if count > limit:
                ctx.env.note(f"truncated:{ctx.rule.id}", f"{ctx.rule.id}: only the first {limit} findings are listed")
                return
            yield ctx.finding(_at(loc, text, span), text=span.text, detail=span.detail)


@check_function("language.homoglyph")
def check_homoglyph(ctx: RuleContext) -> Iterator[Finding]:
    yield from _span_findings(ctx, hygiene.mixed_script_words)


@check_function("language.placeholder")
def check_placeholder(ctx: RuleContext) -> Iterator[Finding]:
    yield from _span_findings(ctx, hygiene.placeholders)


@check_function("language.o-before-vowel")
def check_o_before_vowel(ctx: RuleContext) -> Iterator[Finding]:
    yield from _span_findings(ctx, hygiene.o_before_vowel, langs=("ru",))


@check_function("language.doubled-word")
def check_doubled_word(ctx: RuleContext) -> Iterator[Finding]:
    yield from _span_findings(ctx, hygiene.doubled_words)


@check_function("language.double-space")
def check_double_space(ctx: RuleContext) -> Iterator[Finding]:
    yield from _span_findings(ctx, hygiene.double_spaces)


@check_function("language.quotes")
def check_quotes(ctx: RuleContext) -> Iterator[Finding]:
    yield from _span_findings(ctx, hygiene.straight_quotes, langs=("kk", "ru"))


@check_function("language.spelling")
def check_spelling(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.env.options.spelling:
        ctx.env.note("spelling-skipped", "spelling was not checked: turned off for this run")
        return
    from validators.proofing.speller import get_speller

    try:
        speller = get_speller()
    except ServiceUnavailable as exc:
        ctx.env.note("spelling-skipped", f"spelling was not checked: {exc.message}")
        return

    def misspellings(text: str, lang: str | None) -> list[hygiene.Span]:
        if lang not in ("kk", "ru"):
            return []
        return [hygiene.Span(m.start, m.end, m.word, lang) for m in speller.check(text, lang)]

    limit = int(ctx.params.get("max_findings", 100))
    found = 0
    for text, loc, lang in text_blocks(ctx):
        for span in misspellings(text, lang):
            found += 1
            if found > limit:
                ctx.env.note("truncated:language.spelling",
                             f"language.spelling: only the first {limit} unknown words are listed")
                return
            yield ctx.finding(_at(loc, text, span), word=span.text, lang=lang)


@check_function("language.grammar")
def check_grammar(ctx: RuleContext) -> Iterator[Finding]:
    ru_blocks = [(text, loc) for text, loc, lang in text_blocks(ctx) if lang == "ru"]
    if any(lang == "kk" for _, _, lang in text_blocks(ctx)):
        ctx.env.note("grammar-kk-unsupported", "Kazakh grammar is not checked: LanguageTool has no Kazakh module")
    if not ru_blocks:
        return
    if not ctx.env.options.grammar:
        ctx.env.note("grammar-skipped", "Russian grammar was not checked: turned off for this run")
        return
    from validators.proofing.grammar import get_grammar

    try:
        grammar = get_grammar()
    except ServiceUnavailable as exc:
        ctx.env.note("grammar-skipped", f"Russian grammar was not checked: {exc.message}")
        return
    for text, loc in ru_blocks:
        try:
            issues = grammar.check(text)
        except ServiceUnavailable as exc:
            ctx.env.note("grammar-failed", f"Russian grammar check stopped: {exc.message}")
            return
        for issue in issues:
            span = hygiene.Span(issue.start, issue.end, text[issue.start:issue.end])
            yield ctx.finding(_at(loc, text, span), text=span.text, detail=issue.message,
                              suggestion=", ".join(issue.replacements) or "—", lt_rule=issue.rule)
