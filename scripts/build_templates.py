"""Build the shipped .docx templates (templates/kk|ru/<kind>.docx) with python-docx.

Run ``.venv/bin/python scripts/build_templates.py`` after changing a layout; commit the script and the .docx.
Every Jinja tag is written into a single run, paragraph-level tags (``{%p %}``, ``{%tr %}``) into their own
paragraph or row, so the templates pass ``qujat preflight``. The layout is described in docs/generation.md.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.generation import core_xml, write_zip  # noqa: E402

FONT = "Times New Roman"
SIZE = Pt(14)
SMALL = Pt(12)
INDENT = Cm(1.25)

# Template wording, (ru, kk) side by side. Formulae follow the requirements' glossaries
# (seed-001 §12, seed-004 §11): ПОСТАНОВЛЯЕТ: / ҚАУЛЫ ЕТЕДІ:, «О…» / «…туралы».
TERMS: dict[str, tuple[str, str]] = {
    "resolution": ("ПОСТАНОВЛЕНИЕ",
                 "ҚАУЛЫ"),
    "decision": ("РЕШЕНИЕ",
               "ШЕШІМ"),
    "order": ("РАСПОРЯЖЕНИЕ",
            "ӨКІМ"),
    "resolution.formula": ("ПОСТАНОВЛЯЕТ:",
                         "ҚАУЛЫ ЕТЕДІ:"),
    "decision.formula": ("РЕШИЛ:",
                       "ШЕШІМ ҚАБЫЛДАДЫ:"),
    "order.formula": ("",
                    ""),
    "resolution.of": ("настоящего постановления",
                    "Осы қаулының"),
    "decision.of": ("настоящего решения",
                  "Осы шешімнің"),
    "order.of": ("настоящего распоряжения",
               "Осы өкімнің"),
    "resolution.to": ("к постановлению",
                    "қаулысына"),
    "decision.to": ("к решению",
                  "шешіміне"),
    "order.to": ("к распоряжению",
               "өкіміне"),
    "resolution.entry": ("Настоящее постановление вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования.",
                       "Осы қаулы оның алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі."),
    "decision.entry": ("Настоящее решение вводится в действие со дня его подписания.",
                     "Осы шешім қол қойылған күнінен бастап қолданысқа енгізіледі."),
    "order.entry": ("Настоящее распоряжение вводится в действие со дня его подписания.",
                  "Осы өкім қол қойылған күнінен бастап қолданысқа енгізіледі."),
    "control": ("Контроль за исполнением {of} возложить на {{{{ control }}}}.",
              "{of} орындалуын бақылау {{{{ control }}}} жүктелсін."),
    "appendix": ("Приложение",
               "қосымша"),
    # ru: «ПРОТОКОЛ / заседания …»; kk: the genitive comes first and the kind word takes the possessive,
    # «… отырысының / ХАТТАМАСЫ» (as in real Kazakh protocols: «… комиссия отырысының хаттамасы № 1»)
    "protocol": ("ПРОТОКОЛ",
               "ХАТТАМАСЫ"),
    "chair": ("Председательствующий",
            "Төрағалық етуші"),
    "secretary": ("Секретарь",
                "Хатшы"),
    "present": ("Присутствовали",
              "Қатысқандар"),
    "present.ref": ("согласно прилагаемому списку",
                  "қоса берілген тізімге сәйкес"),
    "persons": ("человек",
              "адам"),
    "approve": ("УТВЕРЖДАЮ",
                "БЕКІТЕМІН"),
    "agenda.attached": ("Повестка дня прилагается.",
                        "Күн тәртібі қоса беріледі."),
    "agenda": ("ПОВЕСТКА ДНЯ:",
             "КҮН ТӘРТІБІ:"),
    "speaker": ("Докладчик",
              "Баяндамашы"),
    "speech.attached": ("Текст выступления прилагается.",
                      "Сөйлеген сөздің мәтіні қоса беріледі."),
    "vote": ("Итоги голосования",
           "Дауыс беру қорытындысы"),
    "executor": ("Исполнитель",
               "Орындаушы"),
    "deadline": ("Срок",
               "Мерзімі"),
    "protocol.control": ("Контроль за исполнением протокольных поручений возложить на {{ control }}.",
                       "Хаттамалық тапсырмалардың орындалуын бақылау {{ control }} жүктелсін."),
    "protocol.to": ("к протоколу",
                  "хаттамасына"),
    "attendees.list": ("Список присутствовавших",
                     "Қатысқандар тізімі"),
    "attachment": ("Приложение",
                 "Қосымша"),
    "letter.executor": ("Исп.",
                      "Орынд."),
    "phone": ("Тел.",
            "Тел."),
    "ct.title": ("Сравнительная таблица",
               "Салыстырмалы кесте"),
    "ct.no": ("№ п/п",
            "Р/с №"),
    "ct.unit": ("Структурный элемент",
              "Құрылымдық элемент"),
    "ct.current": ("Действующая редакция",
                 "Қолданыстағы редакция"),
    "ct.proposed": ("Предлагаемая редакция",
                  "Ұсынылатын редакция"),
    "ct.why": ("Обоснование",
             "Негіздеме"),
}
W: dict[str, dict[str, str]] = {lang: {k: v[i] for k, v in TERMS.items()} for i, lang in enumerate(("ru", "kk"))}

# CT_PPr children that must follow w:pBdr (ECMA-376 order; Word rejects misordered properties).
PBDR_SUCCESSORS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                   "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                   "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                   "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                   "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


# ---------------------------------------------------------------- document set-up
def new_document(lang: str, landscape: bool = False) -> Document:
    doc = Document()
    for style_name in ("Normal", "Table Grid"):
        style = doc.styles[style_name]
        style.font.name = FONT
        style.font.size = SIZE
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        lang_el = rpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = OxmlElement("w:lang")
            rpr.append(lang_el)
        lang_el.set(qn("w:val"), "kk-KZ" if lang == "kk" else "ru-RU")
    pf = doc.styles["Normal"].paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(30), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    _page_number_header(section)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the default template has no paragraphs; be safe
        body.remove(p)
    return doc


def _page_number_header(section) -> None:
    """Page number at the top centre from page 2 (the first page header stays empty)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def text_width(doc: Document) -> int:
    s = doc.sections[0]
    return s.page_width - s.left_margin - s.right_margin


