"""Working days on the ``holidays`` package (holidays.KZ) with the shipped YAML as local override.

The shipped file can also compute the calendar alone (``source: file``); the two are compared year by year and
may differ only where the file explains it (``explained_differences``).
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from validators import workdays as w
from validators.workdays import Calendar, Term, add_working_days, deadline_for, next_working_day

D = dt.date
RAW = yaml.safe_load(w.DEFAULT_CALENDAR.read_text(encoding="utf-8"))
LIB = Calendar.from_file(w.DEFAULT_CALENDAR, source="holidays")
FILE = Calendar.from_file(w.DEFAULT_CALENDAR, source="file")


def test_the_default_calendar_is_the_library_with_the_file_on_top():
    assert RAW["source"] == "holidays" and w.default_calendar().source == "holidays"


@pytest.mark.parametrize("year", range(RAW["file_complete_from"], 2027))
def test_library_and_shipped_file_agree_year_by_year(year):
    explained = {str(e["date"]): e["why"] for e in RAW.get("explained_differences") or []}
    day, diffs = D(year, 1, 1), []
    while day.year == year:
        if LIB.is_working_day(day) != FILE.is_working_day(day) and day.isoformat() not in explained:
            diffs.append((day.isoformat(), "library: working" if LIB.is_working_day(day) else "library: off"))
        day += dt.timedelta(days=1)
    assert not diffs, diffs


def test_the_comparison_would_see_a_missing_transfer():
    """Drop the 2024 transfer from the file: the comparison finds exactly 4 and 8 May 2024."""
    bare = Calendar.from_file(w.DEFAULT_CALENDAR, source="file")
    bare.transfers = {y: t for y, t in bare.transfers.items() if y != 2024}
    day, diffs = D(2024, 1, 1), []
    while day.year == 2024:
        if LIB.is_working_day(day) != bare.is_working_day(day):
            diffs.append(day)
        day += dt.timedelta(days=1)
    assert diffs == [D(2024, 5, 4), D(2024, 5, 8)]


def test_may_2024_transfer_saturday_4_worked_wednesday_8_off():
    for cal in (LIB, FILE):
        assert cal.is_working_day(D(2024, 5, 4))  # Saturday worked (Government resolution)
        assert not cal.is_working_day(D(2024, 5, 7))  # Defender of the Fatherland Day
        assert not cal.is_working_day(D(2024, 5, 8))  # the moved day off
        assert not cal.is_working_day(D(2024, 5, 9))  # Victory Day
        assert cal.is_working_day(D(2024, 5, 10))


@pytest.mark.parametrize("received,n,due", [
    (D(2024, 5, 3), 1, D(2024, 5, 4)),   # Friday + 1 working day = the worked Saturday
    (D(2024, 5, 3), 3, D(2024, 5, 10)),  # Sat 4, Mon 6, Fri 10 (7–9 May off)
    (D(2024, 5, 6), 1, D(2024, 5, 10)),
    (D(2024, 5, 3), 2, D(2024, 5, 6)),
    (D(2024, 5, 2), 10, D(2024, 5, 20)),  # 3, 4, 6, 10, 13, 14, 15, 16, 17, 20
])
def test_deadlines_across_4_to_8_may_2024(received, n, due):
    assert add_working_days(received, n, LIB) == due
    assert deadline_for("urgent", received, Term("working-days", n), LIB).date == due


def test_a_deadline_on_the_moved_day_off_goes_to_the_next_working_day():
    assert next_working_day(D(2024, 5, 8), LIB) == D(2024, 5, 10)
    assert deadline_for(None, D(2024, 4, 8), None, LIB).date == D(2024, 5, 10)  # one month → 8 May → 10 May


def test_31_august_2026_is_a_working_day():
    """The Constitution of 2026 moved Constitution Day to 15 March from 2027 and it is not celebrated in 2026
    (Law «О праздниках», adilet Z010000267_ history): Sunday 30 August 2026 moves no day off."""
    for cal in (LIB, FILE):
        assert cal.is_working_day(D(2026, 8, 31))
        assert not cal.is_working_day(D(2025, 9, 1))  # 30 Aug 2025 (Sat) still moved the day off to Monday
        assert not cal.is_working_day(D(2027, 3, 15))  # the new Constitution Day, a Monday


def test_an_override_wins_over_both_sources(tmp_path):
    data = dict(RAW, overrides=[{"date": "2026-08-31", "working": False, "why": "test"}])
    path = tmp_path / "cal.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert not Calendar.from_file(path).is_working_day(D(2026, 8, 31))


def test_a_file_without_source_is_read_alone(tmp_path):
    path = tmp_path / "cal.yaml"
    path.write_text("week: {working_days: [mon, tue, wed, thu, fri]}\nholidays: []\n", encoding="utf-8")
    cal = Calendar.from_file(path)
    assert cal.source == "file" and cal.is_working_day(D(2024, 5, 8))
