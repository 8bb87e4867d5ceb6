"""Publication dates as editors write them: ``YYYY-MM-DD HH:MM`` in the site's time zone."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

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


def isoformat(moment: datetime, timezone: str) -> str:
    """RFC 3339 text of a naive site-local time (``2022-10-26T15:47:00+08:00``), as feeds and sitemaps want."""
    return moment.replace(tzinfo=ZoneInfo(timezone)).isoformat()
