"""Severity per regulation, from its own text (docs/validation.md, «Severity per regulation»).

Turkestan п. 90 (L440, L442) and Kazygurt 11.12 (L596, L598) let a draft be returned on any grounds, so a
requirement they state is an error there — slide requirements of sitting materials included. Almaty (L201–L207)
and Zhezkazgan (L46–L50) close the list. Turkestan L341 exempts letters of the highest bodies from return.
"""

from __future__ import annotations

import io

import docx
import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Pt

from validators import CheckOptions, check

FOUR_THREE = (9144000, 6858000)  # 10″×7.5″
WIDE = (12192000, 6858000)  # 16:9


def deck(size: tuple[int, int], font: str, size_pt: float) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(size[0]), Emu(size[1])
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(0), Emu(0), Emu(size[0]), Emu(300000))
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor(0x1F, 0x6F, 0xB5)
    box = slide.shapes.add_textbox(Emu(600000), Emu(600000), Emu(6000000), Emu(1500000))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Исполнение бюджета города за 2025 год"
    run.font.size = Pt(size_pt)
    run.font.name = font
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def run_deck(data: bytes, profile: str):
    return check(data, profile=profile, name="deck.pptx", options=CheckOptions(pages=False, spelling=False))


def test_a_4_3_deck_in_14_pt_times_is_rejected_under_turkestan():
    report = run_deck(deck(FOUR_THREE, "Times New Roman", 14), "turkestan-city-2025")
    assert report.verdict == "rejected"
    errors = {f.rule for f in report.findings if f.severity == "error"}
    assert {"slides.aspect-ratio", "slides.font-size", "slides.font-family"} <= errors
    assert all("L142" in f.source.clause or "L708" in f.source.clause
               for f in report.findings if f.rule.startswith("slides.") and f.source)


def test_a_16_9_deck_in_18_pt_arial_is_accepted_under_turkestan():
    report = run_deck(deck(WIDE, "Arial", 18), "turkestan-city-2025")
    assert report.verdict == "accepted", [(f.rule, f.message["en"]) for f in report.findings]


def test_kazygurt_rejects_the_4_3_deck_too_but_asks_no_typeface():
    report = run_deck(deck(FOUR_THREE, "Times New Roman", 14), "kazygurt-district-2025")
    errors = {f.rule for f in report.findings if f.severity == "error"}
    assert {"slides.aspect-ratio", "slides.font-size"} <= errors and "slides.font-family" not in errors


def letter(sender: str, executor: bool) -> bytes:
    d = docx.Document()
    for line in (sender, "Исх. № 12-01/345 от 12.03.2025", "Акиму города Туркестан",
                 "Во исполнение поручения Премьер-Министра Республики Казахстан от 01.03.2025 № 17-12/1234 "
                 "направляем информацию для использования в работе."):
        d.add_paragraph(line)
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Руководитель Аппарата"
    table.cell(0, 1).text = "Г. Койшыбаев"
    d.add_paragraph("Документ подписан ЭЦП")
    if executor:
        d.add_paragraph("Исп.: Жумабекова Г.")
        d.add_paragraph("Тел.: 8 (7172) 74-52-45")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def run_letter(data: bytes, profile: str = "turkestan-city-2025"):
    return check(data, kind="incoming-letter", profile=profile, name="letter.docx",
                 options=CheckOptions(pages=False, spelling=False))


def test_a_government_office_letter_without_executor_is_not_rejected_under_turkestan():
    report = run_letter(letter("Аппарат Правительства Республики Казахстан", executor=False))
    executor = [f for f in report.findings if f.rule == "incoming.executor"]
    assert executor and executor[0].severity == "warning"  # still said, but not a ground for return (L341)
    assert "L341" in executor[0].source.clause
    assert report.verdict == "accepted", [(f.rule, f.severity) for f in report.findings]


@pytest.mark.parametrize("sender", ["ГУ «Отдел образования города Туркестан»",
                                    "Управление финансов Туркестанской области"])
def test_the_same_letter_from_a_local_body_is_rejected(sender):
    report = run_letter(letter(sender, executor=False))
    assert any(f.rule == "incoming.executor" and f.severity == "error" for f in report.findings)
    assert report.verdict == "rejected"


def test_kazygurt_has_no_such_exemption():
    report = run_letter(letter("Аппарат Правительства Республики Казахстан", executor=False),
                        "kazygurt-district-2025")
    assert any(f.rule == "incoming.executor" and f.severity == "error" for f in report.findings)
