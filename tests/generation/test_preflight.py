"""Preflight judges a template the way docxtpl renders it: whatever docxtpl renders passes (tags split across
runs, its own tags), what docxtpl fails on is reported with a location a person can find, and with a kind the
variables its schema does not declare. Each template is built here with python-docx and also rendered by docxtpl
itself (``trial_render``), the ground truth."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx import Document

from service.preflight import check_all, check_bytes, trial_render


def _save(doc: Document) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _split(paragraph, *pieces: str) -> None:
    """The paragraph's text typed as several runs, as Word saves an edited tag (one run bold to keep them apart)."""
    for i, piece in enumerate(pieces):
        paragraph.add_run(piece).bold = bool(i % 2)


def _rendered_text(blob: bytes, context: dict) -> str:
    from docxtpl import DocxTemplate

    from service.generation import environment

    helper = DocxTemplate(io.BytesIO(blob))
    helper.render(context, environment("ru"))
    buf = io.BytesIO()
    helper.save(buf)
    out = docx.Document(io.BytesIO(buf.getvalue()))
    cells = [c.text for t in out.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in out.paragraphs] + cells)


def test_shipped_templates_pass():
    assert check_all() == []


def test_a_tag_split_across_runs_passes_because_docxtpl_joins_it():
    doc = Document()
    _split(doc.add_paragraph(), "Дата: {{ da", "te|long", "date }}, ", "{%", " if number %}№ {{ num", "ber }}{% endif %}")
    blob = _save(doc)
    assert len(doc.paragraphs[0].runs) == 6
    assert check_bytes("split.docx", blob) == []
    assert check_bytes("ru/resolution.docx", blob, kind="resolution") == []
    assert trial_render(blob) is None
    assert "Дата: 16 июня 2025 года, № 315" in _rendered_text(blob, {"date": "2025-06-16", "number": "315"})


