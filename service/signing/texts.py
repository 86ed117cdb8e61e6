"""The kk/ru/en texts of EDS verification (texts.json): roles, templates, statuses, sheet labels, reasons, the
words of the text faces (``face``, ``check``, ``check_value``) and the kk/ru of the details the checks write in
English (``details``: JSON keeps the English; a clerk reads kk or ru)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("kk", "ru", "en")
Tri = dict[str, str]


@cache
def _data() -> dict[str, Any]:
    return json.loads(Path(__file__).with_name("texts.json").read_text(encoding="utf-8"))


def has(group: str, key: str) -> bool:
    return key in _data()[group]


def _pick(value: object, lang: str) -> object:
    """A parameter: a {kk, ru, en} text gives its ``lang``; anything else reads the same in every language."""
    return value[lang] if isinstance(value, Mapping) and lang in value else value


def tri(group: str, key: str, **params: object) -> Tri:
    """{"kk", "ru", "en"} of ``group.key`` with ``params`` filled in (a {kk, ru, en} parameter per language)."""
    entry = _data()[group][key]
    return {lang: entry[lang].format(**{k: _pick(v, lang) for k, v in params.items()}) for lang in LANGS}


def say(group: str, key: str, lang: str = "ru", **params: object) -> str:
    return tri(group, key, **params)[lang if lang in LANGS else "ru"]


def both(group: str, key: str, **params: object) -> str:
    """«ru / kk», the way the signature sheet writes a value for both readers."""
    text = tri(group, key, **params)
    return text["ru"] if text["ru"] == text["kk"] else f"{text['ru']} / {text['kk']}"


def same(value: object) -> Tri:
    return {lang: str(value) for lang in LANGS}


@cache
def _patterns() -> list[tuple[re.Pattern[str], dict[str, str]]]:
    return [(re.compile(entry["pattern"], re.S), entry) for entry in _data()["details"].values()]


def source(where: str | None) -> Tri:
    """A revocation source («CRL file 2», «OCSP http://…», «CRL file 1 + delta file 2») in kk/ru/en."""
    if not where:
        return same("")
    out = {}
    for lang in LANGS:
        numbered = say("face", "source-file", lang, n="\\1")
        text = re.sub(r"\bfile (\d+)", numbered, where)
        out[lang] = text.replace(" + delta ", f" + {say('face', 'source-delta', lang)} ")
    return out


def _explain_one(part: str) -> Tri | None:
    for pattern, entry in _patterns():
        match = pattern.fullmatch(part)
        if match is None:
            continue
        values: dict[str, object] = {}
        for name, value in match.groupdict().items():
            if name == "source":
                values[name] = source(value)
            elif name == "detail":
                inner = _explain_one(value)
                if inner is None:
                    if "://" not in str(match.groupdict().get("source") or ""):
                        return None
                    inner = tri("face", "no-answer", detail=value)  # a URL that gave no usable answer
                values[name] = inner
            else:
                values[name] = value or ""
        said = {lang: entry[lang].format(**{k: _pick(v, lang) for k, v in values.items()}) for lang in ("kk", "ru")}
        return {**said, "en": part}
    return None


def explain(detail: str) -> Tri:
    """kk/ru/en of a detail the checks wrote in English (``en`` is the detail itself): each «; »-separated part
    by its pattern (texts.json ``details``); a part no pattern knows is named as untranslated, never shown
    in English to a kk/ru reader."""
    parts = [p for p in detail.split("; ") if p] or [detail]
    said = [_explain_one(p) or tri("face", "untranslated", detail=p) for p in parts]
    return {"kk": "; ".join(dict.fromkeys(s["kk"] for s in said)),
            "ru": "; ".join(dict.fromkeys(s["ru"] for s in said)), "en": detail}


def origin(store: str | None) -> Tri:
    """The trust store's origin («production (NCA RK, shipped) + /etc/qujat/anchors.pem») in kk/ru/en."""
    if not store:
        return same("—")
    out = {}
    for lang in LANGS:
        text = store
        for name in ("production", "test"):
            text = text.replace(f"{name} (NCA RK, shipped)", say("face", f"origin.{name}", lang))
        out[lang] = text
    return out


def check_value(check: str, value: str) -> Tri:
    """A check's outcome (``integrity`` ``valid``…) in words; a value nobody named stays as it is."""
    data = _data()["check_value"]
    key = f"{check}.{value}" if f"{check}.{value}" in data else value
    return tri("check_value", key) if key in data else same(value)
