"""The parts of a meeting protocol (full: СЛУШАЛИ–ВЫСТУПИЛИ–ПОСТАНОВИЛИ per item; short: centred items,
speakers, decisions), found in the reading-order lines by the document layer and stored as a typed
:class:`Protocol` in ``doc.protocol``: chair and secretary, attendees and the stated attendance (present of
members), the agenda, the sections (full form) or items (short form) with their decisions and assignments,
the stated votes, the control line and the signatures. Rules only judge these objects."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

from validators.document import patterns as P
from validators.document.structure import Line, signature_in
from validators.model import Document
from validators.report import Location

PART_ALIASES = {"resolved": "decided", "listened": "heard", "speakers": "spoke"}

Part = Literal["heard", "spoke", "decided"]


@dataclass
class Person:
    """The chair («Председатель: …» / «Төраға: …») or the secretary, with the names read from the line."""

    text: str
    name: str
    names: list[str] = field(default_factory=list)  # surname-and-initials forms found in ``name``
    paragraph: int | None = None


@dataclass
class Attendees:
    """«Присутствовали: …» / «Қатысқандар: …»: names listed inline, or a reference to an attached list."""

    paragraph: int | None
    listed: int  # names (lines) listed
    reference: bool  # «список прилагается» / «тізімі қоса беріледі»
    count: int  # stated number of people, else the names listed


@dataclass
class Attendance:
    """Attendance stated as numbers: «Присутствовали: 10 из 13 членов акимата», «13 мүшенің 10-ы қатысты»."""

    present: int
    members: int
    words: str  # the words that state it
    location: Location


@dataclass
class Votes:
    """A vote stated with at least two counts, one of them «за» / «жақтап»."""

    counts: dict[str, int]  # "for" | "against" | "abstained" → number
    location: Location


@dataclass
class AgendaItem:
    label: str
    text: str
    paragraph: int | None
    alignment: str | None
    speaker: bool  # the item (or the line below it) names a speaker («Докладчик: …»)


@dataclass
class Agenda:
    paragraph: int | None
    attached: bool  # «Повестка дня прилагается»
    items: list[AgendaItem] = field(default_factory=list)


@dataclass
class Assignment:
    """One numbered decision point (or an unnumbered decision, counted as one)."""

    label: str | None
    text: str
    paragraph: int | None
    executor: bool
    deadline: bool
    informational: bool  # «принять к сведению»: noted, nothing to do


@dataclass
class Loose:
    """A decision line that assigns something without a number, before any numbered one."""

    text: str
    paragraph: int | None


@dataclass
class SectionPart:
    part: Part
    paragraph: int | None
    word: str  # the word as typed («СЛУШАЛИ», «Тыңдалды»)


@dataclass
class Section:
    """One item of a full protocol: СЛУШАЛИ – ВЫСТУПИЛИ – ПОСТАНОВИЛИ (ТЫҢДАЛДЫ – СӨЙЛЕДІ – ҚАУЛЫ ЕТТІ …)."""

    paragraph: int | None
    parts: list[SectionPart] = field(default_factory=list)
    caps: bool = True  # every section word typed in capitals
    decided_tail: str = ""  # text after «ПОСТАНОВИЛИ:» on its own line
    decision_text: str = ""
    assignments: list[Assignment] = field(default_factory=list)
    unnumbered: Loose | None = None


@dataclass
class Item:
    """One item of a short protocol: a centred, underlined heading, speakers below, then decisions."""

    label: str | None
    text: str
    paragraph: int | None
    alignment: str | None
    underline: bool
    speakers: bool
    assignments: list[Assignment] = field(default_factory=list)
    unnumbered: Loose | None = None


@dataclass
class ControlLine:
    text: str
    paragraph: int | None


@dataclass
class ProtocolSignature:
    role: Literal["chair", "secretary"]
    position: str
    name: str
    paragraph: int | None
    table: int | None


@dataclass
class Protocol:
    """A protocol's parts as the parser found them; ``None`` / empty where not found."""

    form: Literal["full", "short"]
    chair: Person | None = None
    secretary: Person | None = None
    attendees: Attendees | None = None
    attendance: Attendance | None = None
    agenda: Agenda | None = None
    sections: list[Section] = field(default_factory=list)  # full form
    items: list[Item] = field(default_factory=list)  # short form
    assignments: list[Assignment] = field(default_factory=list)  # of every section or item, in order
    votes: list[Votes] = field(default_factory=list)
    control: ControlLine | None = None
    signatures: list[ProtocolSignature] = field(default_factory=list)

    def person(self, role: str) -> Person | None:
        return self.chair if role == "chair" else self.secretary if role == "secretary" else None

    @property
    def blocks(self) -> list[Section | Item]:
        """The sections (full form) and items (short form): what holds decisions."""
        return [*self.sections, *self.items]


