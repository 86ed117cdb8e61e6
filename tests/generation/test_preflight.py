"""Preflight passes on every shipped template and catches a deliberately broken one."""

from __future__ import annotations

import io

from docx import Document

from service.preflight import check_all, check_bytes


def test_shipped_templates_pass():
    assert check_all() == []


def _broken_template() -> bytes:
    doc = Document()
    doc.add_paragraph("{{ title }}")                       # paragraph 1: fine
    p = doc.add_paragraph()                                 # paragraph 2: a tag split across runs
    p.add_run("{{ pla")
    p.add_run("ce }}")
    doc.add_paragraph("{%p for p in points %}")             # paragraph 3
    doc.add_paragraph("{{ p.txt }} {{ nonsense }}")         # paragraph 4: unknown attribute, unknown name
    doc.add_paragraph("{%p endfor %}")                      # paragraph 5
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 1).paragraphs[0].add_run("{% if control %}{{ control }}")  # if without endif in a cell
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_broken_template_is_reported_with_locations():
    problems = check_bytes("ru/resolution.docx", _broken_template(), kind="resolution", lang="ru")
    found = {(p.code, p.location) for p in problems}
    assert ("split-tag", "paragraph 2") in found
    assert ("unbalanced-block", "table 1 row 1 cell 2 paragraph 1") in found


def test_undeclared_variables_are_reported_once_blocks_balance(make_docx):
    blob = make_docx("{%p for p in points %}", "{{ p.txt }} {{ p.text }}", "{%p endfor %}",
                     "{{ nonsense }} {{ signatory.name }} {{ title.kk }}", "{%p if x %} crowded", "{%p endif %}")
    problems = check_bytes("ru/resolution.docx", blob, kind="resolution", lang="ru")
    messages = {(p.location, p.message) for p in problems if p.code == "undeclared-variable"}
    assert ("paragraph 2", "'txt' is not a property in the schema here") in messages
    assert ("paragraph 4", "'nonsense' is not in the kind's schema nor a renderer builtin") in messages
    assert ("paragraph 4", "attribute 'kk' of a text value") in messages
    assert ("paragraph 5", "'x' is not in the kind's schema nor a renderer builtin") in messages
    assert any(p.code == "crowded-tag" and p.location == "paragraph 5" for p in problems)
    assert len(messages) == 4


def test_a_field_printed_in_one_language_only_is_reported(make_docx):
    from service.preflight import _analyse, language_mismatch

    _, kk = _analyse("kk/order.docx", make_docx("{{ title }}", "{{ control }}", "{{ body.kk }}"), "order", "kk")
    _, ru = _analyse("ru/order.docx", make_docx("{{ title }}", "{{ body.ru }}"), "order", "ru")
    problems = language_mismatch("order", {"kk": kk, "ru": ru})
    assert [(p.template, p.code) for p in problems] == [("ru/order.docx", "language-mismatch")]
    assert "control" in problems[0].message
