"""Every HTTP error is JSON ``{"error": {"code", "message", "messages"}}``: Qujat's own errors, FastAPI's request
validation (422), Starlette's HTTP errors (404, 405, 413 …) and, as a last resort, a logged 500.

``code`` is stable for machines; ``message`` is the English detail; ``messages`` says it to people in kk, ru and
en (``error.<code>`` of schemas/texts.yaml). An invalid record also lists ``fields``: each wrong field's JSON path
with what is wrong in kk, ru and en, for the form to show at the field."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from validators import texts as texts_mod
from validators.errors import QujatError, mapped

log = logging.getLogger("qujat.http")


class Unauthorized(QujatError):
    """The X-API-Key header is missing or not one of the configured keys."""

    code = "unauthorized"


class RetryLater(QujatError):
    """A refusal the client should retry after ``retry_after`` seconds (sent as the Retry-After header)."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Overloaded(RetryLater):
    """Too many jobs are waiting."""

    code = "overloaded"


class TimedOut(RetryLater):
    """A job did not finish within the request timeout."""

    code = "timeout"


# The one table of this face: the HTTP status of every error code (the core's errors carry no status).
# tests/layering/test_errors.py checks that every QujatError subclass's code is here.
STATUS_OF: dict[str, int] = {
    "bad-input": 400,
    "unauthorized": 401,
    "not-found": 404,
    "too-large": 413,
    "unsupported-type": 415,
    "unusable-document": 422,
    "invalid-data": 422,
    "unknown-name": 422,
    "overloaded": 429,
    "client-closed": 499,  # nginx's "client closed request": logged, never read by the gone client
    "unavailable": 503,
    "configuration": 503,
    "timeout": 503,
}


def http_status(exc: QujatError) -> int:
    """The HTTP status of ``exc`` (its code's, else its nearest base class's)."""
    return mapped(STATUS_OF, exc)


_HTTP_CODES = {
    400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
    406: "not-acceptable", 413: "too-large", 415: "unsupported-type", 422: "invalid-request",
    429: "overloaded", 503: "unavailable",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    messages: dict[str, str] | None = None
    fields: list[dict[str, Any]] | None = None
    details: Any = None


class ErrorBody(BaseModel):
    """The shape of every error answer."""

    error: ErrorDetail


# Every route may answer these (401 on /v1/* without a key, 429/503 under load, 413/415 on uploads).
DOCUMENTED_ERRORS = (400, 401, 413, 415, 422, 429, 503)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting the JSON error shape for ``statuses``."""
    return {s: {"model": ErrorBody, "description": _HTTP_CODES.get(s, "error")} for s in statuses}


def people_text(code: str, **args: Any) -> dict[str, str]:
    """What the error ``code`` says to people, in kk, ru and en."""
    key = f"error.{code}" if f"error.{code}" in texts_mod.catalog() else "error.http-error"
    try:
        return dict(texts_mod.texts(key, **args))
    except texts_mod.MissingArgument:
        return dict(texts_mod.texts("error.http-error"))


_FIELD_REASONS = (  # (pattern of the validator's English message, text key)
    (re.compile(r"is a required property|no (kk|ru) text"), "field-required"),
    (re.compile(r"is too long|characters; the limit"), "field-too-long"),
    (re.compile(r"should be non-empty|\[\] is too short|is too short"), "field-empty-list"),
    (re.compile(r"'date'|does not match .*\[0-9\]\{4\}"), "field-date"),
)


def field_errors(details: Any) -> list[dict[str, Any]]:
    """The wrong fields of an invalid record or request: JSON path (a missing property's own path) and what is
    wrong in kk, ru and en."""
    out: list[dict[str, Any]] = []
    if not isinstance(details, list):
        return out
    for d in details:
        if not isinstance(d, dict):
            continue
        message = str(d.get("message") or d.get("msg") or "")
        path = d.get("path")
        if path is None and "loc" in d:
            path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in d["loc"] if p != "body")
        path = str(path or "$")
        missing = re.match(r"""['"]([^'"]+)['"] is a required property""", message)
        if missing:
            path = f"{path}.{missing.group(1)}"
        key = next((k for rx, k in _FIELD_REASONS if rx.search(message)), "field-invalid")
        if d.get("type") == "missing":
            key = "field-required"
        out.append({"path": path, "messages": dict(texts_mod.texts(f"error.{key}"))})
    return out


def error_body(code: str, message: str, details: Any = None, messages: dict[str, str] | None = None,
               **args: Any) -> dict:
    said = messages or (details.get("messages") if isinstance(details, dict) else None)  # a specific text
    if not (isinstance(said, dict) and {"kk", "ru", "en"} <= set(said)):
        said = people_text(code, **args)
    err: dict[str, Any] = {"code": code, "message": message, "messages": dict(said)}
    fields = field_errors(details)
    if fields:
        err["fields"] = fields
    if details is not None:
        err["details"] = details
    return {"error": err}


def error_response(status: int, code: str, message: str, details: Any = None,
                   headers: dict[str, str] | None = None, messages: dict[str, str] | None = None,
                   **args: Any) -> JSONResponse:
    return JSONResponse(error_body(code, message, details, messages, **args), status_code=status, headers=headers)


def _describe(errors: list[dict]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more


async def _qujat_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QujatError)  # registered for QujatError (Starlette types handlers for Exception)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RetryLater) else None
    return error_response(http_status(exc), exc.code, exc.message, exc.details, headers=headers,
                          messages=exc.messages)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
    return error_response(422, "invalid-request", _describe(errors), jsonable_encoder(errors))


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http-error")
    message = exc.detail if isinstance(exc.detail, str) else code
    if exc.status_code == 413:
        message = "the request body is larger than this endpoint accepts"
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    rid = getattr(request.state, "request_id", None)
    log.exception("unhandled error", extra={"request_id": rid, "path": request.url.path})
    return error_response(500, "internal", f"internal error; quote request id {rid} to the operator",
                          request_id=rid or "—")


def install(app: FastAPI) -> None:
    app.add_exception_handler(QujatError, _qujat_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
