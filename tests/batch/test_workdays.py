"""Kazakhstan's working-day calendar and execution deadlines: holidays, days off moved from weekends,
Kurban Ait, Government transfers (from a calendar file), urgency marks and stated terms."""

import datetime as dt

import pytest

from validators import workdays as w
from validators.workdays import (
    Calendar,
    Term,
    add_working_days,
    deadline_for,
    is_working_day,
    next_working_day,
)

D = dt.date


@pytest.mark.parametrize("day", [D(2025, 1, 1), D(2025, 1, 2), D(2025, 1, 7), D(2024, 3, 8), D(2025, 3, 21),
                                 D(2024, 3, 22), D(2026, 3, 23), D(2025, 5, 1), D(2025, 5, 7), D(2026, 5, 7),
                                 D(2025, 5, 9), D(2026, 7, 6), D(2024, 8, 30), D(2024, 10, 25), D(2025, 12, 16),
                                 D(2025, 6, 6), D(2026, 5, 27), D(2030, 4, 15)])
def test_public_holidays_and_kurban_ait_are_days_off(day):
    if day == D(2030, 4, 15):  # Kurban Ait 2030 is 13 April, a Saturday: never moved (religious)
        assert is_working_day(day)
    else:
        assert not is_working_day(day), day


def test_ordinary_days():
    assert is_working_day(D(2025, 3, 14))  # Friday
    assert not is_working_day(D(2025, 3, 15))  # Saturday
    assert not is_working_day(D(2025, 3, 16))  # Sunday
    assert is_working_day(D(2025, 12, 17))  # 17 Dec stopped being a holiday in 2022
    assert not is_working_day(D(2021, 12, 17))
    assert is_working_day(D(2021, 10, 25))  # Republic Day is a day off from 2022
    assert not is_working_day(D(2021, 12, 1)) and is_working_day(D(2022, 12, 1))  # First President's Day ended


def test_holiday_on_a_weekend_moves_the_day_off_to_the_next_working_day():
    # 2025: 8 March is Saturday → Monday 10 March off; Nauryz 21 (Fri) 22 (Sat) 23 (Sun) → 24, 25 off
    assert not is_working_day(D(2025, 3, 10))
    assert not is_working_day(D(2025, 3, 24)) and not is_working_day(D(2025, 3, 25))
    assert is_working_day(D(2025, 3, 26))
    # 6 July 2025 is Sunday → 7 July off; 30 Aug 2025 Saturday → 1 Sep off; 25 Oct 2025 Saturday → 27 Oct off
    assert not is_working_day(D(2025, 7, 7))
    assert not is_working_day(D(2025, 9, 1))
    assert not is_working_day(D(2025, 10, 27))


def test_religious_holidays_are_not_moved():
    # 7 January 2024 is a Sunday: Monday 8 January is a working day
    assert is_working_day(D(2024, 1, 8))


def test_government_transfer_from_the_shipped_file():
    # 2025: the day off of Sunday 5 January moved to Friday 3 January
    assert not is_working_day(D(2025, 1, 3))
    assert is_working_day(D(2025, 1, 5))


def test_transfers_come_from_the_calendar_file(tmp_path):
    text = w.DEFAULT_CALENDAR.read_text(encoding="utf-8")
    extra = ("\n  2027:\n    - {day_off: 2027-03-19, work_day: 2027-03-27, act: test}\n")
    path = tmp_path / "cal.yaml"
    path.write_text(text + extra, encoding="utf-8")
    cal = Calendar.from_file(path)
    assert not cal.is_working_day(D(2027, 3, 19))  # Friday made a day off
    assert cal.is_working_day(D(2027, 3, 27))  # Saturday made a working day
    # 3 working days from Thursday 18 March 2027: 19 off, 20/21 weekend, 22–23 Nauryz (21 is Sunday → 24 off too)
    assert add_working_days(D(2027, 3, 18), 1, cal) == D(2027, 3, 25)
    assert add_working_days(D(2027, 3, 18), 2, cal) == D(2027, 3, 26)
    assert add_working_days(D(2027, 3, 18), 3, cal) == D(2027, 3, 27)
    assert w.default_calendar().is_working_day(D(2027, 3, 19))  # the shipped calendar is untouched


def test_add_working_days_across_nauryz():
    # received Wednesday 19 March 2025: 20 (1), 26 (2), 27 (3)
    assert add_working_days(D(2025, 3, 19), 3) == D(2025, 3, 27)
    assert add_working_days(D(2025, 3, 19), 0) == D(2025, 3, 19)
    assert next_working_day(D(2025, 3, 22)) == D(2025, 3, 26)


def test_very_urgent_is_three_working_days_and_urgent_ten():
    d = deadline_for(w.VERY_URGENT, D(2025, 12, 12))  # Friday; 16 Dec Tuesday is a holiday
    assert d.date == D(2025, 12, 18) and d.basis == "urgency"
    d = deadline_for(w.URGENT, D(2025, 12, 12))
    assert d.date == D(2025, 12, 29)  # 15,17,18,19,22,23,24,25,26,29


def test_default_term_is_one_month_moved_off_non_working_days():
    assert deadline_for(None, D(2025, 2, 21)).date == D(2025, 3, 21 + 5)  # 21 Mar holiday → 26 Mar
    assert deadline_for(None, D(2025, 1, 31)).date == D(2025, 2, 28)  # no 31 Feb
    assert deadline_for(None, D(2025, 4, 9)).date == D(2025, 5, 12)  # 9 May Fri holiday, 10–11 weekend


def test_stated_terms_win_over_urgency():
    received = D(2025, 3, 14)
    assert deadline_for(w.URGENT, received, Term("date", D(2025, 3, 22))).date == D(2025, 3, 26)
    assert deadline_for(None, received, Term("working-days", 5)).date == D(2025, 3, 26)
    assert deadline_for(None, received, Term("days", 7)).date == D(2025, 3, 26)  # 21 → holiday → 26
    assert deadline_for(None, received, Term("months", 2)).date == D(2025, 5, 14)


def test_profile_without_urgency_terms_uses_the_default_month():
    assert deadline_for(w.URGENT, D(2025, 3, 14), urgent_terms={}).date == D(2025, 4, 14)
