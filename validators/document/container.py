"""Reading an uploaded file safely: sniffing its type from content, refusing hostile or broken containers.

Every OOXML part is read through :func:`read_part` (size-limited) and parsed with :func:`parse_xml`
(no DTDs, no entities, no network, no huge trees), so an XML bomb or an external entity never expands
and nothing outside the document is ever read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from validators.errors import UnsupportedType, UnusableDocument
from validators.settings import at_import
from validators.texts import said

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PART_BYTES = at_import("max_part_bytes")  # one unpacked XML part
MAX_TOTAL_BYTES = at_import("max_unpacked_bytes")  # whole package
MAX_RATIO = 200  # uncompressed / compressed, per part above 1 MiB
MAX_ENTRIES = 20000

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False,
    remove_blank_text=False,
)


def sniff(data: bytes) -> str:
    """Return "docx" | "pptx" | "pdf" from the bytes, or raise a clear UnusableDocument/UnsupportedType."""
    if not data or not data.strip(b"\x00 \t\r\n"):
        raise UnusableDocument("the file is empty", messages=said("doc-empty"))
    head = data[:8]
    if data.lstrip()[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return "pdf"
    if head == OLE_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnusableDocument("the file is encrypted (password-protected Office document); "
                                   "remove the password and upload it again", messages=said("doc-encrypted"))
        raise UnusableDocument("this is a legacy binary Office file (.doc/.ppt/.xls, OLE format), "
                               "not .docx/.pptx; open it in Word or LibreOffice and save it as .docx",
                               messages=said("doc-legacy-office"))
    if head[:4] == b"PK\x03\x04" or head[:4] == b"PK\x05\x06":
        with open_package(data) as zf:
            names = set(zf.namelist())
        if "word/document.xml" in names:
            return "docx"
        if "ppt/presentation.xml" in names:
            return "pptx"
        if "xl/workbook.xml" in names:
            raise UnsupportedType("this is a spreadsheet (.xlsx); Qujat checks .docx, .pdf and .pptx",
                                  messages=said("doc-spreadsheet"))
        raise UnsupportedType("a ZIP archive that is not a Word or PowerPoint document",
                              messages=said("doc-zip-not-office"))
    if data[:5].lower() in (b"{\\rtf",):
        raise UnsupportedType("RTF is not supported; save the document as .docx", messages=said("doc-rtf"))
    raise UnsupportedType("unrecognised content: not .docx, .pdf or .pptx", messages=said("doc-unrecognised"))


@dataclass
class Package:
    """An opened, vetted OOXML package (a ZIP)."""

    zf: zipfile.ZipFile

    def __enter__(self) -> zipfile.ZipFile:
        return self.zf

    def __exit__(self, *exc: object) -> None:
        self.zf.close()


def open_package(data: bytes) -> Package:
    """Open the ZIP and vet it: readable directory, sizes and compression ratios within limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a damaged header claims a ZIP version or feature nobody implements
        raise UnusableDocument(f"the file is a damaged ZIP/Office package and cannot be opened ({exc})",
                                 messages=said("doc-damaged-zip")) from None
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnusableDocument(f"the package has {len(infos)} parts (limit {MAX_ENTRIES}); refused as a zip bomb",
                               messages=said("doc-too-many-parts", parts=len(infos), limit=MAX_ENTRIES))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnusableDocument("the package is encrypted; remove the password and upload it again",
                                   messages=said("doc-encrypted"))
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise UnusableDocument(f"part {info.filename} unpacks to {info.file_size} bytes "
                                   f"(limit {MAX_PART_BYTES}); refused as a possible zip bomb",
                                   messages=said("doc-part-too-large", part=info.filename, size=info.file_size,
                                                 limit=MAX_PART_BYTES))
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnusableDocument(f"part {info.filename} has compression ratio "
                                   f"{info.file_size // max(info.compress_size, 1)}:1; refused as a zip bomb",
                                   messages=said("doc-zip-bomb", part=info.filename,
                                                 ratio=info.file_size // max(info.compress_size, 1)))
    if total > MAX_TOTAL_BYTES:
        raise UnusableDocument(f"the package unpacks to {total} bytes (limit {MAX_TOTAL_BYTES}); refused",
                               messages=said("doc-package-too-large", size=total, limit=MAX_TOTAL_BYTES))
    return Package(zf)


def read_part(zf: zipfile.ZipFile, name: str) -> bytes | None:
    """The bytes of one part, or None when absent. Reads at most the vetted size."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise UnusableDocument(f"part {name} of the package is damaged ({exc})",
                               messages=said("doc-part-damaged", part=name)) from None
    if len(data) > MAX_PART_BYTES:
        raise UnusableDocument(f"part {name} is larger than {MAX_PART_BYTES} bytes; refused",
                               messages=said("doc-part-too-large", part=name, size=len(data), limit=MAX_PART_BYTES))
    return data


def require_part(zf: zipfile.ZipFile, name: str) -> bytes:
    """The bytes of a part the package must have; UnusableDocument naming it when absent."""
    data = read_part(zf, name)
    if data is None:
        raise UnusableDocument(f"the package has no {name} part", messages=said("doc-part-missing", part=name))
    return data


def refuse_dtd(data: bytes, name: str) -> None:
    """OOXML never needs a DTD: a DOCTYPE/ENTITY declaration means an XML bomb or an external entity."""
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
        raise UnusableDocument(f"part {name} declares a DTD or entities (possible XML bomb or external "
                               "entity); refused", messages=said("doc-dtd", part=name))


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse one XML part with the hardened parser."""
    refuse_dtd(data, name)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        reason = " ".join(str(exc).split())  # libxml2 puts line breaks inside some messages
        raise UnusableDocument(f"part {name} is not well-formed XML ({reason})",
                               messages=said("doc-bad-xml", part=name)) from None


def vet_all_xml(zf: zipfile.ZipFile) -> None:
    """Refuse the package if any XML part declares a DTD (before third-party readers see it)."""
    for info in zf.infolist():
        if info.filename.endswith((".xml", ".rels")) or info.filename == "[Content_Types].xml":
            data = read_part(zf, info.filename) or b""
            refuse_dtd(data, info.filename)
