"""Every requisite rule: a passing fixture and a failing one, caught with the right rule id and location."""

from __future__ import annotations

import re

import pytest

from tests.validation.docs import (
    P,
    T,
    build_docx,
    kk_resolution,
    replace,
    ru_cover_letter,
    ru_protocol_full,
    ru_protocol_short,
    ru_resolution,
    without,
)


def rules_of(report, severity=None):
    return {f.rule for f in report.findings if severity is None or f.severity == severity}


def finding(report, rule):
    found = [f for f in report.findings if f.rule == rule]
    assert found, f"{rule} not reported; got {[f.rule for f in report.findings]}"
    return found[0]


MY_PREFIXES = ("requisite.", "protocol.", "letter.")


def mine(report):
    return [f for f in report.findings if f.rule.startswith(MY_PREFIXES)]


@pytest.mark.parametrize("blocks,kind", [
    (ru_resolution(), "resolution"), (kk_resolution(), "resolution"),
    (ru_protocol_full(), "protocol-full"), (ru_protocol_short(), "protocol-short"),
    (ru_cover_letter(), "cover-letter"),
])
def test_well_formed_documents_pass(run, blocks, kind):
    report = run(build_docx(blocks))
    assert report.document.kind == kind
    assert [f.rule for f in mine(report) if f.severity != "info"] == []


def test_resolution_parsed_structure(run):
    from validators.document import parse

    doc = parse(build_docx(ru_resolution()))
    assert doc.kind == "resolution" and doc.lang == "ru"
    assert doc.date.value.isoformat() == "2025-06-16" and doc.number.value == "315"
    assert doc.title.text.startswith("Об утверждении")
    assert doc.formula.value == "ПОСТАНОВЛЯЕТ"
    assert [p.unit for p in doc.all_points()] == ["1", "2", "2/1", "2/2", "3", "4"]
    assert doc.signature.name == "Ә.Пазылбекұлы"
    assert doc.appendices[0].ref_number == "315"


