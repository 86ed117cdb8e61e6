"""Citations for people: the regulation's name and the clause in the reader's language.

A profile cites each rule with a clause written for maintainers («п. 41, пп. 1) (L261)», «9.3 (L418: …)»,
«образец акта L2»): the line numbers of the regulation's text stay there, in ``source.clause``, for machines.
What a clerk reads is built from it here: the regulation's title in kk/ru/en and the numbered parts the clause
names (point, sub-point, appendix, section, chapter, article, the act's sample), each worded in that language
by ``schemas/texts.yaml`` (``cite.*``). Remarks and line numbers are left out.
"""

from __future__ import annotations

import re

from validators.texts import LANGS, Texts, texts

_TOKEN = re.compile(
    r"(?P<appendix>(?:Прил(?:ожени[еяю])?|прил(?:ожени[еяю])?)\.?\s*(?P<app>\d+))"
    r"|(?P<subclause>пп\.\s*(?P<sub>\d+)\))"
    r"|(?P<point>(?:п\.\s*(?P<p1>\d+(?:\.\d+)*(?:\.x)?))|(?P<p2>\d+\.(?:\d+(?:\.\d+)*|x))(?:-тармақ)?|(?P<p3>\d+)-тармақ)"
    r"(?:,\s*(?:пп\.\s*)?(?P<psub>\d+)\))?"
    r"|(?P<chapter>(?:гл\.|глава|Глава)\s*(?P<ch>\d+))"
    r"|(?P<article>(?:ст\.|статья|статьи)\s*(?P<art>\d+))"
    r"|(?P<sample>образ[ецца]+(?:\s+акта)?|үлгі)"
)
# a parenthesis holding line numbers and a maintainer's remark: «(L418: …)», «(там ошибка …)»
_REMARK = re.compile(r"\((?:L\d|там\b|см\.)[^()]*(?:\([^()]*\)[^()]*)*\)")


def parts(clause: str) -> list[tuple[str, str]]:
    """The numbered parts a clause names, in order, without repeats: (kind, number)."""
    text = _REMARK.sub(" ", clause)
    text = re.sub(r"\bL\d+(?:\s*[–-]\s*L?\d+)?", " ", text)
    found: list[tuple[str, str]] = []

    def add(kind: str, number: str) -> None:
        if (kind, number) not in found:
            found.append((kind, number))

    for m in _TOKEN.finditer(text):
        if m.group("appendix"):
            add("appendix", m.group("app"))
        elif m.group("subclause"):
            add("subclause", m.group("sub"))
        elif m.group("point"):
            number = m.group("p1") or m.group("p2") or m.group("p3")
            if number.endswith(".x"):
                add("section", number[:-2])
            else:
                add("point", number)
            if m.group("psub"):
                add("subclause", m.group("psub"))
        elif m.group("chapter"):
            add("chapter", m.group("ch"))
        elif m.group("article"):
            add("article", m.group("art"))
        elif m.group("sample"):
            add("sample", "")
    return found


def citation(title: dict[str, str], clause: str) -> Texts:
    """«Регламент аппарата акима города Туркестан (2025), п. 41, пп. 1)» in kk, ru and en."""
    named = [texts(f"cite.{kind}", n=number) for kind, number in parts(clause)]
    out = {}
    for lang in LANGS:
        name = title.get(lang) or title.get("ru") or next(iter(title.values()), "")
        out[lang] = ", ".join([name] + [t[lang] for t in named])
    return Texts(out)
