"""Incoming letters and appeals: mandatory requisites, signatory, urgency and the execution deadline.

``read_letter`` reads the letter's card from the document text (sender, outgoing number and date, addressee,
signer, executor, phone, urgency, stated term, references, EDS marks); the check functions below judge it.
The card, with the computed deadline, goes into the report as ``card`` (``ctx.env.extras["card"]``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

from validators import workdays
from validators.document.patterns import PHONE, PHONE_LABEL, find_dates
from validators.model import Document
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function
from validators.texts import Texts, term, texts

KZ_TZ = dt.timezone(dt.timedelta(hours=5))  # Kazakhstan's single time zone since 1 March 2024

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
NAME = re.compile(
    rf"(?:[{_UP}]\.\s?(?:[{_UP}]\.\s?)?[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
    rf"|[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?\s+[{_UP}]\.\s?(?:[{_UP}]\.)?)"
)
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
ADDRESSEE = re.compile(
    r"^\s*(?:акиму|заместителю|руководителю|начальнику|директору|председателю|в\s+аппарат|министру|"
    rf"[{_UP}{_LO}\s\-]*(?:әкіміне|орынбасарына|басшысына|аппаратына|бастығына|төрағасына|министріне))",
    re.IGNORECASE,
)
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
    """What the rules read from an incoming letter or an appeal."""

    sender: str | None = None
    sender_location: Location | None = None
    addressee: str | None = None
    outgoing: Ref | None = None
    references: list[Ref] = field(default_factory=list)
    reply: bool = False  # the letter answers a request
    act_reference: str | None = None  # a reference to an act or assignment (text)
    signer_position: str | None = None
    signer_name: str | None = None
    signer_location: Location | None = None
    acting: str | None = None  # the acting mark ("и.о.", "м.а.", ...)
    executor: str | None = None
    phone: str | None = None
    executor_location: Location | None = None
    eds_mark: str | None = None
    urgency: str | None = None
    urgency_mark: str | None = None
    term: workdays.Term | None = None
    delegation_text: str | None = None


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


def read_letter(doc: Document) -> Letter:
    """The card of a letter, from the parser's fields where it found them and from the text otherwise."""
    letter = Letter()
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
        if letter.addressee is None and ADDRESSEE.search(text):
            letter.addressee = text
        elif letter.sender is None and SENDER.search(text) and not NUMBER_RE.search(text):
            letter.sender, letter.sender_location = text, loc
    if letter.sender is None and doc.blank:
        letter.sender = " ".join(f.text for f in doc.blank)[:200]

    _read_signature(doc, blocks, tail_start, letter)
    _read_executor(doc, blocks, tail_start, letter)
    return letter


def _read_signature(doc: Document, blocks: list[tuple[str, Location]], tail_start: int, letter: Letter) -> None:
    if doc.signature is not None:
        letter.signer_position, letter.signer_name = doc.signature.position, doc.signature.name
        letter.signer_location = Location(paragraph=doc.signature.paragraph, table=doc.signature.table)
    else:
        for i in range(len(blocks) - 1, tail_start - 1, -1):
            text, loc = blocks[i]
            if EXECUTOR_LABEL.match(text) or PHONE.search(text) or ADDRESSEE.search(text) or text == letter.sender:
                continue
            if POSITION.search(text) and len(text) < 200:
                letter.signer_position, letter.signer_location = text, loc
                name = NAME.search(text[POSITION.search(text).end():])
                if name is None:
                    for nxt, _ in blocks[i + 1: i + 3]:
                        if (name := NAME.search(nxt)) and not PHONE.search(nxt):
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
        elif isinstance(value, str) and PHONE.search(value):
            letter.phone = PHONE.search(value).group(0)
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


def _term(text: str) -> workdays.Term | None:
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

def received_date(ctx: RuleContext) -> dt.date:
    given = getattr(ctx.env.options, "received", None)
    if isinstance(given, dt.date):
        return given
    if isinstance(given, str) and given:
        return dt.date.fromisoformat(given)
    return dt.datetime.now(KZ_TZ).date()