# ---------------------------------------------------------------- paragraphs
def para(container, *runs: str | tuple[str, dict], align: str = "left", indent: bool = False,
         bold: bool = False, size=None, page_break: bool = False, left_indent=None,
         border_bottom: bool = False, keep_next: bool = False):
    """One paragraph; each item of ``runs`` becomes one run (a string, or (text, {bold, italic, ...}))."""
    p = container.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    if indent:
        p.paragraph_format.first_line_indent = INDENT
    if left_indent is not None:
        p.paragraph_format.left_indent = left_indent
    if page_break:
        p.paragraph_format.page_break_before = True
    if keep_next:
        p.paragraph_format.keep_with_next = True
    for item in runs:
        text, fmt = (item, {}) if isinstance(item, str) else item
        run = p.add_run(text)
        run.bold = fmt.get("bold", bold) or None
        if fmt.get("italic"):
            run.italic = True
        if fmt.get("underline"):
            run.underline = True
        if size or fmt.get("size"):
            run.font.size = fmt.get("size", size)
    if border_bottom:
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(k), v)
        bdr.append(bottom)
        ppr.insert_element_before(bdr, *PBDR_SUCCESSORS)
    return p


def tag(container, text: str) -> None:
    """A paragraph holding one paragraph-level tag ({%p …%}); docxtpl removes the paragraph."""
    para(container, text)


def blank(container) -> None:
    para(container, "")


# ---------------------------------------------------------------- tables
def set_grid(table, widths: list[int]) -> None:
    """The table's grid columns at ``widths`` (EMU): with a fixed layout Word and LibreOffice size the columns
    by the grid, not by the cells (python-docx writes equal grid columns)."""
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width) // 635))


def borderless_table(doc_or_cell, widths: list[int]):
    table = doc_or_cell.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed
    set_grid(table, widths)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    return table


