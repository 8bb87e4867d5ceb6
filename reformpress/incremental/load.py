"""The build's first stages, read and check, the series side by side.

:func:`load_content` gives what :func:`reformpress.content.sources.read_sources` and then
:func:`reformpress.content.checks.check_content` give, the same checked content and problems,
but reads and checks each series in a worker process: 5,000 reports take ≈ 4 s to read and
check on one core, and the other core would wait.  Each series comes back checked (its
records hold what assembling the site needs), with the image sizes its worker read.
Checks across series (:func:`reformpress.content.checks.check_across_series`) run once all are in.
A build that writes has the cases come back without their texts (:mod:`reformpress.content.aside`):
the Markdown workers read them again, and the build process never holds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.aside import series_set_aside
from ..content.checked import CheckedSeries, Content
from ..content.checks import check_across_series, check_series
from ..content.image_files import SizeReader, image_size
from ..content.sources import read_series, series_folders
from ..model import SiteConfig
from ..problems import Problem
from ..text.slugs import load_dictionaries
from .image_sizes import ImageSizes
from .workers import parallel_map, uses_workers


@dataclass(frozen=True)
class _Task:
    root: Path
    folder: Path
    content: Path
    """The content folder, links resolved."""
    config: SiteConfig
    sizes: SizeReader | None
    """How to read image sizes; ``None`` in a worker process (:func:`image_size`, each file once)."""
    aside: bool
    """Set the cases' texts aside once they are checked."""


@dataclass(frozen=True)
class _Loaded:
    """One series, read and checked."""

    series: CheckedSeries
    problems: list[Problem]
    sizes: dict[Path, tuple[int, int] | str]
    """The image sizes read (worker processes only)."""


def load_content(root: Path, config: SiteConfig, sizes: ImageSizes, jobs: int = 1, aside: bool = False) -> tuple[Content, list[Problem]]:
    """Every series under ``root/content`` and every problem with the content, over ``jobs`` processes.

    With ``aside``, each case comes without its texts (:func:`reformpress.content.aside.set_aside`).
    The result is the same whatever ``jobs`` is.
    """
    folders, problems = series_folders(root)
    real = (root / "content").resolve()
    parallel = uses_workers(len(folders), jobs)
    tasks = [_Task(root, folder, real, config, None if parallel else sizes, aside) for folder in folders]
    if parallel:
        load_dictionaries()  # every case's address and tags are slugs
    series = []
    for loaded in parallel_map(_load_series, tasks, jobs):
        series.append(loaded.series)
        problems += loaded.problems
        sizes.learn(loaded.sizes)
    content = Content(root, tuple(series))
    problems += check_across_series(content)
    return content, problems


def _load_series(task: _Task) -> _Loaded:
    """Read and check one series folder (in a worker process, or in this one)."""
    problems: list[Problem] = []
    source = read_series(task.root, task.folder, task.content, problems)
    read: dict[Path, tuple[int, int] | str] = {}

    def size(file: Path) -> tuple[int, int] | str:
        if file not in read:
            read[file] = image_size(file)
        return read[file]

    checked, found = check_series(task.config, task.root, source, task.sizes or size)
    if task.aside:
        checked = series_set_aside(checked)
    return _Loaded(checked, problems + found, read)