def letter_of(ctx: RuleContext) -> Letter:
    """The letter read once per document; puts the card into the report on first use."""
    letter: Letter = ctx.memo("incoming.letter", lambda: read_letter(ctx.doc))
    if "card" not in ctx.env.extras:
        ctx.env.extras["card"] = card(letter, ctx)
    return letter


def return_exempt(letter: Letter, ctx: RuleContext) -> str | None:
    """The profile's exemption from return that covers the sender, if any (Turkestan L341: letters of the
    President's Administration, Parliament and the Government Office are not returned): ``settings.return_exempt``
    is a list of {pattern, clause}; the sender is read from the sender line and the blank."""
    sender = " ".join(x for x in (letter.sender, *(f.text for f in ctx.doc.blank)) if x)
    for item in ctx.profile.settings.get("return_exempt") or []:
        if sender and re.search(str(item["pattern"]), sender, re.IGNORECASE):
            return str(item.get("clause", ""))
    return None


def _exemptable(fn: Callable[[RuleContext], Iterator[Finding]]) -> Callable[[RuleContext], Iterator[Finding]]:
    """A letter of an exempt sender is not returned: its errors become warnings that name the exemption."""

    @functools.wraps(fn)
    def wrapped(ctx: RuleContext) -> Iterator[Finding]:
        findings = list(fn(ctx))
        if not any(f.severity == "error" for f in findings):
            yield from findings
            return
        clause = return_exempt(letter_of(ctx), ctx)
        for f in findings:
            if clause is not None and f.severity == "error":
                f.severity = "warning"
                if f.source is not None:
                    f.source.clause = f"{f.source.clause}; {clause}"
            yield f

    return wrapped


def deadline(letter: Letter, ctx: RuleContext) -> workdays.Deadline:
    rule = ctx.profile.rule("incoming.deadline")
    params = rule.params if rule else {}
    terms = params.get("urgent_terms")
    return workdays.deadline_for(letter.urgency, received_date(ctx), letter.term,
                                 urgent_terms=dict(terms) if terms is not None else None,
                                 default_months=int(params.get("default_months", 1)))


def card(letter: Letter, ctx: RuleContext) -> dict:
    """The letter's registration card for an EDMS."""
    due = deadline(letter, ctx)
    signer = " ".join(x for x in (letter.signer_position, letter.signer_name) if x) or None
    if letter.signer_name and letter.signer_position and letter.signer_name in letter.signer_position:
        signer = letter.signer_position
    return {
        "sender": letter.sender,
        "outgoing_number": letter.outgoing.number if letter.outgoing else None,
        "outgoing_date": letter.outgoing.date.isoformat() if letter.outgoing and letter.outgoing.date else None,
        "addressee": letter.addressee,
        "signer": signer,
        "executor": letter.executor,
        "phone": letter.phone,
        "urgency": letter.urgency_mark,
        "received": received_date(ctx).isoformat(),
        "deadline": due.date.isoformat(),
        "deadline_basis": due.detail,
        "references": [{"number": r.number, "date": r.date.isoformat() if r.date else None} for r in letter.references],
        "eds": _eds_evidence(letter, ctx),
    }


def _attachments(ctx: RuleContext) -> tuple[str, ...]:
    return tuple(getattr(ctx.env.options, "attachments", ()) or ())


def _verified(ctx: RuleContext) -> tuple[dict, ...]:
    """Verification results of the attached signatures, when the caller verified them."""
    return tuple(getattr(ctx.env.options, "signatures", ()) or ())


def _eds_evidence(letter: Letter, ctx: RuleContext) -> str | None:
    for sig in _verified(ctx):
        if sig["status"] in ("valid", "unverifiable", "untrusted", "revocation-unknown"):
            who = ", ".join(x for x in (sig.get("signer"), sig.get("organisation")) if x)
            state = {"valid": "valid", "unverifiable": "digest and signature valid, chain not checked",
                     "untrusted": "digest and signature valid, no chain to a trusted NCA RK anchor",
                     "revocation-unknown": "digest, signature and chain valid, revocation unknown"}[sig["status"]]
            return f"attached signature {sig['path']}: {state}" + (f"; signer {who}" if who else "")
    sigs = [a for a in _attachments(ctx) if PurePosixPath(a).suffix.lower() in SIGNATURE_SUFFIXES]
    if sigs:
        return f"attached signature {sigs[0]}"
    if letter.eds_mark:
        return f"mark «{letter.eds_mark}»"
    return None


