"""Unusable inputs give exit 2 and a clear message through the CLI, and never a traceback or a read outside
the document."""

from __future__ import annotations

import io
import zipfile

import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.validation.docs import build_docx, pdf_pages, ru_resolution

runner = CliRunner()


def _with_document_xml(xml: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(build_docx(ru_resolution())))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, xml if info.filename == "word/document.xml" else src.read(info.filename))
    return out.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;'
        b'&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
        b'<w:document ' + W + b'><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
       b'<w:document ' + W + b'><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<a>" + b" " * (70 * 1024 * 1024) + b"</a>")
    return out.getvalue()


def _encrypted_ole() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64


def _encrypted_pdf() -> bytes:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf_pages(1, "Справка")))
    writer = pypdf.PdfWriter()
    writer.append(reader)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


CASES = {
    "empty": (lambda: b"", "Файл пуст"),
    "corrupt-zip": (lambda: build_docx(ru_resolution())[:2000], "поврежден"),
    "doc-renamed": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024, "старого формата"),
    "encrypted-office": (_encrypted_ole, "защищен паролем"),
    "encrypted-pdf": (_encrypted_pdf, "защищен паролем"),
    "xml-bomb": (lambda: _with_document_xml(BOMB), "объявлены DTD"),
    "external-entity": (lambda: _with_document_xml(XXE), "объявлены DTD"),
    "zip-bomb": (_zip_bomb, "Файл отклонен"),
    "not-a-document": (lambda: b"hello, this is plain text\n", "не распознано"),
    "xlsx": (lambda: _xlsx(), "электронная таблица"),
}


def _xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize("name", list(CASES))
def test_unusable_file_exit_2_with_message(tmp_path, name):
    make, words = CASES[name]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(make())
    result = runner.invoke(app, ["check", str(path), "--no-pages"])
    assert result.exit_code == 2, result.output
    assert words.lower() in result.output.lower()
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_external_entity_is_never_resolved():
    from validators.document import parse
    from validators.errors import UnusableDocument

    with pytest.raises(UnusableDocument) as exc:
        parse(_with_document_xml(XXE))
    assert "/etc/hostname" not in str(exc.value.message)


def test_pptx_with_dtd_is_refused_before_python_pptx():
    from pptx import Presentation

    from validators.document import parse
    from validators.errors import UnusableDocument

    buf = io.BytesIO()
    Presentation().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/presentation.xml":
                data = data.replace(b"?>", b"?><!DOCTYPE p [<!ENTITY x 'y'>]>", 1)
            z.writestr(info.filename, data)
    with pytest.raises(UnusableDocument):
        parse(out.getvalue())


def test_missing_file_and_unknown_profile_exit_2(tmp_path):
    assert runner.invoke(app, ["check", str(tmp_path / "nope.docx")]).exit_code == 2
    path = tmp_path / "a.docx"
    path.write_bytes(build_docx(ru_resolution()))
    result = runner.invoke(app, ["check", str(path), "--profile", "nowhere"])
    assert result.exit_code == 2 and "Регламента «nowhere» нет" in result.output


def test_one_unusable_among_several_files_still_reports_the_others(tmp_path):
    good = tmp_path / "good.docx"
    good.write_bytes(build_docx(ru_resolution()))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["check", str(good), str(bad), "--no-pages", "--no-spelling", "--messages", "en"])
    assert result.exit_code == 2
    assert "good.docx: ACCEPTED" in result.output and "empty" in result.output
