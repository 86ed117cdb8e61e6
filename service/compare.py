"""Comparison table (сравнительная таблица / салыстырмалы кесте) from two versions of an act.

``compare_versions(old, new, lang=None) -> bytes`` aligns the structural units of the two versions
(points, sub-points, appendices, paragraphs, table rows), keeps only the changed ones and renders them through
the ``comparison-table`` template: current and proposed wording with the changed words marked (removed words
struck through, new words bold), added units («Новый пункт.» / «Жаңа тармақ.»), removed ones
(«Исключить.» / «Алып тасталсын.»), the justification column left blank for the author.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from validators.bilingual import load
from validators.errors import DataInvalid
from validators.model import Document
from validators.parity import align as al
from validators.parity import units as un
from validators.texts import said

Source = Document | str | Path | bytes
WORDS = {
    "ru": {"added": "Новый пункт.", "removed": "Исключить.", "title": "к проекту, изменяющему «{title}»",
           "untitled": "к проекту изменений"},
    "kk": {"added": "Жаңа тармақ.", "removed": "Алып тасталсын.", "title": "«{title}» өзгерістер енгізу жобасына",
           "untitled": "өзгерістер жобасына"},
}
BLANK = "\u00a0"  # the justification cell is left for the author (the schema wants a non-empty text)
TOKEN_RE = re.compile(r"\S+\s*")


@dataclass
class Change:
    """One changed unit: ``status`` is changed | added | removed."""

    status: str
    label: str
    old: str
    new: str


def _text(unit: un.Unit | None) -> str:
    if unit is None:
        return ""
    if unit.kind == "row":
        return " | ".join(c.text for c in unit.children)
    return unit.text


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def changed_units(old: Document, new: Document, lang: str) -> list[Change]:
    """The units of ``old``/``new`` that differ, in document order of the new version."""
    root = al.align(un.build(old, lang), un.build(new, lang), score=al.version_score)
    changes: list[Change] = []
    skip: set[int] = set()
    for pair in root.walk():
        if pair.kind in ("root", "cell", "table") or id(pair) in skip:
            continue
        a, b = pair.a, pair.b
        if a is None or b is None:
            changes.append(Change("added" if a is None else "removed", (a or b).label, _text(a), _text(b)))
            skip.update(id(p) for p in pair.walk())
        elif not _same(_text(a), _text(b)) or pair.moved:
            changes.append(Change("changed", b.label, _text(a), _text(b)))
    return changes


def word_diff(old: str, new: str) -> tuple[list[dict], list[dict]]:
    """Segments of the current and the proposed wording, with removed/added words marked."""
    wa, wb = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    cur: list[dict] = []
    pro: list[dict] = []

    def push(segments: list[dict], text: str, mark: str | None) -> None:
        if not text:
            return
        if segments and segments[-1].get("mark") == mark:
            segments[-1]["text"] += text
        else:
            segments.append({"text": text, "mark": mark})

    matcher = difflib.SequenceMatcher(None, [w.strip() for w in wa], [w.strip() for w in wb], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            push(cur, "".join(wa[i1:i2]), None)
            push(pro, "".join(wb[j1:j2]), None)
        else:
            push(cur, "".join(wa[i1:i2]), "removed")
            push(pro, "".join(wb[j1:j2]), "added")
    for segments in (cur, pro):
        for s in segments:
            s["text"] = s["text"] if s["text"].strip() else s["text"] or BLANK
    return cur or [{"text": BLANK, "mark": None}], pro or [{"text": BLANK, "mark": None}]


def table_record(changes: list[Change], lang: str, title: str | None) -> dict:
    """The comparison-table record (schemas/comparison-table.schema.json) for ``changes``."""
    words = WORDS[lang]
    rows = []
    for ch in changes:
        if ch.status == "added":
            current: object = words["added"]
            proposed: object = [{"text": ch.new or BLANK, "mark": "added"}]
        elif ch.status == "removed":
            current, proposed = [{"text": ch.old or BLANK, "mark": "removed"}], words["removed"]
        else:
            current, proposed = word_diff(ch.old, ch.new)
        rows.append({"unit": ch.label, "current": current, "proposed": proposed, "justification": BLANK})
    heading = words["title"].format(title=title) if title else words["untitled"]
    return {"title": heading, "rows": rows}


def compare_versions(old: Source, new: Source, lang: str | None = None, profile: str | None = None) -> bytes:
    """The comparison table (.docx bytes) of two versions of an act, in ``lang`` (default: the act's)."""
    from service import render

    old_doc, new_doc = load(old, lang), load(new, lang)
    lang = lang or old_doc.lang or new_doc.lang or "ru"
    if lang not in WORDS:
        raise DataInvalid(f"unknown language {lang!r}; use kk or ru")
    changes = changed_units(old_doc, new_doc, lang)
    if not changes:
        raise DataInvalid("the two versions do not differ in any structural unit: there is nothing to tabulate",
                          messages=said("nothing-to-tabulate"))
    title_field = new_doc.title or old_doc.title
    title = title_field.text.strip() if title_field is not None else None
    return render("comparison-table", table_record(changes, lang, title), lang=lang, profile=profile)
