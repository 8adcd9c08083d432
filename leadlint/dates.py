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
