"""Fixtures of the generation tests: example records and the text of a rendered document."""

from __future__ import annotations

import io
import json

import docx
import pytest

from validators import resources


def example(kind: str) -> dict:
    return json.loads((resources.EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))


def document_text(blob: bytes) -> list[str]:
    """Every paragraph of the body, tables included (cell by cell), in order."""
    doc = docx.Document(io.BytesIO(blob))
    out: list[str] = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            out.append("".join(t.text or "" for t in block.iter("{*}t")))
        elif block.tag.endswith("}tbl"):
            for p in block.iter("{*}p"):
                out.append("".join(t.text or "" for t in p.iter("{*}t")))
    return out


def paragraphs_docx(*paragraphs: str) -> bytes:
    """A .docx whose body is one paragraph per argument (for building templates in tests)."""
    doc = docx.Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture
def make_docx():
    return paragraphs_docx


@pytest.fixture
def load_example():
    return example


@pytest.fixture
def text_of():
    return document_text
