"""Reporting periods: ISO week ``2026-W43``, month ``2026-10``, quarter ``2026-Q4``, custom ``A..B``.

A period is a half-open range of aware UTC datetimes ``[start, end)``; a custom range's end date is
inclusive when written (``2026-10-01..2026-10-15`` covers the 15th).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    kind: str  # week | month | quarter | custom
    label: str
    start: datetime  # inclusive
    end: datetime  # exclusive

    def shift(self, steps: int) -> Period:
        """The period ``steps`` periods later (negative: earlier), of the same kind and length."""
        if self.kind == "week":
            return week_period(self.start.date() + timedelta(weeks=steps))
        if self.kind == "month":
            year, month = _add_months(self.start.year, self.start.month, steps)
            return month_period(year, month)
        if self.kind == "quarter":
            year, month = _add_months(self.start.year, self.start.month, 3 * steps)
            return quarter_period(year, (month - 1) // 3 + 1)
        length = self.end - self.start
        return custom_period(
            (self.start + steps * length).date(), (self.end + steps * length - timedelta(days=1)).date()
        )

    def previous(self, count: int) -> list[Period]:
        """The ``count`` periods before this one, oldest first."""
        return [self.shift(-k) for k in range(count, 0, -1)]

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(days=1)).date()


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def week_period(day: date) -> Period:
    iso = day.isocalendar()
    monday = date.fromisocalendar(iso.year, iso.week, 1)
    start = _midnight(monday)
    return Period("week", f"{iso.year}-W{iso.week:02d}", start, start + timedelta(weeks=1))


def month_period(year: int, month: int) -> Period:
    next_year, next_month = _add_months(year, month, 1)
    return Period(
        "month",
        f"{year}-{month:02d}",
        datetime(year, month, 1, tzinfo=UTC),
        datetime(next_year, next_month, 1, tzinfo=UTC),
    )


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    next_year, next_month = _add_months(year, first, 3)
    return Period(
        "quarter",
        f"{year}-Q{quarter}",
        datetime(year, first, 1, tzinfo=UTC),
        datetime(next_year, next_month, 1, tzinfo=UTC),
    )


def custom_period(first_day: date, last_day: date) -> Period:
    if last_day < first_day:
        raise ValueError(f"custom period ends ({last_day}) before it starts ({first_day})")
    start = _midnight(first_day)
    end = _midnight(last_day + timedelta(days=1))
    return Period("custom", f"{first_day.isoformat()}..{last_day.isoformat()}", start, end)


def parse_period(text: str) -> Period:
    """``2026-W43``, ``2026-10``, ``2026-Q4`` or ``2026-10-01..2026-10-15``; ValueError otherwise."""
    text = text.strip()
    if m := _WEEK.match(text):
        year, week = int(m[1]), int(m[2])
        try:
            return week_period(date.fromisocalendar(year, week, 1))
        except ValueError:
            raise ValueError(f"no ISO week {week} in {year}") from None
    if m := _MONTH.match(text):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"bad month in period {text!r}")
        return month_period(int(m[1]), month)
    if m := _QUARTER.match(text):
        return quarter_period(int(m[1]), int(m[2]))
    if m := _CUSTOM.match(text):
        return custom_period(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
    raise ValueError(
        f"bad period {text!r}: use 2026-W43 (ISO week), 2026-10 (month), 2026-Q4 (quarter) "
        "or 2026-10-01..2026-10-15 (custom, end inclusive)"
    )
