"""Finding the requisites and parts of an akimat document in its paragraphs and tables: blank, kind name,
date, number, place, title, preamble and formula, the tree of points, appendices, signature, executor mark,
and for protocols their parts (``doc.protocol``, read by ``validators.document.protocol``); letters are read by ``validators.document.letter``.

Works on the reading order of ``Line``s (a body paragraph, or a table row with its cells), so the same logic
reads our renders and hand-typed Word files (requisites in tables, numbers typed or automatic).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from validators.document import patterns as P
from validators.model import Appendix, Document, Field, Point, Signature


@dataclass
class Line:
    """One unit of reading order: a body paragraph, or one row of a table (cells joined by tabs)."""

    text: str
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cells: list[str] = field(default_factory=list)
    label: str | None = None
    alignment: str | None = None
    bold: bool = False
    underline: bool = False
    caps: bool = False
    border_bottom: bool = False

    @property
    def full(self) -> str:
        return f"{self.label} {self.text}" if self.label else self.text

    def field(self, text: str | None = None, value: Any = None) -> Field:
        return Field(text=(text if text is not None else self.full).strip(), paragraph=self.paragraph,
                     value=value, table=self.table)


def build_lines(doc: Document) -> list[Line]:
    lines: list[Line] = []
    tables = sorted(doc.tables, key=lambda t: t.after_paragraph)
    ti = 0

    def flush_tables(upto: int) -> None:
        nonlocal ti
        while ti < len(tables) and tables[ti].after_paragraph <= upto:
            t = tables[ti]
            for r, row in enumerate(t.rows, start=1):
                cells = [P.cyrillic(c.text.strip()) for c in row]
                text = "\t".join(c for c in cells if c)
                lines.append(Line(text=text, table=t.index, row=r, cells=cells))
            ti += 1

    flush_tables(0)
    for p in doc.paragraphs:
        lines.append(Line(text=P.cyrillic(p.text), paragraph=p.index, label=p.label, alignment=p.alignment, bold=p.bold,
                          underline=p.underline, caps=p.caps, border_bottom=p.border_bottom))
        flush_tables(p.index)
    flush_tables(10**9)
    return [ln for ln in lines if ln.full.strip()]


def _norm_label(label: str) -> str:
    return label.strip().rstrip(".)").strip()


def _label_rank(label: str) -> int:
    """Nesting rank of a label style: "1." 0, "1.1." 1, "1.1.1." 2, "1)"/"2-1)" 3, "а)" 4."""
    lab = label.strip()
    if lab.endswith(")"):
        return 4 if re.match(r"^[^\d]", lab) else 3
    return min(lab.rstrip(".").count("."), 2)


def build_points(lines: list[Line]) -> list[Point]:
    """The tree of points from labelled lines; unlabelled lines continue the current point."""
    roots: list[Point] = []
    stack: list[tuple[int, Point]] = []
    for ln in lines:
        if ln.label:
            rank = _label_rank(ln.label)
            number = _norm_label(ln.label)
            while stack and stack[-1][0] >= rank:
                stack.pop()
            parent = stack[-1][1] if stack else None
            if "." in number and parent is None:
                path = tuple(number.split("."))
            else:
                last = number.split(".")[-1] if "." in number else number
                path = (*(parent.path if parent else ()), last)
            pt = Point(label=ln.label.strip(), number=number.split(".")[-1] if "." in number else number,
                       path=path, text=ln.text, paragraphs=[ln.paragraph] if ln.paragraph else [])
            (parent.children if parent else roots).append(pt)
            stack.append((rank, pt))
        elif stack:
            pt = stack[-1][1]
            pt.text = f"{pt.text}\n{ln.text}".strip()
            if ln.paragraph:
                pt.paragraphs.append(ln.paragraph)
    return roots


def _kind_word(ln: Line) -> str | None:
    for cell in (ln.cells or [ln.full]):
        folded = P.fold(cell).rstrip(":")
        if folded in P.KIND_WORDS:
            return folded
        words = [P.fold(w) for w in re.split(r"[\s/|]{2,}|\t|\s+/\s+", cell) if w.strip()]
        if len(words) > 1 and all(w in P.KIND_WORDS for w in words):
            return words[0]
        if P.KIND_LINE.match(cell.strip()):
            return P.fold(cell.split()[0])
        m = P.KIND_LINE_KK.search(cell.strip())
        if m:
            return P.fold(m.group(1))
    return None


# the appendix's own number in its header («Приложение № 1 …», «… № 1 қосымша»), not the act's
_OWN_APPENDIX_NUMBER = re.compile(r"^\s*приложение\s*(?:№|N)?\s*\d+|(?:(?:№|N)\s*)?\d+\s*-?\s*қосымша", re.I)


def _sentence_end(text: str) -> bool:
    """The line ends a sentence or a list item («…жүктелсін.», «…;»), not an abbreviation («1999 ж.», «г.»)."""
    t = text.rstrip()
    return t.endswith((";", ":")) or (t.endswith(".") and not re.search(r"(?:^|\s)(?:ж|г|жж|гг|обл|р-н)\.$", t))


def header_act_number(text: str) -> str | None:
    """The act's number quoted in an appendix header: the appendix's own number skipped, «N» (older acts) as «№»."""
    return P.parse_number(_OWN_APPENDIX_NUMBER.sub(" ", text))


def signature_in(text: str) -> tuple[str, str] | None:
    """(position, name) when one line or cell holds a position and a person's name (I. Surname or Surname I.),
    separated by a tab, spaces, a line break or a signing line («Аким области ________ Ш. Кулмаханов»)."""
    if P.CONTROL.search(text) or len(text) > 160:
        return None
    bare = P.SIGNING_MARKS.sub("   ", text)
    parts = [p.strip() for p in re.split(r"\t+|\s{3,}|\n", bare) if p.strip()]
    for i, part in enumerate(parts):
        name = P.name_only(part)
        if name and i > 0 and P.position_like(" ".join(parts[:i])) and not P.ADDRESSEE.search(parts[0]):
            return " ".join(parts[:i]), name
    m = P.NAME_INITIALS_FIRST.search(bare)
    if m and m.end() >= len(bare.rstrip()) - 1 and m.start() <= 80 and P.POSITION_STEMS.search(bare[: m.start()]) \
            and not P.ADDRESSEE.search(bare[: m.start()]):
        return bare[: m.start()].strip(), m.group(0)
    return None


def _position_lines(lines: list[Line], at: int, floor: int, needs_stem: bool = True) -> int | None:
    """The first of up to three lines before ``at`` that together name a position («Председатель сессии /
    городского маслихата», «Қалалық мәслихат / сессиясының төрағасы»), or None. A line starting in lower case
    continues the one above it."""
    first: int | None = None
    k = at - 1
    while k >= floor and at - k <= 3:
        ln = lines[k]
        t = ln.full.strip()
        if ln.label or len(t) > 90 or t.endswith((".", ";", ":", ",")) or P.name_only(t) or P.parse_date(t) \
                or signature_in(t) or (ln.table is not None and ln.table != lines[at].table) or P.AGREED.match(t):
            break
        first = k
        if (not needs_stem or P.POSITION_STEMS.search(" ".join(x.full for x in lines[k:at]))) \
                and not t[:1].islower():
            break
        k -= 1
    if first is None:
        return None
    position = " ".join(x.full for x in lines[first:at])
    if needs_stem and not P.POSITION_STEMS.search(position):
        # no known position word: the lines above the name read as a position on their own («Управляющий Делами
        # Президента Республики Казахстан», «… Іс басқарушысы»), from the first capitalised one
        first = next((q for q in range(first, at) if not lines[q].full.strip()[:1].islower()), None)
        if first is None or not P.position_like(" ".join(x.full for x in lines[first:at])):
            return None
        position = " ".join(x.full for x in lines[first:at])
    if P.ADDRESSEE.search(position):
        return None
    return first


def _name_at_end(text: str) -> tuple[str, str] | None:
    """(what stands before, name) when a line ends with a name after a tab, spaces or a signing line."""
    parts = [p.strip() for p in re.split(r"\t+|\s{3,}", P.SIGNING_MARKS.sub("   ", text)) if p.strip()]
    if len(parts) >= 2 and (name := P.name_only(parts[-1])):
        return " ".join(parts[:-1]), name
    return None


def _find_signatures(lines: list[Line], start: int, end: int, floor: int = 0) -> list[tuple[int, Signature]]:
    """Signature blocks in lines[start:end]: position and name on one line or in one table row, or the name on
    its own line (or after the position's last line) following one to three lines of position, in kk and ru.
    An addressee block («Руководителю управления … / Сапарову Е.Т.») is not a signature."""
    found: list[tuple[int, Signature]] = []
    used = -1
    for i in range(start, end):
        ln = lines[i]
        if len(ln.full) > 160 or ln.label:
            continue
        sig = signature_in(ln.full)
        if sig:
            at, position = i, sig[0]
            if position[:1].islower():  # «Қалалық мәслихат / сессиясының төрағасы⇥А. Сүлейменов»
                up = _position_lines(lines, i, max(floor, used + 1), needs_stem=False)
                if up is not None:
                    at, position = up, " ".join([x.full.strip() for x in lines[up:i]] + [position])
            first = lines[at]
            found.append((at, Signature(position=position, name=sig[1], paragraph=first.paragraph,
                                        table=first.table)))
            used = i
            continue
        text = ln.full.strip()
        name = P.name_only(text)
        tail = "" if name else None
        if name is None and (split := _name_at_end(text)) is not None:  # «городского маслихата⇥А. Сүлейменов»
            tail, name = split
        if name is None or tail is None:
            continue
        pos_at = _position_lines(lines, i, max(floor, used + 1))
        if pos_at is not None:
            position = " ".join([x.full.strip() for x in lines[pos_at:i]] + ([tail] if tail else []))
            first = lines[pos_at]
            found.append((pos_at, Signature(position=position, name=name, paragraph=first.paragraph,
                                            table=first.table)))
            used = i
    return found


# a signer's position standing alone in the signature block (no name under it or beside it): «Облыстық
# мәслихат хатшысы» (kk, nominative), «Секретарь областного маслихата» (ru, the position word first)
RU_POSITION_ALONE = re.compile(r"^(?:И\.\s?о\.\s?|Исполняющий обязанности\s+)?(?:Председател|Секретар|Аким|Руководител|"
                               r"Министр|Начальник|Заместител|Директор|Глава|Управляющ)\w*(?:\s+[^\d:;.]{0,90})?$", re.I)


def _unnamed_signers(lines: list[Line], sigs: list[tuple[int, Signature]], end: int) -> list[Signature]:
    """Positions in the signature block with no name: between the first signature and a few lines after the
    last one (an agreement block «СОГЛАСОВАНО:» ends it), a short position line (kk nominative ending, ru position word first) whose next line is no name
    and that no signature found took."""
    last_at, last = sigs[-1]
    name_at = next((i for i in range(last_at, min(end, last_at + 5)) if last.name and last.name in lines[i].full),
                   last_at)
    out: list[Signature] = []
    for i in range(sigs[0][0], min(end, name_at + 4)):
        ln = lines[i]
        t = ln.full.strip()
        if P.AGREED.match(t):
            break  # «СОГЛАСОВАНО: / Начальник управления …»: the agreeing officials sign no act
        if not t or ln.label or len(t) > 100 or any(ch.isdigit() for ch in t) \
                or any(t in s.position or (s.name and s.name in t) for _, s in sigs):
            continue
        if not (KK_POSITION_END.search(t) or RU_POSITION_ALONE.match(t)):
            continue
        following = lines[i + 1].full.strip() if i + 1 < end else ""
        if following and (P.name_only(following) or signature_in(following)):
            continue
        out.append(Signature(position=t, name="", paragraph=ln.paragraph, table=ln.table))
    return out


# a Kazakh appendix header cut short: «Алматы облыстық мәслихатының 2023 жылғы 14 қыркүйектегі № 6-38» right
# after the signature, without «шешіміне қосымша» — the appendix is there, its header incomplete
KK_BARE_HEADER = re.compile(rf"^[{P.UP}][{P.LOW}]+\s+(?:[{P.UP}{P.LOW}][{P.LOW}]*\s+){{0,3}}(?:мәслихатының|әкімінің|әкімдігінің|"
                            rf"басшысының)\s+\d{{4}}\s*ж.{{4,60}}?(?:№|N)\s*\d[\w\-/]*\s*$")


# a line that continues a Russian appendix header: lower case, a number, a quote, «К …» / «От …», a short piece
# («Президента Республики Казахстан») or one giving the act's date or number («Алматинского областного
# маслихата от 15 декабря 2025 года № 44-252»); a form mark («форма») ends it, and a longer capitalised line
# after it («Журнал выдачи …») is the appendix's own title
HEADER_GOES_ON = re.compile(rf"^\s*(?:[{P.LOW}\d«\"“'(№]|N\s|(?:К|Ко|От|Утвержден\w*|УТВЕРЖДЕН\w*)\b)")


# a line ending in a position in the nominative («Облыстық мәслихат хатшысы»): a signer's, not a header's
KK_POSITION_END = re.compile(r"(?:хатшы|төраға|әкім|басшы|бастығ|орынбасар|министр|директор|меңгеруші|басқарушы)"
                             r"(?:сы|ы|і|сі)?\s*$", re.I)
FORM_MARK = re.compile(r"^\s*(?:нысан|үлгі|форма|образец)\s*$", re.I)
_QUOTE = re.compile(r"[\"«»“”]")


def _open_quote(text: str) -> bool:
    """A quotation is opened in the text and not closed («… от 28 июня 2013 года "Об»)."""
    return text.count('"') % 2 == 1 or text.count("«") > text.count("»") or text.count("“") > text.count("”")


def _appendix_starts(lines: list[Line], after: int) -> list[tuple[int, int, str | None, bool]]:
    """(first line, last line, number, complete) of every appendix header after line ``after``; ``complete``
    is False for a Kazakh header that quotes the act right after the signature but does not say «қосымша»."""
    starts: list[tuple[int, int, str | None, bool]] = []
    i = after
    while i < len(lines):
        ln = lines[i]
        text = ln.full.strip()
        # a header on one line can be long when it quotes the act's title (up to ~400 characters)
        if len(text) > (400 if P.APPENDIX_RU.match(text) or P.APPENDIX_KK_END.search(text) else 220) or ln.label:
            i += 1
            continue
        m = P.APPENDIX_RU.match(text) or P.APPENDIX_STAMP.match(text)
        if m:
            j = i  # the header goes on over short lines until the act's number («№ 2-10», «N 2-22») is given,
            # then over the act's date on the next line and over the act's title quoted in it
            while j + 1 < len(lines) and j - i < 12:
                nxt = lines[j + 1].full
                so_far = " ".join(x.full for x in lines[i:j + 1])
                if len(nxt) >= 110 or lines[j + 1].label or lines[j + 1].table != ln.table \
                        or FORM_MARK.match(lines[j].full) or P.name_only(nxt) or P.APPENDIX_RU.match(nxt):
                    break
                if not (header_act_number(so_far) or P.NUMBER_PLACEHOLDER.search(so_far)):
                    if j - i >= 6 or not (HEADER_GOES_ON.match(nxt) or len(nxt) < 60 or header_act_number(nxt)
                                          or P.parse_date(nxt)):
                        break
                elif not (((_open_quote(so_far) or _open_quote(nxt)) and len(nxt) < 60) or FORM_MARK.match(nxt)
                          or (not P.parse_date(so_far) and len(nxt) < 60 and P.parse_date(nxt)
                              and re.match(r"^\s*(?:от\b|[«\"]?\d)", nxt, re.I))):
                    break
                j += 1
            number = m.group(1) if m.re is P.APPENDIX_RU else None
            starts.append((i, j, number, True))
            i = j + 1
            continue
        mk = P.APPENDIX_KK_END.search(text)
        if mk and (ln.alignment in ("right", None) or ln.table):
            j = i  # up to five lines, more when the header quotes the act's title («… "Об …" N 34-202 шешіміне»)
            while j - 1 > after and i - j < (11 if _QUOTE.search(" ".join(x.full for x in lines[j:i + 1])) else 5) \
                    and len(lines[j - 1].full) < 90 and not lines[j - 1].label and not P.AGREED.match(lines[j - 1].full) \
                    and not KK_POSITION_END.search(lines[j - 1].full) \
                    and not (P.parse_date(lines[j - 1].full) and P.parse_date(" ".join(x.full for x in lines[j:i + 1]))) \
                    and (lines[j - 1].alignment == ln.alignment or ln.alignment is None) \
                    and lines[j - 1].table == ln.table \
                    and not signature_in(lines[j - 1].full) and not P.CONTROL.search(lines[j - 1].full) \
                    and not P.name_only(lines[j - 1].full) and not _sentence_end(lines[j - 1].full) \
                    and (not P.SIGNING_MARKS.search(lines[j - 1].full)  # «2019 жылғы «____»___» is a blank date
                         or (bool(P.DATE_PLACEHOLDER.search(lines[j - 1].full))  # of this header, if it has none
                             and not P.parse_date(" ".join(x.full for x in lines[j:i + 1])))):
                j -= 1
            end = i  # «нысан» under it, or the word «қосымша» itself under «… шешімімен бекітілген»
            while end + 1 < len(lines) and end - i < 2 and lines[end + 1].table == ln.table \
                    and (FORM_MARK.match(lines[end + 1].full)
                         or (end == i and re.fullmatch(r"\s*қосымша(?:сы)?\s*", lines[end + 1].full, re.I))):
                end += 1
            starts.append((j, end, mk.group(1) or mk.group(2), True))
            i = end + 1
            continue
        prev = lines[i - 1].full if i > after else ""
        if not starts and KK_BARE_HEADER.match(" ".join(text.split())) and P.parse_date(" ".join(text.split())) \
                and (P.name_only(prev) or signature_in(prev)):
            starts.append((i, i, None, False))
        i += 1
    return starts


def _header_fields(doc: Document, lines: list[Line], zone: range) -> None:
    for i in zone:
        if i >= len(lines):
            break
        ln = lines[i]
        text = ln.full
        if len(text) > 160 and not P.KIND_LINE.match(text) or P.PREAMBLE_START.search(text[:60]):
            continue
        if doc.date is None:
            parsed = P.parse_date(text)
            if parsed:
                doc.date = ln.field(value=parsed[0])
            elif P.DATE_PLACEHOLDER.search(text):
                doc.date = ln.field(value=None)
        if doc.number is None or doc.number.value is None:
            num = P.parse_number(text)
            if num:
                doc.number = ln.field(value=num)
            elif P.NUMBER_PLACEHOLDER.search(text) and doc.number is None:
                doc.number = ln.field(value=None)
        if doc.place is None:
            place = _place_in(ln)
            if place:
                doc.place = ln.field(text=place, value=place)


def _place_in(ln: Line) -> str | None:
    for cell in (ln.cells or re.split(r"\t+|\s{3,}", ln.full)):
        for part in re.split(r"\t+|\s{3,}", cell):
            c = part.strip()
            if c and len(c) <= 60 and P.PLACE.search(c) and not re.search(r"аким|әкім", c, re.I):
                return c
    return None


def _is_title_candidate(ln: Line) -> bool:
    t = ln.full.strip()
    if not t or ln.label or ln.table:
        return False
    if P.PREAMBLE_START.search(t[:60]) and not t.endswith("туралы"):
        return False
    if P.FORMULA.search(t):
        return False
    return True


def analyse(doc: Document) -> list[Line]:
    """Fill the structural fields of ``doc`` from its paragraphs and tables; return the lines used."""
    lines = build_lines(doc)
    n = len(lines)
    order: dict[str, int] = {}
    # kind name, within the first lines
    kind_at = None
    for i, ln in enumerate(lines[:30]):
        word = _kind_word(ln)
        if word:
            kind_at = i
            doc.kind_name = ln.field(value=word)
            order["kind_name"] = i
            break
    for i in range(kind_at or 0):
        doc.blank.append(lines[i].field())
    if kind_at is None:  # the blank and the kind name may sit in the page header
        for text in doc.extra.get("headers", []):
            header_line = Line(text=P.cyrillic(text))
            word = _kind_word(header_line)
            if word:
                doc.kind_name = Field(text=text, value=word)
                order["kind_name"] = -1
                break
            doc.blank.append(Field(text=text))
    # formula and the operative part
    formula_at = None
    for i, ln in enumerate(lines):
        if P.FORMULA.search(ln.full) and (ln.caps or P.FORMULA.search(ln.full.upper()[-40:])):
            formula_at = i
            break
    # appendices end the main part
    appx = _appendix_starts(lines, (formula_at or kind_at or 0) + 1)
    main_end = appx[0][0] if appx else n
    # header zone: from the kind name to the title
    start = (kind_at + 1) if kind_at is not None else 0
    title_at = None
    for i in range(start, min(main_end, start + 15)):
        ln = lines[i]
        if formula_at is not None and i >= formula_at:
            break
        bare = re.sub(r"\s+", " ", ln.full).strip()
        if (re.match(r"^(?:О|Об|Обо)\s", bare) or re.search(r"\s(?:туралы|жөнінде)$", bare)) \
                and _is_title_candidate(ln) and not ln.table:
            title_at = i  # a title that quotes an act's date and number is still the title (ru «О…», kk «… туралы»)
            break
        is_req = bool(P.parse_date(bare) or P.parse_number(bare) or P.DATE_PLACEHOLDER.search(bare)
                      or P.NUMBER_PLACEHOLDER.search(bare) or _place_in(ln)
                      or _kind_word(ln))
        if is_req and len(bare) < 120:
            continue
        if P.CONTACTS.search(bare) and i < start + 4:
            continue
        if _is_title_candidate(ln) and not ATTN.search(bare):
            title_at = i
            break
        if ln.table:
            continue
        break
    published = kind_at is not None and bool(P.KIND_LINE.match(lines[kind_at].full) or
                                             P.KIND_LINE_KK.search(lines[kind_at].full))
    possessive = kind_at is not None and kind_at > 0 and re.sub(r"\s+", "", lines[kind_at].full).upper() == "ХАТТАМАСЫ"
    if possessive and kind_at is not None and re.search(r"(?:ның|нің|дың|дің|тың|тің)\s*$", lines[kind_at - 1].full):
        # a Kazakh protocol: the genitive title comes first, «… отырысының / ХАТТАМАСЫ»
        title_at = kind_at - 1
    elif kind_at is not None and kind_at > 0 and (title_at is None or published):
        # the publication form (the regulations themselves): title first, then «Постановление … от … №»
        for back in range(kind_at - 1, max(-1, kind_at - 4), -1):
            prev = lines[back]
            if re.match(r"^(О|Об)\s", prev.full) or re.search(r"туралы\s*$", prev.full):
                title_at = back
                doc.blank = [f for f in doc.blank if f.paragraph is None or f.paragraph < (prev.paragraph or 0)]
                break
    zone_end = title_at if title_at is not None and title_at > start else min(main_end, start + 8)
    _header_fields(doc, lines, range(kind_at if kind_at is not None else 0, max(zone_end, (kind_at or 0) + 1)))
    if (doc.date is None or doc.number is None) and formula_at is not None:
        # requisites misplaced between the title and the formula still count (and break the order)
        later = [i for i in range(zone_end, formula_at) if i != title_at and len(lines[i].full) < 120]
        for i in later:
            if doc.date is None or doc.number is None:
                _header_fields(doc, lines, range(i, i + 1))
    if doc.date:
        order["date"] = _line_of(lines, doc.date)
    if doc.number:
        order["number"] = _line_of(lines, doc.number)
    body_from = start
    if title_at is not None:
        j = title_at
        parts = [lines[j].full.strip()]
        while j + 1 < main_end and len(parts) < 4 and _title_continues(lines, title_at, j + 1, main_end) \
                and not (formula_at is not None and j + 1 >= formula_at):
            j += 1
            parts.append(lines[j].full.strip())
        doc.title = lines[title_at].field(text=" ".join(parts))
        order["title"] = title_at
        body_from = max(j + 1, kind_at + 1 if kind_at is not None else 0)
    if formula_at is not None:
        ln = lines[formula_at]
        m = P.FORMULA.search(ln.full)
        assert m is not None  # formula_at is a line where FORMULA matched
        doc.formula = ln.field(text=m.group(0), value=re.sub(r"\s+", " ", m.group(1)))
        order["formula"] = formula_at
        start_pre = next((k for k in range(body_from, formula_at + 1)
                          if P.PREAMBLE_START.search(lines[k].full[:80])), body_from)
        body_from = min(start_pre, formula_at)  # footnotes and marks before the legal basis are not preamble
        pre = [x.full for x in lines[body_from:formula_at]] + [ln.full[: m.start()]]
        pre_text = " ".join(t.strip() for t in pre if t.strip())
        if pre_text:
            first = lines[body_from] if body_from < formula_at else ln
            doc.preamble = Field(text=pre_text, paragraph=first.paragraph, table=first.table)
        body_from = formula_at + 1
    elif body_from < main_end and not lines[body_from].label and P.PREAMBLE_START.search(lines[body_from].full[:80]):
        doc.preamble = lines[body_from].field()
    # signature(s), executor mark
    sigs = _find_signatures(lines, max(body_from, main_end - 14), main_end, floor=body_from)
    if sigs:
        at, doc.signature = sigs[0]
        order["signature"] = at
        doc.extra["signatures"] = [
            {"position": s.position, "name": s.name, "paragraph": s.paragraph, "table": s.table}
            for s in sorted([s for _, s in sigs] + _unnamed_signers(lines, sigs, main_end),
                            key=lambda s: (s.paragraph or 0, s.table or 0))
        ]
    op_end = sigs[0][0] if sigs else main_end
    readers = _readers_mark(lines, max(body_from, main_end - 14), op_end, main_end)
    if readers:
        op_end = readers[0]
        doc.extra["readers"] = [lines[i].paragraph for i in readers if lines[i].paragraph]
    _executor(doc, lines, max(0, main_end - 8), main_end)
    # points
    op_lines = [ln for ln in lines[body_from:op_end] if ln.table is None]
    if doc.executor is not None and doc.executor.paragraph:
        op_lines = [ln for ln in op_lines if (ln.paragraph or 0) < doc.executor.paragraph]
    doc.points = build_points(op_lines)
    first_point = next((i for i in range(body_from, op_end) if lines[i].label), None)
    if first_point is not None:
        order["points"] = first_point
    doc.extra["order"] = order
    doc.extra["operative"] = [ln.paragraph for ln in op_lines if ln.paragraph]
    # appendices
    for k, (a, b, number, complete) in enumerate(appx):
        end = appx[k + 1][0] if k + 1 < len(appx) else n
        header_text = " ".join(x.full.strip() for x in lines[a:b + 1])
        d = P.parse_date(" ".join(header_text.split()))  # a header typed in one table cell has line breaks
        body = lines[b + 1:end]
        app = Appendix(
            number=number, header=Field(text=header_text, paragraph=lines[a].paragraph, table=lines[a].table,
                                        value={"placeholder": bool(P.DATE_PLACEHOLDER.search(header_text)
                                                                   or P.NUMBER_PLACEHOLDER.search(header_text)),
                                               "incomplete": not complete}),
            paragraphs=[x.paragraph for x in body if x.paragraph],
            tables=sorted({x.table for x in body if x.table}),
            points=build_points(_without_chapter_headings([x for x in body if x.table is None])),
            ref_date=d[0] if d else None, ref_number=header_act_number(header_text),
        )
        doc.appendices.append(app)
    doc.extra["appendix_cites"] = _appendix_cites(lines[:main_end])
    return lines


def _without_chapter_headings(lines: list[Line]) -> list[Line]:
    """An appendix's chapter headings typed with a number («1. Жалпы ережелер», «2. Порядок выдачи») are not
    points: a short top-level line, no sentence end, directly followed by a point."""
    out: list[Line] = []
    for k, ln in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        text = ln.text.strip()
        if ln.label and re.fullmatch(r"\d{1,2}\.", ln.label.strip()) and len(text) <= 80 and text[:1].isupper() \
                and not text.endswith((".", ";", ":", ",")) and nxt is not None and nxt.label:
            out.append(Line(text=ln.full, paragraph=ln.paragraph, table=ln.table, alignment=ln.alignment,
                            bold=ln.bold, caps=ln.caps))
            continue
        out.append(ln)
    return out


def _title_continues(lines: list[Line], first: int, k: int, end: int) -> bool:
    """Whether line k continues the title that starts at ``first`` (bold block, lower-case start, or a
    Kazakh title that has not yet reached «туралы»)."""
    ln, head = lines[k], lines[first]
    if ln.label or not _is_title_candidate(ln) or len(ln.full) > 200:
        return False
    joined = " ".join(x.full for x in lines[first:k])
    if re.search(r"туралы\s*$", joined) or len(joined) > 400:
        return False
    if head.bold and ln.bold:
        return True
    if ln.full[:1].islower():
        return True
    return any(re.search(r"туралы\s*$", lines[x].full) for x in range(k, min(end, k + 3)))


ATTN = re.compile(r"^(Кому|Адресат)\b", re.I)


def _line_of(lines: list[Line], f: Field) -> int:
    for i, ln in enumerate(lines):
        if (f.paragraph is not None and ln.paragraph == f.paragraph) or (f.table is not None and ln.table == f.table):
            return i
    return -1


def _appendix_cites(lines: list[Line]) -> list[dict]:
    cites = []
    for ln in lines:
        # the number before «қосымша» is bounded: «(\d+)-» retried from every digit of a long run is quadratic
        for m in re.finditer(r"приложени\w*\s*(?:№\s*)?(\d+)?|(?:(?<!\d)(\d{1,3})\s*-\s*)?қосымша\w*", ln.full, re.I):
            if P.ATTACHMENT_MARK.match(ln.full):
                continue
            cites.append({"number": m.group(1) or m.group(2), "paragraph": ln.paragraph, "text": m.group(0)})
    return cites


def _readers_mark(lines: list[Line], start: int, end: int, main_end: int) -> list[int]:
    """The lines of a readers' mark («Оқығандар:» and the readers' names below it) between ``start`` and
    ``end``; it ends the operative part (a signature with no name is not found, so the last point would run on
    and count the readers as its list lines)."""
    for i in range(start, end):
        if lines[i].table is None and P.READERS.match(lines[i].full):
            names = [k for k in range(i + 1, main_end) if lines[k].full.strip()]
            if names and all(P.name_only(lines[k].full.strip()) for k in names):
                return [i, *names]
    return []


def _executor(doc: Document, lines: list[Line], start: int, end: int) -> None:
    for i in range(end - 1, start - 1, -1):
        ln = lines[i]
        text = ln.full.strip()
        phone = P.PHONE.search(text)
        m = P.EXECUTOR.match(text)
        if m or (phone and len(text) < 80):
            name_line = text
            if not m and i > start and len(lines[i - 1].full) < 60:
                prev = lines[i - 1].full.strip()
                if P.NAME_SURNAME_FIRST.search(prev) or P.NAME_INITIALS_FIRST.search(prev) or P.EXECUTOR.match(prev):
                    name_line = prev + " " + text
                    ln = lines[i - 1]
            if not phone and i + 1 < end:
                phone = P.PHONE.search(lines[i + 1].full)
            name = P.EXECUTOR.sub(r"\1", name_line.split("\n")[0])
            found = P.PHONE_LABEL.sub("", P.PHONE.sub("", name)).strip(" ,;:.") or None
            doc.executor = ln.field(text=name_line, value={"name": found, "phone": phone.group(1) if phone else None})
            return
