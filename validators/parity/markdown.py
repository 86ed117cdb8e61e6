"""Markdown (the adilet mirror's ``rus.md``/``kaz.md`` layout) → the document model.

Used by the evaluation script and benchmarks, and handy for building test documents by hand:
``# heading`` (first = title), ``> *...*`` blocks (an «Приложение…» / «…қосымша» block opens an appendix),
``1. text`` points, indented ``1) text`` sub-points, indented plain lines continuing the current point,
``**bold**`` lines (signature), and HTML ``<table>`` with rowspan/colspan (spanned cells repeat their text,
as python-docx reports merged cells).
"""

from __future__ import annotations

import hashlib
import html
import re

from validators.model import Appendix, Cell, Document, Field, Paragraph, Point, Signature, Table

POINT_RE = re.compile(r"^(\d+(?:-\d+)?)\\?\.\s+(.*)$")
SUBPOINT_RE = re.compile(r"^(\d+(?:-\d+)?|[а-яәіңғүұқөһa-z])\)\s*(.*)$")
FORMULA_RE = re.compile(r"(ПОСТАНОВЛЯЕТ|РЕШИЛ|ҚАУЛЫ ЕТЕДІ|ШЕШІМ ҚАБЫЛДАДЫ|ШЕШТІ|ШЕШЕМІН|ОБЯЗЫВАЮ|МІНДЕТТЕЙМІН)\s*:?\s*$")
APPENDIX_RE = re.compile(r"^\s*(?:Приложени[ея]|.*қосымша)", re.I | re.S)
APPENDIX_NUMBER_RE = re.compile(r"Приложение\s+(\d+)|(\d+)-қосымша|қосымша\s+(\d+)", re.I)


def _clean(line: str) -> str:
    line = re.sub(r"\*\*|(?<!\w)\*|\*(?!\w)", "", line)
    return html.unescape(line).replace("\\", "").strip()


def _table_rows(block: str) -> list[list[str]]:
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(re.findall(r"<tr>(.*?)</tr>", block, re.S)):
        c = 0
        for attrs, content in re.findall(r"<t[dh]([^>]*)>(.*?)</t[dh]>", tr, re.S):
            while (r, c) in grid:
                c += 1
            text = " ".join(_clean(x) for x in re.sub(r"<[^>]+>", " ", content).split("\n") if x.strip())
            text = " ".join(text.split())
            rs = int((re.search(r'rowspan="(\d+)"', attrs) or [0, 1])[1])
            cs = int((re.search(r'colspan="(\d+)"', attrs) or [0, 1])[1])
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text
            c += cs
    if not grid:
        return []
    n_rows = max(r for r, _ in grid) + 1
    n_cols = max(c for _, c in grid) + 1
    return [[grid.get((r, c), "") for c in range(n_cols)] for r in range(n_rows)]


def parse_markdown(text: str, name: str = "document.md", lang: str | None = None) -> Document:
    """Build a Document from Markdown."""
    data = text.encode("utf-8")
    doc = Document(name=name, sha256=hashlib.sha256(data).hexdigest(), format="md", data=data, size=len(data),
                   lang=lang)
    lines = text.splitlines()
    appendix: Appendix | None = None
    point: Point | None = None
    sub: Point | None = None
    quote: list[str] = []
    bold: list[int] = []

    def add_paragraph(txt: str, label: str | None = None, level: int | None = None) -> int:
        doc.paragraphs.append(Paragraph(index=len(doc.paragraphs) + 1, text=txt, label=label, level=level, lang=lang))
        idx = len(doc.paragraphs)
        if appendix is not None:
            appendix.paragraphs.append(idx)
        return idx

    def flush_quote() -> None:
        nonlocal appendix, point, sub
        if not quote:
            return
        txt = " ".join(quote)
        quote.clear()
        if (doc.points or doc.appendices) and (APPENDIX_RE.match(txt) or (bool(bold) and "№" in txt)):
            m = APPENDIX_NUMBER_RE.search(txt)
            number = next((g for g in m.groups() if g), None) if m else None
            idx = len(doc.paragraphs) + 1
            doc.paragraphs.append(Paragraph(index=idx, text=txt, lang=lang))
            appendix = Appendix(number=number, header=Field(txt, paragraph=idx))
            doc.appendices.append(appendix)
            point = sub = None
        else:
            add_paragraph(txt)

    i = 0
    while i < len(lines):
        raw = lines[i]
        i += 1
        stripped = raw.strip()
        if stripped.startswith(">"):
            content = _clean(stripped.lstrip(">").strip())
            if content:
                quote.append(content)
            continue
        flush_quote()
        if not stripped or stripped.startswith("<a "):
            continue
        if stripped.startswith("<table"):
            block = [raw]
            while i < len(lines) and "</table>" not in lines[i - 1]:
                block.append(lines[i])
                i += 1
            rows = _table_rows("\n".join(block))
            if rows:
                t = Table(index=len(doc.tables) + 1, after_paragraph=len(doc.paragraphs),
                          rows=[[Cell(text=v, row=r, col=c, paragraphs=[v]) for c, v in enumerate(row, 1)]
                                for r, row in enumerate(rows, 1)])
                doc.tables.append(t)
                if appendix is not None:
                    appendix.tables.append(t.index)
            point = sub = None
            continue
        if stripped.startswith("#"):
            txt = _clean(stripped.lstrip("#"))
            if appendix is not None and POINT_RE.match(txt):  # "## 3. Ставки ..." numbered section = a point
                lines.insert(i, txt)
                continue
            idx = add_paragraph(txt)
            if doc.title is None and not doc.points and not doc.appendices:
                doc.title = Field(txt, paragraph=idx)
            point = sub = None
            continue
        if stripped.startswith("**"):
            bold.append(add_paragraph(_clean(stripped)))
            point = sub = None
            continue
        txt = _clean(stripped)
        indented = raw.startswith((" ", "\t"))
        m = POINT_RE.match(txt)
        if m and not indented:
            idx = add_paragraph(m.group(2), label=f"{m.group(1)}.", level=0)
            point = Point(label=f"{m.group(1)}.", number=m.group(1), path=(m.group(1),), text=m.group(2),
                          paragraphs=[idx])
            (appendix.points if appendix is not None else doc.points).append(point)
            sub = None
            continue
        m = SUBPOINT_RE.match(txt)
        if m and point is not None:
            idx = add_paragraph(m.group(2), label=f"{m.group(1)})", level=1)
            sub = Point(label=f"{m.group(1)})", number=m.group(1), path=(*point.path, m.group(1)), text=m.group(2),
                        paragraphs=[idx])
            point.children.append(sub)
            continue
        current = sub or point
        if current is not None and indented:
            current.paragraphs.append(add_paragraph(txt))
            current.text = f"{current.text}\n{txt}"
            continue
        idx = add_paragraph(txt)
        point = sub = None
        if doc.preamble is None and not doc.points and FORMULA_RE.search(txt):
            doc.preamble = Field(txt, paragraph=idx)
    flush_quote()
    if len(bold) >= 2:
        first = doc.paragraph(bold[0])
        doc.signature = Signature(position=first.text, name=doc.paragraph(bold[-1]).text, paragraph=bold[0])
        doc.extra["signature_paragraphs"] = bold
    return doc
