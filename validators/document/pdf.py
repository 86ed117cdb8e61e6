"""PDF → model: text per page, split into paragraphs (lines) that carry their page number.

A page without a text layer (a scan) is read by the OCR engine the caller passes (``ocr``, see
:class:`PageOcr`; the faces pass ``service.ocr``), never imported from here. Its paragraphs are marked
``ocr=True`` and ``doc.text_layer`` says which pages were recognised, which could not be read, and why.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from validators.document.docx import TYPED_LABEL
from validators.document.pdf_layout import (
    PAGE_NUMBER,
    Area,
    CellBox,
    PageLayout,
    RuledTable,
    TextLine,
    cell_paragraphs,
    continues,
    finish_layout,
    group_alignment,
    group_text,
    paragraphs,
    pitch_of,
    read_pages,
    text_area,
)
from validators.errors import UnusableDocument
from validators.model import Cell, Document, Paragraph, Table, TextLayer
from validators.texts import said

_ALIGN_HINT = re.compile(r"^\s{20,}")
# recognised text below this mean word confidence (0-100) is too poor to check; so is a page with few letters
# unless they were read with high confidence (a short last page); a page with almost no ink is blank
OCR_MIN_CONFIDENCE = 60.0
OCR_MIN_LETTERS = 40
OCR_SURE_CONFIDENCE = 85.0
OCR_BLANK_INK = 0.002


class OcrUnavailable(Exception):
    """OCR could not run on a page (not installed, timed out, failed); the message says why."""


@dataclass
class OcrLine:
    text: str
    left: float  # horizontal extent as fractions of the page width
    right: float


@dataclass
class OcrPage:
    lines: list[OcrLine] = field(default_factory=list)
    confidence: float = 0.0  # mean word confidence, 0-100
    words: int = 0
    engine: str = "ocr"
    ink: float | None = None  # share of dark pixels of the page image, when the engine measures it


class PageOcr(Protocol):
    """What the PDF reader needs from an OCR engine: read one page (1-based) of the PDF's bytes."""

    max_pages: int

    @property
    def name(self) -> str: ...

    def __call__(self, pdf: bytes, page: int, *, width_pt: float = 595.0, height_pt: float = 842.0) -> OcrPage:
        ...


def _has_text(text: str) -> bool:
    return any(c.isalpha() for c in text)


# a sentence or a title ends the paragraph; an initial at the end of a line («… орынбасары Т.») does not
_SENTENCE_END = re.compile(r"(?<!\b[А-ЯЁӘҒҚҢӨҰҮҺІA-Z]\.)(?<!\s[А-ЯЁӘҒҚҢӨҰҮҺІA-Z])[.:;!?]\s*$|туралы\s*$")
_BLOCK_START = re.compile(r"^\s*(?:Приложение|ПРИЛОЖЕНИЕ|Утвержден|УТВЕРЖДЕН|Қосымша|Исп\.|Орынд\.)")


def _full_width(lines: list[str]) -> int:
    """The length of a full line of running text on the page, spaces as printed (a justified line wrapped by the
    layout is about this long)."""
    lengths = sorted(len(x.rstrip()) for x in lines if len(x.strip()) > 20 and not x.startswith(" " * 8))
    return lengths[int(len(lengths) * 0.9) - 1] if len(lengths) >= 5 else 10**6


def wrapped(prev: str, line: str, full: int) -> bool:
    """Whether ``line`` continues the paragraph ``prev`` ended. A PDF's text layer gives lines, not paragraphs:
    ``prev`` is running text (not indented: right-aligned and centred blocks keep their lines), ends no sentence
    nor with a name (a signature), and fills the width — or half of it when ``line`` goes on in lower case; and
    ``line`` opens no block (appendix header, executor mark)."""
    if not prev.strip() or prev.startswith(" " * 8) or _SENTENCE_END.search(prev) or _BLOCK_START.match(line):
        return False
    width = len(prev.rstrip())
    lower = line.strip()[:1].islower()
    return (width >= 0.8 * full or (lower and width >= 0.4 * full)) and not _ends_with_name(" ".join(prev.split()))


def _ends_with_name(text: str) -> bool:
    from validators.document.patterns import NAME_SHORT

    tail = text[-40:]
    return any(m.end() == len(tail) for m in NAME_SHORT.finditer(tail))


