"""Arithmetic consistency inside one document, in either language (``arithmetic.*``).

- ``arithmetic.sum-parts``: «в сумме X тысяч тенге, в том числе: … a тысяч тенге; … b тысяч тенге» /
  «X мың теңге, оның ішінде: … a мың теңге; …» — the parts (amounts in the same unit of measure after the
  marker, or the first amount of each sub-point when the parts are sub-points) add up to the total.
- ``arithmetic.table-total``: a table row labelled «Итого», «Всего», «Барлығы», «Жиыны» equals the sum of the
  rows it totals, column by column (rows below it when it heads the column, else the rows above it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from validators.parity import tokens as tk
from validators.parity import units as un
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function

MARKER_RE = re.compile(r"в\s+том\s+числе|из\s+них|оның\s+ішінде|соның\s+ішінде", re.I)
TOTAL_RE = re.compile(r"^\s*(итого|всего|барлығы|барлық|жиыны|жиынтығы|total)\b", re.I)
NUMERIC_CELL_RE = re.compile(r"^\s*-?\d{1,3}(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?\s*$|^\s*-?\d+(?:[.,]\d+)?\s*$")
SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)|;")
WORD_AFTER_RE = re.compile(r"\s*([^\W\d_]+)")
TOTAL_WINDOW = 120  # the total stands at most this many characters before the marker


@dataclass
class Mismatch:
    total: str
    parts: list[str]
    label: str = ""  # total row's label for tables
    row: int | None = None
    col: int | None = None

    @property
    def total_value(self) -> Decimal:
        return Decimal(tk.number_value(self.total))

    @property
    def sum_value(self) -> Decimal:
        return sum((Decimal(tk.number_value(p)) for p in self.parts), Decimal(0))

    def args(self) -> dict[str, str]:
        return {"total": self.total.strip(), "sum": _fmt(self.sum_value), "count": str(len(self.parts)),
                "diff": _fmt(self.total_value - self.sum_value), "label": self.label}


def _fmt(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return f"{sign}{grouped},{frac}" if frac.strip("0") else f"{sign}{grouped}"


def _tolerance(numbers: list[str]) -> Decimal:
    decimals = max((len(n.split(".")[1]) for n in numbers if "." in n), default=0)
    return Decimal(0) if decimals == 0 else Decimal(1).scaleb(-decimals) * len(numbers) / 2


def _agrees(total: str, parts: list[str]) -> bool:
    values = [tk.number_value(total), *(tk.number_value(p) for p in parts)]
    diff = Decimal(values[0]) - sum((Decimal(v) for v in values[1:]), Decimal(0))
    return abs(diff) <= _tolerance(values)


def _stem(text: str, end: int) -> str:
    m = WORD_AFTER_RE.match(text, end)
    return m.group(1)[:3].lower() if m else ""


def sum_statements(text: str, lang: str | None = None, children: list[str] | None = None) -> list[Mismatch]:
    """Every «total, of which parts» statement of ``text`` whose parts do not add up."""
    markers = list(MARKER_RE.finditer(text))
    if not markers:
        return []
    numbers = [t for t in tk.extract(text, lang) if t.kind == "number"]
    out = []
    for k, m in enumerate(markers):
        before = [t for t in numbers if t.end <= m.start() and m.start() - t.end <= TOTAL_WINDOW
                  and not SENTENCE_END_RE.search(text[t.end:m.start()])]
        if not before:
            continue
        total = before[-1]
        unit = _stem(text, total.end)
        stop = markers[k + 1].start() if k + 1 < len(markers) else len(text)
        parts = [t for t in numbers if m.end() <= t.start < stop and (not unit or _stem(text, t.end) == unit)]
        part_texts = [t.text for t in parts]
        if not parts and children:
            for child in children:
                found = [t for t in tk.extract(child, lang) if t.kind == "number"
                         and (not unit or _stem(child, t.end) == unit)]
                if found:
                    part_texts.append(found[0].text)
        if len(part_texts) >= 2 and not _agrees(total.text, part_texts):
            out.append(Mismatch(total.text, part_texts))
    return out


def _is_number(cell: str) -> bool:
    return bool(NUMERIC_CELL_RE.match(cell))


def _nested(total: str, parts: list[str]) -> bool:
    """A table with group rows and their detail rows under one total sums to 2, 3 or 4 times the total
    (every level adds up to it): consistent, not an error."""
    t = Decimal(tk.number_value(total))
    s = sum((Decimal(tk.number_value(p)) for p in parts), Decimal(0))
    return t > 0 and s % t == 0 and 2 <= s / t <= 4


def table_totals(rows: list[list[str]]) -> list[Mismatch]:
    """Every total row cell of a table (rows of cell texts) that differs from the sum of its rows."""
    out = []
    total_rows = [r for r, row in enumerate(rows) if any(TOTAL_RE.match(c) for c in row[:3])]
    # a header row (words over the columns, «2024 | 2025» among them) is not a part of any total
    header = 1 if rows and any(c.strip() and not _is_number(c) for c in rows[0]) else 0
    for r in total_rows:
        label = next(c for c in rows[r][:3] if TOTAL_RE.match(c))
        for c, cell in enumerate(rows[r]):
            if not _is_number(cell) or c >= 3 and cell == rows[r][c - 1] and not _is_number(rows[r][c - 1]):
                continue
            previous = max((t for t in total_rows if t < r), default=header - 1)
            above = [i for i in range(previous + 1, r) if c < len(rows[i]) and _is_number(rows[i][c])]
            below = []
            for i in range(r + 1, len(rows)):
                if i in total_rows:
                    break
                if c < len(rows[i]) and _is_number(rows[i][c]):
                    below.append(i)
            blocks = [b for b in (below, above) if len(b) >= 2]
            if not blocks or any(_agrees(cell, [rows[i][c] for i in b]) or _nested(cell, [rows[i][c] for i in b])
                                 for b in blocks):
                continue
            block = max(blocks, key=len)
            parts = [rows[i][c] for i in block]
            out.append(Mismatch(cell, parts, label=label, row=r + 1, col=c + 1))
    return out


def _text_units(root: un.Unit) -> Iterator[un.Unit]:
    for unit in root.walk():
        if unit.kind not in ("root", "table", "row", "cell") and unit.text:
            yield unit


@check_function("arithmetic.sum-parts")
def check_sum_parts(ctx: RuleContext) -> Iterator[Finding]:
    root = un.tree(ctx.doc)
    for unit in _text_units(root):
        for mm in sum_statements(unit.text, unit.lang, [c.text for c in unit.children if c.kind == "point"]):
            loc = replace(unit.location, excerpt=unit.text[:160])
            yield ctx.finding(loc, unit=unit.label, **mm.args())


@check_function("arithmetic.table-total")
def check_table_total(ctx: RuleContext) -> Iterator[Finding]:
    lang = ctx.doc.lang if ctx.doc.lang in un.LABELS else "ru"
    names = un.table_labels(ctx.doc, lang)  # tables as a reader counts them (not the blank's layout tables)
    for table in ctx.doc.tables:
        for mm in table_totals(table.texts()):
            label = f"{names[table.index]}, {un.LABELS[lang]['row'].format(n=mm.row)}, " \
                    f"{un.LABELS[lang]['cell'].format(n=mm.col)}"
            loc = Location(page=table.page, table=table.index, row=mm.row, cell=mm.col, excerpt=mm.total, unit=label)
            yield ctx.finding(loc, unit=label, **mm.args())
