"""False errors found by scripts/eval_real.py on published acts typed into Word (issue 10), each with a fixture
built here in the shape the real act has: the signature on two paragraphs before a Kazakh appendix header, a
signing line before the name, a surname in capitals, the Latin «N» of older acts and the appendix's own number in
its header. Each must give no false error, and a genuine mismatch must still be reported."""

from __future__ import annotations

import io

import docx
import pytest

from tests.validation.docs import paragraphs_docx
from validators import CheckOptions, check


def errors(data: bytes) -> dict[str, list[str]]:
    report = check(data, name="act.docx", options=CheckOptions(pages=False, spelling=False, grammar=False))
    found: dict[str, list[str]] = {}
    for f in report.findings:
        if f.severity == "error":
            found.setdefault(f.rule, []).append(f.text("en"))
    return found


KK_HEAD = ["АЛМАТЫ ОБЛЫСЫНЫҢ ӘКІМІ", "ШЕШІМ", "1999 жылғы 18 қаңтар № 1-10", "Талдықорған қаласы",
           "Өкілетті орган туралы",
           "Қазақстан Республикасының Азаматтық Кодексін басшылыққа ала отырып, облыс Әкімі ШЕШІМ ҚАБЫЛДАДЫ:",
           "1. Өкілетті орган туралы Ереже бекітілсін (қосымша).",
           "2. Осы шешімнің орындалуын бақылау облыс Әкімінің орынбасары А.К. Кәрімоллинге жүктелсін."]


@pytest.mark.parametrize("name", ["З.Нұрқаділов", "__________ З. Нұрқаділов", "З.НҰРҚАДІЛОВ"])
def test_signature_on_two_lines_before_a_kazakh_appendix_header(name):
    lines = KK_HEAD + ["Облыс Әкімі", name, "Облыс Әкімінің 1999 ж.", "қаңтардың 18 N 1-10", "шешіміне қосымша",
                       "Өкілетті орган туралы ЕРЕЖЕ", "1. Облыстық ауыл шаруашылығы департаменті өкілетті орган болып белгіленді."]
    found = errors(paragraphs_docx(lines))
    assert "requisite.signature" not in found
    assert "requisite.appendix-match" not in found  # «N 1-10» is the act's number


def test_appendix_own_number_is_not_the_acts_number():
    lines = ["АКИМ АЛМАТИНСКОЙ ОБЛАСТИ", "РЕШЕНИЕ", "11 февраля 2005 года № 2-10", "г. Талдыкорган",
             "Об отборе кандидатов", "В целях отбора кандидатов Аким области РЕШИЛ:",
             "1. Принять меры по выполнению разнарядки (приложение № 1).",
             "2. Контроль за выполнением настоящего решения возложить на заместителя акима области Долженкова В.А.",
             "Аким Алматинской области", "Ш. Кулмаханов",
             "Приложение № 1", "к решению Акима области", "№ 2-10 от \"11\" февраля 2005 г.", "РАЗНАРЯДКА",
             "1. Аксуский район."]
    assert "requisite.appendix-match" not in errors(paragraphs_docx(lines))


def test_a_wrong_act_number_in_the_appendix_header_is_still_found():
    lines = KK_HEAD + ["Облыс Әкімі", "З.Нұрқаділов", "Облыс Әкімінің 1999 ж.", "қаңтардың 18 N 1-19",
                       "шешіміне қосымша", "ЕРЕЖЕ", "1. Облыстық ауыл шаруашылығы департаменті белгіленді."]
    assert "requisite.appendix-match" in errors(paragraphs_docx(lines))


def test_long_one_line_appendix_header_is_found():
    """A header that quotes the act's title on one line (~300 characters) is still an appendix header."""
    title = "«Об объемах трансфертов общего характера между областным и районными бюджетами, бюджетами городов " \
            "областного значения на 2026 – 2028 годы»"
    lines = ["АЛМАТИНСКИЙ ОБЛАСТНОЙ МАСЛИХАТ", "РЕШЕНИЕ", "15 декабря 2025 года № 44-252", "г. Конаев",
             "Об объемах трансфертов", "В соответствии с Бюджетным кодексом Алматинский областной маслихат РЕШИЛ:",
             "1. Учесть объемы трансфертов согласно приложению 1 к настоящему решению.",
             "2. Контроль за исполнением настоящего решения возложить на постоянную комиссию.",
             "Председатель маслихата", "К. Байгоджаев",
             f"Приложение 1 к решению Алматинского областного маслихата от 15 декабря 2025 года № 44-252 {title}",
             "Объемы трансфертов"]
    found = errors(paragraphs_docx(lines))
    assert "requisite.appendix-header" not in found and "requisite.appendix-match" not in found


