"""build(): the stages, one call each, read top to bottom."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .assemble import BuildOptions, assemble
from .config import load_config
from .feeds import feeds
from .output import check_output_folder, publish
from .problems import BuildFailed
from .render import environment, render_pages, static_files
from .routes import plan
from .search import index_site
from .sitemap import robots, sitemap
from .sources import read_sources
from .validate import validate
from .variants import image_variants


@dataclass
class BuildReport:
    """What a build did: counts and seconds per stage."""

    pages: int = 0
    files: int = 0
    articles: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


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


def site_now(timezone: str) -> datetime:
    """The present as a naive time in the site's time zone (to hold back scheduled items)."""
    return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None)


def build(request: BuildRequest) -> BuildReport:
    """Check everything, then render and publish the site; raise BuildFailed on any problem."""
    report = BuildReport()
    clock = _Clock(report)
    root = request.root
    output = request.output or root / "output"
    config = load_config(root / "site.yaml", request.base_url)
    if request.write:
        check_output_folder(output, root)
    sources, problems = read_sources(root)
    problems += validate(config, sources)
    if problems:
        raise BuildFailed(problems)  # nothing written yet
    clock.lap("load")
    options = BuildOptions(request.drafts, request.future, site_now(config.timezone))
    site = assemble(config, sources, options)  # pure from here …
    clock.lap("assemble")
    pages = plan(site)
    rendered = render_pages(environment(root / "templates", config), pages)
    for_machines = feeds(site) + [sitemap(site), robots(site)]
    clock.lap("render")
    if not request.write:  # check: everything the build finds, nothing written
        report.pages, report.articles = len(rendered), len(site.articles)
        return report
    resized = image_variants(site, root)  # smaller copies of figures, from .cache/images/ when unchanged
    clock.lap("images")
    copies = [(root / source, target) for source, target in site.images] + list(resized.copies) + static_files(root / "templates")

    def index_search(staging: Path) -> None:  # the last step, over the complete staging folder
        clock.lap("write")
        index_site(staging)

    finish = index_search if request.search else None
    report.files = publish(output, root, rendered + for_machines, copies, finish)  # … to here; the old output survives any failure
    clock.lap("search" if request.search else "write")
    report.pages, report.articles = len(rendered), len(site.articles)
    return report


class _Clock:
    """Records the seconds each stage took into a report."""

    def __init__(self, report: BuildReport):
        self.report = report
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.report.seconds[stage] = round(now - self.last, 3)
        self.last = now