_FIGURE_CELL = re.compile(r"[\d\s.,:;%+\-–—]+")


def table_row(text: str) -> bool:
    """An OCR line that is a row of a table: cells split by wide gaps (tabs), at least two after the first, one
    of them only figures, a dash or a one-two letter code («15. Талгарский⇥9⇥1⇥-⇥4», «2. Алакөл⇥"Ерсаян"⇥П»).
    Points of an act are running text."""
    cells = [c.strip() for c in text.split("\t")]
    return len(cells) >= 3 and any(c and (_FIGURE_CELL.fullmatch(c) or len(c) <= 2) for c in cells[1:])


def _alignment(line: OcrLine) -> str | None:
    """Centered / right-aligned from where the line sits on the page (left margin ~ 0.1-0.2 of the width)."""
    if line.left > 0.45 and line.right > 0.8:
        return "right"
    if line.left > 0.2 and abs((1 - line.right) - line.left) < 0.12:
        return "center"
    return None


def _ocr_pages(doc: Document, reader: object, missing: list[int], ocr: PageOcr | None) -> dict[int, OcrPage]:
    """OCR the pages without text; fills ``doc.text_layer`` and returns the usable pages' text."""
    layer = doc.text_layer = TextLayer()
    read: dict[int, OcrPage] = {}
    if not missing:
        return read
    if ocr is None:
        layer.unread = {n: "ocr-off" for n in missing}
        return read
    layer.engine = ocr.name
    confs: list[float] = []
    for count, number in enumerate(missing):
        if count >= ocr.max_pages:
            layer.unread[number] = "ocr-page-limit"
            continue
        box = reader.pages[number - 1].mediabox  # type: ignore[attr-defined]
        try:
            page = ocr(doc.data, number, width_pt=float(box.width), height_pt=float(box.height))
        except OcrUnavailable as exc:
            layer.unread[number] = "ocr-unavailable"
            layer.reason = str(exc)
            continue
        letters = sum(c.isalpha() for ln in page.lines for c in ln.text)
        if not page.lines and page.ink is not None and page.ink < OCR_BLANK_INK:
            layer.blank_pages.append(number)  # an empty page (the back of a sheet): nothing on it to check
            continue
        if page.confidence < OCR_MIN_CONFIDENCE or (letters < OCR_MIN_LETTERS and page.confidence < OCR_SURE_CONFIDENCE):
            layer.unread[number] = "ocr-poor"
            layer.reason = f"page {number}: mean confidence {page.confidence:.0f}%, {letters} letters"
            continue
        read[number] = page
        confs.append(page.confidence)
        layer.ocr_pages.append(number)
    layer.confidence = round(sum(confs) / len(confs), 1) if confs else None
    return read


