"""Checks added for issue 12 (catalog: schemas/rules/documents.yaml): the title's language, quorum and majority
stated in a sitting protocol, a document dated after its regulation was repealed, a number in digits against its
words, double line spacing, and the addressee of an outgoing letter."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from validators.document.lang import detect_lang
from validators.report import Finding, Location
from validators.rules.base import RuleContext, check_function
from validators.texts import Texts, term

LANG_NAMES = {"kk": "title-lang-kk", "ru": "title-lang-ru"}  # term.* of schemas/texts.yaml

# --- requisite.title-language ---------------------------------------------------------------------------------

RU_TITLE = re.compile(r"^\s*[«\"]?(?:Об?|Обо)\s+[А-ЯЁа-яё]", re.UNICODE)
KK_TITLE_END = re.compile(r"(?:туралы|жөнінде)\W*$")


@check_function("requisite.title-language")
def check_title_language(ctx: RuleContext) -> Iterator[Finding]:
    """A Kazakh act titled Russian-style («Об утверждении …») or a Russian act titled in Kazakh."""
    doc, title = ctx.doc, ctx.doc.title
    if title is None or doc.lang not in LANG_NAMES:
        return
    text = title.text.strip()
    said = detect_lang(text)
    if doc.lang == "kk" and (RU_TITLE.match(text) or said == "ru") and not KK_TITLE_END.search(text):
        style = "title-russian-style"
    elif doc.lang == "ru" and (said == "kk" or KK_TITLE_END.search(text)) and not RU_TITLE.match(text):
        style = "title-in-kazakh"
    else:
        return
    yield ctx.finding(Location(paragraph=title.paragraph, excerpt=text[:160]) if title.paragraph else Location(
        excerpt=text[:160]), title=text[:120], lang=term(LANG_NAMES[doc.lang]), style=term(style))


# --- protocol.quorum ------------------------------------------------------------------------------------------

WHAT = {"quorum": "protocol-no-quorum", "majority": "protocol-no-majority", "votes": "protocol-too-many-votes"}


def _what(key: str) -> dict[str, Texts]:
    return {"what": term(WHAT[key])}


@check_function("protocol.quorum")
def check_quorum(ctx: RuleContext) -> Iterator[Finding]:
    """When the protocol states attendance (present of members), ≥ 2/3 must be present (Turkestan L128, Kazygurt
    L184, Almaty L87); when it states votes, those «for» must be a majority of those present (L132, L188, L91)."""
    proto = ctx.doc.protocol
    if proto is None or proto.attendance is None:
        return  # nothing stated, nothing claimed
    stated = proto.attendance
    present, members = stated.present, stated.members
    need = Fraction(str(ctx.params.get("quorum", 0.6667))).limit_denominator(100)
    if members and Fraction(present, members) < need:
        yield ctx.finding(stated.location, **_what("quorum"), detail=f"{present}/{members} — «{stated.words}»")
    for vote in proto.votes:
        counts = vote.counts
        if sum(counts.values()) > present:
            yield ctx.finding(vote.location, **_what("votes"), detail=f"{sum(counts.values())} > {present}")
        elif 2 * counts["for"] <= present:
            yield ctx.finding(vote.location, **_what("majority"), detail=f"{counts['for']}/{present}")


# --- act.repealed-regulation ----------------------------------------------------------------------------------

@check_function("act.repealed-regulation")
def check_repealed(ctx: RuleContext) -> Iterator[Finding]:
    """A document dated after the profile's regulation was repealed (Almaty 2014: repealed 11.08.2016, L9)."""
    repealed = ctx.params.get("repealed_on")
    date_field = ctx.doc.date
    if not repealed or date_field is None or not isinstance(date_field.value, dt.date):
        return
    repealed_on = repealed if isinstance(repealed, dt.date) else dt.date.fromisoformat(str(repealed))
    if date_field.value > repealed_on:
        yield ctx.finding(Location(paragraph=date_field.paragraph, excerpt=date_field.text[:160]),
                          date=date_field.value.strftime("%d.%m.%Y"), repealed_on=repealed_on.strftime("%d.%m.%Y"))


# --- language.number-words ------------------------------------------------------------------------------------

