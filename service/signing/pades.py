"""PAdES from an externally produced CMS (pyHanko's CMS embedder, "interrupted signing"): reserve a signature
field in the PDF, hand the byte-range SHA-256 to NCALayer (``digested: true``), then put the returned CMS
into the reserved place. For RSA keys: pyHanko hashes with SHA-2 only, and a GOST key needs a GOST hash."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import dataclass

from service.signing import cms as cms_mod
from service.signing.prepare import sign_message
from validators.errors import DataInvalid, UnusableDocument
from validators.texts import said

RESERVED_BYTES = 16384
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")


@dataclass(frozen=True)
class PreparedPdf:
    """The PDF with an empty signature placeholder, and the SHA-256 of everything outside it."""

    pdf: bytes
    digest: bytes

    def ncalayer_request(self, locale: str = "ru") -> dict:
        return sign_message(base64.b64encode(self.digest).decode("ascii"), digested=True, locale=locale)


def prepare(pdf: bytes, field_name: str = "Signature1", reserved: int = RESERVED_BYTES) -> PreparedPdf:
    """Add a signature field (adbe.pkcs7.detached) holding ``reserved`` bytes of zeroes, as an incremental
    update: the original bytes stay a prefix of the result."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers.pdf_byterange import SignatureObject
    from pyhanko.sign.signers.pdf_signer import PdfCMSEmbedder, SigIOSetup, SigObjSetup

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        embedder = PdfCMSEmbedder().write_cms(field_name=field_name, writer=writer)
        next(embedder)
        embedder.send(SigObjSetup(sig_placeholder=SignatureObject(
            bytes_reserved=reserved, subfilter=SigSeedSubFilter.ADOBE_PKCS7_DETACHED, name=None)))
        out = io.BytesIO()
        prepared, _ = embedder.send(SigIOSetup(md_algorithm="sha256", in_place=False, output=out))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise UnusableDocument(f"the PDF can't take a signature field: {exc}") from exc
    return PreparedPdf(out.getvalue(), prepared.document_digest)


def _reserved_region(pdf: bytes) -> tuple[int, int]:
    """The last /ByteRange's gap: where the CMS goes (between ``<`` and ``>``, inclusive)."""
    found = list(_BYTE_RANGE.finditer(pdf))
    if not found:
        raise UnusableDocument("the PDF has no prepared signature field (/ByteRange): run pades-prepare first",
                               messages=said("pades-not-prepared"))
    start1, len1, start2, len2 = (int(g) for g in found[-1].groups())
    if start1 != 0 or start2 + len2 != len(pdf) or pdf[len1:len1 + 1] != b"<" or pdf[start2 - 1:start2] != b">":
        raise UnusableDocument("the PDF was changed after pades-prepare (its /ByteRange no longer fits)",
                               messages=said("pades-changed"))
    if pdf[len1 + 1:start2 - 1].strip(b"0"):
        raise UnusableDocument("the prepared signature field is already filled", messages=said("pades-filled"))
    return len1, start2


def finish(prepared_pdf: bytes, signature: bytes) -> bytes:
    """Put the CMS NCALayer returned into the prepared PDF, after checking it signs exactly these bytes."""
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest

    start, end = _reserved_region(prepared_pdf)
    digest = hashlib.sha256(prepared_pdf[:start] + prepared_pdf[end:]).digest()
    der = cms_mod.decode(signature)
    signed = cms_mod.load_signed_data(der)
    digests = {cms_mod.signed_attribute(s, "message_digest").native for s in signed["signer_infos"]
               if cms_mod.signed_attribute(s, "message_digest") is not None}
    if digest not in digests:
        raise DataInvalid("the CMS was not made over this prepared PDF (its messageDigest is not the SHA-256 of "
                          "the PDF's byte ranges); sign the hash from pades-prepare")
    if 2 * len(der) > end - start - 2:
        raise DataInvalid(f"the CMS ({len(der)} bytes) does not fit the {(end - start - 2) // 2} bytes reserved")
    out = io.BytesIO(prepared_pdf)
    PreparedByteRangeDigest(digest, start, end).fill_with_cms(out, der)
    return out.getvalue()
