"""Language by section, and one spelling finding per distinct word, on .docx files built here."""

from __future__ import annotations

import io
import zipfile

from docx import Document as DocxDocument

from validators import check
from validators.annotate import annotate
from validators.document import parse
from validators.document.lang import assign_languages, evidence

KK_BODY = [
    "Алматы облыстық мәслихатының шешімі",
    "Қазақстан Республикасының Бюджет кодексіне сәйкес Алматы облыстық мәслихаты ШЕШІМ ҚАБЫЛДАДЫ:",
    "1-тарау. Жалпы ережелер",  # no Kazakh letter, no function word: its section decides
    "1. Су энергетикасы саласындағы жұмыстар үшін төлемақы мөлшерлемелері осы шешімнің қосымшасына сәйкес "
    "бекітілсін.",
]
RU_APPENDIX = [
    "Приложение к решению маслихата Алматинской области",
    "Ставки платы за пользование водными ресурсами поверхностных источников по области на период до 2025 года",
    "Общие положения",  # short: the Russian section around it decides
]


def mixed_docx() -> bytes:
    """A Kazakh decision with a table of short cells, then a Russian appendix with its own table."""
    d = DocxDocument()
    for text in KK_BODY:
        d.add_paragraph(text)
    kk_table = d.add_table(rows=2, cols=3)
    for c, text in enumerate(["Өлшем бірлігі", "Төлемақы мөлшерлемелері", "Ескертпе"]):
        kk_table.cell(0, c).text = text
    for c, text in enumerate(["тиын/текше метр", "Су энергетикасы", "120"]):
        kk_table.cell(1, c).text = text
    for text in RU_APPENDIX:
        d.add_paragraph(text)
    ru_table = d.add_table(rows=2, cols=2)
    for c, text in enumerate(["Наименование водного источника и его бассейна", "Ставка платы в тенге"]):
        ru_table.cell(0, c).text = text
    for c, text in enumerate(["Река Или", "тиын за кубаметр"]):
        ru_table.cell(1, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_short_texts_take_their_sections_language_on_a_mixed_document():
    doc = parse(mixed_docx())
    langs = {p.full_text: p.lang for p in doc.paragraphs}
    assert all(langs[t] == "kk" for t in KK_BODY)
    assert all(langs[t] == "ru" for t in RU_APPENDIX)
    cells = {c.text: c.lang for t in doc.tables for row in t.rows for c in row}
    assert cells["тиын/текше метр"] == "kk" and cells["Су энергетикасы"] == "kk"
    assert cells["Река Или"] == "ru" and cells["тиын за кубаметр"] == "ru"
    # alone, the short Kazakh texts read as Russian: that is what the section corrects
    assert evidence("1-тарау. Жалпы ережелер").lang == "ru" and not evidence("1-тарау. Жалпы ережелер").strong


def test_mixed_document_is_spelled_section_by_section():
    report = check(mixed_docx())
    spelled = {f.location.excerpt: f for f in report.findings if f.rule == "language.spelling"}
    words = sorted(f.message["en"].split("«")[1].split("»")[0] for f in spelled.values())
    # «тиын», «текше», «ережелер», «энергетикасы» are Kazakh and read as such; «тиын» is Russian usage too;
    # the one typo is Russian, in the Russian table
    assert words == ["кубаметр"], words
    (finding,) = spelled.values()
    assert (finding.location.table, finding.location.row, finding.location.cell) == (2, 2, 2)


def test_strong_evidence_keeps_its_own_language_inside_another_section():
    ru = evidence("Постановление акимата города о внесении изменений и дополнений в решение")
    kk = evidence("Қазығұрт ауданы әкімдігінің қаулысы туралы және оның орындалуы")
    weak = evidence("Жалпы ережелер")
    assert ru.strong and kk.strong and not weak.strong
    assert assign_languages([kk, ru, kk]) == ["kk", "ru", "kk"]
    assert assign_languages([kk, weak, kk]) == ["kk", "kk", "kk"]
    assert assign_languages([ru, weak, weak], default="kk") == ["ru", "ru", "ru"]
    # a table whose strong cells are Kazakh keeps its short cells Kazakh, whatever surrounds it
    assert assign_languages([ru, kk, weak, ru], groups=[None, 1, 1, None]) == ["ru", "kk", "kk", "ru"]
    assert assign_languages([weak], default="kk") == ["kk"]


def repeated_typo_docx() -> bytes:
    d = DocxDocument()
    d.add_paragraph("Об утверждении правил благоустройства территории города Туркестан")
    d.add_paragraph("Контроль за исполнением настоящего постановления возложить на заместителя акима города.")
    d.add_paragraph("Утвердить прилагаемые правила благоустройства территории горада Туркестан.")
    d.add_paragraph("Отделу строительства горада обеспечить исполнение правил в установленный срок.")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "Администрация горада"
    t.cell(0, 1).text = "Отдел строительства"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_a_misspelt_word_is_one_finding_with_its_count_and_every_place():
    data = repeated_typo_docx()
    report = check(data)
    found = [f for f in report.findings if f.rule == "language.spelling"]
    assert len(found) == 1
    (f,) = found
    assert "«горада»" in f.message["ru"] and "вхождений в тексте: 3" in f.message["ru"]
    assert "мәтінде кездесу саны: 3" in f.message["kk"]
    assert [(o.paragraph, o.table, o.row, o.cell) for o in f.occurrences] == [
        (3, None, None, None), (4, None, None, None), (None, 1, 1, 1)]
    assert f.location == f.occurrences[0]
    assert all("горада" in (o.excerpt or "") for o in f.occurrences)
    as_json = report.to_dict()["findings"]
    (entry,) = [e for e in as_json if e["rule"] == "language.spelling"]
    assert len(entry["occurrences"]) == 3
    assert "×3" in report.to_text("ru")


def test_word_comments_still_mark_each_place_of_a_repeated_word():
    data = repeated_typo_docx()
    report = check(data)
    report.findings = [f for f in report.findings if f.rule == "language.spelling"]
    out = annotate(data, report, "ru")
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        comments = zf.read("word/comments.xml").decode()
        body = zf.read("word/document.xml").decode()
    assert comments.count("<w:comment ") == 3
    assert body.count("commentReference") == 3


def test_a_word_once_has_no_occurrence_list():
    d = DocxDocument()
    d.add_paragraph("Утвердить прилагаемые правила благоустройства территории горада Туркестан.")
    buf = io.BytesIO()
    d.save(buf)
    (f,) = [f for f in check(buf.getvalue()).findings if f.rule == "language.spelling"]
    assert f.occurrences == [] and "вхождений в тексте: 1" in f.message["ru"]
    assert "occurrences" not in f.to_dict()
