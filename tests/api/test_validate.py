"""POST /v1/validate: real documents (python-docx, python-pptx, reportlab) through the real validators."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from pptx import Presentation
from pptx.util import Inches, Pt

from service.api.deps import MEDIA_TYPES

FAST = {"pages": "false"}


def _report(r) -> dict:
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"] in ("accepted", "rejected", "not-checked")
    if body["verdict"] == "not-checked":  # not understood: says why and what to do
        assert body["not_checked"]["why"]["ru"] and body["not_checked"]["todo"]["kk"]
    else:
        assert body["verdict"] == ("rejected" if any(f["severity"] == "error" for f in body["findings"]) else "accepted")
    return body


def test_docx_report_names_the_document(client, ru_docx):
    body = _report(client.post("/v1/validate", params=FAST, files={"file": ("проект.docx", ru_docx)},
                               data={"kind": "resolution", "lang": "ru"}))
    assert body["document"]["name"] == "проект.docx"
    assert body["document"]["format"] == "docx" and body["document"]["kind"] == "resolution"
    assert body["document"]["lang"] == "ru"
    assert body["profile"] == "turkestan-city-2025"
    for f in body["findings"]:
        assert set(f["message"]) >= {"kk", "ru", "en"} and f["source"]["clause"]


def test_kind_and_language_are_detected_when_absent(client, kk_docx):
    body = _report(client.post("/v1/validate", params=FAST, files={"file": ("a.docx", kk_docx)}))
    assert body["document"]["lang"] == "kk"


def test_pair_brings_parity_findings(client, ru_docx, kk_docx):
    body = _report(client.post("/v1/validate", params=FAST,
                               files={"file": ("kk.docx", kk_docx), "pair": ("ru.docx", ru_docx)},
                               data={"kind": "resolution"}))
    rules = {f["rule"] for f in body["findings"]}
    assert any(r.startswith("parity.") for r in rules), rules  # 7 vs 5 measures, 950 000 vs 120 000 tenge


def test_related_document_runs_the_pair_rules(client, ru_docx):
    from tests.validation.docs import build_docx, ru_resolution

    appendix = [b for b in ru_resolution() if b.key.startswith("appx")]
    act = build_docx([b for b in ru_resolution() if not b.key.startswith("appx")])
    body = _report(client.post("/v1/validate", params=FAST, data={"kind": "resolution"},
                               files={"file": ("act.docx", act), "related": ("appendix.docx", build_docx(appendix))}))
    assert "pair.appendix-header" in body["checked"]
    assert not [f for f in body["findings"] if f["rule"] == "pair.appendix-header"]
    r = client.post("/v1/validate", params=FAST, files={"file": ("a.docx", ru_docx), "related": ("b.docx", b"hello")})
    assert r.status_code == 415 and r.json()["error"]["message"].startswith("related:")


def test_sarif_format(client, ru_docx, kk_docx):
    r = client.post("/v1/validate", params={**FAST, "format": "sarif"},
                    files={"file": ("kk.docx", kk_docx), "pair": ("ru.docx", ru_docx)})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sarif+json")
    sarif = r.json()
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_pptx_presentation(client):
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(10), Inches(7.5)  # 4:3, the rules want 16:9
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Итоги благоустройства"
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1)).text_frame
    box.text = "Мелкий текст"
    box.paragraphs[0].runs[0].font.size = Pt(10)
    buffer = io.BytesIO()
    prs.save(buffer)
    body = _report(client.post("/v1/validate", params=FAST, files={"file": ("slides.pptx", buffer.getvalue())},
                               data={"kind": "presentation"}))
    assert body["document"]["format"] == "pptx"


def test_pdf_upload(client):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 760, "Spravka")
    pdf.showPage()
    pdf.save()
    body = _report(client.post("/v1/validate", params=FAST, files={"file": ("note.pdf", buffer.getvalue())}))
    assert body["document"]["format"] == "pdf" and body["document"]["pages"] == 1
    assert body["verdict"] == "not-checked"  # one Latin word: nothing a profile can be applied to


def test_annotated_docx_has_comments_for_findings(client, ru_docx, kk_docx):
    pytest.importorskip("validators.annotate")
    r = client.post("/v1/validate", params={**FAST, "annotate": "true"},
                    files={"file": ("kk.docx", kk_docx), "pair": ("ru.docx", ru_docx)})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == MEDIA_TYPES["docx"]
    assert 'filename="kk.annotated.docx"' in r.headers["content-disposition"]
    annotated = docx.Document(io.BytesIO(r.content))  # still a document Word opens
    assert [p.text for p in annotated.paragraphs if p.text] == [p.text for p in docx.Document(io.BytesIO(kk_docx)).paragraphs if p.text]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        comments = zf.read("word/comments.xml").decode()
    assert comments.count("<w:comment ") >= 1


def test_annotate_needs_a_docx(client):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 700, "x")
    pdf.save()
    r = client.post("/v1/validate", params={"annotate": "true"}, files={"file": ("a.pdf", buffer.getvalue())})
    assert r.status_code == 415
    assert ".docx" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    ("data", "params", "code"),
    [
        ({"kind": "memo"}, {}, "invalid-request"),
        ({"lang": "en"}, {}, "invalid-request"),
        ({"profile": "nowhere-1900"}, {}, "unknown-name"),
        ({}, {"format": "xml"}, "invalid-request"),
    ],
    ids=["kind", "lang", "profile", "format"],
)
def test_bad_fields_are_422(client, ru_docx, data, params, code):
    r = client.post("/v1/validate", params={**FAST, **params}, files={"file": ("a.docx", ru_docx)}, data=data)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == code


def test_bad_pair_is_named(client, ru_docx):
    r = client.post("/v1/validate", params=FAST, files={"file": ("a.docx", ru_docx), "pair": ("b.docx", b"hello")})
    assert r.status_code == 415
    assert r.json()["error"]["message"].startswith("pair:")
