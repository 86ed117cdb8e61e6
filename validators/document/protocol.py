"""The parts of a meeting protocol (full: СЛУШАЛИ–ВЫСТУПИЛИ–ПОСТАНОВИЛИ per item; short: centred items,
speakers, decisions), found in the reading-order lines and stored in ``doc.extra["protocol"]``."""

from __future__ import annotations

import functools
import re
from typing import Any

from validators.document import patterns as P
from validators.document.structure import Line, signature_in

PART_ALIASES = {"resolved": "decided", "listened": "heard", "speakers": "spoke"}


@functools.cache
def protocol_words() -> dict[str, dict[str, list[str]]]:
    """Section words: the defaults plus every profile's ``settings.protocol_words`` (so any profile's
    words are recognised when parsing; rules then judge with their own profile's words)."""
    words = {lang: {k: list(v) for k, v in d.items()} for lang, d in P.DEFAULT_PROTOCOL_WORDS.items()}
    try:
        from validators import profiles

        for pid in profiles.available():
            extra = profiles.load(pid).settings.get("protocol_words") or {}
            for lang, parts in extra.items():
                for part, values in (parts or {}).items():
                    part = PART_ALIASES.get(part, part)
                    bucket = words.setdefault(lang, {}).setdefault(part, [])
                    for v in [values] if isinstance(values, str) else values:
                        if v.upper() not in bucket:
                            bucket.append(v.upper())
    except Exception:  # noqa: BLE001 - a broken profile must not stop parsing; profile tests catch it
        pass
    return words


WS = r"\s+"


def _section_re() -> re.Pattern[str]:
    alts = []
    for lang_words in protocol_words().values():
        for part, values in lang_words.items():
            for v in values:
                alts.append((len(v), part, v))
    alts.sort(reverse=True)
    space = re.escape(" ")
    body = "|".join(f"(?P<{part}{i}>{re.escape(v).replace(space, WS)})" for i, (_, part, v) in enumerate(alts))
    return re.compile(rf"^\s*(?:{body})\s*(?:\([^)]*\))?\s*[:.\-–]?", re.I)


_ITEM_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*[.)]?\s+(?=\S)")


def _section_word(text: str) -> tuple[str, str, int] | None:
    """(part, word, end) when the line opens a section: «СЛУШАЛИ:», also with the item's number «1. СЛУШАЛИ:»."""
    number = _ITEM_NUMBER.match(text)
    skip = number.end() if number else 0
    m = _section_re_cached().match(text[skip:])
    if not m:
        return None
    part = re.sub(r"\d+$", "", m.lastgroup or "")
    return part, m.group(0), skip + m.end()


@functools.cache
def _section_re_cached() -> re.Pattern[str]:
    return _section_re()


def _names(text: str) -> list[str]:
    found = P.NAME_SURNAME_FIRST.findall(text) + P.NAME_INITIALS_FIRST.findall(text)
    return found or P.NAME_FULL.findall(text)


def _item_starts_title(text: str) -> bool:
    return bool(re.match(r"^(О|Об|Обо)\s", text)) or bool(re.search(r"туралы\b", text[:400]))


def _assignment(ln: Line, cont: list[Line]) -> dict[str, Any]:
    text = " ".join([ln.text] + [c.full for c in cont]).strip()
    return {
        "label": ln.label, "text": text, "paragraph": ln.paragraph,
        "executor": bool(P.EXECUTOR_IN_TEXT.search(text)),
        "deadline": bool(P.DEADLINE.search(text)),
        "informational": informational(text),
    }


NOTED = re.compile(r"принять\s+к\s+сведению|к\s+сведению|назарға\s+алын|мәліметке\s+алын|одобрить|мақұлдансын", re.I)
# what makes a decision an assignment to do something (then it needs an executor and a deadline)
ACTION = re.compile(
    r"\b(?:обеспечить|представить|принять\s+(?:меры|исчерпывающие)|организовать|провести|усилить|разработать|"
    r"внести|рассмотреть|направить|подготовить|взять\s+на\s+контроль|проработать|активизировать|завершить|"
    r"устранить|осуществить|информировать|исполнить)\b|"
    r"(?:етілсін|ұсынылсын|жүргізілсін|ұйымдастырылсын|әзірленсін|енгізілсін|қарастырылсын|жолдансын|"
    r"дайындалсын|күшейтілсін|аяқталсын|жойылсын|алынсын\s+және)\b", re.I)


def informational(text: str) -> bool:
    """«Информацию … принять к сведению» / «… ақпараты назарға алынсын»: noted, nothing to do — not an
    assignment, whoever the sentence names."""
    return bool(NOTED.search(text)) and not ACTION.search(text)


