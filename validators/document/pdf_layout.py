"""A PDF page's text layer as a reader sees it: words with their positions grouped into lines, ruled tables
back into rows and cells (spans as drawn), running headers, footers and page numbers set apart.

pdfplumber (on pdfminer.six) gives every character with its box and font and the ruling lines and rectangles;
its table finder turns the ruling into cell boxes. What is ours is the reading: which words form a line, which
lines form a paragraph (:func:`paragraphs`: would the next line's first word have fitted on this one?), where
a line sits (centred, right-aligned), the wide gap a tab leaves («position⇥name»), and the cell grid in the
numbering the .docx reader uses (a cell merged across columns stands in its first column).

The work is bounded: pages read this way (``QUJAT_PDF_LAYOUT_MAX_PAGES``), seconds per document
(``QUJAT_PDF_LAYOUT_SECONDS``, checked between pages), characters and ruling edges per page. A page past a
bound, or one pdfminer cannot read, is left to the caller's plain text-layer reading (``None`` for that page).
"""

from __future__ import annotations

import io
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from validators.settings import at_import

MAX_LAYOUT_PAGES = at_import("pdf_layout_max_pages")
LAYOUT_SECONDS = at_import("pdf_layout_seconds")
MAX_PAGE_CHARS = 40_000  # a page of dense text has ~4 000; past this the page is not a document page
MAX_PAGE_EDGES = 4_000  # ruling edges given to the table finder (its work grows with their square)
TAB_GAP_EM = 3.0
_LEAD = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[а-яәғқңөұүһіa-z]\)|[•·\-–—*])")  # a gap between words wider than this many font sizes is a tab (or a cell border unseen)
PAGE_NUMBER = re.compile(r"^[\s\-–—]*(?:\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]|(?:стр\.?|страница|page|бет)\s*\d{1,4}"
                          r"(?:\s*(?:из|of|/)\s*\d{1,4})?|\d{1,4}\s*(?:-бет|бет)|\d{1,4}\s*/\s*\d{1,4})[\s\-–—]*$",
                          re.I)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class TextLine:
    """Words on one baseline, left to right; ``text`` has a tab where a wide gap is."""

    words: list[Word]
    page: int
    edges: tuple[float, ...] = ()  # left edges of unruled columns on the page (see :func:`column_edges`)

    @cached_property
    def x0(self) -> float:
        return self.words[0].x0

    @cached_property
    def x1(self) -> float:
        return self.words[-1].x1

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def size(self) -> float:
        return Counter(round(w.size, 1) for w in self.words).most_common(1)[0][0]

    @cached_property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)

    @cached_property
    def tabs(self) -> list[int]:
        """Indexes of the words a tab (or an unruled column) comes before: a gap wider than three font sizes, or
        wider than ¾ of one and three times the line's other gaps (a justified line stretches all its gaps
        alike), or a wide gap before a column's edge. The gap after a leading number label or bullet («1.⇥Утвердить») is the list's, not a column."""
        gaps = [b.x0 - a.x1 for a, b in zip(self.words, self.words[1:], strict=False)]
        out = []
        for k, gap in enumerate(gaps):
            if k == 0 and _LEAD.fullmatch(self.words[0].text):
                continue
            others = sorted(g for i, g in enumerate(gaps) if i != k)
            usual = others[len(others) // 2] if others else None
            size = max(self.words[k].size, 1.0)
            at_edge = any(abs(self.words[k + 1].x0 - e) <= 1.0 for e in self.edges)
            if gap > TAB_GAP_EM * size or (usual is not None and gap > 0.75 * size and gap > 3 * max(usual, 0.5)) \
                    or (at_edge and gap > max(0.5 * size, 2.5 * (usual or 0.0))):
                out.append(k + 1)
        return out

    def wide_gaps(self) -> Iterator[float]:
        """Where words start after a gap wider than half a font size and than twice the line's usual gap: where
        an unruled column may begin."""
        gaps = [b.x0 - a.x1 for a, b in zip(self.words, self.words[1:], strict=False)]
        usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
        for k, gap in enumerate(gaps):
            if k == 0 and _LEAD.fullmatch(self.words[0].text):
                continue
            if gap > max(0.5 * self.words[k].size, 2 * usual):
                yield self.words[k + 1].x0

    @cached_property
    def text(self) -> str:
        tabs = set(self.tabs)
        return "".join(("\t" if k in tabs else " ") + w.text if k else w.text for k, w in enumerate(self.words))

    @cached_property
    def tabbed(self) -> bool:
        return bool(self.tabs)

    @cached_property
    def tab_x(self) -> float | None:
        """Where the text after the first tab starts."""
        return self.words[self.tabs[0]].x0 if self.tabs else None


@dataclass
class CellBox:
    row: int  # 1-based row of the table
    col: int  # 1-based grid column of its first column
    x0: float
    x1: float
    top: float
    bottom: float
    lines: list[TextLine] = field(default_factory=list)


@dataclass
class RuledTable:
    """A table drawn with ruling lines: its cells in rows, on the grid of the columns' left edges."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    columns: list[float]  # left edges of the grid columns
    rows: list[list[CellBox]]


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    blocks: list[TextLine | RuledTable]  # reading order: top to bottom
    furniture: list[TextLine] = field(default_factory=list)  # running header/footer lines, page numbers
    letters: bool = True  # a character of the page is a letter (else its text is looked for with pypdf)


def _bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", ",b")) or name.endswith("-b")


def _rows(items: list, top: str, bottom: str) -> list[list]:
    """Items (characters or words, dicts or objects) grouped by the line they sit on: an item joins a recent
    row whose vertical extent holds its middle."""
    def get(item: object, key: str) -> float:
        return float(item[key] if isinstance(item, dict) else getattr(item, key))

    rows: list[tuple[float, float, list]] = []
    for item in sorted(items, key=lambda i: get(i, top)):
        t, b = get(item, top), get(item, bottom)
        mid = (t + b) / 2
        for k in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            rt, rb, members = rows[k]
            if rt <= mid <= rb:
                members.append(item)
                rows[k] = (min(rt, t), max(rb, b), members) if len(members) < 3 else (rt, rb, members)
                break
        else:
            rows.append((t, b, [item]))
    return [members for _, _, members in rows]


def _words(chars: list[dict]) -> list[Word]:
    """Characters into words: on each line, left to right (a PDF draws them in any order), a space or a gap
    ends a word."""
    words: list[Word] = []
    cur: list[dict] = []

    def flush() -> None:
        if cur:
            words.append(Word(text="".join(c["text"] for c in cur), x0=cur[0]["x0"], x1=cur[-1]["x1"],
                              top=min(c["top"] for c in cur), bottom=max(c["bottom"] for c in cur),
                              size=float(cur[0]["size"]), bold=all(_bold(c["fontname"]) for c in cur)))
            cur.clear()

    for row in _rows(chars, "top", "bottom"):
        for c in sorted(row, key=lambda c: c["x0"]):
            text = c["text"]
            if not text or text.isspace():
                flush()
                continue
            if cur and c["x0"] - cur[-1]["x1"] > 0.15 * max(float(cur[-1]["size"]), 1.0):
                flush()
            cur.append(c)
        flush()
    return words


def _lines(words: list[Word], page: int) -> list[TextLine]:
    """Words into lines: a word joins the line whose vertical middle it shares."""
    lines = [TextLine(words=sorted(r, key=lambda w: w.x0), page=page) for r in _rows(words, "top", "bottom")]
    return sorted(lines, key=lambda ln: (ln.top, ln.x0))


def _grid(values: list[float], tolerance: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(grid: list[float], value: float, tolerance: float = 1.5) -> int:
    return min(range(len(grid)), key=lambda i: abs(grid[i] - value)) if grid else 0


def _tables(page: object, number: int) -> list[RuledTable]:
    """Ruled tables of a pdfplumber page: cell boxes from the ruling, rows by their top edges."""
    edges = page.edges  # type: ignore[attr-defined]
    if not edges or len(edges) > MAX_PAGE_EDGES:
        return []
    out: list[RuledTable] = []
    for found in page.find_tables():  # type: ignore[attr-defined]
        cells = [tuple(float(v) for v in c) for c in found.cells]
        if len(cells) < 2:
            continue
        columns = _grid([c[0] for c in cells])
        tops = _grid([c[1] for c in cells])
        rows: list[list[CellBox]] = [[] for _ in tops]
        for x0, top, x1, bottom in cells:
            r = _index(tops, top)
            rows[r].append(CellBox(row=r + 1, col=_index(columns, x0) + 1, x0=x0, x1=x1, top=top, bottom=bottom))
        for row in rows:
            row.sort(key=lambda c: c.col)
        x0, top, x1, bottom = (float(v) for v in found.bbox)
        out.append(RuledTable(page=number, x0=x0, x1=x1, top=top, bottom=bottom, columns=columns,
                              rows=[r for r in rows if r]))
    return out


def _inside(w: Word, box: CellBox | RuledTable) -> bool:
    mx, my = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box.x0 <= mx <= box.x1 and box.top <= my <= box.bottom


def _chars(page: Any) -> tuple[list[dict], list]:
    """The characters of a pdfplumber page as ``page.chars`` gives them (the keys read here, the same values,
    in the same order), taken from pdfminer's parsed page (``page.layout``) without turning every object of the
    page into a dict of all its attributes (half the cost of ``page.chars``); and the lines, rectangles and
    curves the page draws (pdfminer's objects), the only objects the table finder reads."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve
    from pdfplumber.page import fix_fontname_bytes, normalize_unicode

    height, (mb_x0, mb_top) = page.height, page.mediabox[:2]
    norm = page.pdf.unicode_norm
    chars: list[dict] = []
    drawn: list = []

    def walk(objs: list) -> None:
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTChar):
                text = obj.get_text()
                fontname = obj.fontname
                x0, x1 = obj.x0, obj.x1
                if mb_x0 != 0:
                    x0, x1 = x0 + mb_x0, x1 + mb_x0
                chars.append({"text": normalize_unicode(norm, text) if norm is not None else text,
                              "fontname": fix_fontname_bytes(fontname) if isinstance(fontname, bytes) else fontname,
                              "size": obj.size, "upright": obj.upright, "x0": x0, "x1": x1,
                              "top": (height - obj.y1) + mb_top, "bottom": (height - obj.y0) + mb_top})
            elif isinstance(obj, LTCurve):  # lines and rectangles are curves
                drawn.append(obj)

    walk(page.layout._objs)
    return chars, drawn


def read_page(page: object, number: int) -> PageLayout | None:
    """One pdfplumber page into lines and tables (None: past the per-page bounds)."""
    chars, drawn = _chars(page)
    if len(chars) > MAX_PAGE_CHARS:
        return None
    # «(cid:N)» is pdfminer's text for a glyph it cannot map: not a letter
    letters = any(ch.isalpha() for c in chars if not c["text"].startswith("(cid:") for ch in c["text"])
    words = _words([c for c in chars if c.get("upright", True)])
    tables: list[RuledTable] = []
    if drawn:
        # the table finder reads the page's lines, rectangles and curves (``page.objects``, which pdfplumber
        # builds once and keeps in ``_objects``): given them alone, pdfplumber does not turn every character into
        # a dict again; were the cache renamed, ``page.objects`` would build them all — the same tables, slower
        objects: dict[str, list] = {}
        for obj in drawn:
            d = page.process_object(obj)  # type: ignore[attr-defined]
            objects.setdefault(d["object_type"], []).append(d)
        page._objects = objects  # type: ignore[attr-defined]
        tables = _tables(page, number)
    free: list[Word] = []
    for w in words:
        table = next((t for t in tables if _inside(w, t)), None)
        if table is None:
            free.append(w)
            continue
        cell = next((c for row in table.rows for c in row if _inside(w, c)), None)
        if cell is not None:
            cell.lines.append(TextLine(words=[w], page=number))  # regrouped below
    for t in tables:
        for row in t.rows:
            for c in row:
                c.lines = _lines([w for ln in c.lines for w in ln.words], number)
    blocks: list[TextLine | RuledTable] = [*_lines(free, number), *tables]
    blocks.sort(key=lambda b: b.top)
    return PageLayout(number=number, width=float(page.width), height=float(page.height),  # type: ignore[attr-defined]
                      blocks=blocks, letters=letters)


def read_pages(data: bytes, numbers: list[int]) -> dict[int, PageLayout | None]:
    """The layout of the pages ``numbers`` (1-based) of a PDF, read once, in order, until the bounds (pages with
    letters count towards ``MAX_LAYOUT_PAGES``); a page past a per-page bound, or one that cannot be read, maps to
    None; pages past the bounds are left out. Empty when the PDF cannot be opened this way at all."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency; the plain text layer still works
        return {}
    out: dict[int, PageLayout | None] = {}
    deadline = time.monotonic() + LAYOUT_SECONDS
    pdf = None
    count = 0
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
        for number in numbers:
            if count >= MAX_LAYOUT_PAGES or time.monotonic() > deadline:
                break
            page = pages[number - 1]
            try:
                out[number] = read_page(page, number)
            except Exception:  # noqa: BLE001 - a page pdfminer cannot read keeps its plain text
                out[number] = None
            finally:
                page.close()  # frees the page's parsed objects
            layout = out[number]
            count += layout is None or layout.letters
    except Exception:  # noqa: BLE001 - pdfminer raises many types on damaged files; pypdf's reading stands
        pass
    finally:
        if pdf is not None:
            try:
                pdf.close()
            except Exception:  # noqa: BLE001 - closing walks every page again, damaged ones too
                pass
    return out


def read_layout(data: bytes, numbers: list[int]) -> dict[int, PageLayout | None]:
    """The layout of the pages ``numbers`` of a PDF, as ``read_pages`` (a page not read maps to None), with
    the unruled column edges and the running headers found over them (``finish_layout``)."""
    read = read_pages(data, numbers)
    return finish_layout({number: read.get(number) for number in numbers})


def finish_layout(out: dict[int, PageLayout | None]) -> dict[int, PageLayout | None]:
    """Over the pages read as one document: the unruled columns' edges on every line, and the furniture."""
    edges = column_edges([b for p in out.values() if p for b in p.blocks if isinstance(b, TextLine)])
    for p in out.values():
        for b in p.blocks if p else []:
            if isinstance(b, TextLine):
                b.edges = edges
    mark_furniture(out)
    return out


def column_edges(lines: list[TextLine]) -> tuple[float, ...]:
    """Left edges of unruled columns (a blank, a date and number, signatures typed in borderless tables): a place
    where words start after a wide gap on at least two lines, or on one such line and where another line starts."""
    found: Counter[int] = Counter()
    for ln in lines:
        for x in {round(x) for x in ln.wide_gaps()}:
            found[x] += 1
    starts = Counter(round(ln.x0) for ln in lines)
    edges = []
    for x, n in found.items():
        if n + sum(starts[y] for y in (x - 1, x, x + 1)) >= 2:
            edges.append(float(x))
    return tuple(sorted(edges))


# ----------------------------------------------------------------------------------------------- furniture
def mark_furniture(layouts: dict[int, PageLayout | None]) -> None:
    """Move running headers, footers and page numbers out of the blocks: a line alone in the page's top or
    bottom band that is a page number, or whose text (digits aside) repeats at the same height on other pages."""
    pages = [p for p in layouts.values() if p is not None]

    def key(ln: TextLine) -> str:
        return re.sub(r"\d+", "#", " ".join(ln.text.split()))

    seen: Counter[tuple[str, int]] = Counter()
    for p in pages:
        for b in _edge_lines(p):
            seen[(key(b), round(b.top / 4))] += 1
    for p in pages:
        for b in _edge_lines(p):
            if PAGE_NUMBER.fullmatch(b.text.strip()) or (len(pages) > 1 and seen[(key(b), round(b.top / 4))] > 1):
                p.blocks.remove(b)
                p.furniture.append(b)


def _edge_lines(p: PageLayout) -> Iterator[TextLine]:
    """The first and last line of a page when it stands apart, in the top or bottom tenth of the page."""
    lines = [b for b in p.blocks if isinstance(b, TextLine)]
    if len(p.blocks) == 1 and lines and PAGE_NUMBER.fullmatch(lines[0].text.strip()):
        yield lines[0]  # a page with nothing on it but its number
    if len(p.blocks) < 2 or not lines:
        return
    first, last = p.blocks[0], p.blocks[-1]
    if isinstance(first, TextLine) and first.bottom < 0.1 * p.height and p.blocks[1].top - first.bottom > first.size:
        yield first
    if isinstance(last, TextLine) and last is not first and last.top > 0.9 * p.height \
            and last.top - p.blocks[-2].bottom > last.size:
        yield last


# ----------------------------------------------------------------------------------------------- paragraphs
@dataclass
class Area:
    """The text column lines are laid in: left and right edges (points)."""

    left: float
    right: float
    justified: bool = False  # the body's paragraphs are justified: their wrapped lines end at the right edge

    @property
    def width(self) -> float:
        return self.right - self.left


def text_area(lines: list[TextLine]) -> Area | None:
    """The body's left edge (where most lines start) and right edge (where the longest lines end, but for one to
    three lines far beyond all others: a tab stop past the margin put them there)."""
    plain = [ln for ln in lines if not ln.tabbed]
    if not plain:
        return None
    mode = Counter(round(ln.x0) for ln in plain).most_common(1)[0][0]
    left = min((ln.x0 for ln in plain if abs(ln.x0 - mode) <= 2), default=float(mode))
    ranked = sorted((ln.x1 for ln in plain), reverse=True)
    size = plain[0].size
    right = ranked[0]
    for k in range(1, min(4, len(ranked))):
        if ranked[k - 1] - ranked[k] > 2 * size:  # names a tab stop pushed past the margin, not the column's edge
            right = ranked[k]
            break
    if right - left < 50:
        return None
    at_edge = sum(abs(ln.x1 - right) <= 0.6 for ln in plain)
    long = sum(ln.x1 >= right - 0.1 * (right - left) for ln in plain)  # a ragged text's long lines end anywhere
    return Area(left=left, right=right, justified=at_edge >= max(3, 0.5 * long))


def alignment(ln: TextLine, area: Area) -> str | None:
    """Where a line sits in its column: "right" (ends at the right edge, starts past a third), "center" (equal
    margins on both sides), else None (left or justified)."""
    if ln.tabbed:
        return None
    tol = max(3.0, 0.4 * ln.size)
    lead, trail = ln.x0 - area.left, area.right - ln.x1
    if abs(trail) <= tol and lead > 0.3 * area.width:
        return "right"
    if lead > 2 * ln.size and abs(lead - trail) <= max(tol, 0.03 * area.width):
        return "center"
    return None


def group_alignment(group: list[TextLine], area: Area) -> str | None:
    """A paragraph's alignment from all its lines: right when every line ends at the right edge, none starts at
    the left one and the last is short (a justified paragraph's lines start at the left edge, its last one
    ends short of the right), centred when every line has equal margins on both sides (a full justified line
    has none); else None (left or justified)."""
    if any(ln.tabbed for ln in group):
        return None
    tol = max(3.0, 0.4 * group[0].size)
    leads = [ln.x0 - area.left for ln in group]
    trails = [area.right - ln.x1 for ln in group]
    wide = leads[-1] > 3 * group[0].size  # a justified paragraph's last line ends short; one line: its indent
    if all(abs(t) <= (tol if wide else 1.0) for t in trails) and min(leads) > tol and (len(group) == 1 or wide):
        return "right"
    if all(abs(a - b) <= max(tol, 0.03 * area.width) for a, b in zip(leads, trails, strict=True)) \
            and max(leads) > 1.5:
        return "center"
    return None


def _space(ln: TextLine) -> float:
    gaps = [b.x0 - a.x1 for a, b in zip(ln.words, ln.words[1:], strict=False) if b.x0 > a.x1]
    plain = sorted(g for g in gaps if g < TAB_GAP_EM * ln.size)
    return plain[0] if plain else 0.25 * ln.size


_SENTENCE_END = re.compile(r"(?<!\b[А-ЯЁӘҒҚҢӨҰҮҺІA-Z]\.)(?<!\s[А-ЯЁӘҒҚҢӨҰҮҺІA-Z])[.:;!?]$")
_INITIAL_END = re.compile(r"(?:^|[\s\t_])[А-ЯЁӘҒҚҢӨҰҮҺІ]\.(?:\s?[А-ЯЁӘҒҚҢӨҰҮҺІ]\.)?$")
_HEADING = re.compile(r"(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]{2,}\s?){1,3}:")
_SURNAME = re.compile(r"[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+(?:-[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+)?")


def continues(a: TextLine, b: TextLine, area: Area, pitch: float | None = None) -> bool:
    """Whether line ``b`` goes on with the paragraph line ``a`` is in: the layout wrapped ``a`` because ``b``'s
    first word would not have fitted on it (in the column from ``a``'s start when ``a`` is left-aligned, else
    in the whole column). Never across a change of size or boldness, a wider gap than the lines' pitch, into a
    line with a first-line indent, or over a page break after a sentence's end; a tab line («position⇥name»,
    «date⇥№») goes on only with the surname its initials were parted from («… маслихата⇥Т.» / «Ботабеков»)."""
    if abs(a.size - b.size) > 0.6 or a.bold != b.bold:
        return False
    if a.bold and _HEADING.fullmatch(b.text) and not _HEADING.fullmatch(a.words[-1].text + ":"):
        return False  # a bold heading word of its own («СЛУШАЛИ:») after a bold title, not the title wrapped
    if a.tabbed or b.tabbed:
        return not b.tabbed and len(b.words) == 1 and bool(_INITIAL_END.search(a.text)) \
            and bool(_SURNAME.fullmatch(b.text)) and (a.page == b.page and (pitch is None or b.top - a.top <= 1.3 * pitch))
    if a.page == b.page:
        if pitch is not None and b.top - a.top > 1.3 * pitch:
            return False
    elif _SENTENCE_END.search(a.text):
        return False
    if tab_piece(b, area):
        return not a.tabbed and (a.page == b.page and (pitch is None or b.top - a.top <= 1.3 * pitch))
    if a.page == b.page and abs(a.x0 - b.x0) <= 1.0 and a.x0 > area.left + 2 * a.size \
            and any(abs(a.x0 - e) <= 1.0 for e in a.edges):
        return True  # lines of an unruled column's cell (an appendix header in a borderless table's right cell)
    left_aligned = alignment(a, area) is None
    if area.justified and left_aligned and not a.bold and a.x0 <= area.left + 3 * a.size \
            and a.x1 < area.right - max(1.0, 0.1 * a.size):
        return False  # a justified body line the layout wrapped is stretched to the edge: this one ends its paragraph
    if left_aligned and b.x0 < a.x0 - 4 * a.size:
        return False  # ``a`` sat in a column or an indented block: ``b`` far left of it starts anew
    lead, trail = b.x0 - area.left, area.right - b.x1
    centred = abs(lead - trail) <= max(3.0, 0.4 * b.size, 0.03 * area.width)  # a centred line of a long title
    if left_aligned and abs(a.x0 - area.left) <= 2 and alignment(b, area) is None and b.x0 > a.x0 + a.size \
            and not centred:
        return False  # a first-line indent after a line from the left edge: a new paragraph
    first = b.words[0]
    box = area.right - a.x0 if left_aligned else area.width
    slack = box - 1.0 - ((a.x1 - a.x0) + _space(a) + (first.x1 - first.x0))
    if 0 <= slack < a.size and first.text[:1].islower() and not _SENTENCE_END.search(a.text):
        return True  # it would only just have fitted in the column; in a cell, whose edge is a little short, not
    return slack < 0


def tab_piece(b: TextLine, area: Area) -> bool:
    """A line a right tab stop past the right margin put there: it ends beyond the column and starts in its
    right part («Председатель маслихата» / «⇥________Т. Сарпеков» when the position fills the line)."""
    return not b.tabbed and b.x1 > area.right + 0.5 * b.size and b.x0 > area.left + 0.3 * area.width


def join(a: TextLine, b: TextLine, box: float | None = None, area: Area | None = None) -> str:
    """What goes between two lines of one paragraph: nothing after a hyphen the line was broken at
    («13-» / «желтоқсандағы») or inside a word broken at a narrow cell's edge, else a space."""
    last = a.words[-1].text
    if area is not None and tab_piece(b, area):
        return "\t"
    if len(last) > 1 and last.endswith("-") and last[-2].isalnum():
        return ""
    if box is not None and mid_word(a, b, box):
        return ""
    return " "


_NO_WORD_START = set("ьъыңй")


def mid_word(a: TextLine, b: TextLine, box: float) -> bool:
    """A word longer than a narrow cell is broken where the cell ends: ``a`` is that one word, filling the width
    so that not even ``b``'s first letter would have fitted, and ``b`` goes on with a letter no word starts with
    («Карасайски» / «й»). Other breaks keep a space: a word that did not fit after a full line looks the same
    on the page, and a space is the safer reading."""
    first = b.words[0]
    letter = (first.x1 - first.x0) / max(len(first.text), 1)
    return len(a.words) == 1 and a.words[0].text[-1:].isalpha() and box - (a.x1 - a.x0) < 1.5 * letter \
        and first.text[:1] in _NO_WORD_START


def pitch_of(lines: list[TextLine]) -> float | None:
    """The distance between the tops of two lines of one paragraph: the smallest step between consecutive lines
    of one size on a page (not less than 0.9 of the font size: closer lines overlap, as a superscript does).
    Lines of one paragraph are never further apart than lines of two."""
    steps = [b.top - a.top for a, b in zip(lines, lines[1:], strict=False)
             if a.page == b.page and abs(a.size - b.size) < 0.6 and 0.9 * a.size <= b.top - a.top < 3 * a.size]
    return min(steps) if steps else None


def column_goes_on(group: list[TextLine], ln: TextLine, pitch: float | None) -> bool:
    """Whether ``ln`` goes on in the left column of the tab line ``group`` opened: a two-column signature whose
    position takes more lines than the name («Председатель сессии⇥А. Сүлейменов» / «городского маслихата»).
    The line starts where the position does, ends before the name and follows at the lines' pitch (or after a
    paragraph's spacing, in lower case: «городского маслихата» typed as a paragraph of its own in the cell)."""
    head, last = group[0], group[-1]
    if not head.tabbed or ln.tabbed or head.tab_x is None or ln.bold != head.bold:
        return False
    if ln.page != last.page:  # a row the page break cut: only its lower-case rest at the next page's top
        return ln.page == last.page + 1 and ln.text[:1].islower() and abs(ln.x0 - head.x0) <= 2 \
            and ln.x1 < head.tab_x - head.size
    step = ln.top - last.top
    if abs(ln.size - head.size) > 0.6 or (pitch is not None and step > (2.2 if ln.text[:1].islower() else 1.3) * pitch):
        return False  # a paragraph of its own in the cell, after the spacing, when it goes on in lower case
    return (abs(ln.x0 - head.x0) <= 2 and ln.x1 < head.tab_x - head.size) or abs(ln.x0 - head.tab_x) <= 1.5


def paragraphs(lines: list[TextLine], area: Area, pitch: float | None) -> list[list[TextLine]]:
    """Consecutive lines grouped into paragraphs (see :func:`continues` and :func:`column_goes_on`)."""
    groups: list[list[TextLine]] = []
    for ln in lines:
        if groups and (continues(groups[-1][-1], ln, area, pitch) or column_goes_on(groups[-1], ln, pitch)):
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return groups


def group_text(group: list[TextLine], area: Area) -> str:
    """A paragraph's text from its lines (see :func:`join`); lines in the left column of a tab line go before
    its tab."""
    head = group[0]
    surname = len(group) > 1 and bool(_INITIAL_END.search(head.text)) and bool(_SURNAME.fullmatch(group[1].text))
    if head.tabbed and head.tab_x is not None and not surname and len(group) > 1:
        left, right = head.text.split("\t", 1)
        for ln in group[1:]:
            if abs(ln.x0 - head.tab_x) <= 1.5:
                right += " " + ln.text
            else:
                left += " " + ln.text
        return f"{left}\t{right}"
    text = head.text
    for a, b in zip(group, group[1:], strict=False):
        text += join(a, b, area=area) + b.text
    return text


def cell_paragraphs(cell: CellBox) -> list[str]:
    """A cell's text as the paragraphs typed in it: wrapped lines joined (a word broken at the cell's edge
    without a space)."""
    if not cell.lines:
        return []
    pad = max(min(ln.x0 for ln in cell.lines) - cell.x0, 1.0)
    area = Area(left=cell.x0 + pad, right=cell.x1 - pad)
    out: list[str] = []
    prev: TextLine | None = None
    for ln in cell.lines:
        if prev is not None and continues(prev, ln, area):
            out[-1] += join(prev, ln, area.right - prev.x0) + ln.text
        else:
            out.append(ln.text)
        prev = ln
    return out
