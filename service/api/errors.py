"""Every HTTP error is JSON ``{"error": {"code", "message"}}``: Qujat's own errors, FastAPI's request
validation (422), Starlette's HTTP errors (404, 405, 413 …) and, as a last resort, a logged 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from validators.errors import QujatError

log = logging.getLogger("qujat.http")


class Unauthorized(QujatError):
    """The X-API-Key header is missing or not one of the configured keys."""

    code = "unauthorized"
    http_status = 401


class RetryLater(QujatError):
    """A refusal the client should retry after ``retry_after`` seconds (sent as the Retry-After header)."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Overloaded(RetryLater):
    """Too many jobs are waiting."""

    code = "overloaded"
    http_status = 429


class TimedOut(RetryLater):
    """A job did not finish within the request timeout."""

    code = "timeout"
    http_status = 503


_HTTP_CODES = {
    400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
    406: "not-acceptable", 413: "too-large", 415: "unsupported-type", 422: "invalid-request",
    429: "overloaded", 503: "unavailable",
}


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    """The shape of every error answer."""

    error: ErrorDetail


# Every route may answer these (401 on /v1/* without a key, 429/503 under load, 413/415 on uploads).
DOCUMENTED_ERRORS = (400, 401, 413, 415, 422, 429, 503)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting the JSON error shape for ``statuses``."""
    return {s: {"model": ErrorBody, "description": _HTTP_CODES.get(s, "error")} for s in statuses}


def error_body(code: str, message: str, details: Any = None) -> dict:
    err: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}


def error_response(status: int, code: str, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def _describe(errors: list[dict]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(parts) + more


async def _qujat_error(_: Request, exc: QujatError) -> JSONResponse:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RetryLater) else None
    return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=headers)


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
    return error_response(422, "invalid-request", _describe(errors), jsonable_encoder(errors))


async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http-error")
    message = exc.detail if isinstance(exc.detail, str) else code
    if exc.status_code == 413:
        message = "the request body is larger than this endpoint accepts"
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    rid = getattr(request.state, "request_id", None)
    log.exception("unhandled error", extra={"request_id": rid, "path": request.url.path})
    return error_response(500, "internal", f"internal error; quote request id {rid} to the operator")


def install(app: FastAPI) -> None:
    app.add_exception_handler(QujatError, _qujat_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
