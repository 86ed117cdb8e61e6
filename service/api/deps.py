"""Dependencies every router reuses (FastAPI "bigger applications"): settings, the API-key scheme,
reading an upload with a size limit and sniffing its type from the bytes, the work queue (its
implementation is :mod:`service.api.workqueue`) and returning a file as an attachment.

Typical router::

    router = APIRouter(prefix="/v1", tags=["validation"])

    @router.post("/thing")
    async def thing(work: Work, settings: AppSettings, file: UploadFile = File(...)):
        upload = await read_upload(file, settings)             # 413 / 415 / 422 as JSON
        result = await work.run(core_function, upload.data)    # 429 / 503 with Retry-After
        return attachment(result, "thing.docx")
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader

from service.api.errors import Unauthorized
from service.api.middleware import key_accepted
from service.api.settings import Settings
from service.api.workqueue import WorkQueue
from validators.document import container
from validators.errors import QujatError, TooLarge, UnsupportedType, UnusableDocument
from validators.texts import said

__all__ = ["MEDIA_TYPES", "AppSettings", "ClientWaiting", "QueuedRoute", "RequireApiKey", "Upload", "Work",
           "WorkQueue", "attachment", "queued_router", "read_upload", "sniff_format"]

async def get_settings(request: Request) -> Settings:  # async: no thread hop per request
    return request.app.state.settings


AppSettings = Annotated[Settings, Depends(get_settings)]

# Every /v1/* path is already gated before its body is read (service.api.middleware); this dependency is for
# a route outside /v1 that must be gated too: ``@router.get("/x", dependencies=[RequireApiKey])``.
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="Needed when the server sets QUJAT_API_KEYS")


async def require_api_key(settings: AppSettings, key: Annotated[str | None, Depends(api_key_scheme)]) -> None:
    if not key_accepted(key, settings.api_keys):
        raise Unauthorized("a valid X-API-Key header is required")


RequireApiKey = Depends(require_api_key)

# ---------------------------------------------------------------------------------------------- uploads

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}
DOCUMENT_FORMATS = ("docx", "pptx", "pdf")


def sniff_format(data: bytes, accept: tuple[str, ...] = DOCUMENT_FORMATS) -> str:
    """``docx`` / ``pptx`` / ``pdf`` (or ``zip`` when accepted) from the bytes, never from a file name."""
    try:
        return container.sniff(data)
    except UnsupportedType:
        if "zip" in accept and data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
            return "zip"
        raise


@dataclass(frozen=True)
class Upload:
    """An uploaded file held in memory only: its client-side name (informative), bytes and sniffed format."""

    name: str
    data: bytes
    format: str


def _clean_name(filename: str | None, fallback: str) -> str:
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable())[:200]
    return name or fallback


async def read_upload(file: UploadFile, settings: Settings, accept: tuple[str, ...] = DOCUMENT_FORMATS,
                      field: str = "file") -> Upload:
    """Read ``file`` into memory (413 past QUJAT_MAX_UPLOAD_MB), sniff it, refuse formats not in
    ``accept`` (415). The upload object is closed by FastAPI when the request ends."""
    limit = settings.max_upload_bytes
    chunks: list[bytes] = []
    size = 0
    while chunk := await file.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"{field}: the file exceeds the upload limit of {settings.max_upload_mb:g} MB")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise UnusableDocument(f"{field}: the file is empty", messages=said("doc-empty"))
    try:
        fmt = sniff_format(data, accept)
    except QujatError as exc:
        raise type(exc)(f"{field}: {exc.message}", code=exc.code, details=exc.details, messages=exc.messages) from None
    if fmt not in accept:
        raise UnsupportedType(f"{field}: a {fmt.upper()} file is not accepted here; "
                              f"send {' or '.join(a.upper() for a in accept)}")
    return Upload(name=_clean_name(file.filename, f"{field}.{fmt}"), data=data, format=fmt)


# ------------------------------------------------------------------------------- the work queue (service.api.workqueue)


class QueuedRoute(APIRoute):
    """Marks a route whose requests meet the work queue before their body is read: when the queue is full
    the answer is 429 at once (service.api.middleware), without receiving and parsing an upload that could
    not be served. Use it for routers of CPU-heavy endpoints: ``APIRouter(prefix="/v1", route_class=QueuedRoute)``."""


class ClientGone(QujatError):
    """The client closed the connection while its request waited; no work is started for it."""

    code = "client-closed"


async def client_waiting(request: Request) -> None:
    """Skip the job of a client that has gone away (e.g. timed out) while its upload was being read."""
    if await request.is_disconnected():
        raise ClientGone("the client closed the connection")


ClientWaiting = Depends(client_waiting)


def queued_router(*tags: str) -> APIRouter:
    """The router of CPU-heavy ``/v1`` endpoints: 429 before the body when the queue is full (QueuedRoute),
    no job for a client that has gone (ClientWaiting)."""
    return APIRouter(prefix="/v1", tags=list(tags), route_class=QueuedRoute, dependencies=[ClientWaiting])


async def get_work(request: Request) -> WorkQueue:
    return request.app.state.work


Work = Annotated[WorkQueue, Depends(get_work)]

# ---------------------------------------------------------------------------------------------- answers


def attachment(data: bytes, filename: str, media_type: str | None = None) -> Response:
    """A download: the media type from the extension unless given, RFC 6266/5987 file name."""
    ext = filename.rsplit(".", 1)[-1].lower()
    media_type = media_type or MEDIA_TYPES.get(ext, "application/octet-stream")
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    disposition = f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(filename)}'
    return Response(content=data, media_type=media_type, headers={"Content-Disposition": disposition})
