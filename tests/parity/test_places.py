"""Places name tables as a reader counts them: the blank's borderless layout tables (the issuing body, date and
number, the signature) are not tables to a clerk, so a body table after them is «табл. 1» / «1-кесте»."""

from __future__ import annotations

import io

import docx

from validators.document import parse
from validators.parity import units as un

RU = {
    "blank": ("ТҮРКІСТАН ҚАЛАСЫНЫҢ ӘКІМДІГІ", "АКИМАТ ГОРОДА ТУРКЕСТАН"), "word": "ПОСТАНОВЛЕНИЕ",
    "date": ("16 июня 2025 года", "№ 315"), "place": "город Туркестан",
    "title": "Об утверждении распределения субвенций",
    "preamble": "В соответствии со статьей 31 Закона Республики Казахстан «О местном государственном управлении и "
                "самоуправлении в Республике Казахстан» акимат города Туркестан ПОСТАНОВЛЯЕТ:",
    "points": ["1. Утвердить распределение субвенций согласно таблице:",
               "2. Контроль за исполнением настоящего постановления возложить на заместителя акима города.",
               "3. Настоящее постановление вводится в действие со дня его первого официального опубликования."],
    "table": [["Район", "Сумма"], ["Первый", "100"], ["Второй", "200"], ["Итого", "300"]],
    "signature": ("Аким города", "Ә.Пазылбекұлы"),
}
KK = {
    "blank": RU["blank"], "word": "ҚАУЛЫ", "date": ("2025 жылғы 16 маусым", "№ 315"), "place": "Түркістан қаласы",
    "title": "Субвенцияларды бөлуді бекіту туралы",
    "preamble": "Қазақстан Республикасының «Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі "
                "басқару туралы» Заңының 31-бабына сәйкес Түркістан қаласының әкімдігі ҚАУЛЫ ЕТЕДІ:",
    "points": ["1. Субвенцияларды бөлу кестеге сәйкес бекітілсін:",
               "2. Осы қаулының орындалуын бақылау қала әкімінің орынбасарына жүктелсін.",
               "3. Осы қаулы оның алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі."],
    "table": [["Аудан", "Сома"], ["Бірінші", "100"], ["Екінші", "200"], ["Барлығы", "300"]],
    "signature": ("Қала әкімі", "Ә.Пазылбекұлы"),
}


def _table(d, rows: list[list[str]]) -> None:
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def act(spec: dict) -> bytes:
    """An act typed the way many are: blank, date and number, and signature in borderless tables."""
    d = docx.Document()
    _table(d, [list(spec["blank"])])
    d.add_paragraph(spec["word"])
    _table(d, [list(spec["date"])])
    d.add_paragraph(spec["place"])
    d.add_paragraph(spec["title"])
    d.add_paragraph(spec["preamble"])
    d.add_paragraph(spec["points"][0])
    _table(d, spec["table"])
    for point in spec["points"][1:]:
        d.add_paragraph(point)
    _table(d, [list(spec["signature"])])
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def table_units(root: un.Unit) -> list[un.Unit]:
    return [u for u in root.walk() if u.kind == "table"]


def test_the_body_table_after_the_blank_is_table_1():
    for spec, lang, first, layout in ((RU, "ru", "табл. 1", "реквизиты"), (KK, "kk", "1-кесте", "деректемелер")):
        doc = parse(act(spec), lang=lang)
        assert len(doc.tables) == 4  # blank, date and number, the data table, the signature
        labels = un.table_labels(doc, lang)
        data = next(t.index for t in doc.tables if t.rows[0][0].text in ("Район", "Аудан"))
        assert data == 3 and labels[data] == first, labels  # not «табл. 3»: the layout tables are not counted
        assert set(un.layout_tables(doc)) == {1, 2, 4}, un.layout_tables(doc)
        assert labels[1] == layout and labels[4] == ("подпись" if lang == "ru" else "қолтаңба")
        root = un.build(doc, lang)
        shown = {u.number: u for u in table_units(root)}
        assert shown["3"].label == first
        row = next(u for u in shown["3"].children if u.number == "2")
        assert row.label == f"{first}, {'стр. 2' if lang == 'ru' else '2-жол'}"
        assert row.location.table == 3  # the machine index stays in the location


def test_parity_places_name_the_table_as_printed():
    from validators import check

    ru, kk = act(RU), act(KK | {"table": [["Аудан", "Сома"], ["Бірінші", "100"], ["Екінші", "250"],
                                          ["Барлығы", "350"]]})
    report = check(ru, kind="resolution", lang="ru", pair=kk)
    places = [f.location.unit for f in report.findings if f.rule == "parity.numbers" and f.location.unit]
    assert places, [(f.rule, f.location) for f in report.findings]
    assert all("табл. 3" not in p and "3-кесте" not in p for p in places), places
    assert any(p.startswith(("табл. 1", "1-кесте")) for p in places), places
