"""Partial ISO 8601 dates (2021, 2021-07, 2021-07-05), ranges, and how they read.

Dates are formatted with Babel's CLDR data ("5 Juli 2021" / "5 July 2021")
rather than month tables of our own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date, format_skeleton

from .languages import LOCALES  # both put the day first: "5 Juli 2021", "5 July 2021"

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def sort_key(self) -> tuple:
        """A year sorts before its months, a month before its days."""
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        return self.iso()


def parse(value) -> PartialDate:
    """Parse '2021', 2021, '2021-07' or '2021-07-05'. Raises ValueError."""
    text = str(value).strip()
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if not 1800 <= year <= 2100:
        raise ValueError(f"'{text}' has the year {year}; expected a year from 1800 to 2100")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}; expected 01 to 12")
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"'{text}' is not a day of the calendar") from None
    return PartialDate(year, month, day)


def is_date(value) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True




def display(date: PartialDate, lang: str) -> str:
    """'5 Juli 2021', 'Juli 2021', '2021' (and the English equivalents)."""
    if date.precision == "year":
        return str(date.year)
    if date.precision == "month":
        return format_skeleton("yMMMM", date.first_day(), locale=LOCALES[lang])
    return format_date(date.first_day(), format="long", locale=LOCALES[lang])


def display_range(start: PartialDate, end: PartialDate | None, lang: str, since: str = "") -> str:
    """'5–9 Juli 2021', 'Juli 2021 – Maret 2022', 'sejak 2015' (since: the word for an open range)."""
    if end is None:
        return f"{since} {display(start, lang)}".strip()
    if end == start:
        return display(start, lang)
    if start.precision == end.precision == "day" and (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{display(end, lang)}"
    if start.precision == end.precision == "year":
        return f"{start.year}–{end.year}"
    return f"{display(start, lang)} – {display(end, lang)}"