# stems of number words (ru in every case form, kk with its endings), longest first
_STEMS: list[tuple[str, int]] = sorted([
    ("од", 1), ("один", 1), ("одн", 1), ("перв", 1), ("дв", 2), ("две", 2), ("тр", 3), ("четыр", 4), ("четырех", 4),
    ("четырёх", 4), ("пят", 5), ("шест", 6), ("сем", 7), ("восем", 8), ("восьм", 8), ("девят", 9), ("десят", 10),
    ("одиннадцат", 11), ("двенадцат", 12), ("тринадцат", 13), ("четырнадцат", 14), ("пятнадцат", 15),
    ("шестнадцат", 16), ("семнадцат", 17), ("восемнадцат", 18), ("девятнадцат", 19), ("двадцат", 20),
    ("тридцат", 30), ("сорок", 40), ("пятьдесят", 50), ("пятидесят", 50), ("шестьдесят", 60), ("шестидесят", 60),
    ("семьдесят", 70), ("семидесят", 70), ("восемьдесят", 80), ("восьмидесят", 80), ("девяност", 90), ("сто", 100),
    ("ста", 100),
    ("бір", 1), ("екі", 2), ("үш", 3), ("төрт", 4), ("бес", 5), ("алты", 6), ("алт", 6), ("жеті", 7), ("жет", 7),
    ("сегіз", 8), ("тоғыз", 9), ("он", 10), ("жиырма", 20), ("отыз", 30), ("қырық", 40), ("елу", 50),
    ("алпыс", 60), ("жетпіс", 70), ("сексен", 80), ("тоқсан", 90), ("жүз", 100),
], key=lambda s: -len(s[0]))
# whole words that start like a number stem but are not numbers
_NOT_NUMBERS = re.compile(r"^(?:две[рн]|дн|тра|тре[бн]|тру|пят[н]|стат|стр|сто[йл]|оне|одоб|ондай|онда|бес[кт]|"
                          r"девят[н]|тро|сем[ья]|оны|бірақ|бірне)", re.IGNORECASE)
PAIR = re.compile(r"\b(\d{1,3})\s*\(([A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі\s-]{2,40})\)")


def words_value(words: str) -> int | None:
    """The number written in Russian or Kazakh words («пяти», «он бес», «двадцать пять», «үш»), or None."""
    total, seen = 0, False
    for token in re.split(r"[\s-]+", words.strip().lower()):
        if not token:
            continue
        if _NOT_NUMBERS.match(token):
            return None
        value = next((v for stem, v in _STEMS if token.startswith(stem)), None)
        if value is None:
            if token in ("тысяч", "тысячи", "мың", "миллион", "млн"):
                return None  # larger numbers: not read here
            continue  # «рабочих», «дней», «күн» after the number
        # «од…» must be «один/одного/одной/…», «тр…» «три/трех/трём», «дв…» «два/двух/двое»
        if (value == 1 and token.startswith("од") and not re.match(r"^од(ин|н)", token)) or \
                (value == 3 and token.startswith("тр") and not re.match(r"^тр(и|е|ё)", token)) or \
                (value == 2 and token.startswith("дв") and not re.match(r"^дв(а|ух|ум|ое|е)", token)):
            continue
        total += value
        seen = True
    return total if seen else None


@check_function("language.number-words")
def check_number_words(ctx: RuleContext) -> Iterator[Finding]:
    for text, loc in ctx.doc.text_blocks():
        for m in PAIR.finditer(text):
            digits, value = int(m.group(1)), words_value(m.group(2))
            if value is not None and value != digits:
                yield ctx.finding(Location(paragraph=loc.paragraph, table=loc.table, row=loc.row, cell=loc.cell,
                                           page=loc.page, excerpt=m.group(0)),
                                  found=m.group(0), digits=digits, words=value)


# --- format.double-spacing ------------------------------------------------------------------------------------

def _spacing(paragraph: object) -> float | None:
    """The paragraph's line spacing as a multiple (2.0 = double), following its style chain; None = single."""
    from docx.enum.text import WD_LINE_SPACING

    fmt_sources = [getattr(paragraph, "paragraph_format", None)]
    style = getattr(paragraph, "style", None)
    while style is not None:
        fmt_sources.append(getattr(style, "paragraph_format", None))
        style = getattr(style, "base_style", None)
    for fmt in fmt_sources:
        if fmt is None:
            continue
        rule, value = fmt.line_spacing_rule, fmt.line_spacing
        if rule == WD_LINE_SPACING.DOUBLE:
            return 2.0
        if isinstance(value, float):
            return value
        if value is not None and rule in (WD_LINE_SPACING.EXACTLY, WD_LINE_SPACING.AT_LEAST):
            return float(value.pt) / 12.0  # exact spacing in points against a 12 pt single line
    return None


