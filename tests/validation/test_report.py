"""Report JSON against schemas/report.schema.json, text and SARIF, --annotate, and the CLI faces."""

from __future__ import annotations

import io
import json
import zipfile

import jsonschema
import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.validation.docs import P, build_docx, pdf_pages, replace, ru_protocol_full, ru_resolution, without
from validators import resources
from validators.annotate import annotate

runner = CliRunner()
SCHEMA = json.loads((resources.SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))


def _broken() -> bytes:
    blocks = replace(without(ru_resolution(), "signature"), "title", P("О утверждении плана", bold=True))
    return build_docx(blocks)


@pytest.mark.parametrize("make,kind", [(_broken, None), (lambda: build_docx(ru_resolution()), None),
                                        (lambda: build_docx(ru_protocol_full()), None),
                                        (lambda: pdf_pages(6, "СПРАВКА"), "briefing-note")])
def test_reports_validate_against_the_schema(run, make, kind):
    report = run(make(), kind=kind)
    d = report.to_dict()
    jsonschema.validate(d, SCHEMA)
    assert d["verdict"] == ("rejected" if any(f["severity"] == "error" for f in d["findings"]) else "accepted")


def test_text_and_sarif(run):
    from validators.report import to_sarif

    report = run(_broken())
    text = report.to_text("ru")
    assert "ВОЗВРАЩАЕТСЯ" in text and "Регламент аппарата акима города Туркестан" in text
    assert "requisite.signature" not in text and "REJECTED" not in text  # a clerk reads no rule ids, no English
    english = report.to_text("en")
    assert "REJECTED" in english and "requisite.signature" in english and "turkestan-city-2025" in english
    sarif = to_sarif([report])
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"requisite.signature", "requisite.title-form"}
    assert all(r["level"] in ("error", "warning", "note") for r in results)


def test_annotate_puts_real_word_comments_at_the_paragraphs(run):
    import docx

    data = _broken()
    report = run(data)
    out = annotate(data, report, lang="ru")
    z = zipfile.ZipFile(io.BytesIO(out))
    comments = z.read("word/comments.xml").decode()
    body = z.read("word/document.xml").decode()
    n = len(report.findings)
    assert comments.count("<w:comment ") == n
    assert body.count("commentRangeStart") == n and body.count("commentReference") == n
    assert "comments.xml" in z.read("word/_rels/document.xml.rels").decode()
    assert "comments+xml" in z.read("[Content_Types].xml").decode()
    assert "Ошибка: " in comments and "Об" in comments and "Основание: Регламент" in comments
    assert "ERROR" not in comments and "requisite." not in comments
    reopened = docx.Document(io.BytesIO(out))  # still a valid Word document
    assert reopened.paragraphs[2].text == "О утверждении плана"
    # the title comment is anchored at the title paragraph
    title_p = reopened.paragraphs[2]._p
    assert title_p.xpath("./w:commentRangeStart")


def test_cli_json_sarif_and_annotate(tmp_path):
    path = tmp_path / "act.docx"
    path.write_bytes(_broken())
    res = runner.invoke(app, ["check", str(path), "--format", "json", "--no-pages", "--no-spelling"])
    assert res.exit_code == 1
    d = json.loads(res.stdout)
    jsonschema.validate(d, SCHEMA)
    assert d["verdict"] == "rejected"
    res = runner.invoke(app, ["check", str(path), "--format", "sarif", "--no-pages", "--no-spelling"])
    assert json.loads(res.stdout)["version"] == "2.1.0"
    out = tmp_path / "annotated.docx"
    res = runner.invoke(app, ["check", str(path), "--annotate", str(out), "--no-pages", "--no-spelling"])
    assert res.exit_code == 1 and out.is_file()
    assert b"word/comments.xml" in out.read_bytes()
    good = tmp_path / "good.docx"
    good.write_bytes(build_docx(ru_resolution()))
    assert runner.invoke(app, ["check", str(good), "--no-pages", "--no-spelling"]).exit_code == 0


def test_cli_rules_and_profiles():
    res = runner.invoke(app, ["rules", "--profile", "kazygurt-district-2025", "--format", "json"])
    assert res.exit_code == 0
    d = json.loads(res.stdout)
    ids = {r["id"] for r in d["rules"]}
    assert "requisite.signature" in ids and "pages.briefing-note-commission" in ids
    assert all(r["source"]["clause"] for r in d["rules"])
    assert any(p["id"] == "act.approvers" for p in d["process_rules"])
    res = runner.invoke(app, ["rules"])  # the reader's language (ru by default): rule names and citations
    assert res.exit_code == 0 and "requisite.title-form" in res.stdout and "Форма заголовка" in res.stdout
    assert "Регламент аппарата акима города Туркестан (2025), п. 17" in res.stdout
    res = runner.invoke(app, ["rules", "--messages", "en"])  # the maintainers' view keeps the requirement lines
    assert res.exit_code == 0 and "requisite.title-form" in res.stdout and "L880" in res.stdout
    res = runner.invoke(app, ["profiles", "--format", "json"])
    profiles = {p["id"]: p for p in json.loads(res.stdout)}
    assert profiles["turkestan-city-2025"]["default"] and len(profiles) == 5


@pytest.mark.office
def test_libreoffice_reads_the_annotations(run, tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    data = _broken()
    report = run(data)
    src = tmp_path / "annotated.docx"
    src.write_bytes(annotate(data, report, lang="ru"))
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    content = zipfile.ZipFile(tmp_path / "annotated.odt").read("content.xml").decode()
    assert content.count("<office:annotation>") + content.count("<office:annotation ") == len(report.findings)
    assert "Основание: Регламент аппарата акима города Туркестан" in content
