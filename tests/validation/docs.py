"""Fixture documents built by the tests (python-docx, pypdf, reportlab, python-pptx): acts, protocols and
letters as blocks that a test can drop, break or reorder before building the file."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT}


@dataclass
class P:
    """A paragraph block."""

    text: str
    align: str | None = None
    bold: bool = False
    underline: bool = False
    border: bool = False
    page_break: bool = False
    key: str = ""


@dataclass
class T:
    """A table block (rows of cell texts)."""

    rows: list[list[str]]
    key: str = ""
    widths: list[int] = field(default_factory=list)


def build_docx(blocks: list[P | T]) -> bytes:
    d = docx.Document()
    for b in blocks:
        if isinstance(b, T):
            table = d.add_table(rows=len(b.rows), cols=max(len(r) for r in b.rows))
            for i, row in enumerate(b.rows):
                for j, text in enumerate(row):
                    table.cell(i, j).text = text
            continue
        p = d.add_paragraph()
        if b.page_break:
            p.paragraph_format.page_break_before = True
        run = p.add_run(b.text)
        run.bold = b.bold or None
        if b.underline:
            run.underline = True
        if b.align:
            p.alignment = ALIGN[b.align]
        if b.border:
            ppr = p._p.get_or_add_pPr()
            bdr = OxmlElement("w:pBdr")
            bottom = OxmlElement("w:bottom")
            for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
                bottom.set(qn(k), v)
            bdr.append(bottom)
            ppr.append(bdr)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def paragraphs_docx(lines: list[str]) -> bytes:
    """A .docx of one plain paragraph a line, as text pasted into Word looks."""
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def without(blocks: list[P | T], *keys: str) -> list[P | T]:
    return [b for b in blocks if b.key not in keys]


def replace(blocks: list[P | T], key: str, new: P | T) -> list[P | T]:
    new.key = new.key or key
    return [new if b.key == key else b for b in blocks]


def ru_resolution() -> list[P | T]:
    return [
        T([["ТҮРКІСТАН ҚАЛАСЫНЫҢ ӘКІМДІГІ", "АКИМАТ ГОРОДА ТУРКЕСТАН"]], key="blank"),
        P("ПОСТАНОВЛЕНИЕ", "center", bold=True, key="kind"),
        T([["16 июня 2025 года", "№ 315"]], key="datenum"),
        P("город Туркестан", "center", key="place"),
        P("Об утверждении Плана мероприятий по озеленению города Туркестан", bold=True, key="title"),
        P("В соответствии со статьей 31 Закона Республики Казахстан «О местном государственном управлении и "
          "самоуправлении в Республике Казахстан» акимат города Туркестан ПОСТАНОВЛЯЕТ:", "justify", key="preamble"),
        P("1. Утвердить План мероприятий по озеленению города согласно приложению к настоящему постановлению.",
          "justify", key="p1"),
        P("2. Государственному учреждению «Отдел финансов города Туркестан»:", "justify", key="p2"),
        P("1) обеспечить финансирование мероприятий;", "justify", key="p2.1"),
        P("2) ежеквартально представлять информацию.", "justify", key="p2.2"),
        P("3. Контроль за исполнением настоящего постановления возложить на заместителя акима города "
          "Н.Сейткулова.", "justify", key="control"),
        P("4. Настоящее постановление вводится в действие со дня его первого официального опубликования.",
          "justify", key="force"),
        T([["Аким города", "Ә.Пазылбекұлы"]], key="signature"),
        P("Приложение", "right", page_break=True, key="appx1"),
        P("к постановлению акимата города Туркестан", "right", key="appx2"),
        P("от 16 июня 2025 года № 315", "right", key="appx3"),
        P("План мероприятий по озеленению города Туркестан", "center", bold=True, key="appx-title"),
        P("1. Посадка 5000 саженцев.", key="appx-p1"),
        P("2. Установка системы орошения.", key="appx-p2"),
    ]


def kk_resolution() -> list[P | T]:
    return [
        T([["ТҮРКІСТАН ҚАЛАСЫНЫҢ ӘКІМДІГІ", "АКИМАТ ГОРОДА ТУРКЕСТАН"]], key="blank"),
        P("ҚАУЛЫ", "center", bold=True, key="kind"),
        T([["2025 жылғы 16 маусым", "№ 315"]], key="datenum"),
        P("Түркістан қаласы", "center", key="place"),
        P("Түркістан қаласын көгалдандыру жөніндегі іс-шаралар жоспарын бекіту туралы", bold=True, key="title"),
        P("Қазақстан Республикасының «Қазақстан Республикасындағы жергілікті мемлекеттік басқару және өзін-өзі "
          "басқару туралы» Заңының 31-бабына сәйкес Түркістан қаласының әкімдігі ҚАУЛЫ ЕТЕДІ:", "justify",
          key="preamble"),
        P("1. Көгалдандыру жөніндегі іс-шаралар жоспары осы қаулының қосымшасына сәйкес бекітілсін.", "justify",
          key="p1"),
        P("2. Осы қаулының орындалуын бақылау қала әкімінің орынбасары Н.Сейітқұловқа жүктелсін.", "justify",
          key="control"),
        P("3. Осы қаулы оның алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа "
          "енгізіледі.", "justify", key="force"),
        T([["Қала әкімі", "Ә.Пазылбекұлы"]], key="signature"),
        P("Түркістан қаласы әкімдігінің", "right", page_break=True, key="appx1"),
        P("2025 жылғы 16 маусымдағы № 315 қаулысына", "right", key="appx2"),
        P("қосымша", "right", key="appx3"),
        P("Көгалдандыру жөніндегі іс-шаралар жоспары", "center", bold=True, key="appx-title"),
        P("1. 5000 көшет отырғызу.", key="appx-p1"),
    ]


def ru_protocol_full() -> list[P | T]:
    return [
        P("АКИМАТ ГОРОДА ТУРКЕСТАН", "center", bold=True, key="body"),
        P("ПРОТОКОЛ", "center", bold=True, key="kind"),
        P("заседания акимата города Туркестан", "center", bold=True, key="title"),
        T([["20 июня 2025 года", "№ 7"]], key="datenum"),
        P("город Туркестан", "center", key="place"),
        P("Председательствующий: Пазылбекулы А. – аким города", key="chair"),
        P("Секретарь: Мырзахметова Ж. – руководитель отдела документационного обеспечения", key="secretary"),
        P("Присутствовали: согласно прилагаемому списку (13 человек).", key="attendees"),
        P("ПОВЕСТКА ДНЯ:", "center", bold=True, key="agenda"),
        P("1. Об исполнении бюджета города за первое полугодие 2025 года", key="a1"),
        P("Докладчик: Касымов Д. – руководитель отдела финансов", key="a1s"),
        P("2. О подготовке города к отопительному сезону", key="a2"),
        P("Докладчик: Серикбаев К. – руководитель отдела ЖКХ", key="a2s"),
        P("1. Об исполнении бюджета города за первое полугодие 2025 года", bold=True, key="s1"),
        P("СЛУШАЛИ:", bold=True, key="s1h"),
        P("Касымов Д. – об исполнении бюджета.", key="s1ht"),
        P("ВЫСТУПИЛИ:", bold=True, key="s1sp"),
        P("Омарова Л.: о ходе освоения средств.", key="s1spt"),
        P("ПОСТАНОВИЛИ:", bold=True, key="s1d"),
        P("1.1. Отделу финансов обеспечить полное освоение бюджетных средств.", key="s1d1"),
        P("Исполнитель: Касымов Д.", key="s1d1e"),
        P("Срок: до 1 декабря 2025 года.", key="s1d1s"),
        P("2. О подготовке города к отопительному сезону", bold=True, key="s2"),
        P("СЛУШАЛИ:", bold=True, key="s2h"),
        P("Серикбаев К. – о готовности тепловых сетей.", key="s2ht"),
        P("ПОСТАНОВИЛИ:", bold=True, key="s2d"),
        P("2.1. Обеспечить завершение ремонта тепловых сетей.", key="s2d1"),
        P("Исполнитель: Серикбаев К.", key="s2d1e"),
        P("Срок: до 15 сентября 2025 года.", key="s2d1s"),
        P("Контроль за исполнением протокольных поручений возложить на руководителя аппарата акима города "
          "Б.Оразбекова.", key="control"),
        T([["Председательствующий", "Ә.Пазылбекұлы"], ["Секретарь", "Ж.Мырзахметова"]], key="signatures"),
    ]


def ru_protocol_short() -> list[P | T]:
    return [
        P("АКИМАТ ГОРОДА ТУРКЕСТАН", "center", bold=True, key="body"),
        P("ПРОТОКОЛ", "center", bold=True, key="kind"),
        P("аппаратного совещания у акима города Туркестан", "center", bold=True, key="title"),
        T([["23 июня 2025 года", "№ 8"]], key="datenum"),
        P("город Туркестан", "center", key="place"),
        P("Председательствующий: Пазылбекулы А. – аким города", key="chair"),
        P("Секретарь: Мырзахметова Ж. – руководитель отдела", key="secretary"),
        P("Присутствовали:", key="attendees"),
        P("Оразбеков Б. – руководитель аппарата", key="att1"),
        P("Омарова Л. – руководитель отдела занятости", key="att2"),
        P("1. О соблюдении сроков рассмотрения обращений граждан", "center", bold=True, border=True, key="i1"),
        P("(Омарова Л., Оразбеков Б.)", "center", key="i1s"),
        P("1.1. Обеспечить недопущение нарушений сроков рассмотрения обращений.", key="i1d1"),
        P("Исполнитель: Омарова Л. Срок: постоянно.", key="i1d1e"),
        P("Контроль за исполнением протокольных поручений возложить на руководителя аппарата акима города "
          "Б.Оразбекова.", key="control"),
        T([["Председательствующий", "Ә.Пазылбекұлы"], ["Секретарь", "Ж.Мырзахметова"]], key="signatures"),
    ]


def ru_cover_letter() -> list[P | T]:
    return [
        T([["ТҮРКІСТАН ҚАЛАСЫ ӘКІМІНІҢ АППАРАТЫ", "АППАРАТ АКИМА ГОРОДА ТУРКЕСТАН"]], key="blank"),
        P("161200, г. Туркестан, ул. Тауке хана, 1, тел. 8 (72533) 5-12-34", "center", key="contacts"),
        T([["18 июня 2025 года", "№ 01-12/345"]], key="datenum"),
        P("На № 12-3/456 от 10.06.2025", key="reference"),
        P("Аппарат акима Туркестанской области", "right", bold=True, key="addressee"),
        P("Направляем проект постановления акимата города Туркестан для согласования.", "justify", key="text"),
        P("Приложение: проект постановления, на 5 л.", key="attachment"),
        T([["Руководитель аппарата", "Б.Оразбеков"]], key="signature"),
        P("Исп.: Сапарова А.", key="executor"),
        P("Тел.: 8 (72533) 5-12-34", key="phone"),
    ]


def pdf_pages(n: int, text: str = "") -> bytes:
    """A PDF of ``n`` pages, the text (Cyrillic allowed) on the first page, a line of text on each other one (not
    a bare «Страница N»: the PDF reader sets page numbers apart from the body)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    for i in range(n):
        c.setFont("DejaVu", 12)
        y = 800
        for line in (text.splitlines() if i == 0 else [f"Раздел {i + 1}. Сведения раздела."]):
            c.drawString(60, y, line)
            y -= 18
        c.showPage()
    c.save()
    return out.getvalue()
