"""The document model: what every rule reads, whatever the file format (.docx, .pdf, .pptx).

Parsers in ``validators.document`` fill it; rules in ``validators.rules`` only read it. Indexes are 1-based,
the same numbers that appear in a finding's location.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from validators.report import Location

if TYPE_CHECKING:
    from validators.document.letter import Appeal, Letter
    from validators.document.protocol import Protocol


@dataclass
class Paragraph:
    """One body paragraph (outside tables), in reading order."""

    index: int  # 1-based among body paragraphs
    text: str  # the text as the reader sees it, without the auto-number label
    label: str | None = None  # number label, typed ("1.", "2)", "2-1)") or from Word auto-numbering
    level: int | None = None  # outline level from auto-numbering (0 = top), when known
    style: str | None = None
    alignment: str | None = None  # "left" | "center" | "right" | "justify"
    bold: bool = False  # every visible run bold
    underline: bool = False  # every visible run underlined
    caps: bool = False  # text is upper case (typed or w:caps)
    border_bottom: bool = False  # a paragraph border under the last line (a «line under the title»)
    fonts: list[str] = field(default_factory=list)  # effective typefaces of the visible runs (DOCX)
    sizes: list[float] = field(default_factory=list)  # effective sizes in pt of the visible runs (DOCX)
    page: int | None = None  # when the format knows it (PDF), else None
    lang: str | None = None  # "kk" | "ru" | None (undecidable)
    ocr: bool = False  # the text was recognised by OCR from a scanned page (PDF without a text layer)

    @property
    def full_text(self) -> str:
        """The text with its number label, as printed."""
        return f"{self.label} {self.text}" if self.label else self.text

    def location(self, excerpt: str | None = None) -> Location:
        return Location(page=self.page, paragraph=self.index, excerpt=excerpt if excerpt is not None else self.text[:160],
                        ocr=True if self.ocr else None)


@dataclass
class Cell:
    text: str
    row: int  # 1-based
    col: int  # 1-based
    paragraphs: list[str] = field(default_factory=list)
    lang: str | None = None  # "kk" | "ru" | None, as for paragraphs (its section's when the cell is short)


@dataclass
class Table:
    index: int  # 1-based among tables
    rows: list[list[Cell]]
    after_paragraph: int  # index of the last body paragraph before the table (0 = table first)
    page: int | None = None

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    def texts(self) -> list[list[str]]:
        """Cell texts on the table's grid: a cell merged across columns («Итого» over two) stands in its first
        column and leaves the others empty, so every column holds the same column in every row."""
        grid: list[list[str]] = []
        for row in self.rows:
            line = [""] * max((c.col for c in row), default=0)
            for c in row:
                line[c.col - 1] = c.text
            grid.append(line)
        return grid


@dataclass
class Field:
    """A requisite found in the text: its raw text, where it is, and its parsed value when parsable."""

    text: str
    paragraph: int | None = None
    value: Any = None  # e.g. datetime.date for dates, str for numbers
    table: int | None = None


@dataclass
class Point:
    """A numbered unit of the operative part: point, sub-point, sub-sub-point."""

    label: str  # as printed: "1.", "2)", "2-1)", "а)"
    number: str  # normalised: "1", "2", "2-1", "а"
    path: tuple[str, ...]  # numbers from the root, e.g. ("3", "2") for sub-point 2) of point 3
    text: str  # text of the unit itself (its first paragraph and continuation lines, not children)
    paragraphs: list[int] = field(default_factory=list)
    children: list[Point] = field(default_factory=list)

    def walk(self) -> Iterator[Point]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def unit(self) -> str:
        return "/".join(self.path)


@dataclass
class Appendix:
    number: str | None  # "1", "2" or None for a single unnumbered appendix
    header: Field  # "Приложение 1 к постановлению ... от ... № ..."
    paragraphs: list[int] = field(default_factory=list)  # body paragraphs of the appendix
    tables: list[int] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    ref_date: dt.date | None = None  # date of the parent act quoted in the header
    ref_number: str | None = None  # number of the parent act quoted in the header


@dataclass
class Signature:
    position: str  # "Аким города", "Қала әкімі"
    name: str  # "Т. Тұрсынов"
    paragraph: int | None = None
    table: int | None = None


@dataclass
class Shape:
    name: str
    text: str
    shape_id: int | None = None


@dataclass
class Slide:
    number: int  # 1-based
    shapes: list[Shape] = field(default_factory=list)


@dataclass
class TextLayer:
    """How a paged document's text was obtained: pages recognised by OCR, and pages that could not be read
    (page -> "ocr-off" | "ocr-unavailable" | "ocr-poor" | "ocr-page-limit")."""

    ocr_pages: list[int] = field(default_factory=list)
    unread: dict[int, str] = field(default_factory=dict)
    blank_pages: list[int] = field(default_factory=list)  # scanned pages with (almost) no ink: nothing to read
    engine: str | None = None
    confidence: float | None = None  # mean word confidence of the recognised pages, 0-100
    reason: str | None = None  # the last OCR failure, in the engine's words

    def to_dict(self) -> dict[str, Any]:
        return {"ocr_pages": self.ocr_pages, "blank_pages": self.blank_pages, "unread_pages": sorted(self.unread),
                "unread_why": {str(k): v for k, v in sorted(self.unread.items())},
                "engine": self.engine, "confidence": self.confidence, "reason": self.reason}


@dataclass
class KindGuess:
    """One candidate kind with its score and the evidence that gave it."""

    kind: str
    score: float
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "score": round(self.score, 2), "evidence": list(self.evidence)}


@dataclass
class KindDetection:
    """How the kind was found: given by the caller, or detected with a confidence (0..1) and a runner-up."""

    kind: str | None  # the kind applied (None: not recognised with confidence)
    given: bool = False
    confidence: float = 0.0
    best: KindGuess | None = None  # the best candidate, even when not confident enough to apply
    runner_up: KindGuess | None = None
    candidates: list[KindGuess] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "given": self.given,
            "confidence": round(self.confidence, 2),
            "best": self.best.to_dict() if self.best else None,
            "runner_up": self.runner_up.to_dict() if self.runner_up else None,
        }


@dataclass
class Document:
    """A parsed document. Structural fields are None/empty when the parser did not find them."""

    name: str
    sha256: str
    format: str  # "docx" | "pdf" | "pptx"
    data: bytes = field(repr=False, default=b"")
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    slides: list[Slide] = field(default_factory=list)
    pages: int | None = None  # native page count (PDF); DOCX pages come from the office pool on demand
    lang: str | None = None  # dominant language
    kind: str | None = None  # detected or given kind
    detection: KindDetection | None = None  # how the kind was found (confidence, runner-up)
    size: int = 0  # bytes
    properties: dict[str, Any] = field(default_factory=dict)  # core properties (title, author, ...)
    # structure
    blank: list[Field] = field(default_factory=list)  # lines of the state blank (names of the body)
    kind_name: Field | None = None  # "ПОСТАНОВЛЕНИЕ", "ҚАУЛЫ", "ПРОТОКОЛ", ...
    date: Field | None = None
    number: Field | None = None
    place: Field | None = None
    title: Field | None = None
    preamble: Field | None = None
    formula: Field | None = None  # "ПОСТАНОВЛЯЕТ:", "ҚАУЛЫ ЕТЕДІ:", ...
    points: list[Point] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    signature: Signature | None = None
    executor: Field | None = None  # executor's name (and phone, in value)
    text_layer: TextLayer | None = None  # PDF: which pages were read by OCR or could not be read
    letter: Letter | None = None  # the letter's parts and card fields (validators.document.letter)
    appeal: Appeal | None = None  # an appeal's applicant, identifier, address (kind appeal)
    protocol: Protocol | None = None  # a protocol's parts (validators.document.protocol), for protocol kinds
    extra: dict[str, Any] = field(default_factory=dict)  # parser-specific facts (e.g. the body's order)
    native: Any = field(default=None, repr=False)  # the python-docx / python-pptx object, when parsed

    def paragraph(self, index: int) -> Paragraph:
        return self.paragraphs[index - 1]

    def all_points(self) -> Iterator[Point]:
        for p in self.points:
            yield from p.walk()

    def text_blocks(self) -> Iterator[tuple[str, Location]]:
        """Every piece of text with its location: body paragraphs, table cells, slide shapes."""
        for p in self.paragraphs:
            if p.text.strip():
                yield p.text, p.location()
        for t in self.tables:
            for row in t.rows:
                for c in row:
                    if c.text.strip():
                        yield c.text, Location(page=t.page, table=t.index, row=c.row, cell=c.col, excerpt=c.text[:160])
        for s in self.slides:
            for sh in s.shapes:
                if sh.text.strip():
                    yield sh.text, Location(slide=s.number, shape=sh.name, excerpt=sh.text[:160])

    @property
    def body_text(self) -> str:
        return "\n".join(p.full_text for p in self.paragraphs)
