"""Arithmetic consistency: «в сумме X, в том числе …» / «оның ішінде …» and table total rows."""

from validators.rules.arithmetic import sum_statements, table_totals

RU = ("Установить изъятия в сумме 1 000 тысяч тенге, в том числе:\n"
      "району А – 600 тысяч тенге;\nрайону Б – 400 тысяч тенге.")
KK = ("Алып қоюлар 1 000 мың теңге, оның ішінде:\nА ауданынан – 600 мың теңге;\n"
      "Б ауданынан – 400 мың теңге сомасында белгіленсін.")


def test_parts_adding_up_pass_in_both_languages():
    assert sum_statements(RU, "ru") == []
    assert sum_statements(KK, "kk") == []


def test_parts_not_adding_up_fail_with_the_difference():
    [mm] = sum_statements(KK.replace("600 мың", "610 мың"), "kk")
    assert mm.args() == {"total": "1 000", "sum": "1 010", "count": "2", "diff": "-10", "label": ""}


def test_years_and_other_units_are_not_parts():
    text = ("на 2025 год в сумме 1 000 тысяч тенге, в том числе: району А на 2025 год – 600 тысяч тенге "
            "(12 объектов); району Б – 400 тысяч тенге.")
    assert sum_statements(text, "ru") == []


def test_parts_given_as_sub_points():
    head = "Выделить в сумме 900 тысяч тенге, в том числе:"
    assert sum_statements(head, "ru", ["отделу А – 500 тысяч тенге;", "отделу Б – 400 тысяч тенге."]) == []
    [mm] = sum_statements(head, "ru", ["отделу А – 500 тысяч тенге;", "отделу Б – 300 тысяч тенге."])
    assert mm.args()["sum"] == "800"


def test_decimal_amounts_tolerate_rounding_only():
    assert sum_statements("в сумме 10,5 млн тенге, в том числе: 4,2 млн тенге; 6,3 млн тенге", "ru") == []
    assert sum_statements("в сумме 10,5 млн тенге, в том числе: 4,2 млн тенге; 6,6 млн тенге", "ru")


def test_table_total_row_at_the_top_and_at_the_bottom():
    top = [["№", "Район", "2023 год"], ["", "Всего", "1 700"], ["1", "А", "1 200"], ["2", "Б", "500"]]
    assert table_totals(top) == []
    bottom = [["№", "Аудан", "2023 жыл"], ["1", "А", "1 200"], ["2", "Б", "500"], ["", "Барлығы", "1 800"]]
    [mm] = table_totals(bottom)
    assert (mm.row, mm.col, mm.label, mm.args()["sum"], mm.args()["diff"]) == (4, 3, "Барлығы", "1 700", "100")


def test_hierarchical_table_is_consistent():
    rows = [["", "Жиыны", "100"], ["1", "Программа", "100"], ["1.1", "Подпрограмма", "60"],
            ["1.2", "Подпрограмма", "40"]]
    assert table_totals(rows) == []
