"""Publication dates as editors write them: ``YYYY-MM-DD HH:MM`` in the site's time zone.

A report's date is a naive :class:`~datetime.datetime` in the site's time zone from
:func:`parse_date` on, and it is turned into text in two places only:

* :func:`shown` for people: ``2022-10-26 15:47``, the form editors write.  Pages show it as
  :attr:`Article.pub_date <reformpress.model.Article.pub_date>` (its first ten characters
  where only the day is wanted) and the ``PubDate`` meta tag carries it;
* :func:`isoformat` for machines: RFC 3339 with the site's time zone
  (``2022-10-26T15:47:00+08:00``), which is the only place the time zone is applied: the
  templates' ``isodate`` filter (``<time datetime>``), ``article:published_time`` and the
  JSON-LD, the feeds and the sitemap all call it.
"""

from __future__ import annotations

import re
from datetime import datetime

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
    from zoneinfo import ZoneInfo  # here: the up-to-date check imports this module and seldom needs the clock

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


def shown(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM`` of a naive site-local time, as pages show a report's date (every list item shows one: isoformat is 3× faster than strftime)."""
    return moment.isoformat(" ", "minutes")


def isoformat(moment: datetime, timezone: str) -> str:
    """RFC 3339 text of a naive site-local time (``2022-10-26T15:47:00+08:00``), as ``<time datetime>``, feeds, sitemaps and JSON-LD want.

    The one place a site-local time is given the site's time zone.
    """
    from zoneinfo import ZoneInfo

    return moment.replace(tzinfo=ZoneInfo(timezone)).isoformat()
