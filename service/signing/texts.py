"""The kk/ru/en texts of EDS verification (texts.json): roles, templates, statuses, sheet labels, reasons."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("kk", "ru", "en")


@cache
def _data() -> dict[str, Any]:
    return json.loads(Path(__file__).with_name("texts.json").read_text(encoding="utf-8"))


def has(group: str, key: str) -> bool:
    return key in _data()[group]


def tri(group: str, key: str, **params: object) -> dict[str, str]:
    """{"kk", "ru", "en"} of ``group.key`` with ``params`` filled in."""
    entry = _data()[group][key]
    return {lang: entry[lang].format(**params) for lang in LANGS}


def say(group: str, key: str, lang: str = "ru", **params: object) -> str:
    return tri(group, key, **params)[lang if lang in LANGS else "ru"]


def both(group: str, key: str, **params: object) -> str:
    """«ru / kk», the way the signature sheet writes a value for both readers."""
    text = tri(group, key, **params)
    return text["ru"] if text["ru"] == text["kk"] else f"{text['ru']} / {text['kk']}"
