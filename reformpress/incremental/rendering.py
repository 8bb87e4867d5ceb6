"""Pages rendered fast: their keys, the previous output's unchanged pages left as they are, and page workers.

The pure renderer is :mod:`reformpress.pages.render` (an environment, a page → bytes or a
problem).  A page is a pure function of its template set, the environment's inputs and its
context, so :func:`page_key` hashes exactly those; a page whose key is the one its file in the
previous output was written with is not rendered again (see
:class:`reformpress.publish.output.PreviousOutput`).  Whatever
:func:`reformpress.pages.render.environment` reads must be hashed by :func:`environment_digest`.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import jinja2

from ..model import Article, Card, Series, Site, SiteConfig
from ..pages.render import environment, render_or_problem
from ..pages.routes import Page, Planned, make_page
from ..pages.routes import planned as planned_pages
from ..problems import BuildFailed, Problem
from .cache import canonical_pickle, code_version, digest
from .workers import parallel_imap, prepare_fresh, uses_workers


def environment_digest(templates: Path, config: SiteConfig) -> str:
    """Hash of everything :func:`environment` and the templates read besides a page's context.

    That is every file under ``templates`` (names and bytes, theme files included), the site
    configuration and the engine's code version.
    """
    files = sorted(file for file in templates.rglob("*") if file.is_file()) if templates.is_dir() else []
    return digest(code_version(), config, *[part for file in files for part in (file.relative_to(templates).as_posix(), file.read_bytes())])


def _digest_of(text: str) -> str:
    """Stands for an article or series in a context's pickle (never called: the pickle is only hashed)."""
    return text


class _ContextPickler(pickle.Pickler):
    """Pickles a context with each article and series replaced by a digest.

    An article stands as the hash of what it was made from (``known``, :attr:`Site.digests
    <reformpress.model.Site.digests>`): every article a page shows comes from ``site.articles``,
    which holds exactly the article made from those inputs.  Any other article, and every card
    and series, is hashed as it is (so a list keeps its key when only a report's text changes),
    once per build (memo by identity) instead of once per page that shows it.
    ``reducer_override`` is consulted only for class instances (not for the strings and tuples
    inside them), which keeps the hook cheap.
    """

    def __init__(self, file: io.BytesIO, memo: dict[int, tuple[Any, str]], known: Mapping[str, str], **options: Any):
        super().__init__(file, **options)
        self.digests = memo
        self.known = known

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Article and obj.key in self.known:
            return (_digest_of, (self.known[obj.key],))
        if kind not in (Article, Card, Series):
            return NotImplemented
        known = self.digests.get(id(obj))
        if known is None:
            known = (obj, digest(obj))  # keep obj alive so its id is not reused within the build
            self.digests[id(obj)] = known
        return (_digest_of, (known[1],))


def page_key(environment_key: str, page: Page, memo: dict[int, tuple[Any, str]] | None = None, known: Mapping[str, str] | None = None) -> str | None:
    """The hash of everything ``page`` is rendered from, or ``None`` if its context cannot be pickled.

    ``known`` maps article keys to the hashes that stand for them (:attr:`Site.digests
    <reformpress.model.Site.digests>`); ``memo`` carries other digests from page to page.
    """
    digests = {} if memo is None else memo
    try:
        data = canonical_pickle((page.url, page.template, page.context), lambda file, **options: _ContextPickler(file, digests, known or {}, **options))  # type: ignore[arg-type]
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return None  # a context with a function, an open file or a cycle: render it every time
    return digest(environment_key, data)


class Reusable(Protocol):
    """Which pages the previous output already holds (:class:`reformpress.publish.output.PreviousOutput`)."""

    def reusable(self, path: str, key: str | None) -> bool: ...


class RenderedPage(NamedTuple):
    """A page ready to publish: its output path, its bytes (``None``: keep the previous file), key and what it shows."""

    path: str
    data: bytes | None
    key: str | None = None
    shows: frozenset[str] = frozenset()
    """Keys of the articles the page was made from."""


MIN_PARALLEL_PAGES = 300
"""Fewer pages to render than this are rendered in-process (starting workers costs more)."""

_ENV: jinja2.Environment | None = None
"""The environment of the render in progress (inherited by forked workers)."""


def _render_or_report(page: Page) -> bytes | Problem:
    """:func:`render_or_problem` with the environment of the render in progress (in a worker, or in this process)."""
    assert _ENV is not None
    return render_or_problem(_ENV, page)


def render_pages(
    env: jinja2.Environment,
    pages: list[Page],
    *,
    environment_key: str | None = None,
    previous: Reusable | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    known: Mapping[str, str] | None = None,
) -> Iterator[RenderedPage]:
    """Render every page, yielding them in order as they are done; template mistakes become problems reported together.

    With ``environment_key`` (from :func:`environment_digest`) each page gets its
    :func:`page_key`, and pages that ``previous`` holds under the same key are not rendered
    (their data is ``None``).  The rest are rendered over ``jobs`` worker processes.  Pages
    come out while the workers go on, so the caller can write each away instead of holding
    the whole site in memory; if any template failed, :class:`BuildFailed` is raised after
    the last page (the caller must not publish what it was given).

    ``known`` maps article keys to hashes that stand for those articles in page keys
    (:attr:`reformpress.model.Site.digests`); other articles are hashed as they are.
    """
    global _ENV
    problems: dict[tuple[str, int | None, str], Problem] = {}
    memo: dict[int, tuple[Any, str]] = {}
    keys = [page_key(environment_key, page, memo, known) if environment_key else None for page in pages]
    memo.clear()
    todo = [index for index, (page, key) in enumerate(zip(pages, keys)) if previous is None or not previous.reusable(page.output, key)]
    _ENV = env
    try:
        results = parallel_imap(_render_or_report, [pages[index] for index in todo], jobs, min_items=MIN_PARALLEL_PAGES, progress=progress)
        rendered = iter(todo)
        due = next(rendered, None)
        for index, page in enumerate(pages):
            result = None
            if index == due:
                due, result = next(rendered, None), next(results)
            kept = _kept(page.output, result, keys[index], page.shows, problems)
            if kept is not None:
                yield kept
    finally:
        _ENV = None
    _raise(problems)


