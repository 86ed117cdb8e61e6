"""POST /v1/compare: a comparison table (.docx) from the old and new versions of a document."""

from __future__ import annotations

from typing import Literal

from fastapi import File, Form, UploadFile
from fastapi.responses import Response

from service.api.deps import MEDIA_TYPES, AppSettings, Work, attachment, queued_router, read_upload

router = queued_router("parity")


@router.post(
    "/compare",
    summary="Build a comparison table from two versions",
    response_class=Response,
    responses={200: {"description": "the comparison table", "content": {MEDIA_TYPES["docx"]: {}}}},
)
async def compare(
    work: Work,
    settings: AppSettings,
    old: UploadFile = File(..., description="the current wording (.docx, .pdf)"),
    new: UploadFile = File(..., description="the proposed wording (.docx, .pdf)"),
    lang: Literal["kk", "ru"] | None = Form(None, description="language of the table; detected when absent"),
) -> Response:
    from service.compare import compare_versions

    old_upload = await read_upload(old, settings, accept=("docx", "pdf"), field="old")
    new_upload = await read_upload(new, settings, accept=("docx", "pdf"), field="new")
    table = await work.run(compare_versions, old_upload.data, new_upload.data, lang)
    return attachment(table, f"comparison-table.{lang or 'auto'}.docx")