def read_pdf(doc: Document, ocr: PageOcr | None = None) -> None:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(doc.data), strict=False)
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                opened = False
            if not opened:
                raise UnusableDocument("the PDF is encrypted with a password; upload an unprotected copy",
                                       messages=said("pdf-encrypted"))
        pages = reader.pages
        doc.pages = len(pages)
        meta: Any = reader.metadata or {}
        doc.properties = {k.lstrip("/").lower(): str(v) for k, v in meta.items() if v}
        # the layout of every page is read first (pdfminer); pypdf's plain text only for a page whose characters
        # hold no letter or that the layout reader left (scanned, past a bound, unreadable): it decides OCR there
        read = read_pages(doc.data, list(range(1, len(pages) + 1)))
        texts: dict[int, str] = {}
        has_text: dict[int, bool] = {}
        for number, page in enumerate(pages, start=1):
            layout = read.get(number)
            if layout is not None and layout.letters:
                has_text[number] = True
                continue
            try:
                texts[number] = page.extract_text() or ""
            except Exception:  # noqa: BLE001 - a broken content stream must not lose other pages
                texts[number] = ""
            has_text[number] = _has_text(texts[number])
        recognised = _ocr_pages(doc, reader, [n for n, t in has_text.items() if not t], ocr)
        unread = set(doc.text_layer.unread) if doc.text_layer else set()
        layouts = finish_layout({n: read.get(n) for n, t in has_text.items()
                                 if n not in recognised and n not in unread and t})
        blocks = [b for lay in layouts.values() if lay for b in lay.blocks]
        flow = _Flow(doc, [b for b in blocks if isinstance(b, TextLine)], max((b.bottom for b in blocks), default=0))
        for number in range(1, len(pages) + 1):
            layout = layouts.get(number)
            if layout is not None:
                flow.page(layout)
                continue
            flow.flush()
            if number in recognised:
                _ocr_page(doc, number, recognised[number])
            else:
                _plain_page(doc, number, texts.get(number, ""))
        flow.flush()
        headers = [ln.text for lay in layouts.values() if lay for ln in lay.furniture
                   if not PAGE_NUMBER.fullmatch(ln.text.strip())]
        if headers:
            doc.extra["headers"] = list(dict.fromkeys(headers))
    except UnusableDocument:
        raise
    except NotImplementedError as exc:
        raise UnusableDocument(f"the PDF uses a feature that cannot be read (e.g. certificate encryption): {exc}",
                               messages=said("pdf-unreadable-feature")) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError,
            IndexError, AssertionError, ZeroDivisionError, OverflowError) as exc:  # OverflowError: startxref 10^20
        raise UnusableDocument(f"the PDF is damaged and cannot be read ({type(exc).__name__}: {exc})",
                               messages=said("pdf-damaged")) from None
    if doc.pages == 0:
        raise UnusableDocument("the PDF has no pages", messages=said("pdf-no-pages"))


def _ocr_page(doc: Document, number: int, page: OcrPage) -> None:
    for ln in page.lines:
        body = ln.text.strip()
        label = None
        m = TYPED_LABEL.match(body)
        if m and not table_row(body):  # «4. Енбекши 22⇥3⇥8»: a row of a scanned table, not a point
            label, body = m.group(1), body[m.end():].strip()
        if body:
            doc.paragraphs.append(Paragraph(
                index=len(doc.paragraphs) + 1, text=body, label=label, page=number,
                alignment=_alignment(ln), ocr=True,
                caps=body.upper() == body and any(c.isalpha() for c in body)))


def _plain_page(doc: Document, number: int, text: str) -> None:
    """A page read from pypdf's plain text (past the layout bounds): lines, joined where they look wrapped."""
    lines = [raw for line in text.splitlines() if (raw := line.replace("\xa0", " ")).strip()]
    full = _full_width(lines)
    prev_raw = ""
    for raw in lines:
        label = None
        m = TYPED_LABEL.match(raw)
        body = raw
        if m:
            label, body = m.group(1), raw[m.end():]
        last = doc.paragraphs[-1] if doc.paragraphs else None
        if last is not None and not label and last.page == number and wrapped(prev_raw, raw, full):
            last.text = f"{last.text} {body.strip()}"  # a line of the same paragraph, wrapped
            last.caps = last.caps and body.upper() == body
            prev_raw = raw
            continue
        doc.paragraphs.append(Paragraph(
            index=len(doc.paragraphs) + 1, text=body.strip(), label=label, page=number,
            alignment="center" if _ALIGN_HINT.match(raw) else None,
            caps=body.upper() == body and any(c.isalpha() for c in body),
        ))
        prev_raw = raw