CASES = [
    # (rule, blocks, kind, severity, location check)
    ("requisite.kind-name", lambda: without(ru_resolution(), "kind"), "resolution", "error", None),
    ("requisite.date", lambda: replace(ru_resolution(), "datenum", T([["", "№ 315"]])), None, "error", None),
    ("requisite.registration-number", lambda: replace(ru_resolution(), "datenum", T([["16 июня 2025 года", ""]])),
     None, "error", None),
    ("requisite.place", lambda: without(ru_resolution(), "place"), None, "warning", None),
    ("requisite.title", lambda: without(ru_resolution(), "title"), None, "error", None),
    ("requisite.title-form", lambda: replace(ru_resolution(), "title",
                                             P("О утверждении Плана мероприятий", bold=True)), None, "warning",
     lambda f: f.location.paragraph == 3 and "Об" in f.message["ru"]),
    ("requisite.title-form", lambda: replace(kk_resolution(), "title",
                                             P("Іс-шаралар жоспарын бекіту", bold=True)), None, "warning",
     lambda f: "туралы" in f.message["kk"]),
    ("requisite.order", lambda: [b for b in ru_resolution() if b.key != "datenum"][:4]
     + [T([["16 июня 2025 года", "№ 315"]])] + [b for b in ru_resolution() if b.key != "datenum"][4:],
     "resolution", "warning", None),
    ("requisite.formula", lambda: replace(ru_resolution(), "preamble", P(
        "В соответствии со статьей 31 Закона Республики Казахстан акимат города Туркестан постановляет")),
     "resolution", "error", None),
    ("requisite.preamble", lambda: replace(ru_resolution(), "preamble",
                                           P("Акимат города Туркестан ПОСТАНОВЛЯЕТ:")), None, "warning", None),
    ("requisite.point-numbering", lambda: replace(ru_resolution(), "control", P(
        "5. Контроль за исполнением настоящего постановления возложить на заместителя акима города.")),
     None, "error", lambda f: f.location.paragraph is not None and "5" in f.location.excerpt),
    ("requisite.point-numbering", lambda: replace(ru_resolution(), "p2.2", P("3) ежеквартально представлять.")),
     None, "error", lambda f: f.location.unit == "п. 2, пп. 3)"),
    ("requisite.control-point", lambda: replace(without(ru_resolution(), "control"), "force", P(
        "3. Настоящее постановление вводится в действие со дня его первого официального опубликования.")),
     None, "warning", None),
    ("requisite.entry-into-force", lambda: without(ru_resolution(), "force"), None, "warning", None),
    ("requisite.entry-into-force", lambda: [b for b in ru_resolution() if b.key not in ("control", "force")][:7]
     + [P("3. Настоящее постановление вводится в действие со дня подписания."),
        P("4. Контроль за исполнением настоящего постановления возложить на заместителя акима.")]
     + [b for b in ru_resolution() if b.key not in ("control", "force")][7:], None, "warning",
     lambda f: "not the last" in f.message["en"]),
    ("requisite.signature", lambda: without(ru_resolution(), "signature"), None, "error", None),
    ("requisite.signature", lambda: replace(ru_resolution(), "signature", T([["Аким города", "Пазылбекұлы Ә."]])),
     None, "error", lambda f: f.location.table is not None),
    ("requisite.appendix-header", lambda: without(ru_resolution(), "appx1", "appx2", "appx3", "appx-title",
                                                  "appx-p1", "appx-p2"), None, "error",
     lambda f: "приложению" in f.location.excerpt),
    ("requisite.appendix-match", lambda: replace(ru_resolution(), "appx3",
                                                 P("от 16 июня 2025 года № 316", "right")), None, "error",
     lambda f: "316" in f.message["en"]),
    ("requisite.appendix-match", lambda: replace(ru_resolution(), "appx3",
                                                 P("от «___» ________ 2025 года № ____", "right")), None, "error",
     lambda f: "placeholder" in f.message["en"]),
    ("requisite.appendix-xref", lambda: replace(ru_resolution(), "p1",
                                                P("1. Утвердить План мероприятий по озеленению города.")),
     None, "warning", None),
    ("protocol.chair", lambda: without(ru_protocol_full(), "chair"), None, "error", None),
    ("protocol.secretary", lambda: without(ru_protocol_full(), "secretary"), None, "error", None),
    ("protocol.attendees", lambda: without(ru_protocol_full(), "attendees"), None, "error", None),
    ("protocol.attendees", lambda: replace(ru_protocol_short(), "attendees", P(
        "Присутствовали: " + ", ".join(f"Иванов{i} А." for i in range(12)))), None, "warning", None),
    ("protocol.agenda", lambda: without(ru_protocol_full(), "agenda", "a1", "a1s", "a2", "a2s"), "protocol-full",
     "error", None),
    ("protocol.item-title", lambda: replace(ru_protocol_full(), "a2", P("2. О исполнении плана")), None,
     "warning", lambda f: "Об" in f.message["ru"]),
    ("protocol.sections", lambda: without(ru_protocol_full(), "s2d"), None, "error",
     lambda f: f.location.unit == "раздел 2"),
    ("protocol.sections", lambda: replace(ru_protocol_full(), "s1h", P("Слушали:")), None, "error", None),
    ("protocol.short-no-agenda", lambda: ru_protocol_short()[:8] + [P("ПОВЕСТКА ДНЯ:", "center"),
                                                                   P("1. О соблюдении сроков")]
     + ru_protocol_short()[8:], "protocol-short", "error", None),
    ("protocol.short-item-format", lambda: replace(ru_protocol_short(), "i1",
                                                   P("1. О соблюдении сроков рассмотрения обращений граждан")),
     "protocol-short", "warning", lambda f: "not centred" in f.message["en"]),
    ("protocol.assignments", lambda: without(ru_protocol_full(), "s2d1s"), None, "error",
     lambda f: "deadline" in f.message["en"] and "2.1" in f.location.excerpt),
    ("protocol.control", lambda: without(ru_protocol_full(), "control"), None, "error", None),
    ("protocol.signatures", lambda: replace(ru_protocol_full(), "signatures",
                                            T([["Председательствующий", "Ә.Пазылбекұлы"]])), None, "error",
     lambda f: "secretary" in f.message["en"]),
    ("requisite.restricted-mark", lambda: [P("Для служебного пользования", "right")] + ru_resolution(), None,
     "error", lambda f: f.location.paragraph == 1),
    ("protocol.assignment-numbering", lambda: replace(ru_protocol_full(), "s2d1",
                                                      P("Отделу ЖКХ обеспечить завершение ремонта тепловых сетей.")),
     None, "error", lambda f: "Отделу ЖКХ" in f.location.excerpt),
    ("requisite.single-act", lambda: ru_resolution()[:13] + kk_resolution()[1:10], "resolution", "error",
     lambda f: "ҚАУЛЫ ЕТЕДІ" in f.message["ru"]),
    ("letter.reference", lambda: without(ru_cover_letter(), "reference"), None, "warning", None),
    ("letter.executor", lambda: without(ru_cover_letter(), "phone"), "cover-letter", "error",
     lambda f: "phone" in f.message["en"]),
    ("letter.attachment-mark", lambda: without(ru_cover_letter(), "attachment"), "cover-letter", "warning", None),
]


