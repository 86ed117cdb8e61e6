"""The per-document task, the same on every engine: sniff the type, check DOCX/PDF/PPTX, and return one
result record. It never raises: an unsupported type or an unusable file is a record too.

``QUJAT_BATCH_TASK=module:function`` replaces the task on the workers (a seam for fault-injection tests).
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from service.batch.inputs import sha256
from validators.errors import QujatError, UnsupportedType
from validators.settings import current
from validators.texts import error_texts

TaskFunction = Callable[[str, bytes, list[dict], dict], dict]
SIGNATURE_LIMIT = 1024 * 1024  # a detached CMS is a few kB; larger "signatures" travel by name only


@dataclass(frozen=True)
class Params:
    """What every document of a batch is checked with."""

    profile: str | None = None
    kind: str | None = None
    lang: str | None = None
    pages: bool = False
    spelling: bool = False
    received: str | None = None  # ISO date; None = the day of the run
    inbox: bool = True  # letters in a batch are incoming correspondence, not our own cover letters
    ocr: bool = True  # OCR scanned PDF pages (incoming correspondence is mostly scanned PDF)

    def to_dict(self) -> dict:
        return asdict(self)


def record(path: str, digest: str, status: str, **fields: Any) -> dict:
    """A line of results.jsonl: ``status`` is checked | unsupported | unusable | refused | attachment."""
    return {"path": path, "sha256": digest, "status": status, "format": None, "verdict": None, "kind": None,
            "lang": None, "counts": None, "rules": {}, "card": None, "error": None, "report": None, **fields}


def unusable(path: str, digest: str, message: str, code: str = "unusable-document",
             messages: dict[str, str] | None = None) -> dict:
    """An ``unusable`` record; ``messages``: what its error says to people (else the text of its code)."""
    return record(path, digest, "unusable", error={"code": code, "message": message,
                                                  **({"messages": messages} if messages else {})})


def failed(status: str, path: str, digest: str, exc: QujatError, **fields: Any) -> dict:
    """The record of a document refused with ``exc``: its code, English detail and what it says to people."""
    return record(path, digest, status, error={"code": exc.code, "message": exc.message,
                                               "messages": dict(error_texts(exc))}, **fields)


def attachment(path: str, data: bytes | None = None) -> dict:
    """An attachment as jobs carry it: its path, and for a signature file its bytes (base64, JSON-safe)."""
    return {"path": path, "b64": base64.b64encode(data).decode()} if data is not None else {"path": path}


def verify_signatures(data: bytes, attachments: list[dict]) -> tuple[dict, ...]:
    """Verify every attached detached CMS over the document with service.signing (the configured NCA RK
    anchors). Each entry carries its status and reasons in the signing module's kk/ru/en words
    (``status_text``, ``reason_texts``) for the card and the findings."""
    from service.signing import texts as signing_texts

    out = []
    for a in attachments:
        if "b64" not in a:
            continue
        entry: dict[str, Any] = {"path": a["path"], "status": "invalid", "signer": None, "organisation": None,
                                 "reasons": [], "reason_texts": []}
        try:
            from service.signing.verify import verify

            result = verify(data, base64.b64decode(a["b64"]), document_name="document")
        except QujatError as exc:
            entry.update(reasons=[exc.message], reason_texts=[dict(error_texts(exc))])
        except Exception as exc:  # a damaged signature is the letter's problem, not the batch's
            entry.update(reasons=[f"{type(exc).__name__}: {exc}"],
                         reason_texts=[signing_texts.explain(f"{type(exc).__name__}: {exc}")])
        else:
            signer = next((s for s in result.signers if s.certificate), None)
            cert = signer.certificate if signer else None
            entry.update(status=result.status, reasons=result.reasons + [r for s in result.signers
                                                                         for r in s.reasons],
                         reason_texts=result.reason_texts
                         + [m.text for s in result.signers for m in s.messages if m.kind != "warning"],
                         signer=cert.full_name or cert.common_name if cert else None,
                         organisation=cert.organisation if cert else None)
        entry["status_text"] = signing_texts.tri("status", entry["status"])
        out.append(entry)
    return tuple(out)


def check_document(path: str, data: bytes, attachments: list[dict], params: dict) -> dict:
    """Check one document; any failure becomes an ``unusable``/``unsupported`` record naming the reason."""
    digest = sha256(data)
    try:
        from validators.document import container

        fmt = container.sniff(data)
    except UnsupportedType as exc:
        return failed("unsupported", path, digest, exc)
    except QujatError as exc:
        return failed("unusable", path, digest, exc)
    try:
        from service.ocr import engine as ocr_engine
        from service.office import render_info
        from validators import CheckOptions, check

        p = Params(**params)
        received = dt.date.fromisoformat(p.received) if p.received else None
        options = CheckOptions(pages=p.pages, spelling=p.spelling, grammar=False,
                               attachments=tuple(a["path"] for a in attachments), received=received,
                               signatures=verify_signatures(data, attachments), inbox=p.inbox,
                               ocr=ocr_engine(p.ocr), page_counter=render_info)
        report = check(data, kind=p.kind, lang=p.lang, profile=p.profile, name=path.rsplit("/", 1)[-1],
                       options=options)
    except UnsupportedType as exc:
        return failed("unsupported", path, digest, exc, format=fmt)
    except QujatError as exc:
        return failed("unusable", path, digest, exc)
    except Exception as exc:  # a bug on one document must not stop the batch
        return unusable(path, digest, f"the check failed: {type(exc).__name__}: {exc}", "check-failed")
    body = report.to_dict()
    return record(path, digest, "checked", format=fmt, verdict=report.verdict, kind=report.document.kind,
                  lang=report.document.lang, counts=report.counts(),
                  rules=dict(Counter(f.rule for f in report.findings)), card=body.get("card"), report=body)


def preload(profile: str | None = None) -> None:
    """Warm a worker (:func:`service.warmup.warm_up` with this batch's profile) before it takes its first
    document, so that loading is never counted against a document's time limit."""
    from service.warmup import warm_up

    warm_up([profile], spelling=False)


def resolve(spec: str | None = None) -> TaskFunction:
    """The task function: ``spec`` or $QUJAT_BATCH_TASK as ``module:function``, else :func:`check_document`."""
    spec = spec or current().batch_task
    if not spec:
        return check_document
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)
