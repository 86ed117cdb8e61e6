"""The structural units of a document, as a tree the aligner walks: title, preamble, free paragraphs,
points and sub-points, appendices, tables, rows and cells. Each unit knows its label in its own language
(``п. 3, пп. 2)`` / ``3-тармақ, 2) тармақша``) and where it is (a report Location).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from validators.document import patterns as P
from validators.model import Document, Point, Table
from validators.parity import tokens as tk
from validators.report import Location

LABELS: dict[str, dict[str, Any]] = {
    "ru": {"title": "заголовок", "preamble": "преамбула", "paragraph": "абз. {n}", "appendix": "прил. {n}",
           "table": "табл. {n}", "row": "стр. {n}", "cell": "кол. {n}", "levels": ("п. {n}", "пп. {n})", "абз. {n})"),
           "root": "документ", "requisites": "реквизиты", "signature": "подпись"},
    "kk": {"title": "тақырып", "preamble": "кіріспе", "paragraph": "{n}-абзац", "appendix": "{n}-қосымша",
           "table": "{n}-кесте", "row": "{n}-жол", "cell": "{n}-баған",
           "levels": ("{n}-тармақ", "{n}) тармақша", "{n}) абзац"), "root": "құжат", "requisites": "деректемелер",
           "signature": "қолтаңба"},
}


TEXT_KINDS = frozenset({"title", "preamble", "paragraph"})  # a parser may classify these differently per language


def family(kind: str) -> str:
    return "text" if kind in TEXT_KINDS else kind


@dataclass
class Unit:
    """One structural unit. ``text`` is its own text (children excluded)."""

    kind: str  # root | title | preamble | paragraph | point | appendix | table | row | cell
    number: str | None
    label: str  # human label in the unit's language, with its ancestors: "прил. 1, п. 3, пп. 2)"
    text: str
    location: Location
    lang: str | None = None
    items: int = 1  # paragraphs (list lines) making up the unit's own text
    children: list[Unit] = field(default_factory=list)
    order: int = 0  # position in the document, for sorting siblings

    @cached_property
    def tokens(self) -> list[tk.Token]:
        return tk.extract(self.text, self.lang)

    @cached_property
    def bag(self):
        return tk.bag(self.tokens)

    @cached_property
    def stems(self) -> frozenset[str]:
        return stems(self.text)

    @cached_property
    def length(self) -> int:
        return len(" ".join(self.text.split()))

    @cached_property
    def cells_bag(self):
        """A row's tokens: those of its cells (a row has no text of its own)."""
        total: Counter[tuple[str, str]] = Counter()
        for c in self.children:
            total.update(c.bag)
        return total

    @cached_property
    def cells_stems(self) -> frozenset[str]:
        return frozenset().union(*(c.stems for c in self.children))

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def full_text(self) -> str:
        """The unit's text with its descendants', for side-by-side display."""
        parts = [self.text] if self.text else []
        parts.extend(c.full_text() for c in self.children if c.kind not in ("row", "cell"))
        return "\n".join(parts)


_FOLD = str.maketrans("әғқңөұүһіё", "аганоуухие")


def stems(text: str) -> frozenset[str]:
    """4-letter prefixes of words of 5+ letters, Kazakh letters folded to Russian ones: loanwords and proper
    names (бюджет, субвенция, Алматы, Еңбекшіқазақ) then overlap across the two languages."""
    out = set()
    for m in tk.WORD_RE.finditer(text.lower().translate(_FOLD)):
        w = m.group(0)
        if len(w) >= 5:
            out.add(w[:4])
    return frozenset(out)


def _label(lang: str, key: str, n: object) -> str:
    return LABELS[lang][key].format(n=n)


def _join(prefix: str, label: str) -> str:
    return f"{prefix}, {label}" if prefix else label


def _point_unit(doc: Document, p: Point, lang: str, prefix: str, depth: int) -> Unit:
    levels = LABELS[lang]["levels"]
    label = _join(prefix, levels[min(depth, len(levels) - 1)].format(n=p.number))
    first = p.paragraphs[0] if p.paragraphs else None
    loc = Location(paragraph=first, excerpt=p.text[:160], unit=label)
    if first is not None and 0 < first <= len(doc.paragraphs):
        loc.page = doc.paragraphs[first - 1].page
    unit = Unit("point", p.number, label, p.text, loc, lang, items=list_lines(doc, p.paragraphs), order=first or 0)
    unit.children = [_point_unit(doc, c, lang, label, depth + 1) for c in p.children]
    return unit


