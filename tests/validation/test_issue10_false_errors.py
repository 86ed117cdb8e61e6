"""The false errors listed in issue 10, each as a regression test built in code: the clean document gets no
such error, and where the rule still has something to catch, a broken variant still gets it."""

from __future__ import annotations

import io

import docx
import pytest

from tests.validation.docs import (
    P,
    T,
    build_docx,
    paragraphs_docx,
    replace,
    ru_cover_letter,
    ru_protocol_full,
    without,
)
from validators import CheckOptions, check
from validators.document import parse

OPTIONS = CheckOptions(pages=False, spelling=False, grammar=False)


def _errors(data: bytes, **kw) -> dict[str, list[str]]:
    report = check(data, name="doc.docx", options=OPTIONS, **kw)
    out: dict[str, list[str]] = {}
    for f in report.findings:
        if f.severity == "error":
            out.setdefault(f.rule, []).append(f"{f.text('en')} «{f.location.excerpt}»")
    return out


def _addressee_letter(addressee: list[P | T]) -> list[P | T]:
    blocks = without(ru_cover_letter(), "addressee")
    at = next(i for i, b in enumerate(blocks) if b.key == "reference") + 1
    return blocks[:at] + addressee + blocks[at:]


@pytest.mark.parametrize("style", ["lines", "one-paragraph-breaks", "signature-as-lines"])
def test_cover_letter_addressee_block_is_not_the_signature(style):
    if style == "one-paragraph-breaks":
        addressee = [P("Руководителю управления образования\nТуркестанской области\nСапарову Е.Т.", "right")]
    else:
        addressee = [P("Руководителю управления", "right"), P("образования Туркестанской области", "right"),
                     P("Сапарову Е.Т.", "right")]
    blocks = _addressee_letter(addressee)
    if style == "signature-as-lines":
        blocks = replace(blocks, "signature", P("Руководитель аппарата"))
        at = next(i for i, b in enumerate(blocks) if b.key == "signature") + 1
        blocks.insert(at, P("Б.Оразбеков"))
    data = build_docx(blocks)
    doc = parse(data, kind="cover-letter")
    assert doc.signature is not None and doc.signature.name == "Б.Оразбеков", doc.signature
    assert "Сапарову" not in doc.signature.position
    assert "requisite.signature" not in _errors(data, kind="cover-letter")


def test_a_letter_with_only_an_addressee_block_still_misses_its_signature():
    blocks = without(_addressee_letter([P("Руководителю управления", "right"), P("Сапарову Е.Т.", "right")]),
                     "signature")
    assert "requisite.signature" in _errors(build_docx(blocks), kind="cover-letter")


def _numbered_sections(blocks: list[P | T]) -> list[P | T]:
    """«1. СЛУШАЛИ:» with the item's number on the same line, and no separate item heading."""
    blocks = without(blocks, "s1", "s2")
    blocks = replace(blocks, "s1h", P("1. СЛУШАЛИ:", bold=True))
    return replace(blocks, "s2h", P("2. СЛУШАЛИ:", bold=True))


def test_protocol_sections_with_item_numbers_on_the_heading_line():
    data = build_docx(_numbered_sections(ru_protocol_full()))
    proto = parse(data).protocol
    assert proto is not None and proto.form == "full" and len(proto.sections) == 2
    assert [p.part for p in proto.sections[0].parts] == ["heard", "spoke", "decided"]
    found = _errors(data, kind="protocol-full")
    assert "protocol.sections" not in found and "protocol.assignments" not in found, found


def test_protocol_without_decided_part_is_still_caught_with_numbered_headings():
    blocks = without(_numbered_sections(ru_protocol_full()), "s2d", "s2d1", "s2d1e", "s2d1s")
    assert "protocol.sections" in _errors(build_docx(blocks), kind="protocol-full")


@pytest.mark.parametrize("noted", [
    "1.2. Информацию руководителя отдела финансов Касымова Д. принять к сведению.",
    "1.2. Қаржы бөлімінің басшысы Д.Қасымовтың ақпараты назарға алынсын.",
])
def test_taking_note_is_not_an_assignment_needing_a_deadline(noted):
    blocks = ru_protocol_full()
    at = next(i for i, b in enumerate(blocks) if b.key == "s1d1s") + 1
    blocks.insert(at, P(noted))
    found = _errors(build_docx(blocks), kind="protocol-full")
    assert "protocol.assignments" not in found, found


def test_an_assignment_without_deadline_is_still_caught():
    blocks = ru_protocol_full()
    at = next(i for i, b in enumerate(blocks) if b.key == "s1d1s") + 1
    blocks.insert(at, P("1.2. Отделу финансов принять к сведению информацию и обеспечить контроль расходов."))
    assert "protocol.assignments" in _errors(build_docx(blocks), kind="protocol-full")


