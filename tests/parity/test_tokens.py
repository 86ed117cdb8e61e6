"""Token extraction: the same fact written the kk way and the ru way gets the same normalised value."""

import pytest

from validators.parity.tokens import extract, mixed_script_words, number_value


def values(text, lang, kind=None):
    return [(t.kind, t.value) for t in extract(text, lang) if kind is None or t.kind == kind]


@pytest.mark.parametrize(("kk", "ru"), [
    ("2025 жылғы 16 маусымдағы", "16 июня 2025 года"),
    ("2025 жылғы «16» маусымда", "«16» июня 2025 г."),
    ("2022 жылғы 13- желтоқсандағы", "13 декабря 2022 года"),
    ("2028 жылдың 31 желтоқсанына дейін", "до 31 декабря 2028 года"),
    ("16.06.2025", "16.06.2025"),
])
def test_dates_kk_and_ru_agree(kk, ru):
    assert values(kk, "kk", "date") == values(ru, "ru", "date")
    assert len(values(kk, "kk", "date")) == 1


@pytest.mark.parametrize(("kk", "ru"), [  # forms of published acts (1995–2014)
    ("1998 жылғы қазанның 6-ғы", "от 6.10.98 г."),
    ("2003 ж. 16-сәуірдегі", "от 16.04.03 г."),
    ("2005 жылын 20 қаңтарына дейн", "до 20 января 2005 года"),
    ("2003 жылға 21 қаңтардағы", "от 21 января 2003 года"),
    ("Облыс әкімінің 2014 жылғы \"02\"\nмаусым шешіміне", "от \"02\" июня 2014 года"),
    ("Облыс Әкімінің 1998 жылғы\n08 желтоқсанның № 12-330", "от 8 декабря 1998 г. № 12-330"),
])
def test_dates_of_published_acts_agree(kk, ru):
    assert values(kk, "kk", "date") == values(ru, "ru", "date") != []


@pytest.mark.parametrize(("kk", "ru", "dates"), [
    ("2003 жылғы 30-сәуір мен 15 маусым аралығында", "с 30 апреля по 15 июня 2003 года", ["2003-04-30", "2003-06-15"]),
    ("2004 жылдың 10-22 сәуірі", "в период с 10 по 22 апреля 2004 года", ["2004-04-10", "2004-04-22"]),
    ("2004 жылғы 2-22 мамыр аралығында", "с 2 по 22 мая 2004 года", ["2004-05-02", "2004-05-22"]),
])
def test_date_ranges_give_both_dates(kk, ru, dates):
    assert [v for _, v in values(kk, "kk")] == [v for _, v in values(ru, "ru")] == dates


def test_date_value_is_iso_and_masks_its_numbers():
    assert values("от 1 мая 2024 года № 12-3/456", "ru") == [("date", "2024-05-01"), ("docnum", "12-3/456")]


@pytest.mark.parametrize(("kk", "ru", "value"), [
    ("Бюджет кодексінің 45-бабының 4-тармағына", "пунктом 4 статьи 45 Бюджетного кодекса", "ст.45 п.4"),
    ("3-тармағының 2) тармақшасы", "подпункт 2) пункта 3", "п.3 пп.2"),
    ("6-бабы 1-тармағының 2)-тармақшасына", "подпунктом 2) пункта 1 статьи 6", "ст.6 п.1 пп.2"),
    ("осы шешімнің 9-тармағымен", "в соответствии с пунктом 9", "п.9"),
    ("1,2 қосымшаларында", "в приложениях 1,2", "прил.1,2"),
    ("3-қосымшасына", "приложению № 3", "прил.3"),
])
def test_references_kk_and_ru_agree(kk, ru, value):
    assert values(kk, "kk", "ref") == [("ref", value)]
    assert values(ru, "ru", "ref") == [("ref", value)]


def test_separate_references_are_not_chained():
    assert values("статьи 6, подпунктом 1) пункта 4 статьи 47", "ru", "ref") == [
        ("ref", "ст.6"), ("ref", "ст.47 п.4 пп.1")]
    assert values("3-қосымшаға 1 және 2-тармақтар", "kk", "ref") == [("ref", "прил.3"), ("ref", "п.1,2")]


def test_a_unit_name_is_not_a_reference():
    assert values("войсковая часть 64192", "ru") == [("number", "64192")]


