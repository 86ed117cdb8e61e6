"""What a clerk reads is Kazakh or Russian: every message template, note, label, place, citation and HTTP
error in kk and ru is scanned for English words; a template argument nobody gives is an error."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from tests.texts.english import english
from validators import CheckOptions, check, profiles, resources
from validators.annotate import annotate
from validators.citation import citation, parts
from validators.rules import load_all
from validators.texts import LANGS, MissingArgument, Texts, catalog, fields, fill, text, texts


def rule_catalog() -> list[dict]:
    out = []
    for path in sorted(resources.RULES.glob("*.yaml")):
        out += yaml.safe_load(path.read_text(encoding="utf-8")).get("rules", [])
    return out


@pytest.mark.parametrize("rule", rule_catalog(), ids=lambda r: r["id"])
def test_rule_messages_have_no_english_in_kk_and_ru(rule):
    names = rule.get("names") or {}
    assert names.get("kk") and names.get("ru"), f"{rule['id']}: no short kk/ru name"
    assert not english(names["kk"]) and not english(names["ru"]), f"{rule['id']}: {names}"
    messages = rule["messages"]
    assert set(messages) >= set(LANGS), f"{rule['id']}: messages in {sorted(messages)}"
    for lang in ("kk", "ru"):
        assert not english(messages[lang]), f"{rule['id']} [{lang}]: {english(messages[lang])} in «{messages[lang]}»"


def test_every_text_of_the_catalog_has_three_languages_without_english():
    bad = []
    for key, entry in catalog().items():
        assert set(entry) == set(LANGS), key
        if key.startswith("batch.title"):
            continue
        for lang in ("kk", "ru"):
            if english(re.sub(r"«[^»]*»", " ", entry[lang])):  # «…»: what is typed or quoted, as it is
                bad.append((key, lang, entry[lang]))
        # every language of a text takes the same arguments (none is left for one language only)
        assert fields(entry["kk"]) <= fields(entry["en"]) | {"code"} and fields(entry["ru"]) <= fields(entry["en"]) | {"code"}, key
    assert not bad, bad


def test_a_missing_template_argument_is_an_error():
    with pytest.raises(MissingArgument):
        fill("Дата не указана ({state})", {}, "ru")
    with pytest.raises(MissingArgument):
        texts("term.number-pattern")
    assert fill("{state}", {"state": Texts(kk="жоқ", ru="нет", en="missing")}, "kk") == "жоқ"


def test_every_citation_names_the_regulation_and_clause_without_line_numbers():
    load_all()
    for pid in profiles.available():
        prof = profiles.load(pid)
        for rule in prof.rules:
            cite = prof.citation(rule.clause)
            for lang in ("kk", "ru"):
                assert cite[lang].startswith(prof.title[lang]), (pid, rule.id, cite[lang])
                assert not re.search(r"\bL\d", cite[lang]), (pid, rule.id, cite[lang])
                assert not english(cite[lang]), (pid, rule.id, cite[lang])


def test_citation_reads_points_and_subpoints():
    assert parts("п. 41, пп. 1) (L261)") == [("point", "41"), ("subclause", "1")]
    assert parts("5.6-тармақ, 3) (L198)") == [("point", "5.6"), ("subclause", "3")]
    assert parts("образец акта L2; реквизиты протокола Прил. 5 п. 1 (L854–L858)") == [
        ("sample", ""), ("appendix", "5"), ("point", "1")]
    c = citation({"kk": "Түркістан қаласы әкімі аппаратының регламенті", "ru": "Регламент аппарата акима города Туркестан",
                  "en": "Regulation"}, "п. 27, пп. 3) (L180)")
    assert c["ru"] == "Регламент аппарата акима города Туркестан, п. 27, пп. 3)"
    assert c["kk"] == "Түркістан қаласы әкімі аппаратының регламенті, 27-тармақ, 3) тармақша"


def _broken_ru() -> bytes:
    d = docx.Document()
    for line in [
        "ПОСТАНОВЛЕНИЕ",
        "город Туркестан",
        "О утверждении плана",
        "В соответствии с \"Законом\" акимат города Туркестан ПОСТАНОВЛЯЕТ:",
        "1. Утвердить план  мероприятий мероприятий.",
        "3. Контроль за исполнением настоящего постановления возложить на заместителя акима города.",
        "5. Настоящее постановление вводится в действие со дня его первого официального опубликования.",
        "Аким города Пазылбекұлы",
    ]:
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _broken_kk() -> bytes:
    d = docx.Document()
    for line in [
        "ҚАУЛЫ",
        "Түркістан қаласы",
        "Жоспарды бекіту",
        "Заңға сәйкес Түркістан қаласының әкімдігі ҚАУЛЫ ЕТЕДІ:",
        "1. Жоспар  бекітілсін бекітілсін.",
        "3. Осы қаулының орындалуын бақылау әкімнің орынбасарына жүктелсін.",
        "Қала әкімі Пазылбекұлы",
    ]:
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.parametrize("make,kind", [(_broken_ru, "resolution"), (_broken_kk, "resolution"),
                                       (_broken_ru, "protocol-full"), (_broken_kk, "cover-letter")])
@pytest.mark.parametrize("profile", ["turkestan-city-2025", "kazygurt-district-2025"])
def test_what_a_clerk_reads_of_a_report_has_no_english(make, kind, profile):
    data = make()
    report = check(data, kind=kind, profile=profile, options=CheckOptions(pages=False))
    assert report.findings
    assert not [n for n in report.notes if n.code.startswith("rule-failed")], report.notes
    for lang in ("kk", "ru"):
        for f in report.findings:
            assert not english(f.text(lang)), (f.rule, lang, f.text(lang))
            assert not english(f.location.describe(lang)), (f.rule, f.location.describe(lang))
            assert f.source is not None and not english(f.source.cite(lang)), f.source
        for n in report.notes:
            assert not english(n.text(lang)), (n.code, n.text(lang))
        # the text report (CLI) and the Word comments
        lines = report.to_text(lang).splitlines()
        printed = [line.split(":", 1)[1] if i == 0 else line for i, line in enumerate(lines)]  # the file name
        for line in printed:
            quoted = re.sub(r"«[^»]*»", "", line)  # excerpts are the document's own text
            assert not english(quoted), (lang, line)
        comments = zipfile.ZipFile(io.BytesIO(annotate(data, report, lang=lang))).read("word/comments.xml").decode()
        said = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", comments))
        assert not english(re.sub(r"«[^»]*»", "", said)), (lang, said[:500])


def test_labels_and_places_in_every_language():
    for lang in ("kk", "ru"):
        for verdict in ("accepted", "rejected", "not-checked"):
            assert text(f"label.verdict-{verdict}", lang)
        for key in ("page", "slide", "paragraph", "table", "row", "cell", "point", "appendix"):
            assert not english(text(f"place.{key}", lang, n=3))


def test_http_errors_have_a_message_per_language():
    from fastapi.testclient import TestClient

    from service.api.app import create_app

    client = TestClient(create_app())
    r = client.post("/v1/validate", files={"file": ("x.docx", b"PK\x03\x04 broken", "application/octet-stream")})
    assert r.status_code in (415, 422)
    err = r.json()["error"]
    assert err["code"] and err["message"]
    assert set(err["messages"]) == set(LANGS)
    for lang in ("kk", "ru"):
        assert not english(err["messages"][lang]), err["messages"][lang]
    r = client.post("/v1/render", json={"kind": "resolution", "lang": "ru", "data": {}})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid-data" and not english(err["messages"]["ru"])
    assert err["fields"] and all(not english(f["messages"]["kk"]) and f["path"] for f in err["fields"])
    assert {"path": "$.number", "messages": err["fields"][0]["messages"]} in err["fields"] or any(
        f["path"] == "$.number" for f in err["fields"])


def test_every_http_error_code_has_its_text():
    import service.api.errors as errors
    import validators.errors as verrors

    codes = set(errors._HTTP_CODES.values()) | {"internal", "timeout"}
    codes |= {cls.code for cls in vars(verrors).values() if isinstance(cls, type) and issubclass(cls, verrors.QujatError)}
    for code in codes:
        assert f"error.{code}" in catalog(), code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([str(Path(__file__))]))
