"""What a source document (DOCX, PPTX, ODT, …) says about itself before LibreOffice renders it: whether its
bytes are of the claimed type, the fonts it asks for, and the date in its core properties."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from validators.errors import UnusableDocument

ZIP_TYPES = {"docx", "pptx", "odt", "odp"}
OLE_TYPES = {"doc", "ppt"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_PART = 64 * 1024 * 1024  # uncompressed bytes read from one package part (zip bombs)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS = {
    "w": W, "a": A,
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_DOCX_CONTENT = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_PPTX_CONTENT = re.compile(r"ppt/(slides/slide|slideLayouts/slideLayout|slideMasters/slideMaster)\d+\.xml$")
_W3CDTF = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d))?)?")


def check_type(data: bytes, ext: str) -> None:
    """Refuse bytes that cannot be a file of type ``ext`` before LibreOffice spends time on them."""
    if not data:
        raise UnusableDocument(f"the {ext.upper()} file is empty")
    if ext in ZIP_TYPES and not data.startswith(b"PK"):
        if data.startswith(_OLE_MAGIC):
            raise UnusableDocument(f"not a {ext.upper()} package: an OLE file (a password-protected document, "
                                   f"or an old binary .doc/.ppt renamed .{ext})")
        raise UnusableDocument(f"not a {ext.upper()} file: it is not a ZIP package")
    if ext in OLE_TYPES and not data.startswith(_OLE_MAGIC):
        raise UnusableDocument(f"not a {ext.upper()} file: it is not an OLE compound file")
    if ext == "rtf" and not data.lstrip()[:5] == b"{\\rtf":
        raise UnusableDocument("not an RTF file: it does not start with {\\rtf")


_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ODF_FETCHING = {"image", "object", "object-ole", "plugin", "floating-frame", "fill-image", "section-source",
                 "table-source"}  # ODF elements whose xlink:href LibreOffice would load
REMOVED_TARGET = "qujat-removed-external-link"


def without_external_links(data: bytes, ext: str) -> bytes:
    """The package with every external resource LibreOffice would fetch (linked pictures, OLE objects,
    templates, frames, sub-documents, over http, file or smb) pointed at a part that does not exist: a
    document must not make the server read URLs or files of its choosing. Hyperlinks are kept. Unchanged
    bytes when there is nothing to remove or the package cannot be read (LibreOffice will say why)."""
    if ext not in ZIP_TYPES:
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            changed = {}
            for info in infos:
                if info.file_size > _MAX_PART:
                    continue
                if info.filename.endswith(".rels"):
                    fixed = _neutralise_rels(zf.read(info))
                elif ext in ("odt", "odp") and info.filename.endswith(("content.xml", "styles.xml")):
                    fixed = _neutralise_odf(zf.read(info))
                else:
                    continue
                if fixed is not None:
                    changed[info.filename] = fixed
            if not changed:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as rebuilt:
                for info in infos:
                    copy = zipfile.ZipInfo(info.filename, info.date_time)
                    copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
                    rebuilt.writestr(copy, changed.get(info.filename) or zf.read(info))
            return out.getvalue()
    except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError, OSError, RuntimeError, EOFError):
        return data


def _neutralise_rels(xml: bytes) -> bytes | None:
    if b"External" not in xml:
        return None
    root = etree.fromstring(xml, _PARSER)
    changed = False
    for rel in root.iter(f"{{{_RELS}}}Relationship"):
        if rel.get("TargetMode") == "External" and not (rel.get("Type") or "").endswith("/hyperlink"):
            del rel.attrib["TargetMode"]
            rel.set("Target", REMOVED_TARGET)
            changed = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else None


def _neutralise_odf(xml: bytes) -> bytes | None:
    if _XLINK_HREF.rsplit("}", 1)[0][1:].encode() not in xml:
        return None
    root = etree.fromstring(xml, _PARSER)
    changed = False
    for element in root.iter():
        href = element.get(_XLINK_HREF) if isinstance(element.tag, str) else None
        if href is None or etree.QName(element).localname not in _ODF_FETCHING:
            continue
        if re.match(r"^([a-zA-Z][\w+.-]*:|/|\\|\.\.)", href):  # a URL, an absolute path, a share, a parent dir
            element.set(_XLINK_HREF, REMOVED_TARGET)
            changed = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") if changed else None


def _parts(data: bytes, wanted) -> dict[str, etree._Element]:
    """The XML parts of a package whose names ``wanted(name)`` accepts, parsed safely; {} if not a zip."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return {}
    parts: dict[str, etree._Element] = {}
    with zf:
        for info in zf.infolist():
            if not wanted(info.filename) or info.file_size > _MAX_PART:
                continue
            try:
                parts[info.filename] = etree.fromstring(zf.read(info), _PARSER)
            except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, OSError, RuntimeError):
                continue  # LibreOffice decides whether the document is usable; here we only read what we can
    return parts


