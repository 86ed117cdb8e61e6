"""DOCX → model: body paragraphs and tables in reading order, Word auto-numbering labels, formatting,
core properties. Reads the package with the hardened XML parser (see ``container``), not python-docx,
so hostile parts never reach a permissive parser and parsing stays close to the cost of lxml itself.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from validators.document.container import open_package, parse_xml, read_part
from validators.model import Cell, Document, Paragraph, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "mc": MC}
_W = f"{{{W}}}"
WP, WTBL, WSDT, WR, WT, WTAB, WBR, WCR = (_W + t for t in ("p", "tbl", "sdt", "r", "t", "tab", "br", "cr"))
TYPED_LABEL = re.compile(
    r"^\s*((?:\d{1,3}(?:-\d{1,2})?\)|\d{1,3}-\d{1,2}\.(?!\d)|\d{1,3}(?:\.\d{1,3})*\.(?!\d)|\d{1,3}(?:\.\d{1,3})+(?!\d)"
    r"|[а-яәғқңөұүһіa-z]\)))(?:\s+|$|(?=[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]))"
)  # «3.Налоговому …», «6.Осы …»: a point typed without the space before its first word
_LATENT = re.compile(rb"<w:latentStyles\b.*?</w:latentStyles>", re.S)
_ALIGN = {"center": "center", "right": "right", "end": "right", "both": "justify", "distribute": "justify",
          "left": "left", "start": "left"}


def _int(value: str | None, default: int, low: int, high: int) -> int:
    """A decimal attribute as Word reads it: absent or not a number gives ``default``; clamped to the range
    Word allows (so a hostile ``w:start="10^12"`` cannot make a label of a million characters)."""
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):  # None, "abc", "1.5", more than 4300 digits
        return default
    return min(max(number, low), high)


MAX_LEVEL = 8  # w:ilvl 0..8
MAX_START = 32767  # w:start / w:startOverride
MAX_SPAN = 63  # w:gridSpan: Word's widest table


def _on(el: etree._Element | None) -> bool | None:
    """A w:b/w:caps style toggle: None when absent, else its boolean value."""
    if el is None:
        return None
    return el.get(_W + "val", "true") not in ("0", "false", "off", "none")


@dataclass
class _Style:
    based_on: str | None = None
    align: str | None = None
    bold: bool | None = None
    caps: bool | None = None
    underline: bool | None = None
    num: tuple[str, int] | None = None  # (numId, ilvl)
    font: str | None = None  # hAnsi/ascii typeface or "theme:minor"/"theme:major"
    size: float | None = None  # points


def _run_font(rpr: etree._Element | None) -> tuple[str | None, float | None]:
    """(typeface, size in pt) set directly in a w:rPr; theme references as "theme:minor"/"theme:major"."""
    if rpr is None:
        return None, None
    font = None
    rf = rpr.find(_W + "rFonts")
    if rf is not None:
        font = rf.get(_W + "hAnsi") or rf.get(_W + "ascii")
        theme = rf.get(_W + "hAnsiTheme") or rf.get(_W + "asciiTheme")
        if font is None and theme:
            font = "theme:major" if theme.startswith("major") else "theme:minor"
    sz = rpr.find(_W + "sz")
    half_points = _int(sz.get(_W + "val"), 0, 0, 3276) if sz is not None else 0  # Word: 1..1638 pt
    return font, (half_points / 2 if half_points else None)


@dataclass
class Styles:
    """Paragraph/character styles with basedOn resolution (only what rules need)."""

    elements: dict[str, etree._Element] = field(default_factory=dict)
    default_font: str | None = None
    default_size: float | None = None
    theme_fonts: dict[str, str] = field(default_factory=dict)
    by_id: dict[str, _Style | None] = field(default_factory=dict)
    default_para: str | None = None
    _cache: dict = field(default_factory=dict)

    @classmethod
    def read(cls, root: etree._Element | None) -> Styles:
        """Index the style elements; each style is decoded on first use (most are never used)."""
        styles = cls()
        if root is None:
            return styles
        defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        styles.default_font, styles.default_size = _run_font(defaults)
        for st in root.iterchildren(_W + "style"):
            sid = st.get(_W + "styleId")
            if sid:
                styles.elements[sid] = st
                if st.get(_W + "default") in ("1", "true") and st.get(_W + "type") == "paragraph":
                    styles.default_para = sid
        return styles

    def name(self, sid: str | None) -> str | None:
        key = ("name", sid)
        if key not in self._cache:
            st = self.elements.get(sid or "")
            el = st.find(_W + "name") if st is not None else None
            self._cache[key] = el.get(_W + "val") if el is not None else sid
        return self._cache[key]

    def style(self, sid: str) -> _Style | None:
        if sid in self.by_id:
            return self.by_id[sid]
        st = self.elements.get(sid)
        s = None
        if st is not None:
            s = _Style()
            based = st.find(_W + "basedOn")
            s.based_on = based.get(_W + "val") if based is not None else None
            ppr = st.find(_W + "pPr")
            if ppr is not None:
                jc = ppr.find(_W + "jc")
                if jc is not None:
                    s.align = _ALIGN.get(jc.get(_W + "val", ""))
                s.num = _num_pr(ppr)
            rpr = st.find(_W + "rPr")
            if rpr is not None:
                s.bold = _on(rpr.find(_W + "b"))
                s.caps = _on(rpr.find(_W + "caps"))
                u = rpr.find(_W + "u")
                s.underline = None if u is None else u.get(_W + "val", "single") != "none"
                s.font, s.size = _run_font(rpr)
        self.by_id[sid] = s
        return s

    def effective_font(self, run_font: str | None, run_size: float | None, rsid: str | None,
                       psid: str | None) -> tuple[str | None, float | None]:
        """A run's typeface and size: run → character style → paragraph style → document defaults."""
        font = run_font or self.get(rsid, "font") or self.get(psid, "font") or self.default_font
        size = run_size or self.get(rsid, "size") or self.get(psid, "size") or self.default_size
        if isinstance(font, str) and font.startswith("theme:"):
            font = self.theme_fonts.get(font[6:], font)
        return font, size

    def resolved(self, sid: str | None) -> tuple:
        """(align, num, bold, caps, underline) of a style through its basedOn chain, cached."""
        key = sid or ""
        hit = self._cache.get(key)
        if hit is None:
            hit = tuple(self.get(sid, a) for a in ("align", "num", "bold", "caps", "underline"))
            self._cache[key] = hit
        return hit

    def get(self, sid: str | None, attr: str) -> Any:
        seen = 0
        while sid and seen < 20:
            st = self.style(sid)
            if st is None:
                return None
            value = getattr(st, attr)
            if value is not None:
                return value
            sid, seen = st.based_on, seen + 1
        return None


