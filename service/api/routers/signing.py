"""POST /v1/sign/prepare, /v1/sign/verify, /v1/sign/package: EDS signature-ready output, detached CMS
verification and the signed package. Thin: uploads and limits here, the work in service.signing."""

from __future__ import annotations

import base64
import os

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import JSONResponse, Response

from service.api.deps import AppSettings, Work, attachment, read_upload
from service.api.errors import error_responses
from service.api.settings import Settings
from service.signing.anchors import configured
from service.signing.certificates import TrustStore
from service.signing.revocation import RevocationConfig
from validators.errors import TooLarge, UnusableDocument
from validators.settings import current
from validators.texts import said

router = APIRouter(prefix="/v1/sign", tags=["signing"])
MAX_SIGNATURES = 20


async def read_bytes(file: UploadFile, settings: Settings, field: str) -> tuple[str, bytes]:
    """Any signed content (a detached CMS may sign any bytes), bounded by the upload limit, never sniffed."""
    chunks, size = [], 0
    while chunk := await file.read(1024 * 1024):
        size += len(chunk)
        if size > settings.max_upload_bytes:
            raise TooLarge(f"{field}: the file exceeds the upload limit of {settings.max_upload_mb:g} MB")
        chunks.append(chunk)
    if not size:
        raise UnusableDocument(f"{field}: the file is empty", messages=said("sign-field-empty", field=field))
    name = os.path.basename((file.filename or field).replace("\\", "/")) or field
    return name, b"".join(chunks)


def _trust(trust: UploadFile | None) -> TrustStore:
    """The server's trust store, from its configuration only (QUJAT_TRUST_SET, QUJAT_TRUST_STORE): a request
    can't bring anchors of its own, so an uploaded «trust» file is refused rather than silently used."""
    if trust is not None:
        raise UnusableDocument("trust: the trust store is set by the server's configuration (QUJAT_TRUST_SET, "
                               "QUJAT_TRUST_STORE); a request cannot add trust anchors",
                               messages=said("sign-trust-by-server"))
    return configured()


@router.post("/prepare", summary="Signature-ready PDF/A-2b, its SHA-256 and the NCALayer request",
             responses=error_responses(413, 415, 422, 429, 503))
async def prepare(work: Work, settings: AppSettings,
                  file: UploadFile = File(..., description=".docx, .pptx or .pdf")) -> JSONResponse:
    from service.signing.prepare import prepare as prepare_bundle

    upload = await read_upload(file, settings)
    bundle = await work.run(prepare_bundle, upload.data)
    return JSONResponse({
        "sha256": bundle.sha256,
        "digests": bundle.digests(),
        "rendered": bundle.rendered,
        "pdf_base64": base64.b64encode(bundle.pdf).decode("ascii"),
        "ncalayer_request": bundle.ncalayer_request(),
        "ncalayer_hash_request": bundle.ncalayer_hash_request(),
    })


@router.post("/verify", summary="Verify CMS signatures: integrity, chain, revocation, key usage, time",
             responses=error_responses(413, 422, 429, 503))
async def verify(work: Work, settings: AppSettings,
                 file: UploadFile = File(..., description="the signed document byte for byte; without "
                                         "«signature»: a signed package, a PAdES PDF or an attached CMS"),
                 signature: UploadFile | None = File(None, description="the CMS: DER, PEM, base64, NCALayer's "
                                                     "JSON answer or a JSON array"),
                 trust: UploadFile | None = File(None, description="refused: the trust store is the server's "
                                                                "configuration, never a request's"),
                 ) -> JSONResponse:
    from service.signing.package import verify_upload

    store = _trust(trust)
    name, data = await read_bytes(file, settings, "file")
    sig = (await read_bytes(signature, settings, "signature"))[1] if signature is not None else None
    result = await work.run(verify_upload, data, name, sig, store, RevocationConfig.from_env())
    return JSONResponse(result.to_dict())


@router.post("/package", summary="One PDF: the document, its CMS signatures attached, a sheet per signature",
             response_class=Response,
             responses={200: {"content": {"application/pdf": {}}}, **error_responses(413, 422, 429, 503)})
async def package(work: Work, settings: AppSettings,
                  file: UploadFile = File(..., description="the signed document"),
                  signature: list[UploadFile] | None = File(None, description="detached CMS, one or more"),
                  signature_list: list[UploadFile] | None = File(None, alias="signature[]",
                                                                 description="the same, PHP-style name"),
                  trust: UploadFile | None = File(None, description="refused: the trust store is the server's "
                                                                 "configuration, never a request's"),
                  ) -> Response:
    from service.signing.package import build

    signature = [*(signature or []), *(signature_list or [])]
    if not signature:
        raise UnusableDocument("give at least one signature (multipart field «signature»)",
                               messages=said("sign-need-signature-field"))
    if len(signature) > MAX_SIGNATURES:
        raise UnusableDocument(f"at most {MAX_SIGNATURES} signatures per package",
                               messages=said("sign-too-many", limit=MAX_SIGNATURES))
    store = _trust(trust)
    name, data = await read_bytes(file, settings, "file")
    signatures = [(await read_bytes(s, settings, f"signature[{i}]"))[1] for i, s in enumerate(signature)]
    pdf, _ = await work.run(build, data, signatures, name, store, RevocationConfig.from_env(),
                            current().public_url)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return attachment(pdf, f"{stem}.signed.pdf", "application/pdf")
