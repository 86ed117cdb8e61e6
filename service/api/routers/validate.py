"""POST /v1/validate: one document (and optionally its other-language pair, or a related document for the pair
rules) against a profile."""

from __future__ import annotations

from typing import Literal

from fastapi import File, Form, Query, UploadFile
from fastapi.responses import JSONResponse, Response

from service.api.deps import MEDIA_TYPES, AppSettings, Work, attachment, queued_router, read_upload
from service.ocr import engine as ocr_engine
from service.office import render_info
from validators import CheckOptions, check, kinds, resources
from validators.annotate import annotate as annotate_docx
from validators.errors import UnsupportedType
from validators.report import to_sarif

router = queued_router("validation")

KindName = Literal[kinds.KINDS]  # type: ignore[valid-type]
LangName = Literal[resources.LANGS]  # type: ignore[valid-type]


def _annotated_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}.annotated.docx"


@router.post(
    "/validate",
    summary="Check a document against a profile",
    response_class=JSONResponse,
    responses={200: {"description": "the report (JSON or SARIF), or the annotated .docx",
                     "content": {"application/sarif+json": {}, MEDIA_TYPES["docx"]: {}}}},
)
async def validate(
    work: Work,
    settings: AppSettings,
    file: UploadFile = File(..., description="the document: .docx, .pdf or .pptx (sniffed from the bytes)"),
    kind: KindName | None = Form(None, description="kind of document; detected when absent"),
    lang: LangName | None = Form(None, description="language; detected when absent"),
    profile: str | None = Form(None, max_length=100, description="profile id; the default when absent"),
    pair: UploadFile | None = File(None, description="the other-language version, for parity rules"),
    related: UploadFile | None = File(None, description="a related document of another kind, for the pair rules: "
                                      "the letter a reply answers, the act's appendix file, the справка of a draft"),
    annotate: bool = Query(False, description="return the .docx with findings as Word comments"),
    comment_lang: Literal["kk", "ru", "en"] | None = Query(
        None, description="language of the Word comments; the document's language when absent"),
    format: Literal["json", "sarif"] = Query("json", description="report format"),  # noqa: A002
    pages: bool = Query(True, description="render through LibreOffice to count pages when a rule needs it"),
    spelling: bool = Query(True, description="hunspell spelling checks"),
    grammar: bool = Query(True, description="LanguageTool grammar checks (when configured)"),
    ocr: bool = Query(True, description="OCR (Tesseract) for PDF pages without a text layer"),
) -> Response:
    upload = await read_upload(file, settings)
    other = await read_upload(pair, settings, field="pair") if pair is not None else None
    rel = await read_upload(related, settings, field="related") if related is not None else None
    if annotate and upload.format != "docx":
        raise UnsupportedType(f"annotation writes Word comments, so it needs a .docx, not a {upload.format}")
    options = CheckOptions(pages=pages, spelling=spelling, grammar=grammar, ocr=ocr_engine(ocr),
                           page_counter=render_info)
    # Page counts wait on this process's LibreOffice pool (threads); everything else is pure CPU (processes).
    execute = work.run if pages else work.compute
    report = await execute(check, upload.data, kind=kind, lang=lang, profile=profile,
                           pair=other.data if other else None, name=upload.name, options=options,
                           related=rel.data if rel else None)
    if annotate:
        data = await work.compute(annotate_docx, upload.data, report, comment_lang)
        return attachment(data, _annotated_name(upload.name))
    if format == "sarif":
        return JSONResponse(to_sarif([report]), media_type="application/sarif+json")
    return JSONResponse(report.to_dict())