@pytest.mark.parametrize("rule,make,kind,severity,where", CASES, ids=[c[0] for c in CASES])
def test_rule_fails_on_broken_fixture(run, rule, make, kind, severity, where):
    report = run(build_docx(make()), kind=kind)
    f = finding(report, rule)
    assert f.severity == severity
    assert f.source and f.source.regulation == "turkestan-city-2025" and f.source.clause
    assert set(f.message) >= {"kk", "ru", "en"} and all(f.message.values())
    if where is not None:
        assert where(f), f.to_dict()
    if severity == "error":
        assert report.verdict == "rejected"


def test_placeholder_number_is_a_draft_not_an_error(run):
    report = run(build_docx(replace(ru_resolution(), "datenum", T([["«___» ________ 2025 года", "№ ____"]]))))
    f = finding(report, "requisite.registration-number")
    assert f.severity == "info"
    assert finding(report, "requisite.date").severity == "info"


def test_protocol_language_is_info_for_russian(run):
    report = run(build_docx(ru_protocol_full()))
    assert finding(report, "protocol.language").severity == "info"
    assert report.verdict == "accepted"


def test_kazygurt_protocol_needs_only_the_akims_signature(run):
    report = run(build_docx(replace(ru_protocol_full(), "signatures", T([["Аудан әкімі", "Ә.Пазылбекұлы"]]))),
                 profile="kazygurt-district-2025")
    assert "protocol.signatures" not in rules_of(report)
    assert "protocol.sections" not in rules_of(report)  # the Kazygurt text prescribes no section words


PROTOCOL_PROBE = r"""
import json, sys
sys.path.insert(0, "tests/validation")
from docs import P, build_docx, replace, ru_protocol_full
from validators import CheckOptions, check

data = build_docx(replace(ru_protocol_full(), "s1d", P("ПРИНЯЛИ РЕШЕНИЕ:", bold=True)))
report = check(data, kind="protocol-full", profile="turkestan-city-2025", name="p.docx",
               options=CheckOptions(pages=False, spelling=False, grammar=False))
print(json.dumps(sorted({f.rule for f in report.findings})))
"""


