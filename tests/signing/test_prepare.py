"""The signature-ready bundle: the same .docx gives the same PDF/A-2b bytes (through the real LibreOffice
pool), a PDF passes through unchanged, and the NCALayer requests follow the basics module's sign call."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zlib

import pytest

from service.signing.prepare import prepare
from validators.errors import UnsupportedType, UnusableDocument


def _docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("ҚАУЛЫ / ПОСТАНОВЛЕНИЕ", level=1)
    document.add_paragraph("Түркістан қаласының әкімдігі қаулы етеді: 1. Жоспар бекітілсін.")
    document.add_paragraph("Акимат города Туркестан ПОСТАНОВЛЯЕТ: 1. Утвердить план.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def _same_but_icc_creation_time(a: bytes, b: bytes) -> bool:
    """Equal bytes, or equal but for the creation date-time that LibreOffice writes into the header (bytes
    24–35) of the sRGB ICC profile of the PDF/A output intent. That date is the one known gap in the office
    pool's deterministic mode (reported); the trailer /ID derived from the content follows it. Anything else
    differing fails."""
    if a == b:
        return True
    if len(a) != len(b):
        return False
    streams_a, streams_b = _STREAM.findall(a), _STREAM.findall(b)
    if _ids(_STREAM.sub(b"", a)) != _ids(_STREAM.sub(b"", b)) or len(streams_a) != len(streams_b):
        return False
    for sa, sb in zip(streams_a, streams_b, strict=True):
        if sa == sb:
            continue
        try:
            pa, pb = zlib.decompressobj().decompress(sa), zlib.decompressobj().decompress(sb)
        except zlib.error:
            return False
        if pa[36:40] != b"acsp" or pa[:24] + pa[36:] != pb[:24] + pb[36:]:
            return False
    return True


def _ids(pdf: bytes) -> bytes:
    """The trailer /ID and /DocChecksum are hashes of the content, so they follow the ICC date: mask them."""
    return re.sub(rb"(/ID\s*\[\s*<|>\s*<|/DocChecksum\s*/)[0-9A-Fa-f]+", rb"\1", pdf)


@pytest.mark.office
def test_prepare_twice_gives_identical_pdfa_bytes(tmp_path):
    pytest.importorskip("service.office", reason="the office pool (service.office) is not installed yet")
    source = _docx()
    first, second = prepare(source), prepare(source)
    assert first.rendered and first.pdf[:5] == b"%PDF-"
    assert _same_but_icc_creation_time(first.pdf, second.pdf)
    assert b"pdfaid:part" in first.pdf or b"pdfaid:part" in first.pdf.replace(b"\n", b"")
    written = {p.name: p for p in first.write(tmp_path)}
    assert written["document.sha256"].read_text().split()[0] == hashlib.sha256(first.pdf).hexdigest()


def test_pdf_passes_through_and_requests_follow_the_basics_module(pdf_document, tmp_path):
    bundle = prepare(pdf_document)
    assert bundle.pdf == pdf_document and not bundle.rendered
    names = sorted(p.name for p in bundle.write(tmp_path))
    assert names == ["document.pdf", "document.sha256", "ncalayer-request-hash.json", "ncalayer-request.json"]

    request = json.loads((tmp_path / "ncalayer-request.json").read_text(encoding="utf-8"))
    assert (request["module"], request["method"]) == ("kz.gov.pki.knca.basics", "sign")
    args = request["args"]
    assert args["format"] == "cms" and base64.b64decode(args["data"]) == pdf_document
    assert args["signingParams"] == {"decode": True, "encapsulate": False, "digested": False, "tsaProfile": {}}
    assert args["signerParams"]["extKeyUsageOids"] == ["1.3.6.1.5.5.7.3.4"]

    by_hash = json.loads((tmp_path / "ncalayer-request-hash.json").read_text(encoding="utf-8"))["args"]
    assert by_hash["signingParams"]["digested"] is True
    assert base64.b64decode(by_hash["data"]) == hashlib.sha256(pdf_document).digest()
    assert set(bundle.digests()) == {"sha256", "gost34.11-2015-256", "gost34.11-2015-512"}
    assert len(bytes.fromhex(bundle.digests()["gost34.11-2015-512"])) == 64


@pytest.mark.parametrize("data, error", [
    (b"%PDF-1.7\nbroken", UnusableDocument),
    (b"plain text is not a document", UnsupportedType),
])
def test_unusable_inputs_are_refused(data, error):
    with pytest.raises(error):
        prepare(data)
