"""Every document `qujat render` makes from examples/ passes its profile with zero errors, every kind and
language — full checks (spelling included), pages counted when the office pool is there."""

from __future__ import annotations

import json

import pytest

from service.office import render_info
from validators import CheckOptions, check, kinds, resources

KINDS = sorted(p.stem for p in resources.EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("kind", KINDS)
def test_rendered_example_passes(kind, lang):
    from service import render

    record = json.loads((resources.EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    data = render(kind, record, lang=lang)
    report = check(data, name=f"{kind}.{lang}.docx", options=CheckOptions(pages=True, spelling=True,
                                                                                page_counter=render_info))
    assert report.document.kind == kind
    assert report.document.lang == lang
    errors = [f.to_dict() for f in report.findings if f.severity == "error"]
    assert errors == [], json.dumps(errors, ensure_ascii=False, indent=1)
    # every requisite rule of the kind ran without a bug note
    assert not [n for n in report.notes if n.code.startswith("rule-failed")], report.notes


@pytest.mark.parametrize("profile", sorted(p.name for p in resources.PROFILES.iterdir() if p.is_dir()))
def test_rendered_examples_pass_every_profile(profile):
    from service import render

    for kind in KINDS:
        record = json.loads((resources.EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
        for lang in ("kk", "ru"):
            report = check(render(kind, record, lang=lang, profile=profile), profile=profile,
                           options=CheckOptions(pages=False, spelling=False))
            assert report.document.kind == kind, (profile, kind, lang)
            errors = [f.to_dict() for f in report.findings if f.severity == "error"]
            assert errors == [], (profile, kind, lang, errors)


def test_examples_cover_every_generated_kind():
    assert set(KINDS) == set(kinds.KINDS_GENERATED)
