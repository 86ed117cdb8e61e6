"""Builders of real .docx and .pptx fixtures (python-docx / python-pptx) for the proofing tests."""

from __future__ import annotations

import io

from docx import Document as DocxDocument
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
THEME_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
WIDE = (12192000, 6858000)  # 16:9 widescreen 13.333″×7.5″


def docx_bytes(*paragraphs: str) -> bytes:
    doc = DocxDocument()
    for text in paragraphs:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _level1_defrpr(list_style) -> etree._Element:
    """``a:lvl1pPr/a:defRPr`` of a list style element, created when missing."""
    lvl = list_style.find(f"{{{A}}}lvl1pPr")
    if lvl is None:
        lvl = etree.SubElement(list_style, f"{{{A}}}lvl1pPr")
        list_style.insert(0, lvl)
    defrpr = lvl.find(f"{{{A}}}defRPr")
    if defrpr is None:
        defrpr = etree.SubElement(lvl, f"{{{A}}}defRPr")
    return defrpr


def set_master_style(prs, style: str, size_pt: float) -> None:
    """Set lvl1 size of the master's titleStyle/bodyStyle/otherStyle."""
    master = prs.slide_masters[0]
    el = master._element.find(f"{{{P}}}txStyles/{{{P}}}{style}")
    _level1_defrpr(el).set("sz", str(int(size_pt * 100)))


def set_default_text_style(prs, size_pt: float) -> None:
    el = prs.part._element.find(f"{{{P}}}defaultTextStyle")
    _level1_defrpr(el).set("sz", str(int(size_pt * 100)))


def clear_placeholder_sizes(prs) -> None:
    """Drop sizes set on layout and master placeholders so the master txStyles decide."""
    for part_el in [prs.slide_masters[0]._element, *[lay._element for lay in prs.slide_layouts]]:
        for defrpr in part_el.iter(f"{{{A}}}defRPr"):
            if defrpr.getparent().getparent().tag == f"{{{A}}}lstStyle":
                defrpr.attrib.pop("sz", None)


def set_theme_fonts(prs, major: str, minor: str) -> None:
    theme_part = prs.slide_masters[0].part.part_related_by(THEME_RT)
    theme = etree.fromstring(theme_part.blob)
    theme.find(f".//{{{A}}}majorFont/{{{A}}}latin").set("typeface", major)
    theme.find(f".//{{{A}}}minorFont/{{{A}}}latin").set("typeface", minor)
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def new_deck(size: tuple[int, int] = WIDE, font: str = "Arial"):
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(size[0]), Emu(size[1])
    set_theme_fonts(prs, font, font)
    return prs


def add_text_box(slide, text: str, name: str = "Text box", size_pt: float | None = None):
    box = slide.shapes.add_textbox(Emu(600000), Emu(600000), Emu(6000000), Emu(1500000))
    box.name = name
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    return box


def add_colour_bar(slide, rgb: tuple[int, int, int] = (0x1F, 0x6F, 0xB5)) -> None:
    from pptx.enum.shapes import MSO_SHAPE

    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(0), Emu(0), Emu(12192000), Emu(300000))
    bar.name = "Colour bar"
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor(*rgb)
    bar.line.fill.background()


def pptx_bytes(prs) -> bytes:
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
