"""The signature-ready bundle: the same .docx gives the same PDF/A-2b bytes (through the real LibreOffice
pool), a PDF passes through unchanged, and the NCALayer requests follow the basics module's sign call."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import time

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


@pytest.mark.office
def test_prepare_twice_gives_identical_pdfa_bytes(tmp_path):
    source = _docx()
    first = prepare(source)
    time.sleep(1.1)  # LibreOffice stamps the clock (to the second) into the PDF/A colour profile
    second = prepare(source)
    assert first.rendered and first.pdf[:5] == b"%PDF-"
    assert first.pdf == second.pdf
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
