"""The web page end to end in Debian's headless Chromium (Playwright with its executable path): upload a
document, see the findings grouped by severity, download the annotated .docx, build a document from the
form in both languages, switch the interface language."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from tests.api import chromium

pytestmark = chromium.MARKS


@pytest.fixture
def page(open_page):
    pg = open_page()
    yield pg
    assert not pg.errors, pg.errors  # no JavaScript error on the way


def test_check_a_document_and_download_it_annotated(page, tmp_path, kk_docx, ru_docx):
    (tmp_path / "kk.docx").write_bytes(kk_docx)
    (tmp_path / "ru.docx").write_bytes(ru_docx)
    chromium.check(page, tmp_path / "kk.docx", tmp_path / "ru.docx")
    assert "kk.docx" in page.inner_text("#file-name")

    assert page.inner_text("#verdict strong") == "Подлежит возврату на доработку"  # the numbers differ
    groups = page.query_selector_all(".severity-group")
    assert groups and groups[0].get_attribute("data-severity") == "error"
    first = page.query_selector(".severity-group.error .finding")
    assert first.get_attribute("data-rule").startswith(("parity.", "arithmetic."))
    assert "Основание:" in first.inner_text()  # the cited clause
    assert page.inner_text("#doc-info").count("kk.docx") == 1

    with page.expect_download() as info:
        page.click("#download-annotated")
    download = info.value
    assert download.suggested_filename == "kk.annotated.docx"
    data = Path(download.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "<w:comment " in zf.read("word/comments.xml").decode()
    assert docx.Document(io.BytesIO(data)).paragraphs


def test_error_of_a_bad_upload_is_shown(page, tmp_path):
    (tmp_path / "notes.docx").write_text("not a document", encoding="utf-8")
    page.set_input_files("#file-input", str(tmp_path / "notes.docx"))
    page.click("#check-btn")
    page.wait_for_selector("#check-error:not([hidden])")
    said = page.inner_text("#check-error")  # said to people, in the interface language; codes stay in the JSON
    assert "Содержимое файла не распознано: это не .docx, не .pdf и не .pptx." in said, said  # what was wrong


def test_generate_a_document_from_the_form(page):
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is needed for the PDF step")
    page.click("#tab-generate")
    chromium.show_form(page, "decision")
    page.fill("#gen-form [data-path='number']", "77")
    page.select_option("#gen-lang", "both")
    with page.expect_download() as info:
        page.click("#gen-download")
    download = info.value
    assert download.suggested_filename == "decision-docx.zip"
    with zipfile.ZipFile(download.path()) as zf:
        assert sorted(zf.namelist()) == ["decision.kk.docx", "decision.ru.docx"]
        ru_text = "\n".join(p.text for p in docx.Document(io.BytesIO(zf.read("decision.ru.docx"))).paragraphs)
    assert "77" in ru_text

    page.select_option("#gen-lang", "kk")
    page.select_option("#gen-format", "pdf")
    with page.expect_download(timeout=120_000) as info:
        page.click("#gen-download")
    assert info.value.suggested_filename == "decision.kk.pdf"
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF-")

    page.select_option("#gen-format", "docx")
    page.fill("#gen-form [data-path='number']", "")  # a required field emptied → the server's 422 is shown
    page.click("#gen-download")
    page.wait_for_selector("#gen-error:not([hidden])")
    assert "Номер: Обязательное поле." in page.inner_text("#gen-error")


def test_interface_language_switch(page):
    page.click("[data-ui-lang=kk]")
    assert page.inner_text("#tab-check") == "Құжатты тексеру"
    assert page.get_attribute("html", "lang") == "kk"
    page.click("[data-ui-lang=ru]")
    assert page.inner_text("#tab-check") == "Проверка документа"
