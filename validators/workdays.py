"""Kazakhstan's working-day calendar and execution deadlines of incoming documents.

Working days are Monday–Friday except public holidays, days off moved from holidays that fall on a weekend
(Labour Code art. 85), Kurban Ait, and the Government's yearly transfers. By default they come from the
``holidays`` package (``holidays.KZ``: the Law «О праздниках», Kurban Ait and the Government's transfers with
their sources), with ``validators/data/kz_calendar.yaml`` as the local override: transfers the library lacks or
the Government adds later, and explicit ``overrides``. The same file also holds the rules themselves, so the
calendar still works without the library (``source: file``) and a test compares the two year by year
(tests/batch/test_workdays.py). ``QUJAT_CALENDAR`` names another file with the same layout.
A deadline that falls on a non-working day moves to the next working day (Turkestan п. 107, L569).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from validators.settings import current

DEFAULT_CALENDAR = Path(__file__).resolve().parent / "data" / "kz_calendar.yaml"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Urgency levels: normalised kk/ru pairs (Kazygurt S004-COR-16: ШҰҒЫЛ ≡ СРОЧНО, ӨТЕ ШҰҒЫЛ ≡ ВЕСЬМА СРОЧНО).
VERY_URGENT, URGENT = "very-urgent", "urgent"
# Terms in working days by urgency (Turkestan п. 99 L495, Kazygurt п. 13.2 L692, Almaty п. 41).
URGENT_TERMS = {VERY_URGENT: 3, URGENT: 10}


@dataclass
class Calendar:
    """Which days are working days: the week, holidays by year, Kurban Ait dates and transfers."""

    working_weekdays: frozenset[int]
    holidays: list[dict]
    no_weekend_shift: frozenset[str]
    kurban_ait: dict[int, dt.date]
    transfers: dict[int, list[dict]]
    source: str = "file"  # "holidays": holidays and transfers from holidays.KZ, this file's transfers on top
    overrides: dict[dt.date, bool] = field(default_factory=dict)  # date → is a working day (wins over all)
    _off: dict[int, frozenset[dt.date]] = field(default_factory=dict)
    _work: dict[int, frozenset[dt.date]] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: str | Path, source: str | None = None) -> Calendar:
        """The calendar of a file; ``source`` ("holidays" | "file") overrides the file's own ``source``."""
        with Path(path).open(encoding="utf-8") as fh:
            raw = yaml.safe_load(fh) or {}
        source = source or str(raw.get("source", "file"))
        if source not in ("holidays", "file"):
            raise ValueError(f"calendar {path}: source must be 'holidays' or 'file', not {source!r}")
        week = raw.get("week", {}).get("working_days", list(_WEEKDAYS[:5]))
        return cls(
            working_weekdays=frozenset(_WEEKDAYS.index(d) for d in week),
            holidays=list(raw.get("holidays", [])),
            no_weekend_shift=frozenset(str(x) for x in raw.get("no_weekend_shift", [])),
            kurban_ait={int(y): _as_date(d) for y, d in (raw.get("kurban_ait") or {}).items()},
            transfers={int(y): list(v or []) for y, v in (raw.get("transfers") or {}).items()},
            source=source,
            overrides={_as_date(o["date"]): bool(o["working"]) for o in raw.get("overrides") or []},
        )

    def days_off(self, year: int) -> frozenset[dt.date]:
        """Non-working weekdays of ``year``: holidays, moved days off, Kurban Ait, transfers."""
        if year not in self._off:
            self._build(year)
        return self._off[year]

    def extra_working_days(self, year: int) -> frozenset[dt.date]:
        """Weekend days made working days by a transfer."""
        if year not in self._work:
            self._build(year)
        return self._work[year]

    def _build(self, year: int) -> None:
        if self.source == "holidays":
            off, work = _library_days(year)
        else:
            off, work = self._file_days(year)
        for t in self.transfers.get(year, []):
            off.add(_as_date(t["day_off"]))
            work.add(_as_date(t["work_day"]))
        for day, working in self.overrides.items():
            if day.year == year:
                (work if working else off).add(day)
                (off if working else work).discard(day)
        self._off[year] = frozenset(off - work)
        self._work[year] = frozenset(d for d in work if d.weekday() not in self.working_weekdays)

    def _file_days(self, year: int) -> tuple[set[dt.date], set[dt.date]]:
        """Days off and worked weekend days from this file's own holiday rules (without its transfers)."""
        shiftable: list[dt.date] = []
        fixed: set[dt.date] = set()
        for h in self.holidays:
            if (h.get("from") or year) > year or (h.get("to") or year) < year:
                continue
            month, day = (int(x) for x in str(h["date"]).split("-"))
            date = dt.date(year, month, day)
            fixed.add(date)
            if str(h["date"]) not in self.no_weekend_shift:
                shiftable.append(date)
        if year in self.kurban_ait:
            fixed.add(self.kurban_ait[year])
        off = set(fixed)
        for date in sorted(shiftable):
            if date.weekday() in self.working_weekdays:
                continue
            moved = date + dt.timedelta(days=1)
            while moved.weekday() not in self.working_weekdays or moved in off:
                moved += dt.timedelta(days=1)
            off.add(moved)
        return off, set()

    def is_working_day(self, day: dt.date) -> bool:
        # a transfer may make a weekend day of the year before a working day (2014: 3 Jan off, 28 Dec 2013 worked)
        if day in self.extra_working_days(day.year) or day in self.extra_working_days(day.year + 1):
            return True
        return day.weekday() in self.working_weekdays and day not in self.days_off(day.year)


