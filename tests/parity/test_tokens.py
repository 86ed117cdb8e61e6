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


def test_numerals_in_words():
    assert values("107 (сто семь) тенге, пятьдесят процентов, в течение десяти дней", "ru") == [
        ("number", "107"), ("numword", "107"), ("percent", "50"), ("numword", "10")]
    assert values("107 (жүз жеті) теңге, елу пайызында, күнтізбелік он күн, екі мың үш жүз", "kk") == [
        ("number", "107"), ("numword", "107"), ("percent", "50"), ("numword", "10"), ("numword", "2300")]
    # «онда» (there), «тоқсан сайын» (quarterly), ordinals and «бір» are not numbers
    assert values("онда тоқсан сайын бесінші бір жыл", "kk") == []
