"""POST /v1/parity and POST /v1/compare."""

from __future__ import annotations

import importlib.util
import io

import docx
import pytest

from service.api.deps import MEDIA_TYPES


def _render(client, example, kind: str, lang: str, data: dict | None = None) -> bytes:
    r = client.post("/v1/render", json={"kind": kind, "lang": lang, "data": data or example(kind)})
    assert r.status_code == 200, r.text
    return r.content


def test_matching_pair_from_one_record_has_no_parity_error(client, example):
    kk = _render(client, example, "resolution", "kk")
    ru = _render(client, example, "resolution", "ru")
    r = client.post("/v1/parity", files={"kk": ("kk.docx", kk), "ru": ("ru.docx", ru)})
    assert r.status_code == 200, r.text
    body = r.json()
    assert not [f for f in body["findings"] if f["severity"] == "error" and f["rule"].startswith("parity.")]
    assert body["pair"]["lang"] == "ru" and body["alignment"]


def test_mismatched_numbers_are_found(client, kk_docx, ru_docx):
    r = client.post("/v1/parity", files={"kk": ("kk.docx", kk_docx), "ru": ("ru.docx", ru_docx)})
    assert r.status_code == 200, r.text
    body = r.json()
    excerpts = " ".join(str(f["location"]) + str(f["message"]) for f in body["findings"])
    assert body["verdict"] == "rejected"
    assert "950" in excerpts or "120" in excerpts or "7" in excerpts


def test_parity_as_html(client, kk_docx, ru_docx):
    r = client.post("/v1/parity", params={"format": "html", "lang": "kk"},
                    files={"kk": ("kk.docx", kk_docx), "ru": ("ru.docx", ru_docx)})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<html" in page.lower() and "950" in page and "120" in page  # both texts, side by side


def test_parity_needs_both_files(client, kk_docx):
    r = client.post("/v1/parity", files={"kk": ("kk.docx", kk_docx)})
    assert r.status_code == 422
    assert "ru" in r.json()["error"]["message"]


def test_parity_refuses_a_non_document(client, kk_docx):
    r = client.post("/v1/parity", files={"kk": ("kk.docx", kk_docx), "ru": ("ru.docx", b"%!PS-Adobe")})
    assert r.status_code == 415
    assert r.json()["error"]["message"].startswith("ru:")


@pytest.mark.skipif(importlib.util.find_spec("service.compare") is None, reason="service.compare not installed")
def test_compare_builds_a_table_of_changes(client):
    def version(points: list[str]) -> bytes:
        d = docx.Document()
        d.add_paragraph("О внесении изменений в постановление")
        for p in points:
            d.add_paragraph(p)
        b = io.BytesIO()
        d.save(b)
        return b.getvalue()

    old = version(["1. Утвердить план на 2024 год.", "2. Контроль возложить на заместителя акима."])
    new = version(["1. Утвердить план на 2025 год.", "2. Контроль возложить на заместителя акима."])
    r = client.post("/v1/compare", files={"old": ("old.docx", old), "new": ("new.docx", new)}, data={"lang": "ru"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == MEDIA_TYPES["docx"]
    table = docx.Document(io.BytesIO(r.content))
    cells = " ".join(c.text for t in table.tables for row in t.rows for c in row.cells)
    assert "2024" in cells and "2025" in cells


def test_compare_bad_input(client):
    r = client.post("/v1/compare", files={"old": ("old.docx", b"plain text"), "new": ("new.docx", b"x")})
    assert r.status_code in (415, 422)
    assert r.json()["error"]["code"] in ("unsupported-type", "unusable-document")
    r = client.post("/v1/compare", files={"old": ("old.docx", b"x")}, data={"lang": "en"})
    assert r.status_code == 422
