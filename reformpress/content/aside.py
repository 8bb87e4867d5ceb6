"""A case's file set aside while the build holds its record, and read again where its article is made.

The texts of the reports are most of what the build reads (≈ 11 KB of a checked case's
≈ 18 KB in memory), and the build process needs none of them, nor most of the front matter:
checking reads them in the load workers, and only the Markdown workers render them.  So a
build that writes keeps each checked case without them (:func:`set_aside`): its record
(number, date, key, regions, tags, pictures…) stays, what the file holds goes, and the worker
that renders the article reads the file again (:func:`brought_back`, ≈ 0.2 ms a report).
What the build process unpickles and frees again also leaves holes in its heap that are
never given back: a case set aside is 30 objects, not 110.

The file's hash, taken when it was first read (:attr:`~reformpress.content.sources.Document.digest`),
says whether it is still the file that was checked: if it was saved again meanwhile, the build
stops with :class:`CaseChanged` (the next build reads it afresh) rather than publish a text
nobody checked.  An article's cache key hashes the case set aside (:func:`set_aside` of a
whole case is its set-aside form), so a case keeps its key whether its file is held or not.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..problems import Problem
from .checked import CheckedCase, CheckedSeries
from .checks import case_values
from .sources import Document, read_case


class CaseChanged(Exception):
    """A case file set aside was changed, moved or deleted before its texts were read again."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path
        """The case file, relative to the site root."""


def series_set_aside(series: CheckedSeries) -> CheckedSeries:
    """``series`` with the texts of its cases set aside (in its cases, and in its source's list of case files)."""
    cases = tuple(map(set_aside, series.cases))
    return replace(series, source=replace(series.source, cases=tuple(case.source for case in cases)), cases=cases)


ACROSS_SERIES = ("tags",)
"""The front-matter keys a case set aside keeps, with their lines: what :func:`reformpress.content.checks.check_across_series` reads of every case."""


def set_aside(case: CheckedCase) -> CheckedCase:
    """``case`` without its file's contents: its texts, and its front matter but :data:`ACROSS_SERIES` (the checked record is kept)."""
    doc = case.source.doc
    if doc.aside:
        return case
    lines = {key: line for key, line in doc.lines.items() if key.split(".", 1)[0] in ACROSS_SERIES}
    values = {key: case.values[key] for key in ACROSS_SERIES if key in case.values}
    doc = Document(doc.path, {}, lines, "", doc.body_line, doc.digest, aside=True)
    return replace(case, source=replace(case.source, doc=doc), values=values)


def brought_back(case: CheckedCase, root: Path) -> CheckedCase:
    """``case`` whole again, its file read again under ``root``; :class:`CaseChanged` if the file is no longer the one checked."""
    if not case.source.doc.aside:
        return case
    problems: list[Problem] = []
    try:
        source = read_case(root, root / case.path, problems)
    except OSError as error:  # deleted or moved meanwhile
        raise CaseChanged(case.path) from error
    if source is None or source.doc.digest != case.source.doc.digest:
        raise CaseChanged(case.path)
    values, _ = case_values(source)  # what checking made of the same front matter
    return replace(case, source=source, values=values)
