"""The one place that turns a model object into its URL *and* its output path.

URLs here are site-relative paths without a leading slash (``reform/16-sixia/``,
``regions/gutian/page/2/``); :func:`output_path` maps each to the file that
serves it, :func:`absolute` to the public URL under base_url, and
:func:`relative` to a link from one page to another, which keeps every link
right under any sub-path and on any host.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote

from .model import Article, Footer, Region, Series, SiteConfig, Tag


def page_suffix(page: int) -> str:
    """``page/2/`` for the second page of a list; nothing for the first."""
    return "" if page <= 1 else f"page/{page}/"


def home_url(page: int = 1) -> str:
    """URL of the home page."""
    return page_suffix(page)


def series_url(series: Series | str, page: int = 1) -> str:
    """URL of a series page."""
    slug = series if isinstance(series, str) else series.slug
    return f"{slug}/{page_suffix(page)}"


def series_overview_url(series: Series | str) -> str:
    """URL of a series at a glance: key figures and charts (``<series>/overview/``)."""
    return series_url(series) + "overview/"


def series_print_url(series: Series | str) -> str:
    """URL of the whole series on one printable page (``<series>/print/``)."""
    return series_url(series) + "print/"


def article_url(article: Article | str) -> str:
    """URL of an article page (given the article or its key): ``<series>/<NN>-<slug>/``."""
    return (article if isinstance(article, str) else article.key) + "/"


def picture_url(article: Article | str, src: str) -> str:
    """URL of a picture a report shows (given the report or its key): ``<series>/images/a.jpg``.

    Pictures live in their series' folder, as in ``content/``, and are published once
    however many reports show them (readers' browsers fetch a shared one once, too).
    """
    key = article if isinstance(article, str) else article.key
    return series_picture_url(posixpath.dirname(key), src)


def series_picture_url(series: str, src: str) -> str:
    """URL of a picture of the series ``series`` (its slug), ``src`` as written in it: ``<series>/images/a.jpg``."""
    return posixpath.join(series, src)


ARTICLE_TO_PICTURES = "../"
"""How a report's page reaches its series' pictures: :func:`article_url` is one folder below the series."""


def region_url(region: Region | None = None, page: int = 1) -> str:
    """URL of one region's page, or of the index of regions."""
    return "regions/" if region is None else f"regions/{region.slug}/{page_suffix(page)}"


def tag_url(tag: Tag | None = None, page: int = 1) -> str:
    """URL of one tag's page, or of the index of tags."""
    return "tags/" if tag is None else f"tags/{tag.slug}/{page_suffix(page)}"


def archive_url(year: str | None = None, month: str | None = None, page: int = 1) -> str:
    """URL of the archive, a year of it or a month of it (``archive/2022/10/``)."""
    if year is None:
        return "archive/"
    if month is None:
        return f"archive/{year}/{page_suffix(page)}"
    return f"archive/{year}/{month}/{page_suffix(page)}"


def search_url() -> str:
    """URL of the search page."""
    return "search/"


SEARCH_BUNDLE = "search-index"
"""Folder of the search index (reformpress.publish.search)."""


def search_bundle_url(file: str = "") -> str:
    """URL of a file of the search index (``search-index/index.json``)."""
    return f"{SEARCH_BUNDLE}/{file}"


def feed_url(of: Series | Region | None = None) -> str:
    """URL of an Atom feed: the whole site's, a series' or a region's."""
    if of is None:
        return "feed.xml"
    if isinstance(of, Region):
        return f"regions/{of.slug}/feed.xml"
    return f"{of.slug}/feed.xml"


def sitemap_url() -> str:
    """URL of the sitemap for search engines."""
    return "sitemap.xml"


def robots_url() -> str:
    """URL of robots.txt (crawlers read it only at a host's root)."""
    return "robots.txt"


def output_path(url: str) -> str:
    """The file that serves ``url``: ``a/b/`` → ``a/b/index.html``; files map to themselves."""
    if url == "" or url.endswith("/"):
        return url + "index.html"
    return url


def absolute(config: SiteConfig, url: str) -> str:
    """The public URL of a site-relative ``url``."""
    return config.base_url + url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-relative).

    ``relative("reform/16-a/", "regions/gutian/")`` → ``../../regions/gutian/``.
    Every link of every page goes through here (some 30 a page), so clean URLs (no ``.``,
    ``..`` or empty segments: all that :mod:`reformpress.urls` makes) take a fast path over
    segments that each URL is split into once (a page's folder is asked for again and again,
    and so are the targets many pages link to); anything else is normalised by
    :func:`posixpath.relpath`.
    """
    folder = _folder_parts(from_url)
    target = _target_parts(to_url)
    if folder is None or target is None:
        return _relative_normalised(_folder(from_url), to_url)
    if not folder:  # from the site's root
        return to_url if target else "./"
    if target and folder[0] != target[0]:  # nothing in common: up to the site's root, then down (most links)
        return "../" * len(folder) + to_url
    common = 0
    for a, b in zip(folder, target):
        if a != b:
            break
        common += 1
    link = "/".join([".."] * (len(folder) - common) + list(target[common:])) or "."
    if to_url.endswith("/") or to_url == "":
        link = "./" if link == "." else link + "/"
    return link


def _folder(url: str) -> str:
    """The folder of the page at ``url``, with its slash: ``a/b/`` → ``a/b/``; ``a/x.html`` → ``a/``; ``x.html`` → ``""``."""
    if url.endswith("/") or url == "":
        return url
    return url.rsplit("/", 1)[0] + "/" if "/" in url else ""


_UNCLEAN = frozenset(("", ".", ".."))


@lru_cache(maxsize=1024)
def _folder_parts(from_url: str) -> tuple[str, ...] | None:
    """The segments of the folder of the page at ``from_url``; ``None`` if one is empty, ``.`` or ``..``."""
    parts = tuple(_folder(from_url).split("/")[:-1])
    return None if _UNCLEAN.intersection(parts) else parts


@lru_cache(maxsize=16384)
def _target_parts(to_url: str) -> tuple[str, ...] | None:
    """The segments of ``to_url`` (no trailing slash); ``None`` if one is empty, ``.`` or ``..``."""
    target = to_url.rstrip("/")
    parts = tuple(target.split("/")) if target else ()
    return None if _UNCLEAN.intersection(parts) or to_url.endswith("//") else parts


def collapsed(url: str) -> str:
    """``url`` with every ``name/../`` step taken out: ``../16-a/../images/a.jpg`` → ``../images/a.jpg``."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    steps: list[str] = []
    for step in url[:cut].split("/"):
        if step == ".." and steps and steps[-1] not in ("..", "", "."):
            steps.pop()
        else:
            steps.append(step)
    return "/".join(steps) + url[cut:]