# lang → part (heard / spoke / decided, or an alias) → word or words: a profile's ``settings.protocol_words``
ProtocolWords = Mapping[str, Mapping[str, str | Sequence[str]]]


def merge_words(custom: ProtocolWords | None = None) -> dict[str, dict[str, list[str]]]:
    """Section words by language and part: the defaults plus ``custom`` (upper-cased, aliases resolved)."""
    words = {lang: {k: list(v) for k, v in d.items()} for lang, d in P.DEFAULT_PROTOCOL_WORDS.items()}
    for lang, parts in (custom or {}).items():
        for part, values in (parts or {}).items():
            bucket = words.setdefault(lang, {}).setdefault(PART_ALIASES.get(part, part), [])
            for v in [values] if isinstance(values, str) else values:
                if v.upper() not in bucket:
                    bucket.append(v.upper())
    return words


WS = r"\s+"


class SectionWords:
    """The words that open a section of a full protocol («СЛУШАЛИ:», «ТЫҢДАЛДЫ:»), in every language."""

    def __init__(self, words: dict[str, dict[str, list[str]]]):
        alts = sorted(((len(v), part, v) for lang_words in words.values() for part, values in lang_words.items()
                       for v in values), reverse=True)
        space = re.escape(" ")
        body = "|".join(f"(?P<{part}{i}>{re.escape(v).replace(space, WS)})" for i, (_, part, v) in enumerate(alts))
        self.pattern = re.compile(rf"^\s*(?:{body})\s*(?:\([^)]*\))?\s*[:.\-–]?", re.I)

    def match(self, text: str) -> tuple[str, str, int] | None:
        """(part, word, end) when the line opens a section: «СЛУШАЛИ:», also after the item's number «1. СЛУШАЛИ:»."""
        number = _ITEM_NUMBER.match(text)
        skip = number.end() if number else 0
        m = self.pattern.match(text[skip:])
        if not m:
            return None
        part = re.sub(r"\d+$", "", m.lastgroup or "")
        return part, m.group(0), skip + m.end()


def section_words(custom: ProtocolWords | None = None) -> SectionWords:
    """The section words of a profile (its ``settings.protocol_words``, passed in by the engine) with the defaults."""
    key = tuple(sorted((lang, part, (v,) if isinstance(v, str) else tuple(v))
                       for lang, parts in (custom or {}).items() for part, v in (parts or {}).items()))
    return _section_words(key)


@functools.lru_cache(maxsize=32)
def _section_words(key: tuple[tuple[str, str, tuple[str, ...]], ...]) -> SectionWords:
    custom: dict[str, dict[str, list[str]]] = {}
    for lang, part, values in key:
        custom.setdefault(lang, {})[part] = list(values)
    return SectionWords(merge_words(custom))


_ITEM_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*[.)]?\s+(?=\S)")


def _names(text: str) -> list[str]:
    found = P.NAME_SURNAME_FIRST.findall(text) + P.NAME_INITIALS_FIRST.findall(text)
    return found or P.NAME_FULL.findall(text)


def _item_starts_title(text: str) -> bool:
    return bool(re.match(r"^(О|Об|Обо)\s", text)) or bool(re.search(r"туралы\b", text[:400]))


