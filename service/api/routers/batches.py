"""Batches: POST /v1/batches (files[] or one .zip) → 202 {"id"}; GET /v1/batches/{id} (progress);
GET /v1/batches/{id}/report. Jobs live on disk (service.batch.jobs), pass through its bounded queue (429 past
the service's or the key's ceiling), belong to the API key that created them (404 for any other key) and
survive a restart of the API."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse

from service import limits
from service.api.deps import AppSettings, Work
from service.api.errors import Overloaded, error_responses
from service.api.settings import Settings
from service.batch import jobs
from service.batch.inputs import MAX_TOTAL_BYTES
from validators import kinds, profiles, resources
from validators.errors import DataInvalid, TooLarge, UnknownName, UnusableDocument

router = APIRouter(prefix="/v1", tags=["batches"])

KindName = Literal[kinds.KINDS]  # type: ignore[valid-type]
LangName = Literal[resources.LANGS]  # type: ignore[valid-type]
_queue_lock = threading.Lock()


def job_limits(settings: Settings) -> jobs.JobLimits:
    return jobs.JobLimits(running=settings.batch_running, queued=settings.batch_max_queued,
                          per_key=settings.batch_per_key, max_files=settings.batch_max_files,
                          retention_days=settings.batch_retention_days)


async def get_queue(request: Request) -> jobs.JobQueue:
    """The server process's batch queue (made on first use: it recovers interrupted jobs and sweeps old ones)."""
    state = request.app.state
    with _queue_lock:
        queue = getattr(state, "batches", None)
        if queue is None or queue.root != jobs.data_dir():
            if queue is not None:
                queue.close()
            queue = state.batches = jobs.JobQueue(job_limits(state.settings), root=jobs.data_dir())
    return queue


async def get_owner(request: Request) -> str | None:
    """Who owns the batches of this request: the API key it was let in with (None when none is needed)."""
    return jobs.owner_of(request.headers.get("x-api-key") if request.app.state.settings.api_keys else None)


Queue = Annotated[jobs.JobQueue, Depends(get_queue)]
Owner = Annotated[str | None, Depends(get_owner)]


async def _read_all(files: list[UploadFile], limit: int, max_files: int) -> list[tuple[str, bytes]]:
    if len(files) > max_files:
        raise limits.exceeded("batch-files", max_files, len(files))
    out, total = [], 0
    for i, f in enumerate(files):
        chunks = []
        size = 0
        while chunk := await f.read(1024 * 1024):
            size += len(chunk)
            total += len(chunk)
            if size > limit:
                raise TooLarge(f"files[{i}] ({f.filename}) exceeds the upload limit of {limit // (1024 * 1024)} MB")
            if total > MAX_TOTAL_BYTES:
                raise TooLarge("the batch exceeds its total size limit (QUJAT_BATCH_MAX_TOTAL_MB)")
            chunks.append(chunk)
        out.append((f.filename or f"file-{i + 1}", b"".join(chunks)))
    if not out or not any(data for _, data in out):
        raise UnusableDocument("the batch is empty: send files[] or one .zip")
    return out


@router.post("/batches", status_code=202, summary="Start a batch check of many documents",
             responses={202: {"description": '{"id": "..."}'}, **error_responses(413, 422, 429)})
async def create_batch(
    settings: AppSettings,
    work: Work,
    queue: Queue,
    owner: Owner,
    files: list[UploadFile] = File(..., description="documents (any type: unsupported ones are reported), or one .zip"),
    profile: str | None = Form(None, max_length=100, description="profile id; the default when absent"),
    kind: KindName | None = Form(None, description="kind for every document; detected when absent"),
    lang: LangName | None = Form(None, description="language; detected when absent"),
    received: str | None = Form(None, description="date the documents were received (YYYY-MM-DD); today when absent"),
) -> JSONResponse:
    if profile is not None and profile not in profiles.available():
        raise UnknownName(f"unknown profile {profile!r}; known: {', '.join(profiles.available())}")
    if received:
        try:
            dt.date.fromisoformat(received)
        except ValueError:
            raise DataInvalid(f"received={received!r} is not a date (YYYY-MM-DD)") from None
    uploads = await _read_all(files, settings.max_upload_bytes, settings.batch_max_files)
    params = {"profile": profile, "kind": kind, "lang": lang, "received": received}
    try:
        job_id = await work.run(queue.submit, uploads, params, owner)
    except limits.Overloaded as exc:  # the queue's or the key's ceiling: retry later (Retry-After)
        busy = Overloaded(exc.message, settings.retry_after)
        busy.details = exc.details
        raise busy from None
    return JSONResponse({"id": job_id}, status_code=202, headers={"Location": f"/v1/batches/{job_id}"})


@router.get("/batches/{job_id}", summary="Progress of a batch", responses=error_responses(404))
async def batch_status(job_id: str, queue: Queue, owner: Owner) -> dict:
    return queue.status(job_id, owner)


@router.get("/batches/{job_id}/report", summary="Summary and per-document reports of a batch",
            responses=error_responses(404))
async def batch_report(job_id: str, queue: Queue, owner: Owner) -> dict:
    return queue.report(job_id, owner)
