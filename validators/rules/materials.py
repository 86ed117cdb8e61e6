"""Meeting materials, control lists, printed drafts and the pair rules (catalog: schemas/rules/materials.yaml):
a report's length estimated from its words, the signature on materials and on information about execution, the
columns of the list of documents on control, the printed approval sheet, the material's languages, and the rules
that compare a document with a related one (``qujat check DOC --with OTHER``): a reply and the document it
answers, an act and its appendix in a file of its own, a draft and its справка."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from validators.model import Document
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function
from validators.rules.documents import _open_docx
from validators.texts import Texts, term, terms

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _listed(items: list[dict]) -> Texts:
    """Column or field names in every language, «; »-separated (English names them in Russian, as printed)."""
    return Texts({"kk": "; ".join(i["kk"] for i in items), "ru": "; ".join(i["ru"] for i in items),
                  "en": "; ".join(i["ru"] for i in items)})


# --- material.report-duration ---------------------------------------------------------------------------------

def spoken_words(doc: Document) -> int:
    """Words a speaker reads: body paragraphs and table cells, without the kind word, the title and the signature."""
    skip = {f.paragraph for f in (doc.kind_name, doc.title) if f is not None and f.paragraph}
    if doc.signature is not None and doc.signature.paragraph:
        skip.add(doc.signature.paragraph)
    n = sum(len(WORD.findall(p.full_text)) for p in doc.paragraphs if p.index not in skip)
    sig_table = doc.signature.table if doc.signature is not None else None
    for t in doc.tables:
        if t.index != sig_table:
            n += sum(len(WORD.findall(c.text)) for row in t.rows for c in row)
    return n


@check_function("material.report-duration")
def check_report_duration(ctx: RuleContext) -> Iterator[Finding]:
    """Turkestan L144/L714, Kazygurt L200: «продолжительностью не более 7-10 минут» — the time is estimated as
    words ÷ ``words_per_minute`` (the profile's rate); above ``max_minutes`` the rule's severity, above
    ``warn_minutes`` a warning."""
    wpm = float(ctx.params["words_per_minute"])
    warn, top = float(ctx.params["warn_minutes"]), float(ctx.params["max_minutes"])
    words = spoken_words(ctx.doc)
    minutes = words / wpm if wpm > 0 else 0.0
    if minutes <= warn:
        return
    over = minutes > top
    limit = term("report-over-limit", top=f"{top:g}") if over else term("report-near-limit", warn=f"{warn:g}",
                                                                             top=f"{top:g}")
    yield ctx.finding(Location(), minutes=f"{minutes:.1f}", words=words, limit=limit,
                      **({} if over else {"severity": "warning"}))


# --- material.signature, material.execution-info --------------------------------------------------------------

def _head_text(doc: Document, n: int = 12) -> str:
    parts = [p.full_text for p in doc.paragraphs[:n]]
    parts += [c.text for t in doc.tables[:2] for row in t.rows[:3] for c in row]
    return "\n".join(parts)


def is_execution_info(doc: Document, subject: str) -> bool:
    """The document reports on the execution of assignments (its heading says so)."""
    return re.search(subject, _head_text(doc, 6), re.IGNORECASE) is not None


@check_function("material.signature")
def check_material_signature(ctx: RuleContext) -> Iterator[Finding]:
    """Turkestan L89 (materials signed by the head of the unit), L276 (information on execution: the first head
    or the person acting); Kazygurt L212/L371 (materials), L432 (information on execution, in the akim's name)."""
    doc, p = ctx.doc, ctx.params
    execution = ctx.rule.id == "material.execution-info"
    if execution and not is_execution_info(doc, str(p["subject"])):
        return
    if not execution:  # information on execution is judged by its own rule where the profile enables it
        other = ctx.profile.rule("material.execution-info")
        if other is not None and doc.kind in other.kinds and is_execution_info(doc, str(other.params["subject"])):
            return
    if p.get("addressed_to_akim") and not re.search(str(p["akim"]), _head_text(doc), re.IGNORECASE):
        yield ctx.finding(Location(paragraph=1), what=term("material-not-to-akim"))
    sig = doc.signature
    if sig is None:
        # in the EDMS the head signs by EDS, not on the page: a verified attached signature answers the rule, and
        # without one a missing signature block is a warning, not proof that nobody signed
        if any(s.get("status") == "valid" for s in ctx.env.options.signatures):
            return
        yield ctx.finding(Location(), severity="warning", what=term("material-no-signature"))
        return
    if re.search(str(p["deputy"]), sig.position, re.IGNORECASE) and not re.search(
            str(p["acting"]), f"{sig.position} {sig.name}", re.IGNORECASE):
        loc = Location(paragraph=sig.paragraph, table=sig.table, excerpt=f"{sig.position} {sig.name}"[:160])
        yield ctx.finding(loc, what=term("material-deputy-signed", position=sig.position))


# --- control.list-columns -------------------------------------------------------------------------------------

def header_columns(cells: list[str], columns: list[dict[str, str]]) -> set[int]:
    """Indexes of the required columns that the header cells name (a cell counts for the first it matches)."""
    found: set[int] = set()
    for cell in cells:
        for i, col in enumerate(columns):
            if re.search(col["match"], cell, re.IGNORECASE):
                found.add(i)
                break
    return found


@check_function("control.list-columns")
def check_control_list(ctx: RuleContext) -> Iterator[Finding]:
    """A form's table names its columns: the list of documents on control, nine items (Turkestan L519–L537); the
    participants list of a meeting (Turkestan Appendix 3, L761–L810), also with its header fields above the
    table (``fields``)."""
    columns: list[dict[str, str]] = list(ctx.params["columns"])
    tables = [t for t in ctx.doc.tables if t.rows and len(t.rows[0]) >= 2]
    if not tables:
        yield ctx.finding(Location(), what=term("control-no-table"))
        return
    table = max(tables, key=lambda t: len(t.rows[0]))
    header = [" ".join(c.text for c in (row[j] for row in table.rows[:2] if j < len(row)))
              for j in range(len(table.rows[0]))]
    missing = [c for i, c in enumerate(columns) if i not in header_columns(header, columns)]
    if missing:
        yield ctx.finding(Location(table=table.index, row=1), what=term("control-columns-missing", columns=_listed(missing)))
    fields: list[dict[str, str]] = list(ctx.params.get("fields") or [])
    above = "\n".join(p.full_text for p in ctx.doc.paragraphs if p.index <= table.after_paragraph)
    absent = [f for f in fields if not re.search(f["match"], above, re.IGNORECASE)]
    if absent:
        yield ctx.finding(Location(paragraph=1), what=term("form-fields-missing", fields=_listed(absent)))


# --- act.approval-sheet ---------------------------------------------------------------------------------------

def _docx_new_page(native: Any, heading: str) -> bool | None:
    """Whether the DOCX paragraph ``heading`` starts a new page: a page break before it or in it before its text,
    or a page or section break after the last text above it; None when the file cannot tell."""
    body = getattr(getattr(native, "element", None), "body", None)
    if body is None:
        return None
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    pending = False  # a page or section break since the last text
    for el in body.iterchildren():
        if el.tag == f"{w}tbl":
            pending = False
            continue
        if el.tag != f"{w}p":
            continue
        marks = [x for x in el.iter(f"{w}t", f"{w}br") if x.tag == f"{w}t" or x.get(f"{w}type") == "page"]
        text = "".join(x.text or "" for x in marks if x.tag == f"{w}t").strip()
        section = el.find(f"{w}pPr/{w}sectPr") is not None
        if text and text == heading.strip():
            first_text = next(i for i, x in enumerate(marks) if x.tag == f"{w}t" and (x.text or "").strip())
            return pending or el.find(f"{w}pPr/{w}pageBreakBefore") is not None or any(
                x.tag == f"{w}br" for x in marks[:first_text])
        if text:
            last_text = max(i for i, x in enumerate(marks) if x.tag == f"{w}t" and (x.text or "").strip())
            pending = section or any(x.tag == f"{w}br" for x in marks[last_text:])
        elif section or any(x.tag == f"{w}br" for x in marks):
            pending = True
    return None


def _visas_after(doc: Document, at: int) -> int:
    """Visa lines after paragraph ``at``: table rows with a position and a name, or paragraphs with a name."""
    from validators.document import patterns as P

    n = 0
    for t in doc.tables:
        if t.after_paragraph >= at:
            n += sum(1 for row in t.rows if sum(1 for c in row if c.text.strip()) >= 2
                     and any(P.name_only(c.text.strip()) or P.NAME_INITIALS_FIRST.search(c.text) for c in row))
    for p in doc.paragraphs[at:]:
        if P.NAME_INITIALS_FIRST.search(p.text) or P.name_only(p.text.strip()):
            n += 1
    return n


@check_function("act.approval-sheet")
def check_approval_sheet(ctx: RuleContext) -> Iterator[Finding]:
    """Turkestan L462: the draft is printed on the blank and goes to the ОД department «с электронными визами
    должностных лиц о согласовании на отдельном листе». Where the document carries the sheet, it must start a page
    of its own and hold visas; a draft file without the sheet is not judged (the sheet is printed from the ОДО
    visas at paper submission)."""
    doc = ctx.doc
    rx = re.compile(str(ctx.params["heading"]), re.IGNORECASE)
    head = next((p for p in doc.paragraphs if rx.search(p.text)), None)
    if head is None:
        return
    loc = head.location(head.text[:160])
    if doc.format == "pdf":
        before = [p for p in doc.paragraphs[: head.index - 1] if p.text.strip()]
        last = before[-1].page if before else None
        separate: bool | None = None if head.page is None or (before and last is None) else (
            last is None or head.page > last)
    else:
        native = doc.native if hasattr(doc.native, "paragraphs") else ctx.memo("docx", lambda: _open_docx(ctx))
        separate = _docx_new_page(native, head.text)
    if separate is False:
        yield ctx.finding(loc, what=term("approval-sheet-same-page"))
    if _visas_after(doc, head.index) == 0:
        yield ctx.finding(loc, what=term("approval-sheet-no-visa"))


# --- letter.higher-body-signer --------------------------------------------------------------------------------

@check_function("letter.higher-body-signer")
def check_higher_body_signer(ctx: RuleContext) -> Iterator[Finding]:
    """Kazygurt 10.8 (L457): letters to the higher bodies of Turkestan region (competent bodies included) go out
    under the district akim's signature; a deputy or the head of the apparatus signing one is a finding."""
    letter, sig = ctx.doc.letter, ctx.doc.signature
    if letter is None or sig is None:
        return
    block = letter.addressee_block.text if letter.addressee_block is not None else (letter.addressee or "")
    if not block or not re.search(str(ctx.params["higher"]), block, re.IGNORECASE):
        return
    position = " ".join(sig.position.split())
    p = {k: re.compile(str(ctx.params[k]), re.IGNORECASE) for k in ("akim", "not_akim", "acting")}
    if p["akim"].search(position) and (not p["not_akim"].search(position) or p["acting"].search(position)):
        return
    loc = Location(paragraph=sig.paragraph, table=sig.table, excerpt=f"{position} {sig.name}"[:160])
    yield ctx.finding(loc, addressee=" ".join(block.split())[:120], signer=f"{position} {sig.name}")


# --- text.defined-abbreviations ------------------------------------------------------------------------------

ABBR = re.compile(r"(?<![\w-])[А-ЯЁӘҒҚҢӨҰҮҺІ]{2,6}(?![\w-])")
CAPS_NEIGHBOUR = re.compile(r"\s*:|\s+[А-ЯЁӘҒҚҢӨҰҮҺІ]{2,}(?![а-яёәғқңөұүһі])")
CAPS_BEFORE = re.compile(r"(?<![\w-])[А-ЯЁӘҒҚҢӨҰҮҺІ]{2,}\s+$")
DEFINED = re.compile(r"\((?:далее|бұдан\s+әрі)\s*[-–—:]?\s*([^)]{1,120})\)", re.IGNORECASE)


def _prose(text: str) -> bool:
    """A sentence, not a heading or a blank in capitals: most of its letters are lower case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.islower() for c in letters) >= 0.6 * len(letters)


@check_function("text.defined-abbreviations")
def check_defined_abbreviations(ctx: RuleContext) -> Iterator[Finding]:
    """Turkestan: the regulation introduces each abbreviation it uses with «(далее – …)» before it (L31, L33, L35,
    L70, L184). An abbreviation used before such a definition, or never defined, is a finding (once each); the
    ``common`` ones (РК, ГУ, ТОО, ЭЦП …) need none."""
    common = {str(x) for x in ctx.params.get("common") or []}
    defined: set[str] = set()
    early: dict[str, Location] = {}
    for p in ctx.doc.paragraphs:
        text = p.full_text
        if not ABBR.search(text) or not _prose(text):  # no capitals run: nothing used, nothing defined here
            continue
        spans = [(m.start(), m.end(), {a.group(0) for a in ABBR.finditer(m.group(1))}) for m in DEFINED.finditer(text)]
        for m in ABBR.finditer(text):
            abbr = m.group(0)
            if abbr in common or abbr in defined or abbr in early or any(
                    abbr in inner and s < m.start() for s, _, inner in spans):
                continue
            if any(s <= m.start() < e for s, e, _ in spans) or CAPS_NEIGHBOUR.match(text, m.end()) or (
                    CAPS_BEFORE.search(text[: m.start()])):
                continue  # a phrase in capitals («ҚАУЛЫ ЕТЕДІ:», «РЕШИЛ:») is a formula, not an abbreviation
            early[abbr] = p.location(text[max(0, m.start() - 60): m.end() + 60])
        for _, _, inner in spans:
            defined |= inner
    n = 0
    for abbr, loc in early.items():
        if n >= int(ctx.params.get("max_findings", 10)):
            break
        later = abbr in defined
        yield ctx.finding(loc, abbr=abbr, where=term("abbr-used-early" if later else "abbr-undefined"))
        n += 1


# --- material.state-language ----------------------------------------------------------------------------------

LANG_TEXTS = {"kk": "material-lang-kk", "ru": "material-lang-ru"}  # term.* of schemas/texts.yaml


@check_function("material.state-language")
def check_state_language(ctx: RuleContext) -> Iterator[Finding]:
    """Turkestan L87/L227, Kazygurt L90/L285/L324/L369: materials in the state language (and in Russian where
    the regulation asks for both). One file shows its own language; the other version is seen with --pair."""
    have = {x.lang for x in (ctx.doc, ctx.pair) if x is not None and x.lang in LANG_TEXTS}
    if not have:
        return
    need = [lang for lang in ctx.params.get("require", ["kk"]) if lang not in have]
    if not need:
        return
    yield ctx.finding(Location(), have=terms(*(LANG_TEXTS[lang] for lang in sorted(have))),
                      need=terms(*(LANG_TEXTS[lang] for lang in need)))


# --- pair rules: a document and a related one ------------------------------------------------------------------

def _norm_number(number: str | None) -> str:
    return re.sub(r"[\s№]+", "", number or "").lower()


def number_and_date(doc: Document) -> tuple[str | None, dt.date | None]:
    """The document's own registration number and date (a letter's outgoing number, an act's number)."""
    letter = doc.letter
    if letter is not None and letter.own_number is not None and letter.own_number.number:
        return letter.own_number.number, letter.own_number.date or (
            doc.date.value if doc.date is not None and isinstance(doc.date.value, dt.date) else None)
    number = doc.number.value if doc.number is not None and isinstance(doc.number.value, str) else None
    date = doc.date.value if doc.date is not None and isinstance(doc.date.value, dt.date) else None
    return number, date


def _d(date: dt.date | None) -> str:
    return date.strftime("%d.%m.%Y") if date else "—"


@check_function("pair.reply-link")
def check_reply_link(ctx: RuleContext) -> Iterator[Finding]:
    """Turkestan L393, Kazygurt L547: no outgoing reply without the incoming document it answers; given that
    document (--with), the reply's reference «На № … от …» must cite its number and date."""
    related = ctx.related
    if related is None:
        return
    number, date = number_and_date(related)
    refs = list(ctx.doc.letter.references) if ctx.doc.letter is not None else []
    if number is None:
        yield ctx.finding(Location(), severity="info", what=term("reply-number-unread"))
        return
    if not refs:
        yield ctx.finding(Location(paragraph=1), what=term("reply-no-reference", number=number, date=_d(date)))
        return
    match = [r for r in refs if _norm_number(r.number) == _norm_number(number)]
    if not match:
        r = refs[0]
        yield ctx.finding(r.location, what=term("reply-wrong-number", cited=r.number, number=number))
    elif date is not None and all(r.date is not None and r.date != date for r in match):
        r = match[0]
        yield ctx.finding(r.location, what=term("reply-wrong-date", number=number, cited=_d(r.date), date=_d(date)))


@check_function("pair.appendix-header")
def check_appendix_header(ctx: RuleContext) -> Iterator[Finding]:
    """An act and its appendix in a file of its own (Turkestan L81/L87/L182 with sample L6; Kazygurt 10.18 L535):
    the appendix's header «Приложение к постановлению … от … № …» names the act's date and number."""
    related = ctx.related
    if related is None:
        return
    headers = [(a.header.text, a.ref_number, a.ref_date) for a in related.appendices] or standalone_header(related)
    if not headers:
        yield ctx.finding(Location(), what=term("appendix-file-no-header"))
        return
    number, date = number_and_date(ctx.doc)
    for text, ref_number, ref_date in headers:
        loc = Location(excerpt=text[:160])
        if number and ref_number and _norm_number(ref_number) != _norm_number(number):
            yield ctx.finding(loc, what=term("appendix-wrong-number", cited=ref_number, number=number))
        if date and ref_date and ref_date != date:
            yield ctx.finding(loc, what=term("appendix-wrong-date", cited=_d(ref_date), date=_d(date)))


APPENDIX_WORD = re.compile(r"^\s*(?:приложение|утвержден\w*|қосымша|бекітілген)\b|қосымша\s*$", re.IGNORECASE)


def standalone_header(doc: Document) -> list[tuple[str, str | None, dt.date | None]]:
    """The header of an appendix in a file of its own: its first lines, from «Приложение …» / «… қосымша» to the
    line with the act's date and number (at most five lines)."""
    from validators.document import patterns as P

    lines = [p.full_text.strip() for p in doc.paragraphs[:8] if p.full_text.strip()]
    start = next((i for i, t in enumerate(lines[:3]) if APPENDIX_WORD.search(t)), None)
    if start is None:
        return []
    text = " ".join(lines[start:start + 5])
    cut = re.search(r"№\s*\S+", text)
    text = text[: cut.end()] if cut else text
    found = P.parse_date(text)
    return [(text, P.parse_number(text), found[0] if found else None)]


def _words(doc: Document) -> list[str]:
    return [w.lower().replace("ё", "е") for p in doc.paragraphs for w in WORD.findall(p.full_text)]


def shared_runs(words: list[str], other: list[str], n: int) -> list[tuple[int, int]]:
    """(start, length) in ``words`` of every run of at least ``n`` consecutive words that also stands in
    ``other``, overlapping matches merged."""
    if len(words) < n or len(other) < n:
        return []
    grams = {tuple(other[i:i + n]) for i in range(len(other) - n + 1)}
    runs: list[tuple[int, int]] = []
    for i in range(len(words) - n + 1):
        if tuple(words[i:i + n]) in grams:
            if runs and i <= runs[-1][0] + runs[-1][1] - n + 1:
                start, _ = runs[-1]
                runs[-1] = (start, i + n - start)
            else:
                runs.append((i, n))
    return runs


@check_function("pair.speech-reuse")
def check_speech_reuse(ctx: RuleContext) -> Iterator[Finding]:
    """Turkestan L99 (п. 16, пп. 3): «не содержать повторное воспроизведение фрагментов уже обнародованных
    выступлений»; Kazygurt L102. The published speech is given as the related document."""
    if ctx.related is None:
        return
    words = _words(ctx.doc)
    runs = shared_runs(words, _words(ctx.related), int(ctx.params["min_words"]))
    if not runs:
        return
    start, length = max(runs, key=lambda r: r[1])
    fragment = " ".join(words[start:start + min(length, 25)]) + (" …" if length > 25 else "")
    yield ctx.finding(Location(excerpt=fragment[:160]), count=len(runs), words=sum(n for _, n in runs),
                      fragment=fragment)


def _fold_title(text: str) -> str:
    text = re.sub(r"[«»\"“”„'’().,:;–—-]", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def _act_and_note(ctx: RuleContext) -> tuple[Document, Document] | None:
    doc, other = ctx.doc, ctx.related
    if other is None:
        return None
    if doc.kind == "briefing-note" and other.kind != "briefing-note":
        return other, doc
    if other.kind == "briefing-note" and doc.kind != "briefing-note":
        return doc, other
    return None


@check_function("pair.title-match")
def check_title_match(ctx: RuleContext) -> Iterator[Finding]:
    """Almaty L101: «Наименования проекта и справки к нему должны быть идентичными» — the draft's title stands,
    word for word, in the heading of its справка."""
    pair = _act_and_note(ctx)
    if pair is None:
        return
    act, note = pair
    if act.title is None or not act.title.text.strip():
        return
    heading = " ".join(p.full_text for p in note.paragraphs[:6])
    if _fold_title(act.title.text) not in _fold_title(heading):
        note_title = note.title.text if note.title is not None else heading
        yield ctx.finding(Location(excerpt=act.title.text[:160]), title=act.title.text[:160],
                          other=note_title[:160])
