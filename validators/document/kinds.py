"""Which kind a document is, from its kind name, its parts and its wording (when --kind is not given)."""

from __future__ import annotations

import re

from validators.document import patterns as P
from validators.model import Document


def detect_kind(doc: Document) -> str | None:
    if doc.format == "pptx":
        return "presentation"
    word = doc.kind_name.value if doc.kind_name else None
    kind = P.KIND_WORDS.get(word or "")
    if kind is None and word:
        kind = {"ПОСТАНОВЛЕНИЕ": "resolution", "РЕШЕНИЕ": "decision", "РАСПОРЯЖЕНИЕ": "order",
                "ПРОТОКОЛ": "protocol"}.get(word)
    if kind == "protocol":
        proto = doc.extra.get("protocol") or {}
        return "protocol-full" if proto.get("form") == "full" else "protocol-short"
    if kind:
        return kind
    if any(re.match(r"^(сравнительн\w+\s+таблиц|салыстырм\w*\s+кесте)", p.text, re.I)
           for p in doc.paragraphs[:10]):
        return "comparison-table"
    letter = doc.extra.get("letter") or {}
    if doc.executor is not None or letter.get("outgoing"):
        body = " ".join(p.text for p in doc.paragraphs)
        if letter.get("attachment") or P.SENDS.search(body):
            return "cover-letter"
        return "incoming-letter"
    return None
