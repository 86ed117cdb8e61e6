"""POST /v1/parity: the Kazakh and Russian versions of one document compared unit by unit."""

from __future__ import annotations

from typing import Literal

from fastapi import File, Form, Query, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from service.api.deps import AppSettings, Upload, Work, queued_router, read_upload
from validators.bilingual import compare_pair, load, parity_result
from validators.parity import html
from validators.report import Report

router = queued_router("parity")


def compare_uploads(kk: Upload, ru: Upload, profile: str | None, arithmetic: bool,
                    html_lang: str | None) -> Report | str:
    """The parity report of the pair, or (``html_lang`` given) its side-by-side HTML page (blocking)."""
    kk_doc, ru_doc = load(kk.data, "kk", kk.name, profile), load(ru.data, "ru", ru.name, profile)
    report = compare_pair(kk_doc, ru_doc, profile=profile, arithmetic=arithmetic)
    if html_lang is None:
        return report
    return html.render(parity_result(kk_doc, ru_doc, profile), report, lang=html_lang)


@router.post(
    "/parity",
    summary="Compare the kk and ru versions of a document",
    response_class=JSONResponse,
    responses={200: {"description": "the parity report (JSON) or an HTML page", "content": {"text/html": {}}}},
)
async def parity(
    work: Work,
    settings: AppSettings,
    kk: UploadFile = File(..., description="the Kazakh version (.docx, .pdf)"),
    ru: UploadFile = File(..., description="the Russian version (.docx, .pdf)"),
    profile: str | None = Form(None, max_length=100, description="profile id; the default when absent"),
    arithmetic: bool = Query(True, description="also check sums and counts inside each version"),
    format: Literal["json", "html"] = Query("json", description="report format"),  # noqa: A002
    lang: Literal["kk", "ru"] = Query("ru", description="language of the messages on the HTML page"),
) -> Response:
    kk_upload = await read_upload(kk, settings, accept=("docx", "pdf"), field="kk")
    ru_upload = await read_upload(ru, settings, accept=("docx", "pdf"), field="ru")
    result = await work.compute(compare_uploads, kk_upload, ru_upload, profile, arithmetic,
                                lang if format == "html" else None)
    if isinstance(result, str):
        return HTMLResponse(result)
    return JSONResponse(result.to_dict())
