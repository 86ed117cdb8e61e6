"""The letter model — one for cover letters, incoming letters and appeals — read from a parsed document by the
document layer (never by a rule): the letter's own number in its head, the line answering a request, the
addressee block, the attachment mark («Приложение: на N л.» / «Қосымша: N парақ»); and what intake needs for its
registration card: sender, outgoing number and date, references, addressee, signer, acting mark, executor,
phone, urgency, stated term, EDS marks. ``read_letter(doc, lines)`` fills ``doc.letter``; ``read_appeal(doc)``
fills ``doc.appeal`` (an appeal of an individual or a legal entity). Rules only judge these objects.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from validators import workdays
from validators.document import patterns as P
from validators.document.patterns import PHONE, PHONE_LABEL, find_dates
from validators.document.structure import Line
from validators.model import Document
from validators.report import Location


@dataclass
class Part:
    """A part of a letter found in its text, and where."""

    text: str
    paragraph: int | None = None
    table: int | None = None


@dataclass
class OwnNumber(Part):
    """The letter's own number and date in its head («18 июня 2025 года № 01-12/345»)."""

    number: str = ""
    date: dt.date | None = None


@dataclass
class AttachmentMark(Part):
    """«Приложение: на 5 л.» / «Қосымша: 5 парақ», with the sheets counted when stated."""

    sheets: int | None = None


def _layout_parts(lines: list[Line], out: Letter) -> None:
    """The letter's own number, request line, addressee block and attachment mark, from its layout."""
    head = lines[:12]
    for ln in head:
        text = ln.full
        if out.own_number is None:
            num = P.parse_number(text)
            date = P.parse_date(text)
            if num and not re.search(r"^\s*на\s+№|хатқа", text, re.I):
                out.own_number = OwnNumber(text=text[:160], paragraph=ln.paragraph, table=ln.table, number=num,
                                           date=date[0] if date else None)
        if ln.alignment == "right" and out.addressee_block is None and len(text) < 120 and not P.parse_date(text):
            out.addressee_block = Part(text=text, paragraph=ln.paragraph, table=ln.table)
    for ln in lines[:40]:
        if P.REFERENCE.search(ln.full) and (P.parse_number(ln.full) or P.parse_date(ln.full)
                                            or re.search(r"во\s+исполнение|тапсырма|поручени", ln.full, re.I)):
            out.request = Part(text=ln.full[:200], paragraph=ln.paragraph, table=ln.table)
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
            out.attachment = AttachmentMark(text=" ".join(texts)[:160], paragraph=ln.paragraph, table=ln.table,
                                            sheets=sum(found) if found else None)

_UP = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_LO = "а-яёәғқңөұүһі"
NUMBER_RE = re.compile(r"(?:№|N\s|No\.?\s?)\s*(?P<num>[\w][\w\-/.]*[\w])|(?:№|N\s)\s*(?P<num1>\w)", re.IGNORECASE)
REPLY_BEFORE = re.compile(
    r"(?:\bна\s+(?:ваш\w*\s+)?(?:исх\.?\s*)?(?:письм\w+\s+|запрос\w*\s+)?$|в\s+ответ\s+на\b|к\s+письму\b|"
    r"во\s+исполнение\b|согласно\b|сәйкес\b)",
    re.IGNORECASE,
)
REPLY_AFTER = re.compile(rf"^\s*(?:ж\.\s*)?(?:[{_LO}]*\s+)?(?:хат|сұрау|тапсырма|өтініш)[{_LO}]*(?:ға|ге|қа|ке|на|не|сына|сіне)\b",
                         re.IGNORECASE)
