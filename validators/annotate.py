"""``--annotate``: the user's own .docx back, with every finding as a Word comment at its paragraph.

A real comments part (word/comments.xml, its relationship and content type) and, in the paragraph,
commentRangeStart / commentRangeEnd / a run with commentReference — what Word and LibreOffice write.
Everything else in the package is copied byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from lxml import etree

from validators.document.container import open_package, parse_xml, read_part, require_part
from validators.document.docx import NS, W, iter_blocks
from validators.errors import UnsupportedType
from validators.report import Finding, Location, Report
from validators.texts import text

_W = f"{{{W}}}"
COMMENTS_PART = "word/comments.xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
AUTHOR = "Qujat"


def _comment_text(f: Finding, lang: str) -> str:
    """«Қате: <message>» and, on the next line, the regulation and clause — in the reader's language; English
    comments also name the rule id, for developers."""
    severity = text(f"label.severity-{f.severity}", lang)
    severity = severity[:1] + severity[1:].lower()
    where = f" ({f.location.unit})" if f.location.unit else ""
    rule = f" [{f.rule}]" if lang == "en" else ""
    body = f"{severity}{rule}{where}: {f.text(lang)}"
    if f.source:
        body += f"\n{text('label.basis', lang)}: {f.source.cite(lang)}"
    return body


def _targets(body: etree._Element) -> tuple[list[etree._Element], list[etree._Element]]:
    paragraphs: list[etree._Element] = []
    tables: list[etree._Element] = []
    for kind, el in iter_blocks(body):
        (paragraphs if kind == "p" else tables).append(el)
    return paragraphs, tables


def _anchor(loc: Location, paragraphs: list[etree._Element], tables: list[etree._Element]) -> etree._Element | None:
    if loc.paragraph and 0 < loc.paragraph <= len(paragraphs):
        return paragraphs[loc.paragraph - 1]
    if loc.table and 0 < loc.table <= len(tables):
        rows = tables[loc.table - 1].findall(_W + "tr")
        row = rows[(loc.row or 1) - 1] if rows and (loc.row or 1) <= len(rows) else (rows[0] if rows else None)
        if row is not None:
            cells = row.findall(_W + "tc")
            cell = cells[(loc.cell or 1) - 1] if cells and (loc.cell or 1) <= len(cells) else (cells[0] if cells else None)
            p = cell.find(_W + "p") if cell is not None else None
            if p is not None:
                return p
    return None


def _mark(p: etree._Element, cid: int) -> None:
    start = etree.Element(_W + "commentRangeStart")
    start.set(_W + "id", str(cid))
    ppr = p.find(_W + "pPr")
    p.insert(1 if ppr is not None else 0, start)
    end = etree.SubElement(p, _W + "commentRangeEnd")
    end.set(_W + "id", str(cid))
    run = etree.SubElement(p, _W + "r")
    ref = etree.SubElement(run, _W + "commentReference")
    ref.set(_W + "id", str(cid))


def _comment(parent: etree._Element, cid: int, text: str, when: str) -> None:
    c = etree.SubElement(parent, _W + "comment")
    c.set(_W + "id", str(cid))
    c.set(_W + "author", AUTHOR)
    c.set(_W + "initials", "Q")
    c.set(_W + "date", when)
    for k, line in enumerate(text.split("\n")):
        p = etree.SubElement(c, _W + "p")
        if k == 0:
            r0 = etree.SubElement(p, _W + "r")
            etree.SubElement(r0, _W + "annotationRef")
        r = etree.SubElement(p, _W + "r")
        t = etree.SubElement(r, _W + "t")
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def annotate(data: bytes, report: Report, lang: str | None = None) -> bytes:
    """Return ``data`` (a .docx) with the report's findings as comments; document-level findings go on the
    first paragraph."""
    if data[:4] != b"PK\x03\x04":
        raise UnsupportedType("--annotate needs a .docx document")
    lang = lang or report.document.lang or "en"
    with open_package(data) as zf:
        if "word/document.xml" not in zf.namelist():
            raise UnsupportedType("--annotate needs a .docx document")
        doc_root = parse_xml(require_part(zf, "word/document.xml"), "word/document.xml")
        rels_name = "word/_rels/document.xml.rels"
        rels_root = parse_xml(require_part(zf, rels_name), rels_name)
        ct_root = parse_xml(require_part(zf, "[Content_Types].xml"), "[Content_Types].xml")
        existing = read_part(zf, COMMENTS_PART)
        comments_root = parse_xml(existing, COMMENTS_PART) if existing else etree.Element(_W + "comments", nsmap={"w": W})
        body = doc_root.find(_W + "body")
        paragraphs, tables = _targets(body)
        ids = [int(c.get(_W + "id", "0")) for c in comments_root.iterfind("w:comment", NS)]
        next_id = max(ids, default=-1) + 1
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        fallback = next((p for p in paragraphs if "".join(p.itertext()).strip()), paragraphs[0] if paragraphs else None)
        for f in report.findings:
            for place in f.places:  # a word misspelt in several places gets a comment at each
                target = _anchor(place, paragraphs, tables)
                if target is None:
                    target = fallback
                if target is None:
                    continue
                _comment(comments_root, next_id, _comment_text(f, lang), when)
                _mark(target, next_id)
                next_id += 1
        if not existing:
            rel_ids = {r.get("Id") for r in rels_root}
            k = 1
            while f"rIdQujat{k}" in rel_ids:
                k += 1
            rel = etree.SubElement(rels_root, f"{{{REL_NS}}}Relationship")
            rel.set("Id", f"rIdQujat{k}")
            rel.set("Type", COMMENTS_REL)
            rel.set("Target", "comments.xml")
            if not any(o.get("PartName") == "/" + COMMENTS_PART for o in ct_root):
                ov = etree.SubElement(ct_root, f"{{{CT_NS}}}Override")
                ov.set("PartName", "/" + COMMENTS_PART)
                ov.set("ContentType", COMMENTS_CT)
        replaced = {"word/document.xml": _xml(doc_root), rels_name: _xml(rels_root),
                    "[Content_Types].xml": _xml(ct_root), COMMENTS_PART: _xml(comments_root)}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zf.infolist():
                if info.filename in replaced:
                    zout.writestr(info.filename, replaced.pop(info.filename))
                else:
                    zout.writestr(info, read_part(zf, info.filename) or b"")
            for name, content in replaced.items():
                zout.writestr(name, content)
    return out.getvalue()
