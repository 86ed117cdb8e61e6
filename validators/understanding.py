"""Whether a parsed document was understood well enough to apply a profile, and if not, why and what to do.

A verdict claims only what was checked: a scanned page without text, an empty deck, a text of no known kind,
an unfilled template or a language the profiles do not cover is ``not-checked`` (CLI exit 3), never accepted.
The reasons and their kk/ru/en texts are data: ``validators/data/not_checked.yaml``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

from validators import kinds
from validators.model import Document
from validators.report import NotChecked

DATA = Path(__file__).resolve().parent / "data" / "not_checked.yaml"
# unfilled template slots: docxtpl/Jinja «{{ x }}», «{% … %}», «${x}», «[ФИО]»-like are not counted
TEMPLATE_SLOT = re.compile(r"\$\{[^}\n]{1,60}\}|\{\{[^}\n]{1,60}\}\}|\{%[^%\n]{1,80}%\}")
MIN_TEXT = 20  # characters: less than this on a PDF's pages is no text layer
MIN_LANG_TEXT = 40  # characters: below this, an undecided language is not a reason


@functools.cache
def reasons() -> dict[str, dict[str, dict[str, str]]]:
    with DATA.open(encoding="utf-8") as fh:
        return dict(yaml.safe_load(fh)["reasons"])


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "—"


def not_checked(reason: str, **values: Any) -> NotChecked:
    entry = reasons()[reason]
    fill = _Blank(values)
    return NotChecked(reason=reason,
                      why={lang: text.format_map(fill) for lang, text in entry["why"].items()},
                      todo={lang: text.format_map(fill) for lang, text in entry["todo"].items()})


def text_size(doc: Document) -> int:
    size = sum(len(p.text.strip()) for p in doc.paragraphs)
    size += sum(len(c.text.strip()) for t in doc.tables for row in t.rows for c in row)
    size += sum(len(sh.text.strip()) for s in doc.slides for sh in s.shapes)
    return size


def template_slots(doc: Document) -> list[str]:
    found: list[str] = []
    for text, _loc in doc.text_blocks():
        for m in TEMPLATE_SLOT.finditer(text):
            if m.group(0) not in found:
                found.append(m.group(0))
    return found


_CYR = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def _foreign(doc: Document) -> bool:
    """Enough text, and most of its letters not Cyrillic (Kazakh and Russian are both written in Cyrillic)."""
    text = "".join(t for t, _loc in doc.text_blocks())
    letters = sum(1 for ch in text if ch.isalpha())
    return letters >= MIN_LANG_TEXT and len(_CYR.findall(text)) * 2 < letters


def assess(doc: Document) -> NotChecked | None:
    """None when the document can be checked against a profile; else why not."""
    size = text_size(doc)
    unread = doc.text_layer.unread if doc.text_layer is not None else {}
    if unread:  # a page without a text layer that OCR did not read: what is on it was not checked
        return not_checked("ocr-poor" if "ocr-poor" in unread.values() else "no-text")
    if doc.format == "pdf" and size < MIN_TEXT:
        return not_checked("no-text")
    if doc.format == "pptx":
        if not doc.slides:
            return not_checked("nothing-to-check")
        return None  # slides are judged by their layout even without text; the kind is the format's
    if size == 0:
        return not_checked("nothing-to-check")
    if doc.lang is None and _foreign(doc):
        return not_checked("language")
    slots = template_slots(doc)
    filled = (doc.date is not None and doc.date.value is not None) or \
        (doc.number is not None and doc.number.value is not None) or doc.signature is not None
    if slots and not filled:
        return not_checked("unfilled-template", placeholders=", ".join(slots[:5]))
    det = doc.detection
    if doc.kind is None and det is not None and not det.given:
        best = det.best
        if best is None or best.score < 2:
            return not_checked("unknown-kind")
        runner = det.runner_up
        names = kinds.get(best.kind).names
        second = kinds.get(runner.kind).names if runner else {}
        return not_checked("uncertain-kind", kind=best.kind, kind_kk=names["kk"], kind_ru=names["ru"],
                           confidence=round(det.confidence * 100), runner_up=runner.kind if runner else "—",
                           runner_up_kk=second.get("kk", "—"), runner_up_ru=second.get("ru", "—"))
    return None
