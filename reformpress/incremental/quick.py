"""After case files were edited in place: read those, make again only the pages that show them.

A full build at 5,000 reports spends some twenty seconds reading, checking, relating and
planning everything even when one sentence changed.  So after every full build we keep an
:class:`EditIndex`: the metadata of every input file, the site's tables (the model without its
articles, which stay in the cache by their keys), and for every page and feed the keys of the
articles it was made from (:meth:`reformpress.model.Articles.reading` notes them as the page
is made).  The next build compares the input files with the index.  When the only
differences are case files edited in place, it reads and checks just those, renders their
Markdown and keeps the rest of the model as it was — which is right only if each edited
report keeps its *outline* (:class:`reformpress.model.Outline`: everything the site's tables,
image copies and sitemap are made from: key, series, number, date, regions, tags, pictures).
Then exactly the pages and feeds that read an edited report (or its card, if the edit changed
the card: a list shows the title, not the text) are made, rendered and written again; every
other page was made from the same inputs, so it stays as it is, byte for byte.

Anything else — a file added, removed or renamed, a template, site.yaml or a picture changed,
an outline changed, a problem in an edited file, a scheduled report falling due, the output
touched by hand, any doubt at all — and :func:`rebuild` answers ``None``: the full build runs
(and reports problems with file and line as always).  The full build is always right; this
only skips work that would give the same bytes (the tests compare with clean builds).

The index is kept in two parts (:func:`store_index`): the site's tables and what every page
read, which an edit of a report's text leaves as they are, and the rest (input metadata, the
articles' digests), which every edit changes.

Pages are written in place, each through a temporary file and a rename, after everything was
rendered.  The records of the previous build are dropped before the first write, so a build
interrupted while writing leaves whole files and makes the next build a full one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path

from .. import urls
from ..content.checks import check_case
from ..content.sources import read_case
from ..model import ALL, CARD, Article, Articles, Site, SiteConfig
from ..pages.feeds import feed_plan
from ..pages.render import environment
from ..pages.routes import make_page, planned
from ..publish.output import replace_files, write_failed
from ..site.assemble import BuildOptions, article_config, case_inputs, held_back
from ..text import slugs
from . import uptodate
from .articles import render_articles
from .cache import Cache
from .image_sizes import ImageSizes
from .kinds import EDITS_KIND, JINJA_FOLDER, SEARCH_FOLDER, TABLES_KIND, cache_folder
from .rendering import render_pages
from .shelf import Missing, Shelf
from .uptodate import BuildState, Inputs, OutputStamps

SEARCH_FILES = urls.SEARCH_BUNDLE + "/"
"""Where the search index's files are (not counted among the site's files)."""

RACY = "?"
"""An input's metadata in the index when it was too fresh to trust: it counts as edited next time."""


@dataclass(frozen=True)
class EditIndex:
    """What a build of one output folder was made from, for the next build to start from."""

    fingerprint: str
    """:func:`reformpress.incremental.uptodate.fingerprint` of the build (engine, libraries, options)."""
    environment_key: str
    """:func:`reformpress.incremental.rendering.environment_digest` of its templates and configuration."""
    inputs: dict[str, str]
    """:attr:`reformpress.incremental.uptodate.Inputs.entries`, with :data:`RACY` for those too fresh to trust."""
    cases: dict[str, str]
    """Case file (relative to the site root) → key of its article, for every published case."""
    site: Site
    """The model without its articles (:attr:`Site.digests` finds them in the cache)."""
    pages: tuple[tuple[str, frozenset[str]], ...]
    """Output path and the article keys read, of every page in :func:`reformpress.pages.routes.planned` order."""
    feeds: tuple[tuple[str, frozenset[str]], ...]
    """The same for :func:`reformpress.pages.feeds.feed_plan`."""
    due: str | None
    """As :attr:`reformpress.incremental.uptodate.BuildState.due` (whose ``files`` say what the output holds)."""


TABLES = ("site", "pages", "feeds")
"""The fields of an :class:`EditIndex` kept apart from the rest (see :func:`store_index`)."""


def store_index(cache: Cache, output: str, index: EditIndex, same_tables: str | None = None) -> None:
    """Keep ``index`` for the next build of ``output``.

    Its tables — the site's (several MB at 5,000 reports) and what every page and feed read —
    are kept apart from the rest, one set per output folder, marked with the build that made
    them; ``same_tables`` is the mark of tables already kept that are equal to ``index``'s. An
    edit of a report's text changes the report's digest and its file's metadata, not the
    tables, and so does not pickle and write them again.
    """
    mark = same_tables
    if mark is None:
        mark = str(cache.build_number())
        cache.put(TABLES_KIND, output, (mark, replace(index.site, digests={}), index.pages, index.feeds))
    rest = {field.name: getattr(index, field.name) for field in fields(EditIndex) if field.name not in TABLES}
    cache.put(EDITS_KIND, output, (mark, index.site.digests, rest))  # the digests change with every edit


