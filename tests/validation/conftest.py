"""Shared helpers for the validation tests: run a check on built bytes without page rendering."""

from __future__ import annotations

import pytest

from service.office import render_info  # the page counter a face passes in (tests are a face)
from validators import CheckOptions, check


@pytest.fixture
def run():
    def _run(data: bytes, kind: str | None = None, profile: str | None = None, lang: str | None = None,
             pages: bool = False):
        return check(data, kind=kind, lang=lang, profile=profile, name="fixture.docx",
                     options=CheckOptions(pages=pages, spelling=False, grammar=False,
                                          page_counter=render_info if pages else None))

    return _run