OUTGOING_LABEL = re.compile(r"\b(?:исх\w*|шығ\w*|outgoing)\b\.?", re.IGNORECASE)
REPLY_WORDS = re.compile(
    r"\b(?:на\s+ваш\w*|в\s+ответ\s+на|на\s+запрос\w*|на\s+письм\w+|жауап\s+ретінде|сұрауыңызға|хатыңызға|"
    r"сұрауына|хатына)\b",
    re.IGNORECASE,
)
ACT_REFERENCE = re.compile(
    r"\b(?:во\s+исполнение|в\s+соответствии\s+с|согласно|поручени\w+|протокол\w*|постановлени\w+|"
    r"распоряжени\w+|указ\w*|тапсырма\w*|хаттама\w*|қаулы\w*|өкім\w*|жарлығ\w*|орындау\s+үшін|сәйкес)\b",
    re.IGNORECASE,
)
EDS_MARK = re.compile(
    r"(?:\bЭЦП\b|\bЭЦҚ\b|\bЭЦК\b|электронн\w*\s+(?:цифров\w*\s+)?подпис\w*|электрондық\s+(?:цифрлық\s+)?қолтаңба\w*|"
    r"electronic(?:ally)?\s+(?:digital\s+)?sign\w*|документ\s+подписан|құжатқа\s+қол\s+қойылған)",
    re.IGNORECASE,
)
SIGNATURE_SUFFIXES = (".cms", ".p7s", ".sig", ".p7m")
ACTING = re.compile(
    r"(?:\bи\.\s?о\.|\bм\.\s?а\.|\bврио\b|исполняющ\w*\s+обязанност\w*|временно\s+исполняющ\w*|замещающ\w*|"
    r"міндетін\s+(?:уақытша\s+)?атқарушы\w*|уақытша\s+міндетін)",
    re.IGNORECASE,
)
DELEGATION_NAME = re.compile(r"(?:приказ|распоряжен|бұйрық|буйрык|өкім|oкim|order|delegat|возложен|жүктеу)",
                             re.IGNORECASE)