def _kept(path: str, result: bytes | Problem | None, key: str | None, shows: frozenset[str], problems: dict[tuple[str, int | None, str], Problem]) -> RenderedPage | None:
    """The page (``None`` bytes: unchanged) unless a template mistake came first; a mistake is collected once, to be raised after the last page."""
    if isinstance(result, Problem):
        problems.setdefault((result.location.path, result.location.line, str(result.params)), result)
        return None
    return None if problems else RenderedPage(path, result, key, shows)


def _raise(problems: dict[tuple[str, int | None, str], Problem]) -> None:
    """Every template mistake collected while rendering, at once (the caller must not publish what it was given)."""
    if problems:
        raise BuildFailed(list(problems.values()))


_SITE: tuple[Site, list[Planned], str | None, Reusable | None] | None = None
"""What :func:`render_site`'s workers make and render (inherited by forked workers)."""

_DIGEST_MEMO: dict[int, tuple[Any, str]] = {}
"""Digests of the series and cards in page keys, per process (memo by identity, see :class:`_ContextPickler`)."""


def prepare_render_workers(articles: int, jobs: int) -> None:
    """Have the fresh page workers of a site of ``articles`` start at once when :func:`render_site` asks for them.

    Call it early (the build does, before rendering the Markdown): the server they are forked from
    starts meanwhile, with this module imported (:func:`reformpress.incremental.workers.prepare_fresh`).  A site
    too small for page workers starts nothing.
    """
    if uses_workers(articles, jobs, min_items=MIN_PARALLEL_PAGES, fresh=True):
        prepare_fresh(__name__)


def _start_render_worker(state: tuple[Path, Path | None, Site, str | None, Reusable | None]) -> None:
    """Set up a fresh page worker: the Jinja environment, the site and its plan."""
    global _ENV, _SITE
    templates, bytecode, site, environment_key, previous = state
    _ENV = environment(templates, site.config, bytecode)
    _SITE = (site, planned_pages(site), environment_key, previous)


def _make_and_render(index: int) -> tuple[bytes | Problem | None, str | None, frozenset[str]]:
    """Make page ``index`` of the plan; its bytes (``None``: the previous file is the same), key and what it shows."""
    assert _SITE is not None
    site, planned, environment_key, previous = _SITE
    page = make_page(site, planned[index].make)
    key = page_key(environment_key, page, _DIGEST_MEMO, site.digests) if environment_key else None
    if previous is not None and previous.reusable(page.output, key):
        return None, key, page.shows
    return _render_or_report(page), key, page.shows


def render_site(
    env: jinja2.Environment,
    site: Site,
    planned: list[Planned],
    *,
    environment_key: str | None = None,
    previous: Reusable | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    fresh: tuple[Path, Path | None] | None = None,
) -> Iterator[RenderedPage]:
    """Make and render every planned page, yielding them in order as they are done (as :func:`render_pages`).

    The workers make the pages themselves (:func:`reformpress.pages.routes.make_page`), reading the
    articles each shows from ``site.articles`` as they go, so no process ever holds the
    contexts of the whole site; each works out its pages' keys and leaves out those that
    ``previous`` holds under the same key (their data is ``None``).  With ``fresh`` (the
    templates folder and Jinja's bytecode folder of ``env``) and articles that are fetched
    rather than held (:attr:`Articles.in_memory <reformpress.model.Articles.in_memory>`), the
    workers are new processes that start from the site's tables alone
    (:func:`reformpress.incremental.workers.parallel_imap`), not forks of a build that read everything.
    The workers start before this returns, so the caller can make other things meanwhile.
    """
    global _ENV, _SITE
    _ENV, _SITE = env, (site, planned, environment_key, previous)
    start = (_start_render_worker, (*fresh, site, environment_key, previous)) if fresh is not None and not site.articles.in_memory else None
    results = parallel_imap(_make_and_render, range(len(planned)), jobs, min_items=MIN_PARALLEL_PAGES, progress=progress, fresh=start)
    return _in_order(planned, results)  # the workers have started: the caller may do other work before taking the pages


def _in_order(planned: list[Planned], results: Iterator[tuple[bytes | Problem | None, str | None, frozenset[str]]]) -> Iterator[RenderedPage]:
    """:func:`render_site`'s pages from its workers' results; template mistakes raised together after the last."""
    global _ENV, _SITE
    problems: dict[tuple[str, int | None, str], Problem] = {}
    try:
        for item, (result, key, shows) in zip(planned, results):
            kept = _kept(item.output, result, key, shows, problems)
            if kept is not None:
                yield kept
    finally:
        _ENV, _SITE = None, None
        _DIGEST_MEMO.clear()
    _raise(problems)
