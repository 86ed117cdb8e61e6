"""Fixtures of the HTTP tests: an app per settings, real documents built with python-docx/python-pptx,
and records from the project's own examples/."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import httpx
import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.settings import Settings
from tests.api import chromium
from validators import resources

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    """``make_client(**settings)`` → a started TestClient of a fresh app with those settings."""
    clients: list[TestClient] = []

    def make(raise_server_exceptions: bool = True, **overrides) -> TestClient:
        client = TestClient(create_app(Settings(**overrides)), raise_server_exceptions=raise_server_exceptions)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


RU_RESOLUTION = [
    "АКИМАТ ГОРОДА ТУРКЕСТАН",
    "ПОСТАНОВЛЕНИЕ",
    "от 16 июня 2025 года № 315",
    "город Туркестан",
    "О мерах по благоустройству города Туркестан",
    "В соответствии с Законом Республики Казахстан «О местном государственном управлении и "
    "самоуправлении в Республике Казахстан» акимат города Туркестан ПОСТАНОВЛЯЕТ:",
    "1. Утвердить план мероприятий по благоустройству на 2025 год (5 мероприятий, 120 000 тенге).",
    "2. Контроль за исполнением настоящего постановления возложить на заместителя акима города.",
    "3. Настоящее постановление вводится в действие со дня его первого официального опубликования.",
    "Аким города                                   А. Пазылбекұлы",
]
KK_RESOLUTION = [
    "ТҮРКІСТАН ҚАЛАСЫНЫҢ ӘКІМДІГІ",
    "ҚАУЛЫ",
    "2025 жылғы 16 маусымдағы № 315",
    "Түркістан қаласы",
    "Түркістан қаласын абаттандыру шаралары туралы",
    "«Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі басқару туралы» "
    "Қазақстан Республикасының Заңына сәйкес Түркістан қаласының әкімдігі ҚАУЛЫ ЕТЕДІ:",
    "1. 2025 жылға арналған абаттандыру іс-шаралар жоспары бекітілсін (7 іс-шара, 950 000 теңге).",
    "2. Осы қаулының орындалуын бақылау қала әкімінің орынбасарына жүктелсін.",
    "3. Осы қаула алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі.",
    "Қала әкімі                                   Ә. Пазылбекұлы",
]


@pytest.fixture(scope="session")
def ru_docx() -> bytes:
    return docx_bytes(RU_RESOLUTION)


@pytest.fixture(scope="session")
def kk_docx() -> bytes:
    return docx_bytes(KK_RESOLUTION)


@pytest.fixture(scope="session")
def example() -> Callable[[str], dict]:
    def load(kind: str) -> dict:
        return json.loads((resources.EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))

    return load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def free_tcp_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real service (``qujat serve``) on a free loopback port; yields its base URL."""
    port = free_port()
    # /v2/check waits for every word (no typing budget), so its answers do not depend on the machine's speed
    env = {**os.environ, "QUJAT_LOG_LEVEL": "WARNING", "QUJAT_LT_BUDGET_MS": "600000"}
    env.pop("QUJAT_API_KEYS", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from service.cli import main; main()", "serve", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base}/v1/kinds", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("uvicorn did not start within 60 s")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium (tests/api/chromium.py), one per test module."""
    with chromium.launched() as b:
        yield b


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(lang=None, width=1280)`` → the web page of the live server, loaded and ready, in the
    interface language ``lang`` if given (``page.errors``: the JavaScript errors)."""
    contexts = []

    def open_(lang: str | None = None, width: int = 1280):
        context, page = chromium.open_page(browser, live_server, lang, width)
        contexts.append(context)
        return page

    yield open_
    for context in contexts:
        context.close()
