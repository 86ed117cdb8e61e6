"""Bilingual parity rules (``parity.*``): the checked document against its other-language pair.

Each rule id has its own comparison here, reading its own params (declared in ``schemas/rules/parity.yaml``),
registered with :func:`parity_check`: the comparison lists the differences of the aligned pair
(:mod:`validators.parity.compare`, which knows no rule ids); the check function registered for the id turns
them into findings located in the checked document, naming the unit in both languages ("п. 3 / 3-тармақ").
``DIFFERS`` (rule id → comparison) also lets :func:`validators.bilingual.parity_result` mark the same
differences on the side-by-side page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from validators.parity import compare as cmp
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function
from validators.texts import term

PARITY_RESULT = "parity.result"  # memo key of the pair's alignment

Differ = Callable[[cmp.ParityResult, Mapping[str, Any]], list[cmp.Difference]]
DIFFERS: dict[str, Differ] = {}


def sides(ctx: RuleContext) -> tuple[bool, cmp.ParityResult]:
    """(the checked document is the kk side, the alignment of the pair), computed once per run."""
    pair = ctx.pair
    assert pair is not None
    doc_lang = cmp.language_of(ctx.doc)
    pair_lang = cmp.language_of(pair)
    doc_is_kk = doc_lang == "kk" or (doc_lang != "ru" and pair_lang == "ru")

    def run() -> cmp.ParityResult:
        kk, ru = (ctx.doc, pair) if doc_is_kk else (pair, ctx.doc)
        return cmp.align_pair(kk, ru)

    # validators.bilingual.compare_pair passes the alignment it made in (run_rules(computed=…))
    return doc_is_kk, ctx.memo(PARITY_RESULT, run)


def location(diff: cmp.Difference, doc_is_kk: bool) -> Location:
    own, other = (diff.a, diff.b) if doc_is_kk else (diff.b, diff.a)
    base = own.location if own is not None else Location()
    if own is None and other is not None:  # the unit is absent here: point at its place in the pair
        base = Location(excerpt=other.location.excerpt)
    unit = f"{own.label if own else '—'} / {other.label if other else '—'}"
    return replace(base, unit=unit)


def parity_check(rule_id: str) -> Callable[[Differ], Differ]:
    """Register ``differ(alignment, params)`` as the comparison of ``rule_id`` and, with the engine's registry, the
    rule's check function: each difference becomes a finding in the checked document."""

    def register(differ: Differ) -> Differ:
        DIFFERS[rule_id] = differ

        def check(ctx: RuleContext) -> Iterator[Finding]:
            if ctx.pair is None:
                return
            doc_is_kk, result = sides(ctx)
            for diff in differ(result, ctx.params):
                loc = location(diff, doc_is_kk)
                yield ctx.finding(loc, unit=loc.unit, **diff.args())

        check.__name__ = check.__qualname__ = f"check_{rule_id.replace('.', '_').replace('-', '_')}"
        check_function(rule_id)(check)
        return differ

    return register


@parity_check("parity.language-pair")
def language_pair(result: cmp.ParityResult, params: Mapping[str, Any]) -> list[cmp.Difference]:
    return cmp.same_language(result)


@parity_check("parity.requisites")
def requisites(result: cmp.ParityResult, params: Mapping[str, Any]) -> list[cmp.Difference]:
    # «date» / «number»: the requisite's name in every language
    return [replace(d, detail=term(f"req-{d.detail}")) for d in cmp.requisites(result.kk, result.ru, params["fields"])]


@parity_check("parity.unit-missing")
def unit_missing(result: cmp.ParityResult, params: Mapping[str, Any]) -> list[cmp.Difference]:
    return cmp.missing_units(result.root)


@parity_check("parity.unit-moved")
def unit_moved(result: cmp.ParityResult, params: Mapping[str, Any]) -> list[cmp.Difference]:
    return cmp.moved_units(result.root)


@parity_check("parity.numbering")
def numbering(result: cmp.ParityResult, params: Mapping[str, Any]) -> list[cmp.Difference]:
    return cmp.numbering(result.root, params["units"])


@parity_check("parity.list-items")
def list_items(result: cmp.ParityResult, params: Mapping[str, Any]) -> list[cmp.Difference]:
    return cmp.list_items(result.root)


def differing_tokens(result: cmp.ParityResult, params: Mapping[str, Any]) -> list[cmp.Difference]:
    """The token rules: each compares the token kinds its ``tokens`` param names (numbers, dates, …)."""
    return cmp.tokens(result.root, params["tokens"])


for _rule_id in ("parity.numbers", "parity.dates", "parity.doc-numbers", "parity.references", "parity.latin",
                 "parity.contacts"):
    parity_check(_rule_id)(differing_tokens)


@parity_check("parity.length-ratio")
def length_ratio(result: cmp.ParityResult, params: Mapping[str, Any]) -> list[cmp.Difference]:
    return cmp.length_ratio(result.root, float(params["min_ratio"]), float(params["max_ratio"]),
                            int(params["min_chars"]))
