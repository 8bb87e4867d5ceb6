"""The Jinja environment (autoescaped, strict) and page → bytes.

Templates see the page's context (:mod:`reformpress.pages.contexts`) plus ``site`` (the SiteConfig) and these
helpers: ``url(target)`` links to a site-relative URL from the current page,
``abs_url(target)`` gives the public URL, ``static(path)`` links to a theme
file with a content hash so browsers and CDNs never serve a stale copy,
``chart_svg(chart)`` draws an overview chart as inline SVG (``chart_svg(chart, narrow=true)`` for small screens),
``qr_svg(address)`` draws a QR code of an address as inline SVG, and
``figure_picture(article, figure)`` gives an article's figure as a
:class:`~reformpress.text.pictures.Picture` linked from the current page; the
``isodate`` filter gives a site-local time as RFC 3339 text with the site's time zone
(:func:`reformpress.text.dates.isoformat`).

A page is a pure function of its template set, the environment's inputs and
its context, so :func:`page_key` hashes exactly those; a page whose key is the
one its file in the previous output was written with is not rendered again
(see :class:`reformpress.publish.output.PreviousOutput`).  Whatever :func:`environment`
reads must be hashed by :func:`environment_digest`.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import jinja2
import markupsafe
from jinja2 import pass_context

from .. import urls
from ..incremental.cache import canonical_pickle, code_version, digest
from ..incremental.workers import parallel_imap, prepare_fresh, uses_workers
from ..model import Article, Card, Figure, Series, Site, SiteConfig
from ..problems import BuildFailed, Problem, problem
from ..site.overview import Chart
from ..text import pictures
from ..text.dates import isoformat
from .charts import chart_svg
from .qrcode import qr_svg
from .routes import Page, Planned, make_page
from .routes import planned as planned_pages

CONTENT_SECURITY_POLICY = "; ".join(  # noqa: FLY002 -- one directive a line, each with its reason
    (
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",  # our own files; Pagefind's search runs WebAssembly
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",  # Pagefind fetches its index files
        "worker-src 'self'",  # … in a web worker
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)
"""The policy every page declares: nothing runs or loads from elsewhere, no inline scripts or styles."""

STATIC_DIR = "static"
"""Theme files inside the templates folder, copied to ``output/static/``."""


def static_files(templates: Path) -> list[tuple[Path, str]]:
    """(file, output path) of every theme file, sorted."""
    folder = templates / STATIC_DIR
    if not folder.is_dir():
        return []
    return [(file, f"{STATIC_DIR}/{file.relative_to(folder).as_posix()}") for file in sorted(folder.rglob("*")) if file.is_file()]


def environment(templates: Path, config: SiteConfig, bytecode: Path | None = None) -> jinja2.Environment:
    """A Jinja environment over ``templates`` for one site.

    ``bytecode`` is a folder for Jinja's compiled templates (keyed by their source, so never stale).
    """
    if not templates.is_dir():
        raise BuildFailed([problem("templates-missing", templates.name, None, name=templates.name)])
    cache = None
    if bytecode is not None:
        try:
            bytecode.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(bytecode))
        except OSError:
            cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: templates do not change under it (else a stat of each template a page uses, per page)
    )
    versions = {out: hashlib.sha256(file.read_bytes()).hexdigest()[:10] for file, out in static_files(templates)}

    @pass_context
    def url(context: Any, target: str) -> str:
        if "://" in target or target.startswith(("mailto:", "tel:", "#")):
            return target
        if context.get("root_links"):
            return config.base_path + target
        return urls.relative(context["page_url"], target)

    @pass_context
    def static(context: Any, path: str) -> str:
        target = f"{STATIC_DIR}/{path}"
        version = versions.get(target)
        return url(context, target) + (f"?v={version}" if version else "")

    @pass_context
    def figure_picture(context: Any, article: Article, figure: Figure) -> pictures.Picture | None:
        found = pictures.picture(figure.src, figure.width, figure.height)
        return pictures.rebased(found, url(context, urls.picture_url(article, ""))) if found else None

    env.filters["isodate"] = partial(isoformat, timezone=config.timezone)
    env.globals.update(site=config, url=url, static=static, abs_url=lambda target: urls.absolute(config, target))
    env.globals["content_security_policy"] = CONTENT_SECURITY_POLICY
    env.globals["chart_svg"] = _chart_svg
    env.globals["figure_picture"] = figure_picture
    env.globals["qr_svg"] = lambda target: markupsafe.Markup(qr_svg(target))
    return env


def _chart_svg(chart: Chart, narrow: bool = False) -> markupsafe.Markup:
    """The template global ``chart_svg``: the chart as inline SVG (:mod:`reformpress.pages.charts` escapes every text in it);
    ``narrow=true`` draws it for small screens."""
    return markupsafe.Markup(chart_svg(chart, narrow))


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


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    """Render one page to UTF-8 bytes."""
    template = env.get_template(page.template)
    return template.render(page.context, page_url=page.url).encode("utf-8")


def _render_or_report(page: Page) -> bytes | Problem:
    """A page's bytes, or the problem its template has (worked out where the traceback is)."""
    assert _ENV is not None
    try:
        return render_page(_ENV, page)
    except jinja2.TemplateSyntaxError as error:
        name = f"templates/{error.name or page.template}"
        return problem("template-error", name, error.lineno, detail=error.message)
    except (jinja2.UndefinedError, jinja2.TemplateNotFound, TypeError) as error:
        name, line = template_location(error, page.template)
        return problem("template-error", name, line, detail=str(error))


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
    memo: dict[int, tuple[Any, str]] = {}
    keys = [page_key(environment_key, page, memo, known) if environment_key else None for page in pages]
    memo.clear()
    todo = [index for index, (page, key) in enumerate(zip(pages, keys)) if previous is None or not previous.reusable(page.output, key)]
    problems: dict[tuple[str, int | None, str], Problem] = {}
    _ENV = env
    try:
        results = parallel_imap(_render_or_report, [pages[index] for index in todo], jobs, min_items=MIN_PARALLEL_PAGES, progress=progress)
        following = iter(todo)
        due = next(following, None)
        for index, page in enumerate(pages):
            if index != due:
                yield RenderedPage(page.output, None, keys[index], page.shows)
                continue
            due = next(following, None)
            result = next(results)
            if isinstance(result, Problem):
                problems.setdefault((result.location.path, result.location.line, str(result.params)), result)
            elif not problems:
                yield RenderedPage(page.output, result, keys[index], page.shows)
    finally:
        _ENV = None
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
            if isinstance(result, Problem):
                problems.setdefault((result.location.path, result.location.line, str(result.params)), result)
            elif not problems:
                yield RenderedPage(item.output, result, key, shows)
    finally:
        _ENV, _SITE = None, None
        _DIGEST_MEMO.clear()
    if problems:
        raise BuildFailed(list(problems.values()))


def template_location(error: BaseException, default: str) -> tuple[str, int | None]:
    """The template file and line an exception was raised in, from its traceback."""
    traceback = error.__traceback__
    found: tuple[str, int | None] = (f"templates/{default}", None)
    while traceback is not None:
        frame = traceback.tb_frame
        filename = frame.f_code.co_filename
        if frame.f_globals.get("__jinja_template__") is not None or filename.endswith(".html"):
            template = frame.f_globals.get("__jinja_template__")
            line = template.get_corresponding_lineno(traceback.tb_lineno) if template else traceback.tb_lineno
            found = (f"templates/{Path(filename).name}", line)
        traceback = traceback.tb_next
    return found
