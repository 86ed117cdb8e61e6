"""Batches: POST /v1/batches (files[] or one .zip) → 202 {"id"}; GET /v1/batches/{id} (progress);
GET /v1/batches/{id}/report. Jobs live on disk (service.batch.jobs) and survive a restart of the API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse

from service.api.deps import AppSettings, Work
from service.api.errors import error_responses
from service.batch import jobs
from service.batch.inputs import MAX_TOTAL_BYTES
from validators import kinds, profiles, resources
from validators.errors import DataInvalid, TooLarge, UnknownName, UnusableDocument

router = APIRouter(prefix="/v1", tags=["batches"])

KindName = Literal[kinds.KINDS]  # type: ignore[valid-type]
LangName = Literal[resources.LANGS]  # type: ignore[valid-type]


async def _read_all(files: list[UploadFile], limit: int) -> list[tuple[str, bytes]]:
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
             responses={202: {"description": '{"id": "..."}'}, **error_responses(413, 422)})
async def create_batch(
    settings: AppSettings,
    work: Work,
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
    uploads = await _read_all(files, settings.max_upload_bytes)
    params = {"profile": profile, "kind": kind, "lang": lang, "received": received}
    job_id = await work.run(jobs.create, uploads, params)
    return JSONResponse({"id": job_id}, status_code=202, headers={"Location": f"/v1/batches/{job_id}"})


@router.get("/batches/{job_id}", summary="Progress of a batch", responses=error_responses(404))
async def batch_status(job_id: str) -> dict:
    return jobs.status(job_id)


@router.get("/batches/{job_id}/report", summary="Summary and per-document reports of a batch",
            responses=error_responses(404))
async def batch_report(job_id: str) -> dict:
    return jobs.report(job_id)
