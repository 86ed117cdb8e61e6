"""Language of texts, Kazakh or Russian, from letters and function words (no model, no download).

:func:`detect_lang` judges one text alone. :func:`assign_languages` judges the texts of a document together:
a text whose own evidence is strong keeps its language; a short paragraph, heading or table cell
(«1-тарау. Жалпы ережелер», «тиын/текше метр», «Су энергетикасы»: no Kazakh letter, no function word) takes
the language of its section — of its table when the table's other cells decide, else of the strong texts
around it — so a Kazakh act with a Russian appendix is read section by section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")
_CYR_RUN = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")  # runs, not letters: fewer matches to count
_KK_RUN = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]+")
KK_WORDS = frozenset(
    "және мен бен пен бойынша туралы үшін осы сәйкес жылғы қаласы ауданы әкімі әкімдігі әкімдігінің "
    "болып бар жоқ емес деп мүмкін сондай ақ тиіс керек жүктелсін енгізіледі бекітілсін қаулы шешім "
    "өкім хаттама тыңдалды шешті қатысқандар төраға хатшы күн тәртібі орындау бақылау мерзімі дейін "
    "жыл жылы облысы облыстық қалалық аудандық басшысы орынбасары бөлімі басқармасы".split()
)
RU_WORDS = frozenset(
    "и в во на по от для с со к о об не что это как при из за до года года город города акимата "
    "акима постановление решение распоряжение протокол утвердить утверждении согласно настоящего "
    "исполнением контроль возложить также или либо который которые является руководитель отдел "
    "управление заместитель области района сроки срок слушали постановили решили выступили".split()
)
# Evidence that decides a text's language by itself: this score (a function word counts 3, a Kazakh letter 1
# when they are dense enough to be Kazakh words) ahead of the other language's, or a long Cyrillic text with no
# Kazakh letter at all.
STRONG_MARGIN = 5
STRONG_PLAIN_CYRILLIC = 60


@dataclass(frozen=True)
class Evidence:
    lang: str | None  # what the text alone suggests
    strong: bool  # whether that suggestion stands against the context
    weight: int  # Cyrillic letters: how much text this is
    scored: bool = False  # the suggestion rests on function words or Kazakh letters, not on their absence
    text: str = ""


def evidence(text: str) -> Evidence:
    """What ``text`` alone says of its language, and how firmly."""
    cyr = sum(map(len, _CYR_RUN.findall(text)))  # Cyrillic letters
    if cyr < 3:
        return Evidence(None, False, cyr, text=text)
    words = _WORD.findall(text.lower())
    kk_letters = sum(map(len, _KK_RUN.findall(text)))
    kk_words = sum(map(KK_WORDS.__contains__, words))
    ru_words = sum(map(RU_WORDS.__contains__, words))
    # Kazakh words carry their letters densely; a Russian text only borrows them in place names.
    kk_score = kk_words * 3 + (kk_letters if kk_letters * 40 >= cyr else kk_letters / 4)
    ru_score = ru_words * 3
    if kk_score == 0 and ru_score == 0:
        if cyr >= 12 and kk_letters == 0:
            return Evidence("ru", cyr >= STRONG_PLAIN_CYRILLIC, cyr, text=text)
        return Evidence(None, False, cyr, text=text)
    lang = "kk" if kk_score > ru_score else "ru"
    return Evidence(lang, abs(kk_score - ru_score) >= STRONG_MARGIN, cyr, scored=True, text=text)


def detect_lang(text: str) -> str | None:
    """Return "kk", "ru" or None when the text is too short or not Cyrillic enough to tell."""
    return evidence(text).lang


def assign_languages(evidences: Sequence[Evidence], groups: Sequence[object] | None = None,
                     default: str | None = None) -> list[str | None]:
    """The language of each text of a document, given in reading order.

    A text with strong evidence keeps its own language. Any other text takes, in this order: the language
    that the strong texts of its group (``groups[i]``, e.g. its table; None = no group) mostly have; the
    language shared by the nearest strong texts before and after it (its section); when those two differ,
    its own suggestion if it is one of them, else the nearer one (the following one on a tie: a heading
    belongs to what it opens); ``default`` (the document's language) when no text is strong; else its own."""
    n = len(evidences)
    group_lang: dict[object, str] = {}
    span: dict[object, tuple[int, int]] = {}  # first and last position of each group
    if groups is not None:
        tally: dict[object, dict[str, int]] = {}
        members: dict[object, list[Evidence]] = {}
        for i, (ev, g) in enumerate(zip(evidences, groups, strict=True)):
            if g is None:
                continue
            members.setdefault(g, []).append(ev)
            span[g] = (span[g][0], i) if g in span else (i, i)
            if ev.strong and ev.lang:
                t = tally.setdefault(g, {})
                t[ev.lang] = t.get(ev.lang, 0) + ev.weight
        group_lang = {g: max(t, key=t.__getitem__) for g, t in tally.items()}
        for g, evs in members.items():  # no strong cell: the cells' evidence taken together may be
            if g not in group_lang:
                whole = _joined(evs)
                if whole.strong and whole.lang:
                    group_lang[g] = whole.lang
    before: list[int | None] = [None] * n
    last: int | None = None
    for i, ev in enumerate(evidences):
        before[i] = last
        if ev.strong:
            last = i
    after: list[int | None] = [None] * n
    last = None
    for i in range(n - 1, -1, -1):
        after[i] = last
        if evidences[i].strong:
            last = i
    out: list[str | None] = []
    for i, ev in enumerate(evidences):
        if ev.strong:
            out.append(ev.lang)
            continue
        g = groups[i] if groups is not None else None
        if g is not None and g in group_lang:
            out.append(group_lang[g])
            continue
        p, a = before[i], after[i]
        lp = evidences[p].lang if p is not None else None
        la = evidences[a].lang if a is not None else None
        if lp and la and lp != la:
            if ev.scored and ev.lang in (lp, la):
                out.append(ev.lang)
            else:
                assert p is not None and a is not None
                first, last = span.get(g, (i, i)) if g is not None else (i, i)  # a table is one place
                out.append(lp if first - p < a - last else la)
        else:
            out.append(lp or la or default or ev.lang)
    return out


def _joined(evs: Sequence[Evidence]) -> Evidence:
    """The evidence of several texts taken as one (a table's short cells)."""
    return evidence(" ".join(ev.text for ev in evs))


def dominant_lang(texts: list[str], langs: list[str | None] | None = None) -> str | None:
    """The language of most text (weighted by length); ``langs`` are already known languages of ``texts``."""
    weight = {"kk": 0, "ru": 0}
    for k, text in enumerate(texts):
        lang = langs[k] if langs is not None and k < len(langs) else detect_lang(text)
        if lang:
            weight[lang] += len(text)
    if not any(weight.values()):
        return None
    return max(weight, key=weight.__getitem__)
