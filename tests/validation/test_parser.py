"""The document model: Word auto-numbering, dates and numbers kk/ru, languages, PDF and PPTX."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.oxml import parse_xml

from tests.validation.docs import build_docx, pdf_pages, ru_resolution
from validators.document import detect_lang, parse
from validators.document.patterns import parse_date, parse_number

NUMBERING = """<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2)"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="russianLower"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def _auto_numbered() -> bytes:
    d = docx.Document()
    d.add_paragraph("ПОСТАНОВЛЕНИЕ")
    d.add_paragraph("Об утверждении плана")
    d.add_paragraph("В соответствии с законом акимат ПОСТАНОВЛЯЕТ:")
    items = [(0, "Утвердить план."), (0, "Отделу:"), (1, "обеспечить;"), (1, "представить:"), (2, "отчет;"),
             (2, "справку."), (0, "Контроль возложить на заместителя.")]
    # the numbering part: replace the default (python-docx's template has one) with ours
    part = d.part.numbering_part
    part._element = parse_xml(NUMBERING)
    for level, text in items:
        p = d.add_paragraph(text)
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_word_auto_numbering_labels_and_tree():
    doc = parse(_auto_numbered())
    labels = [p.label for p in doc.paragraphs if p.label]
    assert labels == ["1.", "2.", "1)", "2)", "а)", "б)", "3."]
    assert [p.unit for p in doc.all_points()] == ["1", "2", "2/1", "2/2", "2/2/а", "2/2/б", "3"]
    assert doc.paragraphs[3].text == "Утвердить план."  # the label is not part of the text


@pytest.mark.parametrize("text,expected", [
    ("от 16 июня 2025 года № 315", dt.date(2025, 6, 16)),
    ("«2» июля 2014 г.", dt.date(2014, 7, 2)),
    ("16.06.2025 № 01-12/345", dt.date(2025, 6, 16)),
    ("2025 жылғы 16 маусымдағы № 315 қаулысына", dt.date(2025, 6, 16)),
    ("2025 жылғы «20» маусым", dt.date(2025, 6, 20)),
    ("2024 жылғы 12 наурыздағы", dt.date(2024, 3, 12)),
    ("Шығ. № 02-15/118, 2025 ж. наурыз 14", dt.date(2025, 3, 14)),
])
def test_dates(text, expected):
    assert parse_date(text)[0] == expected


def test_find_dates_lists_every_valid_date_in_reading_order_with_spans():
    from validators.document.patterns import find_dates

    text = "на № 5 от 03.03.2025, срок до 2025 жылғы 20 наурыз; 31.02.2025 не дата"
    dates = find_dates(text)
    assert [d for d, _ in dates] == [dt.date(2025, 3, 3), dt.date(2025, 3, 20)]
    assert text[slice(*dates[0][1])] == "03.03.2025"


@pytest.mark.parametrize("text,expected", [("№ 315", "315"), ("№3/520", "3/520"), ("№ 01-12/345 от", "01-12/345"),
                                           ("№ ____", None)])
def test_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text,lang", [
    ("Осы қаулының орындалуын бақылау қала әкімінің орынбасарына жүктелсін.", "kk"),
    ("Контроль за исполнением настоящего постановления возложить на заместителя акима.", "ru"),
    ("Аким города Түркістан утвердил план мероприятий по озеленению", "ru"),
    ("12345", None),
])
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


def test_typed_labels_and_inserted_subpoint():
    from tests.validation.docs import P, replace

    blocks = replace(ru_resolution(), "p2.2", P("1-1) дополнительно представить отчет."))
    doc = parse(build_docx(blocks))
    assert [p.label for p in doc.all_points()][:5] == ["1.", "2.", "1)", "1-1)", "3."]


