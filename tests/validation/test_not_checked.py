"""A verdict claims only what was checked: documents that were not understood get `not-checked` (CLI exit 3),
with why, what to do (kk/ru/en), what was checked and the kind detection — never a green «accepted»."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.validation.docs import P, build_docx, ru_resolution
from validators import CheckOptions, check

runner = CliRunner()
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json").read_text())


def _image_only_pdf() -> bytes:
    """A scanned page: a PDF whose only content is an image (no text layer)."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 560), 255)
    for x in range(40, 360):  # a few dark lines, as a scan of text would have
        for y in (60, 61, 100, 101, 140, 141):
            img.putpixel((x, y), 0)
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.drawImage(ImageReader(img), 40, 200, width=500, height=600)
    c.showPage()
    c.save()
    return out.getvalue()


def _empty_deck() -> bytes:
    from pptx import Presentation

    out = io.BytesIO()
    Presentation().save(out)
    return out.getvalue()


def _shopping_list() -> bytes:
    return build_docx([P("Список покупок"), P("Молоко — 2 литра"), P("Хлеб белый, 1 буханка"),
                       P("Яйца, десяток"), P("Сыр твёрдый 300 г"), P("Яблоки зелёные, 1 кг")])


def _unfilled_template() -> bytes:
    """A college order template left as it was downloaded: placeholders, no date, number or signature."""
    return build_docx([P("«Қарағанды политехникалық колледжі» КМҚК", align="center"),
                       P("ПРИКАЗ", align="center", bold=True),
                       P("${date}                                    № ${number}"),
                       P("О приеме на работу"),
                       P("В соответствии со статьей 33 Трудового кодекса Республики Казахстан ПРИКАЗЫВАЮ:"),
                       P("1. Принять ${name} на должность ${position} с ${date}."),
                       P("Директор                                        ${director}")])


def _english_text() -> bytes:
    return build_docx([P("Minutes of the meeting of the working group on urban transport"),
                       P("The participants discussed the schedule of the new bus routes and agreed to meet again."),
                       P("Signed: the chair of the working group")])


CASES = {
    "image-only-pdf": (_image_only_pdf, "no-text", "scan.pdf"),
    "empty-deck": (_empty_deck, "nothing-to-check", "deck.pptx"),
    "shopping-list": (_shopping_list, "unknown-kind", "list.docx"),
    "unfilled-template": (_unfilled_template, "unfilled-template", "template.docx"),
    "english-text": (_english_text, "language", "minutes.docx"),
}


def _check(data: bytes, name: str, **kw):
    return check(data, name=name, options=CheckOptions(pages=False, spelling=False, grammar=False), **kw)


@pytest.mark.parametrize("case", list(CASES))
def test_not_understood_is_not_checked_with_why_and_what_to_do(case):
    make, reason, name = CASES[case]
    report = _check(make(), name)
    assert report.verdict == "not-checked", report.to_text()
    body = report.to_dict()
    jsonschema.validate(body, SCHEMA)
    nc = body["not_checked"]
    assert nc["reason"] == reason
    for part in ("why", "todo"):
        assert set(nc[part]) == {"kk", "ru", "en"} and all(nc[part].values())
        assert not re.search(r"(?<!\$)\{[a-z_]+\}", "".join(nc[part].values()))  # every placeholder filled
    # what a kk or ru reader sees has no English words (format names and command flags aside)
    for lang in ("kk", "ru"):
        said = re.sub(r"\$\{[^}]*\}", "", nc["why"][lang] + nc["todo"][lang])  # the document's own slots
        words = re.findall(r"(?<![-\w])[A-Za-z]{3,}", said)
        assert set(words) <= {"PDF", "DOCX", "OCR", "dpi", "kind", "lang"}, words
    assert body["detection"] is not None and "confidence" in body["detection"]
    assert all(rule_id in {r for r in body["checked"]} for rule_id in {f["rule"] for f in body["findings"]})


@pytest.mark.parametrize("case", list(CASES))
def test_cli_exit_3_and_never_0_for_what_was_not_understood(tmp_path, case):
    make, reason, name = CASES[case]
    path = tmp_path / name
    path.write_bytes(make())
    result = runner.invoke(app, ["check", str(path), "--no-pages", "--no-spelling", "--messages", "ru"])
    assert result.exit_code == 3, result.output
    assert "НЕ ПРОВЕРЕН" in result.output  # the verdict in the language asked for
    assert "Traceback" not in result.output
    json_run = runner.invoke(app, ["check", str(path), "--no-pages", "--no-spelling", "--format", "json"])
    assert json_run.exit_code == 3
    # the CLI runs OCR on scans: the speckled page is then read, and found too poor to judge
    said = json.loads(json_run.output)["not_checked"]["reason"]
    assert said == reason or (reason, said) == ("no-text", "ocr-poor")


def test_not_checked_among_accepted_files_still_exits_3(tmp_path):
    good = tmp_path / "good.docx"
    good.write_bytes(build_docx(ru_resolution()))
    odd = tmp_path / "list.docx"
    odd.write_bytes(_shopping_list())
    result = runner.invoke(app, ["check", str(good), str(odd), "--no-pages", "--no-spelling", "--messages", "en"])
    assert result.exit_code == 3
    assert "good.docx: ACCEPTED" in result.output and "list.docx: NOT-CHECKED" in result.output


def test_an_unknown_kind_gets_only_the_checks_of_any_document():
    report = _check(_shopping_list(), "list.docx")
    assert report.document.kind is None
    assert "language.homoglyph" in report.checked
    assert not {"requisite.date", "requisite.signature", "letter.executor", "incoming.eds"} & set(report.checked)


def test_a_given_kind_is_checked_as_that_kind_even_without_evidence():
    report = _check(_shopping_list(), "list.docx", kind="cover-letter")
    assert report.verdict == "rejected"  # now the letter's requisites are checked, and missing
    assert report.to_dict()["detection"]["given"] is True


def test_a_recognised_document_reports_its_kind_confidence_and_runner_up():
    report = _check(build_docx(ru_resolution()), "r.docx")
    det = report.to_dict()["detection"]
    assert report.verdict == "accepted" and det["kind"] == "resolution" and not det["given"]
    assert det["confidence"] >= 0.5
    assert det["best"]["kind"] == "resolution" and det["best"]["evidence"]
    assert "requisite.signature" in report.checked