def test_kazakh_appendix_header_in_a_table_cell_with_line_breaks():
    d = docx.Document()
    for line in KK_HEAD[:4] + ["Субсидия көлемін айқындау туралы",
                               "Заңға сәйкес облыс әкімі ШЕШІМ ҚАБЫЛДАДЫ:",
                               "1. Субсидия көлемдері осы шешімнің қосымшасына сәйкес айқындалсын.",
                               "2. Осы шешімнің орындалуын бақылау облыс әкімінің орынбасарына жүктелсін.",
                               "Облыс әкімі", "А. Мұсаханов"]:
        d.add_paragraph(line)
    cells = d.add_table(rows=1, cols=2).rows[0].cells
    cells[1].text = "Облыс әкімінің 1999 жылғы\n18 қаңтардағы N 1-10\nшешіміне қосымша"
    d.add_paragraph("Субсидия көлемдері")
    grid = d.add_table(rows=2, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "Ақсу", "500,0"
    grid.cell(1, 0).text, grid.cell(1, 1).text = "Барлығы", "500,0"
    out = io.BytesIO()
    d.save(out)
    found = errors(out.getvalue())
    assert "requisite.appendix-match" not in found and "requisite.signature" not in found


def test_kazakh_appendix_header_without_the_appendix_word():
    """«Алматы облыстық мәслихатының 2023 жылғы 14 қыркүйектегі № 6-38» right after the signature, with no
    «шешіміне қосымша» (as published): the appendix and the signature are found (its numbered list is no
    break in the act's points), and the incomplete header is still reported."""
    lines = ["Алматы облысында әлеуметтік маңызы бар қатынастардың тізбесін айқындау туралы",
             "«Автомобиль көлігі туралы» Заңның 14-бабына сәйкес, Алматы облыстық мәслихаты ШЕШТІ:",
             "1. Әлеуметтік маңызы бар қатынастардың тізбесі осы шешімнің қосымшасына сәйкес айқындалсын.",
             "2. Осы шешім алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.",
             "Алматы облыстық мәслихатының төрағасы", "Т. Байедилов",
             "Алматы облыстық мәслихатының 2023 жылғы 14 қыркүйектегі № 6-38",
             "Алматы облысында әлеуметтік маңызы бар қатынастардың тізбесі",
             "1. Қонаев қаласы:", "1) № 1 Арна ауылы – Қонаев қаласының автовокзалы;",
             "2. Талғар ауданы:", "1) № 2 Талғар қаласы – Алматы қаласы."]
    found = errors(paragraphs_docx(lines))
    assert "requisite.signature" not in found and "requisite.point-numbering" not in found, found
    assert "requisite.appendix-header" in found
    complete = lines[:6] + ["Алматы облыстық мәслихатының 2023 жылғы 14 қыркүйектегі № 6-38 шешіміне қосымша"] + lines[7:]
    assert "requisite.appendix-header" not in errors(paragraphs_docx(complete))


def test_appendix_header_and_its_form_mark_do_not_take_the_title():
    """«Приложение к Правилам …» / «форма» / «Журнал выдачи …»: the header takes the form mark, not the
    appendix's own capitalised title; the Kazakh «… қағидаларына қосымша» / «нысан» likewise."""
    from validators.document import parse

    ru = ["АКИМ АЛМАТИНСКОЙ ОБЛАСТИ", "РЕШЕНИЕ", "11 февраля 2005 года № 2-10", "г. Талдыкорган",
          "Об утверждении Правил", "В целях учета Аким области РЕШИЛ:",
          "1. Утвердить Правила выдачи удостоверений согласно приложению к настоящему решению.",
          "2. Контроль возложить на заместителя акима области Долженкова В.А.",
          "Аким Алматинской области", "Ш. Кулмаханов",
          "Приложение к Правилам выдачи служебного удостоверения аппарата акима области", "форма",
          "Журнал выдачи и возврата служебных удостоверений аппарата акима области"]
    doc = parse(paragraphs_docx(ru))
    assert [a.header.text for a in doc.appendices] == [
        "Приложение к Правилам выдачи служебного удостоверения аппарата акима области форма"]
    kk = KK_HEAD + ["Облыс Әкімі", "З.Нұрқаділов", "Облыс әкімі аппаратының қызметтік куәлігін беру қағидаларына қосымша",
                    "нысан", "Облыс әкімі аппаратының қызметтік куәліктерді беру журналы"]
    doc = parse(paragraphs_docx(kk))
    assert [a.header.text for a in doc.appendices] == [
        "Облыс әкімі аппаратының қызметтік куәлігін беру қағидаларына қосымша нысан"]


def test_head_order_approval_stamp_and_a_coordination_block():
    """A ministerial order: «УТВЕРЖДЕНО / приказом начальника … / Президента Республики Казахстан / от … / № …»
    (a short capitalised piece goes on), and the Kazakh «КЕЛІСІЛДІ» block with its blank date above the
    «… бұйрығымен / БЕКІТІЛГЕН» header, which has its own date: the block is not the header."""
    from validators.document import parse

    ru = ["КАНЦЕЛЯРИЯ ПРЕЗИДЕНТА РЕСПУБЛИКИ КАЗАХСТАН", "ПРИКАЗ", "15 мая 2017 года № 17-42-3.3.7", "г. Астана",
          "Об утверждении натуральных норм", "В соответствии со статьей 69 Бюджетного кодекса ПРИКАЗЫВАЮ:",
          "1. Утвердить прилагаемые натуральные нормы.",
          "2. Настоящий приказ вводится в действие по истечении десяти календарных дней.",
          "Начальник Канцелярии Президента Республики Казахстан", "М. Касымбеков",
          "УТВЕРЖДЕНО", "приказом начальника Канцелярии", "Президента Республики Казахстан", "от 15 мая 2017 года",
          "№ 17-42-3.3.7", "Натуральные нормы специальных автотранспортных средств"]
    assert "requisite.appendix-match" not in errors(paragraphs_docx(ru))
    kk = ["ҚАЗАҚСТАН РЕСПУБЛИКАСЫ ПРЕЗИДЕНТІНІҢ КЕҢСЕСІ", "БҰЙРЫҚ", "2017 жылғы 15 мамыр № 17-42-3.3.7",
          "Астана қаласы", "Заттай нормаларды бекіту туралы", "Бюджет кодексінің 69-бабына сәйкес БҰЙЫРАМЫН:",
          "1. Қоса беріліп отырған заттай нормалар бекітілсін.",
          "2. Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.",
          "Қазақстан Республикасы Президенті Кеңсесінің бастығы", "М. Қасымбеков",
          "«КЕЛІСІЛДІ»", "Қазақстан Республикасының", "Қаржы министрі", "_________________ Б.Сұлтанов",
          "2017 жылғы ________________", "Қазақстан Республикасы", "Президенті Кеңсесі бастығының",
          "2017 жылғы 15 мамырдағы", "№ 17-42-3.3.7 бұйрығымен", "БЕКІТІЛГЕН", "Заттай нормалар"]
    doc = parse(paragraphs_docx(kk))
    assert [a.header.text for a in doc.appendices] == [
        "Қазақстан Республикасы Президенті Кеңсесі бастығының 2017 жылғы 15 мамырдағы № 17-42-3.3.7 бұйрығымен "
        "БЕКІТІЛГЕН"]
    assert "requisite.appendix-match" not in errors(paragraphs_docx(kk))


def test_russian_header_goes_on_over_a_long_capitalised_line_with_the_act_number():
    from validators.document import parse

    lines = ["АКИМ АЛМАТИНСКОЙ ОБЛАСТИ", "РЕШЕНИЕ", "11 февраля 2005 года № 2-10", "г. Талдыкорган",
             "Об отборе кандидатов", "В целях отбора кандидатов Аким области РЕШИЛ:",
             "1. Принять меры по выполнению разнарядки согласно приложению к настоящему решению.",
             "2. Контроль за выполнением настоящего решения возложить на заместителя акима области Долженкова В.А.",
             "Аким Алматинской области", "Ш. Кулмаханов",
             "Приложение к решению", "Акима Алматинской области, город Талдыкорган, от 11 февраля 2005 года № 2-10",
             "РАЗНАРЯДКА",
             "1. Аксуский район."]
    doc = parse(paragraphs_docx(lines))
    assert [a.ref_number for a in doc.appendices] == ["2-10"]
    assert "requisite.appendix-match" not in errors(paragraphs_docx(lines))


def test_a_wrapped_line_starting_with_the_appendix_word_is_no_header():
    """PDF and OCR text comes line by line: «… осы шешімнің» / «қосымшасына сәйкес белгіленсін.» is a sentence
    going on, not an appendix header («Қосымша 1» on its own line still is one)."""
    from validators.document import parse

    lines = KK_HEAD[:6] + ["1. Су ресурстарын пайдаланғаны үшін төлемақы мөлшерлемелері осы шешімнің",
                           "қосымшасына сәйкес белгіленсін.",
                           "2. Осы шешімнің орындалуын бақылау облыс Әкімінің орынбасарына жүктелсін.",
                           "Облыс Әкімі", "З.Нұрқаділов", "Қосымша 1", "Мөлшерлемелер"]
    doc = parse(paragraphs_docx(lines))
    assert [a.header.text for a in doc.appendices] == ["Қосымша 1"]


@pytest.mark.parametrize(("line", "row"), [
    ("4. Енбекши 22\t3\t8", True), ("15. Талгарский\t9\t1\t-\t4", True), ("2. Алакөл\t\"Ерсаян\"\tП", True),
    ("1. Облыс әкімінің орынбасарына\tжүктелсін", False), ("3. Осы шешім қолданысқа енгізіледі.", False),
])
def test_a_scanned_table_row_is_no_point(line, row):
    """OCR reads a table line by line, cells split by wide gaps: a numbered row is not a point of the act."""
    from validators.document.pdf import table_row

    assert table_row(line) is row


def test_a_pdf_text_layer_line_wrapped_by_the_layout_joins_its_paragraph():
    """A PDF's text layer gives lines: a full-width line ending no sentence goes on in the next one; a title
    ending in «туралы», a sentence end, a signature's name, an indented (right-aligned) line or an appendix
    header do not join."""
    from validators.document.pdf import wrapped

    full = 70
    body = "Правительства Республики Казахстан от 4 апреля 2006 года № 237 \"Об"
    assert wrapped(body, "утверждении Правил субсидирования стоимости услуг по подаче воды", full)
    assert wrapped("4. Осы шешімнің орындалуын бақылау облыс әкімінің орынбасары Т.", "Досымбековке жүктелсін.", 60)
    assert wrapped("Об определении объема субсидий по подаче воды", "сельскохозяйственным товаропроизводителям", full)
    assert not wrapped("пайдаланғаны үшін төлемақы мөлшерлемелерін белгілеу туралы", "2003 жылғы 9 шілдедегі", full)
    assert not wrapped("сельскохозяйственным товаропроизводителям\", аким области РЕШИЛ:", "1. Определить", full)
    assert not wrapped("Председатель Алматинского областного маслихата   Т. Байедилов", "Приложение", full)
    assert not wrapped("Аким Алматинской области                             А. Мусаханов", "Объемы", full)
    assert not wrapped(" " * 30 + "Приложение к решению акима области", "от 2 июня 2014 года № 2-6", full)


# ---- session 3 (r10a): tuning-2 and the held-out-3 round -------------------------------------------------------

ORDER_RU = ["УПРАВЛЕНИЕ ДЕЛАМИ ПРЕЗИДЕНТА РЕСПУБЛИКИ КАЗАХСТАН", "ПРИКАЗ", "8 сентября 2016 года № 13/139", "г. Астана",
            "Об утверждении Правил выдачи служебного удостоверения",
            "В соответствии с пунктом 4 статьи 30 Закона Республики Казахстан ПРИКАЗЫВАЮ:",
            "1. Утвердить прилагаемые Правила.",
            "2. Контроль за исполнением настоящего приказа возложить на руководителя аппарата.",
            "3. Настоящий приказ вводится в действие по истечении десяти календарных дней."]
ORDER_KK = ["ҚАЗАҚСТАН РЕСПУБЛИКАСЫ ПРЕЗИДЕНТІНІҢ ІС БАСҚАРМАСЫ", "БҰЙРЫҚ", "2023 жылғы 25 сәуір № 05/110",
            "Астана қаласы", "Айырбастау тәртібін бекіту туралы",
            "Қазақстан Республикасы Заңының 3-бабына сәйкес БҰЙЫРАМЫН:",
            "1. Қоса беріліп отырған тәртіп бекітілсін.",
            "2. Осы бұйрықтың орындалуын бақылау аппарат басшысына жүктелсін.",
            "3. Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі."]


@pytest.mark.parametrize(("head", "signer"), [
    (ORDER_RU, ["Управляющий Делами Президента Республики Казахстан", "А. Бисембаев"]),  # 106668: no known word
    (ORDER_RU, ["Управляющий Делами Президента Республики Казахстан\tА. Бисембаев"]),
    (ORDER_KK, ["Қазақстан Республикасы Президентінің Іс басқарушысы", "А. Дадебаев"]),  # 180312
    (ORDER_RU, ["Управляющий Делами", "Президента Республики Казахстан", "А. Бисембаев"]),
])
def test_signer_position_without_a_known_position_word(head, signer):
    """A position is any short capitalised phrase over the name, not a list of position words."""
    found = errors(paragraphs_docx(head + signer))
    assert "requisite.signature" not in found


@pytest.mark.parametrize("above", [
    "3. Настоящий приказ вводится в действие по истечении десяти календарных дней.",  # 143531: the name alone
    "СОГЛАСОВАНО",
    "Руководителю управления финансов",
])
def test_a_name_under_no_position_is_still_no_signature(above):
    found = errors(paragraphs_docx(ORDER_RU[:-1] + [above, "Е. Кошанов"]))
    assert "requisite.signature" in found


MASL_RU = ["АЛМАТИНСКИЙ ОБЛАСТНОЙ МАСЛИХАТ", "РЕШЕНИЕ", "22 февраля 2013 года № 14-89", "г. Талдыкорган",
           "Об утверждении ставок платы", "В соответствии с Лесным кодексом Алматинский областной маслихат РЕШИЛ:",
           "1. Утвердить ставки платы (приложение 1).",
           "2. Контроль за исполнением решения возложить на заместителя акима области.",
           "3. Настоящее решение вводится в действие по истечении десяти календарных дней.",
           "Председатель сессии областного маслихата", "А. Кыстаубаев",
           "Секретарь областного маслихата", "Е. Келемсеит"]


@pytest.mark.parametrize(("day", "bad"), [("22", False), ("28", True)])
def test_russian_header_gives_the_date_on_the_line_after_the_number(day, bad):
    """71727: «Приложение N 1 / к решению Алматинского / областного маслихата N 14-89 / от 22 февраля 2013 года» —
    the date under the number belongs to the header; a wrong date there is still found."""
    lines = MASL_RU + ["Приложение N 1", "к решению Алматинского", "областного маслихата N 14-89",
                       f"от {day} февраля 2013 года", "Ставки платы за заготовку второстепенных древесных ресурсов",
                       "1. Сосна."]
    assert ("requisite.appendix-match" in errors(paragraphs_docx(lines))) is bad


def test_headers_quoting_the_acts_title_over_lines():
    """53558: the header quotes the act's title over five lines, before (ru) or after (kk) the date and number."""
    from validators.document import parse

    ru = MASL_RU + ["Приложение к решению", "Алматинского областного маслихата", "от 22 февраля 2013 года N 14-89",
                    "\"Об утверждении ставок", "платы за пользование", "водными ресурсами из",
                    "поверхностных источников", "Алматинской области\"", "Ставки платы за пользование водными ресурсами",
                    "1. Сельское хозяйство."]
    doc = parse(paragraphs_docx(ru))
    assert [a.header.text.endswith("Алматинской области\"") for a in doc.appendices] == [True]
    assert "requisite.appendix-match" not in errors(paragraphs_docx(ru))
    kk = ["АЛМАТЫ ОБЛЫСТЫҚ МӘСЛИХАТЫ", "ШЕШІМ", "2010 жылғы 16 маусым № 34-202", "Талдықорған қаласы",
          "Төлемақы ставкаларын белгілеу туралы", "Су кодексінің 38-бабына сәйкес, Алматы облыстық мәслихаты ШЕШІМ ҚАБЫЛДАДЫ:",
          "1. Төлемақы ставкалары қосымшаға сәйкес белгіленсін.",
          "2. Осы шешім алғаш ресми жарияланғаннан кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.",
          "Облыстық мәслихат сессиясының төрағасы", "М. Мырзағалиев", "Облыстық мәслихаттың хатшысы", "А. Сыдық",
          "Алматы облыстық мәслихатының", "2010 жылғы 16 маусымдағы", "\"Алматы облысының жер үсті",
          "көздеріндегі су ресурстарын", "пайдаланғаны үшін төлемақы", "ставкаларын белгілеу",
          "туралы\" N 34-202 шешіміне", "қосымша", "Төлемақы ставкалары", "1. Ауыл шаруашылығы."]
    doc = parse(paragraphs_docx(kk))
    assert [a.header.text.split()[:2] for a in doc.appendices] == [["Алматы", "облыстық"]]
    assert "requisite.appendix-match" not in errors(paragraphs_docx(kk))


def test_kazakh_header_ending_bekitilgen_then_qosymsha():
    """118394: «… № 26-129 шешімімен бекітілген / қосымша» is one header, not two appendices."""
    from validators.document import parse

    kk = ["АЛМАТЫ ОБЛЫСТЫҚ МӘСЛИХАТЫ", "ШЕШІМ", "2017 жылғы 15 желтоқсан № 26-129", "Талдықорған қаласы",
          "Көші-қон процестерін реттеу қағидаларын бекіту туралы",
          "Заңының 6-бабына сәйкес, Алматы облыстық мәслихаты ШЕШІМ ҚАБЫЛДАДЫ:",
          "1. Қағидалар осы шешімнің қосымшасына сәйкес бекітілсін.",
          "2. Осы шешім алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.",
          "Облыстық мәслихат сессиясының төрағасы", "Р. Ибраимова",
          "Алматы облыстық маслихатының", "2017 жылғы «15» желтоқсандағы", "№ 26-129 шешімімен бекітілген", "қосымша",
          "Көші-қон процестерін реттеу қағидалары", "1. Осы Қағидалар әзірленді."]
    doc = parse(paragraphs_docx(kk))
    assert len(doc.appendices) == 1 and doc.appendices[0].header.text.endswith("бекітілген қосымша")
    assert "requisite.appendix-match" not in errors(paragraphs_docx(kk))


def test_chapter_points_numbered_by_chapter():
    """71267: the appendix's chapters number their points «1.1.» … «1.4.», then «2.1.»: no numbering error; a
    skipped point inside a chapter is still found."""
    lines = MASL_RU + ["Приложение к решению", "Алматинского областного", "маслихата N 14-89", "от 22 февраля 2013 года",
                       "Порядок проведения собрания", "1. Общие положения", "1.1. Настоящие правила разработаны.",
                       "1.2. Понятия равнозначны.", "2. Принципы проведения собрания", "2.1. Члены участвуют лично.",
                       "2.2. Собрания носят мирный характер."]
    assert "requisite.point-numbering" not in errors(paragraphs_docx(lines))
    assert "requisite.point-numbering" in errors(paragraphs_docx(lines[:-1] + ["2.3. Собрания носят мирный характер."]))


def test_kazakh_quoted_header_stops_at_a_signer_without_a_name_and_the_capital_as_place():
    """30292: the secretary's position with no name stands right above a header that quotes the act's title —
    it is not part of the header; 143531: «Нұр-Сұлтан қаласы» is the place, not the start of the title."""
    from validators.document import parse

    kk = ["АЛМАТЫ ОБЛЫСТЫҚ МӘСЛИХАТЫ", "ШЕШІМ", "2006 жылғы 4 қазан № 31-239", "Нұр-Сұлтан қаласы",
          "Біржолғы талонның құнын белгілеу туралы", "Салық кодексіне сәйкес облыстық мәслихат ШЕШІМ ҚАБЫЛДАДЫ:",
          "1. Біржолғы талонның құны белгіленсін.",
          "2. Осы шешім алғаш ресми жарияланғаннан кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.",
          "Облыстық мәслихат сессиясының төрағасы", "М. Мырзағалиұлы", "Облыстық мәслихат хатшысы",
          "Алматы облыстық мәслихатының", "2006 жылғы 4 қазанындағы N 31-239", "\"Талдықорған қаласындағы",
          "коммуналдық базарда біржолғы", "талонының құнын белгілеу", "туралы\" шешіміне", "қосымша",
          "Талонның құны", "1. Бір орын."]
    doc = parse(paragraphs_docx(kk))
    assert doc.place is not None and doc.place.text == "Нұр-Сұлтан қаласы"
    assert doc.title is not None and doc.title.text == "Біржолғы талонның құнын белгілеу туралы"
    assert [a.header.text.split()[0] for a in doc.appendices] == ["Алматы"]


def test_a_title_quoting_an_acts_date_and_number_is_the_title():
    """16995.ru: «О признании утратившим силу решения Акима области от 15 марта 2002 года N 3-47» is the title,
    not a requisite line."""
    lines = ["АКИМ АЛМАТИНСКОЙ ОБЛАСТИ", "РЕШЕНИЕ", "20 августа 2003 года № 8-140", "г. Талдыкорган",
             "О признании утратившим силу решения Акима области от 15 марта 2002 года N 3-47",
             "В соответствии п.п.4 п.2 ст.40 Закона Республики Казахстан \"О нормативных правовых актах\" Аким "
             "области РЕШИЛ:",
             "Признать утратившим силу решение Акима области от 15 марта 2002 года N 3-47.",
             "Аким области", "Ш. Кулмаханов"]
    found = errors(paragraphs_docx(lines))
    assert "requisite.title" not in found and "requisite.date" not in found and "requisite.registration-number" not in found


def test_a_point_typed_without_the_space_after_its_number():
    """held-out-4 10579 / 9193 / 15916: «3.Налоговому комитету …», «6.Осы шешімнің …» are points 3 and 6 (the
    published text lost the space): no numbering error, and a number really skipped is still found."""
    lines = ["АКИМ АЛМАТИНСКОЙ ОБЛАСТИ", "РЕШЕНИЕ", "29 октября 2001 года № 10-141", "г. Талдыкорган",
             "О присвоении категории рынку", "Во исполнение постановлений Правительства Аким области РЕШИЛ:",
             "1. Присвоить II категорию рынку «Еламан».", "2. Акиму района произвести инвентаризацию рынка.",
             "3.Налоговому комитету определить прогноз поступлений сбора.",
             "4. Контроль за исполнением настоящего решения возложить на заместителя акима области Такенова Б.Д.",
             "Аким области", "Ш.Кулмаханов"]
    assert "requisite.point-numbering" not in errors(paragraphs_docx(lines))
    skipped = [ln.replace("3.Налоговому", "5.Налоговому") for ln in lines]
    assert "requisite.point-numbering" in errors(paragraphs_docx(skipped))
    from validators.document import parse
    assert [p.number for p in parse(paragraphs_docx(lines)).points] == ["1", "2", "3", "4"]
    assert parse(paragraphs_docx(["г.Алматы"])).paragraphs[0].label is None  # a letter before the dot is no label


def test_a_kazakh_title_starting_with_a_date_is_the_title():
    """held-out-4 8417.kk: «1999 жылғы 10 маусымдағы N 6-188 шешімінің күшін жою туралы» is the title, not a
    requisite line (as 16995.ru «О признании … от 15 марта 2002 года N 3-47»)."""
    from validators.document import parse

    lines = ["АЛМАТЫ ОБЛЫСЫНЫҢ ӘКІМІ", "ШЕШІМ", "2000 жылғы 24 қараша № 11-342", "Талдықорған қаласы",
             "1999 жылғы 10 маусымдағы N 6-188 шешімінің күшін жою туралы",
             "Құрылыс істері жөніндегі комитеттің бұйрығымен бекітілген ережелердің қабылдануына байланысты облыс "
             "әкімі ШЕШІМ ҚАБЫЛДАДЫ:",
             "1. Облыс әкімінің 1999 жылғы 10 маусымдағы N 6-188 шешімінің күші жойылсын.",
             "Облыс әкімінің міндетін атқарушы", "В. Долженков"]
    found = errors(paragraphs_docx(lines))
    assert "requisite.title" not in found and "requisite.date" not in found
    doc = parse(paragraphs_docx(lines))
    assert doc.title is not None and doc.title.text.startswith("1999 жылғы 10 маусымдағы")
    assert doc.date is not None and str(doc.date.value) == "2000-11-24"


MASL_KK_SIGNED = ["АЛМАТЫ ОБЛЫСТЫҚ МӘСЛИХАТЫ", "ШЕШІМ", "2006 жылғы 4 қазан № 31-239", "Талдықорған қаласы",
                  "Біржолғы талонның құнын белгілеу туралы",
                  "Салық кодексіне сәйкес облыстық мәслихат ШЕШІМ ҚАБЫЛДАДЫ:", "1. Біржолғы талонның құны белгіленсін.",
                  "2. Осы шешім алғаш ресми жарияланғаннан кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.",
                  "Облыстық мәслихат сессиясының төрағасы", "М. Мырзағалиұлы"]


def _signature_texts(data: bytes) -> list[str]:
    return errors(data).get("requisite.signature", [])


def test_every_signer_of_the_block_is_judged():
    """30292.kk: the secretary signs with the position alone («Облыстық мәслихат хатшысы», no name) under the
    chairman: the signature rule reports it in every typing (paragraphs, a two-column table); with the name
    there, or with readers' marks after the signature, nothing is reported."""
    unnamed = _signature_texts(paragraphs_docx(MASL_KK_SIGNED + ["Облыстық мәслихат хатшысы"]))
    assert len(unnamed) == 1 and "хатшысы" in unnamed[0], unnamed
    assert _signature_texts(paragraphs_docx(MASL_KK_SIGNED + ["Облыстық мәслихат хатшысы", "А. Сыдық"])) == []
    assert _signature_texts(paragraphs_docx(MASL_KK_SIGNED + ["Оқығандар:", "Багарова Ж.А."])) == []
    agreed = ["КЕЛІСІЛДІ:", "Алматы облысының Салық департаментінің бастығы", "Темірлан Боллатұлы Мәмиев"]
    assert _signature_texts(paragraphs_docx(MASL_KK_SIGNED + agreed)) == []  # 71727: the agreeing official signs no act
    d = docx.Document()
    for line in MASL_KK_SIGNED[:-2]:
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    for r, (pos, name) in enumerate([("Облыстық мәслихат сессиясының төрағасы", "М. Мырзағалиұлы"),
                                     ("Облыстық мәслихат хатшысы", "")]):
        table.cell(r, 0).text, table.cell(r, 1).text = pos, name
    out = io.BytesIO()
    d.save(out)
    in_table = _signature_texts(out.getvalue())
    assert len(in_table) == 1 and "хатшысы" in in_table[0], in_table
    ru = ["АЛМАТИНСКИЙ ОБЛАСТНОЙ МАСЛИХАТ", "РЕШЕНИЕ", "4 октября 2006 года № 31-239", "г. Талдыкорган",
          "Об установлении стоимости разовых талонов", "В соответствии с Налоговым кодексом областной маслихат РЕШИЛ:",
          "1. Установить стоимость разовых талонов.", "2. Настоящее решение вводится в действие по истечении десяти дней.",
          "Председатель сессии областного маслихата", "М. Мырзагалиев", "Секретарь областного маслихата"]
    assert any("Секретарь" in t for t in _signature_texts(paragraphs_docx(ru)))
    assert _signature_texts(paragraphs_docx(ru + ["А. Сыдык"])) == []
