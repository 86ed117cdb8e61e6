"""deterministic=True: the same input gives the same PDF bytes, in any process, still valid PDF/A."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from datetime import UTC, datetime

import pytest
from PIL import ImageCms
from pypdf import PdfReader

from service import office

pytestmark = pytest.mark.office

DATED = datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC)


def xref_points_at_objects(pdf: bytes) -> bool:
    start = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    assert pdf[start:start + 4] == b"xref"
    offsets = [int(o) for o in re.findall(rb"(?m)^(\d{10}) \d{5} n", pdf[start:])]
    return bool(offsets) and all(re.match(rb"\d+ 0 obj", pdf[o:o + 20]) for o in offsets)


@pytest.mark.parametrize("pdfa", [True, False])
def test_two_processes_give_identical_bytes(make_docx, pdfa):
    source = make_docx(3, modified=DATED)
    first = office.OfficePool(office.OfficeConfig(workers=1))
    second = office.OfficePool(office.OfficeConfig(workers=1))
    try:
        a = first.convert(source, pdfa=pdfa, deterministic=True)
        b = second.convert(source, pdfa=pdfa, deterministic=True)
        assert first.pids() != second.pids()
        again = first.convert(source, pdfa=pdfa, deterministic=True)
    finally:
        first.shutdown()
        second.shutdown()
    assert a == b == again
    assert xref_points_at_objects(a)
    assert len(PdfReader(io.BytesIO(a), strict=True).pages) == 3


def test_dates_come_from_the_core_properties_and_agree_in_info_and_xmp(pool, make_docx):
    pdf = pool.convert(make_docx(1, modified=DATED), pdfa=True, deterministic=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.creation_date.replace(tzinfo=UTC) == DATED.replace(tzinfo=UTC)
    assert reader.xmp_metadata.xmp_create_date.replace(tzinfo=UTC) == DATED
    trailer_id = reader.trailer["/ID"]
    assert trailer_id[0] == trailer_id[1]


def test_the_pdfa_colour_profile_stays_a_valid_icc_profile_with_the_document_date(pool, make_docx):
    pdf = pool.convert(make_docx(1, modified=DATED), pdfa=True, deterministic=True)
    reader = PdfReader(io.BytesIO(pdf))
    [intent] = reader.trailer["/Root"]["/OutputIntents"]
    icc = intent.get_object()["/DestOutputProfile"].get_object().get_data()
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))  # littlecms parses it
    assert profile.profile.xcolor_space.strip() == "RGB"
    assert struct.unpack(">6H", icc[24:36]) == (2025, 3, 14, 9, 26, 53)


def test_different_content_gives_a_different_id(pool, make_docx):
    one = PdfReader(io.BytesIO(pool.convert(make_docx(1, modified=DATED), deterministic=True)))
    two = PdfReader(io.BytesIO(pool.convert(make_docx(2, modified=DATED), deterministic=True)))
    assert one.trailer["/ID"][0] != two.trailer["/ID"][0]


def test_a_document_without_dates_gets_the_fixed_date(pool, make_docx):
    source = make_docx(1)
    stripped = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", _core(source))
    pdf = pool.convert(_with_core(source, stripped), pdfa=True, deterministic=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.xmp_metadata.xmp_create_date.replace(tzinfo=UTC) == office.FIXED_DATE


def _core(blob: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(blob)) as package:
        return package.read("docProps/core.xml")


def _with_core(blob: bytes, core: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, core if name == "docProps/core.xml" else src.read(name))
    return out.getvalue()
