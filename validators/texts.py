"""Every text a user reads, from data (``schemas/texts.yaml``), in kk, ru and en.

Rule messages live in the rule catalog (``schemas/rules/*.yaml``); everything else a clerk reads — the words a
rule passes into its message (``term.*``), the notes of a report (``note.*``), verdict and severity labels and
the words of the text report (``label.*``), place names (``place.*``), HTTP errors (``error.*``), the batch
report (``batch.*``) and the parity page (``parity.*``) — lives here.

A :class:`Texts` is one text in the three languages. Passed as a message argument, each language takes its
own text, so a template says ``{state}`` in kk, ru and en alike. A template argument that is not given is an
error (:class:`MissingArgument`), never a literal ``{name}`` in a Word comment.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from validators import resources

LANGS = ("kk", "ru", "en")


class MissingArgument(KeyError):
    """A template names an argument nobody gave."""


class Texts(dict[str, str]):
    """One text in kk, ru and en. As a template argument, each language picks its own."""

    def get_text(self, lang: str) -> str:
        return self.get(lang) or self.get("en") or next(iter(self.values()), "")

    @classmethod
    def same(cls, value: object) -> Texts:
        """A value that reads the same in every language (a number, a quotation, a file name)."""
        s = str(value)
        return cls({lang: s for lang in LANGS})


class _Values(dict[str, Any]):
    def __init__(self, values: Mapping[str, Any], lang: str) -> None:
        super().__init__(values)
        self.lang = lang

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return value.get_text(self.lang) if isinstance(value, Texts) else value

    def __missing__(self, key: str) -> Any:
        raise MissingArgument(key)


def fill(template: str, values: Mapping[str, Any], lang: str) -> str:
    """``template`` with ``{name}`` fields from ``values`` (a :class:`Texts` value gives its ``lang`` text)."""
    return string.Formatter().vformat(template, (), _Values(values, lang))


def fields(template: str) -> set[str]:
    """The argument names a template uses."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


@functools.cache
def catalog() -> dict[str, dict[str, str]]:
    """``group.name`` → {kk, ru, en} of every text in schemas/texts.yaml."""
    with (resources.SCHEMAS / "texts.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    out: dict[str, dict[str, str]] = {}
    for group, entries in data.items():
        for name, langs in (entries or {}).items():
            out[f"{group}.{name}"] = {lang: str(langs[lang]) for lang in LANGS}
    return out


def texts(key: str, /, **args: Any) -> Texts:
    """The text ``key`` ("term.missing") in kk, ru and en with ``args`` filled in (Texts args per language)."""
    entry = catalog()[key]
    return Texts({lang: fill(entry[lang], args, lang) for lang in LANGS})


def text(key: str, lang: str | None, /, **args: Any) -> str:
    """The text ``key`` in ``lang`` (en when the language is unknown)."""
    return texts(key, **args).get_text(lang if lang in LANGS else "en")


def join(items: Iterable[Texts], sep: str = ", ") -> Texts:
    """Several texts joined in each language."""
    items = list(items)
    return Texts({lang: sep.join(t.get_text(lang) for t in items) for lang in LANGS})


def term(name: str, /, **args: Any) -> Texts:
    return texts(f"term.{name}", **args)


def terms(*names: str, sep: str = ", ") -> Texts:
    return join((term(n) for n in names), sep)


def said(key: str, /, **args: Any) -> Texts:
    """What an error says in detail: ``error.<key>`` with ``args``, for ``QujatError(…, messages=said(…))``."""
    return texts(f"error.{key}", **args)


def error_texts(exc: Exception) -> Texts:
    """What the error ``exc`` says to people in kk, ru and en: its own text (``messages``), a limit's text
    (``details["messages"]``), else the text of its stable ``code`` (``error.<code>``)."""
    details = getattr(exc, "details", None)
    for own in (getattr(exc, "messages", None), details.get("messages") if isinstance(details, dict) else None):
        if isinstance(own, Mapping) and set(LANGS) <= set(own):
            return Texts({lang: str(own[lang]) for lang in LANGS})
    code = str(getattr(exc, "code", "") or "bad-input")
    try:
        return texts(f"error.{code}" if f"error.{code}" in catalog() else "error.bad-input")
    except MissingArgument:  # a code whose text needs an argument only its face knows (a request id)
        return texts("error.http-error")


def error_text(exc: Exception, lang: str) -> str:
    """``exc`` said in ``lang``; in English its own detail (``message``), as a developer reads it."""
    if lang == "en":
        return str(getattr(exc, "message", "") or exc)
    return error_texts(exc).get_text(lang)