def _assignment(ln: Line, cont: list[Line]) -> Assignment:
    text = " ".join([ln.text] + [c.full for c in cont]).strip()
    return Assignment(label=ln.label, text=text, paragraph=ln.paragraph,
                      executor=bool(P.EXECUTOR_IN_TEXT.search(text)), deadline=bool(P.DEADLINE.search(text)),
                      informational=informational(text))


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


# ---- attendance and votes stated as numbers (protocol.quorum judges them) -----------------------------------

_NUM = r"(\d{1,3})"
PRESENT = [
    # «Присутствовали: 10 из 13 членов акимата», «присутствуют 9 членов акимата из 13»
    re.compile(rf"присутств\w*\s*:?\s*{_NUM}\s*(?:член\w*\s+(?:акимата\s+)?)?из\s*{_NUM}", re.IGNORECASE),
    re.compile(rf"присутств\w*\s*:?\s*{_NUM}\s+член\w*\s+акимата\s+из\s*{_NUM}", re.IGNORECASE),
    # «из 13 членов акимата присутствуют 8»
    re.compile(rf"из\s+{_NUM}\s+член\w*\s+(?:акимата\s+)?присутств\w*\s*:?\s*{_NUM}", re.IGNORECASE),
    # «әкімдіктің 13 мүшесінің 10-ы қатысты», «13 мүшенің 8 қатысты»
    re.compile(rf"{_NUM}\s+мүше\w*\s+{_NUM}(?:-?[а-яәғқңөұүһі]*)?\s+қатыс", re.IGNORECASE),
]
VOTES = {
    "for": re.compile(r"(?:[«\"]?\bза\b[»\"]?|[«\"]?жақта[пу]\w*[»\"]?|[«\"]?қолда[пу]\w*[»\"]?)\s*[-–—:]?\s*(\d{1,3})",
                      re.IGNORECASE),
    "against": re.compile(r"(?:[«\"]?против[»\"]?|[«\"]?қарсы[»\"]?)\s*[-–—:]?\s*(\d{1,3})", re.IGNORECASE),
    "abstained": re.compile(r"(?:воздерж\w*|қалыс\s+қал\w*)\s*[-–—:]?\s*(\d{1,3})", re.IGNORECASE),
}


def attendance(text: str) -> tuple[int, int, str] | None:
    """(present, members, the words) when the text states how many members of how many are present."""
    for i, rx in enumerate(PRESENT):
        if m := rx.search(text):
            a, b = int(m.group(1)), int(m.group(2))
            present, members = (b, a) if i in (2, 3) else (a, b)
            return present, members, m.group(0)
    return None


def votes_in(text: str) -> dict[str, int] | None:
    """The counts of a vote stated as «за – N, против – M …» (at least two counts, one of them «за»)."""
    counts = {k: int(m.group(1)) for k, rx in VOTES.items() if (m := rx.search(text))}
    return counts if "for" in counts and len(counts) >= 2 else None


def _numbers_stated(doc: Document, out: Protocol) -> None:
    """The first attendance stated as numbers, and every vote, anywhere in the text (paragraphs and cells)."""
    for text, loc in doc.text_blocks():
        if out.attendance is None and (found := attendance(text)) is not None:
            out.attendance = Attendance(present=found[0], members=found[1], words=found[2], location=loc)
        if (counts := votes_in(text)) is not None:
            out.votes.append(Votes(counts=counts, location=loc))


# ---- the parts --------------------------------------------------------------------------------------------

_COUNT = re.compile(r"(?<!\d)(\d{1,5})\s*(?:человек|чел\.|адам|участник)", re.I)


