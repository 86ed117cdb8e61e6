"""What `qujat preflight` says to a template author in an akimat (a clerk or the IT staff) is Kazakh or Russian,
from data, chosen like every other CLI message (``--messages``, else the locale, else Russian); the machine parts
(``code``, ``location``) stay the same in every language, and English is given when asked for."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from service.preflight import check_bytes, language_mismatch, location_of, place_texts, syntax_texts
from tests.texts.english import english

LOCALE = {"kk": "kk_KZ.UTF-8", "ru": "ru_RU.UTF-8"}
ROOT = Path(__file__).resolve().parents[2]


def _docx(*paragraphs: str, header: str | None = None, cell: str | None = None, title: str | None = None) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if cell is not None:
        doc.add_table(rows=2, cols=2).rows[1].cells[1].text = cell
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    if title is not None:
        doc.core_properties.title = title
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# (file name, template, the codes preflight reports): every kind of problem and the syntax errors Jinja gives
BROKEN = {
    "stray.docx": (_docx("Текст.", "{{ title }} {% endif %}"), ["syntax"]),
    "unclosed-block.docx": (_docx("{% for x in items %}", "{{ x }}", "Конец."), ["syntax"]),
    "nesting.docx": (_docx("{% if a %}{% for x in b %}{% endif %}{% endfor %}"), ["syntax"]),
    "unclosed-tag.docx": (_docx("Дата: {{ date "), ["syntax"]),
    "filter.docx": (_docx("{{ date|no_such_filter }}"), ["syntax"]),
    "token.docx": (_docx("{{ a b }}"), ["syntax"]),
    "bracket.docx": (_docx("{{ a) }}"), ["syntax"]),
    "char.docx": (_docx("{{ a ! b }}"), ["syntax"]),
    "no-name.docx": (_docx("{% %}"), ["syntax"]),
    "cell.docx": (_docx("Текст.", cell="{{ x }"), ["syntax"]),
    "header.docx": (_docx("Текст.", header="{% if a %}"), ["syntax"]),
    "property.docx": (_docx("Текст.", title="{{ title"), ["syntax"]),
    # named like the resolution's template: judged against its schema, the header is not rendered
    "resolution.docx": (_docx("{{ title }}", "{{ nonsense }}", "{{ date.year }}", "{% for p in points %}"
                              "{{ p.nothing }}{% endfor %}", header="{{ number }}"),
                        ["undeclared-variable", "undeclared-variable", "undeclared-variable", "not-rendered"]),
}


def _qujat(*args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": "/tmp"}
    if lang:
        env["LANG"] = LOCALE[lang]
    return subprocess.run([sys.executable, "-c", "from service.cli import main; main()", "preflight", *args],
                          capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    for name, (blob, _) in BROKEN.items():
        (folder / name).write_bytes(blob)
    return {name: folder / name for name in BROKEN}


def _clerk_reads(line: str) -> str:
    """A line less what the author typed: the template's name (before the first «: »), quoted tags and names
    («…»), the paragraph's text."""
    return re.sub(r"«[^»]*»", " ", line.split(": ", 1)[-1])


@pytest.mark.parametrize("how", ["--messages", "locale"])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_preflight_message_is_kazakh_or_russian(broken, lang, how):
    files = [str(p) for p in broken.values()]
    done = (_qujat(*files, "--messages", lang) if how == "--messages" else _qujat(*files, lang=lang))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == sum(len(codes) for _, codes in BROKEN.values()) + 1
    for line in lines:
        assert not english(_clerk_reads(line)), line
    assert lines[-1] == {"kk": "Ақаулар: 16", "ru": "Проблем: 16"}[lang]
    said = "\n".join(lines)
    word = {"kk": ("абзац", "кесте", "колонтитул", "құжат қасиеттері: атауы", "белгісіз өріс"),
            "ru": ("абзац", "таблица", "верхний колонтитул", "свойства документа: название", "неизвестное поле")}
    assert all(w in said for w in word[lang]), said


