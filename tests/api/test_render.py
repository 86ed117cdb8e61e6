"""POST /v1/render: records from examples/ rendered through the real templates (and LibreOffice for PDF)."""

from __future__ import annotations

import io
import shutil
import zipfile

import docx
import pytest

from service.api.deps import MEDIA_TYPES, sniff_format
from validators import kinds


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("kind", kinds.KINDS_GENERATED)
def test_every_generated_kind_renders_in_russian(client, example, kind):
    r = client.post("/v1/render", json={"kind": kind, "lang": "ru", "data": example(kind)})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == MEDIA_TYPES["docx"]
    assert f'filename="{kind}.ru.docx"' in r.headers["content-disposition"]
    assert sniff_format(r.content) == "docx"


def test_kazakh_text_comes_from_the_kk_side_of_the_record(client, example):
    data = example("resolution")
    r = client.post("/v1/render", json={"kind": "resolution", "lang": "kk", "data": data})
    assert r.status_code == 200
    text = _text(r.content)
    assert data["title"]["kk"] in text and data["title"]["ru"] not in text


def test_both_languages_come_as_a_zip_of_two_documents(client, example):
    r = client.post("/v1/render", json={"kind": "order", "lang": "both", "data": example("order")})
    assert r.status_code == 200
    assert r.headers["content-type"] == MEDIA_TYPES["zip"]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert sorted(zf.namelist()) == ["order.kk.docx", "order.ru.docx"]
        assert all(sniff_format(zf.read(n)) == "docx" for n in zf.namelist())


@pytest.mark.office
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_pdf_through_libreoffice(client, example):
    r = client.post("/v1/render", json={"kind": "decision", "lang": "ru", "format": "pdf",
                                        "data": example("decision")})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF-")


def test_record_not_matching_the_schema_is_422_with_paths(client, example):
    data = example("resolution")
    del data["number"]
    data["date"] = "16.06.2025"
    r = client.post("/v1/render", json={"kind": "resolution", "lang": "ru", "data": data})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid-data"
    assert "number" in err["message"] and err["details"]


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "presentation", "lang": "ru", "data": {}},  # validated-only kind
        {"kind": "resolution", "lang": "en", "data": {}},
        {"kind": "resolution", "lang": "ru", "data": {}, "format": "odt"},
        {"kind": "resolution", "lang": "ru", "data": []},
        {"kind": "resolution", "lang": "ru", "data": {}, "colour": "red"},  # unknown field
    ],
    ids=["validated-only", "lang", "format", "data-not-object", "extra-field"],
)
def test_wrong_fields_are_422(client, body):
    r = client.post("/v1/render", json=body)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid-request"


def test_unknown_profile_is_422(client, example):
    r = client.post("/v1/render", json={"kind": "resolution", "lang": "ru", "profile": "nowhere-1900",
                                        "data": example("resolution")})
    assert r.status_code == 422
    assert "nowhere-1900" in r.json()["error"]["message"]