def _num_pr(ppr: etree._Element) -> tuple[str, int] | None:
    numpr = ppr.find(_W + "numPr")
    if numpr is None:
        return None
    nid = numpr.find(_W + "numId")
    lvl = numpr.find(_W + "ilvl")
    if nid is None:
        return None
    return nid.get(_W + "val", "0"), _int(lvl.get(_W + "val") if lvl is not None else None, 0, 0, MAX_LEVEL)


_RU_LOWER = "абвгдежзиклмнопрстуфхцчшщэюя"


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        k = n
        while k > 0:
            k, r = divmod(k - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("russianLower", "russianUpper"):
        s = _RU_LOWER[(n - 1) % len(_RU_LOWER)] * ((n - 1) // len(_RU_LOWER) + 1)
        return s.upper() if fmt == "russianUpper" else s
    if fmt in ("lowerRoman", "upperRoman"):
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        roman, k = "", n
        for value, numeral in vals:
            while k >= value:
                roman, k = roman + numeral, k - value
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


class Numbering:
    """Word auto-numbering: computes the printed label of a numbered paragraph with running counters."""

    def __init__(self, root: etree._Element | None):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for an in root.iter(_W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in an.iter(_W + "lvl"):
                lv = _Level()
                el = lvl.find(_W + "start")
                if el is not None:
                    lv.start = _int(el.get(_W + "val"), 1, 0, MAX_START)
                el = lvl.find(_W + "numFmt")
                if el is not None:
                    lv.fmt = el.get(_W + "val", "decimal")
                el = lvl.find(_W + "lvlText")
                if el is not None:
                    lv.text = el.get(_W + "val", "")
                levels[_int(lvl.get(_W + "ilvl"), 0, 0, MAX_LEVEL)] = lv
            self.abstract[an.get(_W + "abstractNumId", "")] = levels
        for num in root.iter(_W + "num"):
            aid = num.find(_W + "abstractNumId")
            overrides: dict[int, int] = {}
            for ov in num.iter(_W + "lvlOverride"):
                so = ov.find(_W + "startOverride")
                if so is not None:
                    overrides[_int(ov.get(_W + "ilvl"), 0, 0, MAX_LEVEL)] = _int(so.get(_W + "val"), 1, 0, MAX_START)
            self.nums[num.get(_W + "numId", "")] = (aid.get(_W + "val", "") if aid is not None else "", overrides)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters of this list and return the label ("1.", "2)", "а)"); None for bullets."""
        if num_id in ("", "0") or num_id not in self.nums:
            return None
        aid, overrides = self.nums[num_id]
        levels = self.abstract.get(aid, {})
        counters = self.counters.setdefault(aid, {})
        lvl = levels.get(ilvl, _Level())
        start = overrides.get(ilvl, lvl.start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if lvl.fmt in ("bullet", "none"):
            return None

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lk = levels.get(k, _Level())
            value = counters.get(k, overrides.get(k, lk.start))
            return _format_number(value, lk.fmt if k != ilvl else lvl.fmt)

        text = re.sub(r"%(\d)", sub, lvl.text).strip()
        return text or None


def _run_text(r: etree._Element) -> str:
    out = []
    for ch in r:
        tag = ch.tag
        if tag == WT:
            out.append(ch.text or "")
        elif tag == WTAB:
            out.append("\t")
        elif tag in (WBR, WCR):
            out.append("\n")
    return "".join(out)


def paragraph_runs(p: etree._Element) -> Iterator[etree._Element]:
    """Visible runs of a paragraph: through hyperlinks, insertions, smart tags and fields, not deletions,
    not nested text boxes."""
    stack = list(reversed(list(p)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == WR:
            yield el
        elif tag in (_W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr") or not isinstance(tag, str):
            continue
        elif tag == f"{{{MC}}}AlternateContent":
            continue
        else:
            stack.extend(reversed(list(el)))


def _text_boxes(body: etree._Element) -> dict[etree._Element, list[etree._Element]]:
    """The text boxes anchored in each top-level paragraph (not the VML fallback copies), in one pass."""
    found: dict[etree._Element, list[etree._Element]] = {}
    fallback = f"{{{MC}}}Fallback"
    for box in body.iter(_W + "txbxContent"):
        el, host = box.getparent(), None
        while el is not None and el is not body:
            if el.tag == fallback:
                host = None
                break
            if el.tag == WP and el.getparent() is not None and el.getparent().tag in (_W + "body", _W + "sdtContent"):
                host = el
            el = el.getparent()
        if host is not None:
            found.setdefault(host, []).append(box)
    return found


def iter_blocks(body: etree._Element, boxes: dict | None = None) -> Iterator[tuple[str, etree._Element]]:
    """Body blocks in reading order: ("p", w:p) and ("tbl", w:tbl); content controls are looked into,
    and the paragraphs of text boxes anchored in a paragraph come before it."""
    if boxes is None:
        boxes = _text_boxes(body)
    for el in body:
        tag = el.tag
        if tag == WP:
            for box in boxes.get(el, ()):
                for inner in box.iter(WP):
                    yield "p", inner
            yield "p", el
        elif tag == WTBL:
            yield "tbl", el
        elif tag == WSDT:
            content = el.find(_W + "sdtContent")
            if content is not None:
                yield from iter_blocks(content, boxes)


class _Reader:
    def __init__(self, styles: Styles, numbering: Numbering):
        self.styles = styles
        self.numbering = numbering

    def paragraph(self, p: etree._Element, index: int) -> Paragraph:
        ppr = p.find(_W + "pPr")
        sid = None
        align = None
        num = None
        border = False
        if ppr is not None:
            bottom = ppr.find(f"{_W}pBdr/{_W}bottom")
            border = bottom is not None and bottom.get(_W + "val", "none") not in ("none", "nil")
            ps = ppr.find(_W + "pStyle")
            sid = ps.get(_W + "val") if ps is not None else None
            jc = ppr.find(_W + "jc")
            if jc is not None:
                align = _ALIGN.get(jc.get(_W + "val", ""))
            num = _num_pr(ppr)
        sid = sid or self.styles.default_para
        s_align, s_num, s_bold, s_caps, s_u = self.styles.resolved(sid)
        align = align if align is not None else s_align
        num = num if num is not None else s_num
        parts: list[str] = []
        fonts: set[str] = set()
        sizes: set[float] = set()
        visible = bold = underline = caps = 0
        style_bold, style_caps, style_u = bool(s_bold), bool(s_caps), bool(s_u)
        for r in paragraph_runs(p):
            t = _run_text(r)
            parts.append(t)
            if not t.strip():
                continue
            visible += 1
            rpr = r.find(_W + "rPr")
            b = c = u = None
            rsid = None
            if rpr is not None:
                b = _on(rpr.find(_W + "b"))
                c = _on(rpr.find(_W + "caps"))
                ue = rpr.find(_W + "u")
                u = None if ue is None else ue.get(_W + "val", "single") != "none"
                rs = rpr.find(_W + "rStyle")
                if rs is not None:
                    rsid = rs.get(_W + "val")
                if rsid is not None:
                    b = b if b is not None else self.styles.get(rsid, "bold")
                    c = c if c is not None else self.styles.get(rsid, "caps")
            font, size = self.styles.effective_font(*_run_font(rpr), rsid, sid)
            if font:
                fonts.add(font)
            if size:
                sizes.add(size)
            bold += bool(style_bold if b is None else b)
            caps += bool(style_caps if c is None else c)
            underline += bool(style_u if u is None else u)
        raw = "".join(parts)
        label = None
        level = None
        if num is not None:
            label = self.numbering.label(*num)
            level = num[1]
        text = raw.replace("\xa0", " ")
        if label is None:
            m = TYPED_LABEL.match(text)
            if m:
                label = m.group(1)
                text = text[m.end():]
        text = text.strip()
        is_caps = bool(visible) and (caps == visible or (text.upper() == text and any(ch.isalpha() for ch in text)))
        return Paragraph(
            index=index, text=text, label=label, level=level,
            style=self.styles.name(sid), alignment=align,
            bold=bool(visible) and bold == visible, underline=bool(visible) and underline == visible,
            caps=is_caps, border_bottom=border, fonts=sorted(fonts), sizes=sorted(sizes),
        )

    def table(self, tbl: etree._Element, index: int, after: int) -> Table:
        rows: list[list[Cell]] = []
        for ri, tr in enumerate(tbl.iterfind(_W + "tr"), start=1):
            row: list[Cell] = []
            ci = 0
            for tc in tr.iterfind(_W + "tc"):
                ci += 1
                paras = []
                for p in tc.iter(WP):
                    txt = "".join(_run_text(r) for r in paragraph_runs(p)).replace("\xa0", " ").strip()
                    paras.append(txt)
                row.append(Cell(text="\n".join(x for x in paras if x), row=ri, col=ci, paragraphs=paras))
                tcpr = tc.find(_W + "tcPr")
                span = tcpr.find(_W + "gridSpan") if tcpr is not None else None
                if span is not None:
                    ci += _int(span.get(_W + "val"), 1, 1, MAX_SPAN) - 1
            rows.append(row)
        return Table(index=index, rows=rows, after_paragraph=after)


def _core_properties(zf: zipfile.ZipFile) -> dict:
    data = read_part(zf, "docProps/core.xml")
    if not data:
        return {}
    root = parse_xml(data, "docProps/core.xml")
    props = {}
    for el in root:
        if isinstance(el.tag, str) and el.text and el.text.strip():
            props[etree.QName(el).localname] = el.text.strip()
    return props


def _theme_fonts(zf: zipfile.ZipFile) -> dict[str, str]:
    """{"minor": typeface, "major": typeface} of the document theme."""
    data = read_part(zf, "word/theme/theme1.xml")
    if not data:
        return {}
    root = parse_xml(data, "word/theme/theme1.xml")
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    out = {}
    for key, tag in (("minor", "minorFont"), ("major", "majorFont")):
        latin = root.find(f".//{a}{tag}/{a}latin")
        if latin is not None and latin.get("typeface"):
            out[key] = latin.get("typeface")
    return out


# the parts of a Word package the check reads (the rest — settings, fonts, footnotes, media — never is)
PARTS_READ = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "docProps/core.xml",
              "word/theme/theme1.xml")
HEADER_PART = re.compile(r"word/header\d*\.xml")


def parts_read(names: list[str]) -> list[str]:
    """Which of a package's part ``names`` the check reads (for the benchmark's honest floor)."""
    return [n for n in names if n in PARTS_READ or HEADER_PART.fullmatch(n)]


def _header_texts(zf: zipfile.ZipFile) -> list[str]:
    """Text lines of the page headers (the blank of many real documents lives there)."""
    texts: list[str] = []
    for name in sorted(n for n in zf.namelist() if HEADER_PART.fullmatch(n)):
        root = parse_xml(read_part(zf, name) or b"", name)
        for p in root.iter(WP):
            t = "".join(_run_text(r) for r in paragraph_runs(p)).replace("\xa0", " ").strip()
            if t:
                texts.append(t)
    return texts


def read_docx(doc: Document) -> None:
    """Fill ``doc`` (format docx) with paragraphs, tables and properties."""
    with open_package(doc.data) as zf:
        body_xml = read_part(zf, "word/document.xml")
        if body_xml is None:
            from validators.errors import UnusableDocument
            from validators.texts import said

            raise UnusableDocument("the Word package has no word/document.xml",
                                   messages=said("doc-part-missing", part="word/document.xml"))
        root = parse_xml(body_xml, "word/document.xml")
        styles_xml = read_part(zf, "word/styles.xml")
        numbering_xml = read_part(zf, "word/numbering.xml")
        if styles_xml:  # latent styles are most of a template's styles.xml and say nothing we read
            styles_xml = _LATENT.sub(b"", styles_xml, count=1)
        styles = Styles.read(parse_xml(styles_xml, "word/styles.xml") if styles_xml else None)
        styles.theme_fonts = _theme_fonts(zf)
        numbering = Numbering(parse_xml(numbering_xml, "word/numbering.xml") if numbering_xml else None)
        doc.properties = _core_properties(zf)
        doc.extra["headers"] = _header_texts(zf)
    body = root.find(_W + "body")
    if body is None:
        from validators.errors import UnusableDocument
        from validators.texts import said

        raise UnusableDocument("word/document.xml has no body", messages=said("doc-no-body", part="word/document.xml"))
    reader = _Reader(styles, numbering)
    for kind, el in iter_blocks(body, _text_boxes(body) if b"txbxContent" in body_xml else {}):
        if kind == "p":
            doc.paragraphs.append(reader.paragraph(el, len(doc.paragraphs) + 1))
        else:
            doc.tables.append(reader.table(el, len(doc.tables) + 1, len(doc.paragraphs)))