def _open_docx(ctx: RuleContext) -> Any:
    """The python-docx document of a DOCX whose parsed model no longer holds it (the bytes were read once)."""
    if ctx.doc.format != "docx" or not ctx.doc.data:
        return None
    import io

    import docx

    try:
        return docx.Document(io.BytesIO(ctx.doc.data))
    except Exception:  # the parser accepted it; a second reading that fails says nothing
        return None


@check_function("format.double-spacing")
def check_double_spacing(ctx: RuleContext) -> Iterator[Finding]:
    """Almaty L99: the draft and the справка are printed «через два интервала». Body paragraphs with text count;
    fewer than ``min_share`` double-spaced (≥ 1.9) is a finding."""
    native = ctx.doc.native if hasattr(ctx.doc.native, "paragraphs") else ctx.memo("docx", lambda: _open_docx(ctx))
    if native is None:
        return
    paras = [p for p in native.paragraphs if p.text.strip() and len(p.text.strip()) > 40]
    if not paras:
        return
    single = sum(1 for p in paras if (_spacing(p) or 1.0) < 1.9)
    if single / len(paras) > 1 - float(ctx.params.get("min_share", 0.5)):
        yield ctx.finding(Location(), count=len(paras), single=single)


# --- letter.addressee -----------------------------------------------------------------------------------------

@check_function("letter.addressee")
def check_addressee(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.doc.letter is None or ctx.doc.letter.addressee_block is None:
        yield ctx.finding(Location())


# --- protocol.lead-executor -----------------------------------------------------------------------------------

LEAD_MARK = re.compile(r"\((?:свод|созыв|жинау|жинақтау)\)|«(?:свод|жинау)»|\"(?:свод|жинау)\"", re.IGNORECASE)
EXECUTORS = re.compile(r"^\s*(?:ответственн\w+\s+)?(?:исполнител\w*|орындаушы\w*|жауапты\s+орындаушы\w*)\s*:\s*(?P<list>.+)$",
                       re.IGNORECASE)
LEAD_WORDS = {
    "two": ("бір тапсырмада бірнеше «(жинау)/(свод)» белгісі", "в одном поручении несколько отметок «(свод)»",
            "more than one lead mark «(свод)/(жинау)» in one assignment"),
    "none": ("бірнеше орындаушы, «(жинау)/(свод)» белгісі жоқ — тізімде бірінші тұрған жауапты болады",
             "несколько исполнителей без отметки «(свод)» — ответственным будет первый в перечне",
             "several executors and no lead mark «(свод)/(жинау)»: the first listed will be the lead"),
}


@check_function("protocol.lead-executor")
def check_lead_executor(ctx: RuleContext) -> Iterator[Finding]:
    """Several executors of one assignment: one lead, marked «(свод)» / «(жинау)» (Turkestan п. 72 L377: «обязательно
    указывается свод»; п. 101 L543, Kazygurt 13.5 L742: else the first listed is the lead)."""
    for text, loc in ctx.doc.text_blocks():
        marks = LEAD_MARK.findall(text)
        key = None
        if len(marks) > 1:
            key = "two"
        elif not marks and (m := EXECUTORS.match(text)) and len(re.split(r"[;,]\s*", m.group("list").strip(" ."))) > 1:
            key = "none"
        if key:
            kk, ru, en = LEAD_WORDS[key]
            yield ctx.finding(loc, problem_kk=kk, problem_ru=ru, problem_en=en,
                              severity="info" if key == "none" and not ctx.params.get("mark_required") else None)


# --- letter.language ------------------------------------------------------------------------------------------

@check_function("letter.language")
def check_letter_language(ctx: RuleContext) -> Iterator[Finding]:
    """An outgoing letter is written in Kazakh or in Russian (Turkestan п. 77 L387, Kazygurt 10.21 L541): one
    language, not half and half (a kk/ru pair of an NPA draft is two documents, checked by parity)."""
    langs = [p.lang for p in ctx.doc.paragraphs if p.lang in ("kk", "ru") and len(p.text) > 40]
    if not langs:
        return
    minority = min(langs.count("kk"), langs.count("ru"))
    if minority >= 2 and minority / len(langs) >= float(ctx.params.get("max_share", 0.3)):
        yield ctx.finding(Location(), kk=langs.count("kk"), ru=langs.count("ru"))