def analyse_protocol(lines: list[Line], main_end: int) -> dict[str, Any]:
    """Return the protocol's parts: chair, secretary, attendees, agenda, items/sections, assignments, control."""
    out: dict[str, Any] = {"chair": None, "secretary": None, "attendees": None, "agenda": None,
                           "sections": [], "items": [], "assignments": [], "control": None, "form": None}
    first_section = next((i for i in range(main_end) if _section_word(lines[i].full)), None)
    intro_end = first_section if first_section is not None else main_end
    agenda_at = next((i for i in range(intro_end) if P.AGENDA.match(lines[i].full.strip())
                      or P.AGENDA_ATTACHED.search(lines[i].full)), None)
    people_end = agenda_at if agenda_at is not None else intro_end
    if agenda_at is None and first_section is None:  # short form: people end at the first item heading
        people_end = next((i for i in range(main_end) if lines[i].label and _label_top(lines[i].label)
                           and (lines[i].alignment == "center" or _item_starts_title(lines[i].text))
                           and not _names(lines[i].text[:40])), main_end)
        intro_end = people_end
    # chair, secretary, attendees in the introductory part
    i = 0
    while i < people_end:
        ln = lines[i]
        text = ln.full.strip()
        for key, rx in (("chair", P.CHAIR), ("secretary", P.SECRETARY)):
            m = rx.match(text)
            if m and out[key] is None:
                name = m.group(2).strip()
                if not name and i + 1 < people_end:
                    name = lines[i + 1].full.strip()
                out[key] = {"text": text, "name": name, "names": _names(name), "paragraph": ln.paragraph}
        m = P.ATTENDEES.match(text)
        if m and out["attendees"] is None:
            listed: list[str] = []
            ref = bool(P.ATTENDEES_REF.search(text))
            count = None
            mc = re.search(r"(?<!\d)(\d{1,5})\s*(?:человек|чел\.|адам|участник)", text, re.I)
            if mc:
                count = int(mc.group(1))
            j = i + 1
            if m.group(2).strip() and not ref:
                listed.extend(x.strip() for x in re.split(r"[;,]\s*(?=[А-ЯЁӘҒҚҢӨҰҮҺІ])", m.group(2)) if x.strip())
            while j < people_end and not (P.CHAIR.match(lines[j].full) or P.SECRETARY.match(lines[j].full)
                                          or P.AGENDA.match(lines[j].full) or lines[j].table
                                          or P.CONTROL.search(lines[j].full[:60])):
                lt = lines[j].full.strip()
                if P.ATTENDEES_REF.search(lt):
                    ref = True
                elif not P.INVITED.match(lt):
                    listed.append(lt)
                mc = re.search(r"(?<!\d)(\d{1,5})\s*(?:человек|чел\.|адам|участник)", lt, re.I)
                if mc:
                    count = int(mc.group(1))
                j += 1
            out["attendees"] = {"paragraph": ln.paragraph, "listed": len(listed), "reference": ref,
                                "count": count if count is not None else len(listed)}
        i += 1
    # agenda
    agenda_items: list[dict] = []
    if agenda_at is not None:
        ln = lines[agenda_at]
        attached = bool(P.AGENDA_ATTACHED.search(ln.full))
        seen: set[str] = set()
        k = agenda_at + 1
        while k < intro_end:
            it = lines[k]
            if it.label:
                num = it.label.strip().rstrip(".)")
                if num in seen:
                    break
                seen.add(num)
                speaker = bool(P.SPEAKER.search(it.text))
                if not speaker and k + 1 < intro_end and not lines[k + 1].label:
                    speaker = bool(P.SPEAKER.search(lines[k + 1].full))
                agenda_items.append({"label": it.label, "text": it.text, "paragraph": it.paragraph,
                                     "alignment": it.alignment, "speaker": speaker})
            k += 1
        out["agenda"] = {"paragraph": ln.paragraph, "attached": attached, "items": agenda_items}
        if first_section is None:
            intro_end = k
    # full form: sections by section words
    if first_section is not None:
        out["form"] = "full"
        current: dict[str, Any] | None = None
        last_part = None
        decision_lines: list[Line] = []

        def close() -> None:
            if current is not None:
                current["assignments"] = _assignments(decision_lines)
                current["unnumbered"] = _unnumbered(decision_lines)
                current["decision_text"] = " ".join(x.full for x in decision_lines).strip() or current.get("decided_tail", "")
                out["assignments"].extend(current["assignments"])

        headings = {i - 1 for i in range(first_section, main_end) if i > 0 and not lines[i].label
                    and (_section_word(lines[i].full) or ("",))[0] == "heard"}
        for idx in range(first_section, main_end):
            ln = lines[idx]
            if idx in headings and ln.label:
                last_part = None
                continue
            sw = _section_word(ln.full)
            if sw:
                part, word, end = sw
                tail = ln.full[end:].strip()
                if part == "heard" or current is None:
                    close()
                    decision_lines = []
                    current = {"paragraph": ln.paragraph, "parts": [], "caps": True, "decided_tail": ""}
                    out["sections"].append(current)
                current["parts"].append({"part": part, "paragraph": ln.paragraph, "word": word.strip(" :.-–")})
                current["caps"] = current["caps"] and word.strip(" :.-–") == word.strip(" :.-–").upper()
                if part == "decided":
                    current["decided_tail"] = tail
                    if tail:
                        decision_lines.append(Line(text=tail, paragraph=ln.paragraph))
                last_part = part
                continue
            if last_part == "decided" and current is not None and not P.CONTROL.search(ln.full[:60]) \
                    and not _signature_like(ln):
                decision_lines.append(ln)
        close()
    else:
        out["form"] = "short"
        items: list[dict] = []
        k = intro_end if agenda_at is None else intro_end
        cur: dict[str, Any] | None = None
        dec: list[Line] = []
        for idx in range(k, main_end):
            ln = lines[idx]
            is_item = bool(ln.label) and _label_top(ln.label) and (ln.alignment == "center" or _item_starts_title(ln.text))
            if is_item:
                if cur is not None:
                    cur["assignments"] = _assignments(dec)
                    cur["unnumbered"] = _unnumbered(dec)
                    out["assignments"].extend(cur["assignments"])
                nxt = lines[idx + 1] if idx + 1 < main_end else None
                cur = {"label": ln.label, "text": ln.text, "paragraph": ln.paragraph, "alignment": ln.alignment,
                       "underline": ln.underline or ln.border_bottom
                       or bool(nxt and re.fullmatch(r"[_\-—–\s]{5,}", nxt.full)),
                       "speakers": bool(nxt and not nxt.label and _names(nxt.full))}
                items.append(cur)
                dec = []
            elif cur is not None and not P.CONTROL.search(ln.full[:60]) and not _signature_like(ln):
                dec.append(ln)
        if cur is not None:
            cur["assignments"] = _assignments(dec)
            cur["unnumbered"] = _unnumbered(dec)
            out["assignments"].extend(cur["assignments"])
        out["items"] = items
    tail_from = 0
    for ln_i, ln in enumerate(lines[:main_end]):
        if P.CONTROL.search(ln.full) and P.CONTROL_ASSIGN.search(ln.full):
            out["control"] = {"text": ln.full, "paragraph": ln.paragraph}
        if _section_word(ln.full) or (ln.label and ln.paragraph in {it.get("paragraph") for it in out["items"]}):
            tail_from = ln_i + 1
    out["signatures"] = []
    for ln in lines[max(tail_from, intro_end):main_end]:
        sig = signature_in(ln.full) if len(ln.full) < 200 else None
        if sig:
            role = "secretary" if re.search(r"секретар|хатшы", sig[0], re.I) else "chair"
            out["signatures"].append({"role": role, "position": sig[0], "name": sig[1],
                                      "paragraph": ln.paragraph, "table": ln.table})
    return out


