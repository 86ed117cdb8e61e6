"""Reading and normalising the PDFs LibreOffice writes: page count, fonts used, deterministic bytes.

``make_deterministic`` rewrites everything LibreOffice makes time- or run-dependent: CreationDate/ModDate in
the Info dictionary, the xmp:*Date entries of the XMP packet (kept equal to the Info dates, as PDF/A requires),
the creation date inside embedded ICC profiles (PDF/A's OutputIntent), the trailer /ID and LibreOffice's
/DocChecksum (both derived from the content hash); the cross-reference table follows any change of length.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zlib
from datetime import UTC, datetime

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from validators.errors import UnusableDocument

_INFO_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*(\(D:[0-9Z+\-']*\))")
_XMP_DATE = re.compile(rb"(?:<xmp:(?:CreateDate|ModifyDate|MetadataDate)>|xmp:(?:CreateDate|ModifyDate|MetadataDate)"
                       rb"=\")(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
_FLATE_STREAM = re.compile(rb"obj\s*<<([^<>]*/FlateDecode[^<>]*)>>\s*stream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_XREF_ENTRY = re.compile(rb"(?m)^(\d{10})( \d{5} n)")


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
    when = (when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)).replace(microsecond=0)
    info_date = b"(D:" + when.strftime("%Y%m%d%H%M%S").encode() + b"+00'00')"  # LibreOffice's "Z'" is not standard
    patches = [(m.start(1), m.end(1), info_date) for m in _INFO_DATE.finditer(pdf)]
    patches += [(m.start(1), m.end(1), _xmp_date(m.group(1), when)) for m in _XMP_DATE.finditer(pdf)]
    patches += _icc_patches(pdf, when)
    out = _apply_patches(pdf, patches) if patches else pdf
    zeroed = _ID.sub(lambda m: _same_length_id(m, b"0"), out)
    zeroed = _CHECKSUM.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + b"0" * len(m.group(1)), zeroed)
    digest = hashlib.sha256(zeroed).hexdigest().upper().encode()
    out = _ID.sub(lambda m: _same_length_id(m, digest), out)
    return _CHECKSUM.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + _fit(digest, len(m.group(1))), out)


def _icc_patches(pdf: bytes, when: datetime) -> list[tuple[int, int, bytes]]:
    """Patches setting the creation date in the header of every embedded ICC profile (LibreOffice builds the
    sRGB profile of a PDF/A's OutputIntent at export time and stamps it with the clock), with the new /Length."""
    patches: list[tuple[int, int, bytes]] = []
    for m in _FLATE_STREAM.finditer(pdf):
        length, length_at = _stream_length(pdf, m.group(1), m.start(1))
        if length is None or length_at is None:
            continue
        start = m.end()
        try:
            icc = zlib.decompress(pdf[start:start + length])
        except zlib.error:
            continue
        if len(icc) < 128 or icc[36:40] != b"acsp":
            continue
        stamped = bytearray(icc)
        stamped[24:36] = struct.pack(">6H", when.year, when.month, when.day, when.hour, when.minute, when.second)
        if any(stamped[84:100]):  # a profile ID is the MD5 of the profile with flags, intent and ID zeroed
            probe = bytearray(stamped)
            probe[44:48] = probe[64:68] = bytes(4)
            probe[84:100] = bytes(16)
            stamped[84:100] = hashlib.md5(probe).digest()
        data = zlib.compress(bytes(stamped), 9)
        patches += [(start, start + length, data), (*length_at, str(len(data)).encode())]
    return patches


def _stream_length(pdf: bytes, dictionary: bytes, dictionary_at: int) -> tuple[int | None, tuple[int, int] | None]:
    """The stream's length and the byte range of its digits in ``pdf`` (direct, or in the object holding it)."""
    m = _LENGTH.search(dictionary)
    if m is None:
        return None, None
    if m.group(2) is None:
        return int(m.group(1)), (dictionary_at + m.start(1), dictionary_at + m.end(1))
    holder = re.search(rb"(?:^|[\r\n])" + m.group(1) + rb" " + m.group(2) + rb" obj\s*(\d+)\s*endobj", pdf)
    if holder is None:
        return None, None
    return int(holder.group(1)), (holder.start(1), holder.end(1))


def _apply_patches(pdf: bytes, patches: list[tuple[int, int, bytes]]) -> bytes:
    """Replace byte ranges and move the classic cross-reference table's offsets and startxref to match."""
    patches.sort()
    pieces, shifts, cursor, delta = [], [], 0, 0
    for start, end, data in patches:
        pieces += [pdf[cursor:start], data]
        delta += len(data) - (end - start)
        shifts.append((end, delta))
        cursor = end
    pieces.append(pdf[cursor:])
    out = b"".join(pieces)

    def moved(offset: int) -> int:
        shift = 0
        for end, total in shifts:
            if offset >= end:
                shift = total
        return offset + shift

    startxref = list(_STARTXREF.finditer(out))
    if not startxref:
        raise UnusableDocument("the PDF has no startxref: cannot normalise it")
    last = startxref[-1]
    table_at = moved(int(last.group(1)))
    if out[table_at:table_at + 4] != b"xref":
        raise UnusableDocument("the PDF uses a cross-reference stream: cannot normalise it")
    table_end = out.index(b"trailer", table_at)
    table = _XREF_ENTRY.sub(lambda e: b"%010d" % moved(int(e.group(1))) + e.group(2), out[table_at:table_end])
    return (out[:table_at] + table + out[table_end:last.start(1)] + str(table_at).encode()
            + out[last.end(1):])


def _xmp_date(original: bytes, when: datetime) -> bytes:
    """``when`` in the layout of the XMP date it replaces (same length: the XMP stream's /Length holds)."""
    text = when.strftime("%Y-%m-%dT%H:%M:%S")
    if original.endswith(b"Z"):
        stamp, suffix = original[:-1], "Z"
    elif re.search(rb"[+-]\d\d:\d\d$", original):
        stamp, suffix = original[:-6], "+00:00"
    else:
        stamp, suffix = original, ""
    if b"." in stamp:
        text += "." + "0" * (len(stamp) - stamp.index(b".") - 1)
    return (text[: len(stamp)] + suffix).encode()


def _fit(digest: bytes, length: int) -> bytes:
    return (digest * (length // len(digest) + 1))[:length]


def _same_length_id(m: re.Match, fill: bytes) -> bytes:
    whole = m.group(0)
    first, second = m.group(1), m.group(2)
    head = whole[: m.start(1) - m.start(0)]
    middle = whole[m.end(1) - m.start(0): m.start(2) - m.start(0)]
    tail = whole[m.end(2) - m.start(0):]
    return head + _fit(fill, len(first)) + middle + _fit(fill, len(second)) + tail