def list_lines(doc: Document, paragraphs: list[int]) -> int:
    """The point's list lines: those after its lead-in («… следующие случаи:» / «… қамтиды:»), else its
    paragraphs. Prose before the lead-in may be split into paragraphs differently in each language."""
    texts = [doc.paragraph(i).full_text.rstrip() for i in paragraphs if 0 < i <= len(doc.paragraphs)]
    lead = next((k for k, t in enumerate(texts[:-1]) if t.endswith(":")), None)
    return max(1, len(texts) - lead - 1 if lead is not None else len(texts))


def layout_tables(doc: Document) -> dict[int, str]:
    """Tables that only lay out requisites (the blank, date and number, the signature, an appendix's header:
    borderless on paper, no table to a reader): index → "requisites" | "signature"."""
    out: dict[int, str] = {}
    fields = (doc.kind_name, doc.date, doc.number, doc.place, doc.title, doc.preamble, doc.formula, doc.executor,
              *doc.blank, *(a.header for a in doc.appendices))
    for f in fields:
        if f is not None and f.table:
            out.setdefault(f.table, "requisites")
    if doc.signature is not None and doc.signature.table:
        out[doc.signature.table] = "signature"
    return out


def table_labels(doc: Document, lang: str) -> dict[int, str]:
    """Each table's name as a reader counts tables: layout tables are not counted (they are named by what
    they hold); the others are numbered in order in the body and, from 1 again, in each appendix."""
    layout = layout_tables(doc)
    in_appendices = {i for a in doc.appendices for i in a.tables}
    groups = [[t.index for t in doc.tables if t.index not in in_appendices], *(list(a.tables) for a in doc.appendices)]
    out: dict[int, str] = {}
    for indices in groups:
        n = 0
        for i in sorted(indices):
            if i in layout:
                out[i] = LABELS[lang][layout[i]]
            else:
                n += 1
                out[i] = _label(lang, "table", n)
    return out


def _table_unit(t: Table, lang: str, prefix: str, name: str | None = None) -> Unit:
    label = _join(prefix, name or _label(lang, "table", t.index))
    unit = Unit("table", str(t.index), label, "", Location(page=t.page, table=t.index, unit=label), lang,
                order=t.after_paragraph)
    for r, row in enumerate(t.rows, 1):
        rlabel = f"{label}, {_label(lang, 'row', r)}"
        text = " | ".join(c.text for c in row)
        ru = Unit("row", str(r), rlabel, "", Location(page=t.page, table=t.index, row=r, excerpt=text[:160],
                                                       unit=rlabel), lang, order=r)
        for c in row:
            clabel = f"{rlabel}, {_label(lang, 'cell', c.col)}"
            ru.children.append(Unit("cell", str(c.col), clabel, c.text,
                                    Location(page=t.page, table=t.index, row=c.row, cell=c.col,
                                             excerpt=c.text[:160], unit=clabel), lang, order=c.col))
        unit.children.append(ru)
    return unit


FORMULA_ALONE = re.compile(r"^\s*" + P.FORMULA.pattern + r"\s*$", re.I)


def _claimed_paragraphs(doc: Document) -> set[int]:
    claimed: set[int] = set()
    for f in (doc.kind_name, doc.date, doc.number, doc.place, doc.title, doc.preamble, doc.formula, doc.executor,
              *doc.blank):
        if f is not None and f.paragraph:
            claimed.add(f.paragraph)
    claimed.update(doc.extra.get("readers", ()))  # «Оқығандар: …» after the signature: a mark, not the act's text
    for p in doc.all_points():
        claimed.update(p.paragraphs)
    for a in doc.appendices:
        claimed.update(a.paragraphs)
        if a.header.paragraph:
            claimed.add(a.header.paragraph)
        for p in a.points:
            for q in p.walk():
                claimed.update(q.paragraphs)
    return claimed


def _paragraph_unit(doc: Document, index: int, lang: str, prefix: str, n: int) -> Unit:
    para = doc.paragraph(index)
    label = _join(prefix, _label(lang, "paragraph", n))
    return Unit("paragraph", None, label, para.full_text, para.location(), lang, order=index)


BLANK_LINE = re.compile(r"^[\s_]*_{5,}[\s_]*$")  # a fill-in line of a form


