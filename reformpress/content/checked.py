"""The content as checking leaves it: typed records that the later stages use as they are.

Checking (:mod:`reformpress.content.checks`) reads each value once and hands on what it
found — the date already a ``datetime``, regions already the site's :class:`Region`\\ s, the
URL key already worked out — so that assembling the site never parses a front matter again
(parse, don't check and re-read).  A record is made even for a file with problems, with
fallbacks in place of what is wrong: a build with problems stops before it uses any.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..model import Region, Tag
from .sources import CaseSource, SeriesSource


@dataclass(frozen=True, slots=True)
class CheckedCase:
    """One case file and its checked front matter."""

    source: CaseSource
    values: dict[str, Any]
    """The front matter as :func:`reformpress.content.schema.read_fields` checked it (``highlights`` checked one by one)."""
    number: int
    date: datetime
    """The publication date, naive in the site's time zone (1970-01-01 when it is missing or wrong)."""
    draft: bool
    slug: str
    key: str
    """``<series>/<NN>-<slug>``: the article's key and URL path."""
    regions: tuple[Region, ...]
    """The site's regions the case names, in its order, each once (unknown names are problems, left out)."""
    tags: tuple[Tag, ...]
    waiting: tuple[str, ...] = ()
    """The review stages (site.yaml ``review.stages``) not yet signed off, in order; empty when all are, or none are configured."""
    pictures: tuple[str, ...] = ()
    """The pictures the case's sections show (``src`` as written), each once, in order: their sizes are part of the article's inputs, read without its texts."""

    @property
    def path(self) -> str:
        """The case file, relative to the site root."""
        return self.source.doc.path


@dataclass(frozen=True)
class CheckedSeries:
    """A series folder and its checked ``_series.yaml``, with its cases."""

    source: SeriesSource
    values: dict[str, Any]
    cases: tuple[CheckedCase, ...]


@dataclass(frozen=True)
class Content:
    """Everything in content/, checked."""

    root: Path
    """The site root (the folder holding site.yaml)."""
    series: tuple[CheckedSeries, ...]
