"""What a page's ``<head>`` says about it: description, canonical URL, the government
web-page meta tags, Open Graph and schema.org JSON-LD.

The government tags follow the annex "政府网站网页元数据" of 《政府网站网页设计
规范》 (国办发〔2017〕47号):

* every page: ``SiteName``, ``SiteDomain`` and ``SiteIDCode`` (the last only
  when site.yaml's ``footer.site_id_code`` is set: it is never invented);
* column pages (series, region, tag, archive …): ``ColumnName``,
  ``ColumnDescription``, ``ColumnKeywords``, ``ColumnType``;
* articles: ``ColumnName``, ``ColumnDescription``, ``ColumnKeywords``,
  ``ColumnType``, ``ArticleTitle``, ``PubDate`` (``YYYY-MM-DD HH:MM``),
  ``ContentSource``, ``Keywords``, ``Author``, ``Description``, ``Image`` (the cover,
  else the first figure), ``Url``.

A value that is empty is left out rather than written empty.  HTML compares
meta names without regard to case, so an article's ``Description`` and
``Keywords`` are also its ordinary description and keywords (one tag each).

Everything here is computed from the model; templates only print it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import urls
from ..messages import label
from ..model import Article, Link, Series, Site
from ..text.dates import isoformat

if TYPE_CHECKING:
    from .contexts import PageContext

AUTHOR_SEPARATOR = "、"
"""Between several 推送单位 in ``Author``."""


@dataclass(frozen=True)
class Head:
    """Everything a page's ``<head>`` says about the page, ready to print."""

    description: str
    """Meta description: the article's summary (or first sentences of 引言), else the page's own."""
    description_name: str
    """``Description`` on articles (the government tag), ``description`` elsewhere: one tag serves both."""
    canonical: str | None
    """Absolute URL of the page, ``None`` for the 404 page (served at any address)."""
    meta: tuple[tuple[str, str], ...]
    """``<meta name content>`` pairs in print order: keywords, then the government tags (description apart)."""
    properties: tuple[tuple[str, str], ...]
    """``<meta property content>`` pairs: Open Graph and ``article:*``."""
    json_ld: tuple[str, ...]
    """JSON-LD documents, serialised so that they are safe inside ``<script>``."""
    robots: str = ""
    """``noindex`` for the 404 page and the printable series (it repeats the articles)."""


def page_head(site: Site, url: str, context: PageContext) -> Head:
    """The head of the page at site-relative ``url`` with this template ``context``."""
    config = site.config
    kind = context["kind"]
    article, series = shown_article(context), shown_series(context)
    if series is None and article is not None:
        series = site.series_named(article.series)
    absolute = urls.absolute(config, url)
    description = page_description(site, context)
    keywords = list(config.keywords)
    if article is not None:
        keywords = [tag.name for tag in article.tags] + [region.name for region in article.regions]

    meta: list[tuple[str, str]] = [("Keywords" if article is not None else "keywords", ",".join(keywords))]
    meta += [("SiteName", config.title), ("SiteDomain", config.domain), ("SiteIDCode", config.footer.site_id_code)]
    if kind not in ("home", "404"):
        column = series.column if series is not None else list_heading(context)
        column_description = (series.description if series is not None else "") or description
        meta += [
            ("ColumnName", column),
            ("ColumnDescription", column_description),
            ("ColumnKeywords", ",".join(config.keywords)),
            ("ColumnType", config.column_type),
        ]
    images = article_images(site, article) if article is not None else ()
    if article is not None:
        meta += [
            ("ArticleTitle", article.display_title),
            ("PubDate", article.pub_date),
            ("ContentSource", article.source),
            ("Author", article_author(article)),
            ("Image", images[0][0] if images else ""),
            ("Url", absolute),
        ]
    meta = [(name, value) for name, value in meta if value]

    title = context["title"] if kind != "home" else config.title
    properties = [
        ("og:type", "article" if article is not None else "website"),
        ("og:site_name", config.title),
        ("og:title", title),
        ("og:description", description),
        ("og:locale", config.language.replace("-", "_")),
    ]
    if kind != "404":
        properties.append(("og:url", absolute))
    if images:
        image, width, height = images[0]
        properties += [("og:image", image)] + ([("og:image:width", str(width)), ("og:image:height", str(height))] if width else [])
    json_ld: list[str] = []
    if article is not None and series is not None:
        when = isoformat(article.date, config.timezone)
        properties += [("article:published_time", when), ("article:section", series.column)]
        properties += [("article:tag", tag.name) for tag in article.tags]
        json_ld.append(script_json(news_article(site, article, series, absolute, description, [image for image, _, _ in images], when)))
    if kind not in ("home", "404", "print"):  # the print page repeats the articles: not for search engines
        crumbs = breadcrumb_list(site, context["crumbs"])
        if crumbs is not None:
            json_ld.append(script_json(crumbs))
    return Head(
        description=description,
        description_name="Description" if article is not None else "description",
        canonical=None if kind == "404" else absolute,
        meta=tuple(meta),
        properties=tuple((name, value) for name, value in properties if value),
        json_ld=tuple(json_ld),
        robots="noindex" if kind in ("404", "print") else "",
    )