def cell_para(cell, *runs, **kw):
    """Fill the first (empty) paragraph of ``cell`` on first use, then append paragraphs."""
    first = cell.paragraphs[0]
    if not first.runs and not getattr(cell, "_used", False):
        cell._used = True  # type: ignore[attr-defined]
        p = para(cell, *runs, **kw)
        first._p.getparent().remove(first._p)
        return p
    return para(cell, *runs, **kw)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    h = OxmlElement("w:tblHeader")
    h.set(qn("w:val"), "true")
    trpr.append(h)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


# ---------------------------------------------------------------- shared blocks
def state_blank(doc) -> None:
    """Bilingual state blank: kk name | emblem slot | ru name (both names whatever the language)."""
    tw = text_width(doc)
    emblem = Mm(30)
    side = (tw - emblem) // 2
    table = borderless_table(doc, [side, emblem, side])
    kk, mid, ru = table.rows[0].cells
    cell_para(kk, "{{ body.kk }}", align="center", bold=True)
    cell_para(mid, "{{r emblem }}", align="center")
    cell_para(ru, "{{ body.ru }}", align="center", bold=True)


def date_number_line(doc, lang: str, date_filter: str = "longdate") -> None:
    tw = text_width(doc)
    table = borderless_table(doc, [tw // 2, tw - tw // 2])
    left, right = table.rows[0].cells
    cell_para(left, "{{ date|" + date_filter + " }}", align="left")
    cell_para(right, "№ {{ number }}", align="right")


def signature(doc, rows: list[tuple[str, str]]) -> None:
    """Signature block: position left, name right (one borderless table row per signer). The rows stay
    together on one page (every row but the last is kept with the next, no row splits)."""
    tw = text_width(doc)
    table = borderless_table(doc, [tw * 6 // 10, tw - tw * 6 // 10])
    for i, (position, name) in enumerate(rows):
        row = table.rows[0] if i == 0 else table.add_row()
        left, right = row.cells
        left.width, right.width = tw * 6 // 10, tw - tw * 6 // 10
        keep = i < len(rows) - 1
        cell_para(left, position, align="left", bold=True, keep_next=keep)
        cell_para(right, name, align="right", bold=True, keep_next=keep)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def points_block(doc) -> None:
    tag(doc, "{%p for p in points %}")
    para(doc, "{{ p.number or loop.index }}. {{ p.text }}", align="justify", indent=True)
    tag(doc, "{%p for s in p.subpoints %}")
    para(doc, "{{ s.number or loop.index }}) {{ s.text }}", align="justify", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")


def appendix_header(doc, lines: list[str]) -> None:
    for i, line in enumerate(lines):
        para(doc, line, align="right", page_break=(i == 0))
    blank(doc)


def appendix_body(doc) -> None:
    para(doc, "{{ a.title }}", align="center", bold=True)
    blank(doc)
    tag(doc, "{%p for t in a.paragraphs %}")
    para(doc, "{{ t }}", align="justify", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for t in a.numbered %}")
    para(doc, "{{ loop.index }}. {{ t }}", align="justify", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if a.table %}")
    tag(doc, "{{p a.table|table }}")
    tag(doc, "{%p endif %}")


# ---------------------------------------------------------------- acts
def build_act(kind: str, lang: str) -> Document:
    w = W[lang]
    doc = new_document(lang)
    state_blank(doc)
    blank(doc)
    para(doc, w[kind], align="center", bold=True)
    blank(doc)
    date_number_line(doc, lang)
    para(doc, "{{ place }}", align="center")
    blank(doc)
    para(doc, "{{ title }}", align="left", bold=True)
    blank(doc)
    formula = w[f"{kind}.formula"]
    if formula:
        para(doc, "{{ preamble }}, {{ issuer.name }} ", (formula, {"bold": True}), align="justify", indent=True)
    else:
        para(doc, "{{ preamble }}:", align="justify", indent=True)
    points_block(doc)
    of = w[f"{kind}.of"]
    tag(doc, "{%p if control %}")
    para(doc, "{{ points|length + 1 }}. " + w["control"].format(of=of), align="justify", indent=True)
    tag(doc, "{%p endif %}")
    entry = w[f"{kind}.entry"]
    para(doc, "{{ points|length + (2 if control else 1) }}. {{ entry_into_force or '" + entry + "' }}",
         align="justify", indent=True)
    blank(doc)
    blank(doc)
    signature(doc, [("{{ signatory.position }}", "{{ signatory.name }}")])
    tag(doc, "{%p for a in appendices %}")
    num = "{% if appendices|length > 1 %} {{ loop.index }}{% endif %}"
    if lang == "ru":
        lines = [f"{w['appendix']}{num}", f"{w[kind + '.to']} {{{{ issuer.of }}}}",
                 "от {{ date|longdate }} № {{ number }}"]
    else:
        lines = ["{{ issuer.of }}", "{{ date|attrdate }} № {{ number }} " + w[kind + ".to"],
                 "{% if appendices|length > 1 %}{{ loop.index }}-{% endif %}" + w["appendix"]]
    appendix_header(doc, lines)
    appendix_body(doc)
    tag(doc, "{%p endfor %}")
    return doc


# ---------------------------------------------------------------- protocols
def protocol_intro(doc, lang: str) -> None:
    w = W[lang]
    para(doc, "{{ body }}", align="center", bold=True)
    blank(doc)
    tag(doc, "{%p if approved_by %}")  # гриф утверждения (Appendix 5, L866), upper right
    para(doc, (w["approve"], {"bold": True}), align="right")
    para(doc, "{{ approved_by.position }}", align="right")
    para(doc, "{{ approved_by.name }}", align="right")
    tag(doc, "{%p if approved_by.date %}")
    para(doc, "{{ approved_by.date|longdate }}", align="right")
    tag(doc, "{%p endif %}")
    blank(doc)
    tag(doc, "{%p endif %}")
    if lang == "kk":
        para(doc, "{{ title }}", align="center", bold=True)
        para(doc, w["protocol"], align="center", bold=True)
    else:
        para(doc, w["protocol"], align="center", bold=True)
        para(doc, "{{ title }}", align="center", bold=True)
    blank(doc)
    date_number_line(doc, lang)
    para(doc, "{{ place }}", align="center")
    blank(doc)
    para(doc, (w["chair"] + ":", {"bold": True}), " {{ chair.name }} – {{ chair.position }}", align="justify")
    para(doc, (w["secretary"] + ":", {"bold": True}), " {{ secretary.name }} – {{ secretary.position }}",
         align="justify")
    tag(doc, "{%p if attendees|length > attendees_inline_max %}")
    para(doc, (w["present"] + ":", {"bold": True}),
         " " + w["present.ref"] + " ({{ attendees|length }} " + w["persons"] + ").", align="justify")
    tag(doc, "{%p else %}")
    para(doc, (w["present"] + ":", {"bold": True}), align="justify")
    tag(doc, "{%p for a in attendees %}")
    para(doc, "{{ a.name }} – {{ a.position }}", align="justify")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    blank(doc)


def decisions_block(doc, lang: str, var: str) -> None:
    w = W[lang]
    tag(doc, "{%p for d in " + var + ".decisions %}")
    para(doc, "{{ q_index }}.{{ loop.index }}. {{ d.text }}", align="justify", indent=True)
    tag(doc, "{%p if d.executor %}")
    para(doc, (w["executor"] + ":", {"italic": True}), " {{ d.executor }}", align="justify", indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if d.deadline %}")
    para(doc, (w["deadline"] + ":", {"italic": True}), " {{ d.deadline }}", align="justify", indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def protocol_outro(doc, lang: str) -> None:
    """The control paragraph, kept on the page of the signatures: no page holds the signatures alone."""
    w = W[lang]
    blank(doc)
    para(doc, w["protocol.control"], align="justify", indent=True, keep_next=True)
    para(doc, "", keep_next=True)
    para(doc, "", keep_next=True)
    signature(doc, [(w["chair"], "{{ chair.signature_name or chair.name }}"),
                    (w["secretary"], "{{ secretary.signature_name or secretary.name }}")])
    tag(doc, "{%p if attendees|length > attendees_inline_max %}")
    if lang == "ru":
        lines = [w["appendix"], w["protocol.to"] + " {{ title }}", "от {{ date|longdate }} № {{ number }}"]
    else:
        lines = ["{{ title }}", "{{ date|attrdate }} № {{ number }} " + w["protocol.to"], w["appendix"]]
    appendix_header(doc, lines)
    para(doc, w["attendees.list"], align="center", bold=True)
    blank(doc)
    tag(doc, "{%p for a in attendees %}")
    para(doc, "{{ loop.index }}. {{ a.name }} – {{ a.position }}", align="justify")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def build_protocol_full(lang: str) -> Document:
    w = W[lang]
    doc = new_document(lang)
    protocol_intro(doc, lang)
    tag(doc, "{%p if agenda_attached %}")
    para(doc, w["agenda.attached"], align="justify", indent=True)
    tag(doc, "{%p else %}")
    para(doc, w["agenda"], align="center", bold=True)
    tag(doc, "{%p for q in agenda %}")
    para(doc, "{{ loop.index }}. {{ q.title }}", align="justify")
    para(doc, (w["speaker"] + ":", {"italic": True}), " {{ q.speaker }}", align="justify")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for q in agenda %}")
    tag(doc, "{%p set q_index = loop.index %}")
    blank(doc)
    para(doc, "{{ loop.index }}. {{ q.title }}", align="justify", bold=True, keep_next=True)
    para(doc, ("{{ words.heard }}:", {"bold": True}), align="left", keep_next=True)
    para(doc, "{{ q.heard }}", align="justify", indent=True)
    tag(doc, "{%p if q.speech_attached %}")
    para(doc, w["speech.attached"], align="justify", indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if q.speeches %}")
    para(doc, ("{{ words.spoke }}:", {"bold": True}), align="left", keep_next=True)
    tag(doc, "{%p for s in q.speeches %}")
    para(doc, "{{ s.speaker }}{% if s.text %}: {{ s.text }}{% endif %}", align="justify", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, ("{{ words.outcome }}:", {"bold": True}), align="left", keep_next=True)
    decisions_block(doc, lang, "q")
    tag(doc, "{%p if q.vote %}")
    para(doc, (w["vote"] + ":", {"italic": True}), " {{ q.vote }}", align="justify", indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    protocol_outro(doc, lang)
    return doc


def build_protocol_short(lang: str) -> Document:
    doc = new_document(lang)
    protocol_intro(doc, lang)
    tag(doc, "{%p for q in items %}")
    tag(doc, "{%p set q_index = loop.index %}")
    blank(doc)
    para(doc, "{{ loop.index }}. {{ q.title }}", align="center", bold=True, border_bottom=True,
         keep_next=True)
    para(doc, "({{ q.speakers|join(', ') }})", align="center", keep_next=True)
    blank(doc)
    decisions_block(doc, lang, "q")
    tag(doc, "{%p endfor %}")
    protocol_outro(doc, lang)
    return doc


# ---------------------------------------------------------------- letters and tables
def build_cover_letter(lang: str) -> Document:
    w = W[lang]
    doc = new_document(lang)
    state_blank(doc)
    tag(doc, "{%p if contacts %}")
    para(doc, "{{ contacts }}", align="center", size=Pt(10), border_bottom=True)
    tag(doc, "{%p endif %}")
    blank(doc)
    date_number_line(doc, lang)
    tag(doc, "{%p if reply_to %}")
    if lang == "ru":
        para(doc, "На № {{ reply_to.number }} от {{ reply_to.date|shortdate }}", align="left")
    else:
        para(doc, "{{ reply_to.date|shortdate }} № {{ reply_to.number }} хатқа", align="left")
    tag(doc, "{%p endif %}")
    blank(doc)
    tag(doc, "{%p for line in addressee %}")
    para(doc, "{{ line }}", align="right", bold=True)
    tag(doc, "{%p endfor %}")
    blank(doc)
    tag(doc, "{%p if subject %}")
    para(doc, "{{ subject }}", align="left", bold=True)
    blank(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if salutation %}")
    para(doc, "{{ salutation }}", align="center")
    blank(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for t in paragraphs %}")
    para(doc, "{{ t }}", align="justify", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if attachments %}")
    blank(doc)
    if lang == "ru":
        single = "на {{ attachments[0].pages }} л."
        multi = "{{ loop.index }}. {{ t.title }} – на {{ t.pages }} л."
    else:
        single = "{{ attachments[0].pages }} парақ."
        multi = "{{ loop.index }}. {{ t.title }} – {{ t.pages }} парақ."
    tag(doc, "{%p if attachments|length == 1 %}")
    para(doc, (w["attachment"] + ":", {"bold": True}), " {{ attachments[0].title }}, " + single, align="justify")
    tag(doc, "{%p else %}")
    para(doc, (w["attachment"] + ":", {"bold": True}), align="justify")
    tag(doc, "{%p for t in attachments %}")
    para(doc, multi, align="justify", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    blank(doc)
    blank(doc)
    signature(doc, [("{{ signatory.position }}", "{{ signatory.name }}")])
    blank(doc)
    blank(doc)
    para(doc, w["letter.executor"] + ": {{ executor.name }}", align="left", size=SMALL)
    para(doc, w["phone"] + ": {{ executor.phone }}", align="left", size=SMALL)
    return doc


def build_comparison_table(lang: str) -> Document:
    w = W[lang]
    doc = new_document(lang, landscape=True)
    para(doc, w["ct.title"], align="center", bold=True)
    para(doc, "{{ title }}", align="center", bold=True)
    blank(doc)
    tw = text_width(doc)
    fractions = [6, 16, 30, 30, 18]
    widths = [tw * f // 100 for f in fractions]
    table = doc.add_table(rows=3, cols=5)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_grid(table, widths)  # «№ п/п» narrow, the two wordings wide
    heads = [w["ct.no"], w["ct.unit"], w["ct.current"], w["ct.proposed"], w["ct.why"]]
    for cell, width, head in zip(table.rows[0].cells, widths, heads, strict=True):
        cell.width = width
        cell_para(cell, head, align="center", bold=True)
    repeat_header(table.rows[0])
    body_cells = ["{{ loop.index }}", "{{ r.unit }}", "{{r r.current }}", "{{r r.proposed }}",
                  "{{ r.justification }}"]
    for i, row in enumerate(table.rows[1:]):
        for j, (cell, width) in enumerate(zip(row.cells, widths, strict=True)):
            cell.width = width
            if i == 0:
                cell_para(cell, "{%tr for r in rows %}" if j == 0 else "")
            else:
                cell_para(cell, body_cells[j], align="center" if j == 0 else "left")
    end = table.add_row()
    for cell, width in zip(end.cells, widths, strict=True):
        cell.width = width
    cell_para(end.cells[0], "{%tr endfor %}")
    blank(doc)
    tag(doc, "{%p if signatory %}")
    blank(doc)
    signature(doc, [("{{ signatory.position }}", "{{ signatory.name }}")])
    tag(doc, "{%p endif %}")
    return doc


def _normalised(doc: Document, kind: str, lang: str) -> bytes:
    """The saved package with fixed zip timestamps and core properties: rebuilding changes no byte."""
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        entries = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    core = core_xml(f"{kind} ({lang})", "Qujat", "Qujat template (scripts/build_templates.py)", lang, None)
    return write_zip([(n, core if n == "docProps/core.xml" else b) for n, b in entries])


BUILDERS: dict[str, Callable[[str], Document]] = {
    "resolution": lambda lang: build_act("resolution", lang),
    "decision": lambda lang: build_act("decision", lang),
    "order": lambda lang: build_act("order", lang),
    "protocol-full": build_protocol_full,
    "protocol-short": build_protocol_short,
    "cover-letter": build_cover_letter,
    "comparison-table": build_comparison_table,
}


def main(out_root: Path = ROOT / "templates") -> None:
    for kind, build in BUILDERS.items():
        for lang in ("kk", "ru"):
            doc = build(lang)
            path = out_root / lang / f"{kind}.docx"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_normalised(doc, kind, lang))
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates")
