"""The parts of a letter: outgoing number and date, the reference to the request, the addressee, the
attachment mark («Приложение: на N л.» / «Қосымша: N парақ»), stored in ``doc.extra["letter"]``."""

from __future__ import annotations

import re
from typing import Any

from validators.document import patterns as P
from validators.document.structure import Line


def analyse_letter(lines: list[Line]) -> dict[str, Any]:
    out: dict[str, Any] = {"outgoing": None, "reference": None, "attachment": None, "addressee": None}
    head = lines[:12]
    for ln in head:
        text = ln.full
        if out["outgoing"] is None:
            num = P.parse_number(text)
            date = P.parse_date(text)
            if num and not re.search(r"^\s*на\s+№|хатқа", text, re.I):
                out["outgoing"] = {"number": num, "date": date[0].isoformat() if date else None,
                                   "paragraph": ln.paragraph, "table": ln.table, "text": text[:160]}
        if ln.alignment == "right" and out["addressee"] is None and len(text) < 120 and not P.parse_date(text):
            out["addressee"] = {"text": text, "paragraph": ln.paragraph}
    for ln in lines[:40]:
        if P.REFERENCE.search(ln.full) and (P.parse_number(ln.full) or P.parse_date(ln.full)
                                            or re.search(r"во\s+исполнение|тапсырма|поручени", ln.full, re.I)):
            out["reference"] = {"text": ln.full[:200], "paragraph": ln.paragraph}
            break
    for i, ln in enumerate(lines):
        m = P.ATTACHMENT_MARK.match(ln.full.strip())
        if m:
            texts = [ln.full]
            if not m.group(2).strip():  # «Приложение:» followed by a numbered list of attachments
                k = i + 1
                while k < len(lines) and lines[k].label and k - i <= 20:
                    texts.append(lines[k].full)
                    k += 1
            found = [int(x) for t in texts for x in re.findall(r"(?<!\d)(\d{1,4})\s*(?:л\.|лист|парақ|бет)", t, re.I)]
            out["attachment"] = {"text": " ".join(texts)[:160], "paragraph": ln.paragraph,
                                 "sheets": sum(found) if found else None}
    return out
