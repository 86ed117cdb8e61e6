"""Production behaviour: API keys, upload limits, content sniffing, request ids, JSON logs, CORS, the
bounded work queue (429), the request timeout (503) and the catch-all 500 — all as JSON errors."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import threading
import zipfile

import httpx
import pytest
from fastapi import APIRouter

from service.api.app import create_app
from service.api.deps import Work, sniff_format
from service.api.middleware import JsonFormatter, request_id_var
from service.api.settings import Settings
from validators.errors import UnsupportedType, UnusableDocument


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    err = response.json()["error"]
    assert isinstance(err["message"], str) and err["message"]
    if code:
        assert err["code"] == code
    return err


# ------------------------------------------------------------------------------------------------- keys

def test_api_key_is_required_when_configured(make_client):
    client = make_client(api_keys=("alpha-key", "beta-key"))
    assert_error(client.get("/v1/kinds"), 401, "unauthorized")
    assert_error(client.get("/v1/kinds", headers={"X-API-Key": "wrong"}), 401, "unauthorized")
    assert client.get("/v1/kinds", headers={"X-API-Key": "beta-key"}).status_code == 200
    # refused before the body is even parsed: a broken multipart body still gets 401, not 422
    r = client.post("/v1/validate", content=b"garbage", headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert_error(r, 401)
    assert client.get("/healthz").status_code == 200  # liveness stays open
    assert client.get("/").status_code == 200


def test_without_keys_configured_no_key_is_needed(client):
    assert client.get("/v1/kinds").status_code == 200


# -------------------------------------------------------------------------------------- size and type

def test_file_over_upload_limit_is_413(make_client, ru_docx):
    client = make_client(max_upload_mb=len(ru_docx) / 2 / 1024 / 1024)
    err = assert_error(client.post("/v1/validate", files={"file": ("a.docx", ru_docx)}), 413, "too-large")
    assert "MB" in err["message"]


def test_body_over_request_limit_is_refused_while_streaming():
    app = create_app(Settings(max_upload_mb=0.01, max_request_mb=0.05))
    sent = 0

    async def body():  # a chunked body (no Content-Length) far above the limit
        nonlocal sent
        for _ in range(200):
            sent += 64 * 1024
            yield b"x" * (64 * 1024)

    async def scenario():
        transport = httpx.ASGITransport(app=app)  # hands the body to the app chunk by chunk
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post("/v1/validate", content=body(),
                                     headers={"Content-Type": "multipart/form-data; boundary=b"})

    assert_error(asyncio.run(scenario()), 413, "too-large")
    assert sent <= 2 * 64 * 1024  # the server stopped reading just past the 0.05 MB limit
    app.state.work.shutdown()


def test_declared_content_length_over_limit_is_413(make_client):
    client = make_client(max_upload_mb=0.01, max_request_mb=0.05)
    r = client.post("/v1/validate", content=b"x" * 100_000,
                    headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert_error(r, 413, "too-large")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"just some text, named .docx", 415, "unsupported-type"),
        (b"", 422, "unusable-document"),
        (b"PK\x03\x04 truncated zip", 422, "unusable-document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, 422, "unusable-document"),  # legacy .doc
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600, 422,
         "unusable-document"),
    ],
    ids=["text", "empty", "broken-zip", "legacy-doc", "encrypted"],
)
def test_content_is_sniffed_not_trusted_from_name(client, content, status, code):
    err = assert_error(client.post("/v1/validate", files={"file": ("draft.docx", content)}), status, code)
    assert "Traceback" not in err["message"]


def test_zip_that_is_not_a_document_is_415_unless_accepted():
    data = _zip({"notes.txt": b"hello"})
    with pytest.raises(UnsupportedType):
        sniff_format(data)
    assert sniff_format(data, accept=("docx", "zip")) == "zip"
    with pytest.raises(UnusableDocument):
        sniff_format(b"")


def test_spreadsheet_named_docx_is_415(client):
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert_error(client.post("/v1/validate", files={"file": ("table.docx", xlsx)}), 415, "unsupported-type")


# ----------------------------------------------------------------------------- request ids, logs, CORS

def test_request_id_is_echoed_or_generated(client):
    r = client.get("/v1/kinds", headers={"X-Request-ID": "editor-42.a"})
    assert r.headers["X-Request-ID"] == "editor-42.a"
    generated = client.get("/v1/kinds", headers={"X-Request-ID": "bad id with spaces;<>"}).headers["X-Request-ID"]
    assert generated and " " not in generated
    assert client.get("/nowhere").headers["X-Request-ID"]


def test_log_lines_are_json_with_request_id():
    token = request_id_var.set("rid-1")
    try:
        record = logging.LogRecord("qujat.access", logging.INFO, __file__, 1, "request", None, None)
        record.status = 200
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["request_id"] == "rid-1" and line["status"] == 200 and line["level"] == "info"


def test_cors_for_configured_origin_only(make_client):
    client = make_client(cors_origins=("https://portal.example.kz",))
    pre = client.options("/v1/validate", headers={"Origin": "https://portal.example.kz",
                                                  "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "X-API-Key"})
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "https://portal.example.kz"
    r = client.get("/v1/kinds", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


# ------------------------------------------------------------------------------------- errors' shape

def test_framework_errors_have_the_json_shape(client):
    assert_error(client.get("/v1/nothing-here"), 404, "not-found")
    assert_error(client.delete("/v1/kinds"), 405, "method-not-allowed")
    err = assert_error(client.post("/v1/render", json={"lang": "ru"}), 422, "invalid-request")
    assert "kind" in err["message"] and isinstance(err["details"], list)
    assert_error(client.post("/v1/render", content=b"{not json", headers={"Content-Type": "application/json"}),
                 422, "invalid-request")
    assert_error(client.post("/v1/validate"), 422, "invalid-request")  # no file at all


def test_unexpected_exception_is_a_logged_json_500(make_client):
    app = create_app(Settings())
    boom = APIRouter()

    @boom.get("/v1/boom")
    def explode() -> None:
        raise RuntimeError("a bug")

    app.include_router(boom)
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/v1/boom", headers={"X-Request-ID": "trace-me"})
    err = assert_error(r, 500, "internal")
    assert "trace-me" in err["message"] and "a bug" not in err["message"]


# ----------------------------------------------------------------------------- queue and timeout

def _blocking_app(**settings):
    """An app with one extra route whose job blocks until the test releases it (a real thread)."""
    app = create_app(Settings(**settings))
    gate = threading.Event()
    started = threading.Semaphore(0)
    router = APIRouter()

    def job() -> str:
        started.release()
        gate.wait(30)
        return "done"

    @router.get("/v1/slow")
    async def slow(work: Work) -> dict:
        return {"result": await work.run(job)}

    app.include_router(router)
    return app, gate, started


def test_full_queue_answers_429_with_retry_after_then_recovers():
    app, gate, started = _blocking_app(threads=1, max_pending=1, retry_after=3)

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            running = asyncio.create_task(client.get("/v1/slow"))
            await asyncio.to_thread(started.acquire)  # one job runs
            waiting = asyncio.create_task(client.get("/v1/slow"))  # one waits
            while app.state.work.admitted < 2:
                await asyncio.sleep(0.01)
            refused = await client.get("/v1/slow")
            gate.set()
            done = [await running, await waiting]
            again = await client.get("/v1/slow")
            return refused, done, again

    refused, done, again = asyncio.run(scenario())
    err = assert_error(refused, 429, "overloaded")
    assert refused.headers["Retry-After"] == "3" and "busy" in err["message"]
    assert [r.json() for r in done] == [{"result": "done"}] * 2
    assert again.status_code == 200
    assert app.state.work.admitted == 0
    app.state.work.shutdown()


def test_job_past_the_timeout_answers_503_and_keeps_its_slot_until_it_ends():
    app, gate, _ = _blocking_app(threads=1, max_pending=0, request_timeout=0.2)

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            late = await client.get("/v1/slow")
            still_busy = await client.get("/v1/slow")  # the timed-out job still holds the only thread
            gate.set()
            while app.state.work.admitted:
                await asyncio.sleep(0.01)
            return late, still_busy, await client.get("/v1/slow")

    late, still_busy, after = asyncio.run(scenario())
    assert_error(late, 503, "timeout")
    assert late.headers["Retry-After"]
    assert_error(still_busy, 429, "overloaded")
    assert after.json() == {"result": "done"}
    app.state.work.shutdown()


def test_settings_from_env_validate_values():
    s = Settings.from_env({"QUJAT_API_KEYS": " a, b ,", "QUJAT_MAX_UPLOAD_MB": "5", "QUJAT_MAX_PENDING": "0",
                           "QUJAT_CORS_ORIGINS": "*"})
    assert s.api_keys == ("a", "b") and s.max_upload_bytes == 5 * 1024 * 1024 and s.max_pending == 0
    assert s.max_request_bytes == 11 * 1024 * 1024 and s.cors_origins == ("*",)
    with pytest.raises(ValueError, match="QUJAT_THREADS"):
        Settings.from_env({"QUJAT_THREADS": "many"})
    with pytest.raises(ValueError, match="QUJAT_REQUEST_TIMEOUT"):
        Settings.from_env({"QUJAT_REQUEST_TIMEOUT": "-1"})


def test_full_queue_refuses_an_upload_before_reading_its_body():
    app, gate, started = _blocking_app(threads=1, max_pending=0)
    chunks_read = 0

    async def upload():
        nonlocal chunks_read
        for _ in range(50):
            chunks_read += 1
            yield b"x" * 65536

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            running = asyncio.create_task(client.get("/v1/slow"))
            await asyncio.to_thread(started.acquire)
            refused = await client.post("/v1/validate", content=upload(),
                                        headers={"Content-Type": "multipart/form-data; boundary=b"})
            gate.set()
            await running
            return refused

    refused = asyncio.run(scenario())
    assert_error(refused, 429, "overloaded")
    assert chunks_read <= 1  # the 3 MB upload was not received, let alone parsed
    app.state.work.shutdown()


def test_compute_processes_give_the_same_report_as_threads(make_client, kk_docx, ru_docx):
    files = {"file": ("kk.docx", kk_docx), "pair": ("ru.docx", ru_docx)}
    in_threads = make_client().post("/v1/validate", params={"pages": "false"}, files=files).json()
    with_processes = make_client(processes=1)
    assert with_processes.app.state.work.processes == 1
    in_process = with_processes.post("/v1/validate", params={"pages": "false"}, files=files).json()
    assert in_process == in_threads and in_process["findings"]
    annotated = with_processes.post("/v1/validate", params={"pages": "false", "annotate": "true"}, files=files)
    assert annotated.status_code == 200 and annotated.content.startswith(b"PK")


def test_no_job_is_started_for_a_client_that_has_gone(example):
    app = create_app(Settings())
    body = json.dumps({"kind": "resolution", "lang": "ru", "data": example("resolution")}).encode()
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict] = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/v1/render", "raw_path": b"/v1/render", "query_string": b"",
             "root_path": "", "headers": [(b"content-type", b"application/json"),
                                          (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 5000), "server": ("test", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 499
    assert app.state.work._threads is None  # the thread pool never had to start: no rendering happened


def test_errors_raised_in_a_compute_process_keep_their_class_and_details():
    from service import render
    from service.api.workqueue import WorkQueue
    from validators.errors import DataInvalid

    work = WorkQueue(threads=1, max_pending=1, timeout=60, retry_after=1, processes=1)
    try:
        with pytest.raises(DataInvalid) as info:
            asyncio.run(work.compute(render, "resolution", {"number": 5}, "ru"))
        assert info.value.code == "invalid-data" and info.value.details  # the JSON paths came back too
        with pytest.raises(UnusableDocument, match="empty"):
            asyncio.run(work.compute(sniff_format, b""))
        assert asyncio.run(work.compute(sniff_format, b"%PDF-1.7\n")) == "pdf"
    finally:
        work.shutdown()


def test_a_compute_process_that_dies_is_replaced():
    import os

    from service.api.workqueue import WorkQueue
    from validators.errors import ServiceUnavailable

    work = WorkQueue(threads=1, max_pending=1, timeout=60, retry_after=1, processes=1)
    try:
        with pytest.raises(ServiceUnavailable, match="restarted"):
            asyncio.run(work.compute(os._exit, 3))  # what a parser crash looks like from outside
        assert asyncio.run(work.compute(sniff_format, b"%PDF-1.7\n")) == "pdf"
        assert work.admitted == 0
    finally:
        work.shutdown()
