"""CMS signatures embedded in a PDF (signature fields with /ByteRange and /Contents: adbe.pkcs7.detached,
ETSI.CAdES.detached, adbe.pkcs7.sha1), verified with the same detached-CMS verifier."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from service.signing import texts
from service.signing.certificates import TrustStore
from service.signing.cms import der_prefix
from service.signing.revocation import RevocationConfig
from service.signing.verify import VerificationResult, verify
from validators.errors import QujatError, UnusableDocument
from validators.texts import error_texts

DETACHED = ("/adbe.pkcs7.detached", "/ETSI.CAdES.detached")


@dataclass
class PdfSignature:
    """One signature field: its result, or why it was not checked."""

    field_name: str
    sub_filter: str
    covers_whole_file: bool
    result: VerificationResult | None = None
    notes: list[str] = field(default_factory=list)
    #: ``notes`` in kk/ru/en
    note_texts: list[texts.Tri] = field(default_factory=list)

    def note(self, detail: str, said: texts.Tri | None = None) -> None:
        self.notes.append(detail)
        self.note_texts.append(said or texts.explain(detail))

    @property
    def status(self) -> str:
        if self.result is None:
            return "unverifiable"
        if self.result.valid and not self.covers_whole_file:
            return "valid (an earlier revision; later changes are not covered)"
        return self.result.status

    @property
    def status_text(self) -> texts.Tri:
        """The status in words: «valid» over an earlier revision says what it does not cover."""
        if self.status.startswith("valid ("):
            return texts.tri("face", "pdf-earlier")
        return texts.tri("status", self.status)

    def to_dict(self) -> dict:
        return {"field": self.field_name, "sub_filter": self.sub_filter, "status": self.status,
                "status_text": self.status_text, "covers_whole_file": self.covers_whole_file, "notes": self.notes,
                "note_texts": self.note_texts,
                "verification": self.result.to_dict() if self.result else None}


def _signature_values(reader: PdfReader) -> list[tuple[str, dict]]:
    found = []
    for name, spec in (reader.get_fields() or {}).items():
        if spec.get("/FT") != "/Sig":
            continue
        value = spec.get("/V")
        value = value.get_object() if value is not None else None
        if value is not None and "/ByteRange" in value and "/Contents" in value:
            found.append((name, value))
    return found


def _gap_is_signature(gap: bytes) -> bool:
    """The unsigned gap must be exactly the hex string of /Contents."""
    inner = gap[1:-1]
    return gap[:1] == b"<" and gap[-1:] == b">" and all(c in b"0123456789abcdefABCDEF" for c in inner)


def signatures(data: bytes, trust: TrustStore | None = None,
               revocation: RevocationConfig | None = None) -> list[PdfSignature]:
    """Every signed signature field of the PDF ``data``, each verified over its byte ranges."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        values = _signature_values(reader)
    except (PdfReadError, ValueError, KeyError, TypeError, NotImplementedError) as exc:
        raise UnusableDocument(f"the PDF is not readable: {exc}") from exc
    results = []
    for name, value in values:
        sub_filter = str(value.get("/SubFilter", ""))
        ranges = [int(v) for v in value["/ByteRange"]]
        pairs = list(zip(ranges[::2], ranges[1::2], strict=False))
        signed_bytes = b"".join(data[start:start + length] for start, length in pairs)
        covers = len(pairs) == 2 and pairs[0][0] == 0 and pairs[1][0] + pairs[1][1] == len(data)
        entry = PdfSignature(name, sub_filter, covers_whole_file=covers)
        if len(pairs) != 2:
            entry.note(f"unusual /ByteRange with {len(pairs)} range(s)")
        elif not _gap_is_signature(data[pairs[0][0] + pairs[0][1]:pairs[1][0]]):
            entry.covers_whole_file = False
            entry.note("the gap between the signed byte ranges holds more than the signature value: "
                               "those bytes are not signed")
        contents = value["/Contents"]
        cms_der = der_prefix(bytes(getattr(contents, "original_bytes", contents)))
        if not cms_der.strip(b"\x00"):
            entry.note("the signature field is reserved but holds no signature")
            results.append(entry)
            continue
        try:
            if sub_filter in DETACHED:
                entry.result = verify(signed_bytes, cms_der, trust, name, revocation=revocation)
            elif sub_filter == "/adbe.pkcs7.sha1":
                entry.result = verify(hashlib.sha1(signed_bytes).digest(), cms_der, trust, name,  # noqa: S324
                                      revocation=revocation)
            else:
                entry.note(f"sub-filter {sub_filter or 'none'} (e.g. a document time-stamp) "
                                   "is not checked here")
        except QujatError as exc:
            entry.note(exc.message, dict(error_texts(exc)))
        results.append(entry)
    return results