def read_protocol(doc: Document, lines: list[Line], main_end: int, words: SectionWords | None = None) -> Protocol:
    """The protocol's parts: chair, secretary, attendees, attendance, agenda, sections or items with their
    assignments, votes, control and signatures; ``words``: the profile's section words (default: the usual)."""
    words = words or section_words()
    first_section = next((i for i in range(main_end) if words.match(lines[i].full)), None)
    out = Protocol(form="full" if first_section is not None else "short")
    intro_end = first_section if first_section is not None else main_end
    agenda_at = next((i for i in range(intro_end) if P.AGENDA.match(lines[i].full.strip())
                      or P.AGENDA_ATTACHED.search(lines[i].full)), None)
    people_end = agenda_at if agenda_at is not None else intro_end
    if agenda_at is None and first_section is None:  # short form: people end at the first item heading
        people_end = next((i for i in range(main_end) if lines[i].label and _label_top(lines[i].label)
                           and (lines[i].alignment == "center" or _item_starts_title(lines[i].text))
                           and not _names(lines[i].text[:40])), main_end)
        intro_end = people_end
    _people(lines, people_end, out)
    if agenda_at is not None:
        k = _agenda(lines, agenda_at, intro_end, out)
        if first_section is None:
            intro_end = k
    if first_section is not None:
        _sections(lines, first_section, main_end, out, words)
    else:
        _items(lines, intro_end, main_end, out)
    tail_from = 0
    item_paragraphs = {it.paragraph for it in out.items}
    for ln_i, ln in enumerate(lines[:main_end]):
        if P.CONTROL.search(ln.full) and P.CONTROL_ASSIGN.search(ln.full):
            out.control = ControlLine(text=ln.full, paragraph=ln.paragraph)
        if words.match(ln.full) or (ln.label and ln.paragraph in item_paragraphs):
            tail_from = ln_i + 1
    for ln in lines[max(tail_from, intro_end):main_end]:
        sig = signature_in(ln.full) if len(ln.full) < 200 else None
        if sig:
            role: Literal["chair", "secretary"] = "secretary" if re.search(r"секретар|хатшы", sig[0], re.I) else "chair"
            out.signatures.append(ProtocolSignature(role=role, position=sig[0], name=sig[1], paragraph=ln.paragraph,
                                                    table=ln.table))
    _numbers_stated(doc, out)
    return out


def _people(lines: list[Line], people_end: int, out: Protocol) -> None:
    """Chair, secretary and attendees in the introductory part."""
    for i in range(people_end):
        ln = lines[i]
        text = ln.full.strip()
        for role, rx in (("chair", P.CHAIR), ("secretary", P.SECRETARY)):
            m = rx.match(text)
            if m and out.person(role) is None:
                name = m.group(2).strip()
                if not name and i + 1 < people_end:
                    name = lines[i + 1].full.strip()
                person = Person(text=text, name=name, names=_names(name), paragraph=ln.paragraph)
                if role == "chair":
                    out.chair = person
                else:
                    out.secretary = person
        m = P.ATTENDEES.match(text)
        if m and out.attendees is None:
            listed: list[str] = []
            ref = bool(P.ATTENDEES_REF.search(text))
            count = None
            if mc := _COUNT.search(text):
                count = int(mc.group(1))
            if m.group(2).strip() and not ref:
                listed.extend(x.strip() for x in re.split(r"[;,]\s*(?=[А-ЯЁӘҒҚҢӨҰҮҺІ])", m.group(2)) if x.strip())
            j = i + 1
            while j < people_end and not (P.CHAIR.match(lines[j].full) or P.SECRETARY.match(lines[j].full)
                                          or P.AGENDA.match(lines[j].full) or lines[j].table
                                          or P.CONTROL.search(lines[j].full[:60])):
                lt = lines[j].full.strip()
                if P.ATTENDEES_REF.search(lt):
                    ref = True
                elif not P.INVITED.match(lt):
                    listed.append(lt)
                if mc := _COUNT.search(lt):
                    count = int(mc.group(1))
                j += 1
            out.attendees = Attendees(paragraph=ln.paragraph, listed=len(listed), reference=ref,
                                      count=count if count is not None else len(listed))


def _agenda(lines: list[Line], agenda_at: int, intro_end: int, out: Protocol) -> int:
    """The agenda and its numbered items; returns the index after the last line read."""
    ln = lines[agenda_at]
    agenda = Agenda(paragraph=ln.paragraph, attached=bool(P.AGENDA_ATTACHED.search(ln.full)))
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
            agenda.items.append(AgendaItem(label=it.label, text=it.text, paragraph=it.paragraph,
                                           alignment=it.alignment, speaker=speaker))
        k += 1
    out.agenda = agenda
    return k