DELEGATION_TEXT = re.compile(
    r"(?:копи\w+\s+(?:приказ\w*|распоряжени\w*)|(?:бұйрық\w*|өкім\w*)\s+көшірме\w*|"
    r"приказ\w*\s+о\s+возложении|міндеттерді\s+жүктеу\s+туралы)",
    re.IGNORECASE,
)
POSITION = re.compile(
    r"(?:руководител\w*|начальник\w*|директор\w*|аким\w*|председател\w*|заместител\w*|министр\w*|"
    r"басшы\w*|әкім\w*|орынбасар\w*|төраға\w*|бастығы\w*|head|deputy|director)",
    re.IGNORECASE,
)
DEPUTY = re.compile(r"(?:заместител\w*|орынбасар\w*|deputy)", re.IGNORECASE)
EXECUTOR_LABEL = re.compile(r"^\s*(?:исп\w*|исполнитель|орынд\w*|executor)\.?\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
SURNAME = re.compile(rf"[{_UP}][{_LO}]{{2,}}(?:ва|ов|ев|ин|ина|на|ко|ук|ий|ая|ұлы|қызы|ұлы)?\b")
URGENCY_MARKS = (
    (re.compile(r"\bӨТЕ\s+ШҰҒЫЛ\b"), workdays.VERY_URGENT, "ӨТЕ ШҰҒЫЛ"),
    (re.compile(r"\bВЕСЬМА\s+СРОЧНО\b"), workdays.VERY_URGENT, "ВЕСЬМА СРОЧНО"),
    (re.compile(r"\bШҰҒЫЛ\b"), workdays.URGENT, "ШҰҒЫЛ"),
    (re.compile(r"\bСРОЧНО\b"), workdays.URGENT, "СРОЧНО"),
)
URGENCY_WORDS = (
    (re.compile(r"^\s*(?:өте\s+шұғыл|весьма\s+срочно)\s*[!.]?\s*$", re.IGNORECASE), workdays.VERY_URGENT),
    (re.compile(r"^\s*(?:шұғыл|срочно|ускорить|жеделдетілсін)\s*[!.]?\s*$", re.IGNORECASE), workdays.URGENT),
)
TERM_WORKING = re.compile(r"(?:в\s+течени[еи]|в\s+срок)?\s*(\d{1,3})\s*(?:\([^)]*\)\s*)?(?:рабоч\w+\s+дн\w*|жұмыс\s+күн\w*)",
                          re.IGNORECASE)
TERM_DAYS = re.compile(r"(?:в\s+течени[еи]\s+|в\s+)(\d{1,3})\s*(?:\([^)]*\)\s*)?(?:-?\s*дневн\w+\s+срок|календарн\w+\s+дн\w*|дн\w*)\b"
                       r"|(\d{1,3})\s*(?:\([^)]*\)\s*)?(?:күнтізбелік\s+)?күн\s+ішінде",
                       re.IGNORECASE)
TERM_UNTIL_RU = re.compile(r"\b(?:в\s+срок\s+)?до\s+$", re.IGNORECASE)
TERM_UNTIL_KK = re.compile(rf"^\s*(?:ж\.|жылға)?\s*(?:[{_LO}]*\s+)?(?:дейін|дейiн)", re.IGNORECASE)
HIGHER_BODY = re.compile(
    r"(?:администраци\w+\s+президента|аппарат\w*\s+правительства|правительств\w+|парламент\w*|министерств\w+|"
    r"президент\w*\s+әкімшілігі|үкімет\w*|парламент|министрлі\w+|канцеляри\w+\s+премьер)",
    re.IGNORECASE,
)
SENDER = re.compile(
    r"(?:управлени\w+|министерств\w+|департамент\w*|отдел\w*|аппарат\w*|акимат\w*|комитет\w*|"
    r"басқарма\w*|бөлім\w*|министрлі\w+|әкімдігі|әкімі\s+аппараты|учреждени\w+|мекеме\w*|\bГУ\b|\bКГУ\b|\bТОО\b|\bАО\b|\bММ\b)",
    re.IGNORECASE,
)
SPECIAL_PROCEDURE = re.compile(
    r"(?:административн\w+\s+правонарушени\w+|уголовн\w+|гражданск\w+\s+процесс\w*|исков\w+\s+заявлени\w+|"
    r"әкімшілік\s+құқық\s+бұзушылық\w*|қылмыстық\w*|азаматтық\s+іс\s+жүргізу\w*|administrative\s+offen\w+|criminal)",
    re.IGNORECASE,
)
LEGAL_ENTITY = re.compile(r"(?:\bТОО\b|\bАО\b|\bЖШС\b|\bАҚ\b|\bИП\b|\bЖК\b|\bБИН\b|\bБСН\b|товариществ\w+|серіктестіг\w*|LLP|JSC)")
IIN = re.compile(r"(?:ИИН|ЖСН|БИН|БСН|IIN|BIN)\s*:?\s*\d{12}\b")
ADDRESS = re.compile(r"(?:проживающ\w+|адрес\w*|мекенжай\w*|тұратын|ул\.|көш\.|улица|көшесі|e-?mail|эл\.\s*почта)",
                     re.IGNORECASE)


@dataclass
class Ref:
    number: str
    date: dt.date | None
    text: str
    location: Location


@dataclass
class Letter:
    """What the rules read from an incoming letter or an appeal.

    Read on first use: the parts of the letter's layout (its own number, the request line, the addressee block,
    the attachment mark) from the document's reading-order lines when kind detection or a rule first asks for one
    (detection weighs them for documents that are not acts), the card fields (sender … delegation text) from the
    text when a letter or appeal rule, or the registration card, first asks. Other documents do not pay for
    them; the document is not changed after parsing, so they are what an eager reading would have given."""

    # the parts of the letter's layout (a cover letter's own requisites): read on first use (see _read_layout)
    own_number: OwnNumber | None = field(init=False)  # its own number in the head, not the request's it answers
    request: Part | None = field(init=False)  # the line answering a request or an assignment («На № … от …»)
    addressee_block: Part | None = field(init=False)  # the right-aligned addressee block
    attachment: AttachmentMark | None = field(init=False)
    # the card: read on first use (see _read_card)
    sender: str | None = field(init=False)
    sender_location: Location | None = field(init=False)
    addressee: str | None = field(init=False)
    outgoing: Ref | None = field(init=False)
    references: list[Ref] = field(init=False)
    reply: bool = field(init=False)  # the letter answers a request
    act_reference: str | None = field(init=False)  # a reference to an act or assignment (text)
    signer_position: str | None = field(init=False)
    signer_name: str | None = field(init=False)
    signer_location: Location | None = field(init=False)
    acting: str | None = field(init=False)  # the acting mark ("и.о.", "м.а.", ...)
    executor: str | None = field(init=False)
    phone: str | None = field(init=False)
    executor_location: Location | None = field(init=False)
    eds_mark: str | None = field(init=False)
    urgency: str | None = field(init=False)
    urgency_mark: str | None = field(init=False)
    term: workdays.Term | None = field(init=False)
    delegation_text: str | None = field(init=False)
    # the document the card is read from, and its reading-order lines the layout is read from, until read
    source: Document | None = field(default=None, repr=False, compare=False)
    lines: list[Line] | None = field(default=None, repr=False, compare=False)

    def __getattr__(self, name: str) -> Any:
        """Called only for a field not read yet: reads its group (the layout parts or the card), then answers."""
        if name in _LAYOUT_FIELDS:
            _read_layout(self)
        elif name in _CARD_DEFAULTS:
            _read_card(self)
        else:
            raise AttributeError(name)
        return self.__dict__[name]

    def card(self) -> dict:
        """The letter's registration card as read from it (the check adds receipt, deadline and EDS evidence)."""
        signer = " ".join(x for x in (self.signer_position, self.signer_name) if x) or None
        if self.signer_name and self.signer_position and self.signer_name in self.signer_position:
            signer = self.signer_position
        return {
            "sender": self.sender,
            "outgoing_number": self.outgoing.number if self.outgoing else None,
            "outgoing_date": self.outgoing.date.isoformat() if self.outgoing and self.outgoing.date else None,
            "addressee": self.addressee,
            "signer": signer,
            "executor": self.executor,
            "phone": self.phone,
            "urgency": self.urgency_mark,
            "references": [{"number": r.number, "date": r.date.isoformat() if r.date else None}
                           for r in self.references],
        }


def _blocks(doc: Document) -> list[tuple[str, Location]]:
    blocks = [(t, loc) for t, loc in doc.text_blocks()]
    out: list[tuple[str, Location]] = []
    for text, loc in blocks:  # a table cell or paragraph may hold several lines
        for line in text.splitlines():
            if line.strip():
                out.append((line.strip(), loc))
    return out


def _without_dates(text: str) -> str:
    """``text`` with every date replaced by a space (so «на № 5 от 3 марта 2025 года» reads «на № 5 от »)."""
    out, last = [], 0
    for _date, (start, end) in find_dates(text):
        out.append(text[last:start] + " ")
        last = end
    return "".join(out) + text[last:]


def _numbered_refs(text: str, loc: Location) -> Iterator[tuple[Ref, bool, bool]]:
    """(ref, is_reference, has_outgoing_label) for every «№ N» with a date next to it."""
    for m in NUMBER_RE.finditer(text):
        number = m.group("num") or m.group("num1")
        window = text[max(0, m.start() - 45): m.end() + 45]
        dates = [(abs(span[0] - 45), date) for date, span in find_dates(window)]
        date = min(dates, key=lambda x: x[0])[1] if dates else None
        before = text[max(0, m.start() - 60): m.start()]
        before_nodate = _without_dates(before)
        after = text[m.end(): m.end() + 40]
        is_ref = bool(REPLY_BEFORE.search(before_nodate.rstrip() + " ") or REPLY_BEFORE.search(before_nodate)
                      or REPLY_AFTER.search(after))
        yield Ref(number, date, text[max(0, m.start() - 30): m.end() + 30].strip(), loc), is_ref, bool(
            OUTGOING_LABEL.search(before))


def read_letter(doc: Document, lines: list[Line] | None = None) -> Letter:
    """The letter of ``doc``: its layout parts from the reading-order ``lines``, its card from the parser's fields
    where it found them and from the text otherwise — each group read when one of its fields is first asked for."""
    # the card is read from a view of the document sharing its parts, not from the document itself: the
    # document holds its letter, so holding the document back would make a reference cycle (kept until a
    # garbage collection instead of freed with the report)
    return Letter(source=replace(doc, letter=None), lines=lines)


_LAYOUT_FIELDS = ("own_number", "request", "addressee_block", "attachment")


def _read_layout(letter: Letter) -> None:
    """The layout parts of ``letter``, read from its document's reading-order lines (once)."""
    lines = letter.__dict__.get("lines")
    for name in _LAYOUT_FIELDS:
        letter.__dict__[name] = None
    if lines is not None:
        letter.lines = None
        _layout_parts(lines, letter)


# every card field and its value before the text is read
_CARD_DEFAULTS: dict[str, Any] = {
    "sender": None, "sender_location": None, "addressee": None, "outgoing": None, "references": list,
    "reply": False, "act_reference": None, "signer_position": None, "signer_name": None, "signer_location": None,
    "acting": None, "executor": None, "phone": None, "executor_location": None, "eds_mark": None,
    "urgency": None, "urgency_mark": None, "term": None, "delegation_text": None,
}


def _read_card(letter: Letter) -> None:
    """The card fields of ``letter``, read from its document's text (once)."""
    doc = letter.__dict__.get("source")
    for name, default in _CARD_DEFAULTS.items():
        letter.__dict__[name] = default() if callable(default) else default
    if doc is None:
        return
    letter.source = None
    blocks = _blocks(doc)
    n = len(blocks)
    head = blocks[: max(12, n // 3)]
    tail_start = max(0, n - 12)

    for text, loc in blocks:
        for ref, is_ref, labelled in _numbered_refs(text, loc):
            if is_ref:
                letter.references.append(ref)
            elif letter.outgoing is None or (labelled and not letter.outgoing.date):
                letter.outgoing = ref
        if REPLY_WORDS.search(text):
            letter.reply = True
        if letter.act_reference is None and (m := ACT_REFERENCE.search(text)):
            letter.act_reference = text[max(0, m.start() - 20): m.end() + 60].strip()
        if letter.eds_mark is None and (m := EDS_MARK.search(text)):
            letter.eds_mark = m.group(0)
        if letter.urgency is None:
            letter.urgency, letter.urgency_mark = _urgency(text)
        if letter.term is None:
            letter.term = _term(text)
        if letter.delegation_text is None and (m := DELEGATION_TEXT.search(text)):
            letter.delegation_text = m.group(0)
    for text, loc in head:
        if letter.addressee is None and P.ADDRESSEE.search(text):
            letter.addressee = text
        elif letter.sender is None and SENDER.search(text) and not NUMBER_RE.search(text):
            letter.sender, letter.sender_location = text, loc
    if letter.sender is None and doc.blank:
        letter.sender = " ".join(f.text for f in doc.blank)[:200]

    _read_signature(doc, blocks, tail_start, letter)
    _read_executor(doc, blocks, tail_start, letter)


def _read_signature(doc: Document, blocks: list[tuple[str, Location]], tail_start: int, letter: Letter) -> None:
    if doc.signature is not None:
        letter.signer_position, letter.signer_name = doc.signature.position, doc.signature.name
        letter.signer_location = Location(paragraph=doc.signature.paragraph, table=doc.signature.table)
    else:
        for i in range(len(blocks) - 1, tail_start - 1, -1):
            text, loc = blocks[i]
            if EXECUTOR_LABEL.match(text) or PHONE.search(text) or P.ADDRESSEE.search(text) or text == letter.sender:
                continue
            position = POSITION.search(text)
            if position and len(text) < 200:
                letter.signer_position, letter.signer_location = text, loc
                name = P.NAME_SHORT.search(text[position.end():])
                if name is None:
                    for nxt, _ in blocks[i + 1: i + 3]:
                        if (name := P.NAME_SHORT.search(nxt)) and not PHONE.search(nxt):
                            break
                        name = None
                letter.signer_name = name.group(0) if name else None
                break
    if letter.signer_position and (m := ACTING.search(letter.signer_position)):
        letter.acting = m.group(0)


def _read_executor(doc: Document, blocks: list[tuple[str, Location]], tail_start: int, letter: Letter) -> None:
    if doc.executor is not None:
        letter.executor = _executor_name(doc.executor.text) or None
        letter.executor_location = Location(paragraph=doc.executor.paragraph)
        if (p := PHONE.search(doc.executor.text)) is not None:
            letter.phone = p.group(0)
        value = doc.executor.value
        if isinstance(value, dict):
            letter.phone = value.get("phone")
        elif isinstance(value, str) and (phone := PHONE.search(value)):
            letter.phone = phone.group(0)
    for i in range(tail_start, len(blocks)):
        text, loc = blocks[i]
        label = EXECUTOR_LABEL.match(text)
        if label and letter.executor is None:
            rest = _executor_name(label.group("rest"))
            if not rest and i + 1 < len(blocks):
                rest = _executor_name(blocks[i + 1][0])
            letter.executor = rest or None
            letter.executor_location = loc
        if letter.phone is None and (p := PHONE.search(text)) and (
            label or re.search(r"тел", text, re.IGNORECASE) or letter.executor_location == loc or SURNAME.search(text)
        ):
            letter.phone = p.group(0)
            if letter.executor is None:  # an unlabelled executor line: «Иванова А.А. 8 (7252) 30-12-45»
                rest = _executor_name(text)
                if SURNAME.search(rest) and not POSITION.search(rest):
                    letter.executor, letter.executor_location = rest, loc


def _executor_name(text: str) -> str:
    """«Исп.: Иванова А. Тел.: 8 (7252) 30-12-45» → «Иванова А.»"""
    label = EXECUTOR_LABEL.match(text)
    rest = label.group("rest") if label else text
    rest = PHONE_LABEL.sub("", PHONE.sub("", rest))
    return rest.strip(" ,;:")


def _urgency(text: str) -> tuple[str | None, str | None]:
    for rx, level, mark in URGENCY_MARKS:
        if rx.search(text):
            return level, mark
    for rx, level in URGENCY_WORDS:
        if rx.match(text):
            return level, text.strip(" !.").upper()
    return None, None


# every term pattern below needs one of these: a cheap test before the dates are looked for in every paragraph
_TERM_HINT = re.compile(r"\bдо\b|дейін|дейiн|дн|күн|месячн|ішінде", re.IGNORECASE)


def _term(text: str) -> workdays.Term | None:
    if not _TERM_HINT.search(text):
        return None
    for date, (start, end) in find_dates(text):
        if TERM_UNTIL_RU.search(text[max(0, start - 20): start]) or TERM_UNTIL_KK.match(text[end: end + 25]):
            return workdays.Term("date", date)
    if m := TERM_WORKING.search(text):
        return workdays.Term("working-days", int(m.group(1)))
    if m := TERM_DAYS.search(text):
        return workdays.Term("days", int(m.group(1) or m.group(2)))
    if re.search(r"\bв\s+месячный\s+срок\b|бір\s+ай\s+ішінде", text, re.IGNORECASE):
        return workdays.Term("months", 1)
    return None


# --- the card and the deadline ------------------------------------------------------------------------------


@dataclass
class Appeal:
    applicant: str | None = None
    applicant_kind: str | None = None  # "individual" | "legal-entity"
    identifier: str | None = None  # ИИН/БИН
    address: str | None = None
    special_procedure: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def read_appeal(doc: Document) -> Appeal:
    appeal = Appeal()
    blocks = _blocks(doc)
    head = blocks[: max(10, len(blocks) // 3)]
    for text, _ in blocks:
        if appeal.identifier is None and (m := IIN.search(text)):
            appeal.identifier = m.group(0)
        if appeal.address is None and ADDRESS.search(text):
            appeal.address = text[:160]
        if appeal.special_procedure is None and (m := SPECIAL_PROCEDURE.search(text)):
            appeal.special_procedure = m.group(0)
        if LEGAL_ENTITY.search(text):
            appeal.applicant_kind = "legal-entity"
    for text, _ in head:  # «от Иванова И.И.», «Иванов Иван Иванович», «ТОО "Нур"»
        m = re.search(r"^\s*(?:от|кімнен|from)\s+(.+)$", text, re.IGNORECASE) or (
            LEGAL_ENTITY.search(text) and re.match(r"(.+)", text))
        if m and not P.ADDRESSEE.search(text):
            appeal.applicant = m.group(1).strip()[:160]
            break
    if appeal.applicant is None:
        for text, _ in reversed(blocks[-6:]):
            if (m := P.NAME_SHORT.search(text)) and not PHONE.fullmatch(text):
                appeal.applicant = m.group(0)
                break
    if appeal.applicant and appeal.applicant_kind is None:
        appeal.applicant_kind = "individual"
    return appeal


