"""Shared helpers for the validation tests: run a check on built bytes without page rendering."""

from __future__ import annotations

import pytest

from validators import CheckOptions, check


@pytest.fixture
def run():
    def _run(data: bytes, kind: str | None = None, profile: str | None = None, lang: str | None = None,
             pages: bool = False):
        return check(data, kind=kind, lang=lang, profile=profile, name="fixture.docx",
                     options=CheckOptions(pages=pages, spelling=False, grammar=False))

    return _run