def _form_groups(doc: Document, indices: list[int]) -> list[list[int]]:
    """Paragraphs in order, a form's fill-in line («______») grouped with its caption below («(форма, дата …)»)
    and a short name line right above it: each language puts the form's name on its own side of the blank
    («Справка-обоснование* к / ____ / (…)» against «____ / (…) анықтама-негіздеме*»)."""
    groups: list[list[int]] = []
    k = 0
    while k < len(indices):
        i = indices[k]
        if BLANK_LINE.match(doc.paragraph(i).text):
            group = [i]
            if groups and len(groups[-1]) == 1 and groups[-1][0] == i - 1 and len(doc.paragraph(i - 1).text) <= 80:
                group = groups.pop() + group
            if k + 1 < len(indices) and indices[k + 1] == i + 1 and doc.paragraph(i + 1).text.lstrip().startswith("("):
                group.append(indices[k + 1])
                k += 1
            groups.append(group)
        else:
            groups.append([i])
        k += 1
    return groups


def _group_unit(doc: Document, group: list[int], lang: str, prefix: str, n: int) -> Unit:
    unit = _paragraph_unit(doc, group[0], lang, prefix, n)
    if len(group) > 1:
        unit.text = "\n".join(doc.paragraph(i).full_text for i in group)
    return unit


def tree(doc: Document, lang: str | None = None) -> Unit:
    """``build(doc, lang)``, computed once per document and label language (kept in ``doc.extra``)."""
    key = f"parity.units.{lang or doc.lang}"
    if key not in doc.extra:
        doc.extra[key] = build(doc, lang)
    return doc.extra[key]


def build(doc: Document, lang: str | None = None) -> Unit:
    """The unit tree of a parsed document."""
    lang = lang or doc.lang or "ru"
    lang = lang if lang in LABELS else "ru"
    grammar = doc.lang if doc.lang in LABELS else lang  # tokens are read in the text's own language
    root = Unit("root", None, LABELS[lang]["root"], "", Location(), lang)
    body: list[Unit] = []
    for key, f in (("title", doc.title), ("preamble", doc.preamble)):
        if f is not None and f.text.strip():
            label = _label(lang, key, "")
            body.append(Unit(key, None, label, f.text, Location(paragraph=f.paragraph, excerpt=f.text[:160],
                                                                unit=label), lang, order=f.paragraph or 0))
    body.extend(_point_unit(doc, p, lang, "", 0) for p in doc.points)
    claimed = _claimed_paragraphs(doc)
    appendix_tables = {i for a in doc.appendices for i in a.tables}
    free = [p.index for p in doc.paragraphs if p.index not in claimed and p.text.strip()
            and not FORMULA_ALONE.match(p.text)]  # «Бұйырамын:» on its own line: the other text ends its preamble so
    first_appendix = min((a.header.paragraph or 10**9 for a in doc.appendices), default=10**9)
    main_free = [i for i in free if i < first_appendix]
    # an agreement block («СОГЛАСОВАНО: / Начальник … / Ф. И. О. / дата», «КЕЛІСІЛДІ: …») is one unit: each
    # language breaks its lines in its own places
    agreed = next((k for k, i in enumerate(main_free) if P.AGREED.match(doc.paragraph(i).text)), None)
    block = main_free[agreed:] if agreed is not None else []
    body.extend(_paragraph_unit(doc, i, lang, "", n)
                for n, i in enumerate(main_free[:agreed] if agreed is not None else main_free, 1))
    if block:
        unit = _paragraph_unit(doc, block[0], lang, "", (agreed or 0) + 1)
        unit.text = "\n".join(doc.paragraph(i).full_text for i in block)
        body.append(unit)
    names = table_labels(doc, lang)
    body.extend(_table_unit(t, lang, "", names.get(t.index)) for t in doc.tables if t.index not in appendix_tables)
    for k, a in enumerate(doc.appendices, 1):
        number = a.number or str(k)
        label = _label(lang, "appendix", number)
        unit = Unit("appendix", number, label, a.header.text,
                    Location(paragraph=a.header.paragraph, excerpt=a.header.text[:160], unit=label), lang,
                    order=a.header.paragraph or 10**6 + k)
        kids = [_point_unit(doc, p, lang, label, 0) for p in a.points]
        point_paras = {i for p in a.points for q in p.walk() for i in q.paragraphs}
        own = [i for i in a.paragraphs if i not in point_paras and i != a.header.paragraph
               and doc.paragraph(i).text.strip()]
        kids.extend(_group_unit(doc, g, lang, label, n) for n, g in enumerate(_form_groups(doc, own), 1))
        kids.extend(_table_unit(doc.tables[i - 1], lang, label, names.get(i)) for i in a.tables
                    if 0 < i <= len(doc.tables))
        unit.children = sorted(kids, key=lambda u: u.order)
        body.append(unit)
    root.children = sorted(body, key=lambda u: (u.kind == "appendix", u.order))
    for unit in root.walk():
        unit.lang = grammar
    return root