def test_numbers_with_space_thousands_and_decimal_comma():
    assert values("3 002 217 тысяч тенге и 0,50 МРП и 12", "ru", "number") == [
        ("number", "3002217"), ("number", "0.5"), ("number", "12")]
    assert number_value("278 482 009") == "278482009"
    assert number_value("1\u00a0234,75") == "1234.75"


def test_percentages_in_both_languages():
    assert values("50% мөлшерінде және 12,5 пайыз", "kk", "percent") == [("percent", "50"), ("percent", "12.5")]
    assert values("50 % и 12,5 процента", "ru", "percent") == [("percent", "50"), ("percent", "12.5")]


def test_latin_words_emails_and_urls():
    text = "ТОО «Qazaq Green», e-mail: info@akimat.kz, сайт https://turkestan.gov.kz/ru/"
    got = values(text, "ru")
    assert ("latin", "qazaq") in got and ("latin", "green") in got
    assert ("email", "info@akimat.kz") in got
    assert ("url", "turkestan.gov.kz/ru") in got
    assert not any(k == "latin" and v in ("info", "akimat", "kz") for k, v in got)


def test_mixed_script_words_are_not_latin_words():
    text = "қолданысқа енгiзiледi"  # Latin i inside Kazakh words
    assert values(text, "kk", "latin") == []
    assert mixed_script_words(text) == ["енгiзiледi"]


@pytest.mark.parametrize(("kk", "ru"), [  # abbreviations and «N» of older acts
    ("Заңына (21-бап, 1-тармақ, 2-тармақша) сәйкес", "в соответствии с п\\п2, п.1, ст.21 Закона"),
    ("Қаулысының 3 тармағына сәйкес", "согласно п.3 постановления"),
    ("29 баптың 11 тармағына", "п.11 ст. 29 Закона"),
    ("(№ 1 қосымша)", "(приложение N 1)"),
])
def test_abbreviated_references_agree(kk, ru):
    assert sorted(values(kk, "kk", "ref")) == sorted(values(ru, "ru", "ref")) != []
    assert values(ru, "ru", "docnum") == []


def test_a_number_with_a_slash_is_a_document_number():
    assert values("ЕМК-ң 3\\7-475, сондай-ақ", "kk") == values("от N 3\\7-475 и", "ru") == [("docnum", "3\\7-475")]
    assert values("01-12/345 хатқа", "kk") == values("на № 01-12/345", "ru") == [("docnum", "01-12/345")]
    assert values("1977-1986 жылдары", "kk") == [("number", "1977"), ("number", "1986")]


def test_numerals_in_words():
    # words in brackets after the figures only spell the figures out: the figures are the number
    assert values("107 (сто семь) тенге, пятьдесят процентов, в течение десяти дней", "ru") == [
        ("number", "107"), ("percent", "50"), ("numword", "10")]
    assert values("107 (жүз жеті) теңге, елу пайызында, күнтізбелік он күн, екі мың үш жүз", "kk") == [
        ("number", "107"), ("percent", "50"), ("numword", "10"), ("numword", "2300")]
    assert values("280 000 000 (екі жүз сексен млн.) теңге", "kk") == [("number", "280000000")]
    assert values("280 000 000 (двести восемьдесят миллионов) тенге", "ru") == [("number", "280000000")]
    assert values("екі жүз сексен млн. теңге", "kk") == [("numword", "280000000")]
    # «онда» (there), «тоқсан сайын» (quarterly), ordinals and «бір» are not numbers
    assert values("онда тоқсан сайын бесінші бір жыл", "kk") == []


def test_day_first_kazakh_date_of_an_agreement_stamp():
    """71727 / 71918: «22 ақпан 2013 жыл.» under a «КЕЛІСІЛДІ» block is «22 февраля 2013 года»."""
    assert values("22 ақпан 2013 жыл.", "kk", "date") == values("22 февраля 2013 года.", "ru", "date") != []
    assert values("04 наурыз 2013 жыл", "kk", "date") == [("date", "2013-03-04")]
    assert values("2013 жылғы 22 ақпандағы N 14-89", "kk", "date") == [("date", "2013-02-22")]
    assert values("2019 жылғы 1 қантардан", "kk", "date") == []  # a misspelt month is no date