def load_index(cache: Cache, output: str) -> tuple[EditIndex, str] | None:
    """The :class:`EditIndex` kept for ``output`` and the mark of its tables; ``None`` if there is none.

    Tables with another mark were kept by a later build that did not finish: no index then.
    """
    kept = cache.get(EDITS_KIND, output)
    if not isinstance(kept, tuple) or len(kept) != 3:
        return None
    mark, digests, rest = kept
    tables = cache.get(TABLES_KIND, output)
    if not isinstance(tables, tuple) or len(tables) != 4 or tables[0] != mark or not isinstance(tables[1], Site):
        return None
    if not isinstance(rest, dict) or set(rest) != {field.name for field in fields(EditIndex)} - set(TABLES):  # another version's
        return None
    _, site, pages, feeds = tables
    return EditIndex(**rest, site=replace(site, digests=digests), pages=pages, feeds=feeds), mark


def index_of(
    fingerprint: str,
    environment_key: str,
    inputs: Inputs,
    site: Site,
    pages: list[tuple[str, frozenset[str]]],
    feeds: list[tuple[str, frozenset[str]]],
    due: datetime | None,
    trusted: dict[str, str] | None = None,
) -> EditIndex:
    """The :class:`EditIndex` of a build that just published its output.

    ``trusted``: the inputs of an earlier index.  A file too fresh to trust now that still has
    the metadata recorded there when it was settled has not changed since (a change would show).
    """
    trusted = trusted or {}
    entries = {path: RACY if path in inputs.racy and trusted.get(path) != meta else meta for path, meta in inputs.entries.items()}
    cases = {site.outlines[key].path: key for key in site.newest}
    bare = replace(site, articles=Articles({}, site.articles.cards))
    return EditIndex(fingerprint, environment_key, entries, cases, bare, tuple(pages), tuple(feeds), due.isoformat() if due else None)


@dataclass(frozen=True)
class Rebuilt:
    """What :func:`rebuild` did."""

    pages: int
    articles: int
    files: int
    written: int
    kept: int
    rendered_pages: int
    rendered_articles: int


def rebuild(
    root: Path,
    output: Path,
    config: SiteConfig,
    cache: Cache,
    inputs: Inputs,
    fingerprint: str,
    options: BuildOptions,
    lap: Callable[[str], None],
    search: bool = False,
    shown: Callable[[], None] | None = None,
) -> Rebuilt | None:
    """Bring ``output`` up to date after case files were edited in place; ``None`` if a full build is needed.

    ``inputs`` were looked at before anything was read; ``lap(stage)`` marks the end of a stage.
    With ``search`` the search index is brought up to date once the pages are written (the
    shards holding an edited page are indexed again) and put in place of the old one;
    ``shown`` is called between the two, when the edited pages can already be read (``serve``
    reloads the editor's tab then, not seconds later).
    """
    output = output.resolve()
    loaded = load_index(cache, str(output))
    state = cache.get(uptodate.STATE_KIND, str(output))
    if loaded is None or not isinstance(state, BuildState):
        return None
    index, tables = loaded
    if index.fingerprint != fingerprint or state.fingerprint != fingerprint:
        return None
    if index.due is not None and options.now is not None and options.now >= datetime.fromisoformat(index.due):
        return None
    edited = _edited_cases(root, index, inputs)
    if edited is None or not uptodate.output_intact(output, state.files):
        return None
    if config != index.site.config:
        return None
    slugs.remember((tag.name, tag.slug) for tag in index.site.tags)
    fresh: dict[str, Article] = {}
    digests = dict(index.site.digests)
    cards = dict(index.site.articles.cards)
    sizes = ImageSizes(cache)
    narrowed = article_config(config)
    misses = cache.misses
    for path in edited:
        problems: list[object] = []
        case = read_case(root, root / path, problems)  # type: ignore[arg-type]
        if case is None or problems:
            return None
        series = next((s for s in index.site.series if s.path == case.folder), None)
        if series is None:
            return None
        checked, found = check_case(config, root, case, series.slug, sizes)
        if found or held_back(checked, options) is not None:
            return None  # the full build says what is wrong, with file and line
        made, keys = render_articles([case_inputs(narrowed, series, checked, root, sizes)], cache)
        article, key = made[0], index.cases[path]
        if keys[0] == digests[key]:
            continue  # saved again as it was (or only touched): every page stays
        if article.key != key or article.outline() != index.site.outlines[key]:
            return None  # the site's tables change: only the full build knows how
        fresh[key], digests[key], cards[key] = article, keys[0], article.card()
    rendered_articles = cache.misses - misses
    lap("load")
    if cache.file is None:  # the cache gave up meanwhile: nothing to fetch the other articles from
        return None
    changed = set(fresh) | {CARD + key for key in fresh if cards[key] != index.site.articles.cards[key]}
    redo = [i for i, (_, shows) in enumerate(index.pages) if ALL in shows or shows & changed]
    redo_feeds = [i for i, (_, shows) in enumerate(index.feeds) if ALL in shows or shows & changed]
    shelf = Shelf(digests, cache.file, fresh)
    site = replace(index.site, articles=Articles(shelf, cards), digests=digests)
    plan = planned(site)
    feed_makers = feed_plan(site)
    if len(plan) != len(index.pages) or len(feed_makers) != len(index.feeds) or any(plan[i].output != index.pages[i][0] for i in redo):
        return None
    try:
        shelf.fetch(key for key in set().union(*(index.pages[i][1] for i in redo), *(index.feeds[i][1] for i in redo_feeds)) if key in digests)
        pages = [make_page(site, plan[i].make) for i in redo]
        feeds = [site.articles.made(feed_makers[i]) for i in redo_feeds]
    except Missing:
        return None
    lap("plan")
    env = environment(root / "templates", config, cache_folder(root, JINJA_FOLDER))
    rendered = [(page.path, page.data) for page in render_pages(env, pages, environment_key=index.environment_key, known=digests)]
    rendered += [made for made, _ in feeds]
    lap("render")
    written, files = _write(output, cache, rendered, state.files)
    if shown is not None and written:
        shown()
    if search and written:
        lap("write")
        files = _index_search(output, files, root)
    new_pages = list(index.pages)
    for i, page in zip(redo, pages):
        new_pages[i] = (page.output, page.shows)
    new_feeds = list(index.feeds)
    for i, (_, shows) in zip(redo_feeds, feeds):
        new_feeds[i] = (new_feeds[i][0], shows)
    due = datetime.fromisoformat(index.due) if index.due else None
    bare = replace(index.site, articles=Articles({}, cards), digests=digests)
    same = not any(read.startswith(CARD) for read in changed) and new_pages == list(index.pages) and new_feeds == list(index.feeds)
    store_index(cache, str(output), index_of(fingerprint, index.environment_key, inputs, bare, new_pages, new_feeds, due, index.inputs), tables if same else None)
    cache.put(uptodate.STATE_KIND, str(output), BuildState(fingerprint, inputs.digest, index.due, config.timezone, files))
    lap("search" if search and written else "write")
    count = sum(1 for path in files.paths if not path.endswith("/") and not path.startswith(SEARCH_FILES)) - 1  # as the manifest counts (no marker)
    return Rebuilt(len(index.pages), len(digests), count, written, count - written, len(pages) + len(feeds), rendered_articles)


