"""Rules of meeting materials, control lists, the printed draft and the pair rules (schemas/rules/materials.yaml),
each with a passing and a failing fixture under the profiles that enable them. Pair rules take the related
document as ``qujat check DOC --with OTHER`` does (``check(..., related=...)``)."""

from __future__ import annotations

import pytest

from tests.validation.docs import P, T, build_docx, replace, ru_cover_letter, ru_resolution, without
from validators import CheckOptions, check

TURKESTAN, KAZYGURT, ALMATY = "turkestan-city-2025", "kazygurt-district-2025", "almaty-city-2014"


def run(blocks, profile=TURKESTAN, kind=None, related=None, pair=None):
    return check(build_docx(blocks), kind=kind, profile=profile, name="fixture.docx",
                 related=build_docx(related) if related is not None else None,
                 pair=build_docx(pair) if pair is not None else None,
                 options=CheckOptions(pages=False, spelling=False, grammar=False))


def found(report, rule):
    return [f for f in report.findings if f.rule == rule]


# --- report length --------------------------------------------------------------------------------------------

SENTENCE = "В текущем году отделом проведена работа по развитию внутреннего туризма и благоустройству города. "  # 13 words


def report_doc(sentences: int, lang: str = "ru") -> list[P | T]:
    head = [P("ДОКЛАД", "center", bold=True), P("о развитии туризма в городе Туркестан", "center", bold=True)]
    if lang == "kk":
        head = [P("БАЯНДАМА", "center", bold=True), P("Түркістан қаласында туризмді дамыту туралы", "center",
                                                         bold=True)]
        text = "Биылғы жылы бөлім ішкі туризмді дамыту және қаланы абаттандыру бойынша жұмыс жүргізді. "  # 11
    else:
        text = SENTENCE
    body = [P(text * 10, "justify") for _ in range(sentences // 10)]
    return [*head, *body, T([["Руководитель отдела туризма", "А. Ахметов"]])]


def test_a_report_of_about_five_minutes_passes():
    report = run(report_doc(40))  # 520 words at 110 a minute: 4.7 min
    assert report.document.kind == "report"
    assert not found(report, "material.report-duration")


def test_a_report_over_ten_minutes_is_rejected_under_turkestan_and_kazygurt():
    for profile in (TURKESTAN, KAZYGURT):
        f = found(run(report_doc(90), profile=profile), "material.report-duration")  # 1170 words: 10.6 min
        assert f and f[0].severity == "error", profile
        assert "10.6 min" in f[0].message["en"] and "110 words a minute" in f[0].message["en"]


def test_a_report_between_seven_and_ten_minutes_is_a_warning():
    f = found(run(report_doc(70)), "material.report-duration")  # 910 words: 8.3 min
    assert f and f[0].severity == "warning" and "at the edge of 7–10 min" in f[0].message["en"]


def test_the_speaking_rate_is_the_profiles_parameter():
    from validators import profiles

    for profile in (TURKESTAN, KAZYGURT):
        rule = profiles.load(profile).rule("material.report-duration")
        assert rule is not None and rule.params["words_per_minute"] == 110 and rule.params["max_minutes"] == 10


# --- signatures on materials and on information about execution ------------------------------------------------

def note(signature: list[list[str]] | None) -> list[P | T]:
    blocks: list[P | T] = [P("СПРАВКА", "center", bold=True),
                           P("о ходе озеленения города Туркестан", "center", bold=True),
                           P("В 2025 году в городе высажено 12 000 деревьев и обустроено 5 скверов. " * 4, "justify")]
    return blocks + ([T(signature)] if signature else [])


def test_a_briefing_note_signed_by_the_head_passes_and_so_does_the_person_acting():
    assert not found(run(note([["Руководитель отдела жилищно-коммунального хозяйства", "А. Ахметов"]])),
                     "material.signature")
    assert not found(run(note([["Исполняющий обязанности руководителя отдела, заместитель руководителя",
                                "А. Ахметов"]])), "material.signature")


def test_a_briefing_note_without_a_signature_block_gets_a_warning_and_an_eds_answers_it():
    f = found(run(note(None), kind="briefing-note"), "material.signature")
    assert f and f[0].severity == "warning" and "no signature" in f[0].message["en"] and "L89" in f[0].source.clause
    signed = check(build_docx(note(None)), kind="briefing-note", name="note.docx",
                   options=CheckOptions(pages=False, spelling=False, grammar=False,
                                        signatures=({"path": "note.docx.cms", "status": "valid",
                                                     "signer": "Ахметов А.", "reasons": []},)))
    assert not found(signed, "material.signature")


def test_a_briefing_note_signed_by_a_deputy_gets_a_finding():
    f = found(run(note([["Заместитель руководителя отдела", "А. Ахметов"]])), "material.signature")
    assert f and "deputy" in f[0].message["en"]


def execution_info(signature: str, addressee: bool = True, lang: str = "ru") -> list[P | T]:
    if lang == "kk":
        head = [P("Аудан әкіміне", "right")] if addressee else []
        return [*head, P("АҚПАРАТ", "center", bold=True),
                P("аудан әкімінің хаттамалық тапсырмаларының орындалуы туралы", "center", bold=True),
                P("Хаттаманың 3-тармағын орындау мақсатында бөлім 12 іс-шара өткізді. " * 3, "justify"),
                T([[signature, "А. Ахметов"]])]
    return [P("ИНФОРМАЦИЯ", "center", bold=True),
            P("об исполнении протокольных поручений акима города от 5 мая 2025 года № 12", "center", bold=True),
            P("Во исполнение пункта 3 протокола отделом проведено 12 мероприятий. " * 3, "justify"),
            T([[signature, "А. Ахметов"]])]


def test_information_on_execution_signed_by_the_first_head_passes_under_turkestan():
    report = run(execution_info("Руководитель отдела туризма"), kind="information-material")
    assert not found(report, "material.execution-info") and not found(report, "material.signature")


def test_information_on_execution_signed_by_a_deputy_is_rejected_under_turkestan():
    report = run(execution_info("Заместитель руководителя отдела туризма"), kind="information-material")
    f = found(report, "material.execution-info")
    assert f and f[0].severity == "error" and "L276" in f[0].source.clause and "deputy" in f[0].message["en"]
    assert not found(report, "material.signature")  # judged once, by the rule of information on execution


def test_kazygurt_information_on_execution_is_addressed_to_the_akim():
    ok = run(execution_info("Бөлім басшысы", lang="kk"), profile=KAZYGURT, kind="information-material")
    assert not found(ok, "material.execution-info")
    bad = run(execution_info("Бөлім басшысы", addressee=False, lang="kk"), profile=KAZYGURT,
              kind="information-material")
    f = found(bad, "material.execution-info")
    assert f and "addressed to the akim" in f[0].message["en"] and "L432" in f[0].source.clause


# --- the control list -----------------------------------------------------------------------------------------

COLUMNS = ["№", "Вид мероприятия", "Дата дачи поручения", "Содержание поручения", "Исполнители",
           "Срок исполнения", "Отметка о снятии с контроля", "Основание для снятия с контроля",
           "Отметка о продлении контроля", "Примечание"]


def control_list(columns: list[str]) -> list[P | T]:
    row = ["1", "Заседание акимата", "05.05.2025", "Обеспечить озеленение", "Отдел ЖКХ", "01.06.2025", "", "",
           "", ""][: len(columns)]
    return [P("ПЕРЕЧЕНЬ КОНТРОЛЬНЫХ ДОКУМЕНТОВ", "center", bold=True), T([columns, row])]


def test_a_control_list_with_the_nine_columns_passes():
    report = run(control_list(COLUMNS))
    assert report.document.kind == "control-list"
    assert not found(report, "control.list-columns")


def test_a_control_list_without_the_grounds_and_the_extension_columns_is_rejected():
    cols = [c for c in COLUMNS if not c.startswith(("Основание", "Отметка о продлении"))]
    f = found(run(control_list(cols)), "control.list-columns")
    assert f and f[0].severity == "error"
    assert "основание для снятия с контроля" in f[0].message["ru"] and "отметка о продлении" in f[0].message["ru"]
    assert "отметка о снятии" not in f[0].message["ru"]


KK_COLUMNS = ["№", "Тапсырма баяндалған іс-шараның түрі", "Тапсырма берілген күн", "Тапсырманың мазмұны",
              "Орындаушылар", "Орындау мерзімі", "Бақылаудан алынғаны туралы белгі", "Бақылаудан алуға негіз",
              "Бақылауды ұзарту туралы белгі", "Ескерту"]


def test_kazygurt_a_kazakh_control_list_with_the_nine_columns_passes_and_without_the_note_is_rejected():
    def kk_list(columns):
        return [P("БАҚЫЛАУ ҚҰЖАТТАРЫНЫҢ ТІЗБЕСІ", "center", bold=True), T([columns, ["1"] + [""] * (len(columns) - 1)])]

    ok = run(kk_list(KK_COLUMNS), profile=KAZYGURT)
    assert ok.document.kind == "control-list" and not found(ok, "control.list-columns")
    f = found(run(kk_list(KK_COLUMNS[:-1]), profile=KAZYGURT), "control.list-columns")
    assert f and f[0].severity == "error" and "ескертпе" in f[0].message["kk"] and "L718" in f[0].source.clause


# --- the printed approval sheet -------------------------------------------------------------------------------

def with_sheet(page_break: bool = True, visas: bool = True) -> list[P | T]:
    sheet: list[P | T] = [P("ЛИСТ СОГЛАСОВАНИЯ", "center", bold=True, page_break=page_break)]
    if visas:
        sheet.append(T([["Заместитель акима города", "Н. Сейткулов", "Согласовано ЭЦП 12.06.2025"],
                        ["Руководитель аппарата акима", "Б. Оразбеков", "Согласовано ЭЦП 12.06.2025"]]))
    return [*ru_resolution(), *sheet]


def test_an_approval_sheet_on_its_own_page_with_visas_passes():
    assert not found(run(with_sheet()), "act.approval-sheet")


def test_an_approval_sheet_on_the_drafts_page_is_rejected_under_turkestan():
    f = found(run(with_sheet(page_break=False)), "act.approval-sheet")
    assert f and f[0].severity == "error" and "separate sheet" in f[0].message["en"] and "L462" in f[0].source.clause


def test_an_approval_sheet_without_visas_gets_a_finding():
    f = found(run(with_sheet(visas=False)), "act.approval-sheet")
    assert f and "no visa" in f[0].message["en"]


def test_a_draft_without_the_sheet_is_not_judged_for_it():
    assert not found(run(ru_resolution()), "act.approval-sheet")


# --- the material's language ----------------------------------------------------------------------------------

def test_a_kazakh_report_passes_the_state_language_rule():
    assert not found(run(report_doc(20, lang="kk")), "material.state-language")


def test_a_russian_report_alone_gets_a_warning_and_with_its_kazakh_version_passes():
    f = found(run(report_doc(20)), "material.state-language")
    assert f and f[0].severity == "warning" and "state-language" in f[0].message["en"]
    assert not found(run(report_doc(20), pair=report_doc(20, lang="kk")), "material.state-language")


def test_almaty_a_russian_cover_letter_gets_the_state_language_finding():
    f = found(run(ru_cover_letter(), profile=ALMATY), "material.state-language")
    assert f and "L47" in f[0].source.clause


# --- pair rules -----------------------------------------------------------------------------------------------

def incoming(number: str = "12-3/456", date: str = "10 июня 2025 года") -> list[P | T]:
    return [
        T([["ТҮРКІСТАН ОБЛЫСЫ ӘКІМІНІҢ АППАРАТЫ", "АППАРАТ АКИМА ТУРКЕСТАНСКОЙ ОБЛАСТИ"]]),
        P("161200, г. Туркестан, проспект Тауке хана, 5, тел. 8 (72533) 4-00-00", "center"),
        T([[date, f"№ {number}"]]),
        P("Акимат города Туркестан", "right", bold=True),
        P("Просим представить проект постановления об озеленении города для согласования.", "justify"),
        T([["Заместитель руководителя аппарата", "К. Садыков"]]),
        P("Исп.: Ахметова Р."),
        P("Тел.: 8 (72533) 4-00-01"),
    ]


def test_a_reply_citing_the_letter_it_answers_passes():
    report = run(ru_cover_letter(), related=incoming())
    assert "pair.reply-link" in report.checked and not found(report, "pair.reply-link")


def test_a_reply_citing_another_number_is_rejected_under_turkestan():
    f = found(run(ru_cover_letter(), related=incoming(number="12-3/999")), "pair.reply-link")
    assert f and f[0].severity == "error" and "12-3/999" in f[0].message["en"] and "L393" in f[0].source.clause


def test_a_reply_with_the_wrong_date_and_a_reply_without_reference_are_found():
    f = found(run(ru_cover_letter(), related=incoming(date="11 июня 2025 года")), "pair.reply-link")
    assert f and "11.06.2025" in f[0].message["en"]
    f = found(run(without(ru_cover_letter(), "reference"), profile=KAZYGURT, related=incoming()), "pair.reply-link")
    assert f and "does not cite" in f[0].message["en"] and "L547" in f[0].source.clause


def test_pair_rules_do_not_run_without_a_related_document():
    report = run(ru_cover_letter())
    assert "pair.reply-link" not in report.checked


def appendix_file(number: str = "№ 315") -> list[P | T]:
    return [P("Приложение", "right"), P("к постановлению акимата города Туркестан", "right"),
            P(f"от 16 июня 2025 года {number}", "right"),
            P("План мероприятий по озеленению города Туркестан", "center", bold=True),
            P("1. Посадка 5000 саженцев."), P("2. Установка системы орошения.")]


def act_without_appendix() -> list[P | T]:
    return [b for b in ru_resolution() if not b.key.startswith("appx")]


@pytest.mark.parametrize("profile", [TURKESTAN, KAZYGURT, ALMATY])
def test_an_appendix_file_naming_the_acts_number_passes(profile):
    report = run(act_without_appendix(), profile=profile, related=appendix_file())
    assert "pair.appendix-header" in report.checked and not found(report, "pair.appendix-header")


def test_an_appendix_file_naming_another_number_is_rejected():
    f = found(run(act_without_appendix(), related=appendix_file("№ 316")), "pair.appendix-header")
    assert f and f[0].severity == "error" and "№ 316" in f[0].message["en"] and "№ 315" in f[0].message["en"]


def spravka(title: str) -> list[P | T]:
    return [P("СПРАВКА", "center", bold=True), P(f"к проекту постановления акимата «{title}»", "center", bold=True),
            P("Проект разработан во исполнение поручения акима города. " * 4, "justify"),
            T([["Руководитель отдела", "А. Ахметов"]])]


def test_almaty_a_draft_and_its_spravka_with_one_title_pass():
    title = "Об утверждении Плана мероприятий по озеленению города Туркестан"
    report = run(act_without_appendix(), profile=ALMATY, related=spravka(title))
    assert "pair.title-match" in report.checked and not found(report, "pair.title-match")


def test_almaty_a_spravka_with_another_title_gets_a_finding_either_way_round():
    other = spravka("Об утверждении Плана благоустройства города Туркестан")
    f = found(run(act_without_appendix(), profile=ALMATY, related=other), "pair.title-match")
    assert f and "L101" in f[0].source.clause and "благоустройства" in f[0].message["ru"]
    f = found(run(other, profile=ALMATY, kind="briefing-note", related=act_without_appendix()), "pair.title-match")
    assert f



# --- the participants list of a meeting (Turkestan Appendix 3) -------------------------------------------------

def participants(fields: str = "Дата: 12.06.2025  Место проведения: зал акимата  Время: 10:00  Формат: очный",
                 columns: tuple[str, ...] = ("№", "Фамилия, имя, отчество", "Должность")) -> list[P | T]:
    rows = [list(columns), ["1.", "Пазылбекұлы Әлібек", "Аким города Туркестан"][: len(columns)],
            ["2.", "Сейткулов Нурлан", "Заместитель акима города"][: len(columns)]]
    return [P("СПИСОК УЧАСТНИКОВ", "center", bold=True), P("аппаратного совещания", "center"), P(fields), T(rows)]


def test_a_participants_list_in_its_form_passes():
    report = run(participants())
    assert report.document.kind == "participants-list"
    assert not found(report, "event.participants-list")


def test_a_participants_list_without_positions_and_place_is_rejected_under_turkestan():
    report = run(participants(fields="Дата: 12.06.2025  Время: 10:00  Формат: очный",
                              columns=("№", "Фамилия, имя, отчество")))
    f = found(report, "event.participants-list")
    assert len(f) == 2 and all(x.severity == "error" and "L761" in x.source.clause for x in f)
    text = " ".join(x.message["ru"] for x in f)
    assert "должность" in text and "место проведения" in text and "дата" not in text


# --- letters to higher bodies under the akim's signature (Kazygurt L457) ---------------------------------------

def kk_letter(addressee: str, position: str) -> list[P | T]:
    return [
        T([["ҚАЗЫҒҰРТ АУДАНЫ ӘКІМІНІҢ АППАРАТЫ", "АППАРАТ АКИМА КАЗЫГУРТСКОГО РАЙОНА"]]),
        P("160400, Қазығұрт ауданы, Қазығұрт ауылы, Жібек жолы көшесі, 1, тел. 8 (72539) 2-12-34", "center"),
        T([["2025 жылғы 18 маусым", "№ 01-12/345"]]),
        P(addressee, "right", bold=True),
        P("Аудандағы көгалдандыру жұмыстары туралы ақпаратты қарауға жолдаймыз.", "justify"),
        P("Қосымша: 5 парақта."),
        T([[position, "Б. Оразбеков"]]),
        P("Орынд.: Сапарова А."),
        P("Тел.: 8 (72539) 2-12-34"),
    ]


@pytest.mark.parametrize("position", ["Аудан әкімі", "Аудан әкімінің міндетін атқарушы"])
def test_a_letter_to_the_regions_akimat_signed_by_the_akim_passes(position):
    report = run(kk_letter("Түркістан облысы әкімінің аппаратына", position), profile=KAZYGURT, kind="cover-letter")
    assert "letter.higher-body-signer" in report.checked
    assert not found(report, "letter.higher-body-signer")


@pytest.mark.parametrize("position", ["Аудан әкімінің орынбасары", "Аудан әкімі аппаратының басшысы"])
def test_a_letter_to_the_regions_akimat_signed_by_a_deputy_gets_a_warning_under_kazygurt(position):
    f = found(run(kk_letter("Түркістан облысы әкімінің аппаратына", position), profile=KAZYGURT,
                  kind="cover-letter"), "letter.higher-body-signer")
    assert f and f[0].severity == "warning" and "L457" in f[0].source.clause and position in f[0].message["kk"]


def test_a_letter_to_a_district_body_may_be_signed_by_a_deputy():
    report = run(kk_letter("Аудандық білім бөліміне", "Аудан әкімінің орынбасары"), profile=KAZYGURT,
                 kind="cover-letter")
    assert not found(report, "letter.higher-body-signer")


# --- fragments of a speech already published (Turkestan L99, Kazygurt L102) -----------------------------------

PUBLISHED = ("Уважаемые участники совещания! За прошедший год в городе Туркестан построено четыре новые школы на "
             "две тысячи ученических мест, отремонтировано сорок километров дорог и открыто шесть поликлиник. ")


def speech(body: str) -> list[P | T]:
    return [P("ДОКЛАД", "center", bold=True), P("об итогах социально-экономического развития", "center", bold=True),
            P(body, "justify"), T([["Аким города", "Ә. Пазылбекұлы"]])]


def test_a_new_speech_passes_against_the_published_one():
    fresh = "В этом году главная задача – довести до конца строительство водопровода в трёх микрорайонах. " * 3
    report = run(speech(fresh), related=speech(PUBLISHED))
    assert "pair.speech-reuse" in report.checked and not found(report, "pair.speech-reuse")


@pytest.mark.parametrize("profile", [TURKESTAN, KAZYGURT])
def test_a_speech_reproducing_a_published_fragment_gets_a_warning(profile):
    report = run(speech("Добрый день. " + PUBLISHED + "Продолжим эту работу."), profile=profile,
                 related=speech(PUBLISHED))
    f = found(report, "pair.speech-reuse")
    assert f and f[0].severity == "warning" and "четыре новые школы" in f[0].message["ru"]


def test_shared_runs_merge_overlaps_and_ignore_short_set_phrases():
    from validators.rules.materials import shared_runs

    a = "один два три четыре пять шесть семь восемь".split()
    assert shared_runs(a, ["ноль", *a[1:7], "девять"], 3) == [(1, 6)]
    assert shared_runs(a, a[:2], 3) == []


# --- abbreviations introduced before use (Turkestan, as the regulation itself does: L31, L70, L184) -------------

def letter_with(text: str) -> list[P | T]:
    return replace(ru_cover_letter(), "text", P(text, "justify"))


def test_an_abbreviation_defined_before_use_passes_and_a_formula_in_capitals_is_none():
    ok = letter_with("Государственное учреждение «Отдел жилищно-коммунального хозяйства города Туркестан» (далее – "
                     "ОЖКХ) направляет план. ОЖКХ просит согласовать его до 20 июня, акимат ПОСТАНОВЛЯЕТ: не нужно.")
    assert not found(run(ok), "text.defined-abbreviations")
    assert not found(run(ru_resolution()), "text.defined-abbreviations")


def test_an_abbreviation_never_defined_or_used_before_its_definition_gets_a_warning():
    bad = letter_with("Направляем отчёт ОЖКХ о ходе работ. Отдел жилищно-коммунального хозяйства города (далее – "
                      "ОЖКХ) и УСЗ просят согласовать план до 20 июня.")
    f = {x.message["en"].split("»")[0].split("«")[1]: x for x in found(run(bad), "text.defined-abbreviations")}
    assert set(f) == {"ОЖКХ", "УСЗ"}
    assert "used before it is defined" in f["ОЖКХ"].message["en"] and "never defined" in f["УСЗ"].message["en"]
    assert f["УСЗ"].severity == "warning" and "L70" in f["УСЗ"].source.clause


def test_every_rule_of_the_materials_catalog_is_tested_here():
    import inspect
    import sys

    import yaml

    from validators import resources

    ids = {r["id"] for r in yaml.safe_load((resources.RULES / "materials.yaml").read_text(encoding="utf-8"))["rules"]}
    source = inspect.getsource(sys.modules[__name__])
    assert {i for i in ids if f'"{i}"' not in source} == set()
