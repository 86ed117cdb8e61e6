"""Qujat service: generation, office rendering, HTTP, CLI, batch and signing.

``render(kind, data, lang="ru", profile=None, format="docx", pdfa=False) -> bytes`` (see service.generation)
"""

from __future__ import annotations

from typing import Any


def render(kind: str, data: dict[str, Any], lang: str = "ru", profile: str | None = None,
           format: str = "docx", pdfa: bool = False) -> bytes:  # noqa: A002 - the contract's name
    """Render one record of ``kind`` in ``lang`` to DOCX or PDF bytes."""
    from service.generation import render as _render

    return _render(kind, data, lang=lang, profile=profile, format=format, pdfa=pdfa)


__all__ = ["render"]
