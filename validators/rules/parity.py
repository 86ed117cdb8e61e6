"""Bilingual parity rules (``parity.*``): the checked document against its other-language pair.

The alignment and comparison live in :mod:`validators.parity`; this module turns its issues into findings
located in the checked document, naming the unit in both languages ("п. 3 / 3-тармақ").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from validators.parity import compare as cmp
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function
from validators.texts import term

PARITY_RESULT = "parity.result"  # memo key of the pair's comparison

RULES = (
    "parity.language-pair", "parity.requisites", "parity.unit-missing", "parity.unit-moved", "parity.numbering",
    "parity.list-items", "parity.numbers", "parity.dates", "parity.doc-numbers", "parity.references",
    "parity.latin", "parity.contacts", "parity.length-ratio",
)


def sides(ctx: RuleContext) -> tuple[bool, cmp.ParityResult]:
    """(the checked document is the kk side, the comparison of the pair), computed once per run."""
    pair = ctx.pair
    assert pair is not None
    doc_lang = cmp.language_of(ctx.doc)
    pair_lang = cmp.language_of(pair)
    doc_is_kk = doc_lang == "kk" or (doc_lang != "ru" and pair_lang == "ru")

    def run() -> cmp.ParityResult:
        kk, ru = (ctx.doc, pair) if doc_is_kk else (pair, ctx.doc)
        return cmp.compare(kk, ru)

    # validators.bilingual.compare_pair passes the comparison it made in (run_rules(computed=…))
    return doc_is_kk, ctx.memo(PARITY_RESULT, run)


def location(issue: cmp.Issue, doc_is_kk: bool) -> Location:
    own, other = (issue.a, issue.b) if doc_is_kk else (issue.b, issue.a)
    base = own.location if own is not None else Location()
    if own is None and other is not None:  # the unit is absent here: point at its place in the pair
        base = Location(excerpt=other.location.excerpt)
    unit = f"{own.label if own else '—'} / {other.label if other else '—'}"
    return replace(base, unit=unit)


@check_function(*RULES)
def check_parity(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.pair is None:
        return
    doc_is_kk, result = sides(ctx)
    if ctx.rule.id == "parity.length-ratio":
        p = ctx.params
        issues = cmp.ratio_issues(result.root, float(p.get("min_ratio", cmp.RATIO_MIN)),
                                  float(p.get("max_ratio", cmp.RATIO_MAX)), int(p.get("min_chars", cmp.MIN_CHARS)))
    else:
        issues = [i for i in result.issues if i.rule == ctx.rule.id]
    for issue in issues:
        loc = location(issue, doc_is_kk)
        args: dict[str, object] = dict(issue.args())
        if ctx.rule.id == "parity.requisites":  # «date» / «number»: the requisite's name in every language
            args["detail"] = term(f"req-{issue.detail}")
        yield ctx.finding(loc, unit=loc.unit, **args)
