"""PAdES from an external CMS: prepare a placeholder, sign the byte-range hash outside (as NCALayer's
DetachedHash does), finish; the PDF then verifies in Qujat and in pyHanko's own validator."""

from __future__ import annotations

import base64
import io

import pytest
from signing_pki import sign_detached

from service.signing import pades
from service.signing.certificates import TrustStore, load_certificates
from service.signing.pdfsig import signatures
from validators.errors import DataInvalid, UnusableDocument


def _byte_ranges(pdf: bytes) -> bytes:
    start, end = pades._reserved_region(pdf)
    return pdf[:start] + pdf[end:]


def test_prepare_sign_finish_verifies(pki, pdf_document, good):
    prepared = pades.prepare(pdf_document)
    assert prepared.pdf.startswith(pdf_document)  # an incremental update: the original bytes are kept
    request = prepared.ncalayer_request()
    assert request["args"]["signingParams"]["digested"] is True
    assert base64.b64decode(request["args"]["data"]) == prepared.digest

    cms = sign_detached(_byte_ranges(prepared.pdf), [pki.employee], chain=[pki.nca])
    signed = pades.finish(prepared.pdf, cms)

    found = signatures(signed, TrustStore(load_certificates(pki.trust_pem())), good)
    assert len(found) == 1 and found[0].covers_whole_file
    assert found[0].status == "valid" and found[0].result.signers[0].certificate.bin == "123456789021"

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[pki.root.asn1], allow_fetching=False,
                                                                revocation_mode="soft-fail"))
    assert status.intact and status.valid


def test_finish_refuses_a_cms_over_other_bytes(pki, pdf_document):
    prepared = pades.prepare(pdf_document)
    with pytest.raises(DataInvalid, match="not made over this prepared PDF"):
        pades.finish(prepared.pdf, sign_detached(pdf_document, [pki.person]))


def test_finish_refuses_an_unprepared_or_changed_pdf(pki, pdf_document):
    with pytest.raises(UnusableDocument, match="pades-prepare"):
        pades.finish(pdf_document, sign_detached(pdf_document, [pki.person]))
    prepared = pades.prepare(pdf_document)
    with pytest.raises(UnusableDocument, match="changed after"):
        pades.finish(prepared.pdf + b"\n% appended", sign_detached(pdf_document, [pki.person]))