def test_the_json_keeps_code_and_location_and_says_it_in_three_languages(broken):
    done = _qujat(*(str(p) for p in broken.values()), "--format", "json", "--messages", "kk")
    found = {(Path(p["template"]).name, p["code"], p["location"]): p for p in json.loads(done.stdout)}
    assert ("stray.docx", "syntax", "paragraph 2") in found
    assert ("cell.docx", "syntax", "table 1 row 2 cell 2 paragraph 1") in found
    assert ("header.docx", "syntax", "header1.xml paragraph 1") in found
    assert ("property.docx", "syntax", "document properties: title") in found
    assert ("resolution.docx", "not-rendered", "header1.xml paragraph 1") in found
    stray = found["stray.docx", "syntax", "paragraph 2"]
    assert stray["message"].startswith("Encountered unknown tag 'endif'")  # Jinja's own words, for machines
    assert stray["messages"]["ru"] == "тег «endif» неизвестен или лишний: документ не сформируется"
    assert stray["messages"]["kk"] == "«endif» тегі белгісіз немесе артық: құжат жасалмайды"
    assert stray["place"] == {"kk": "2-абзац", "ru": "абзац 2", "en": "paragraph 2"}
    cell = found["cell.docx", "syntax", "table 1 row 2 cell 2 paragraph 1"]
    assert cell["place"]["ru"] == "таблица 1, строка 2, графа 2, абзац 1"


def test_an_unclosed_block_says_where_it_was_opened_in_kk_and_ru(broken):
    [p] = check_bytes("x.docx", broken["unclosed-block.docx"].read_bytes())
    assert p.location == "paragraph 1"
    assert p.messages["ru"].startswith("блок «{% for %}» не закрыт: ")
    assert p.messages["kk"].startswith("«{% for %}» блогы жабылмаған: ")
    assert p.message.startswith("{% for %} is never closed.")


def test_english_when_asked_for_is_the_detail_as_before(broken):
    done = _qujat(str(broken["stray.docx"]), "--messages", "en")
    assert "stray.docx: paragraph 2: syntax: Encountered unknown tag 'endif'." in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "1 problem(s)"
    assert _qujat("--messages", "kk").stdout.strip() == "Барлық шаблон тексеруден өтті"


def test_a_jinja_message_nobody_translated_still_says_kazakh_or_russian():
    said = syntax_texts("some future Jinja wording")
    assert said["en"] == "some future Jinja wording"
    assert not english(said["ru"]) and not english(said["kk"])


def test_a_place_reads_the_same_for_machines_and_in_words_for_people():
    place = (("part", "footnotes.xml"), ("footnote", "3"), ("paragraph", 1))
    assert location_of(place) == "footnotes.xml footnote 3 paragraph 1"
    assert place_texts(place)["ru"] == "сноска 3, абзац 1"
    assert place_texts((("part", "footer2.xml"), ("paragraph", 4)))["kk"] == "төменгі колонтитул «footer2.xml», 4-абзац"


def test_a_language_mismatch_and_an_unreadable_template_in_kk_and_ru(tmp_path):
    [p] = language_mismatch("order", {"kk": {"title", "control"}, "ru": {"title"}})
    assert p.location == "template" and p.messages["ru"] == "нет «control», а в шаблоне kk/order.docx есть"
    junk, pdf = tmp_path / "junk.docx", tmp_path / "scan.docx"
    junk.write_bytes(b"not a document")
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    for lang, said in (("ru", "это не документ Word (.docx)"), ("kk", "бұл Word құжаты (.docx) емес")):
        done = _qujat(str(pdf), "--messages", lang)
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr
        done = _qujat(str(junk), "--messages", lang)
        assert done.returncode == 2 and not english(_clerk_reads(done.stderr.replace(str(junk), "")))
