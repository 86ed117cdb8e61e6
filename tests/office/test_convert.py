"""Conversion through the LibreOffice pool: page counts, PDF/A-2b, other formats, fonts, unusable input."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from service import office
from validators.errors import UnsupportedType, UnusableDocument

pytestmark = pytest.mark.office


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("pages", [1, 4])
def test_docx_to_pdf_has_the_pages_of_its_page_breaks(pool, make_docx, pages):
    pdf = pool.convert(make_docx(pages))
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf) == pages
    text = PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()
    assert f"Страница {pages}" in text


def test_pdfa_2b_carries_its_conformance_in_xmp(pool, make_docx):
    pdf = pool.convert(make_docx(2), pdfa=True)
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata
    assert xmp is not None
    packet = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    part = re.search(r"pdfaid:part(?:>|=\")(\d)", packet)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")([A-Za-z])", packet)
    assert part and part.group(1) == "2"
    assert conformance and conformance.group(1) == "B"
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_plain_pdf_does_not_claim_pdfa(pool, make_docx):
    pdf = pool.convert(make_docx(1))
    assert b"pdfaid:part" not in pdf


def test_pptx_converts_one_page_per_slide(pool, make_pptx):
    pdf = pool.convert(make_pptx(3), source_ext="pptx")
    assert pdf_pages(pdf) == 3
    assert "Слайд 2" in PdfReader(io.BytesIO(pdf)).pages[1].extract_text()


def test_docx_to_odt_and_back_to_pdf(pool, make_docx):
    odt = pool.convert(make_docx(2), target="odt")
    with zipfile.ZipFile(io.BytesIO(odt)) as package:
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert pdf_pages(pool.convert(odt, source_ext="odt")) == 2


def test_render_info_reports_times_new_roman_rendered_in_liberation_serif(make_docx):
    info = office.render_info(make_docx(3, font="Times New Roman"))
    assert info.pages == 3
    assert "Times New Roman" in info.fonts_requested
    assert "Liberation Serif" in info.fonts_embedded
    assert ("Times New Roman", "Liberation Serif") in info.substituted
    assert ("Times New Roman", "Liberation Serif") in info.metric_compatible
    assert info.layout_faithful
    assert info.to_dict()["substituted"] == [list(s) for s in info.substituted]
    assert office.page_count(make_docx(3, font="Times New Roman")) == 3


@pytest.mark.parametrize("font", ["Times New Roman KZ", "KZ Times New Roman;Times New Roman", "Times/Kazakh"])
def test_kazakh_times_variants_render_in_the_times_metric_twin(make_docx, font):
    info = office.render_info(make_docx(2, font=font))
    assert info.pages == 2
    assert font in info.fonts_requested
    assert "DejaVu Sans" not in info.fonts_embedded
    assert (font, "Liberation Serif") in info.substituted
    assert info.layout_faithful


def test_render_info_flags_a_substitution_that_changes_metrics(make_docx):
    info = office.render_info(make_docx(1, font="Segoe UI"))
    assert "Segoe UI" in info.fonts_requested
    requested = [used for wanted, used in info.substituted if wanted == "Segoe UI"]
    assert requested and requested[0] in info.fonts_embedded
    assert ("Segoe UI", requested[0]) not in info.metric_compatible
    assert not info.layout_faithful


def test_page_count_of_a_pdf_is_read_without_rendering(pool, make_docx):
    pdf = pool.convert(make_docx(5))
    assert office.page_count(pdf, source_ext="pdf") == 5


def _truncated(blob: bytes) -> bytes:
    return blob[: len(blob) // 2]


def _without_document_xml(blob: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            if name != "word/document.xml":
                dst.writestr(name, src.read(name))
    return out.getvalue()


def _broken_xml(blob: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, b"<w:document><w:body>" if name == "word/document.xml" else src.read(name))
    return out.getvalue()


def _entity_bomb(blob: bytes) -> bytes:
    entities = "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">{entities}]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, bomb if name == "word/document.xml" else src.read(name))
    return out.getvalue()


@pytest.mark.parametrize("damage, says", [
    (_entity_bomb, "cannot load"),
    (_truncated, "cannot load"),
    (_without_document_xml, "cannot load"),
    (_broken_xml, "cannot load"),
    (lambda blob: b"", "empty"),
    (lambda blob: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + blob[:4000], "OLE"),
    (lambda blob: b"plain text, not a document at all", "not a ZIP"),
])
def test_unusable_input_is_refused_with_a_reason(pool, make_docx, damage, says):
    with pytest.raises(UnusableDocument) as caught:
        pool.convert(damage(make_docx(1)))
    assert says in caught.value.message
    assert pdf_pages(pool.convert(make_docx(2))) == 2  # the pool is still fine afterwards


@pytest.mark.parametrize("kwargs", [
    {"source_ext": "xlsx"},
    {"target": "png"},
    {"source_ext": "pptx", "target": "docx"},
    {"target": "odt", "pdfa": True},
])
def test_unsupported_conversions_are_named(pool, make_docx, kwargs):
    with pytest.raises(UnsupportedType):
        pool.convert(make_docx(1), **kwargs)


def test_rtf_converts_with_its_page_break(pool):
    rtf = rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\f0\fs28 First page\page Second page\par}"
    pdf = pool.convert(rtf, source_ext="rtf")
    assert pdf_pages(pdf) == 2
    assert "Second page" in PdfReader(io.BytesIO(pdf)).pages[1].extract_text()


def _with_app_xml(blob: bytes, application: str, pages: int) -> bytes:
    app = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/'
           f'officeDocument/2006/extended-properties"><Application>{application}</Application>'
           f"<Pages>{pages}</Pages></Properties>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, app if name == "docProps/app.xml" else src.read(name))
    return out.getvalue()


def test_a_stored_page_count_that_disagrees_lowers_confidence(make_docx):
    generated = office.render_info(make_docx(2))
    assert generated.declared_pages is None  # python-docx copies its template's stale count: ignored
    assert generated.confident
    agreeing = office.render_info(_with_app_xml(make_docx(2), "LibreOffice/7.4.7.2$Linux_X86_64", 2))
    assert agreeing.declared_pages == 2 and agreeing.confident
    contradicting = office.render_info(_with_app_xml(make_docx(2), "LibreOffice/7.4.7.2$Linux_X86_64", 5))
    assert contradicting.declared_pages == 5
    assert contradicting.pages == 2
    assert not contradicting.confident
    assert contradicting.to_dict()["confident"] is False


def test_word_counts_are_believed_only_when_word_rendered_the_pages(make_docx):
    unrendered = office.render_info(_with_app_xml(make_docx(2), "Microsoft Office Word", 7))
    assert unrendered.declared_pages is None
