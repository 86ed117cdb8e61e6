"""The signature-ready bundle: the exact bytes the signer will sign (PDF/A-2b rendered by the office pool,
byte-deterministic), their digests, and the NCALayer ``kz.gov.pki.knca.basics`` ``sign`` requests."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from service.signing import gost
from validators.document import container
from validators.errors import UnsupportedType, UnusableDocument
from validators.texts import said

NCALAYER_MODULE = "kz.gov.pki.knca.basics"
#: extendedKeyUsage of NCA RK signing certificates (basicsSignerSignAny in ncalayer-js-client).
SIGNING_EKU = "1.3.6.1.5.5.7.3.4"
DOCUMENT_NAME = "document.pdf"


@dataclass(frozen=True)
class Bundle:
    """What the signer signs (``pdf``) and how to ask NCALayer to sign it."""

    pdf: bytes
    source_format: str
    rendered: bool  # False when a PDF was passed through unchanged

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    def digests(self) -> dict[str, str]:
        """Hex digests for each key family (NCANode's rule): SHA-256 for RSA, GOST 34.11-2015 for GOST 2015."""
        return {
            "sha256": self.sha256,
            "gost34.11-2015-256": gost.digest(self.pdf, "1.2.398.3.10.1.3.2").hex(),
            "gost34.11-2015-512": gost.digest(self.pdf, "1.2.398.3.10.1.3.3").hex(),
        }

    def ncalayer_request(self, locale: str = "ru") -> dict:
        """basicsSignCMS with basicsCMSParamsDetached: detached CMS over the data (RSA and GOST keys),
        with a time-stamp from NCALayer's default TSA profile."""
        return sign_message(base64.b64encode(self.pdf).decode("ascii"), digested=False, locale=locale)

    def ncalayer_hash_request(self, locale: str = "ru") -> dict:
        """basicsCMSParamsDetachedHash: detached CMS over the SHA-256 hash; for RSA keys only (a GOST key
        needs a GOST hash, NCANode's rule), and for documents too large to send whole."""
        digest = hashlib.sha256(self.pdf).digest()
        return sign_message(base64.b64encode(digest).decode("ascii"), digested=True, locale=locale)

    def write(self, out_dir: Path) -> list[Path]:
        """Write document.pdf, document.sha256, ncalayer-request.json and ncalayer-request-hash.json."""
        out_dir.mkdir(parents=True, exist_ok=True)
        files = {
            DOCUMENT_NAME: self.pdf,
            "document.sha256": f"{self.sha256}  {DOCUMENT_NAME}\n".encode(),
            "ncalayer-request.json": _json(self.ncalayer_request()),
            "ncalayer-request-hash.json": _json(self.ncalayer_hash_request()),
        }
        written = []
        for name, data in files.items():
            path = out_dir / name
            path.write_bytes(data)
            written.append(path)
        return written


def _json(obj: dict) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sign_message(data_b64: str, digested: bool, locale: str) -> dict:
    return {
        "module": NCALAYER_MODULE,
        "method": "sign",
        "args": {
            "allowedStorages": None,
            "format": "cms",
            "data": data_b64,
            "signingParams": {"decode": True, "encapsulate": False, "digested": digested, "tsaProfile": {}},
            "signerParams": {"extKeyUsageOids": [SIGNING_EKU], "chain": []},
            "locale": locale,
        },
    }


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnusableDocument("the PDF is encrypted; a signer must see its content: remove the password",
                                   messages=said("pdf-encrypted"))
        if not len(reader.pages):
            raise UnusableDocument("the PDF has no pages", messages=said("sign-pdf-no-pages"))
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnusableDocument(f"the PDF is not readable: {exc}") from exc


def prepare(data: bytes) -> Bundle:
    """DOCX/PPTX → PDF/A-2b through the office pool, byte-deterministic; a PDF passes through unchanged
    (re-rendering would change what its author already saw)."""
    fmt = container.sniff(data)
    if fmt == "pdf":
        _check_pdf(data)
        return Bundle(data, fmt, rendered=False)
    if fmt not in ("docx", "pptx"):
        raise UnsupportedType(f"cannot prepare a {fmt} file for signing; give .docx, .pptx or .pdf")
    from service import office

    pdf = office.convert(data, source_ext=fmt, target="pdf", pdfa=True, deterministic=True)
    return Bundle(pdf, fmt, rendered=True)