def page_description(site: Site, context: PageContext) -> str:
    """The meta description of a page: what it holds, in a sentence or two."""
    config = site.config
    kind = context["kind"]
    article, series = shown_article(context), shown_series(context)
    if article is not None:
        return article.summary
    if series is not None:
        if kind == "overview":
            return label("overview-description", series=series.title)
        if kind == "print":
            return label("print-description", series=series.title)
        return series.description or series.title
    heading = list_heading(context)
    total = context.get("total")
    if kind == "region":
        return label("region-description", heading=heading, total=total)
    if kind == "tag":
        return label("tag-description", heading=heading, total=total)
    if kind.startswith("archive-"):
        return label("archive-description", heading=heading, total=total)
    return config.description


def shown_article(context: PageContext) -> Article | None:
    """The report a page is (``article``), if it is one."""
    found = context.get("article")
    return found if isinstance(found, Article) else None


def shown_series(context: PageContext) -> Series | None:
    """The series a page is of (``series``: a report's, a series' list, overview or print page), if any."""
    found = context.get("series")
    return found if isinstance(found, Series) else None


def list_heading(context: PageContext) -> str:
    """A list's name without its page number (``heading``), else the page's title."""
    found = context.get("heading", context["title"])
    return found if isinstance(found, str) else context["title"]


def article_author(article: Article) -> str:
    """``Author``: the 推送单位 who wrote the report, else its 来源."""
    return AUTHOR_SEPARATOR.join(article.units) or article.source


def article_images(site: Site, article: Article) -> tuple[tuple[str, int, int], ...]:
    """(absolute URL, width, height) of the article's pictures, cover first; 0 × 0 when the size is unknown."""
    sizes = {figure.src: (figure.width, figure.height) for figure in reversed(article.figures)}
    found: dict[str, tuple[int, int]] = {}
    if article.cover:
        found[article.cover] = sizes.get(article.cover, (0, 0))
    for figure in article.figures:
        found.setdefault(figure.src, sizes[figure.src])
    return tuple((urls.absolute(site.config, urls.picture_url(article, src)), w, h) for src, (w, h) in found.items())


def news_article(site: Site, article: Article, series: Series, url: str, description: str, images: list[str], when: str) -> dict[str, Any]:
    """schema.org ``NewsArticle`` of a report."""
    config = site.config
    authors = [{"@type": "Organization", "name": unit} for unit in article.units] or [{"@type": "Organization", "name": article.source}]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.display_title,
        "description": description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": when,
        "dateModified": when,
        "inLanguage": config.language,
        "author": authors,
        "publisher": {"@type": "Organization", "name": config.footer.host or config.title, "url": config.base_url},
        "articleSection": series.column,
        "keywords": [tag.name for tag in article.tags],
        "isPartOf": {"@type": "CreativeWorkSeries", "name": series.title, "url": urls.absolute(config, urls.series_url(series))},
        "position": article.number,
        "wordCount": article.text_length,
    }
    if article.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source}
    if article.editor:
        data["editor"] = {"@type": "Person", "name": article.editor}
    if images:
        data["image"] = images
    if article.regions:
        data["contentLocation"] = [{"@type": "Place", "name": region.name} for region in article.regions]
    return data


def breadcrumb_list(site: Site, crumbs: tuple[Link, ...]) -> dict[str, Any] | None:
    """schema.org ``BreadcrumbList`` of the linked steps of the page's breadcrumb (site.yaml's, then the page's)."""
    steps = [step for step in (*site.config.breadcrumb, *crumbs) if step.url is not None]
    if not steps:
        return None
    items = []
    for position, step in enumerate(steps, start=1):
        target = step.url or ""
        item = target if "://" in target else urls.absolute(site.config, target)
        items.append({"@type": "ListItem", "position": position, "name": step.title, "item": item})
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end its ``<script>`` element early (``<``, ``>`` and ``&`` escaped)."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
