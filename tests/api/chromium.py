"""The web page in Debian's headless Chromium (Playwright with its executable path): what the page tests share.
The fixtures `browser` and `open_page` (tests/api/conftest.py) are built on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

# pytestmark of a module whose tests drive the page
MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() or not shutil.which("chromium"), reason="Debian chromium absent"),
]


@contextmanager
def launched() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Any, base: str, lang: str | None = None, width: int = 1280) -> tuple[Any, Any]:
    """A new context (Russian locale, downloads accepted) with the page loaded and ready, in the interface
    language ``lang`` if given; ``page.errors`` collects JavaScript errors. Returns (context, page)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready=true]")
    if lang:
        page.click(f"[data-ui-lang={lang}]")
    return context, page


def check(page: Any, file: Path, pair: Path | None = None, kind: str = "resolution") -> None:
    """Check ``file`` (with its other-language ``pair``) on the check tab, pages off; wait for the verdict."""
    page.set_input_files("#file-input", str(file))
    if pair is not None:
        page.set_input_files("#pair-input", str(pair))
    page.select_option("#check-kind", kind)
    page.uncheck("#opt-pages")
    page.click("#check-btn")
    page.wait_for_selector("#verdict strong")


def show_form(page: Any, kind: str) -> None:
    """Pick ``kind`` on the form tab and wait until its own form is built (the form is rebuilt when the kind's
    schema has come: until then the previous kind's fields, a «number» among them, are still there)."""
    page.wait_for_selector("#gen-form [data-path]")
    if page.eval_on_selector("#gen-kind", "s => s.value") != kind:
        previous = page.query_selector("#gen-form [data-path]")
        page.select_option("#gen-kind", kind)
        page.wait_for_function("n => !n.isConnected", arg=previous)
    page.wait_for_selector("#gen-form [data-path]")
