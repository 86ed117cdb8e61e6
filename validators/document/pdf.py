"""PDF → model: text per page, split into paragraphs (lines) that carry their page number."""

from __future__ import annotations

import io
import re

from validators.document.docx import TYPED_LABEL
from validators.errors import UnusableDocument
from validators.model import Document, Paragraph

_ALIGN_HINT = re.compile(r"^\s{20,}")


def read_pdf(doc: Document) -> None:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(doc.data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                opened = 0
            if not opened:
                raise UnusableDocument("the PDF is encrypted with a password; upload an unprotected copy")
        pages = reader.pages
        doc.pages = len(pages)
        meta = reader.metadata or {}
        doc.properties = {k.lstrip("/").lower(): str(v) for k, v in meta.items() if v}
        for number, page in enumerate(pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception:  # noqa: BLE001 - a broken content stream must not lose other pages
                text = ""
            for line in text.splitlines():
                raw = line.replace("\xa0", " ")
                if not raw.strip():
                    continue
                label = None
                m = TYPED_LABEL.match(raw)
                body = raw
                if m:
                    label, body = m.group(1), raw[m.end():]
                doc.paragraphs.append(Paragraph(
                    index=len(doc.paragraphs) + 1, text=body.strip(), label=label, page=number,
                    alignment="center" if _ALIGN_HINT.match(raw) else None,
                    caps=body.upper() == body and any(c.isalpha() for c in body),
                ))
    except UnusableDocument:
        raise
    except NotImplementedError as exc:
        raise UnusableDocument(f"the PDF uses a feature that cannot be read (e.g. certificate encryption): {exc}") from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError,
            IndexError, AssertionError, ZeroDivisionError, OverflowError) as exc:  # OverflowError: startxref 10^20
        raise UnusableDocument(f"the PDF is damaged and cannot be read ({type(exc).__name__}: {exc})") from None
    if doc.pages == 0:
        raise UnusableDocument("the PDF has no pages")