def _sections(lines: list[Line], first_section: int, main_end: int, out: Protocol, words: SectionWords) -> None:
    """Full form: sections opened by the section words."""
    current: Section | None = None
    last_part: str | None = None
    decision_lines: list[Line] = []

    def close() -> None:
        if current is not None:
            _decisions(current, decision_lines, out)
            current.decision_text = " ".join(x.full for x in decision_lines).strip() or current.decided_tail

    headings = {i - 1 for i in range(first_section, main_end) if i > 0 and not lines[i].label
                and (words.match(lines[i].full) or ("",))[0] == "heard"}
    for idx in range(first_section, main_end):
        ln = lines[idx]
        if idx in headings and ln.label:
            last_part = None
            continue
        sw = words.match(ln.full)
        if sw:
            part, word, end = sw
            tail = ln.full[end:].strip()
            if part == "heard" or current is None:
                close()
                decision_lines = []
                current = Section(paragraph=ln.paragraph)
                out.sections.append(current)
            typed = word.strip(" :.-–")
            current.parts.append(SectionPart(part=cast(Part, part), paragraph=ln.paragraph, word=typed))
            current.caps = current.caps and typed == typed.upper()
            if part == "decided":
                current.decided_tail = tail
                if tail:
                    decision_lines.append(Line(text=tail, paragraph=ln.paragraph))
            last_part = part
            continue
        if last_part == "decided" and current is not None and not P.CONTROL.search(ln.full[:60]) \
                and not _signature_like(ln):
            decision_lines.append(ln)
    close()


def _items(lines: list[Line], start: int, main_end: int, out: Protocol) -> None:
    """Short form: numbered item headings (centred or titled «О …» / «… туралы»), decisions below."""
    cur: Item | None = None
    dec: list[Line] = []

    def close() -> None:
        if cur is not None:
            _decisions(cur, dec, out)

    for idx in range(start, main_end):
        ln = lines[idx]
        is_item = bool(ln.label) and _label_top(ln.label) and (ln.alignment == "center" or _item_starts_title(ln.text))
        if is_item:
            close()
            nxt = lines[idx + 1] if idx + 1 < main_end else None
            cur = Item(label=ln.label, text=ln.text, paragraph=ln.paragraph, alignment=ln.alignment,
                       underline=ln.underline or ln.border_bottom
                       or bool(nxt and re.fullmatch(r"[_\-—–\s]{5,}", nxt.full)),
                       speakers=bool(nxt and not nxt.label and _names(nxt.full)))
            out.items.append(cur)
            dec = []
        elif cur is not None and not P.CONTROL.search(ln.full[:60]) and not _signature_like(ln):
            dec.append(ln)
    close()


def _decisions(block: Section | Item, lines: list[Line], out: Protocol) -> None:
    """A section's or an item's decision lines: its assignments (also the protocol's) and a loose one."""
    block.assignments = _assignments(lines)
    block.unnumbered = _unnumbered(lines)
    out.assignments.extend(block.assignments)


def _label_top(label: str | None) -> bool:
    return label is not None and bool(re.fullmatch(r"\d+\.?", label.strip()))


def _signature_like(ln: Line) -> bool:
    return bool(P.CHAIR.match(ln.full) or P.SECRETARY.match(ln.full))


def _assignments(lines: list[Line]) -> list[Assignment]:
    """Numbered assignments in a decision block (continuation lines join the previous one); an unnumbered
    decision counts as one assignment."""
    out: list[Assignment] = []
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


def _unnumbered(lines: list[Line]) -> Loose | None:
    """The first decision line that is an assignment without a number (before any numbered one), if any."""
    for ln in lines:
        if ln.label:
            return None
        text = ln.full.strip()
        if text and not _FIELD_LINE.match(text) and not informational(text) and P.EXECUTOR_IN_TEXT.search(text):
            return Loose(text=text, paragraph=ln.paragraph)
    return None
