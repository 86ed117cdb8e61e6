"""POST /v1/parity: the Kazakh and Russian versions of one document compared unit by unit."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from service.api.deps import AppSettings, Work, read_upload
from service.api.errors import error_responses
from validators.parity import compare_pair

router = APIRouter(prefix="/v1", tags=["parity"])


@router.post(
    "/parity",
    summary="Compare the kk and ru versions of a document",
    response_class=JSONResponse,
    responses={200: {"description": "the parity report (JSON) or an HTML page", "content": {"text/html": {}}},
               **error_responses(413, 415, 422, 429, 503)},
)
async def parity(
    work: Work,
    settings: AppSettings,
    kk: UploadFile = File(..., description="the Kazakh version (.docx, .pdf)"),
    ru: UploadFile = File(..., description="the Russian version (.docx, .pdf)"),
    profile: str | None = Form(None, max_length=100, description="profile id; the default when absent"),
    arithmetic: bool = Query(True, description="also check sums and counts inside each version"),
    format: Literal["json", "html"] = Query("json", description="report format"),  # noqa: A002
) -> Response:
    kk_upload = await read_upload(kk, settings, field="kk")
    ru_upload = await read_upload(ru, settings, field="ru")
    report = await work.run(compare_pair, kk_upload.data, ru_upload.data, profile=profile, arithmetic=arithmetic,
                            kk_name=kk_upload.name, ru_name=ru_upload.name)
    if format == "html":
        from validators.parity.html import to_html

        return HTMLResponse(await work.run(to_html, report))
    return JSONResponse(report.to_dict())
