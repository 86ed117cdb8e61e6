"""Slide rules on decks built here: each rule has a failing and a passing deck, caught with id and location."""

from __future__ import annotations

import io
import os

import pytest
from pptx import Presentation
from pptx.util import Emu, Pt
from proofing_builders import (
    WIDE,
    add_colour_bar,
    add_text_box,
    clear_placeholder_sizes,
    new_deck,
    pptx_bytes,
    set_default_text_style,
    set_master_style,
)

from validators import check
from validators.slides_style import DeckStyle


def findings(data: bytes, rule: str, profile: str = "turkestan-city-2025"):
    report = check(data, kind="presentation", profile=profile)
    return [f for f in report.findings if f.rule == rule]


def good_deck(size=WIDE, font="Arial"):
    prs = new_deck(size, font)
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    add_text_box(slide, "Итоги работы за 2025 год", size_pt=24)
    add_colour_bar(slide)
    return prs


# -- aspect ratio ------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(12192000, 6858000), (9144000, 5143500)])
def test_both_16_9_sizes_pass(size):
    assert findings(pptx_bytes(good_deck(size)), "slides.aspect-ratio") == []


def test_4_3_deck_fails_aspect_ratio():
    found = findings(pptx_bytes(good_deck((9144000, 6858000))), "slides.aspect-ratio")
    assert len(found) == 1
    assert "1.333" in found[0].message["en"]
    assert found[0].source.clause.startswith("формат отображения визуальной информации 16:9")


# -- font size ---------------------------------------------------------------------------------------
def _body_placeholder_deck(body_pt: float):
    prs = new_deck()
    clear_placeholder_sizes(prs)
    set_master_style(prs, "bodyStyle", body_pt)
    slide = prs.slides.add_slide(prs.slide_layouts[1])  # title and content
    slide.shapes.title.text = "Бюджет"
    body = slide.placeholders[1]
    body.name = "Content 2"
    body.text_frame.text = "Расходы выросли на 12 %"
    add_colour_bar(slide)
    return prs


def test_size_inherited_from_master_body_style_fails():
    found = findings(pptx_bytes(_body_placeholder_deck(14)), "slides.font-size")
    assert [(f.location.slide, f.location.shape) for f in found] == [(1, "Content 2")]
    assert "14 pt (from master bodyStyle)" in found[0].message["en"]
    assert found[0].severity == "error"  # Turkestan returns on any grounds (L440, L442)


def test_size_inherited_from_master_body_style_passes_at_24():
    assert findings(pptx_bytes(_body_placeholder_deck(24)), "slides.font-size") == []


def _text_box_deck(default_pt: float):
    prs = new_deck()
    set_master_style(prs, "bodyStyle", 28)  # must NOT reach a text box
    set_master_style(prs, "otherStyle", 28)
    set_default_text_style(prs, default_pt)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    add_text_box(slide, "Примечание без размера", name="Note box")
    add_colour_bar(slide)
    return prs


def test_text_box_takes_default_text_style_not_body_style():
    found = findings(pptx_bytes(_text_box_deck(16)), "slides.font-size")
    assert [(f.location.slide, f.location.shape) for f in found] == [(1, "Note box")]
    assert "16 pt (from presentation defaultTextStyle)" in found[0].message["en"]


def test_text_box_with_20pt_default_passes():
    assert findings(pptx_bytes(_text_box_deck(20)), "slides.font-size") == []


def _autofit_deck(scale: int):
    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = add_text_box(slide, "Длинный текст, ужатый автоподбором", name="Shrunk", size_pt=20)
    body_pr = box.text_frame._txBody.bodyPr
    for child in list(body_pr):
        body_pr.remove(child)
    autofit = body_pr.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}normAutofit", {})
    autofit.set("fontScale", str(scale))
    body_pr.append(autofit)
    add_colour_bar(slide)
    return prs


def test_font_scale_shrinks_below_minimum():
    found = findings(pptx_bytes(_autofit_deck(80000)), "slides.font-size")
    assert [(f.location.slide, f.location.shape) for f in found] == [(1, "Shrunk")]
    assert "16 pt (20 pt × fontScale 80%" in found[0].message["en"]


def test_font_scale_above_minimum_passes():
    assert findings(pptx_bytes(_autofit_deck(95000)), "slides.font-size") == []


