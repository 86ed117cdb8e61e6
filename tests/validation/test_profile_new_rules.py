"""The rules added for issue 12, each with a passing and a failing fixture, under the profiles that enable them."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING

from tests.validation.docs import (
    P,
    build_docx,
    kk_resolution,
    replace,
    ru_cover_letter,
    ru_protocol_full,
    ru_resolution,
    without,
)
from validators.document.protocol import attendance
from validators.rules.documents import words_value


def found(report, rule):
    return [f for f in report.findings if f.rule == rule]


# --- a Kazakh act titled Russian-style ------------------------------------------------------------------------

def test_kk_act_titled_ob_utverzhdenii_gets_a_finding(run):
    bad = replace(kk_resolution(), "title", P("Об утверждении Плана мероприятий по озеленению города Туркестан",
                                              bold=True))
    for profile, severity in (("turkestan-city-2025", "error"), ("kazygurt-district-2025", "error"),
                              ("almaty-city-2014", "warning")):
        f = found(run(build_docx(bad), profile=profile), "requisite.title-language")
        assert f and f[0].severity == severity, profile
        assert "Russian-style" in f[0].message["en"] and "туралы" in f[0].message["kk"]


def test_kk_act_titled_turaly_passes_and_so_does_the_ru_act(run):
    assert not found(run(build_docx(kk_resolution())), "requisite.title-language")
    assert not found(run(build_docx(ru_resolution())), "requisite.title-language")


def test_ru_act_titled_in_kazakh_gets_a_finding(run):
    bad = replace(ru_resolution(), "title", P("Түркістан қаласын көгалдандыру жоспарын бекіту туралы", bold=True))
    f = found(run(build_docx(bad), kind="resolution", lang="ru"), "requisite.title-language")
    assert f and "in Kazakh" in f[0].message["en"]


# --- quorum and majority --------------------------------------------------------------------------------------

def protocol(attend: str, vote: str | None = None) -> bytes:
    blocks = replace(ru_protocol_full(), "attendees", P(attend))
    if vote:
        blocks = [*blocks[:-2], P(vote), *blocks[-2:]]
    return build_docx(blocks)


@pytest.mark.parametrize("profile", ["turkestan-city-2025", "kazygurt-district-2025", "almaty-city-2014"])
def test_quorum_below_two_thirds_is_found(run, profile):
    f = found(run(protocol("Присутствовали: 8 из 13 членов акимата (список прилагается)."), kind="protocol-full",
                  profile=profile), "protocol.quorum")
    assert f and "quorum" in f[0].message["en"] and "8/13" in f[0].message["en"]


def test_quorum_of_two_thirds_and_a_majority_pass(run):
    report = run(protocol("Присутствовали: 9 из 13 членов акимата (список прилагается).",
                          "Голосовали: за – 7, против – 1, воздержались – 1."), kind="protocol-full")
    assert not found(report, "protocol.quorum")


def test_votes_without_a_majority_of_those_present_are_found(run):
    report = run(protocol("Присутствовали: 10 из 13 членов акимата.", "Голосовали: за – 5, против – 3, воздержались – 2."),
                 kind="protocol-full")
    f = found(report, "protocol.quorum")
    assert f and "majority" in f[0].message["en"] and f[0].severity == "error"  # Turkestan: any grounds


def test_no_stated_attendance_means_nothing_is_claimed(run):
    assert not found(run(build_docx(ru_protocol_full()), kind="protocol-full"), "protocol.quorum")


def test_attendance_phrasings():
    assert attendance("Присутствовали: 10 из 13 членов акимата")[:2] == (10, 13)
    assert attendance("из 13 членов акимата присутствуют 8")[:2] == (8, 13)
    assert attendance("Әкімдіктің 13 мүшесінің 10-ы қатысты")[:2] == (10, 13)


# --- a document checked against the repealed Almaty 2014 regulation -------------------------------------------

def test_a_2025_act_checked_against_almaty_2014_is_warned(run):
    f = found(run(build_docx(ru_resolution()), profile="almaty-city-2014"), "act.repealed-regulation")
    assert f and f[0].severity == "warning" and "11.08.2016" in f[0].message["ru"]


def test_a_2015_act_checked_against_almaty_2014_is_not(run):
    old = replace(ru_resolution(), "datenum", P("16 июня 2015 года № 3/315"))
    assert not found(run(build_docx(old), kind="resolution", profile="almaty-city-2014"), "act.repealed-regulation")


# --- «5 (бес)»: digits against words --------------------------------------------------------------------------

@pytest.mark.parametrize("words,value", [("пять", 5), ("пяти", 5), ("трех", 3), ("двадцать пять", 25),
                                         ("бес", 5), ("он бес", 15), ("үш", 3), ("десяти", 10), ("бір", 1)])
def test_number_words(words, value):
    assert words_value(words) == value


def test_digits_disagreeing_with_words_are_found(run):
    bad = replace(ru_resolution(), "p2.2", P("2) ежеквартально в срок 5 (шесть) рабочих дней представлять информацию."))
    f = found(run(build_docx(bad)), "language.number-words")
    assert f and "5 (шесть)" in f[0].message["ru"] and f[0].severity == "warning"
    kk = replace(kk_resolution(), "p1", P("1. Жоспар 3 (бес) жұмыс күні ішінде осы қаулының қосымшасына сәйкес бекітілсін."))
    assert found(run(build_docx(kk), profile="kazygurt-district-2025"), "language.number-words")


def test_digits_agreeing_with_words_pass(run):
    good = replace(ru_resolution(), "p2.2", P("2) ежеквартально в срок 5 (пять) рабочих дней представлять информацию."))
    assert not found(run(build_docx(good)), "language.number-words")


# --- Almaty L99: the draft's 5 pages and double spacing -------------------------------------------------------

def long_act(spacing: WD_LINE_SPACING | None, points: int = 4) -> bytes:
    d = docx.Document(io.BytesIO(build_docx(ru_resolution())))
    if points > 4:
        for i in range(points):
            d.add_paragraph(f"Дополнительное положение {i}: " + "текст проекта постановления " * 30)
    for p in d.paragraphs:
        if spacing is not None:
            p.paragraph_format.line_spacing_rule = spacing
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_almaty_single_spaced_draft_is_warned(run):
    f = found(run(long_act(WD_LINE_SPACING.SINGLE), profile="almaty-city-2014"), "format.double-spacing")
    assert f and f[0].severity == "warning" and "L99" in f[0].source.clause


def test_almaty_double_spaced_draft_passes(run):
    assert not found(run(long_act(WD_LINE_SPACING.DOUBLE), profile="almaty-city-2014"), "format.double-spacing")


def test_almaty_draft_over_5_pages_is_warned(run):
    report = run(long_act(WD_LINE_SPACING.DOUBLE, points=12), profile="almaty-city-2014", pages=True)
    f = found(report, "pages.draft-sitting")
    assert f and f[0].severity == "warning"


def test_almaty_short_draft_passes_the_page_limit(run):
    report = run(long_act(WD_LINE_SPACING.DOUBLE), profile="almaty-city-2014", pages=True)
    assert not found(report, "pages.draft-sitting")
    assert all(n.code != "pages-not-counted" for n in report.notes)


# --- outgoing cover letters: the requisites the receiver checks -----------------------------------------------

@pytest.mark.parametrize("drop,rule", [("datenum", "requisite.registration-number"), ("executor", "letter.executor"),
                                       ("phone", "letter.executor"), ("addressee", "letter.addressee")])
def test_cover_letter_without_a_requisite_is_found(run, drop, rule):
    report = run(build_docx(without(ru_cover_letter(), drop)), kind="cover-letter")
    assert found(report, rule), [(f.rule, f.message["en"]) for f in report.findings]


def test_complete_cover_letter_is_accepted(run):
    report = run(build_docx(ru_cover_letter()), kind="cover-letter")
    assert report.verdict == "accepted", [(f.rule, f.message["en"]) for f in report.findings]


# --- lead executor «(свод)/(жинау)» ---------------------------------------------------------------------------

def with_executors(line: str) -> bytes:
    return build_docx(replace(ru_protocol_full(), "s1d1e", P(line)))


def test_two_lead_marks_in_one_assignment_are_found(run):
    f = found(run(with_executors("Исполнители: Отдел финансов (свод), Отдел экономики (свод)."), kind="protocol-full"),
              "protocol.lead-executor")
    assert f and "more than one" in f[0].message["en"] and f[0].severity == "warning"


def test_several_executors_without_a_lead_mark(run):
    line = "Исполнители: Отдел финансов, Отдел экономики, Отдел строительства."
    f = found(run(with_executors(line), kind="protocol-full"), "protocol.lead-executor")
    assert f and f[0].severity == "warning" and "L377" in f[0].source.clause  # Turkestan: «обязательно указывается свод»
    kz = found(run(with_executors(line), kind="protocol-full", profile="kazygurt-district-2025"), "protocol.lead-executor")
    assert kz and kz[0].severity == "info"  # Kazygurt L742: the first listed is the lead


def test_one_lead_mark_or_one_executor_passes(run):
    for line in ("Исполнители: Отдел финансов (свод), Отдел экономики.", "Исполнитель: Касымов Д."):
        assert not found(run(with_executors(line), kind="protocol-full"), "protocol.lead-executor"), line


# --- an outgoing letter in one language -------------------------------------------------------------------------

def test_a_letter_half_kazakh_half_russian_is_found(run):
    blocks = [*ru_cover_letter()[:6],
              P("Түркістан қаласы әкімдігінің қаулысының жобасын келісу үшін жолдаймыз, ескертулеріңізді жіберуді сұраймыз."),
              P("Жоба қала әкімінің орынбасарларымен және заң бөлімімен алдын ала келісілген, қосымшалар толық берілген."),
              P("Просим рассмотреть проект в установленные сроки и направить замечания в адрес аппарата акима города."),
              *ru_cover_letter()[6:]]
    f = found(run(build_docx(blocks), kind="cover-letter"), "letter.language")
    assert f and "L387" in f[0].source.clause


def test_a_letter_in_one_language_passes(run):
    assert not found(run(build_docx(ru_cover_letter()), kind="cover-letter"), "letter.language")
