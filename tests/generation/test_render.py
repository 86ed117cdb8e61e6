"""Every kind renders in kk and ru from its example record: the document opens, no field is dropped, the
template text is in the document's language, the layout is the documented one, output is deterministic."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from service import records
from service.generation import attr_date, long_date, render, short_date
from validators import kinds, resources

KINDS = kinds.KINDS_GENERATED
LANGS = resources.LANGS
KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
WORD = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")
# Kazakh words of the templates written without Kazakh-specific letters (checked by hand).
KK_PLAIN = {"ХАТТАМА", "ХАТТАМАСЫ", "Хатшы", "Осы", "Тел", "Орынд", "кесте", "редакция", "парақ", "адам", "жылғы",
            "жүктелсін", "Салыстырмалы", "Негіздеме", "Мерзімі", "Орындаушы", "орындалуын", "ресми", "бастап",
            "Баяндамашы", "Дауыс", "беру", "хаттамасына", "элемент"}
SHARED_LOANWORDS = {"Тел", "редакция", "элемент"}


def _record_strings(kind: str, data: dict, lang: str) -> list[tuple[str, list[str]]]:
    """(path, acceptable printed forms) for every string of the record."""
    out = []
    for path, value, leaf in records.strings(kind, data, lang):
        if leaf == "date":
            out.append((path, [long_date(value, lang), attr_date(value, lang), short_date(value, lang)]))
        else:
            out.append((path, [value]))
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_string_of_the_record_is_in_the_document(kind, lang, load_example, text_of):
    data = load_example(kind)
    blob = render(kind, data, lang=lang)
    doc = docx.Document(io.BytesIO(blob))  # opens in python-docx
    assert doc.paragraphs
    text = "\n".join(text_of(blob))
    missing = [(path, forms[0]) for path, forms in _record_strings(kind, data, lang)
               if not any(form in text for form in forms)]
    assert not missing, f"{kind}/{lang}: fields dropped: {missing[:5]}"
    assert len(_record_strings(kind, data, lang)) > 10


def _template_words(kind: str, lang: str, data: dict, paragraphs: list[str]) -> list[str]:
    """Words of the document that do not come from the record (the template's own text)."""
    values = {form for _, forms in _record_strings(kind, data, lang) for form in forms}
    values = sorted(values, key=len, reverse=True)
    words = []
    for para in paragraphs:
        for v in values:
            para = para.replace(v, " ")
        words += WORD.findall(para)
    return words


@pytest.mark.parametrize("kind", KINDS)
def test_template_text_is_in_the_document_language(kind, load_example, text_of):
    data = load_example(kind)
    kk_words = _template_words(kind, "kk", data, text_of(render(kind, data, lang="kk")))
    ru_words = _template_words(kind, "ru", data, text_of(render(kind, data, lang="ru")))
    assert kk_words and ru_words
    kazakh_in_ru = sorted({w for w in ru_words if set(w) & KK_LETTERS})
    assert not kazakh_in_ru, f"{kind}: Kazakh template text in the ru document: {kazakh_in_ru}"
    shared = sorted((set(kk_words) & set(ru_words)) - SHARED_LOANWORDS)
    assert not shared, f"{kind}: the same template words in kk and ru: {shared}"
    russian_looking = sorted({w for w in kk_words if not set(w) & KK_LETTERS and w not in KK_PLAIN
                              and len(w) > 2})
    assert not russian_looking, f"{kind}: kk template words without Kazakh letters: {russian_looking}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_same_record_same_bytes(kind, lang, load_example):
    data = load_example(kind)
    first = render(kind, data, lang=lang)
    assert render(kind, data, lang=lang) == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    if "date" in data:
        assert f"{data['date']}T00:00:00Z" in core
    assert "<dc:title>" in core


def test_resolution_layout(load_example):
    data = load_example("resolution")
    doc = docx.Document(io.BytesIO(render("resolution", data, lang="ru")))
    blank, date_line, signature, plan = doc.tables
    assert [c.text for c in blank.rows[0].cells] == [data["body"]["kk"], "", data["body"]["ru"]]
    assert [c.text for c in date_line.rows[0].cells] == ["16 июня 2025 года", "№ 315"]
    assert [c.text for c in signature.rows[0].cells] == ["Аким города", "Ә.Пазылбекұлы"]
    texts = [p.text for p in doc.paragraphs]
    assert "ПОСТАНОВЛЕНИЕ" in texts
    preamble = next(p for p in doc.paragraphs if p.text.startswith("В соответствии"))
    assert preamble.text.endswith("акимат города Туркестан ПОСТАНОВЛЯЕТ:")
    assert preamble.runs[-1].bold and preamble.runs[-1].text == "ПОСТАНОВЛЯЕТ:"
    labels = [t.split(" ", 1)[0] for t in texts if re.match(r"^\d+[.)] ", t)]
    assert labels[:5] == ["1.", "2.", "1)", "2)", "3)"]
    assert "14." in labels  # 12 points + control + entry into force
    assert any(t.startswith("13. Контроль за исполнением настоящего постановления возложить на") for t in texts)
    head = next(p for p in doc.paragraphs if p.text == "Приложение")
    assert head.paragraph_format.page_break_before and head.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert "к постановлению акимата города Туркестан" in texts and "от 16 июня 2025 года № 315" in texts
    assert [c.text for c in plan.rows[0].cells] == ["№ п/п", "Мероприятие", "Срок исполнения",
                                                    "Ответственные исполнители"]
    assert plan.rows[0]._tr.trPr.find("{*}tblHeader") is not None and len(plan.rows) == 4
    assert plan.rows[2].cells[1].text == "Установка системы капельного орошения"
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 14


def test_kazakh_act_formulae(load_example):
    data = load_example("resolution")
    texts = [p.text for p in docx.Document(io.BytesIO(render("resolution", data, lang="kk"))).paragraphs]
    assert "ҚАУЛЫ" in texts
    assert any(t.endswith("Түркістан қаласының әкімдігі ҚАУЛЫ ЕТЕДІ:") for t in texts)
    assert texts[texts.index("Түркістан қаласы әкімдігінің") + 1] == "2025 жылғы 16 маусымдағы № 315 қаулысына"
    decision = [p.text for p in docx.Document(io.BytesIO(render("decision", load_example("decision"), "kk"))).paragraphs]
    assert "ШЕШІМ" in decision and any(t.endswith("ШЕШІМ ҚАБЫЛДАДЫ:") for t in decision)
    order = [p.text for p in docx.Document(io.BytesIO(render("order", load_example("order"), "kk"))).paragraphs]
    assert "ӨКІМ" in order and any("Осы өкімнің орындалуын бақылау" in t for t in order)


def test_protocol_full_structure_and_attendee_appendix(load_example, text_of):
    data = load_example("protocol-full")
    assert len(data["attendees"]) > 10 and len(data["agenda"]) == 3
    texts = text_of(render("protocol-full", data, lang="ru"))
    assert texts.count("СЛУШАЛИ:") == 3 and texts.count("ПОСТАНОВИЛИ:") == 3 and "ВЫСТУПИЛИ:" in texts
    assert "Присутствовали: согласно прилагаемому списку (13 человек)." in texts
    assert "Список присутствовавших" in texts and "13. Дуйсенов Ж. – аким сельского округа Кентау" in texts
    assert "2.2. Внести на утверждение график теплоснабжения социальных объектов." in texts
    assert "Срок: до 1 августа 2025 года" in texts
    kk = text_of(render("protocol-full", data, lang="kk"))
    assert kk.count("ТЫҢДАЛДЫ:") == 3 and kk.count("ҚАУЛЫ ЕТТІ:") == 3 and "СӨЙЛЕДІ:" in kk
    small = {**data, "attendees": data["attendees"][:10], "outcome": "decided"}
    texts = text_of(render("protocol-full", small, lang="ru"))
    assert "Присутствовали:" in texts and "Список присутствовавших" not in texts
    assert "Сейткулов Н. – первый заместитель акима города" in texts
    assert texts.count("РЕШИЛИ:") == 3
    assert text_of(render("protocol-full", small, lang="kk")).count("ШЕШТІ:") == 3


def test_protocol_words_come_from_the_profile(load_example, monkeypatch):
    import service.generation as rendering

    words = {"kk": {"spoke": "СӨЙЛЕГЕНДЕР"}}
    monkeypatch.setattr(rendering, "_settings", lambda profile: {"protocol_words": words})
    built = rendering.builtins("protocol-full", {}, "kk", "any")
    assert built["words"]["spoke"] == "СӨЙЛЕГЕНДЕР" and built["words"]["heard"] == "ТЫҢДАЛДЫ"
    assert built["words"]["outcome"] == "ҚАУЛЫ ЕТТІ"


def test_protocol_short_item_is_centred_and_underlined(load_example):
    data = load_example("protocol-short")
    doc = docx.Document(io.BytesIO(render("protocol-short", data, lang="ru")))
    title = next(p for p in doc.paragraphs if p.text.startswith("1. О соблюдении"))
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title._p.pPr.find("{*}pBdr/{*}bottom") is not None
    texts = [p.text for p in doc.paragraphs]
    assert texts[texts.index(title.text) + 1] == "(Омарова Л., Оразбеков Б.)"
    assert not any("ПОВЕСТКА" in t or "СЛУШАЛИ" in t for t in texts)


def test_cover_letter_requisites(load_example, text_of):
    texts = text_of(render("cover-letter", load_example("cover-letter"), lang="ru"))
    assert "На № 12-3/456 от 10.06.2025" in texts
    assert "1. проект постановления – на 5 л." in texts
    assert "Исп.: Сапарова А." in texts and "Тел.: 8 (72533) 5-12-34" in texts
    kk = text_of(render("cover-letter", load_example("cover-letter"), lang="kk"))
    assert "10.06.2025 № 12-3/456 хатқа" in kk and "1. қаулы жобасы – 5 парақ." in kk


def test_comparison_table_rich_wording_and_repeated_header(load_example):
    data = load_example("comparison-table")
    doc = docx.Document(io.BytesIO(render("comparison-table", data, lang="ru")))
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    table = doc.tables[0]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["№ п/п", "Структурный элемент", "Действующая редакция",
                                              "Предлагаемая редакция", "Обоснование"]
    assert header._tr.trPr.find("{*}tblHeader") is not None
    assert len(table.rows) == 1 + len(data["rows"])
    row = table.rows[2]
    removed = [r for p in row.cells[2].paragraphs for r in p.runs if r.font.strike]
    added = [r for p in row.cells[3].paragraphs for r in p.runs if r.bold]
    assert [r.text for r in removed] == ["два раза в неделю "]
    assert [r.text for r in added] == ["ежедневно в вечернее время "]
    assert row.cells[3].text == "Полив газонов ежедневно в вечернее время осуществляется."


def test_values_with_markup_and_line_breaks_are_safe(load_example, text_of):
    data = load_example("order")
    data["points"][0]["text"] = {"kk": "A <b> & \"c\"", "ru": "Строка 1\nСтрока 2 <x> & y"}
    blob = render("order", data, lang="ru")
    doc = docx.Document(io.BytesIO(blob))
    para = next(p for p in doc.paragraphs if p.text.startswith("1. Строка 1"))
    assert para._p.xpath(".//w:br") and "Строка 2 <x> & y" in para.text


def test_same_bytes_in_another_process(load_example, tmp_path):
    import subprocess
    import sys

    code = ("import json,sys; from service.generation import render; "
            "sys.stdout.buffer.write(render('protocol-full', json.load(open(sys.argv[1])), lang='kk'))")
    path = resources.EXAMPLES / "protocol-full.json"
    outs = [subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}, cwd=str(resources.ROOT)).stdout
            for seed in ("1", "2")]
    assert outs[0] == outs[1] == render("protocol-full", load_example("protocol-full"), lang="kk")


def test_protocol_approval_stamp_and_attached_agenda(load_example, text_of):
    texts = text_of(render("protocol-short", load_example("protocol-short"), lang="ru"))
    i = texts.index("УТВЕРЖДАЮ")
    assert texts[i + 1:i + 4] == ["Аким города Туркестан", "Ә.Пазылбекұлы", "24 июня 2025 года"]
    assert texts.index("УТВЕРЖДАЮ") < texts.index("ПРОТОКОЛ")
    assert "БЕКІТЕМІН" in text_of(render("protocol-short", load_example("protocol-short"), lang="kk"))
    data = {**load_example("protocol-full"), "agenda_attached": True}
    texts = text_of(render("protocol-full", data, lang="ru"))
    assert "Повестка дня прилагается." in texts and "ПОВЕСТКА ДНЯ:" not in texts
    assert texts.count("СЛУШАЛИ:") == 3
    assert "УТВЕРЖДАЮ" not in texts