def requested_fonts(data: bytes, ext: str) -> set[str]:
    """Font families the document asks for where it has text: styles in use, runs, theme fonts they name."""
    if ext == "docx":
        return _docx_fonts(data)
    if ext == "pptx":
        return _pptx_fonts(data)
    if ext in ("odt", "odp"):
        return _odf_fonts(data)
    return set()


def _theme_fonts(parts: dict[str, etree._Element]) -> dict[str, str]:
    """{"major": family, "minor": family} from the first theme part."""
    for name in sorted(parts):
        if "/theme/" in name:
            theme = parts[name]
            fonts = {}
            for which in ("major", "minor"):
                latin = theme.find(f".//a:{which}Font/a:latin", _NS)
                if latin is not None and latin.get("typeface"):
                    fonts[which] = latin.get("typeface")
            return fonts
    return {}


def _rfonts(rpr: etree._Element | None, theme: dict[str, str]) -> set[str]:
    """Latin/Cyrillic families named by a w:rFonts (theme attributes win over explicit names, as in Word)."""
    if rpr is None:
        return set()
    rfonts = rpr.find("w:rFonts", _NS)
    if rfonts is None:
        return set()
    found = set()
    for slot in ("ascii", "hAnsi"):
        theme_ref = rfonts.get(f"{{{W}}}{slot}Theme")
        if theme_ref:
            family = theme.get("major" if theme_ref.startswith("major") else "minor")
        else:
            family = rfonts.get(f"{{{W}}}{slot}")
        if family:
            found.add(family)
    return found


def _docx_fonts(data: bytes) -> set[str]:
    parts = _parts(data, lambda n: bool(_DOCX_CONTENT.match(n)) or n == "word/styles.xml"
                   or n.startswith("word/theme/"))
    theme = _theme_fonts(parts)
    styles_root = parts.get("word/styles.xml")
    defaults: set[str] = set()
    styles: dict[str, etree._Element] = {}
    used_styles: set[str] = set()
    if styles_root is not None:
        defaults = _rfonts(styles_root.find("w:docDefaults/w:rPrDefault/w:rPr", _NS), theme)
        for style in styles_root.findall("w:style", _NS):
            style_id = style.get(f"{{{W}}}styleId")
            if style_id:
                styles[style_id] = style
                if style.get(f"{{{W}}}default") in ("1", "true") and style.get(f"{{{W}}}type") == "paragraph":
                    used_styles.add(style_id)
    fonts: set[str] = set()
    for name, root in parts.items():
        if not _DOCX_CONTENT.match(name):
            continue
        for ref in root.iter(f"{{{W}}}pStyle", f"{{{W}}}rStyle", f"{{{W}}}tblStyle"):
            used_styles.add(ref.get(f"{{{W}}}val") or "")
        for rpr in root.iter(f"{{{W}}}rPr"):
            fonts |= _rfonts(rpr, theme)
    for style_id in used_styles:
        fonts |= _style_fonts(style_id, styles, theme) or defaults
    return fonts or defaults


def _style_fonts(style_id: str, styles: dict[str, etree._Element], theme: dict[str, str]) -> set[str]:
    """The fonts a style resolves to through its basedOn chain (empty: the document defaults apply)."""
    seen: set[str] = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        style = styles[style_id]
        fonts = _rfonts(style.find("w:rPr", _NS), theme)
        if fonts:
            return fonts
        based = style.find("w:basedOn", _NS)
        style_id = based.get(f"{{{W}}}val") if based is not None else ""
    return set()


def _pptx_fonts(data: bytes) -> set[str]:
    parts = _parts(data, lambda n: bool(_PPTX_CONTENT.match(n)) or n.startswith("ppt/theme/"))
    theme = _theme_fonts(parts)
    fonts = set()
    for name, root in parts.items():
        if "/theme/" in name:
            continue
        for latin in root.iter(f"{{{A}}}latin"):
            face = latin.get("typeface") or ""
            if face.startswith("+mj"):
                face = theme.get("major", "")
            elif face.startswith("+mn"):
                face = theme.get("minor", "")
            if face:
                fonts.add(face)
    return fonts


def _odf_fonts(data: bytes) -> set[str]:
    parts = _parts(data, lambda n: n in ("content.xml", "styles.xml"))
    fonts = set()
    for root in parts.values():
        for face in root.iter(f"{{{_NS['style']}}}font-face"):
            family = face.get(f"{{{_NS['svg']}}}font-family") or face.get(f"{{{_NS['style']}}}name") or ""
            family = family.strip().strip("'\"")
            if family:
                fonts.add(family)
    return fonts