def _library_days(year: int) -> tuple[set[dt.date], set[dt.date]]:
    """Days off and worked weekend days of ``year`` from the ``holidays`` package: public holidays with the days
    off moved from weekends (``observed``), Kurban Ait, and the Government's transfers (a day off moved to a
    weekday, the weekend day worked instead)."""
    import holidays
    from holidays.countries.kazakhstan import KazakhstanStaticHolidays

    off = set(holidays.KZ(years=year, observed=True))
    work: set[dt.date] = set()
    entries = KazakhstanStaticHolidays.special_public_holidays.get(year, ())
    entry: Any
    for entry in entries if entries and isinstance(entries[0], tuple) else (entries,):
        if not entry:
            continue
        # (month, day, work-month, work-day[, work-year]): the day off, then the weekend day worked for it
        work.add(dt.date(int(entry[4]) if len(entry) > 4 else year, int(entry[2]), int(entry[3])))
    return off, work


def _as_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@functools.cache
def _load(path: str) -> Calendar:
    return Calendar.from_file(path)


def default_calendar() -> Calendar:
    return _load(current().calendar or str(DEFAULT_CALENDAR))


def is_working_day(day: dt.date, cal: Calendar | None = None) -> bool:
    return (cal or default_calendar()).is_working_day(day)


def next_working_day(day: dt.date, cal: Calendar | None = None) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    cal = cal or default_calendar()
    while not cal.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.date, n: int, cal: Calendar | None = None) -> dt.date:
    """The n-th working day after ``start`` (the start day itself is not counted); n=0 → next working day."""
    cal = cal or default_calendar()
    if n <= 0:
        return next_working_day(start, cal)
    day = start
    while n:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day ``months`` later; the last day of the month when that day does not exist (31 Jan → 28 Feb)."""
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Term:
    """A stated execution term: a date, or a count of working days, calendar days or months."""

    unit: str  # "date" | "working-days" | "days" | "months"
    value: int | dt.date


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    basis: str  # "date" | "term" | "urgency" | "default"
    detail: str  # e.g. "3 working days (very-urgent)"


def deadline_for(urgency: str | None, received_date: dt.date, stated_term: Term | None = None,
                 cal: Calendar | None = None, *, urgent_terms: dict[str, int] | None = None,
                 default_months: int = 1) -> Deadline:
    """The execution deadline of a document received on ``received_date``.

    A stated term wins; else the urgency mark (very urgent 3, urgent 10 working days); else one month from
    receipt (Turkestan п. 99 L503). A deadline on a non-working day moves to the next working day (L569).
    """
    cal = cal or default_calendar()
    terms = URGENT_TERMS if urgent_terms is None else urgent_terms  # a profile may define no marks at all
    if stated_term is not None:
        if stated_term.unit == "date":
            assert isinstance(stated_term.value, dt.date)
            return Deadline(next_working_day(stated_term.value, cal), "date", f"until {stated_term.value}")
        n = int(stated_term.value)  # type: ignore[arg-type]
        if stated_term.unit == "working-days":
            return Deadline(add_working_days(received_date, n, cal), "term", f"{n} working days")
        if stated_term.unit == "days":
            return Deadline(next_working_day(received_date + dt.timedelta(days=n), cal), "term",
                            f"{n} calendar days")
        return Deadline(next_working_day(add_months(received_date, n), cal), "term", f"{n} months")
    if urgency in terms:
        n = terms[urgency]
        return Deadline(add_working_days(received_date, n, cal), "urgency", f"{n} working days ({urgency})")
    return Deadline(next_working_day(add_months(received_date, default_months), cal), "default",
                    f"{default_months} month(s) from receipt")


__all__ = [
    "URGENT",
    "URGENT_TERMS",
    "VERY_URGENT",
    "Calendar",
    "Deadline",
    "Term",
    "add_months",
    "add_working_days",
    "deadline_for",
    "default_calendar",
    "is_working_day",
    "next_working_day",
]
