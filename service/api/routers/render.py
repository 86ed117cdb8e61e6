"""POST /v1/render: a generation record → the document in kk, ru or both (a ZIP), as DOCX or PDF."""

from __future__ import annotations

import io
import zipfile
from typing import Any, Literal

from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from service import render as render_document
from service.api.deps import MEDIA_TYPES, Work, attachment, queued_router
from validators import kinds, resources

router = queued_router("generation")


class RenderRequest(BaseModel):
    """One record of a kind (valid against ``/v1/kinds/{kind}/schema``) and how to render it."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[kinds.KINDS_GENERATED]  # type: ignore[valid-type]
    lang: Literal["kk", "ru", "both"] = "ru"
    data: dict[str, Any] = Field(..., description="the record; texts are strings or {kk, ru} objects")
    profile: str | None = Field(None, max_length=100, description="profile id; the default when absent")
    format: Literal["docx", "pdf"] = "docx"


def render_languages(req: RenderRequest) -> dict[str, bytes]:
    """Render every requested language (blocking)."""
    langs = resources.LANGS if req.lang == "both" else (req.lang,)
    return {lang: render_document(req.kind, req.data, lang=lang, profile=req.profile, format=req.format)
            for lang in langs}


def zip_documents(documents: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in documents.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@router.post(
    "/render",
    summary="Generate a document from a record",
    response_class=Response,
    responses={200: {"description": "the document, or a ZIP of both languages",
                     "content": {MEDIA_TYPES["docx"]: {}, MEDIA_TYPES["pdf"]: {}, MEDIA_TYPES["zip"]: {}}}},
)
async def render(req: RenderRequest, work: Work) -> Response:
    documents = await work.run(render_languages, req)
    named = {f"{req.kind}.{lang}.{req.format}": data for lang, data in documents.items()}
    if len(named) == 1:
        (name, data), = named.items()
        return attachment(data, name)
    return attachment(await work.run(zip_documents, named), f"{req.kind}-{req.format}.zip")
