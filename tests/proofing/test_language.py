"""Language rules on .docx files built here: a failing and a passing text per rule, with rule id and location."""

from __future__ import annotations

import pytest
from proofing_builders import add_colour_bar, add_text_box, docx_bytes, new_deck, pptx_bytes

from validators import check


def findings(data: bytes, rule: str, profile: str = "turkestan-city-2025"):
    report = check(data, profile=profile)
    return [f for f in report.findings if f.rule == rule]


RU_OK = "Об утверждении правил благоустройства территории города Туркестан"
KK_OK = "Қазығұрт ауданы әкімдігінің 2025 жылғы 20 маусымдағы № 135 қаулысы"


def test_latin_i_in_kazakh_word_is_caught():
    found = findings(docx_bytes(KK_OK, "Қазығұрт ауданы әкiмдiгiнiң қаулысы"), "language.homoglyph")
    assert [f.location.paragraph for f in found] == [2]
    assert "әкiмдiгiнiң" in found[0].message["en"] and "U+0069" in found[0].message["en"]
    assert found[0].severity == "warning"


def test_latin_c_in_russian_word_is_caught_and_clean_text_passes():
    found = findings(docx_bytes(RU_OK, "Акимат города Еcик"), "language.homoglyph")
    assert [f.location.paragraph for f in found] == [2]
    assert findings(docx_bytes(RU_OK, KK_OK), "language.homoglyph") == []


def test_o_utverzhdenii_is_caught():
    text = "Признать утратившим силу постановление «О утверждении Регламента аппарата акима»."
    found = findings(docx_bytes(RU_OK, text), "language.o-before-vowel")
    assert [f.location.paragraph for f in found] == [2]
    assert "Об утверждении" in found[0].message["ru"]
    assert found[0].source.clause.startswith("наименование вопроса начинается с предлога")


def test_o_utverzhdenii_in_the_title_is_reported_once_by_the_title_rule():
    report = check(docx_bytes("О утверждении Регламента аппарата акима города Туркестан"), kind="resolution")
    rules = [f.rule for f in report.findings if "утверждении" in (f.location.excerpt or "")]
    assert "requisite.title-form" in rules and "language.o-before-vowel" not in rules


def test_ob_utverzhdenii_and_o_vnesenii_pass():
    data = docx_bytes(RU_OK, "О внесении изменений в постановление акимата города Туркестан")
    assert findings(data, "language.o-before-vowel") == []


def test_unfilled_number_placeholder_is_caught():
    found = findings(docx_bytes(RU_OK, "Постановление акимата от 16 июня 2025 года №____"), "language.placeholder")
    assert [(f.location.paragraph, f.location.excerpt.strip()[-5:]) for f in found] == [(2, "№____")]


@pytest.mark.parametrize("slot", ["{{ date }}", "${number}", "[ФИО]", "«___» июня", "от « » мая", "2019 года №"])
def test_template_slots_are_caught(slot):
    found = findings(docx_bytes(RU_OK, f"Исполнитель: {slot}"), "language.placeholder")
    assert [f.location.paragraph for f in found] == [2]


def test_filled_requisites_pass_placeholder_rule():
    data = docx_bytes(RU_OK, "Постановление акимата от 16 июня 2025 года № 315 [1]")
    assert findings(data, "language.placeholder") == []


def test_doubled_word_in_kazakh_is_caught_and_single_passes():
    found = findings(docx_bytes(KK_OK, "Осы қаулы қаулы ресми жарияланған күнінен бастап қолданысқа енгізіледі."),
                     "language.doubled-word")
    assert [f.location.paragraph for f in found] == [2]
    ok = docx_bytes(KK_OK, "Осы қаулы ресми жарияланған күнінен бастап қолданысқа енгізіледі.")
    assert findings(ok, "language.doubled-word") == []


def test_double_space_is_info():
    found = findings(docx_bytes(RU_OK, "Контроль за  исполнением настоящего постановления"), "language.double-space")
    assert [(f.location.paragraph, f.severity) for f in found] == [(2, "info")]
    assert findings(docx_bytes(RU_OK, "Контроль за исполнением"), "language.double-space") == []


def test_straight_quotes_are_a_warning_and_guillemets_pass():
    found = findings(docx_bytes(RU_OK, 'В соответствии с Законом "О местном государственном управлении"'),
                     "language.quotes")
    assert [(f.location.paragraph, f.severity) for f in found] == [(2, "warning")]
    ok = docx_bytes(RU_OK, "В соответствии с Законом «О местном государственном управлении»")
    assert findings(ok, "language.quotes") == []


def test_unbalanced_guillemet_is_caught():
    found = findings(docx_bytes(RU_OK, "В соответствии с Законом «О местном государственном управлении"),
                     "language.quotes")
    assert [f.location.paragraph for f in found] == [2]


def test_misspelled_russian_word_is_caught():
    found = findings(docx_bytes(RU_OK, "Настоящее постоновление вводится в действие со дня подписания."),
                     "language.spelling")
    assert [(f.location.paragraph, f.severity) for f in found] == [(2, "warning")]
    assert "постоновление" in found[0].message["ru"]


def test_correct_russian_text_passes_spelling():
    data = docx_bytes(RU_OK, "Настоящее постановление вводится в действие со дня его первого официального опубликования.")
    assert findings(data, "language.spelling") == []


def test_kazakh_place_name_in_russian_text_is_not_flagged():
    data = docx_bytes(RU_OK, "Акимат Қазығұрт района и аким города Түркістан утвердили план работы акимата.")
    assert findings(data, "language.spelling") == []
    assert findings(data, "language.homoglyph") == []


def test_kazakh_misspelling_caught_inflected_forms_accepted():
    bad = docx_bytes(KK_OK, "Аудан әкімінің аппараты терорризмге қарсы іс-шараларды өткізеді.")
    found = findings(bad, "language.spelling")
    assert [f.location.paragraph for f in found] == [2] and "терорризмге" in found[0].message["kk"]
    good = docx_bytes(KK_OK, "Осы қаулының орындалуын бақылау аудан әкімінің орынбасарына жүктелсін.")
    assert findings(good, "language.spelling") == []


def test_grammar_skipped_note_when_languagetool_not_configured(no_languagetool):
    report = check(docx_bytes(RU_OK, "Настоящее постановление вводится в действие."))
    notes = {n.code: n.message["en"] for n in report.notes}
    assert "grammar-skipped" in notes
    assert "QUJAT_LANGUAGETOOL_URL" in notes["grammar-skipped"]
    assert not [f for f in report.findings if f.rule == "language.grammar"]


def test_grammar_note_names_a_directory_without_languagetool(no_languagetool, monkeypatch, tmp_path):
    monkeypatch.setenv("QUJAT_LANGUAGETOOL_DIR", str(tmp_path))
    report = check(docx_bytes(RU_OK))
    notes = {n.code: n.message["en"] for n in report.notes}
    assert str(tmp_path) in notes["grammar-skipped"] and "languagetool-server.jar" in notes["grammar-skipped"]


def test_language_rules_run_on_slide_text_with_slide_location():
    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    add_text_box(slide, "Итоги работы акимата: постоновление № 315", name="Summary", size_pt=24)
    add_colour_bar(slide)
    report = check(pptx_bytes(prs), kind="presentation")
    found = [f for f in report.findings if f.rule == "language.spelling"]
    assert [(f.location.slide, f.location.shape) for f in found] == [(1, "Summary")]
