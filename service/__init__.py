"""Qujat service: generation, office rendering, HTTP, CLI, batch and signing.

``render(kind, data, lang="ru", profile=None, format="docx") -> bytes``
"""

from __future__ import annotations

from typing import Any


def render(kind: str, data: dict[str, Any], lang: str = "ru", profile: str | None = None,
           format: str = "docx") -> bytes:  # noqa: A002 - the contract's name
    from service.render import render as _render

    return _render(kind, data, lang=lang, profile=profile, format=format)


__all__ = ["render"]
