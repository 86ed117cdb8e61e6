"""Every act kind, in Kazakh and Russian, typed in each of the three ways people type Word documents, is
recognised as its kind with confidence and gets no error finding; each kk/ru pair has no parity error."""

from __future__ import annotations

import pytest

from tests.validation.acts import ACTS, STYLES, build
from validators import CheckOptions, check

OPTIONS = CheckOptions(pages=False, spelling=False, grammar=False)
CASES = [(act, style) for act in ACTS for style in STYLES]


def _id(case) -> str:
    act, style = case
    return f"{act.kind}-{act.lang}-{style}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_kind_recognised_and_no_false_error(case):
    act, style = case
    report = check(build(act, style), name=f"{act.kind}.{act.lang}.docx", options=OPTIONS)
    det = report.to_dict()["detection"]
    assert report.document.kind == act.kind, det
    assert report.document.lang == act.lang
    assert det["confidence"] >= 0.5
    errors = [f"{f.rule}: {f.text('en')} «{f.location.excerpt}»" for f in report.findings if f.severity == "error"]
    assert errors == [], errors
    assert report.verdict == "accepted"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_signature_and_appendix_header_found(case):
    from validators.document import parse

    act, style = case
    doc = parse(build(act, style))
    position, name = act.signatures[0]
    assert doc.signature is not None and doc.signature.name == name
    assert doc.signature.position.split() == " ".join(position).split()
    assert len(doc.appendices) == 1
    assert doc.appendices[0].ref_number == act.number and doc.appendices[0].ref_date == doc.date.value


PAIRS = [(kk, ru, style) for kk in ACTS for ru in ACTS if kk.lang == "kk" and ru.lang == "ru"
         and kk.kind == ru.kind for style in STYLES]


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p[0].kind}-{p[2]}" for p in PAIRS])
def test_pair_has_no_parity_error(pair):
    kk, ru, style = pair
    report = check(build(kk, style), pair=build(ru, style), name="kk.docx", options=OPTIONS)
    errors = [f"{f.rule}: {f.text('en')}" for f in report.findings
              if f.severity == "error" and f.rule.startswith("parity.")]
    assert errors == [], errors
