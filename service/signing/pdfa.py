"""PDF/A-3b for the signed package: XMP metadata (pdfaid part 3, conformance B) matching the document
information, an sRGB output intent (srgb.icc, lcms's built-in sRGB written once), printable annotations,
embedded files with /AFRelationship and /Params /ModDate, a PDF 1.7 header. ``problems`` is the structural
check the package runs on itself: the PDF/A claim is written only when every font is embedded."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

ICC = Path(__file__).with_name("srgb.icc")
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


def pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp(title: str, when: dt.datetime, producer: str, creator: str, claim: bool) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    pdfaid = ('<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
              "<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>"
              if claim else "")
    body = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:format>application/pdf</dc:format>'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate><xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<pdf:Producer>{escape(producer)}</pdf:Producer></rdf:Description>"
        f"{pdfaid}</rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return body.encode("utf-8")


def finish(writer: PdfWriter, title: str, when: dt.datetime, claim: bool) -> None:
    """Make ``writer`` PDF/A-3b shaped: metadata, output intent, printable annotations, PDF 1.7."""
    producer, creator = "Qujat", "Qujat sign package"
    writer.add_metadata({"/Title": title, "/Producer": producer, "/Creator": creator,
                         "/CreationDate": pdf_date(when), "/ModDate": pdf_date(when)})
    metadata = DecodedStreamObject()
    metadata.set_data(_xmp(title, when, producer, creator, claim))
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    root = writer._root_object
    root[NameObject("/Metadata")] = writer._add_object(metadata)
    icc = DecodedStreamObject()
    icc.set_data(ICC.read_bytes())
    icc[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"), NameObject("/S"): NameObject("/GTS_PDFA1"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(OUTPUT_CONDITION),
        NameObject("/Info"): TextStringObject(OUTPUT_CONDITION),
        NameObject("/DestOutputProfile"): writer._add_object(icc),
    })
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    for page in writer.pages:
        for annot in page.get("/Annots", None) or []:
            annot = annot.get_object()
            annot[NameObject("/F")] = NumberObject(4)  # Print: PDF/A wants every annotation printable
    writer.pdf_header = b"%PDF-1.7"


def _fonts(resources: Any, seen: set[int]) -> list[Any]:
    """Every font dictionary reachable from ``resources`` (through form XObjects too)."""
    found: list[Any] = []
    if resources is None:
        return found
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        found.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        ref = getattr(xobject, "idnum", None)
        xobject = xobject.get_object()
        if ref is not None:
            if ref in seen:
                continue
            seen.add(ref)
        if xobject.get("/Subtype") == "/Form":
            found.extend(_fonts(xobject.get("/Resources"), seen))
    return found


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are content streams inside the font
    if font.get("/Subtype") == "/Type0":
        return all(_embedded(d.get_object()) for d in font.get("/DescendantFonts", []))
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def font_problems(reader: PdfReader) -> list[str]:
    problems: list[str] = []
    seen: set[int] = set()
    for number, page in enumerate(reader.pages, start=1):
        for font in _fonts(page.get("/Resources"), seen):
            if not _embedded(font):
                problems.append(f"page {number}: font {font.get('/BaseFont', '?')} is not embedded")
    return problems


def problems(pdf: bytes) -> list[str]:
    """What keeps ``pdf`` from being PDF/A-3b structurally (empty when none is found)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    if not pdf.startswith(b"%PDF-1.7"):
        found.append("the header is not %PDF-1.7")
    if reader.is_encrypted:
        found.append("the file is encrypted")
    if "/ID" not in reader.trailer:
        found.append("the trailer has no /ID")
    root: Any = reader.trailer["/Root"]
    metadata = root.get("/Metadata")
    xmp = metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else ""
    if "<pdfaid:part>3</pdfaid:part>" not in xmp or "<pdfaid:conformance>B</pdfaid:conformance>" not in xmp:
        found.append("the XMP metadata does not declare PDF/A-3B")
    intents = [i.get_object() for i in root.get("/OutputIntents", [])]
    if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        found.append("no PDF/A output intent with an ICC profile")
    found.extend(font_problems(reader))
    for page in reader.pages:
        for annot in page.get("/Annots", None) or []:
            if not int(annot.get_object().get("/F", 0)) & 4:
                found.append("an annotation is not printable")
    names = root.get("/Names", {}).get_object().get("/EmbeddedFiles") if "/Names" in root else None
    specs = []
    if names is not None:
        pairs = names.get_object().get("/Names", [])
        specs = [pairs[i + 1].get_object() for i in range(0, len(pairs), 2)]
    associated = {ref.idnum for ref in root.get("/AF", [])}
    for spec in specs:
        label = spec.get("/UF", spec.get("/F", "?"))
        if "/AFRelationship" not in spec:
            found.append(f"embedded file {label} has no /AFRelationship")
        if getattr(spec.indirect_reference, "idnum", None) not in associated:
            found.append(f"embedded file {label} is not in the catalog's /AF")
        stream = spec["/EF"]["/F"].get_object()
        if "/Subtype" not in stream or "/ModDate" not in stream.get("/Params", {}):
            found.append(f"embedded file {label} lacks its MIME type or /Params /ModDate")
    return found
