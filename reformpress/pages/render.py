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
its context: nothing here caches or starts processes.  Page keys, the pages the
previous output already holds and the page workers are
:mod:`reformpress.incremental.rendering`'s (whatever :func:`environment` reads must be
hashed by its ``environment_digest``).
"""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2 import pass_context

from .. import urls
from ..model import Article, Figure, SiteConfig
from ..problems import BuildFailed, Problem, problem
from ..site.overview import Chart
from ..text import pictures
from ..text.dates import isoformat
from .charts import chart_svg
from .qrcode import qr_svg
from .routes import Page
from .stylesheets import minified_css

CONTENT_SECURITY_POLICY = "; ".join(  # noqa: FLY002 -- one directive a line, each with its reason
    (
        "default-src 'self'",
        "script-src 'self'",  # our own files only
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",  # search.js fetches the search index's files
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)
"""The policy every page declares: nothing runs or loads from elsewhere, no inline scripts or styles."""

STATIC_DIR = "static"
"""Theme files inside the templates folder, copied to ``output/static/``."""


def theme_files(templates: Path) -> list[tuple[Path, str]]:
    """(file, output path) of every theme file, sorted."""
    folder = templates / STATIC_DIR
    if not folder.is_dir():
        return []
    return [(file, f"{STATIC_DIR}/{file.relative_to(folder).as_posix()}") for file in sorted(folder.rglob("*")) if file.is_file()]


def static_files(templates: Path) -> list[tuple[Path, str]]:
    """(file, output path) of the theme files copied as they are: all but the style sheets (:func:`style_sheets`)."""
    return [(file, out) for file, out in theme_files(templates) if file.suffix != ".css"]


def style_sheets(templates: Path) -> list[tuple[str, bytes]]:
    """(output path, bytes) of the theme's style sheets as published: minified (:mod:`reformpress.pages.stylesheets`)."""
    return [(out, minified_css(file.read_text(encoding="utf-8")).encode("utf-8")) for file, out in theme_files(templates) if file.suffix == ".css"]


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
    published = [(out, file.read_bytes()) for file, out in static_files(templates)] + style_sheets(templates)
    versions = {out: hashlib.sha256(data).hexdigest()[:10] for out, data in published}  # of the bytes readers get: a new minifier, a new address

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
    env.globals["error_report_link"] = urls.error_report_link
    return env


def _chart_svg(chart: Chart, narrow: bool = False) -> markupsafe.Markup:
    """The template global ``chart_svg``: the chart as inline SVG (:mod:`reformpress.pages.charts` escapes every text in it);
    ``narrow=true`` draws it for small screens."""
    return markupsafe.Markup(chart_svg(chart, narrow))


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    """Render one page to UTF-8 bytes."""
    template = env.get_template(page.template)
    return template.render(page.context, page_url=page.url).encode("utf-8")


def render_or_problem(env: jinja2.Environment, page: Page) -> bytes | Problem:
    """A page's bytes, or the problem its template has (worked out where the traceback is)."""
    try:
        return render_page(env, page)
    except jinja2.TemplateSyntaxError as error:
        name = f"templates/{error.name or page.template}"
        return problem("template-error", name, error.lineno, detail=error.message)
    except (jinja2.UndefinedError, jinja2.TemplateNotFound, TypeError) as error:
        name, line = template_location(error, page.template)
        return problem("template-error", name, line, detail=str(error))


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