def declared_pages(data: bytes, ext: str) -> int | None:
    """The page count stored by the application that last laid the document out, when it can be believed:
    LibreOffice writes its own layout's count (DOCX app.xml, ODT meta.xml); Word's app.xml count only when the
    file shows Word rendered it (``w:lastRenderedPageBreak``). Generated files (python-docx, docxtpl) carry
    their template's stale value and give None."""
    if ext == "docx":
        parts = _parts(data, lambda n: n == "docProps/app.xml")
        app = parts.get("docProps/app.xml")
        if app is None:
            return None
        application = (app.findtext("{*}Application") or "").strip()
        pages = (app.findtext("{*}Pages") or "").strip()
        if not pages.isdigit():
            return None
        if application.startswith("LibreOffice"):
            return int(pages)
        if application.startswith("Microsoft") and _word_rendered(data):
            return int(pages)
        return None
    if ext == "odt":
        meta = _parts(data, lambda n: n == "meta.xml").get("meta.xml")
        stats = meta.find(".//meta:document-statistic", _NS) if meta is not None else None
        count = stats.get(f"{{{_NS['meta']}}}page-count") if stats is not None else None
        return int(count) if count and count.isdigit() else None
    return None


def _word_rendered(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("word/document.xml")
            return info.file_size <= _MAX_PART and b"lastRenderedPageBreak" in zf.read(info)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, RuntimeError, EOFError):
        return False


def document_date(data: bytes, ext: str) -> datetime | None:
    """The document's own last-modified (else created) date from its core properties, in UTC."""
    if ext in ("docx", "pptx"):
        core = _parts(data, lambda n: n == "docProps/core.xml").get("docProps/core.xml")
        paths = ("dcterms:modified", "dcterms:created")
    elif ext in ("odt", "odp"):
        core = _parts(data, lambda n: n == "meta.xml").get("meta.xml")
        paths = (".//dc:date", ".//meta:creation-date")
    else:
        return None
    if core is None:
        return None
    for path in paths:
        node = core.find(path, _NS)
        when = _parse_date(node.text if node is not None else None)
        if when is not None:
            return when
    return None


def _parse_date(text: str | None) -> datetime | None:
    text = (text or "").strip()
    try:
        when = datetime.fromisoformat(text)
        return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    except ValueError:
        pass
    m = _W3CDTF.match(text)
    if not m:
        return None
    try:
        year, month, day, hour, minute, second = (int(g or 0) for g in m.groups())
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


# ------------------------------------------------------------------------------------- size before rendering

@dataclass(frozen=True)
class Size:
    """How big a document declares itself to be, counted in its XML before LibreOffice lays it out."""

    pages_at_least: int = 1  # 1 + explicit page breaks and section breaks (a lower bound)
    slides: int = 0
    table_cells: int = 0


_TC = re.compile(rb"<w:tc[\s>]")
_PAGE_BREAK = re.compile(rb"<w:br\b[^>]*w:type=[\"']page[\"']|<w:pageBreakBefore(?:\s*/>|\s+w:val=[\"'](?:1|true|on)[\"'])")
_SECTION = re.compile(rb"<w:sectPr[\s>]")
_ODF_CELL = re.compile(rb"<table:table-cell[\s>/]")
_ODP_PAGE = re.compile(rb"<draw:page[\s>]")
_PPTX_SLIDE = re.compile(r"ppt/slides/slide\d+\.xml$")


def size(data: bytes, ext: str) -> Size:
    """Pages (a lower bound from explicit breaks), slides and table cells of a DOCX/PPTX/ODT/ODP, read from
    its XML without laying it out; zeros for what cannot be counted this way (DOC, PPT, RTF, damaged files)."""
    if ext not in ZIP_TYPES:
        return Size()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if ext == "pptx":
                return Size(slides=sum(1 for i in infos if _PPTX_SLIDE.match(i.filename)))
            body = next((i for i in infos if i.filename == ("word/document.xml" if ext == "docx" else
                                                             "content.xml")), None)
            if body is None or body.file_size > _MAX_PART:
                return Size()
            xml = zf.read(body)
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, EOFError, NotImplementedError):
        return Size()
    if ext == "docx":
        breaks = len(_PAGE_BREAK.findall(xml)) + max(len(_SECTION.findall(xml)) - 1, 0)
        return Size(pages_at_least=1 + breaks, table_cells=len(_TC.findall(xml)))
    if ext == "odp":
        return Size(slides=len(_ODP_PAGE.findall(xml)), table_cells=len(_ODF_CELL.findall(xml)))
    return Size(table_cells=len(_ODF_CELL.findall(xml)))
