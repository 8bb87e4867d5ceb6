"""The Jinja environment (autoescaped, strict) and page → bytes.

Templates see the page's context plus ``site`` (the SiteConfig) and these
helpers: ``url(target)`` links to a site-relative URL from the current page,
``abs_url(target)`` gives the public URL, ``static(path)`` links to a theme
file with a content hash so browsers and CDNs never serve a stale copy,
``chart_svg(chart)`` draws an overview chart as inline SVG,
``qr_svg(address)`` draws a QR code of an address as inline SVG, and
``figure_picture(article, figure)`` gives an article's figure as a
:class:`~reformpress.pictures.Picture` linked from the current page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
import markupsafe
from jinja2 import pass_context

from . import pictures, urls
from .charts import chart_svg
from .model import Article, Figure, SiteConfig
from .problems import BuildFailed, Problem, problem
from .routes import Page
from .share import qr_svg

STATIC_DIR = "static"
"""Theme files inside the templates folder, copied to ``output/static/``."""


def static_files(templates: Path) -> list[tuple[Path, str]]:
    """(file, output path) of every theme file, sorted."""
    folder = templates / STATIC_DIR
    if not folder.is_dir():
        return []
    return [(file, f"{STATIC_DIR}/{file.relative_to(folder).as_posix()}") for file in sorted(folder.rglob("*")) if file.is_file()]


def environment(templates: Path, config: SiteConfig) -> jinja2.Environment:
    """A Jinja environment over ``templates`` for one site."""
    if not templates.is_dir():
        raise BuildFailed([problem("templates-missing", templates.name, None, name=templates.name)])
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
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
        return pictures.rebased(found, url(context, urls.article_url(article))) if found else None

    zone = ZoneInfo(config.timezone)
    env.filters["isodate"] = lambda moment: moment.replace(tzinfo=zone).isoformat()
    env.globals.update(site=config, url=url, static=static, abs_url=lambda target: urls.absolute(config, target))
    env.globals["chart_svg"] = lambda chart: markupsafe.Markup(chart_svg(chart))
    env.globals["figure_picture"] = figure_picture
    env.globals["qr_svg"] = lambda target: markupsafe.Markup(qr_svg(target))
    return env


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    """Render one page to UTF-8 bytes."""
    template = env.get_template(page.template)
    return template.render(page.context, page_url=page.url).encode("utf-8")


def render_pages(env: jinja2.Environment, pages: list[Page]) -> list[tuple[str, bytes]]:
    """Render every page; template mistakes become problems reported together."""
    rendered: list[tuple[str, bytes]] = []
    problems: dict[tuple[str, int | None, str], Problem] = {}
    for page in pages:
        try:
            rendered.append((page.output, render_page(env, page)))
        except jinja2.TemplateSyntaxError as error:
            name = f"templates/{error.name or page.template}"
            problems.setdefault((name, error.lineno, error.message or ""), problem("template-error", name, error.lineno, detail=error.message))
        except (jinja2.UndefinedError, jinja2.TemplateNotFound, TypeError) as error:
            name, line = template_location(error, page.template)
            problems.setdefault((name, line, str(error)), problem("template-error", name, line, detail=str(error)))
    if problems:
        raise BuildFailed(list(problems.values()))
    return rendered


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
