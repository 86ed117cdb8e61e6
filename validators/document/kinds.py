"""Which kind a document is, from its kind name (the registry's kind words), its parts and its wording (when
--kind is not given)."""

from __future__ import annotations

import re

from validators import kinds
from validators.document import patterns as P
from validators.model import Document


def _choose(candidates: tuple[str, ...], doc: Document) -> str:
    """One of the kinds printed with the same word: a protocol by its form, another by its issuer's words
    in the blank's head (the registry's ``issuer``), else the first without such words."""
    if len(candidates) == 1:
        return candidates[0]
    if all(kinds.get(k).group == "protocol" for k in candidates):
        proto = doc.extra.get("protocol") or {}
        form = "protocol-full" if proto.get("form") == "full" else "protocol-short"
        return form if form in candidates else candidates[0]
    head = " ".join(p.text for p in doc.paragraphs[:12]).lower()
    for kind in candidates:
        if any(word in head for word in kinds.get(kind).issuer):
            return kind
    return next((k for k in candidates if not kinds.get(k).issuer), candidates[0])


def detect_kind(doc: Document) -> str | None:
    if doc.format == "pptx":
        return "presentation"
    word = doc.kind_name.value if doc.kind_name else None
    candidates = P.KIND_WORDS.get(P.fold(word)) if word else None
    if candidates:
        return _choose(candidates, doc)
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
