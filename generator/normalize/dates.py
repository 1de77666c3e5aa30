"""Dates as printed in assessments → ISO dates with a precision.

Handles 和暦 (令和7年8月5日, 令和元年, kanji numerals), Western dates (2027/1/4, 2025年1月),
month-only precision, ranges (AからBまで, A～B, 同年), weekday notes in parentheses and trailing
notes. Descriptive or placeholder dates (令和N年 月 日) parse to precision "none".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from generator.normalize.numerals import to_int

Precision = Literal["day", "month", "year", "none"]

ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
NUM = r"(?:\d+|[〇一二三四五六七八九十]+|元)"
WAREKI = re.compile(
    rf"(?P<era>明治|大正|昭和|平成|令和|同)\s*(?P<y>{NUM})?\s*年\s*(?:(?P<m>{NUM})\s*月\s*(?:(?P<d>{NUM})\s*日)?)?"
)
WESTERN = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?:[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<d>\d{1,2}))?"
    r"|年\s*(?:(?P<m2>\d{1,2})\s*月\s*(?:(?P<d2>\d{1,2})\s*日)?)?)"
)
RANGE_SEPARATOR = re.compile(r"から|[~〜～]|－|―")


class DateError(ValueError):
    """A date that names an impossible day (令和7年2月30日, 2025/13/1)."""


@dataclass(frozen=True)
class ParsedDate:
    start: dt.date | None
    end: dt.date | None
    precision: Precision


@dataclass(frozen=True)
class _Point:
    year: int
    month: int | None
    day: int | None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self) -> dt.date:
        return _make_date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return _make_date(self.year, self.month or 1, self.day)
        if self.month is not None:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise DateError(f"{year}年{month}月{day}日は存在しない日付です") from err


def _parse_point(text: str, previous_year: int | None) -> _Point | None:
    wareki = WAREKI.search(text)
    western = WESTERN.search(text)
    if wareki and (not western or wareki.start() <= western.start()):
        return _wareki_point(wareki, previous_year)
    if western:
        month = western.group("m") or western.group("m2")
        day = western.group("d") or western.group("d2")
        return _point(int(western.group("y")), month, day)
    return None


def _wareki_point(match: re.Match[str], previous_year: int | None) -> _Point | None:
    era, year = match.group("era"), match.group("y")
    if era == "同":
        if previous_year is None:
            return None
        western_year = previous_year
    elif year is None:
        return None
    else:
        western_year = ERAS[era] + to_int(year)
    return _point(western_year, match.group("m"), match.group("d"))


def _point(year: int, month: str | None, day: str | None) -> _Point:
    m = to_int(month) if month else None
    d = to_int(day) if day else None
    if m is not None and not 1 <= m <= 12:
        raise DateError(f"{m}月は存在しない月です")
    point = _Point(year, m, d)
    point.first_day()  # raises DateError for 2月30日
    return point


def parse_date(raw: str) -> ParsedDate:
    """Parse a printed date or date range. Raises DateError for impossible dates."""
    text = unicodedata.normalize("NFKC", raw).strip()
    text = re.sub(r"\([^)]*曜日?\)", "", text)
    parts = RANGE_SEPARATOR.split(text, maxsplit=1)
    start = _parse_point(parts[0], None)
    if start is None:
        return ParsedDate(None, None, "none")
    end = _parse_point(parts[1], start.year) if len(parts) == 2 else None
    if end is None:
        return ParsedDate(
            start.first_day(), start.last_day() if start.day is None else None, start.precision
        )
    return ParsedDate(start.first_day(), end.last_day(), min_precision(start, end))


def min_precision(a: _Point, b: _Point) -> Precision:
    order: list[Precision] = ["year", "month", "day"]
    return order[min(order.index(a.precision), order.index(b.precision))]
