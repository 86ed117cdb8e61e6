"""The emblem slot of the blank takes a configured PNG; PDF goes through the office pool when it is there."""

from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pypdf
import pytest
from PIL import Image

import service.generation as rendering
from service.generation import render
from validators.errors import ServiceUnavailable


def test_configured_emblem_is_placed_in_the_blank(tmp_path, monkeypatch, load_example):
    png = tmp_path / "emblem.png"
    Image.new("RGB", (120, 100), "gold").save(png)
    monkeypatch.setenv("QUJAT_EMBLEM", str(png))
    blob = render("resolution", load_example("resolution"), lang="kk")
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        assert zf.read("word/media/qujat-emblem.png") == png.read_bytes()
        assert b'Extension="png"' in zf.read("[Content_Types].xml")
    doc = docx.Document(io.BytesIO(blob))
    slot = doc.tables[0].rows[0].cells[1]
    blips = slot._tc.xpath(".//a:blip")
    assert len(blips) == 1
    assert doc.part.related_parts[blips[0].get(docx.oxml.ns.qn("r:embed"))].blob == png.read_bytes()
    assert doc.inline_shapes[0].width == rendering.EMBLEM_WIDTH_EMU
    assert doc.inline_shapes[0].height == rendering.EMBLEM_WIDTH_EMU * 100 // 120
    monkeypatch.delenv("QUJAT_EMBLEM")
    assert not docx.Document(io.BytesIO(render("resolution", load_example("resolution"), "kk"))).inline_shapes


def test_a_bad_emblem_file_is_a_clear_error(tmp_path, monkeypatch, load_example):
    bad = tmp_path / "emblem.png"
    bad.write_bytes(b"GIF89a not a png")
    monkeypatch.setenv("QUJAT_EMBLEM", str(bad))
    with pytest.raises(ServiceUnavailable, match="not a PNG"):
        render("order", load_example("order"), lang="ru")


@pytest.mark.office
def test_pdf_through_the_office_pool(load_example):
    pytest.importorskip("service.office", reason="the office area's LibreOffice pool is not installed")
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    pdf = render("cover-letter", load_example("cover-letter"), lang="kk", format="pdf")
    assert pdf.startswith(b"%PDF-")
    assert render("cover-letter", load_example("cover-letter"), lang="kk", format="pdf") == pdf
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "ТҮРКІСТАН ҚАЛАСЫ ӘКІМІНІҢ" in text and "Орынд.: Сапарова А." in text
    pdfa = render("order", load_example("order"), lang="ru", format="pdf", pdfa=True)
    assert b"pdfaid:part" in pdfa or b"pdfaid" in pdfa