def _edited_cases(root: Path, index: EditIndex, inputs: Inputs) -> list[str] | None:
    """The case files edited since the index was made, or ``None`` if anything else changed."""
    if inputs.entries.keys() != index.inputs.keys():
        return None  # added, removed or renamed
    edited = []
    for path, meta in inputs.entries.items():
        before = index.inputs[path]
        if meta == before and before != RACY:  # recorded when settled: any change since would show
            continue
        if path in index.cases:
            edited.append(path)
        elif not os.path.isdir(root / path) or before == "missing" or meta == "missing":
            return None  # a template, site.yaml, a picture, a series file, a draft or scheduled case
    return edited


def _write(output: Path, cache: Cache, rendered: list[tuple[str, bytes | None]], files: OutputStamps) -> tuple[int, OutputStamps]:
    """Replace the files whose bytes changed; how many were written, and the output's new stamps.

    The previous build's records are dropped first, so a build killed while writing leaves the
    next one a full one; each file is replaced by a rename, so no reader sees half a page.  The
    output manifest is left as it is: a replaced file has a new inode, so its old entry no
    longer counts (:class:`reformpress.publish.output.PreviousOutput` checks) and the next full build
    compares that page afresh.
    """
    cache.put(EDITS_KIND, str(output), None)
    cache.put(uptodate.STATE_KIND, str(output), None)
    cache.checkpoint()
    touched = replace_files(output, [(path, data) for path, data in rendered if data is not None])
    return len(touched), uptodate.restamp(output, files, touched)


def _index_search(output: Path, files: OutputStamps, root: Path) -> OutputStamps:
    """Bring the search index in ``output/search-index`` up to date in place; the output's new stamps.

    Only the shards holding an edited page are indexed again and published; the others stay
    (:func:`reformpress.publish.search.index_site`, which switches the index by one rename).
    """
    from ..publish.search import index_site  # only builds with the index need it
    from .workers import default_jobs, shard_map

    bundle = output / urls.SEARCH_BUNDLE
    try:
        published = index_site(output, bundle, cache=cache_folder(root, SEARCH_FOLDER), parallel=shard_map(default_jobs()), listing=files.items())
    except OSError as error:
        raise write_failed(output, error) from error
    return uptodate.restamp_parts(output, files, urls.SEARCH_BUNDLE, published.added, published.removed)