def test_kazygurt_minimum_is_20():
    prs = good_deck()
    add_text_box(prs.slides[0], "Подпись 19 pt", name="Caption", size_pt=19)
    data = pptx_bytes(prs)
    assert findings(data, "slides.font-size", "turkestan-city-2025") == []
    found = findings(data, "slides.font-size", "kazygurt-district-2025")
    assert [f.location.shape for f in found] == ["Caption"]
    assert "20" in found[0].message["ru"]


def test_table_cells_are_checked():
    prs = good_deck()
    frame = prs.slides[0].shapes.add_table(2, 2, Emu(600000), Emu(2500000), Emu(6000000), Emu(1200000))
    frame.name = "Budget table"
    table = frame.table
    for r in range(2):
        for c in range(2):
            table.cell(r, c).text = f"{r}{c}"
    run = table.cell(1, 1).text_frame.paragraphs[0].runs[0]
    run.font.size = Pt(12)
    found = findings(pptx_bytes(prs), "slides.font-size")
    assert [(f.location.slide, f.location.shape) for f in found] == [(1, "Budget table")]
    assert "12 pt (from run)" in found[0].message["en"]


# -- typeface ----------------------------------------------------------------------------------------
def test_theme_font_other_than_arial_fails():
    found = findings(pptx_bytes(good_deck(font="Calibri")), "slides.font-family")
    assert [(f.location.slide, f.location.shape) for f in found] == [(1, "Text box")]
    assert "Calibri" in found[0].message["en"]


def test_arial_theme_font_passes_and_is_resolved():
    prs = good_deck(font="Arial")
    assert findings(pptx_bytes(prs), "slides.font-family") == []
    styles = list(DeckStyle(Presentation(io.BytesIO(pptx_bytes(prs)))).runs())
    assert styles[0].typeface == "Arial"
    assert styles[0].typeface_source == "presentation defaultTextStyle, theme minor font +mn-lt"


def test_explicit_run_typeface_fails():
    prs = good_deck()
    box = add_text_box(prs.slides[0], "Times text", name="Serif box", size_pt=24)
    box.text_frame.paragraphs[0].runs[0].font.name = "Times New Roman"
    found = findings(pptx_bytes(prs), "slides.font-family")
    assert [f.location.shape for f in found] == ["Serif box"]


def test_kazygurt_requires_no_typeface():
    assert findings(pptx_bytes(good_deck(font="Calibri")), "slides.font-family", "kazygurt-district-2025") == []


# -- colour ------------------------------------------------------------------------------------------
def test_grayscale_deck_fails():
    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    add_text_box(slide, "Только чёрный текст", size_pt=24)
    add_colour_bar(slide, (0x80, 0x80, 0x80))
    found = findings(pptx_bytes(prs), "slides.colour")
    assert len(found) == 1 and "gray" in found[0].message["en"]


def test_colour_deck_passes():
    assert findings(pptx_bytes(good_deck()), "slides.colour") == []


def test_colour_picture_counts_as_colour():
    from PIL import Image

    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    add_text_box(slide, "Фото объекта", size_pt=24)
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buf, "PNG")
    buf.seek(0)
    slide.shapes.add_picture(buf, Emu(600000), Emu(2500000))
    assert findings(pptx_bytes(prs), "slides.colour") == []


# -- file size ---------------------------------------------------------------------------------------
def test_file_over_10_mb_fails_and_small_passes():
    from PIL import Image

    prs = good_deck()
    assert findings(pptx_bytes(prs), "slides.file-size") == []
    noise = Image.frombytes("RGB", (1900, 1900), os.urandom(1900 * 1900 * 3))
    buf = io.BytesIO()
    noise.save(buf, "PNG", compress_level=0)
    buf.seek(0)
    prs.slides[0].shapes.add_picture(buf, Emu(0), Emu(0))
    data = pptx_bytes(prs)
    assert len(data) > 10_000_000
    found = findings(data, "slides.file-size")
    assert len(found) == 1 and "10 MB" in found[0].message["en"]


def test_slide_rules_do_not_apply_without_a_regulation_clause():
    report = check(pptx_bytes(good_deck((9144000, 6858000))), kind="presentation", profile="almaty-city-2014")
    assert not [f for f in report.findings if f.rule.startswith("slides.")]