def _protocol_rules(home=None) -> list[str]:
    import json
    import os
    import subprocess
    import sys

    from validators import resources

    env = {**os.environ, "PYTHONPATH": str(resources.ROOT)}
    if home is not None:
        env["QUJAT_HOME"] = str(home)
    done = subprocess.run([sys.executable, "-c", PROTOCOL_PROBE], capture_output=True, text=True, env=env,
                          timeout=300, check=False, cwd=resources.ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_profile_protocol_words_are_honoured(tmp_path):
    """A section word that is not among the defaults («ПРИНЯЛИ РЕШЕНИЕ») is a missing section under the
    shipped profile, and accepted once the profile's ``protocol_words`` names it."""
    import shutil

    from validators import resources

    assert "protocol.sections" in _protocol_rules()
    home = tmp_path / "home"
    for folder in ("schemas", "templates", "examples"):
        shutil.copytree(resources.ROOT / folder, home / folder)
    (home / "validators" / "proofing").mkdir(parents=True)
    (home / "validators" / "proofing" / "lexicons").symlink_to(resources.LEXICONS)
    profile = home / "schemas" / "profiles" / "turkestan-city-2025" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    old = "ru: {heard: СЛУШАЛИ, spoke: ВЫСТУПИЛИ, resolved: ПОСТАНОВИЛИ, decided: РЕШИЛИ}"
    assert old in text
    profile.write_text(text.replace(old, "ru: {heard: СЛУШАЛИ, spoke: ВЫСТУПИЛИ, resolved: ПОСТАНОВИЛИ, "
                                         "decided: ПРИНЯЛИ РЕШЕНИЕ}"), encoding="utf-8")
    assert "protocol.sections" not in _protocol_rules(home)


def test_every_rule_of_this_area_has_a_failing_fixture():
    import inspect

    from tests.validation import test_materials_rules, test_pages, test_profile_new_rules
    from validators import profiles

    covered = {c[0] for c in CASES} | {"protocol.language", "protocol.font"}
    covered |= set(re.findall(r'"(pages\.[a-z-]+)"', inspect.getsource(test_pages)))
    covered |= set(re.findall(r'"((?:requisite|protocol|letter|pages)\.[a-z-]+)"', inspect.getsource(test_profile_new_rules)))
    covered |= set(re.findall(r'"(letter\.[a-z-]+)"', inspect.getsource(test_materials_rules)))
    mine = {rid for rid in profiles.catalog() if rid.startswith(("requisite.", "protocol.", "letter.", "pages."))}
    assert mine - covered == set()


def test_publication_form_with_approval_stamp_of_another_date(run):
    """The adilet form (title first, then «Постановление … от … №», appendix under an «Утвержден» stamp): the
    stamp quoting «2 июня» for an act of «2 июля» is caught, as in the Almaty regulation itself (L7 vs L25)."""
    blocks = [
        P("Об утверждении Регламента акимата города Алматы"),
        P("Постановление акимата города Алматы от 2 июля 2014 года № 3/520."),
        P("В соответствии с Законом Республики Казахстан «О местном государственном управлении и самоуправлении "
          "в Республике Казахстан» акимат города Алматы ПОСТАНОВЛЯЕТ:"),
        P("1. Утвердить прилагаемый Регламент акимата города Алматы."),
        P("2. Контроль за исполнением настоящего постановления возложить на руководителя аппарата."),
        P("3. Настоящее постановление вступает в силу со дня государственной регистрации."),
        P("Аким города Алматы"), P("А.Есимов"),
        P("Утвержден"), P("постановлением акимата"), P("города Алматы"), P("от 2 июня 2014 года № 3/520"),
        P("Регламент акимата города Алматы"),
    ]
    report = run(build_docx(blocks), profile="almaty-city-2014")
    assert report.document.kind == "resolution"
    f = finding(report, "requisite.appendix-match")
    assert "02.06.2014" in f.message["en"] and "02.07.2014" in f.message["en"]
    assert "requisite.title" not in rules_of(report) and "requisite.signature" not in rules_of(report)


def test_kazakh_publication_line_gives_the_kind():
    from validators.document import parse

    blocks = [P("Регламентін бекіту туралы"),
              P("Түркістан облысы Қазығұрт ауданы әкiмдiгiнiң 2025 жылғы 20 маусымдағы № 135 қаулысы"),
              P("Заңына сәйкес Қазығұрт ауданының әкімдігі ҚАУЛЫ ЕТЕДІ:"), P("1. Регламент бекітілсін.")]
    doc = parse(build_docx(blocks))
    assert doc.kind == "resolution" and doc.number.value == "135"
    assert doc.title.text == "Регламентін бекіту туралы"


def test_kazygurt_protocol_font(run):
    import io

    import docx
    from docx.shared import Pt

    d = docx.Document(io.BytesIO(build_docx(ru_protocol_full())))
    for para in d.paragraphs:
        for r in para.runs:
            r.font.name, r.font.size = "Times New Roman", Pt(14)
    good = io.BytesIO()
    d.save(good)
    report = run(good.getvalue(), profile="kazygurt-district-2025")
    assert "protocol.font" not in rules_of(report)
    target = next(p for p in d.paragraphs if p.text.startswith("2.1."))
    target.runs[0].font.name, target.runs[0].font.size = "Arial", Pt(12)
    bad = io.BytesIO()
    d.save(bad)
    f = finding(run(bad.getvalue(), profile="kazygurt-district-2025"), "protocol.font")
    assert f.severity == "error" and "Arial" in f.message["en"] and "12 pt" in f.message["en"]
    assert f.location.excerpt.startswith("2.1.")
