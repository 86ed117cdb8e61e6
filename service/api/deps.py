"""Dependencies every router reuses (FastAPI "bigger applications"): settings, the API-key scheme,
reading an upload with a size limit and sniffing its type from the bytes, running CPU-bound work off
the event loop through a bounded queue, and returning a file as an attachment.

Typical router::

    router = APIRouter(prefix="/v1", tags=["validation"])

    @router.post("/thing")
    async def thing(work: Work, settings: AppSettings, file: UploadFile = File(...)):
        upload = await read_upload(file, settings)             # 413 / 415 / 422 as JSON
        result = await work.run(core_function, upload.data)    # 429 / 503 with Retry-After
        return attachment(result, "thing.docx")
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import Depends, Request, UploadFile
from fastapi.responses import Response
from fastapi.security import APIKeyHeader

from service.api.errors import Overloaded, TimedOut, Unauthorized
from service.api.middleware import key_accepted
from service.api.settings import Settings
from validators.document import container
from validators.errors import QujatError, TooLarge, UnsupportedType, UnusableDocument

T = TypeVar("T")

def get_settings(request: Request) -> Settings:
    return request.app.state.settings


AppSettings = Annotated[Settings, Depends(get_settings)]

# Every /v1/* path is already gated before its body is read (service.api.middleware); this dependency is for
# a route outside /v1 that must be gated too: ``@router.get("/x", dependencies=[RequireApiKey])``.
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="Needed when the server sets QUJAT_API_KEYS")


def require_api_key(settings: AppSettings, key: Annotated[str | None, Depends(api_key_scheme)]) -> None:
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
        raise UnusableDocument(f"{field}: the file is empty")
    try:
        fmt = sniff_format(data, accept)
    except QujatError as exc:
        raise type(exc)(f"{field}: {exc.message}") from None
    if fmt not in accept:
        raise UnsupportedType(f"{field}: a {fmt.upper()} file is not accepted here; "
                              f"send {' or '.join(a.upper() for a in accept)}")
    return Upload(name=_clean_name(file.filename, f"{field}.{fmt}"), data=data, format=fmt)


# ------------------------------------------------------------------------------------------ the work queue


class WorkQueue:
    """Runs blocking, CPU-bound calls on a thread pool. At most ``threads`` run and ``max_pending`` wait;
    one more is refused at once with 429 (never queued without bound). A job that takes longer than
    ``timeout`` seconds answers 503; its thread keeps its slot until it really ends."""

    def __init__(self, threads: int, max_pending: int, timeout: float, retry_after: int):
        self.threads = threads
        self.capacity = threads + max_pending
        self.timeout = timeout
        self.retry_after = retry_after
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._admitted = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkQueue:
        return cls(settings.threads, settings.max_pending, settings.request_timeout, settings.retry_after)

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    def _release(self, _future: Any) -> None:
        with self._lock:
            self._admitted -= 1

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._lock:
            if self._admitted >= self.capacity:
                raise Overloaded(f"the service is busy ({self._admitted} jobs in progress); retry shortly",
                                 self.retry_after)
            self._admitted += 1
        call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
        with self._lock:
            if self._executor is None:  # first job, or the first after a shutdown (a restarted lifespan)
                self._executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="qujat-work")
            future = self._executor.submit(call)
        future.add_done_callback(self._release)
        waiter = asyncio.wrap_future(future)
        done, _ = await asyncio.wait({waiter}, timeout=self.timeout)
        if not done:
            future.cancel()  # only succeeds if it never started
            raise TimedOut(f"the job did not finish within {self.timeout:g} s", self.retry_after)
        return waiter.result()

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


def get_work(request: Request) -> WorkQueue:
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
