"""Reading and normalising the PDFs LibreOffice writes: page count, fonts used, deterministic bytes.

``make_deterministic`` rewrites, in place and at the same byte length (so the cross-reference table stays
valid), everything LibreOffice makes time- or run-dependent: CreationDate/ModDate in the Info dictionary,
the xmp:*Date entries of the XMP packet (kept equal to the Info dates, as PDF/A requires), the trailer /ID and
LibreOffice's /DocChecksum (both derived from the content hash).
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, datetime, timedelta, timezone

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from validators.errors import UnusableDocument

_INFO_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:(\d{4,14})((?:Z|[+-]\d\d)?'?(?:\d\d'?)?)\)")
_XMP_DATE = re.compile(
    rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>|xmp:(?:CreateDate|ModifyDate|MetadataDate)=\")"
    rb"(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?)(Z|[+-]\d\d:\d\d)?"
)
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
_OFFSET = re.compile(rb"([+-])(\d\d)'?(\d\d)?")


def read_pdf(pdf: bytes) -> PdfReader:
    try:
        return PdfReader(io.BytesIO(pdf))
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnusableDocument(f"the PDF is not readable: {exc}") from exc


def page_count(pdf: bytes) -> int:
    """Number of pages of a PDF."""
    reader = read_pdf(pdf)
    if reader.is_encrypted:
        raise UnusableDocument("the PDF is encrypted: its pages cannot be counted without the password")
    try:
        return len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnusableDocument(f"the PDF's page tree is broken: {exc}") from exc


def font_names(pdf: bytes) -> set[str]:
    """PostScript names of the fonts the pages use (subset tags like ``BAAAAA+`` removed)."""
    reader = read_pdf(pdf)
    names: set[str] = set()
    seen: set[int] = set()
    for page in reader.pages:
        _collect_fonts(page.get("/Resources"), names, seen)
    return names


def _collect_fonts(resources, names: set[str], seen: set[int]) -> None:
    resources = resources.get_object() if resources is not None else None
    if not resources or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        base = font.get("/BaseFont")
        if base is None:
            for descendant in font.get("/DescendantFonts") or []:
                base = descendant.get_object().get("/BaseFont") or base
        if base is not None:
            names.add(str(base).lstrip("/").split("+", 1)[-1])
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _collect_fonts(xobject.get("/Resources"), names, seen)


def make_deterministic(pdf: bytes, when: datetime) -> bytes:
    """The same PDF with its dates set to ``when`` and its /ID derived from the content: byte-identical output
    for identical content, whatever the time or the LibreOffice process that wrote it."""
    when = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    out = _INFO_DATE.sub(lambda m: _info_date(m, when), pdf)
    out = _XMP_DATE.sub(lambda m: _xmp_date(m, when), out)
    zeroed = _ID.sub(lambda m: _same_length_id(m, b"0"), out)
    zeroed = _CHECKSUM.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + b"0" * len(m.group(1)), zeroed)
    digest = hashlib.sha256(zeroed).hexdigest().upper().encode()
    out = _ID.sub(lambda m: _same_length_id(m, digest), out)
    out = _CHECKSUM.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + _fit(digest, len(m.group(1))), out)
    if len(out) != len(pdf):  # cannot happen with the patterns above; a guard for the xref offsets
        raise AssertionError("deterministic normalisation changed the PDF's length")
    return out


def _fit(digest: bytes, length: int) -> bytes:
    return (digest * (length // len(digest) + 1))[:length]


def _same_length_id(m: re.Match, fill: bytes) -> bytes:
    whole = m.group(0)
    first, second = m.group(1), m.group(2)
    head = whole[: m.start(1) - m.start(0)]
    middle = whole[m.end(1) - m.start(0): m.start(2) - m.start(0)]
    tail = whole[m.end(2) - m.start(0):]
    return head + _fit(fill, len(first)) + middle + _fit(fill, len(second)) + tail


def _offset(suffix: bytes) -> timezone:
    m = _OFFSET.match(suffix)
    if not m:
        return UTC
    minutes = int(m.group(2)) * 60 + int(m.group(3) or b"0")
    return timezone(timedelta(minutes=-minutes if m.group(1) == b"-" else minutes))


def _info_date(m: re.Match, when: datetime) -> bytes:
    digits, suffix = m.group(1), m.group(2)
    local = when.astimezone(_offset(suffix))
    stamp = local.strftime("%Y%m%d%H%M%S").encode()[: len(digits)]
    whole = m.group(0)
    return whole[: m.start(1) - m.start(0)] + stamp + whole[m.end(1) - m.start(0):]


def _xmp_date(m: re.Match, when: datetime) -> bytes:
    prefix, stamp, suffix = m.group(1), m.group(2), m.group(3) or b""
    local = when.astimezone(_offset(suffix.replace(b":", b"'")))
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if b"." in stamp:
        text += "." + "0" * (len(stamp) - stamp.index(b".") - 1)
    return prefix + text.encode()[: len(stamp)] + suffix