def _relative_normalised(from_dir: str, to_url: str) -> str:
    """:func:`relative` for URLs with ``.``, ``..`` or empty segments."""
    target = to_url.rstrip("/") or "."
    link = posixpath.relpath(target, from_dir.rstrip("/") or ".")
    if to_url.endswith("/") or to_url == "":
        link = "./" if link == "." else link + "/"
    return link


def error_report_link(footer: Footer, page_address: str) -> str | None:
    """A report page's 「纠错」 link, or ``None`` unless site.yaml asks for one (``footer.error_report_per_article``) and gives the address.

    The link is ``footer.error_report_url`` as the supervising platform issued it; when its platform
    takes the page in a query parameter (``footer.error_report_page_param``), the page's address is
    added in it, URL-encoded.  Nothing is made up: no parameter is added that site.yaml did not name.
    """
    if not footer.error_report_per_article or not footer.error_report_url:
        return None
    if not footer.error_report_page_param:
        return footer.error_report_url
    base, hash_mark, fragment = footer.error_report_url.partition("#")
    joiner = "" if base.endswith(("?", "&")) else ("&" if "?" in base else "?")
    return f"{base}{joiner}{quote(footer.error_report_page_param, safe='')}={quote(page_address, safe='')}{hash_mark}{fragment}"