def _first_location(letter: Letter) -> Location:
    return letter.sender_location or Location(paragraph=1)


# --- checks -------------------------------------------------------------------------------------------------

WORDS = {  # finding arguments: terms of schemas/texts.yaml
    "number-date": "number-date", "date": "outgoing-date", "request": "request", "act": "act-reference",
    "no-signer": "no-signer", "deputy-to-akim": "deputy-to-akim", "surname": "surname", "phone": "phone-number",
    "applicant": "applicant", "address": "address",
}


def say(name: str, key: str) -> dict[str, Texts]:
    """The message argument ``name``: the term(s) ``key`` ("surname+phone" joins two) in every language."""
    names = [WORDS[k] for k in key.split("+")]
    if len(names) == 1:
        return {name: term(names[0])}
    return {name: texts("term.and", a=term(names[0]), b=term(names[1]))}


@check_function("incoming.outgoing-number-date")
@_exemptable
def check_outgoing(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    if letter.outgoing is None:
        yield ctx.finding(_first_location(letter), **say("missing", "number-date"))
    elif letter.outgoing.date is None:
        yield ctx.finding(letter.outgoing.location, **say("missing", "date"))


@check_function("incoming.request-reference")
@_exemptable
def check_reference(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    dated = [r for r in letter.references if r.date]
    if letter.reply and not dated:
        yield ctx.finding(_first_location(letter), **say("what", "request"))
    elif not letter.references and not letter.act_reference and not letter.reply:
        # a letter on the sender's own initiative may answer no act: worth a look, not a return
        yield ctx.finding(_first_location(letter), severity="warning", **say("what", "act"))


@check_function("incoming.eds")
@_exemptable
def check_eds(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    if _eds_evidence(letter, ctx) is None:
        yield ctx.finding(letter.signer_location or _first_location(letter))


@check_function("incoming.eds-valid")
@_exemptable
def check_eds_valid(ctx: RuleContext) -> Iterator[Finding]:
    """An attached signature that was verified must verify over this letter."""
    letter_of(ctx)
    verified = _verified(ctx)
    if verified and all(sig["status"] == "invalid" for sig in verified):
        sig = verified[0]
        yield ctx.finding(Location(excerpt=sig["path"]), path=sig["path"],
                          reasons=_reasons(sig))


def _reasons(sig: dict) -> Texts:
    """Why an attached signature failed: the verifier's reasons are technical English, for en only."""
    out = term("not-valid-signature")
    if sig.get("reasons"):
        out["en"] = "; ".join(sig["reasons"])[:300]
    return out


@check_function("incoming.signer-role")
@_exemptable
def check_signer_role(ctx: RuleContext) -> Iterator[Finding]:
    """The signer is a first head or a deputy; to the akim himself only a first head (Turkestan L299)."""
    letter = letter_of(ctx)
    if not letter.signer_position:
        # the signature block was not recognised: the reader decides (the EDS rule covers an unsigned letter)
        yield ctx.finding(Location(paragraph=len(ctx.doc.paragraphs) or None), severity="warning",
                          **say("problem", "no-signer"))
        return
    to_akim = bool(letter.addressee and re.match(r"\s*(?:акиму\b|[^,]*\bәкіміне\b)", letter.addressee, re.IGNORECASE)
                   and not DEPUTY.search(letter.addressee))
    if to_akim and DEPUTY.search(letter.signer_position):
        yield ctx.finding(letter.signer_location, **say("problem", "deputy-to-akim"))


@check_function("incoming.executor")
@_exemptable
def check_executor(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    missing = [name for name, value in (("surname", letter.executor), ("phone", letter.phone)) if not value]
    if missing:
        loc = letter.executor_location or Location(paragraph=len(ctx.doc.paragraphs) or None)
        yield ctx.finding(loc, **say("missing", "+".join(missing)))


@check_function("incoming.acting-order")
@_exemptable
def check_acting_order(ctx: RuleContext) -> Iterator[Finding]:
    letter = letter_of(ctx)
    if not letter.acting:
        return
    if letter.sender and HIGHER_BODY.search(letter.sender):
        return  # letters of central and higher bodies are exempt (Turkestan L375, Kazygurt L527)
    order_files = [a for a in _attachments(ctx) if DELEGATION_NAME.search(PurePosixPath(a).name)]
    if not order_files and not letter.delegation_text:
        yield ctx.finding(letter.signer_location, mark=letter.acting)


@check_function("incoming.language")
def check_language(ctx: RuleContext) -> Iterator[Finding]:
    letter_of(ctx)
    if ctx.doc.lang and ctx.doc.lang != "kk":
        yield ctx.finding(Location(paragraph=1), lang=term(f"lang-{ctx.doc.lang}"))


@check_function("incoming.deadline")
def check_deadline(ctx: RuleContext) -> Iterator[Finding]:
    """Always one info finding: the urgency and the execution deadline with its basis."""
    letter = letter_of(ctx)
    due = deadline(letter, ctx)
    yield ctx.finding(_first_location(letter), urgency=letter.urgency_mark or "—",
                      deadline=due.date.strftime("%d.%m.%Y"), basis=_basis(due, letter, ctx))


def _basis(due: workdays.Deadline, letter: Letter, ctx: RuleContext) -> Texts:
    """Why the deadline is that day, in every language."""
    stated = letter.term
    if due.basis == "date" and stated is not None and isinstance(stated.value, dt.date):
        return term("basis-until", date=stated.value.strftime("%d.%m.%Y"))
    if due.basis == "term" and stated is not None:
        unit = {"working-days": "basis-working-days", "days": "basis-days"}.get(stated.unit, "basis-months")
        return term(unit, n=stated.value)
    rule = ctx.profile.rule("incoming.deadline")
    params = rule.params if rule else {}
    if due.basis == "urgency" and letter.urgency:
        n = (params.get("urgent_terms") or workdays.URGENT_TERMS).get(letter.urgency)
        return term("basis-urgency", n=n, urgency=letter.urgency)
    return term("basis-default", n=int(params.get("default_months", 1)))


# --- appeals of individuals and legal entities (appeals-model-2020) ---------------------------------------------

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
        if m and not ADDRESSEE.search(text):
            appeal.applicant = m.group(1).strip()[:160]
            break
    if appeal.applicant is None:
        for text, _ in reversed(blocks[-6:]):
            if (m := NAME.search(text)) and not PHONE.fullmatch(text):
                appeal.applicant = m.group(0)
                break
    if appeal.applicant and appeal.applicant_kind is None:
        appeal.applicant_kind = "individual"
    return appeal


def appeal_of(ctx: RuleContext) -> Appeal:
    appeal: Appeal = ctx.memo("appeal", lambda: read_appeal(ctx.doc))
    if "card" not in ctx.env.extras:
        letter = ctx.memo("incoming.letter", lambda: read_letter(ctx.doc))
        ctx.env.extras["card"] = {
            **appeal.to_dict(),
            "addressee": letter.addressee,
            "received": received_date(ctx).isoformat(),
            "channel": "electronic",
            "eds": _eds_evidence(letter, ctx),
        }
    return appeal


@check_function("appeal.applicant")
def check_applicant(ctx: RuleContext) -> Iterator[Finding]:
    appeal = appeal_of(ctx)
    if not appeal.applicant:
        yield ctx.finding(Location(paragraph=1), **say("missing", "applicant"))
    elif not appeal.address:
        yield ctx.finding(Location(paragraph=1), **say("missing", "address"))


@check_function("appeal.eds")
def check_appeal_eds(ctx: RuleContext) -> Iterator[Finding]:
    appeal_of(ctx)
    letter = ctx.memo("incoming.letter", lambda: read_letter(ctx.doc))
    if _eds_evidence(letter, ctx) is None:
        yield ctx.finding(Location(paragraph=len(ctx.doc.paragraphs) or None))


@check_function("appeal.special-procedure")
def check_special_procedure(ctx: RuleContext) -> Iterator[Finding]:
    appeal = appeal_of(ctx)
    if appeal.special_procedure:
        loc = next((loc for text, loc in _blocks(ctx.doc) if appeal.special_procedure in text), Location())
        yield ctx.finding(loc, term=appeal.special_procedure)
