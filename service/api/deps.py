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
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader

from service.api.errors import Overloaded, TimedOut, Unauthorized
from service.api.middleware import key_accepted
from service.api.settings import Settings
from validators.document import container
from validators.errors import QujatError, ServiceUnavailable, TooLarge, UnsupportedType, UnusableDocument

T = TypeVar("T")

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


def _in_child(fn: Callable[..., T], args: tuple, kwargs: dict) -> tuple[str, Any]:
    """Run ``fn`` in a compute process; a QujatError comes back whole (class, message, code, details)."""
    try:
        return "ok", fn(*args, **kwargs)
    except QujatError as exc:
        return "error", (type(exc), exc.message, exc.code, exc.details)


def _rebuild(cls: type[QujatError], message: str, code: str, details: Any) -> QujatError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.message, exc.code, exc.details = message, code, details
    return exc


def _die_with_parent(parent: int) -> None:
    """Linux: have the kernel end this compute process when its server process ends, however it ends."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the server ended before the request above took effect
        os._exit(0)


def _warm_process(parent: int) -> None:
    """Initializer of a compute process: tie it to its server process, load rules, profiles, dictionaries."""
    _die_with_parent(parent)
    from service.api.app import warm_up

    warm_up()


class WorkQueue:
    """Runs blocking calls off the event loop with a bound on what may wait.

    ``run(fn, ...)`` runs on a thread pool of ``threads`` (any callable; for calls that wait on I/O, e.g.
    LibreOffice, or that touch this process's state). ``compute(fn, ...)`` runs a pure, CPU-bound function
    of picklable arguments on a pool of ``processes`` worker processes, so parsing and rules never hold the
    event loop's GIL; with ``processes=0`` it falls back to the threads. Together at most ``capacity``
    jobs are admitted (running or waiting); one more is refused at once with 429 (never queued without
    bound). A job past ``timeout`` seconds answers 503; it keeps its slot until it really ends. A compute
    process that dies (a hostile file crashing a parser) is replaced and the request answers 503."""

    def __init__(self, threads: int, max_pending: int, timeout: float, retry_after: int, processes: int = 0):
        self.threads = threads
        self.processes = processes
        self.capacity = max(threads, processes) + max_pending
        self.timeout = timeout
        self.retry_after = retry_after
        self._threads: ThreadPoolExecutor | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._admitted = 0

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkQueue:
        return cls(settings.threads, settings.max_pending, settings.request_timeout, settings.retry_after,
                   settings.processes)

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    def admit(self) -> None:
        """Refuse (429) when the queue is full; cheap enough to call before reading a request body."""
        if self._admitted >= self.capacity:
            raise Overloaded(f"the service is busy ({self._admitted} jobs in progress); retry shortly",
                             self.retry_after)

    def _release(self, _future: Any) -> None:
        with self._lock:
            self._admitted -= 1

    def _thread_pool(self) -> ThreadPoolExecutor:
        if self._threads is None:  # first job, or the first after a shutdown (a restarted lifespan)
            self._threads = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="qujat-work")
        return self._threads

    def _process_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.processes, initializer=_warm_process,
                                             initargs=(os.getpid(),),
                                             mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def start(self) -> None:
        """Start the compute processes now (they load profiles and dictionaries) instead of on first use."""
        if self.processes:
            with self._lock:
                pool = self._process_pool()
            for _ in range(self.processes):
                pool.submit(int)

    async def _submit(self, make_future: Callable[[], Future]) -> Any:
        with self._lock:
            self.admit()
            self._admitted += 1
            try:
                future = make_future()
            except BaseException:
                self._admitted -= 1
                raise
        future.add_done_callback(self._release)
        waiter = asyncio.wrap_future(future)
        done, _ = await asyncio.wait({waiter}, timeout=self.timeout)
        if not done:
            future.cancel()  # only succeeds if it never started
            raise TimedOut(f"the job did not finish within {self.timeout:g} s", self.retry_after)
        try:
            return waiter.result()
        except BrokenProcessPool:
            with self._lock:
                broken, self._pool = self._pool, None
            if broken is not None:
                broken.shutdown(wait=False, cancel_futures=True)
            raise ServiceUnavailable("the document crashed its worker process; it was restarted") from None

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` on a thread."""
        call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
        return await self._submit(lambda: self._thread_pool().submit(call))

    async def compute(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a compute process (a module-level function, picklable arguments)."""
        if not self.processes:
            return await self.run(fn, *args, **kwargs)
        outcome, value = await self._submit(lambda: self._process_pool().submit(_in_child, fn, args, kwargs))
        if outcome == "error":
            raise _rebuild(*value)
        return value

    def shutdown(self) -> None:
        with self._lock:
            threads, self._threads = self._threads, None
            pool, self._pool = self._pool, None
        for executor in (threads, pool):
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)


class QueuedRoute(APIRoute):
    """Marks a route whose requests meet the work queue before their body is read: when the queue is full
    the answer is 429 at once (service.api.middleware), without receiving and parsing an upload that could
    not be served. Use it for routers of CPU-heavy endpoints: ``APIRouter(prefix="/v1", route_class=QueuedRoute)``."""


class ClientGone(QujatError):
    """The client closed the connection while its request waited; no work is started for it."""

    code = "client-closed"
    http_status = 499


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
