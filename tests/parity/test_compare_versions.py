"""`qujat compare`: two versions of an act rendered from our templates with known edits → a comparison table
listing exactly the changed units, changed words bold (new) or struck (removed)."""

from __future__ import annotations

import copy
import io
import json

import docx
import pytest
from typer.testing import CliRunner

from service import render
from service.cli import app
from service.compare import changed_units, compare_versions, word_diff
from validators import resources
from validators.document import parse
from validators.errors import DataInvalid


def _text(value, lang):
    return value[lang] if isinstance(value, dict) else value


def versions():
    old = json.loads((resources.EXAMPLES / "resolution.json").read_text(encoding="utf-8"))
    new = copy.deepcopy(old)
    for lang in ("kk", "ru"):  # edit point 1: one word
        new["points"][0]["text"][lang] = new["points"][0]["text"][lang].replace("2025-2026", "2025-2027")
    removed = new["points"].pop(2)  # remove point 3
    new["points"].append({"text": {"kk": "Жаңа тармақ мәтіні бекітілсін.", "ru": "Утвердить текст нового пункта."}})
    return old, new, removed


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_exactly_the_changed_units(lang):
    old, new, removed = versions()
    a = parse(render("resolution", old, lang=lang), lang=lang)
    b = parse(render("resolution", new, lang=lang), lang=lang)
    changes = changed_units(a, b, lang)
    assert [c.status for c in changes] == ["changed", "removed", "added"]
    first, gone, added = changes
    assert first.label == ("1-тармақ" if lang == "kk" else "п. 1")
    assert "2025-2026" in first.old and "2025-2027" in first.new
    assert gone.label == ("3-тармақ" if lang == "kk" else "п. 3")
    assert _text(removed["text"], lang)[:30] in gone.old
    assert added.new == ("Жаңа тармақ мәтіні бекітілсін." if lang == "kk" else "Утвердить текст нового пункта.")


def test_word_diff_marks_only_changed_words():
    cur, pro = word_diff("Уборка территорий производится два раза в неделю.",
                         "Уборка территорий производится ежедневно.")
    assert [s["mark"] for s in cur] == [None, "removed"]
    assert cur[1]["text"] == "два раза в неделю."
    assert pro == [{"text": "Уборка территорий производится ", "mark": None}, {"text": "ежедневно.", "mark": "added"}]


def test_table_docx_has_marked_words_and_blank_justification():
    old, new, _ = versions()
    blob = compare_versions(render("resolution", old, lang="ru"), render("resolution", new, lang="ru"), lang="ru")
    table = docx.Document(io.BytesIO(blob)).tables[-1]
    body = [[c.text.strip() for c in row.cells] for row in table.rows[1:]]
    assert [row[1] for row in body] == ["п. 1", "п. 3", "п. 12"]
    assert body[1][3] == "Исключить." and body[2][2] == "Новый пункт."
    assert all(row[4] == "" for row in body), "justification is left for the author"
    runs = [r for p in table.rows[1].cells[3].paragraphs for r in p.runs]
    assert any(r.bold and "2027" in r.text for r in runs)
    runs = [r for p in table.rows[1].cells[2].paragraphs for r in p.runs]
    assert any(r.font.strike and "2026" in r.text for r in runs)


def test_cli_compare_writes_the_table(tmp_path):
    old, new, _ = versions()
    (tmp_path / "old.docx").write_bytes(render("resolution", old, lang="kk"))
    (tmp_path / "new.docx").write_bytes(render("resolution", new, lang="kk"))
    out = tmp_path / "table.docx"
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "old.docx"), str(tmp_path / "new.docx"),
                                      "--lang", "kk", "-o", str(out)])
    assert result.exit_code == 0, result.output
    cells = [[c.text.strip() for c in row.cells] for row in docx.Document(str(out)).tables[-1].rows]
    assert [row[1] for row in cells[1:]] == ["1-тармақ", "3-тармақ", "12-тармақ"]
    assert cells[2][3] == "Алып тасталсын." and cells[3][2] == "Жаңа тармақ."
    same = CliRunner().invoke(app, ["compare", str(tmp_path / "old.docx"), str(tmp_path / "old.docx"),
                                    "-o", str(tmp_path / "x.docx")])
    assert same.exit_code == 2 and "вносить нечего" in same.output


def test_identical_versions_are_refused():
    old, _, _ = versions()
    blob = render("resolution", old, lang="ru")
    with pytest.raises(DataInvalid):
        compare_versions(blob, blob, lang="ru")