def _merged_table_template() -> bytes:
    """docxtpl's own table tags: {%tr %}, {%tc %}, {% hm %}, {% vm %}, {% colspan %}, {% cellbg %}, {{r }}."""
    doc = Document()
    doc.add_paragraph("{%p if title %}")
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph("{%p endif %}")
    table = doc.add_table(rows=5, cols=4)
    header = ["Вид", "{%tc for c in cols %}", "{% hm %}Столбцы", "{%tc endfor %}"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for i in items %}"
    body = ["{% vm %}{{ group }}", "{% cellbg i.bg %}{{ i.name }}", "{{r i.note }}", "{% colspan 1 %}{{ i.qty }}"]
    for cell, text in zip(table.rows[2].cells, body, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _split(table.rows[4].cells[0].paragraphs[0], "Итого: {{ to", "tal }}")
    return _save(doc)


def test_docxtpl_table_tags_hm_vm_colspan_cellbg_pass():
    blob = _merged_table_template()
    assert check_bytes("table.docx", blob) == []
    context = {"title": "Заголовок", "cols": [1, 2], "group": "Группа", "total": "7",
               "items": [{"bg": "FF0000", "name": "Первый", "note": "примечание", "qty": 3},
                         {"bg": "00FF00", "name": "Второй", "note": "", "qty": 4}]}
    assert trial_render(blob, context) is None and trial_render(blob) is None
    text = _rendered_text(blob, context)
    assert "Заголовок" in text and "Первый" in text and "Второй" in text and "Итого: 7" in text
    assert "{%" not in text and "{{" not in text


def test_a_syntax_error_is_found_with_its_paragraph():
    doc = Document()
    doc.add_paragraph("Первый абзац.")
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph("Третий абзац. {% if control %}{{ control }}{% endif %} {% endif %}")  # docxtpl's own trap
    doc.add_paragraph("Четвёртый абзац.")
    blob = _save(doc)
    assert trial_render(blob) is not None and "endif" in str(trial_render(blob))
    problems = check_bytes("broken.docx", blob)
    assert [(p.code, p.location) for p in problems] == [("syntax", "paragraph 3")]
    assert "Encountered unknown tag 'endif'" in problems[0].message
    assert problems[0].excerpt.startswith("Третий абзац.")


def test_an_unclosed_block_is_found_where_it_was_opened():
    doc = Document()
    doc.add_paragraph("{{ title }}")
    table = doc.add_table(rows=1, cols=2)
    _split(table.cell(0, 1).paragraphs[0], "{% if con", "trol %}{{ control }}")  # no endif, split across runs
    doc.add_paragraph("Конец.")
    blob = _save(doc)
    assert trial_render(blob) is not None
    problems = check_bytes("broken.docx", blob)
    assert [(p.code, p.location) for p in problems] == [("syntax", "table 1 row 1 cell 2 paragraph 1")]
    assert "never closed" in problems[0].message


def test_a_filter_the_application_does_not_register_is_a_syntax_error():
    doc = Document()
    doc.add_paragraph("{{ date|longdate }}")
    doc.add_paragraph("{{ date|my_filter }}")
    blob = _save(doc)
    assert trial_render(blob) is not None
    problems = check_bytes("filters.docx", blob)
    assert [(p.code, p.location) for p in problems] == [("syntax", "paragraph 2")]
    assert "my_filter" in problems[0].message


def test_headers_are_judged_like_docxtpl_and_left_as_typed_by_a_kind():
    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.sections[0].header.paragraphs[0].text = "{{ number }}"
    blob = _save(doc)
    assert check_bytes("plain.docx", blob) == []  # docxtpl renders headers
    problems = check_bytes("ru/resolution.docx", blob, kind="resolution")  # the application renders the body only
    assert [(p.code, p.location) for p in problems] == [("not-rendered", "header1.xml paragraph 1")]
    doc.sections[0].header.paragraphs[0].text = "{{ number }"
    problems = check_bytes("plain.docx", _save(doc))
    assert [(p.code, p.location) for p in problems] == [("syntax", "header1.xml paragraph 1")]


def test_undeclared_variables_are_reported_with_a_kind(make_docx):
    blob = make_docx("{%p for p in points %}", "{{ p.txt }} {{ p.text }}", "{%p endfor %}",
                     "{{ nonsense }} {{ signatory.name }} {{ title.kk }}", "{%p if x %}", "{%p endif %}")
    assert check_bytes("any.docx", blob) == []  # no kind: no schema to compare with
    problems = check_bytes("ru/resolution.docx", blob, kind="resolution", lang="ru")
    messages = {(p.location, p.message) for p in problems if p.code == "undeclared-variable"}
    assert ("paragraph 2", "'txt' is not a property in the schema here") in messages
    assert ("paragraph 4", "'nonsense' is not in the kind's schema nor a renderer builtin") in messages
    assert ("paragraph 4", "attribute 'kk' of a text value") in messages
    assert ("paragraph 5", "'x' is not in the kind's schema nor a renderer builtin") in messages
    assert len(messages) == len(problems) == 4


def test_a_field_printed_in_one_language_only_is_reported(make_docx):
    from service.preflight import _analyse, language_mismatch

    _, kk = _analyse("kk/order.docx", make_docx("{{ title }}", "{{ control }}", "{{ body.kk }}"), "order", "kk")
    _, ru = _analyse("ru/order.docx", make_docx("{{ title }}", "{{ body.ru }}"), "order", "ru")
    problems = language_mismatch("order", {"kk": kk, "ru": ru})
    assert [(p.template, p.code) for p in problems] == [("ru/order.docx", "language-mismatch")]
    assert "control" in problems[0].message


def _qujat(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from service.cli import main; main()", "preflight", *args],
                          capture_output=True, text=True, timeout=120)


def test_the_command_as_users_run_it(tmp_path: Path, make_docx):
    good, bad, kinded, junk = (tmp_path / n for n in ("good.docx", "bad.docx", "resolution.docx", "junk.docx"))
    good.write_bytes(_merged_table_template())
    bad.write_bytes(make_docx("{{ title }}", "{% for x in items %}{{ x }}"))
    kinded.write_bytes(make_docx("{{ title }}", "{{ nonsense }}"))
    junk.write_bytes(b"not a document")
    done = _qujat(str(good), "--messages", "en")
    assert done.returncode == 0 and "all templates passed preflight" in done.stdout
    done = _qujat(str(good), str(bad), "--format", "json")
    assert done.returncode == 1
    found = json.loads(done.stdout)
    assert [(p["template"].split("/")[-1], p["code"], p["location"]) for p in found] == \
        [("bad.docx", "syntax", "paragraph 2")]
    done = _qujat(str(kinded), "--messages", "en")  # named like a kind's template: judged against its schema
    assert done.returncode == 1 and "paragraph 2: undeclared-variable" in done.stdout
    assert _qujat(str(bad), "--kind", "order").returncode == 1
    assert _qujat(str(good), "--kind", "no-such-kind").returncode == 2
    done = _qujat(str(junk))
    assert done.returncode == 2 and "Traceback" not in done.stderr


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_shipped_template_also_renders_with_docxtpl(lang, load_example):
    """The ground truth agrees on the shipped templates: docxtpl itself renders each with its example record."""
    from service import generation, records
    from validators import kinds

    for kind in kinds.KINDS_GENERATED:
        data = load_example(kind)
        context = {**records.resolve(kind, data, lang), **generation.builtins(kind, data, lang, None)}
        assert trial_render(kinds.get(kind).template_path(lang).read_bytes(), context, lang) is None, kind


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _with_footnote(blob: bytes, text: str) -> bytes:
    """The package with a footnotes part (python-docx writes none) whose footnote 1 says ``text``."""
    import zipfile
    from xml.sax.saxutils import escape

    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
                 "</w:footnote></w:footnotes>")
    content_type = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                    'officedocument.wordprocessingml.footnotes+xml"/>')
    rel = ('<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/footnotes" Target="footnotes.xml"/>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"</Types>", content_type.encode() + b"</Types>")
            elif name == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            zout.writestr(name, data)
        zout.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


def test_footnotes_are_judged_like_docxtpl():
    doc = Document()
    doc.add_paragraph("{{ title }}")
    good = _with_footnote(_save(doc), "Источник: {{ source }}")
    assert check_bytes("notes.docx", good) == [] and trial_render(good) is None
    bad = _with_footnote(_save(doc), "Источник: {{ source }")
    assert trial_render(bad) is not None
    problems = check_bytes("notes.docx", bad)
    assert [(p.code, p.location) for p in problems] == [("syntax", "footnotes.xml footnote 1 paragraph 1")]


def test_a_damaged_template_is_refused_with_a_reason_never_a_traceback():
    import zipfile

    from validators.errors import QujatError

    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.sections[0].header.paragraphs[0].text = "{{ number }}"
    blob = _with_footnote(_save(doc), "{{ source }}")
    names = zipfile.ZipFile(io.BytesIO(blob)).namelist()
    assert {"word/header1.xml", "word/footnotes.xml"} <= set(names)
    refused = 0
    for damaged in names:
        for garbage in (b"\xff\xfe not xml", b"<w:p>unclosed"):
            out = io.BytesIO()
            with zipfile.ZipFile(io.BytesIO(blob)) as zin, zipfile.ZipFile(out, "w") as zout:
                for name in names:
                    zout.writestr(name, garbage if name == damaged else zin.read(name))
            try:
                check_bytes("damaged.docx", out.getvalue())
            except QujatError as exc:  # anything else fails the test with its traceback
                refused += 1
                assert exc.message and "\n" not in exc.message, (damaged, exc.message)
                if damaged.endswith(".xml"):  # the damaged part is named, in kk and ru too
                    assert exc.messages and damaged in exc.messages["ru"] and damaged in exc.messages["kk"]
    assert refused >= 8  # the document, its relationships, content types, header, footnotes…


def test_a_part_declaring_a_dtd_is_refused_before_docx_reads_it(make_docx):
    import zipfile

    from validators.errors import UnusableDocument

    bomb = ('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>&lol2;'
            '</w:t></w:r></w:p></w:hdr>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx("{{ title }}")), "r") as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, bomb if name == "word/styles.xml" else zin.read(name))
    with pytest.raises(UnusableDocument) as caught:
        check_bytes("bomb.docx", out.getvalue())
    assert "word/styles.xml" in caught.value.message


def test_with_a_kind_the_body_is_judged_as_the_application_compiles_it(tmp_path: Path):
    """The application compiles the stored body text (service.generation.body_xml), not docxtpl's re-serialised
    one: a character reference inside a tag passes docxtpl's own reading but not the application's."""
    import zipfile

    import jinja2

    from service.generation import CompiledTemplate

    doc = Document()
    doc.add_paragraph("Вводный абзац.")
    doc.add_paragraph("{{ title or 'Без названия' }}")
    blob = _save(doc)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "word/document.xml":
                data = data.replace("'Без названия'".encode(), "&#x27;Без названия&#x27;".encode())
            zout.writestr(name, data)
    blob = out.getvalue()
    assert check_bytes("any.docx", blob) == [] and trial_render(blob) is None  # docxtpl reads it through lxml
    problems = check_bytes("ru/resolution.docx", blob, kind="resolution")
    assert [(p.code, p.location) for p in problems] == [("syntax", "paragraph 2")]
    path = tmp_path / "resolution.docx"
    path.write_bytes(blob)
    with pytest.raises(jinja2.TemplateSyntaxError):
        CompiledTemplate.load(path, "ru")
