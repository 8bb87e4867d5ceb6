"""build(): the stages, one call each, read top to bottom."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .content.config import load_config
from .content.image_files import ImageSizes
from .incremental import quick as edits
from .incremental import uptodate
from .incremental.cache import CACHE_DIR, Cache
from .incremental.load import load_content
from .incremental.memory import give_back_freed_memory
from .incremental.workers import default_jobs
from .model import CARD
from .pages.feeds import feed_plan
from .pages.render import environment, environment_digest, prepare_render_workers, render_site, static_files
from .pages.routes import planned
from .pages.sitemap import robots, sitemap
from .problems import BuildFailed
from .publish.output import OutputLock, PreviousOutput, Staging, check_output_folder
from .publish.picture_copies import image_variants, published_originals
from .publish.search import index_site, search_cache
from .site.assemble import BuildOptions, assemble, scheduled
from .text import dates

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called as Markdown and pages are rendered."""


@dataclass
class BuildReport:
    """What a build did: counts and seconds per stage."""

    pages: int = 0
    files: int = 0
    articles: int = 0
    written: int = 0
    """Files written anew (the rest were unchanged and kept)."""
    kept: int = 0
    rendered_pages: int = 0
    """Pages rendered by this build (the rest came unchanged from the previous output)."""
    rendered_articles: int = 0
    """Articles whose Markdown was rendered by this build (the rest came from the cache)."""
    seconds: dict[str, float] = field(default_factory=dict)
    quick: bool = False
    """Only case files were edited, and only the pages showing them were made again (:mod:`reformpress.incremental.quick`)."""
    scheduled: tuple[tuple[datetime, str], ...] = ()
    """Reports left out because they are dated later than now (date, path), soonest first; empty after a quick rebuild."""


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
    """Build the search index (Pagefind); off only for quick previews and tests of other stages."""
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
    if not request.write:
        return _build(request, progress)
    output = request.output or request.root / "output"
    check_output_folder(output, request.root)
    with OutputLock(output, waiting):
        return _build(request, progress, shown)


def _build(request: BuildRequest, progress: Progress | None, shown: Callable[[], None] | None = None) -> BuildReport:
    """:func:`build`, with the output folder's lock held (or nothing to write)."""
    report = BuildReport()
    clock = _Clock(report)
    root = request.root
    output = request.output or root / "output"
    jobs = request.jobs or default_jobs()
    config = load_config(root / "site.yaml", request.base_url)
    if request.write:
        check_output_folder(output, root)
    cache = Cache(root if request.cache else None)
    inputs = (request.inputs or uptodate.look(root)) if request.write and cache.enabled else None  # before anything is read
    prune = False
    try:
        options = BuildOptions(request.drafts, request.future, dates.site_now(config.timezone))
        state = uptodate.fingerprint(output, request.base_url, request.drafts, request.future, request.search) if inputs is not None else ""
        if inputs is not None:
            quick = edits.rebuild(root, output, config, cache, inputs, state, options, clock.lap, request.search, shown)
            if quick is not None:
                report.pages, report.articles, report.files, report.written, report.kept = quick.pages, quick.articles, quick.files, quick.written, quick.kept
                report.rendered_pages, report.rendered_articles = quick.rendered_pages, quick.rendered_articles
                report.quick = True
                return report
        sizes = ImageSizes(cache)
        sources, problems = load_content(root, config, sizes, jobs)
        if problems:
            raise BuildFailed(problems)  # nothing written yet
        clock.lap("load")
        if cache.enabled:  # the page workers will be fresh processes (render_site): their server starts while the Markdown is rendered
            prepare_render_workers(sum(len(series.cases) for series in sources.series), jobs)
        report.scheduled = tuple(scheduled(sources, options))
        due = report.scheduled[0][0] if report.scheduled else None
        before = cache.misses
        site = assemble(config, sources, options, sizes=sizes, cache=cache, jobs=jobs, progress=_stage(progress, "markdown"))  # pure from here …
        report.rendered_articles = cache.misses - before if cache.enabled else len(site.outlines)
        del sources  # the model holds all that is needed from here: let the source texts go (before the page workers fork)
        clock.lap("assemble")
        pages = planned(site)  # the workers make them: the build never holds every page's context
        templates = root / "templates"
        bytecode = root / CACHE_DIR / "jinja" if cache.enabled else None
        env = environment(templates, config, bytecode)
        previous = PreviousOutput(output, cache)
        environment_key = environment_digest(templates, config)
        rendered = render_site(env, site, pages, environment_key=environment_key, previous=previous, jobs=jobs, progress=_stage(progress, "pages"), fresh=(templates, bytecode))  # the page workers start now …
        # … and the feeds, the sitemap and the smaller copies of pictures are made while they do
        feeds = [site.articles.made(make) for make in feed_plan(site)]  # each with the keys it read
        feeds_read = [(path, read) for (path, _), read in feeds]
        for_machines = [made for made, _ in feeds] + [sitemap(site), robots(site)]
        del feeds
        clock.lap("plan")
        if not request.write:  # check: everything the build finds, nothing written
            report.rendered_pages = sum(1 for page in rendered if page.data is not None)
            clock.lap("render")
            report.pages, report.articles = len(pages), len(site.outlines)
            prune = True
            return report
        resized = image_variants(site, root)  # smaller copies of figures, from .cache/images/ when unchanged
        copies = published_originals(site.images, root) + list(resized.copies) + static_files(templates)  # originals without GPS or camera data
        paths = [page.output for page in pages] + [path for path, _ in for_machines] + [path for _, path in copies]
        clock.lap("images")
        shows: list[tuple[str, frozenset[str]]] = []  # what each page read, for edits.rebuild
        same = {read: read for key in site.outlines for read in (key, CARD + key)}  # one string per key read (they come back from the workers as copies)
        with Staging(output, root, paths, cache, previous) as staging:  # … to here; the old output survives any failure
            for path, data in for_machines:  # first, so that their bytes do not wait in memory while the pages are written
                staging.page(path, data)
            del for_machines
            give_back_freed_memory()  # what making the feeds and copies freed: the build stays this size while it writes the pages
            for page in rendered:  # written as the workers render them: the site is never all in memory
                staging.page(page.path, page.data, page.key)
                shows.append((page.path, frozenset(same.get(key, key) for key in page.shows)))
                report.rendered_pages += page.data is not None
            clock.lap("render")
            for source, path in copies:
                staging.copy(source, path)

            def index_search(folder: Path) -> None:  # the last step, over the complete staging folder
                clock.lap("write")
                index_site(folder, cache=search_cache(root) if cache.enabled else None, jobs=jobs)

            published = staging.commit(index_search if request.search else None)
        clock.lap("search" if request.search else "write")
        if inputs is not None:  # so that a rebuild knows at once what changed (uptodate.up_to_date, edits.rebuild)
            files = uptodate.output_stamps(output)
            uptodate.record(cache, output, state, inputs.digest, due, config.timezone, files)
            edits.store_index(cache, str(output.resolve()), edits.index_of(state, environment_key, inputs, site, shows, feeds_read, due))
        prune = True
    finally:
        cache.close(success=prune)
    report.pages, report.articles = len(pages), len(site.outlines)
    report.files, report.written, report.kept = published
    return report


def _stage(progress: Progress | None, stage: str) -> Callable[[int, int], None] | None:
    """``progress`` for one stage."""
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)


class _Clock:
    """Records the seconds each stage took into a report."""

    def __init__(self, report: BuildReport):
        self.report = report
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.report.seconds[stage] = round(now - self.last, 3)
        self.last = now
