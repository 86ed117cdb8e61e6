"""Per-text language detection, Kazakh or Russian, from letters and function words (no model, no download)."""

from __future__ import annotations

import re

KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")
_CYR = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
_KK = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
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


def detect_lang(text: str) -> str | None:
    """Return "kk", "ru" or None when the text is too short or not Cyrillic enough to tell."""
    words = _WORD.findall(text.lower())
    if not words:
        return None
    cyr = len(_CYR.findall(text))
    if cyr < 3:
        return None
    kk_letters = len(_KK.findall(text))
    kk_words = sum(1 for w in words if w in KK_WORDS)
    ru_words = sum(1 for w in words if w in RU_WORDS)
    # Kazakh words carry their letters densely; a Russian text only borrows them in place names.
    kk_score = kk_words * 3 + (kk_letters if kk_letters * 40 >= cyr else kk_letters / 4)
    ru_score = ru_words * 3
    if kk_score == 0 and ru_score == 0:
        return "ru" if cyr >= 12 and kk_letters == 0 else None
    return "kk" if kk_score > ru_score else "ru"


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
