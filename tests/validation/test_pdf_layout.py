"""PDF with a text layer read the way the Word path reads the .docx it was saved from: ruled tables back into
rows and cells (a total row merged over two columns keeps its grid), a table over a page break stays one,
paragraphs from line positions (wrapped lines joined, a right-aligned appendix header kept apart and marked
right), a two-column signature, running headers and page numbers not read as body text; the work is bounded.

Fixtures are built here: acts typed with python-docx and saved as PDF by the project's LibreOffice service.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from service import office
from tests.validation.acts import ACTS, STYLES, build
from validators import CheckOptions, check
from validators.document import parse

pytestmark = [pytest.mark.office,
              pytest.mark.skipif(not office.available(), reason="LibreOffice is not installed (make install)")]
OPTIONS = CheckOptions(pages=False, spelling=False, grammar=False)

KK = {
    "blank": "ТҮРКІСТАН ҚАЛАЛЫҚ МӘСЛИХАТЫ", "word": "ШЕШІМ", "date": "2025 жылғы 20 мамыр", "number": "34-174",
    "place": "Түркістан қаласы",
    "title": "Түркістан қаласының 2025 жылға арналған бюджетінен аудандарға берілетін трансферттер көлемі туралы",
    "preamble": "«Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі басқару туралы» "
                "Қазақстан Республикасы Заңының 6-бабына сәйкес Түркістан қалалық мәслихаты ШЕШІМ ҚАБЫЛДАДЫ:",
    "points": ["1. Аудандарға берілетін трансферттер көлемі осы шешімнің қосымшасына сәйкес бекітілсін.",
               "2. Осы шешім алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа "
               "енгізіледі."],
    "signatures": [(["Қалалық мәслихат", "сессиясының төрағасы"], "А. Сүлейменов"),
                   (["Қалалық мәслихаттың хатшысы"], "С. Дүйсембінов")],
    "header": ["Түркістан қалалық мәслихатының", "2025 жылғы 20 мамырдағы", "№ 34-174 шешіміне қосымша"],
    "table_title": "Аудандарға берілетін трансферттер көлемі",
    "head": ["№", "Ауданның атауы", "2025 жыл, мың теңге"],
    "total": "Барлығы",
    "names": ["Бадам ауданы", "Сауран ауданы", "Қаратау ауданы"],
}
RU = {
    "blank": "ТУРКЕСТАНСКИЙ ГОРОДСКОЙ МАСЛИХАТ", "word": "РЕШЕНИЕ", "date": "20 мая 2025 года", "number": "34-174",
    "place": "город Туркестан",
    "title": "Об объемах трансфертов, передаваемых районам из бюджета города Туркестан на 2025 год",
    "preamble": "В соответствии со статьей 6 Закона Республики Казахстан «О местном государственном управлении и "
                "самоуправлении в Республике Казахстан» Туркестанский городской маслихат РЕШИЛ:",
    "points": ["1. Утвердить объемы трансфертов, передаваемых районам, согласно приложению к настоящему решению.",
               "2. Настоящее решение вводится в действие по истечении десяти календарных дней после дня его "
               "первого официального опубликования."],
    "signatures": [(["Председатель сессии", "городского маслихата"], "А. Сүлейменов"),
                   (["Секретарь городского маслихата"], "С. Дуйсембинов")],
    "header": ["Приложение", "к решению Туркестанского городского маслихата", "от 20 мая 2025 года № 34-174"],
    "table_title": "Объемы трансфертов, передаваемых районам",
    "head": ["№ п/п", "Наименование района", "2025 год, тысяч тенге"],
    "total": "Итого",
    "names": ["Бадамский район", "Сауранский район", "Каратауский район"],
}
AMOUNTS = ["125 400", "98 250", "301 000"]
TOTAL = "524 650"


def _para(d, text: str, align=None, bold: bool = False):
    p = d.add_paragraph()
    p.add_run(text).bold = bold or None
    if align is not None:
        p.alignment = align
    return p


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _page_number_footer(d) -> None:
    """A running header «Жоба / Проект» and a centred page number field in the footer of every page."""
    section = d.sections[0]
    section.header.paragraphs[0].text = "Жоба / Проект"
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = "1"


def act(lang: str, *, total: str = TOTAL, amounts: list[str] | None = None, rows: int = 0,
        furniture: bool = False) -> bytes:
    """A maslikhat decision as a clerk types it: bold centred blank, kind name and title, «date⇥№», justified
    points, a two-column borderless signature table (position on two lines), then on a new page a right-aligned
    appendix header on three lines and a ruled table whose total row spans the first two columns. ``rows``
    adds that many more district rows (of zero) so the table runs over a page break."""
    t = KK if lang == "kk" else RU
    amounts = amounts or AMOUNTS
    center, right, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
    d = docx.Document()
    if furniture:
        _page_number_footer(d)
    _para(d, t["blank"], center, bold=True)
    _para(d, t["word"], center, bold=True)
    p = _para(d, f"{t['date']}\t№ {t['number']}")
    p.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(16.0), docx.enum.text.WD_TAB_ALIGNMENT.RIGHT)
    _para(d, t["place"], center)
    _para(d, t["title"], center, bold=True)
    _para(d, t["preamble"], justify)
    for point in t["points"]:
        _para(d, point, justify)
    sign = d.add_table(rows=len(t["signatures"]), cols=2)
    _borderless(sign)
    for i, (position, name) in enumerate(t["signatures"]):
        for k, line in enumerate(position):
            cell_p = sign.cell(i, 0).paragraphs[0] if k == 0 else sign.cell(i, 0).add_paragraph()
            cell_p.add_run(line).bold = True
        name_p = sign.cell(i, 1).paragraphs[0]
        name_p.add_run(name).bold = True
        name_p.alignment = right
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for line in t["header"]:
        _para(d, line, right)
    _para(d, t["table_title"], center, bold=True)
    names = t["names"] + [f"{k + 4}" for k in range(rows)]
    values = amounts + ["0"] * rows
    table = d.add_table(rows=len(names) + 2, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for c, text in enumerate(t["head"]):
        table.cell(0, c).text = text
    for r, (name, value) in enumerate(zip(names, values, strict=True), start=1):
        for c, text in enumerate((f"{r}", name, value)):
            table.cell(r, c).text = text
    last = len(names) + 1
    merged = table.cell(last, 0).merge(table.cell(last, 1))
    merged.text = t["total"]
    table.cell(last, 2).text = total
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


_PDFS: dict[tuple, bytes] = {}


def pdf_of(data: bytes, key: tuple) -> bytes:
    if key not in _PDFS:
        _PDFS[key] = office.convert(data)
    return _PDFS[key]


def errors(report) -> list[str]:
    return [f"{f.rule}: {f.text('en')} «{f.location.excerpt}»" for f in report.findings if f.severity == "error"]


def _norm(grid: list[list[str]]) -> list[list[str]]:
    return [[" ".join(c.split()) for c in row] for row in grid]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_table_reads_back_as_the_word_table(lang):
    data = act(lang)
    word, pdf = parse(data), parse(pdf_of(data, (lang,)))
    assert pdf.format == "pdf" and len(pdf.tables) == 1
    table = pdf.tables[0]
    assert _norm(table.texts()) == _norm(word.tables[-1].texts())
    total = table.rows[-1]
    assert [(c.col, c.text) for c in total] == [(1, KK["total"] if lang == "kk" else RU["total"]), (3, TOTAL)]
    assert table.after_paragraph == next(p.index for p in pdf.paragraphs
                                         if p.text == (KK if lang == "kk" else RU)["table_title"])


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_paragraphs_header_and_signature_as_typed(lang):
    t = KK if lang == "kk" else RU
    doc = parse(pdf_of(act(lang), (lang,)))
    texts = [p.full_text for p in doc.paragraphs]
    assert t["title"] in texts and t["preamble"] in texts  # wrapped lines joined into their paragraph
    assert all(point in texts for point in t["points"])
    header = [p for p in doc.paragraphs if p.text in t["header"]]
    assert [p.text for p in header] == t["header"] and {p.alignment for p in header} == {"right"}
    assert doc.kind == "maslikhat-decision"
    assert doc.signature is not None and doc.signature.name == t["signatures"][0][1]
    assert doc.signature.position.split() == " ".join(t["signatures"][0][0]).split()
    assert len(doc.appendices) == 1 and doc.appendices[0].ref_number == "34-174"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_act_with_a_table_has_no_false_error(lang):
    report = check(pdf_of(act(lang), (lang,)), name=f"act.{lang}.pdf", options=OPTIONS)
    assert report.document.kind == "maslikhat-decision"
    assert errors(report) == []
    assert not [f for f in report.findings if f.rule == "arithmetic.table-total"]


def test_pdf_pair_with_tables_has_no_parity_error():
    report = check(pdf_of(act("kk"), ("kk",)), pair=pdf_of(act("ru"), ("ru",)), name="kk.pdf", options=OPTIONS)
    assert [e for e in errors(report) if e.startswith("parity.")] == []


def test_a_wrong_total_in_a_pdf_table_is_still_found():
    report = check(pdf_of(act("ru", total="524 000"), ("ru", "wrong-total")), name="act.ru.pdf", options=OPTIONS)
    found = [f for f in report.findings if f.rule == "arithmetic.table-total"]
    assert found and found[0].location.table == 1 and found[0].location.row == 5


def test_a_changed_figure_in_a_pdf_table_is_a_parity_error():
    changed = ["125 400", "98 250", "310 000"]
    ru = pdf_of(act("ru", amounts=changed, total="533 650"), ("ru", "changed"))
    report = check(pdf_of(act("kk"), ("kk",)), pair=ru, name="kk.pdf", options=OPTIONS)
    numbers = [f for f in report.findings if f.rule == "parity.numbers" and f.severity == "error"]
    assert numbers and any("310" in f.text("en") or "301" in f.text("en") for f in numbers)


def test_a_table_over_a_page_break_stays_one_table():
    data = act("ru", rows=45)
    word, pdf = parse(data), parse(pdf_of(data, ("ru", "long")))
    assert pdf.pages is not None and pdf.pages >= 3
    assert len(pdf.tables) == 1 and len(pdf.tables[0].rows) == 50
    assert _norm(pdf.tables[0].texts()) == _norm(word.tables[-1].texts())
    report = check(pdf_of(data, ("ru", "long")), name="long.ru.pdf", options=OPTIONS)
    assert errors(report) == []


def test_page_numbers_and_running_headers_are_not_body_text():
    data = act("ru", rows=45, furniture=True)
    doc = parse(pdf_of(data, ("ru", "furniture")))
    assert doc.pages is not None and doc.pages >= 3
    assert not [p.text for p in doc.paragraphs if p.text.strip().isdigit() or "Проект" in p.text]
    assert "Жоба / Проект" in doc.extra.get("headers", [])
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == 50


def test_past_the_layout_bound_pages_keep_their_plain_text(monkeypatch):
    from validators.document import pdf_layout

    monkeypatch.setattr(pdf_layout, "MAX_LAYOUT_PAGES", 0)
    doc = parse(pdf_of(act("ru"), ("ru",)))
    assert doc.tables == []  # not read as a table ...
    assert "РЕШЕНИЕ" in [p.text for p in doc.paragraphs]  # ... but its text is, as pypdf gives it


STYLE_CASES = [(a, s) for a in ACTS for s in STYLES]


@pytest.mark.parametrize("case", STYLE_CASES, ids=[f"{a.kind}-{a.lang}-{s}" for a, s in STYLE_CASES])
def test_every_typing_style_saved_as_pdf_has_no_false_error(case):
    a, style = case
    data = pdf_of(build(a, style), (a.kind, a.lang, style))
    report = check(data, name=f"{a.kind}.{a.lang}.pdf", options=OPTIONS)
    assert report.document.kind == a.kind
    assert errors(report) == []
    doc = parse(data)
    assert doc.signature is not None and doc.signature.name == a.signatures[0][1]
    assert doc.signature.position.split() == " ".join(a.signatures[0][0]).split()


PDF_PAIRS = [(kk, ru, s) for kk in ACTS for ru in ACTS if kk.lang == "kk" and ru.lang == "ru" and kk.kind == ru.kind
             for s in STYLES]


@pytest.mark.parametrize("pair", PDF_PAIRS, ids=[f"{p[0].kind}-{p[2]}" for p in PDF_PAIRS])
def test_every_typing_style_saved_as_pdf_pairs_without_parity_error(pair):
    kk, ru, style = pair
    report = check(pdf_of(build(kk, style), (kk.kind, "kk", style)),
                   pair=pdf_of(build(ru, style), (ru.kind, "ru", style)), name="kk.pdf", options=OPTIONS)
    assert [e for e in errors(report) if e.startswith("parity.")] == []


def _line(text: str, x0: float, top: float, page: int = 1, size: float = 12.0, width: float = 6.0):
    """A text line built by hand: words of ``width`` points per letter, one space (3 pt) apart."""
    from validators.document.pdf_layout import TextLine, Word

    words, x = [], x0
    for w in text.split(" "):
        words.append(Word(text=w, x0=x, x1=x + width * len(w), top=top, bottom=top + size, size=size, bold=False))
        x += width * len(w) + 3
    return TextLine(words=words, page=page)


def _cell(col: int, *lines):
    from validators.document.pdf_layout import CellBox

    return CellBox(row=1, col=col, x0=100.0 * col, x1=100.0 * col + 100, top=0, bottom=50, lines=list(lines))


def test_a_row_the_page_break_cut_is_joined_but_a_total_row_is_not():
    from validators.document.pdf import _split_row

    last = [_cell(1, _line("15.", 105, 700)), _cell(2, _line("Саркандс", 205, 700)), _cell(3, _line("9", 305, 700))]
    rest = [_cell(1), _cell(2, _line("кий", 205, 72, page=2)), _cell(3)]
    assert _split_row(last, rest)
    total = [_cell(1, _line("Итого", 105, 72, page=2)), _cell(2), _cell(3, _line("524", 305, 72, page=2))]
    assert not _split_row(last, total)  # a cell empty before the break has text after it: a row of its own
    new_row = [_cell(1, _line("16.", 105, 72, page=2)), _cell(2, _line("Талгарский", 205, 72, page=2)),
               _cell(3, _line("1", 305, 72, page=2))]
    assert not _split_row(last, new_row)


def test_a_line_goes_on_only_where_the_next_word_did_not_fit():
    from validators.document.pdf_layout import Area, continues, join

    area = Area(left=90, right=482)  # the full line ends at 480
    full = _line("Настоящее решение вводится в действие по истечении десяти календарных", 90, 100)
    nxt = _line("дней после дня его первого официального опубликования.", 90, 114)
    assert continues(full, nxt, area, pitch=14)
    short = _line("Аким города", 90, 140)
    assert not continues(nxt, short, area, pitch=14)  # «Аким» would have fitted after the full stop
    assert not continues(full, _line("дней", 90, 124), area, pitch=14)  # a paragraph's spacing
    hyphen = _line("Алматы облыстық мәслихатының 2022 жылғы 13- жылғы жылғы жылғы жылғы 13-", 90, 100)
    assert join(hyphen, _line("желтоқсандағы", 90, 114)) == ""


EXAMPLES = [(kind, lang) for kind in ("resolution", "decision", "order", "protocol-full", "protocol-short",
                                      "cover-letter", "comparison-table") for lang in ("kk", "ru")]


def _findings(report) -> tuple[str | None, list[tuple[str, str]]]:
    return report.document.kind, sorted({(f.rule, f.severity) for f in report.findings
                                         if f.severity in ("error", "warning")})


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{k}-{lang}" for k, lang in EXAMPLES])
def test_the_projects_render_saved_as_pdf_gets_the_findings_of_its_word_file(example):
    """Our own renders of every kind (protocols with СЛУШАЛИ/ТЫҢДАЛДЫ sections, agendas, letters, tables): the
    PDF is read into the same parts as the .docx, so the check says the same."""
    import json
    from pathlib import Path

    from service import render

    kind, lang = example
    record = json.loads((Path(__file__).resolve().parents[2] / "examples" / f"{kind}.json").read_text("utf-8"))
    data = render(kind, record, lang=lang, format="docx")
    word = check(data, name=f"{kind}.docx", options=OPTIONS)
    pdf = check(pdf_of(data, ("render", kind, lang)), name=f"{kind}.pdf", options=OPTIONS)
    assert _findings(pdf) == _findings(word)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_incoming_letter_saved_as_pdf_gets_the_findings_of_its_word_file(lang):
    from tests.batch.letters import KK_LETTER, RU_LETTER, letter_docx

    data = letter_docx(KK_LETTER if lang == "kk" else RU_LETTER)
    options = CheckOptions(pages=False, spelling=False, grammar=False, inbox=True)
    word = check(data, name="letter.docx", options=options)
    pdf = check(pdf_of(data, ("letter", lang)), name="letter.pdf", options=options)
    assert _findings(pdf) == _findings(word) and pdf.document.kind == "incoming-letter"
