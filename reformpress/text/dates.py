"""Publication dates as editors write them: ``YYYY-MM-DD HH:MM`` in the site's time zone."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"
"""site.yaml's ``timezone`` when it says none."""

FIRST_YEAR = 1949
"""The earliest year a report can plausibly be dated (an earlier year is a typo)."""

_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_date(value: object) -> datetime | None:
    """A naive datetime from ``2022-10-26 15:47`` (seconds and time optional), else ``None``."""
    match = _DATE_RE.match(str(value).strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def site_now(timezone: str) -> datetime:
    """The present as a naive time in the site's time zone: the build's one clock (scheduled reports, new cases' dates, plausible years)."""
    return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None)


def last_year() -> int:
    """The latest plausible year: next year (a later one is a typo, or a way to hold a report back that ``draft: true`` says plainly)."""
    return site_now(DEFAULT_TIMEZONE).year + 1


def implausible_year(moment: datetime) -> tuple[str, str | None] | None:
    """``(year, guess)`` when ``moment``'s year is outside :data:`FIRST_YEAR` … :func:`last_year`, else ``None``.

    ``guess`` is the one plausible year a single changed digit or swapped neighbours make of an
    early year (``0202`` → ``2002``), the most recent if several do; none for a far-future year.
    """
    last = last_year()
    if FIRST_YEAR <= moment.year <= last:
        return None
    year = f"{moment.year:04d}"
    if moment.year > last:
        return year, None
    near: set[str] = set()
    for index in range(4):
        near.update(year[:index] + digit + year[index + 1 :] for digit in "0123456789")
        if index < 3:
            near.add(year[:index] + year[index + 1] + year[index] + year[index + 2 :])
    plausible = sorted(int(text) for text in near if FIRST_YEAR <= int(text) <= last)
    return year, (str(plausible[-1]) if plausible else None)


def isoformat(moment: datetime, timezone: str) -> str:
    """RFC 3339 text of a naive site-local time (``2022-10-26T15:47:00+08:00``), as feeds and sitemaps want."""
    return moment.replace(tzinfo=ZoneInfo(timezone)).isoformat()
