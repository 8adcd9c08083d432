"""Dates as Jekyll reads them, for every rule that compares or checks one.

Jekyll accepts a YAML timestamp (``2025-01-02``, ``2025-01-02 10:00:00 +0900``,
``2025-01-02T01:56:41.465Z``) or a string Ruby's ``Time.parse`` understands; a post with
no ``date`` takes the date of its file name.  ``2025-13-45`` is no date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

_DATE_TIME = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$"
)


def parse_date(value) -> date | datetime | None:
    """A date or datetime (aware when a zone is given) from a front-matter value, or None."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = _DATE_TIME.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        day_value = date(int(year), int(month), int(day))
        if hour is None:
            return day_value
        micro = int((fraction or "0")[:6].ljust(6, "0"))
        moment = datetime.combine(day_value, time(int(hour), int(minute), int(second or 0), micro))
    except ValueError:
        return None
    if zone:
        moment = moment.replace(tzinfo=_zone(zone))
    return moment


def _zone(text: str) -> timezone:
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def as_utc(moment: date | datetime, site_zone: timezone | None = None) -> datetime:
    """A comparable instant: dates at midnight, naive times in the site's zone (else UTC)."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=site_zone or timezone.utc)
    return moment.astimezone(timezone.utc)


def same_day(a: date | datetime, b: date | datetime) -> bool:
    day = lambda d: d.date() if isinstance(d, datetime) else d  # noqa: E731
    return day(a) == day(b)


# -- Ruby's Time.parse, for the dates post names hold ---------------------------------------------

_YMD = re.compile(r"([0-9]+)-([0-9]+)-([0-9]+)\Z")


def ruby_date(text: str) -> tuple[int, int, int] | None:
    """``Time.parse("Y-M-D").localtime`` of Ruby 3.1 for a ``digits-digits-digits`` string, as
    (year, month, day); None where Ruby raises (``2020-13-45``).

    Date._parse reorders the parts by their lengths (a part over two digits is the year), a
    year of at most two digits is completed (``20`` is 2020, ``99`` 1999), and Time.local
    accepts a day up to 31 in any month, rolling over (``2020-02-30`` is March 1).
    """
    try:
        return _RUBY_DATES[text]
    except KeyError:
        pass
    match = _YMD.match(text)
    value = _ruby_date(*match.groups()) if match else None
    if len(_RUBY_DATES) < 100_000:
        _RUBY_DATES[text] = value
    return value


_RUBY_DATES: dict[str, tuple[int, int, int] | None] = {}


def _ruby_date(y: str, m: str, d: str) -> tuple[int, int, int] | None:
    if len(m) > 2:  # "us -> be"
        y, m, d = m, d, y
    if len(d) > 2:
        y, d = d, y
    year, month, day = int(y), int(m), int(d)
    if len(y) <= 2:
        year += 1900 if year >= 69 else 2000
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    length = days_in_month(year, month)
    if day > length:
        day -= length
        month += 1
        if month > 12:
            month, year = 1, year + 1
    return year, month, day


def days_in_month(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar, as Ruby counts them (year 0 too)."""
    if month == 2:
        return 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28
    return 30 if month in (4, 6, 9, 11) else 31