def test_fractions_in_words():
    """103305: «үштен екісінен астамы» / «не менее двух третей» — the same 2/3."""
    assert values("құрамының үштен екісінен астамы", "kk") == values("двух третей ее состава", "ru") == [
        ("numword", "2/3")]
    assert values("одной трети", "ru") == [("numword", "1/3")]
    assert values("трех десятков", "ru") == [("numword", "3")]  # tens, not tenths


def test_double_dotted_subpoint_and_a_locative_chain():
    """16995: «п.п.4 п.2 ст.40» is sub-point 4 (as «40-баптың 2-тармағының 4-тармақшасына»); «37-бабындағы
    8-тармақшасына» chains article and sub-point — and differs from «п.8 ст.37» (a point), as published."""
    assert values("п.п.4 п.2 ст.40 Закона", "ru", "ref") == values(
        "Заңындағы 40-баптың 2-тармағының 4-тармақшасына", "kk", "ref") == [("ref", "ст.40 п.2 пп.4")]
    assert values("Заңының 37-бабындағы 8-тармақшасына", "kk", "ref") == [("ref", "ст.37 пп.8")]
    assert values("п.8 ст.37 Закона", "ru", "ref") == [("ref", "ст.37 п.8")]


def test_older_kazakh_date_forms():
    """held-out-4: 18546 «20.11.01 ж» (two-digit year and «ж»), 4661 «2000 жылдың 1 көкегіне» (April's old name),
    7032 «2000 жылғы сәуір айының 10-нан мамыр айының 10-не дейін» (a month-first range); a misspelt month is
    still no date."""
    assert values("Мәслихат 20.11.01 ж № 16-106", "kk", "date") == values("от 20.11.2001 г.", "ru", "date") != []
    assert values("2000 жылдың 1 көкегіне дейін", "kk", "date") == values("до 1 апреля 2000 года", "ru", "date") != []
    assert values("2000 жылғы сәуір айының 10-нан мамыр айының 10-не дейін", "kk", "date") == values(
        "с 10 апреля по 10 мая 2000 года", "ru", "date") == [("date", "2000-04-10"), ("date", "2000-05-10")]
    assert values("1998ж. 4-кыркүйектегі", "kk", "date") == []  # «к» for «қ»: misspelt, as published (10579)


def test_reference_lists_ordinals_and_a_comma_inside_a_chain():
    """held-out-4: 15916 «статей 14,15,16» / «14, 15, 16 баптары», «приложения № 1, № 2» / «1, 2 қосымшалар»;
    28312 «6 бабының, 5 тармағына» / «пунктом 5 статьи 6»; 4661 «40-бабының 1-ші тармағына» / «п.1 ст.40»."""
    assert values("статей 14,15,16, Закона", "ru", "ref") == values("Заңының 14, 15, 16 баптары", "kk", "ref") == [
        ("ref", "ст.14,15,16")]
    assert values("(приложения № 1, № 2,)", "ru", "ref") == values("(1, 2 қосымшалар)", "kk", "ref") == [
        ("ref", "прил.1,2")]
    assert values("Заңының 6 бабының, 5 тармағына", "kk", "ref") == values("пунктом 5 статьи 6", "ru", "ref") == [
        ("ref", "ст.6 п.5")]
    assert values("Заңының 40-бабының 1-ші тармағына", "kk", "ref") == values("п.1 ст.40", "ru", "ref") == [
        ("ref", "ст.40 п.1")]
    assert values("5-бапқа, 6-тармаққа", "kk", "ref") == [("ref", "ст.5"), ("ref", "п.6")]  # no genitive: two references


def test_document_number_lists_and_a_spaced_hyphen():
    """15916 «протокол № 1,2» / «№ 1, 2 хаттамалар»; 18546 «№ 16- 106» as typed = «№ 16-106»; a year after a
    number's comma is no number of the list."""
    assert values("протокол № 1,2 от", "ru", "docnum") == values("№ 1, 2 хаттамалар", "kk", "docnum") == [
        ("docnum", "1"), ("docnum", "2")]
    assert values("№ 16- 106 от", "ru", "docnum") == values("№ 16-106", "kk", "docnum") == [("docnum", "16-106")]
    assert ("docnum", "1999") not in values("№ 840, 1999 жыл", "kk")
