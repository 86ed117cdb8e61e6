"""Perturbation suite: every kind rendered kk+ru from its example record must pass parity; then one language
is edited (a point deleted, added or moved; a number, amount, date or reference changed) and the edit must be
caught by the right rule at the right unit in at least 98% of cases."""

from __future__ import annotations

import copy
import io
import json
import re
from dataclasses import dataclass
from functools import cache

import docx
import pytest

from service import render
from validators import resources
from validators.bilingual import compare_pair
from validators.document import parse
from validators.parity import tokens as tk
from validators.parity import units as un

KINDS = ("resolution", "decision", "order", "protocol-full", "protocol-short", "cover-letter", "comparison-table")
LANGS = ("kk", "ru")


@cache
def rendered(kind: str, lang: str) -> bytes:
    data = json.loads((resources.EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    return render(kind, data, lang=lang)


@cache
def parsed(kind: str, lang: str):
    return parse(rendered(kind, lang), name=f"{kind}.{lang}.docx", lang=lang)


@dataclass
class Case:
    name: str
    kind: str
    lang: str  # the language edited
    data: bytes  # the edited document
    rules: tuple[str, ...]  # any of these rules is the right catch
    labels: tuple[str, ...]  # any of these unit labels (in either language) is the right unit


def _set_text(paragraph, old: str, new: str) -> bool:
    for run in paragraph.runs:
        if old in run.text:
            run.text = run.text.replace(old, new, 1)
            return True
    if old not in paragraph.text:
        return False
    text = paragraph.text.replace(old, new, 1)
    for k, run in enumerate(paragraph.runs):
        run.text = text if k == 0 else ""
    return True


def _save(d) -> bytes:
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _points(doc) -> list:
    """Top-level points of the operative part and of appendices, in order, with their prefix label."""
    return list(doc.points) + [p for a in doc.appendices for p in a.points]


def _label(doc, point, lang: str) -> str:
    root = un.build(doc, lang)
    for u in root.walk():
        if u.kind == "point" and u.location.paragraph == point.paragraphs[0]:
            return u.label
    raise AssertionError("point not found among units")


def _paragraphs_of(point, following=None) -> list[int]:
    """Paragraphs of the point with its sub-points, up to the next point (continuation lines included)."""
    own = sorted({i for q in point.walk() for i in q.paragraphs})
    if following is not None and following.paragraphs and following.paragraphs[0] > own[0]:
        return list(range(own[0], following.paragraphs[0]))
    return own


def _last_unit(doc, point, lang: str) -> str:
    last = point
    while last.children:
        last = last.children[-1]
    return _label(doc, last, lang)


def structural_cases(kind: str, lang: str) -> list[Case]:
    doc = parsed(kind, lang)
    other = "ru" if lang == "kk" else "kk"
    other_doc = parsed(kind, other)
    points = [p for p in _points(doc) if p.paragraphs]
    cases: list[Case] = []
    for k, point in enumerate(points[:4]):
        # delete the point with its sub-points
        d = docx.Document(io.BytesIO(rendered(kind, lang)))
        for i in reversed(_paragraphs_of(point, points[k + 1] if k + 1 < len(points) else None)):
            el = d.paragraphs[i - 1]._element
            el.getparent().remove(el)
        twin = _points(other_doc)[k]
        cases.append(Case(f"delete {point.label}", kind, lang, _save(d), ("parity.unit-missing",),
                          (_label(other_doc, twin, other),)))
        # add a point after it
        d = docx.Document(io.BytesIO(rendered(kind, lang)))
        last = d.paragraphs[_paragraphs_of(point)[-1] - 1]
        new = copy.deepcopy(d.paragraphs[point.paragraphs[0] - 1]._element)
        last._element.addnext(new)
        para = docx.text.paragraph.Paragraph(new, last._parent)
        label = f"{point.number}-1"
        text = (f"{label}. Бюджеттен 7 654 321 теңге бөлінсін." if lang == "kk"
                else f"{label}. Выделить из бюджета 7 654 321 тенге.")
        for j, run in enumerate(para.runs):
            run.text = text if j == 0 else ""
        if not para.runs:
            para.add_run(text)
        expected = un.LABELS[lang]["levels"][0].format(n=label)
        # a typed "N-1." label may be read as a new point or as a continuation line of point N: either way the
        # added text must be flagged there (a unit, a list line and an amount the other language lacks)
        cases.append(Case(f"add after {point.label}", kind, lang, _save(d),
                          ("parity.unit-missing", "parity.list-items", "parity.numbers"),
                          (expected, _label(doc, point, lang), _last_unit(doc, point, lang))))
        # move the point after the next one
        if k + 1 < len(points) and points[k + 1].paragraphs:
            nxt = points[k + 1]
            if nxt.paragraphs[0] < point.paragraphs[0]:
                continue
            d = docx.Document(io.BytesIO(rendered(kind, lang)))
            els = [d.paragraphs[i - 1]._element for i in _paragraphs_of(point)]
            anchor = d.paragraphs[_paragraphs_of(nxt)[-1] - 1]._element
            for el in reversed(els):
                anchor.addnext(el)
            twins = _points(other_doc)
            cases.append(Case(f"move {point.label}", kind, lang, _save(d),
                              ("parity.unit-moved", "parity.numbering", "parity.unit-missing"),
                              (_label(other_doc, twins[k], other), _label(other_doc, twins[k + 1], other),
                               _label(doc, point, lang), _label(doc, nxt, lang))))
    return cases


def _change(token: tk.Token) -> str | None:
    """The token as written, with one digit changed."""
    digits = [m.start() for m in re.finditer(r"\d", token.text)]
    if not digits:
        return None
    pos = digits[-1] if token.kind != "date" else digits[0]
    if token.kind == "date" and token.text[pos] in "3" and token.text[pos + 1:pos + 2].isdigit():
        pos = digits[1]  # keep the day a valid day
    old = token.text[pos]
    new = "1" if old not in "01" else "2"
    return token.text[:pos] + new + token.text[pos + 1:]


TOKEN_EDITS = {"number": "parity.numbers", "date": "parity.dates", "ref": "parity.references",
               "docnum": "parity.doc-numbers"}


def token_cases(kind: str, lang: str) -> list[Case]:
    doc = parsed(kind, lang)
    root = un.build(doc, lang)
    cases: list[Case] = []
    taken: dict[str, int] = {}
    for unit in root.walk():
        if unit.kind in ("root", "table", "row") or not unit.text:
            continue
        for token in unit.tokens:
            sort = "amount" if token.kind == "number" and len(tk.number_value(token.text)) >= 4 else token.kind
            if token.kind not in TOKEN_EDITS or taken.get(sort, 0) >= 4:
                continue
            changed = _change(token)
            if changed is None:
                continue
            d = docx.Document(io.BytesIO(rendered(kind, lang)))
            loc = unit.location
            if loc.table:
                cell = d.tables[loc.table - 1].rows[loc.row - 1].cells[loc.cell - 1]
                targets = cell.paragraphs
            else:
                idx = [loc.paragraph] if unit.kind != "point" else None
                if idx is None:
                    point = next(p for p in doc.all_points() if p.paragraphs and p.paragraphs[0] == loc.paragraph) \
                        if any(p.paragraphs and p.paragraphs[0] == loc.paragraph for p in doc.all_points()) else None
                    if point is None:
                        point = next(p for a in doc.appendices for q in a.points for p in q.walk()
                                     if p.paragraphs and p.paragraphs[0] == loc.paragraph)
                    idx = point.paragraphs
                targets = [d.paragraphs[i - 1] for i in idx]
            if not any(_set_text(p, token.text, changed) for p in targets):
                continue
            taken[sort] = taken.get(sort, 0) + 1
            cases.append(Case(f"{sort} {token.text!r}->{changed!r} in {unit.label}", kind, lang, _save(d),
                              (TOKEN_EDITS[token.kind],), (unit.label,)))
    return cases


def all_cases() -> list[Case]:
    return [c for kind in KINDS for lang in LANGS for c in structural_cases(kind, lang) + token_cases(kind, lang)]


def run_case(case: Case) -> bool:
    edited = parse(case.data, name=f"edited.{case.lang}.docx", lang=case.lang)
    other = parsed(case.kind, "ru" if case.lang == "kk" else "kk")
    kk, ru = (edited, other) if case.lang == "kk" else (other, edited)
    report = compare_pair(kk, ru, arithmetic=False)
    return any(f.rule in case.rules and f.severity == "error"
               and any(label in (f.location.unit or "").split(" / ") for label in case.labels)
               for f in report.findings)


@pytest.mark.parametrize("kind", KINDS)
def test_unperturbed_pair_has_no_parity_error(kind):
    report = compare_pair(parsed(kind, "kk"), parsed(kind, "ru"))
    errors = [f"{f.rule} {f.location.unit}" for f in report.findings if f.severity == "error"]
    assert errors == []
    assert report.verdict == "accepted"
    assert report.extras["alignment"], "the alignment lists the paired units"


def test_perturbations_are_caught_at_the_right_unit():
    cases = all_cases()
    kinds_of_edit = {c.name.split()[0] for c in cases}
    assert {"delete", "add", "move", "amount", "number", "date", "ref"} <= kinds_of_edit
    assert len(cases) >= 150
    missed = [f"{c.kind}/{c.lang}: {c.name}" for c in cases if not run_case(c)]
    rate = 1 - len(missed) / len(cases)
    assert rate >= 0.98, f"caught {rate:.1%} of {len(cases)}; missed: {missed}"