def test_kazakh_akim_formula_sheshim_etti_is_recognised():
    blocks = [T([["ТҮРКІСТАН ҚАЛАСЫНЫҢ ӘКІМІ", "АКИМ ГОРОДА ТУРКЕСТАН"]]), P("ШЕШІМ", "center", bold=True),
              T([["2025 жылғы 4 наурыз", "№ 12"]]), P("Түркістан қаласы", "center"),
              P("Түркістан қаласында сайлау учаскелерін құру туралы", bold=True),
              P("«Қазақстан Республикасындағы сайлау туралы» Конституциялық заңның 23-бабына сәйкес Түркістан "
                "қаласының әкімі ШЕШІМ ЕТТІ:"),
              P("1. Сайлау учаскелері құрылсын."),
              P("2. Осы шешімнің орындалуын бақылау қала әкімі аппаратының басшысы Б.Оразбековке жүктелсін."),
              P("3. Осы шешім алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі."),
              T([["Қала әкімі", "Ә.Пазылбекұлы"]])]
    data = build_docx(blocks)
    doc = parse(data)
    assert doc.kind == "decision" and doc.formula is not None and doc.formula.value == "ШЕШІМ ЕТТІ"
    assert "requisite.formula" not in _errors(data)


def _order(lang: str, number: str) -> bytes:
    if lang == "kk":
        lines = ["ТҮРКІСТАН ҚАЛАСЫНЫҢ ӘКІМІ", "ӨКІМ", f"2025 жылғы 10 сәуір № {number}", "Түркістан қаласы",
                 "Жұмыс тобын құру туралы", "1. Жұмыс тобы құрылсын.",
                 f"2. Қала әкімінің 2024 жылғы 5 наурыздағы № {number} өкімінің күші жойылды деп танылсын.",
                 "3. Осы өкімнің орындалуын бақылау қала әкімінің орынбасары Н.Сейітқұловқа жүктелсін.",
                 "Қала әкімі\t\tӘ.Пазылбекұлы"]
    else:
        lines = ["АКИМ ГОРОДА ТУРКЕСТАН", "РАСПОРЯЖЕНИЕ", f"10 апреля 2025 года № {number}", "город Туркестан",
                 "О создании рабочей группы", "1. Создать рабочую группу.",
                 f"2. Признать утратившим силу распоряжение акима города от 5 марта 2024 года № {number}.",
                 "3. Контроль за исполнением настоящего распоряжения возложить на заместителя акима города "
                 "Н.Сейткулова.", "Аким города\t\tӘ.Пазылбекұлы"]
    return paragraphs_docx(lines)


@pytest.mark.parametrize(("kk", "ru"), [("81-ө", "81-р"), ("12-қ", "12-п")])
def test_number_with_each_languages_kind_letter_is_the_same_number(kk, ru):
    found = _errors(_order("kk", kk), pair=_order("ru", ru))
    assert not {r for r in found if r.startswith("parity.")}, found


def test_a_different_number_is_still_a_parity_error():
    found = _errors(_order("kk", "81-ө"), pair=_order("ru", "82-р"))
    assert "parity.doc-numbers" in found or "parity.requisites" in found, found


def _budget_table(total: str) -> bytes:
    d = docx.Document()
    d.add_paragraph("СПРАВКА")
    d.add_paragraph("о расходах бюджета города")
    table = d.add_table(rows=4, cols=4)
    rows = [["№", "Статья", "2024", "2025"], ["1", "Образование", "120", "130"], ["2", "Здравоохранение", "80", "95"],
            ["Итого", "", "200", total]]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    merged = table.cell(3, 0).merge(table.cell(3, 1))  # «Итого» spans the first two columns
    merged.text = "Итого"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _totals(data: bytes) -> list[str]:
    report = check(data, name="t.docx", kind="briefing-note", options=OPTIONS)
    return [f.location.excerpt or "" for f in report.findings if f.rule == "arithmetic.table-total"]


def test_total_row_with_merged_first_cell():
    assert _totals(_budget_table("225")) == []  # «Итого» over two columns; the years' header is no part
    assert _totals(_budget_table("226")) == ["226"]


def _rules_with_chapters(points: list[str]) -> bytes:
    lines = ["ТУРКЕСТАНСКИЙ ГОРОДСКОЙ МАСЛИХАТ", "РЕШЕНИЕ", "20 мая 2025 года № 34-174", "город Туркестан",
             "Об утверждении Правил", "В соответствии с Законом Туркестанский городской маслихат РЕШИЛ:",
             "1. Утвердить Правила согласно приложению к настоящему решению.",
             "2. Настоящее решение вводится в действие со дня его первого официального опубликования.",
             "Секретарь городского маслихата", "С. Дуйсембинов",
             "Приложение", "к решению Туркестанского городского маслихата", "от 20 мая 2025 года № 34-174",
             "Правила", *points]
    return paragraphs_docx(lines)


def test_numbered_chapter_headings_of_an_appendix_are_not_points():
    good = ["1. Общие положения", "1. Настоящие Правила определяют порядок.", "2. Помощь оказывается раз в год.",
            "2. Порядок оказания помощи", "3. Заявление подается в отдел.", "4. Отдел рассматривает заявление."]
    assert "requisite.point-numbering" not in _errors(_rules_with_chapters(good))
    broken = good[:4] + ["4. Заявление подается в отдел.", "5. Отдел рассматривает заявление."]
    assert "requisite.point-numbering" in _errors(_rules_with_chapters(broken))
