"""The service's ceilings as data (``service/limits.yaml``): each limit's setting and its kk/ru/en message.

``exceeded("document-pages", 500, 10001)`` is the error to raise: its ``message`` is the English text, its
``details`` carry the limit id, the setting, the ceiling, the value and the three texts, so a face shows the
clerk's language. A leaf module: it imports nothing of ours but ``validators.errors``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from validators.errors import QujatError, TooLarge

DATA = Path(__file__).with_name("limits.yaml")
LANGS = ("kk", "ru", "en")


class LimitExceeded(TooLarge):
    """A configured ceiling was reached (code ``too-large``); ``details`` name the limit, its setting and the texts."""


class Overloaded(QujatError):
    """A queue ceiling was reached: the request may succeed later (code ``overloaded``)."""

    code = "overloaded"


@functools.cache
def catalog() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for limit_id, entry in data.items():
        missing = [k for k in ("setting", "error", *LANGS) if not entry.get(k)]
        if missing:
            raise ValueError(f"{DATA.name}: limit {limit_id!r} lacks {', '.join(missing)}")
    return data


def messages(limit_id: str, limit: Any, value: Any = None, **fields: Any) -> dict[str, str]:
    entry = catalog()[limit_id]
    values = {"limit": limit, "value": "?" if value is None else value, "setting": entry["setting"],
              "name": "", **fields}
    return {lang: entry[lang].format(**values) for lang in LANGS}


def exceeded(limit_id: str, limit: Any, value: Any = None, **fields: Any) -> QujatError:
    """The error for ``limit_id`` reached (LimitExceeded, or Overloaded for queue ceilings)."""
    entry = catalog()[limit_id]
    texts = messages(limit_id, limit, value, **fields)
    details = {"limit": limit_id, "setting": entry["setting"], "max": limit, "value": value, "messages": texts}
    cls = Overloaded if entry["error"] == "overloaded" else LimitExceeded
    return cls(texts["en"], details=details)


def setting(limit_id: str) -> str:
    return catalog()[limit_id]["setting"]
