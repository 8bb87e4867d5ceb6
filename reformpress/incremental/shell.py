"""The machinery one build runs its stages in: cache, workers, timings, memory and the records for the next build.

:func:`reformpress.pipeline.build` says what a build does, one call a stage; a :class:`Shell`
says how each is done fast: reading and checking over worker processes
(:mod:`.load`), articles from the cache (:mod:`.articles`), pages rendered by page workers
that skip pages whose inputs did not change (:func:`reformpress.incremental.rendering.render_site`),
the quick rebuild after edits (:mod:`.quick`), and after a build the records that let the
next one answer at once (:mod:`.uptodate`) or remake only what an edit touched.  Which cache
kinds there are, and what invalidates each, is listed in :mod:`.kinds`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Self

from ..content.aside import CaseChanged
from ..content.checked import Content
from ..content.config import SiteConfig
from ..model import CARD, Site
from ..pages.feeds import feed_plan
from ..pages.render import environment, static_files, style_sheets
from ..pages.routes import Planned
from ..pages.sitemap import robots, sitemap
from ..problems import BuildFailed, problem
from ..publish.output import PreviousOutput, Staging, vanished, vanished_file, write_failed
from ..publish.picture_copies import SourceChanged, image_variants, published_originals
from ..publish.search import index_site
from ..publish.spill import Spill
from ..site.assemble import BuildOptions, scheduled
from . import manifests, quick, uptodate
from .articles import assemble_site
from .cache import Cache
from .image_sizes import ImageSizes
from .kinds import JINJA_FOLDER, SEARCH_FOLDER, cache_folder
from .load import load_content
from .memory import give_back_freed_memory
from .rendering import RenderedPage, environment_digest, prepare_render_workers, render_site
from .workers import default_jobs, shard_map

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
    content: Content | None = None
    """A build that writes nothing (``check``): the checked content it read …"""
    site: Site | None = None
    """… and the site it assembled (its articles stay readable from the cache after the build)."""


@dataclass(frozen=True)
class Where:
    """Where a build reads and writes, and with how much machinery."""

    root: Path
    output: Path
    cache: bool
    jobs: int
    search: bool
    write: bool
    fingerprint: tuple[str | None, bool, bool]
    """What else makes two builds differ: base URL override, drafts, future (see :func:`uptodate.fingerprint`)."""


class Shell:
    """One build's machinery; a context manager that closes the cache (pruned of entries no recent build used, after a full build that got through)."""

    def __init__(self, where: Where, inputs: uptodate.Inputs | None, progress: Progress | None):
        self.where = where
        self.report = BuildReport()
        self.progress = progress
        self.cache = Cache(where.root if where.cache else None)
        self.inputs = (inputs or uptodate.look(where.root)) if where.write and self.cache.enabled else None  # before anything is read
        base_url, drafts, future = where.fingerprint
        self.state = uptodate.fingerprint(where.output, base_url, drafts, future, where.search) if self.inputs is not None else ""
        self.sizes = ImageSizes(self.cache)
        self.templates = where.root / "templates"
        self.bytecode = cache_folder(where.root, JINJA_FOLDER) if self.cache.enabled else None
        self.previous: PreviousOutput | None = None
        self.environment_key = ""
        self.feeds_read: list[tuple[str, frozenset[str]]] = []
        self.shows: list[tuple[str, frozenset[str]]] = []
        self.spill: Spill | None = None
        self.prune = False
        """Set by a full build that got through: the cache then drops what the last builds did not use (a quick rebuild uses few entries and prunes nothing)."""
        self._last = time.perf_counter()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.spill is not None:
            self.spill.close()
        self.cache.close(success=self.prune)

    def lap(self, stage: str) -> None:
        """The seconds since the last lap are ``stage``'s."""
        now = time.perf_counter()
        self.report.seconds[stage] = round(now - self._last, 3)
        self._last = now

    def edits_only(self, config: SiteConfig, options: BuildOptions, shown: Callable[[], None] | None) -> bool:
        """Whether only case files were edited and :func:`quick.rebuild` brought the output up to date."""
        if self.inputs is None:
            return False
        where = self.where
        made = quick.rebuild(where.root, where.output, config, self.cache, self.inputs, self.state, options, self.lap, where.search, shown)
        if made is None:
            return False
        report = self.report
        report.pages, report.articles, report.files, report.written, report.kept = made.pages, made.articles, made.files, made.written, made.kept
        report.rendered_pages, report.rendered_articles = made.rendered_pages, made.rendered_articles
        report.quick = True
        return True

    def read_and_check(self, config: SiteConfig) -> Content:
        """Every series read and checked over the workers; every problem raised at once, before anything is written.

        A build that writes keeps the cases without their texts (:mod:`reformpress.content.aside`); ``check`` keeps them for its own checks.
        """
        content, problems = load_content(self.where.root, config, self.sizes, self.where.jobs, aside=self.where.write)
        if problems:
            raise BuildFailed(problems)
        self.lap("load")
        if self.cache.enabled:  # the page workers will be fresh processes (render_site): their server starts while the Markdown is rendered
            prepare_render_workers(sum(len(series.cases) for series in content.series), self.where.jobs)
        return content

    def assemble(self, config: SiteConfig, content: Content, options: BuildOptions) -> Site:
        """The site model, its articles from the cache where they are (:func:`assemble_site`)."""
        self.report.scheduled = tuple(scheduled(content, options))
        before = self.cache.misses
        try:
            site = assemble_site(config, content, options, sizes=self.sizes, cache=self.cache, jobs=self.where.jobs, progress=self._stage("markdown"))
        except CaseChanged as changed:  # saved again after it was checked: its new text is checked by the next build
            raise BuildFailed([problem("input-vanished", changed.path, None, name=changed.path)]) from changed
        self.report.rendered_articles = self.cache.misses - before if self.cache.enabled else len(site.outlines)
        self.lap("assemble")
        return site

    def render(self, site: Site, pages: list[Planned]) -> Iterator[RenderedPage]:
        """The pages as the page workers render them (those unchanged since the output was written are not rendered again)."""
        self.previous = manifests.previous_output(self.cache, self.where.output)
        env = environment(self.templates, site.config, self.bytecode)
        self.environment_key = environment_digest(self.templates, site.config)
        fresh = (self.templates, self.bytecode)
        return render_site(env, site, pages, environment_key=self.environment_key, previous=self.previous, jobs=self.where.jobs, progress=self._stage("pages"), fresh=fresh)

    def for_machines(self, site: Site) -> Spill:
        """The feeds (each noting what it read, for the edit index), the sitemap, robots.txt and the theme's minified style sheets, kept on disk till they are written."""
        output = self.where.output
        try:
            spill = self.spill = Spill((output.parent if output.parent.is_dir() else None) if self.where.write else None)
            for make in feed_plan(site):
                (path, data), read = site.articles.made(make)
                self.feeds_read.append((path, read))
                spill.add(path, data)
            for path, data in [sitemap(site), robots(site), *style_sheets(self.templates)]:
                spill.add(path, data)
        except OSError as error:  # the disk beside the output is full
            raise write_failed(output, error) from error
        self.lap("plan")
        return spill

    def checked(self, content: Content, site: Site, pages: list[Planned], rendered: Iterator[RenderedPage]) -> BuildReport:
        """``check``'s end: every page rendered (template mistakes found), nothing written; the report holds what was read and assembled."""
        self.report.content, self.report.site = content, site
        self.report.rendered_pages = sum(1 for page in rendered if page.data is not None)
        self.lap("render")
        self.report.pages, self.report.articles = len(pages), len(site.outlines)
        self.prune = True
        return self.report

    def pictures(self, site: Site) -> list[tuple[Path, str]]:
        """(source, output path) of every file copied as it is: originals without personal data, smaller copies of figures, the theme."""
        try:
            resized = image_variants(site, self.where.root)  # from .cache/images/ when unchanged
            copies = published_originals(site.images, self.where.root) + list(resized.copies) + static_files(self.templates)
        except FileNotFoundError as error:  # a picture deleted or moved while the build ran
            raise (vanished(self.where.root, error) or error) from error
        except SourceChanged as error:  # … or saved again
            raise (vanished_file(self.where.root, error.source) or error) from error
        self.lap("images")
        return copies

    def publish(self, site: Site, pages: list[Planned], rendered: Iterator[RenderedPage], for_machines: Spill, copies: list[tuple[Path, str]]) -> BuildReport:
        """Write everything into a staging folder as it comes, index it for search, swap it in whole; then keep the records."""
        where, report = self.where, self.report
        paths = [page.output for page in pages] + for_machines.paths + [path for _, path in copies]
        same = {read: read for key in site.outlines for read in (key, CARD + key)}  # one string per key read (they come back from the workers as copies)
        spare = manifests.spare_entries(self.cache, where.output)
        with Staging(where.output, where.root, paths, self.previous, spare, keep_spare=self.cache.enabled) as staging:  # the old output survives any failure
            for path, data in for_machines:  # first: the pages come as the workers render them
                staging.page(path, data)
            for_machines.close()
            give_back_freed_memory()  # what making the feeds and copies freed: the build stays this size while it writes the pages
            for page in rendered:  # written as the workers render them: the site is never all in memory
                staging.page(page.path, page.data, page.key)
                self.shows.append((page.path, frozenset(same.get(key, key) for key in page.shows)))
                report.rendered_pages += page.data is not None
            self.lap("render")
            for source, path in copies:
                staging.copy(source, path, manifests.copy_key(source))
            published = staging.commit(self._index_search if where.search else None)
        manifests.keep(self.cache, where.output, published)
        self.lap("search" if where.search else "write")
        self._remember(site)
        report.pages, report.articles = len(pages), len(site.outlines)
        report.files, report.written, report.kept = published.files, published.written, published.kept
        self.prune = True
        return report

    def _index_search(self, folder: Path) -> None:
        """The search index, the last step, over the complete staging folder."""
        self.lap("write")
        index_site(folder, cache=cache_folder(self.where.root, SEARCH_FOLDER) if self.cache.enabled else None, parallel=shard_map(self.where.jobs))

    def _remember(self, site: Site) -> None:
        """What lets the next build know at once what changed (:func:`uptodate.up_to_date`, :func:`quick.rebuild`)."""
        if self.inputs is None:
            return
        output, due = self.where.output, self.report.scheduled[0][0] if self.report.scheduled else None
        files = uptodate.output_stamps(output)
        uptodate.record(self.cache, output, self.state, self.inputs.digest, due, site.config.timezone, files)
        index = quick.index_of(self.state, self.environment_key, self.inputs, site, self.shows, self.feeds_read, due)
        quick.store_index(self.cache, str(output.resolve()), index)

    def _stage(self, stage: str) -> Callable[[int, int], None] | None:
        """``progress`` for one stage."""
        progress = self.progress
        if progress is None:
            return None
        return lambda done, total: progress(stage, done, total)


def where_of(root: Path, output: Path | None, cache: bool, jobs: int | None, search: bool, write: bool, fingerprint: tuple[str | None, bool, bool]) -> Where:
    """A :class:`Where` with its defaults filled in (``root/output``, as many jobs as CPUs)."""
    return Where(root, output or root / "output", cache, jobs or default_jobs(), search, write, fingerprint)