def _label_top(label: str | None) -> bool:
    return label is not None and bool(re.fullmatch(r"\d+\.?", label.strip()))


def _signature_like(ln: Line) -> bool:
    return bool(P.CHAIR.match(ln.full) or P.SECRETARY.match(ln.full))


def _assignments(lines: list[Line]) -> list[dict]:
    """Numbered assignments in a decision block (continuation lines join the previous one); an unnumbered
    decision counts as one assignment."""
    out: list[dict] = []
    cur: Line | None = None
    cont: list[Line] = []
    for ln in lines:
        if ln.label:
            if cur is not None:
                out.append(_assignment(cur, cont))
            cur, cont = ln, []
        elif cur is not None:
            cont.append(ln)
    if cur is not None:
        out.append(_assignment(cur, cont))
    return out


_FIELD_LINE = re.compile(r"^(Исполнитель|Исполнители|Ответственн\w*|Срок|Орындаушы\w*|Жауапты\w*|Мерзімі|"
                         r"Итоги\s+голосования|Дауыс\s+беру)\b|^\(", re.I)


def _unnumbered(lines: list[Line]) -> dict[str, Any] | None:
    """The first decision line that is an assignment without a number (before any numbered one), if any."""
    for ln in lines:
        if ln.label:
            return None
        text = ln.full.strip()
        if text and not _FIELD_LINE.match(text) and not informational(text) and P.EXECUTOR_IN_TEXT.search(text):
            return {"text": text, "paragraph": ln.paragraph}
    return None