class _Flow:
    """Pages read with their layout, in order: lines gathered until a table, another kind of page or the end,
    then grouped into paragraphs (a paragraph may go on over a page break); ruled tables become model tables,
    one table over a page break stays one."""

    def __init__(self, doc: Document, lines: list[TextLine], bottom: float):
        self.doc = doc
        self.area = text_area(lines)
        self.pitch = pitch_of(lines)
        self.pending: list[TextLine] = []
        self.last_table: RuledTable | None = None  # the table the document's reading order ends with
        self.last_row: list[CellBox] = []  # its last row's cells
        self.bottom = bottom  # the lowest a block reaches on any page (the bottom margin)

    def page(self, layout: PageLayout) -> None:
        for block in layout.blocks:
            if isinstance(block, TextLine):
                self.pending.append(block)
                continue
            self.flush()
            self.table(block, first=block is layout.blocks[0])

    def flush(self) -> None:
        if not self.pending:
            return
        area = self.area or Area(left=min(ln.x0 for ln in self.pending), right=max(ln.x1 for ln in self.pending))
        for group in paragraphs(self.pending, area, self.pitch):
            self.paragraph(group, area)
        self.pending = []
        self.last_table = None

    def paragraph(self, group: list[TextLine], area: Area) -> None:
        text = group_text(group, area).replace("\xa0", " ").strip()
        label = None
        m = TYPED_LABEL.match(text)
        if m:
            label, text = m.group(1), text[m.end():].strip()
        align = group_alignment(group, area)
        self.doc.paragraphs.append(Paragraph(
            index=len(self.doc.paragraphs) + 1, text=text, label=label, page=group[0].page, alignment=align,
            bold=all(ln.bold for ln in group), caps=text.upper() == text and any(c.isalpha() for c in text)))

    def table(self, ruled: RuledTable, first: bool) -> None:
        prev, rows = self.last_table, ruled.rows
        grid = _continued_grid(prev, ruled) if first else None
        if prev is None or grid is None or not self.doc.tables:
            self.doc.tables.append(Table(index=len(self.doc.tables) + 1, rows=[_cells(r) for r in rows],
                                         after_paragraph=len(self.doc.paragraphs), page=ruled.page))
            self.last_table, self.last_row = ruled, rows[-1] if rows else []
            return
        # the same table going on over the page break: its columns on the first part's grid
        table = self.doc.tables[-1]
        for row in rows:
            for c in row:
                c.col = grid[c.col]
        if rows and self.last_row and prev.bottom >= self.bottom - 1.5 * (self.pitch or 20.0) and _split_row(self.last_row, rows[0]):
            by_col = {c.col: c for c in self.last_row}
            for c in rows[0]:
                by_col[c.col].lines += c.lines  # a row the page break cut: its lines on the next page
            table.rows[-1] = _cells(self.last_row, table.rows[-1][0].row)
            rows = rows[1:]
        base = len(table.rows)
        table.rows += [_cells(r, base + k) for k, r in enumerate(rows, start=1)]
        self.last_table = RuledTable(page=ruled.page, x0=prev.x0, x1=prev.x1, top=ruled.top, bottom=ruled.bottom,
                                     columns=prev.columns, rows=[])
        if rows:
            self.last_row = rows[-1]


def _cells(row: list[CellBox], number: int | None = None) -> list[Cell]:
    out = []
    for c in row:
        paras = cell_paragraphs(c)
        out.append(Cell(text="\n".join(paras), row=number or c.row, col=c.col, paragraphs=paras))
    return out


def _continued_grid(prev: RuledTable | None, ruled: RuledTable) -> dict[int, int] | None:
    """When ``ruled`` opens its page right after ``prev`` closed the page before, with the same outer edges and
    its columns among ``prev``'s (a merged total row may hide some): its columns' numbers on ``prev``'s grid."""
    if prev is None or prev.page != ruled.page - 1 or abs(prev.x0 - ruled.x0) > 2 or abs(prev.x1 - ruled.x1) > 2:
        return None
    grid = {}
    for i, x in enumerate(ruled.columns, start=1):
        j = next((j for j, y in enumerate(prev.columns, start=1) if abs(x - y) <= 2), None)
        if j is None:
            return None
        grid[i] = j
    return grid


def _split_row(last: list[CellBox], first: list[CellBox]) -> bool:
    """Whether the first row on a page is the rest of the row the page break cut (Word and LibreOffice let a row
    break across pages): the same cells, only some of those filled before the break go on (none empty before
    it has text after it), and each goes on in lower case or where its line was wrapped."""
    if [c.col for c in last] != [c.col for c in first] or not last:
        return False
    had = [bool(c.lines) for c in last]
    has = [bool(c.lines) for c in first]
    if not any(has) or sum(has) >= sum(had) or any(h and not d for h, d in zip(has, had, strict=True)):
        return False
    for before, after in zip(last, first, strict=True):
        if after.lines:
            pad = max(min(ln.x0 for ln in before.lines) - before.x0, 1.0)
            wrapped = continues(before.lines[-1], after.lines[0], Area(left=before.x0 + pad, right=before.x1 - pad))
            if not (wrapped or after.lines[0].words[0].text[:1].islower()):
                return False
    return True