def test_inserted_point_with_dot_label_is_a_sibling():
    """«2-1.» (a point inserted by an amendment) is a top-level point of its own, not text of point 2."""
    from tests.validation.docs import P

    blocks = ru_resolution()
    at = next(i for i, b in enumerate(blocks) if b.key == "p2.2") + 1
    blocks.insert(at, P("2-1. Отделу финансов обеспечить финансирование.", "justify"))
    doc = parse(build_docx(blocks))
    tops = [p.number for p in doc.points]
    assert tops[:3] == ["1", "2", "2-1"]
    assert "финансирование" in doc.points[2].text and "финансирование" not in doc.points[1].text

def test_pdf_pages_and_paragraphs():
    doc = parse(pdf_pages(3, "СПРАВКА\nо ходе подготовки к отопительному сезону"), kind="briefing-note")
    assert doc.format == "pdf" and doc.pages == 3
    assert doc.paragraphs[0].text == "СПРАВКА" and doc.paragraphs[0].page == 1
    assert doc.kind_name is not None and doc.lang == "ru"


def test_pptx_slides_and_native():
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Қала бюджетінің атқарылуы"
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(5), Inches(1))
    box.text_frame.text = "Бюджет 2025 жылы толық игерілді"
    buf = io.BytesIO()
    prs.save(buf)
    doc = parse(buf.getvalue())
    assert doc.format == "pptx" and doc.kind == "presentation" and doc.lang == "kk"
    assert doc.native is not None and len(doc.slides) == 1
    assert any("Бюджет" in s.text for s in doc.slides[0].shapes)


def test_hand_typed_order_with_spaced_kind_name_and_tabs():
    d = docx.Document()
    for text in ["     Б Ұ Й Р Ы Қ\t\t\tП Р И К А З", "28.06.2019 ж.                  № 80",
                 "Қарағанды қаласы\t\t\t\t\t\tгород Караганды", "Біліктілік дәрежесін беру және",
                 "оқудан шығару туралы", "1. Студенттерге біліктілік берілсін.",
                 "Директор                          Б.Ахметов"]:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    doc = parse(out.getvalue())
    assert doc.kind == "head-order"  # БҰЙРЫҚ/ПРИКАЗ: the order of a head of a state body
    assert doc.date.value == dt.date(2019, 6, 28) and doc.number.value == "80"
    assert doc.place.value == "Қарағанды қаласы"
    assert doc.title.text == "Біліктілік дәрежесін беру және оқудан шығару туралы"
    assert doc.signature.name == "Б.Ахметов"


def test_text_box_paragraphs_come_before_their_anchor_once():
    d = docx.Document()
    p = d.add_paragraph("Основной текст")
    p._p.append(parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wps:txbx><w:txbxContent><w:p><w:r><w:t>ПОСТАНОВЛЕНИЕ</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
        '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>ПОСТАНОВЛЕНИЕ'
        '</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    out = io.BytesIO()
    d.save(out)
    doc = parse(out.getvalue())
    assert [x.text for x in doc.paragraphs] == ["ПОСТАНОВЛЕНИЕ", "Основной текст"]


def test_latin_lookalikes_do_not_hide_requisites():
    from tests.validation.docs import T, replace

    blocks = replace(ru_resolution(), "signature", T([["Аудан әкiмi", "А.А.Исмаилов"]]))  # Latin i, as in L2
    doc = parse(build_docx(blocks))
    assert doc.signature is not None and doc.signature.name == "А.А.Исмаилов"


def test_kind_name_in_the_page_header():
    d = docx.Document()
    header = d.sections[0].header
    header.paragraphs[0].text = "АКИМАТ ГОРОДА ТУРКЕСТАН"
    header.add_paragraph("ПОСТАНОВЛЕНИЕ")
    for text in ["16 июня 2025 года № 315", "Об утверждении плана",
                 "В соответствии с законом акимат ПОСТАНОВЛЯЕТ:", "1. Утвердить план."]:
        d.add_paragraph(text)
    out = io.BytesIO()
    d.save(out)
    doc = parse(out.getvalue())
    assert doc.kind == "resolution" and doc.kind_name.text == "ПОСТАНОВЛЕНИЕ"
    assert doc.blank[0].text == "АКИМАТ ГОРОДА ТУРКЕСТАН"
    assert doc.title.text == "Об утверждении плана" and doc.number.value == "315"
