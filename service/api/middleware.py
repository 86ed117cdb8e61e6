"""Per-request plumbing that runs before any body is read: the request id (``X-Request-ID`` in and
out), the API-key gate for ``/v1/*``, and one structured JSON log line per request."""

from __future__ import annotations

import contextvars
import hmac
import json
import logging
import re
import sys
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import error_body, error_response
from service.api.settings import Settings

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("qujat_request_id", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
access_log = logging.getLogger("qujat.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any ``extra`` fields."""

    _STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id_var.get()
        if rid:
            entry["request_id"] = rid
        for key, value in vars(record).items():
            if key not in self._STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the ``qujat`` loggers (idempotent)."""
    logger = logging.getLogger("qujat")
    logger.setLevel(level)
    if not any(getattr(h, "_qujat", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler._qujat = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False


def key_accepted(offered: str | None, keys: tuple[str, ...]) -> bool:
    """Constant-time comparison against every configured key."""
    if not keys:
        return True
    if not offered:
        return False
    given = offered.encode()
    ok = False
    for key in keys:
        ok |= hmac.compare_digest(given, key.encode())
    return ok


TOO_LARGE_BODY = json.dumps(
    error_body("too-large", "the request body is larger than this endpoint accepts")).encode()


def _is_plain_text(message: Message) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"text/plain") for k, v in message.get("headers", []))


def _json_start(status: int, body: bytes) -> Message:
    return {"type": "http.response.start", "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}


class RequestContextMiddleware:
    """Assign the request id, refuse ``/v1/*`` without a valid key (401) and a queued route's POST when the
    work queue is full (429), both before the body is read; log the outcome as JSON."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        offered = headers.get("x-request-id", "")
        rid = offered if _SAFE_ID.match(offered) else uuid.uuid4().hex
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 0

        replaced = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, replaced
            if replaced:  # the body of a plain-text answer already sent as JSON
                return
            if message["type"] == "http.response.start":
                status = message["status"]
                if status == 413 and _is_plain_text(message) and not scope.get("path", "").startswith("/v2/"):
                    # (/v2/ answers LanguageTool's plain-text errors on purpose)
                    # Starlette's body limiter answers a declared oversize Content-Length in plain text.
                    replaced = True
                    message = _json_start(413, TOO_LARGE_BODY)
                    MutableHeaders(scope=message)["X-Request-ID"] = rid
                    await send(message)
                    await send({"type": "http.response.body", "body": TOO_LARGE_BODY})
                    return
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            path = scope.get("path", "")
            if path.startswith("/v1/") and not key_accepted(headers.get("x-api-key"), self.settings.api_keys):
                response = error_response(401, "unauthorized", "a valid X-API-Key header is required",
                                          headers={"WWW-Authenticate": "X-API-Key"})
                await response(scope, receive, send_with_id)
                return
            if scope.get("method") == "POST" and path in getattr(scope["app"].state, "queued_paths", ()):
                work = scope["app"].state.work
                if work.admitted >= work.capacity:  # refuse before reading the body (QueuedRoute)
                    response = error_response(429, "overloaded",
                                              f"the service is busy ({work.admitted} jobs in progress); "
                                              "retry shortly", headers={"Retry-After": str(work.retry_after)})
                    await response(scope, receive, send_with_id)
                    return
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info(
                "request",
                extra={
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status or 500,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": (scope.get("client") or ("-",))[0],
                },
            )
            request_id_var.reset(token)
