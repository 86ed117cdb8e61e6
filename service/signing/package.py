"""The signed package: one PDF/A-3b (see pdfa.py) carrying the original document and every CMS as attachments
(/EmbeddedFiles and /AF, PDF/A-3 style, shown in a reader's attachment pane), the document's pages, and one
DDC-style sheet per signature after them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, NumberObject, TextStringObject

from service.signing import cms as cms_mod
from service.signing import pdfa, sheet
from service.signing.certificates import TrustStore
from service.signing.revocation import RevocationConfig
from service.signing.verify import SignerResult, VerificationResult, verify
from validators.errors import UnusableDocument
from validators.texts import said

SIGNATURE_MIME = "application/pkcs7-signature"


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    mime: str
    relationship: str  # PDF 2.0 /AFRelationship: Source for the document, Supplement for its signatures
    description: str


def _mime(data: bytes) -> str:
    if data.lstrip()[:5] == b"%PDF-":
        return "application/pdf"
    if data[:4] == b"PK\x03\x04":
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return "application/octet-stream"


def _document_pages(document: bytes) -> PdfReader | None:
    if document.lstrip()[:5] != b"%PDF-":
        return None
    try:
        reader = PdfReader(io.BytesIO(document))
        if reader.is_encrypted:
            raise UnusableDocument("the document PDF is encrypted; its pages can't be carried into the package",
                                   messages=said("pdf-encrypted"))
        len(reader.pages)
        return reader
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnusableDocument(f"the document PDF is not readable: {exc}") from exc


def attachments(document: bytes, document_name: str, signatures: list[bytes]) -> list[Attachment]:
    """The document under its own name and each CMS (DER) as «<name>.<n>.cms»."""
    items = [Attachment(document_name, document, _mime(document), "/Source", "Подписанный документ / Қол қойылған құжат")]
    blobs = [der for signature in signatures for der in cms_mod.decode_all(signature)]
    for number, der in enumerate(blobs, start=1):
        items.append(Attachment(f"{document_name}.{number}.cms", der, SIGNATURE_MIME,
                                "/Supplement", f"Подпись CMS № {number} / CMS қолтаңбасы № {number}"))
    return items


def build(document: bytes, signatures: list[bytes], document_name: str = "document.pdf",
          trust: TrustStore | None = None, revocation: RevocationConfig | None = None,
          public_url: str | None = None) -> tuple[bytes, list[VerificationResult]]:
    """Verify every signature against ``document`` and assemble the package; returns it and the results."""
    if not signatures:
        raise UnusableDocument("give at least one signature")
    results = []
    for number, signature in enumerate(signatures, start=1):
        try:
            results.append(verify(document, signature, trust, document_name, revocation=revocation))
        except UnusableDocument as exc:
            raise UnusableDocument(f"signature {number}: {exc.message}") from exc
    signers: list[SignerResult] = []
    for result in results:
        for signer in result.signers:
            signers.append(SignerResult(**{**signer.__dict__, "index": len(signers) + 1}))

    writer = PdfWriter()
    reader = _document_pages(document)
    doc_pages = 0
    if reader is not None:
        try:
            writer.append(reader, import_outline=True)
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UnusableDocument(f"the document PDF's pages can't be copied: {exc}") from exc
        doc_pages = len(reader.pages)
    context = sheet.SheetContext(document_name, hashlib.sha256(document).hexdigest(),
                                 first_page=doc_pages + 1, total_pages=doc_pages + len(signers),
                                 public_url=public_url)
    writer.append(PdfReader(io.BytesIO(sheet.render(signers, context))))
    when = dt.datetime.now(dt.UTC).replace(microsecond=0)
    _attach(writer, attachments(document, document_name, signatures), when)
    # the PDF/A-3b claim is made only when every font is embedded (a document PDF may bring one that is not)
    claim = not pdfa.font_problems(PdfReader(_written(writer)))
    pdfa.finish(writer, f"Подписанный документ / Қол қойылған құжат: {document_name}", when, claim)
    writer.generate_file_identifiers()
    return _written(writer).getvalue(), results


def _written(writer: PdfWriter) -> io.BytesIO:
    out = io.BytesIO()
    writer.write(out)
    out.seek(0)
    return out


def _attach(writer: PdfWriter, items: list[Attachment], when: dt.datetime) -> None:
    associated = ArrayObject()
    for item in items:
        embedded = writer.add_attachment(item.name, item.data)
        embedded.subtype = NameObject("/" + item.mime)
        embedded.size = NumberObject(len(item.data))
        embedded.checksum = ByteStringObject(hashlib.md5(item.data, usedforsecurity=False).digest())
        embedded.modification_date = when
        embedded.description = TextStringObject(item.description)
        embedded.associated_file_relationship = NameObject(item.relationship)
        filespec = embedded.pdf_object
        filespec[NameObject("/UF")] = TextStringObject(item.name)
        associated.append(filespec.indirect_reference)
    writer._root_object[NameObject("/AF")] = associated
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseAttachments")


def extract_attachments(package: bytes) -> dict[str, bytes]:
    """Attachment name → bytes, as a reader lists them (for checks and round trips)."""
    reader = PdfReader(io.BytesIO(package))
    return {name: contents[0] for name, contents in reader.attachments.items()}


def verify_upload(data: bytes, name: str, signature: bytes | None = None, trust: TrustStore | None = None,
                  revocation: RevocationConfig | None = None) -> VerificationResult:
    """What the verification page sends, verified: a document with its CMS; or, without a CMS, a signed
    package (its /Source document against every attached CMS), a PAdES-signed PDF, or an attached CMS /
    NCALayer answer carrying its own content."""
    from service.signing.verify import merge

    if signature is not None:
        return verify(data, signature, trust, name, revocation=revocation)
    if data.lstrip()[:5] == b"%PDF-":
        source, cms_files = package_parts(data)
        if source is not None and cms_files:
            results = [verify(source[1], blob, trust, source[0], revocation=revocation) for blob in cms_files]
            return merge(results)
        from service.signing.pdfsig import signatures as pdf_signatures

        found = []
        for entry in pdf_signatures(data, trust, revocation):
            if entry.result is None:
                continue
            if not entry.covers_whole_file:  # never «valid» for bytes the signature does not cover
                entry.result.reasons.append(PDF_CHANGED_AFTER_SIGNING)
            found.append(entry.result)
        if found:
            return merge(found)
        raise UnusableDocument("the PDF carries neither signed-package attachments nor a signature field: "
                               "give the document's CMS too", messages=said("sign-pdf-nothing"))
    return verify(None, data, trust, name, revocation=revocation)


#: the document-level reason of a PDF signature over an earlier revision (texts.json details: pdf-changed)
PDF_CHANGED_AFTER_SIGNING = "the PDF was changed after this signature: the later changes are not covered by it"


def package_parts(package: bytes) -> tuple[tuple[str, bytes] | None, list[bytes]]:
    """The package's /Source attachment (name, bytes) and its CMS attachments."""
    try:
        reader = PdfReader(io.BytesIO(package))
        root: Any = reader.trailer["/Root"]
        specs = [ref.get_object() for ref in root.get("/AF", [])]
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnusableDocument(f"the PDF is not readable: {exc}") from exc
    source, signatures = None, []
    for spec in specs:
        try:
            name = str(spec.get("/UF", spec.get("/F", "")))
            data = spec["/EF"]["/F"].get_object().get_data()
        except (KeyError, TypeError, AttributeError, ValueError):
            continue
        if spec.get("/AFRelationship") == "/Source":
            source = (name, data)
        elif name.lower().endswith((".cms", ".p7s", ".sig")):
            signatures.append(data)
    return source, signatures
