"""build(): the stages, one call each, read top to bottom.

read and check → assemble → plan → render → write.  The stages are pure functions of what
they are given (:mod:`reformpress.content`, :mod:`reformpress.site`, :mod:`reformpress.pages`,
:mod:`reformpress.publish`); the :class:`~reformpress.incremental.shell.Shell` runs each one
fast — cache, worker processes, the quick rebuild after edits — and keeps what the next build
starts from.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .content.config import load_config
from .incremental import uptodate
from .incremental.shell import BuildReport, Progress, Shell, where_of
from .pages.routes import planned
from .publish.output import OutputLock, check_output_folder
from .site.assemble import BuildOptions
from .text import dates

__all__ = ["BuildReport", "BuildRequest", "Progress", "build"]


@dataclass(frozen=True)
class BuildRequest:
    """Where a build reads and writes, and what it includes."""

    root: Path
    output: Path | None = None
    """Defaults to ``root/output``."""
    base_url: str | None = None
    """Overrides site.yaml's base_url."""
    drafts: bool = False
    future: bool = False
    search: bool = True
    """Build the search index (publish/search.py); off only for quick previews and tests of other stages."""
    write: bool = True
    """``False`` checks and renders everything but writes nothing (``check``)."""
    jobs: int | None = None
    """Worker processes for Markdown and pages; ``None`` is the number of CPUs."""
    cache: bool = True
    """Use and fill ``root/.cache``; without it everything is rendered afresh."""
    inputs: uptodate.Inputs | None = None
    """The input files as :func:`reformpress.incremental.uptodate.look` saw them before anything was read (``None``: look now)."""


def build(request: BuildRequest, progress: Progress | None = None, waiting: Callable[[], None] | None = None, shown: Callable[[], None] | None = None) -> BuildReport:
    """Check everything, then render and publish the site; raise BuildFailed on any problem.

    The result is the same whatever the cache holds and whatever the number of jobs.  A build
    that writes holds its output folder's lock throughout (:class:`reformpress.publish.output.OutputLock`):
    a second build of the same folder waits for the first (``waiting`` is called once if it must).
    ``shown`` is called when an edit's pages are in place while the search index still follows
    (see :func:`reformpress.incremental.quick.rebuild`).
    """
    with _ONE_AT_A_TIME:
        if not request.write:
            return _build(request, progress)
        output = request.output or request.root / "output"
        check_output_folder(output, request.root)
        with OutputLock(output, waiting):
            return _build(request, progress, shown)


_ONE_AT_A_TIME = threading.RLock()
"""One build at a time in a process: the renderer and its workers keep the site being built in
module state (:mod:`reformpress.incremental.rendering`), so a second thread's build — the editing
desk checking a saved report while the preview rebuilds — waits for the first instead of sharing it."""


def _build(request: BuildRequest, progress: Progress | None, shown: Callable[[], None] | None = None) -> BuildReport:
    """:func:`build`, with the output folder's lock held (or nothing to write)."""
    root = request.root
    where = where_of(root, request.output, request.cache, request.jobs, request.search, request.write, (request.base_url, request.drafts, request.future))
    config = load_config(root / "site.yaml", request.base_url)
    if request.write:
        check_output_folder(where.output, root)
    options = BuildOptions(request.drafts, request.future, dates.site_now(config.timezone), review=config.review_required)
    with Shell(where, request.inputs, progress) as shell:
        if shell.edits_only(config, options, shown):  # only case files edited: their pages remade in place
            return shell.report
        content = shell.read_and_check(config)  # every problem at once; nothing written yet
        site = shell.assemble(config, content, options)
        kept = None if request.write else content  # check keeps what it read; a build lets the source texts go …
        del content  # … before the page workers fork: the model holds all that is needed from here
        pages = planned(site)  # the workers make them: the build never holds every page's context
        rendered = shell.render(site, pages)  # the page workers start now …
        for_machines = shell.for_machines(site)  # … and the feeds, the sitemap …
        if kept is not None:  # check: everything the build finds, nothing written
            return shell.checked(kept, site, pages, rendered)
        copies = shell.pictures(site)  # … and the pictures' copies are made while they do
        return shell.publish(site, pages, rendered, for_machines, copies)  # staged, indexed for search, swapped in whole
