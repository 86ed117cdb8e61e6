"""Valid documents the mutation tests start from, built in the test run: a resolution and a full protocol
rendered by ``service.render`` from the shipped examples, a deck made with python-pptx and a PDF of the
resolution's text made with reportlab."""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def example(kind: str) -> dict:
    return json.loads((EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


@functools.cache
def resolution_docx() -> bytes:
    from service import render

    return render("resolution", example("resolution"), lang="ru")


@functools.cache
def protocol_docx() -> bytes:
    from service import render

    return render("protocol-full", example("protocol-full"), lang="kk")


@functools.cache
def deck_pptx() -> bytes:
    """Three 16:9 slides: a title, a bulleted text and a table, Arial 24 pt."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    title = prs.slides.add_slide(prs.slide_layouts[0])
    title.shapes.title.text = "Көгалдандыру жоспары 2025–2026"
    title.placeholders[1].text = "Түркістан қаласының әкімдігі"
    body = prs.slides.add_slide(prs.slide_layouts[1])
    body.shapes.title.text = "Негізгі көрсеткіштер"
    frame = body.placeholders[1].text_frame
    frame.text = "12 000 көшет отырғызу"
    frame.add_paragraph().text = "45 км суару желісі"
    table_slide = prs.slides.add_slide(prs.slide_layouts[5])
    table_slide.shapes.title.text = "Қаржыландыру"
    table = table_slide.shapes.add_table(2, 2, Emu(914400), Emu(1828800), Emu(6096000), Emu(1219200)).table
    for r, row in enumerate((("Жыл", "Сома, млн теңге"), ("2025", "310"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    for run in p.runs:
                        run.font.name, run.font.size = "Arial", Pt(24)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


@functools.cache
def act_pdf() -> bytes:
    """The resolution's paragraphs as a two-page PDF (DejaVu Sans, Cyrillic text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from validators.document import parse

    lines = [p.text for p in parse(resolution_docx()).paragraphs if p.text]
    pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    half = len(lines) // 2
    for page in (lines[:half], lines[half:]):
        c.setFont("DejaVu", 11)
        y = 800
        for line in page:
            c.drawString(50, y, line[:95])
            y -= 16
        c.showPage()
    c.save()
    return out.getvalue()


BASES = {"resolution": resolution_docx, "protocol": protocol_docx, "deck": deck_pptx, "pdf": act_pdf}
