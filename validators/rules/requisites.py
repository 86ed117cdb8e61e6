"""Requisites of acts, protocols and letters: presence, order and form (rule ids ``requisite.*``,
``protocol.*``, ``letter.*``; catalog in schemas/rules/requisites.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from validators.document import patterns as P
from validators.document.lang import detect_lang
from validators.document.protocol import AgendaItem, Item, Protocol, merge_words
from validators.model import Document, Field, Point
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function
from validators.texts import Texts, term, terms
from validators.texts import text as say_text

RU_VOWEL_START = set("аоуэиыАОУЭИЫ")

def tr(*names: str, sep: str = ", ") -> Texts:
    """Terms of schemas/texts.yaml (``term.<name>``) joined, in kk, ru and en."""
    return terms(*names, sep=sep)


def with_lang(name: str, value: Texts) -> dict[str, Texts]:
    """The message argument ``name`` (each language of the message takes its own text)."""
    return {name: value}


def field_location(f: Field | None, excerpt: str | None = None) -> Location:
    if f is None:
        return Location()
    return Location(paragraph=f.paragraph, table=f.table, excerpt=(excerpt or f.text)[:160])


def _para_location(doc: Document, paragraph: int | None, text: str | None = None) -> Location:
    if paragraph is None:
        return Location(excerpt=(text or "")[:160] or None)
    p = doc.paragraph(paragraph)
    return p.location(excerpt=(text or p.full_text)[:160])


def _lang(ctx: RuleContext, text: str = "") -> str:
    return detect_lang(text) or ctx.doc.lang or "ru"


def title_problem(text: str, lang: str) -> str | None:
    """Why a title/agenda item is not in the «О/Об …» (ru) or «… туралы» (kk) form, or None."""
    t = text.strip().strip("«»\"“” ").rstrip(".")
    if lang == "kk":
        return None if re.search(r"(туралы|жөнінде)$", t) else "kk-ending"
    m = re.match(r"^(Об|Обо|О)\s+([^\s])", t)
    if not m:
        return "no-preposition"
    prep, first = m.group(1), m.group(2)
    if prep == "О" and first in RU_VOWEL_START:
        return "o-before-vowel"
    if prep == "Об" and first not in RU_VOWEL_START:
        return "ob-before-consonant"
    return None


def _finding_with_problem(ctx: RuleContext, loc: Location, key: str, **args: object) -> Finding:
    return ctx.finding(loc, problem=term(f"title-{key}"), **args)


@check_function("requisite.kind-name")
def check_kind_name(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.doc.kind_name is None:
        yield ctx.finding(Location(paragraph=1, excerpt=(ctx.doc.paragraphs[0].text[:160] if ctx.doc.paragraphs else None)))


@check_function("requisite.date")
def check_date(ctx: RuleContext) -> Iterator[Finding]:
    doc = ctx.doc
    if _reply_reference_only(ctx):
        yield ctx.finding(Location(excerpt=None), **with_lang("state", tr("missing")))
    elif doc.date is None or doc.date.value is None:
        yield from _placeholder_aware(ctx, doc.date)


def _reply_reference_only(ctx: RuleContext) -> bool:
    """A cover letter whose only number and date are those of the request it answers («На № … от …»): its own
    outgoing number and date are missing (the letter's parts tell them apart)."""
    letter = ctx.doc.letter
    number = ctx.doc.number
    return (ctx.doc.kind == "cover-letter" and letter is not None and letter.own_number is None
            and number is not None and letter.request is not None and letter.request.paragraph is not None
            and number.paragraph == letter.request.paragraph)


def _placeholder_aware(ctx: RuleContext, f: Field | None) -> Iterator[Finding]:
    if f is None:
        yield ctx.finding(Location(excerpt=None), **with_lang("state", tr("missing")))
    else:
        yield ctx.finding(field_location(f), severity=ctx.params.get("placeholder_severity", "info"),
                          **with_lang("state", tr("placeholder")))


@check_function("requisite.registration-number")
def check_number(ctx: RuleContext) -> Iterator[Finding]:
    doc = ctx.doc
    if _reply_reference_only(ctx):
        yield ctx.finding(Location(excerpt=None), **with_lang("state", tr("missing")))
        return
    if doc.number is None or doc.number.value is None:
        yield from _placeholder_aware(ctx, doc.number)
        return
    pattern = ctx.params.get("pattern")
    if pattern and not re.fullmatch(pattern, doc.number.value):
        yield ctx.finding(field_location(doc.number), severity="warning", **with_lang("state", term("number-pattern", pattern=pattern)))


@check_function("requisite.place")
def check_place(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.doc.place is None:
        yield ctx.finding(Location())


@check_function("requisite.title")
def check_title(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.doc.title is None:
        yield ctx.finding(Location())


@check_function("requisite.title-form")
def check_title_form(ctx: RuleContext) -> Iterator[Finding]:
    t = ctx.doc.title
    if t is None:
        return
    key = title_problem(t.text, _lang(ctx, t.text))
    if key:
        yield _finding_with_problem(ctx, field_location(t), key)


ORDER = ("kind_name", "date", "number", "title", "formula", "points", "signature")
ORDER_NAMES = {k: "req-" + k.replace("_", "-") for k in ORDER}


@check_function("requisite.order")
def check_order(ctx: RuleContext) -> Iterator[Finding]:
    order = ctx.doc.extra.get("order", {})
    seen = [(k, order[k]) for k in ORDER if k in order and order[k] >= 0]
    for (a, ia), (b, ib) in zip(seen, seen[1:], strict=False):
        if ib < ia:
            f = getattr(ctx.doc, b, None) if b not in ("points", "kind_name") else None
            yield ctx.finding(field_location(f) if isinstance(f, Field) else Location(),
                              first=term(ORDER_NAMES[a]), second=term(ORDER_NAMES[b]))
            return


@check_function("requisite.formula")
def check_formula(ctx: RuleContext) -> Iterator[Finding]:
    doc = ctx.doc
    expected = (ctx.params.get("forms", {}).get(doc.kind or "", {}) or {}).get(doc.lang or "ru", [])
    if isinstance(expected, str):
        expected = [expected]
    want = " / ".join(expected) or "—"
    if doc.formula is None:
        yield ctx.finding(field_location(doc.preamble) if doc.preamble else Location(), expected=want, found="—")
        return
    if expected and doc.formula.value not in expected:
        yield ctx.finding(field_location(doc.formula), expected=want, found=doc.formula.value)


@check_function("requisite.preamble")
def check_preamble(ctx: RuleContext) -> Iterator[Finding]:
    pre = ctx.doc.preamble
    if pre is None or not P.PREAMBLE_START.search(pre.text[:400]):
        yield ctx.finding(field_location(pre) if pre else field_location(ctx.doc.formula))


_RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_KK_LETTERS = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"


def _expected_next(prev: str, cur: str) -> bool:
    """Whether ``cur`` may follow ``prev`` among sibling numbers: n → n+1, n → n-1 (inserted), n-k → n-(k+1)
    or n+1; letters in alphabetical order."""
    if prev.isdigit() and cur.isdigit():
        return int(cur) == int(prev) + 1
    m_prev = re.fullmatch(r"(\d+)(?:-(\d+))?", prev)
    m_cur = re.fullmatch(r"(\d+)(?:-(\d+))?", cur)
    if m_prev and m_cur:
        pb, pi = int(m_prev.group(1)), int(m_prev.group(2) or 0)
        cb, ci = int(m_cur.group(1)), int(m_cur.group(2) or 0)
        return (cb == pb and ci == pi + 1) or (cb == pb + 1 and ci == 0)
    for alphabet in (_RU_LETTERS, _KK_LETTERS):
        if prev in alphabet and cur in alphabet and alphabet.index(cur) == alphabet.index(prev) + 1:
            return True
    return False


def numbering_problems(points: list[Point]) -> Iterator[tuple[Point, str | Texts, str]]:
    """(point, expected, found) for every sibling list that is not consecutive."""
    if points:
        first = points[0].number
        if first not in ("1", "а", "a"):
            yield points[0], "1", first
    for prev, cur in zip(points, points[1:], strict=False):
        if len(prev.path) == len(cur.path) > 1 and prev.path[:-1] != cur.path[:-1] \
                and _expected_next(prev.path[-2], cur.path[-2]) and cur.number == "1":
            continue  # «1.4.» → «2.1.»: a chapter's numbered points under no chapter point of their own
        if not _expected_next(prev.number, cur.number):
            yield cur, term("number-after", n=prev.number), cur.number
    for p in points:
        yield from numbering_problems(p.children)


@check_function("requisite.point-numbering")
def check_point_numbering(ctx: RuleContext) -> Iterator[Finding]:
    doc = ctx.doc
    trees = [(doc.points, None)] + [(a.points, a) for a in doc.appendices]
    for points, appendix in trees:
        for point, expected, found in numbering_problems(points):
            loc = _para_location(doc, point.paragraphs[0] if point.paragraphs else None, point.label + " " + point.text)
            lang = ctx.doc.lang or "ru"  # the place as the document prints it
            where = ", ".join(say_text("place.point" if depth == 0 else "place.subpoint", lang, n=n)
                              for depth, n in enumerate(point.path))
            loc.unit = f"{say_text('place.appendix', lang, n=appendix.number or '')}, {where}" if appendix else where
            yield ctx.finding(loc, expected=expected, found=found, label=point.label)


def _points_matching(doc: Document, rx: re.Pattern[str], rx2: re.Pattern[str] | None = None) -> list[Point]:
    return [p for p in doc.all_points() if rx.search(p.text) and (rx2 is None or rx2.search(p.text))]


@check_function("requisite.control-point")
def check_control_point(ctx: RuleContext) -> Iterator[Finding]:
    if not _points_matching(ctx.doc, P.CONTROL, P.CONTROL_ASSIGN):
        last = ctx.doc.points[-1] if ctx.doc.points else None
        yield ctx.finding(_para_location(ctx.doc, last.paragraphs[0], last.text) if last and last.paragraphs
                          else Location())


@check_function("requisite.entry-into-force")
def check_entry_into_force(ctx: RuleContext) -> Iterator[Finding]:
    doc = ctx.doc
    found = [p for p in doc.points if P.ENTRY_FORCE.search(p.text)]
    last = doc.points[-1] if doc.points else None
    if not found:
        yield ctx.finding(_para_location(doc, last.paragraphs[0], last.text) if last and last.paragraphs
                          else Location(), **with_lang("state", tr("missing")))
    elif ctx.params.get("must_be_last", True) and last is not None and found[-1] is not last:
        p = found[-1]
        yield ctx.finding(_para_location(doc, p.paragraphs[0] if p.paragraphs else None, p.text),
                          **with_lang("state", tr("not-last-point")))


@check_function("requisite.signature")
def check_signature(ctx: RuleContext) -> Iterator[Finding]:
    sig = ctx.doc.signature
    if sig is None:
        yield ctx.finding(Location(), **with_lang("state", tr("missing")))
        return
    loc = Location(paragraph=sig.paragraph, table=sig.table, excerpt=f"{sig.position} {sig.name}")
    name = sig.name.strip()
    if ctx.params.get("initials_first", True) and not P.NAME_INITIALS_FIRST.fullmatch(name):  # «Ш.КУЛМАХАНОВ» too
        yield ctx.finding(loc, **with_lang("state", term("signature-name", name=sig.name)))
    for other in ctx.doc.extra.get("signatures", [])[1:]:  # every signer of the block, not only the first
        if not str(other.get("name") or "").strip():
            yield ctx.finding(Location(paragraph=other.get("paragraph"), table=other.get("table"),
                                       excerpt=str(other.get("position", ""))[:160]),
                              **with_lang("state", term("signer-no-name", position=other.get("position", ""))))


def _cites_own_appendix(text: str) -> bool:
    return bool(re.search(r"настоящ|прилага|осы\s|қоса\s+беріл", text, re.I))


@check_function("requisite.appendix-header")
def check_appendix_header(ctx: RuleContext) -> Iterator[Finding]:
    doc = ctx.doc
    if any(not (app.header.value or {}).get("incomplete") for app in doc.appendices):
        return  # an appendix whose header does not say it is one («… № 6-38» without «шешіміне қосымша») is no header
    for cite in doc.extra.get("appendix_cites", []):
        para = doc.paragraph(cite["paragraph"]) if cite.get("paragraph") else None
        if para is not None and _cites_own_appendix(para.text):
            yield ctx.finding(para.location(), cite=cite["text"])
            return


@check_function("requisite.appendix-match")
def check_appendix_match(ctx: RuleContext) -> Iterator[Finding]:
    doc = ctx.doc
    act_date = doc.date.value if doc.date else None
    act_number = doc.number.value if doc.number else None
    for app in doc.appendices:
        loc = field_location(app.header)
        loc.unit = say_text("place.appendix", ctx.doc.lang or "ru", n=app.number or "").strip()
        if (app.header.value or {}).get("placeholder"):
            yield ctx.finding(loc, **with_lang("state", tr("placeholder")), found=app.header.text[:80],
                              expected=_act_ref(act_date, act_number))
            continue
        if act_date is None and act_number is None:
            continue
        if app.ref_date is None and app.ref_number is None:
            yield ctx.finding(loc, **with_lang("state", tr("missing")), found="—", expected=_act_ref(act_date, act_number))
            continue
        if (act_date and app.ref_date != act_date) or (act_number and app.ref_number != act_number):
            yield ctx.finding(loc, **with_lang("state", tr("mismatch")), found=_act_ref(app.ref_date, app.ref_number),
                              expected=_act_ref(act_date, act_number))


def _act_ref(date: object, number: object) -> str:
    d = date.strftime("%d.%m.%Y") if date else "—"  # type: ignore[attr-defined]
    return f"{d} № {number or '—'}"


@check_function("requisite.appendix-xref")
def check_appendix_xref(ctx: RuleContext) -> Iterator[Finding]:
    doc = ctx.doc
    numbers = {a.number for a in doc.appendices if a.number}
    cited = {c["number"] for c in doc.extra.get("appendix_cites", []) if c.get("number")}
    for c in doc.extra.get("appendix_cites", []):
        if c.get("number") and numbers and c["number"] not in numbers:
            yield ctx.finding(_para_location(doc, c.get("paragraph"), c["text"]), number=c["number"],
                              **with_lang("state", tr("cited-but-absent")))
    any_cite = bool(doc.extra.get("appendix_cites"))
    for app in doc.appendices:
        if (app.number and app.number not in cited and len(doc.appendices) > 1) or not any_cite:
            loc = field_location(app.header)
            yield ctx.finding(loc, number=app.number or "", **with_lang("state", tr("not-cited")))


# ---- protocols -------------------------------------------------------------------------------------------

def _proto(ctx: RuleContext) -> Protocol:
    """The protocol's parts; an empty protocol (nothing found) when the parser did not read one."""
    return ctx.doc.protocol if ctx.doc.protocol is not None else Protocol(form="short")


@check_function("protocol.chair", "protocol.secretary")
def check_protocol_person(ctx: RuleContext) -> Iterator[Finding]:
    key = ctx.rule.id.split(".")[1]
    person = _proto(ctx).person(key)
    if person is None:
        yield ctx.finding(Location(), **with_lang("state", tr("missing")))
    elif ctx.params.get("surname_and_initials", True) and not person.names:
        yield ctx.finding(_para_location(ctx.doc, person.paragraph, person.text),
                          **with_lang("state", tr("no-surname-initials")))


@check_function("protocol.attendees")
def check_attendees(ctx: RuleContext) -> Iterator[Finding]:
    att = _proto(ctx).attendees
    limit = int(ctx.profile.settings.get("protocol_attendees_inline_max", ctx.params.get("inline_max", 10)))
    if att is None:
        yield ctx.finding(Location(), **with_lang("state", tr("missing")), inline_max=limit)
        return
    loc = _para_location(ctx.doc, att.paragraph)
    if not att.reference and att.listed == 0:
        yield ctx.finding(loc, **with_lang("state", tr("empty")), inline_max=limit)
    elif att.count > limit and not att.reference:
        yield ctx.finding(loc, severity=ctx.params.get("reference_severity", "warning"),
                          inline_max=limit, **with_lang("state", term("attendees-inline", count=att.count)))


@check_function("protocol.agenda")
def check_agenda(ctx: RuleContext) -> Iterator[Finding]:
    proto = _proto(ctx)
    agenda = proto.agenda
    if agenda is None:
        if ctx.doc.kind == "protocol-short" and proto.items:
            return  # a short protocol's numbered items are its agenda
        yield ctx.finding(Location(), **with_lang("state", tr("missing")))
        return
    if agenda.attached:
        return
    items = agenda.items
    loc = _para_location(ctx.doc, agenda.paragraph)
    if not items:
        yield ctx.finding(loc, **with_lang("state", tr("no-numbered-items")))
        return
    for k, item in enumerate(items, start=1):
        num = item.label.strip().rstrip(".)")
        if num != str(k):
            yield ctx.finding(_para_location(ctx.doc, item.paragraph, item.text),
                              **with_lang("state", term("agenda-item-number", label=item.label, k=k)))
        if ctx.params.get("speaker", True) and not item.speaker:
            yield ctx.finding(_para_location(ctx.doc, item.paragraph, item.text),
                              severity=ctx.params.get("speaker_severity", "warning"), **with_lang("state", tr("no-speaker")))


@check_function("protocol.item-title")
def check_item_title(ctx: RuleContext) -> Iterator[Finding]:
    proto = _proto(ctx)
    items: list[AgendaItem | Item] = [*(proto.agenda.items if proto.agenda else []), *proto.items]
    for item in items:
        key = title_problem(item.text, _lang(ctx, item.text))
        if key:
            yield _finding_with_problem(ctx, _para_location(ctx.doc, item.paragraph, item.text), key)


def _profile_words(ctx: RuleContext) -> dict[str, list[str]]:
    """The section words of the document's language: the defaults and the profile's ``protocol_words``."""
    return merge_words(ctx.profile.settings.get("protocol_words")).get(ctx.doc.lang or "ru", {})


@check_function("protocol.sections")
def check_sections(ctx: RuleContext) -> Iterator[Finding]:
    proto = _proto(ctx)
    sections = proto.sections
    words = _profile_words(ctx)
    heard, decided = "/".join(words.get("heard", [])), "/".join(words.get("decided", []))
    agenda = proto.agenda
    n_items = len(agenda.items) if agenda else 0
    if not sections:
        yield ctx.finding(Location(), **with_lang("state", tr("no-sections")), heard=heard, decided=decided)
        return
    if n_items and agenda and not agenda.attached and len(sections) != n_items:
        yield ctx.finding(_para_location(ctx.doc, sections[0].paragraph),
                          heard=heard, decided=decided, **with_lang("state", term("sections-count", sections=len(sections), items=n_items)))
    rank = {"heard": 0, "spoke": 1, "decided": 2}
    for k, sec in enumerate(sections, start=1):
        parts = [p.part for p in sec.parts]
        loc = _para_location(ctx.doc, sec.paragraph)
        loc.unit = say_text("place.section", ctx.doc.lang or "ru", n=k)
        if "heard" not in parts or "decided" not in parts:
            missing = [w for w, part in ((heard, "heard"), (decided, "decided")) if part not in parts]
            yield ctx.finding(loc, heard=heard, decided=decided, **with_lang("state", term("missing-words", words=", ".join(missing))))
        elif [rank[p] for p in parts] != sorted(rank[p] for p in parts):
            yield ctx.finding(loc, **with_lang("state", tr("parts-out-of-order")), heard=heard, decided=decided)
        if not sec.caps:
            yield ctx.finding(loc, **with_lang("state", tr("section-words-not-caps")), heard=heard, decided=decided)
        if "decided" in parts and not sec.decision_text.strip():
            yield ctx.finding(loc, **with_lang("state", tr("empty-decision")), heard=heard, decided=decided)
        for p in sec.parts:
            allowed = words.get(p.part, [])
            if allowed and re.sub(r"\s+", " ", p.word.upper()) not in allowed:
                yield ctx.finding(_para_location(ctx.doc, p.paragraph), heard=heard, decided=decided, **with_lang("state", term("word-not-listed", word=p.word)))


@check_function("protocol.short-no-agenda")
def check_short_no_agenda(ctx: RuleContext) -> Iterator[Finding]:
    agenda = _proto(ctx).agenda
    if agenda is not None:
        yield ctx.finding(_para_location(ctx.doc, agenda.paragraph))


@check_function("protocol.short-item-format")
def check_short_items(ctx: RuleContext) -> Iterator[Finding]:
    items = _proto(ctx).items
    if not items:
        yield ctx.finding(Location(), **with_lang("state", tr("no-numbered-items")))
    for item in items:
        problems = []
        if item.alignment != "center":
            problems.append("not-centred")
        if not item.underline:
            problems.append("not-underlined")
        if not item.speakers:
            problems.append("no-speakers-below")
        if problems:
            yield ctx.finding(_para_location(ctx.doc, item.paragraph, item.text), **with_lang("state", tr(*problems)))


@check_function("protocol.assignments")
def check_assignments(ctx: RuleContext) -> Iterator[Finding]:
    for a in _proto(ctx).assignments:
        if a.informational:
            continue
        missing = [w for w, ok in (("executor", a.executor), ("deadline", a.deadline)) if not ok]
        if missing:
            loc = _para_location(ctx.doc, a.paragraph, f"{a.label or ''} {a.text}".strip())
            yield ctx.finding(loc, **with_lang("missing", tr(*missing, sep=" / ")))


@check_function("protocol.signatures")
def check_protocol_signatures(ctx: RuleContext) -> Iterator[Finding]:
    roles = {s.role for s in _proto(ctx).signatures}
    for role in ctx.params.get("require", ["chair", "secretary"]):
        if role not in roles:
            yield ctx.finding(Location(), **with_lang("role", tr(role)))


@check_function("protocol.language")
def check_protocol_language(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.doc.lang and ctx.doc.lang != ctx.params.get("lang", "kk"):
        yield ctx.finding(Location(), lang=term(f"lang-{ctx.doc.lang}"))


# ---- letters ---------------------------------------------------------------------------------------------

@check_function("protocol.control")
def check_protocol_control(ctx: RuleContext) -> Iterator[Finding]:
    if _proto(ctx).control is None:
        yield ctx.finding(Location())


@check_function("letter.reference")
def check_letter_reference(ctx: RuleContext) -> Iterator[Finding]:
    """The line answering a request or an assignment («На № … от …»), as the parser found it."""
    if ctx.doc.letter is None or ctx.doc.letter.request is None:
        yield ctx.finding(Location())


@check_function("letter.executor")
def check_letter_executor(ctx: RuleContext) -> Iterator[Finding]:
    ex = ctx.doc.executor
    if ex is None:
        yield ctx.finding(Location(), **with_lang("missing", tr("name", "phone", sep=" / ")))
        return
    value = dict(ex.value or {})
    sig = ctx.doc.signature
    if sig is not None and sig.name and sig.name in str(value.get("name") or ""):
        value["name"] = None  # the signer read as the executor: the executor's own name is missing
    missing = [w for w in ("name", "phone") if not value.get(w)]
    if missing:
        yield ctx.finding(field_location(ex), **with_lang("missing", tr(*missing, sep=" / ")))


@check_function("letter.attachment-mark")
def check_attachment_mark(ctx: RuleContext) -> Iterator[Finding]:
    mark = ctx.doc.letter.attachment if ctx.doc.letter is not None else None
    if mark is None:
        yield ctx.finding(Location(), **with_lang("state", tr("missing")))
    elif ctx.params.get("sheets", True) and mark.sheets is None:
        yield ctx.finding(_para_location(ctx.doc, mark.paragraph, mark.text),
                          **with_lang("state", tr("no-sheets")))


RESTRICTED = re.compile(
    r"(для\s+служебного\s+пользования|\bДСП\b|совершенно\s+секретно|\bсекретно\b|"
    r"қызмет\s+бабында\s+пайдалану\s+үшін|\bҚБПҮ\b|өте\s+құпия|\bқұпия\b(?=\s*$))", re.I)


@check_function("requisite.restricted-mark")
def check_restricted_mark(ctx: RuleContext) -> Iterator[Finding]:
    """The restriction mark stands alone near the top (a grif), not inside running text."""
    doc = ctx.doc
    heads = [(p.text, p.location()) for p in doc.paragraphs[:12]]
    heads += [(t, Location(excerpt=t[:160])) for t in doc.extra.get("headers", [])]
    heads += [(sh.text, Location(slide=s.number, shape=sh.name, excerpt=sh.text[:160]))
              for s in doc.slides[:1] for sh in s.shapes]
    for text, loc in heads:
        for line in text.splitlines():
            m = RESTRICTED.search(line)
            if m and len(line.strip()) <= 60:
                yield ctx.finding(loc, mark=m.group(0).strip())
                return


@check_function("protocol.font")
def check_protocol_font(ctx: RuleContext) -> Iterator[Finding]:
    """Every assignment paragraph (and its continuation lines) uses the prescribed typeface and size."""
    want_font, want_size = str(ctx.params["font"]), float(ctx.params["size"])
    shown = 0
    for a in _proto(ctx).assignments:
        if not a.paragraph:
            continue
        p = ctx.doc.paragraph(a.paragraph)
        bad_fonts = [f for f in p.fonts if not f.startswith(want_font)]
        bad_sizes = [s for s in p.sizes if s != want_size]
        if bad_fonts or bad_sizes:
            found = ", ".join(bad_fonts + [f"{s:g} pt" for s in bad_sizes])
            yield ctx.finding(p.location(excerpt=p.full_text[:160]), found=found)
            shown += 1
            if shown >= int(ctx.params.get("max_findings", 5)):
                return


@check_function("protocol.assignment-numbering")
def check_assignment_numbering(ctx: RuleContext) -> Iterator[Finding]:
    """Assignments are numbered points and sub-points in Arabic numerals, consecutive within their item."""
    proto = _proto(ctx)
    for block in proto.blocks:
        loose = block.unnumbered
        if loose:
            yield ctx.finding(_para_location(ctx.doc, loose.paragraph, loose.text),
                              **with_lang("state", tr("not-numbered")))
            continue
        numbers = [a.label.strip().rstrip(".)") for a in block.assignments if a.label]
        tails = [n.split(".")[-1] for n in numbers]
        for prev, cur, a in zip(tails, tails[1:], block.assignments[1:], strict=False):
            if prev.isdigit() and cur.isdigit() and int(cur) != int(prev) + 1 and int(cur) != 1:
                yield ctx.finding(_para_location(ctx.doc, a.paragraph, f"{a.label} {a.text}"),
                                  **with_lang("state", term("label-after", label=a.label, prev=prev)))


@check_function("requisite.single-act")
def check_single_act(ctx: RuleContext) -> Iterator[Finding]:
    """One act per document: a second enacting formula means two acts (e.g. the kk and ru texts) on one blank."""
    seen = [p for p in ctx.doc.paragraphs if p.caps or P.FORMULA.search(p.text[-40:])]
    formulas = [p for p in seen if P.FORMULA.search(p.text)]
    if len(formulas) > 1:
        second = formulas[1]
        m = P.FORMULA.search(second.text)
        yield ctx.finding(second.location(excerpt=second.text[-160:]), formula=m.group(0) if m else "")
