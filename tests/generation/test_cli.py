"""`qujat render`, `qujat kinds`, `qujat preflight` through the real CLI app."""

from __future__ import annotations

import json

import docx
from typer.testing import CliRunner

from service.cli import app
from validators import kinds as registry
from validators import resources

runner = CliRunner()


def test_render_both_languages_writes_two_documents(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", "protocol-short", "--data", str(resources.EXAMPLES / "protocol-short.json"),
                                 "--lang", "both", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for lang, word in (("kk", "ХАТТАМАСЫ"), ("ru", "ПРОТОКОЛ")):
        doc = docx.Document(str(out / f"protocol-short.{lang}.docx"))
        assert word in [p.text for p in doc.paragraphs]


def test_render_one_language_to_a_file(tmp_path):
    target = tmp_path / "order.docx"
    result = runner.invoke(app, ["render", "order", "--data", str(resources.EXAMPLES / "order.json"),
                                 "--lang", "kk", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "ӨКІМ" in [p.text for p in docx.Document(str(target)).paragraphs]


def test_bad_data_exits_2_with_the_path(tmp_path):
    record = json.loads((resources.EXAMPLES / "cover-letter.json").read_text(encoding="utf-8"))
    record["attachments"][0]["pages"] = "five"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(record), encoding="utf-8")
    result = runner.invoke(app, ["render", "cover-letter", "--data", str(bad), "--lang", "both", "-o",
                                 str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "$.attachments[0].pages" in result.output
    assert not (tmp_path / "out" / "cover-letter.kk.docx").exists()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["render", "order", "--data", str(broken), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "неверный JSON (строка 1" in result.output
    result = runner.invoke(app, ["render", "memo", "--data", str(bad), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "Вида документа «memo» нет" in result.output


def test_kinds_json_lists_generated_and_validated_kinds():
    result = runner.invoke(app, ["kinds", "--format", "json"])
    assert result.exit_code == 0
    kinds = {k["kind"]: k for k in json.loads(result.output)}
    assert kinds["resolution"]["generated"] and kinds["resolution"]["names"]["kk"] == "әкімдік қаулысы"
    assert not kinds["presentation"]["generated"]
    assert set(registry.KINDS) == set(kinds)


def test_preflight_command_passes_on_shipped_templates():
    result = runner.invoke(app, ["preflight", "--messages", "ru"])
    assert result.exit_code == 0 and "Все шаблоны прошли проверку" in result.output


def test_both_languages_into_an_existing_file_is_a_usage_error(tmp_path):
    target = tmp_path / "taken.docx"
    target.write_bytes(b"x")
    result = runner.invoke(app, ["render", "order", "--data", str(resources.EXAMPLES / "order.json"),
                                 "--lang", "both", "-o", str(target)])
    assert result.exit_code == 2 and "нужна папка" in result.output


def test_record_from_standard_input(tmp_path):
    target = tmp_path / "letter.docx"
    record = (resources.EXAMPLES / "cover-letter.json").read_bytes()
    result = runner.invoke(app, ["render", "cover-letter", "--data", "-", "--lang", "ru", "-o", str(target)],
                           input=record)
    assert result.exit_code == 0, result.output
    assert "Исп.: Сапарова А." in [p.text for p in docx.Document(str(target)).paragraphs]
