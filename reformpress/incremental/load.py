"""The build's first stage: read content/ and check it, the series side by side.

:func:`load_content` gives what :func:`reformpress.content.sources.read_sources` and then
:func:`reformpress.content.checks.validate` give, the same sources and problems, but reads and
checks each series in a worker process: 5,000 reports take ≈ 4 s to read and check on one
core, and the other core would wait.  What the workers worked out for each case file (its
checked front matter) comes back with it (:func:`reformpress.incremental.memo.adopt`),
so assembling the site does not work it out again; so do the image sizes they read.
Checks across series (:func:`reformpress.content.checks.check_across_series`) run once all are in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.checks import case_values, check_across_series, check_series
from ..content.image_files import ImageSizes, SizeReader, image_size
from ..content.sources import SeriesSource, Sources, read_series, series_folders
from ..model import SiteConfig
from ..problems import Problem
from ..text.slugs import load_dictionaries
from .memo import adopt, carried
from .workers import parallel_map, uses_workers

REMEMBERED = (case_values,)
"""What checking works out for a case and the build process needs again (its sections are needed only by the Markdown workers)."""


@dataclass(frozen=True)
class _Task:
    root: Path
    folder: Path
    content: Path
    """The content folder, links resolved."""
    config: SiteConfig
    sizes: SizeReader | None
    """How to read image sizes; ``None`` in a worker process (:func:`image_size`, each file once)."""


@dataclass(frozen=True)
class _Loaded:
    """One series, read and checked."""

    source: SeriesSource
    problems: list[Problem]
    remembered: list[list[dict[tuple[Any, ...], Any]]]
    """For each case, what each of :data:`REMEMBERED` worked out for it."""
    sizes: dict[Path, tuple[int, int] | str]
    """The image sizes read (worker processes only)."""


def load_content(root: Path, config: SiteConfig, sizes: ImageSizes, jobs: int = 1) -> tuple[Sources, list[Problem]]:
    """Every series under ``root/content`` and every problem with the content, over ``jobs`` processes.

    The result is the same whatever ``jobs`` is.
    """
    folders, problems = series_folders(root)
    content = (root / "content").resolve()
    parallel = uses_workers(len(folders), jobs)
    tasks = [_Task(root, folder, content, config, None if parallel else sizes) for folder in folders]
    if parallel:
        load_dictionaries()  # every case's address and tags are slugs
    series = []
    for loaded in parallel_map(_load_series, tasks, jobs):
        series.append(loaded.source)
        problems += loaded.problems
        for case, remembered in zip(loaded.source.cases, loaded.remembered):
            for function, known in zip(REMEMBERED, remembered):
                adopt(function, case, known)
        sizes.learn(loaded.sizes)
    sources = Sources(root, tuple(series))
    problems += check_across_series(sources)
    return sources, problems


def _load_series(task: _Task) -> _Loaded:
    """Read and check one series folder (in a worker process, or in this one)."""
    problems: list[Problem] = []
    source = read_series(task.root, task.folder, task.content, problems)
    read: dict[Path, tuple[int, int] | str] = {}

    def size(file: Path) -> tuple[int, int] | str:
        if file not in read:
            read[file] = image_size(file)
        return read[file]

    problems += check_series(task.config, task.root, source, task.sizes or size)
    remembered = [[carried(function, case) for function in REMEMBERED] for case in source.cases]
    return _Loaded(source, problems, remembered, read)
