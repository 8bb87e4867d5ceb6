"""plan(site) → every output page as data: its URL, its template and what the template sees.

Nothing here renders or writes.  Every context holds only what its page
shows, so a page's size stays bounded as the site grows (lists are
paginated; article pages carry their neighbours and related items, not the
whole site).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from .. import urls
from ..model import Link, Series, Site
from ..site.overview import series_overview
from .headmeta import page_head
from .printing import printed_article


@dataclass(frozen=True)
class Pager:
    """Where a list page stands among its pages."""

    page: int
    pages: int
    first_url: str
    """URL of page 1; page N is ``first_url + page/N/``."""

    def url(self, page: int) -> str:
        """URL of another page of the same list."""
        return self.first_url + urls.page_suffix(page)

    @property
    def numbers(self) -> tuple[int | None, ...]:
        """Page numbers to link: the first, the last and two either side of this one; ``None`` marks a gap.

        Bounded whatever the number of pages, so a list page does not grow with the site.
        """
        shown = sorted({1, self.pages, *range(max(1, self.page - 2), min(self.pages, self.page + 2) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:  # type: ignore[operator]
                numbers.append(None)
            numbers.append(number)
        return tuple(numbers)

    @property
    def prev_url(self) -> str | None:
        return self.url(self.page - 1) if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.page + 1) if self.page < self.pages else None


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, with which template, seeing which values."""

    url: str
    template: str
    context: dict[str, Any]
    shows: frozenset[str] = field(default=frozenset(), compare=False)
    """Keys of the articles the page was made from (:meth:`reformpress.model.Articles.reading`)."""

    @property
    def output(self) -> str:
        """Path of the file inside the output folder."""
        return urls.output_path(self.url)


Maker = Callable[[], Page]
"""Makes one page of the plan (its context is worked out only when it is called)."""


class Planned(NamedTuple):
    """One page of the plan: its URL, known at once, and how to make it."""

    url: str
    make: Maker

    @property
    def output(self) -> str:
        """Path of its file inside the output folder."""
        return urls.output_path(self.url)


def plan(site: Site) -> list[Page]:
    """Every page of the site, in a stable order, each with the keys of the articles it shows."""
    return [make_page(site, item.make) for item in planned(site)]


def make_page(site: Site, make: Maker) -> Page:
    """One page of :func:`planned`, finished (finding aids, head) and with what it was made from."""
    page, shows = site.articles.made(lambda: with_head(site, with_finding_aids(site, make())))
    return Page(page.url, page.template, page.context, shows)


def planned(site: Site) -> list[Planned]:
    """Every page of the site, in :func:`plan`'s order: its URL and how to make it.

    Working out this list reads no article (only the site's tables): the build hands the
    pages to its workers to make and render, and after an edit that leaves the tables as
    they were the same list is had cheaply and any one page made again.
    """
    pages = [Planned(urls.home_url(), partial(home_page, site))]
    for series in site.series:
        keys = site.by_series[series.slug]
        crumbs: tuple[Link, ...] = (Link(series.title, urls.series_url(series)),)
        glance = {"overview_url": urls.series_overview_url(series), "print_url": urls.series_print_url(series)}
        pages += list_pages(site, urls.series_url(series), "series.html", keys, series.title, crumbs, "series", series=series, **glance)
        pages += [Planned(urls.article_url(key), partial(article_page, site, key)) for key in keys]
        pages.append(Planned(urls.series_overview_url(series), partial(overview_page, site, series)))
        pages.append(Planned(urls.series_print_url(series), partial(print_page, site, series)))
    pages.append(Planned(urls.region_url(), partial(terms_page, site, "regions")))
    for region in site.config.regions:
        crumbs = (Link("地区", urls.region_url()), Link(region.name, urls.region_url(region)))
        pages += list_pages(site, urls.region_url(region), "list.html", site.by_region.get(region.slug, ()), region.name, crumbs, kind="region", region=region)
    pages.append(Planned(urls.tag_url(), partial(terms_page, site, "tags")))
    for tag in site.tags:
        crumbs = (Link("专题标签", urls.tag_url()), Link(tag.name, urls.tag_url(tag)))
        pages += list_pages(site, urls.tag_url(tag), "list.html", site.by_tag[tag.slug], tag.name, crumbs, kind="tag")
    pages += archive_pages(site)
    pages.append(Planned(urls.search_url(), search_page))
    pages.append(Planned(NOT_FOUND, not_found_page))
    return pages


def with_finding_aids(site: Site, page: Page) -> Page:
    """The page with what every page shows to help readers find things.

    ``search_url`` (the header search box's target) and ``feeds``: the Atom
    feeds it announces, the site's, then its series' or region's.
    """
    feeds = [Link(f"{site.config.title} 全部稿件", urls.feed_url())]
    series = page.context.get("series")
    region = page.context.get("region")
    if series is not None:
        feeds.append(Link(series.title, urls.feed_url(series)))
    elif region is not None:
        feeds.append(Link(f"{region.name} 稿件", urls.feed_url(region)))
    return Page(page.url, page.template, {**page.context, "feeds": tuple(feeds), "search_url": urls.search_url()})


def with_head(site: Site, page: Page) -> Page:
    """The page with ``head`` in its context: description, canonical URL, meta tags and JSON-LD."""
    return Page(page.url, page.template, {**page.context, "head": page_head(site, page.url, page.context)})


def home_page(site: Site) -> Page:
    """The column's front page: introduction, latest reports, series and regions."""
    latest = tuple(site.articles[key] for key in site.newest[: site.config.per_page])  # the lead shows its picture and source
    series = tuple((s, len(site.by_series[s.slug])) for s in site.series)
    regions = tuple((r, len(site.by_region.get(r.slug, ()))) for r in site.config.regions)
    return Page(urls.home_url(), "home.html", {"kind": "home", "title": site.config.title, "crumbs": (), "latest": latest, "series_list": series, "regions": regions, "total": len(site.articles)})


def article_page(site: Site, key: str) -> Page:
    """One report with its series, neighbours and related reports."""
    article = site.articles[key]
    series = site.series_named(article.series)
    previous, following = site.neighbours[article.key]
    return Page(
        urls.article_url(article),
        "article.html",
        {
            "kind": "article",
            "title": article.display_title,
            "crumbs": (Link(series.title, urls.series_url(series)),),
            "article": article,
            "series": series,
            "prev": site.articles.card(previous) if previous else None,
            "next": site.articles.card(following) if following else None,
            "related": tuple(site.articles.card(key) for key in site.related[article.key]),
            "own_note": article.editor_note_html != series.editor_note_html,  # else the series' note, on every report: not indexed
        },
    )


def overview_page(site: Site, series: Series) -> Page:
    """A series at a glance: its reports' key figures as cards and its charts."""
    url = urls.series_overview_url(series)
    crumbs = (Link(series.title, urls.series_url(series)), Link("一览", url))
    context = {"kind": "overview", "title": f"{series.title}一览", "crumbs": crumbs, "series": series, "overview": series_overview(site, series), "series_url": urls.series_url(series), "print_url": urls.series_print_url(series)}
    return Page(url, "overview.html", context)


def print_page(site: Site, series: Series) -> Page:
    """The whole series on one page, in series order with a table of contents, for printing and PDF."""
    url = urls.series_print_url(series)
    reports = tuple(printed_article(site.articles[key], url, series.editor_note_html) for key in site.by_series[series.slug])
    crumbs = (Link(series.title, urls.series_url(series)), Link("打印版", url))
    return Page(url, "print.html", {"kind": "print", "title": f"{series.title}（打印版）", "crumbs": crumbs, "series": series, "reports": reports})


def list_pages(site: Site, first_url: str, template: str, keys: tuple[str, ...], title: str, crumbs: tuple[Link, ...], kind: str, **extra: Any) -> list[Planned]:
    """A paginated list of the articles ``keys``: page 1 at ``first_url``, page N at ``first_url/page/N/``."""
    count = max(1, -(-len(keys) // site.config.per_page))
    pagers = [Pager(number, count, first_url) for number in range(1, count + 1)]
    return [Planned(pager.url(pager.page), partial(list_page, site, pager, template, keys, title, crumbs, kind, extra)) for pager in pagers]


def list_page(site: Site, pager: Pager, template: str, keys: tuple[str, ...], title: str, crumbs: tuple[Link, ...], kind: str, extra: dict[str, Any]) -> Page:
    """Page ``pager.page`` of a list."""
    size = site.config.per_page
    heading = title if pager.page == 1 else f"{title}（第 {pager.page} 页）"
    window = tuple(site.articles.card(key) for key in keys[(pager.page - 1) * size : pager.page * size])
    context = {"kind": kind, "title": heading, "heading": title, "crumbs": crumbs, "items": window, "pager": pager, "total": len(keys), **extra}
    return Page(pager.url(pager.page), template, context)


def search_page() -> Page:
    """The search page: a form that templates/static/search.js runs over the Pagefind index (see search.py)."""
    context = {"kind": "search", "title": "搜索", "crumbs": (Link("搜索", urls.search_url()),), "bundle": urls.search_bundle_url()}
    return Page(urls.search_url(), "search.html", context)


NOT_FOUND = "404.html"
"""URL of the page a server shows for an unknown URL."""


def not_found_page() -> Page:
    """The page a server shows for an unknown URL."""
    return Page(NOT_FOUND, "404.html", {"kind": "404", "title": "页面未找到", "crumbs": (), "root_links": True})


def terms_page(site: Site, which: str) -> Page:
    """The index of all regions or of all tags, with their counts."""
    if which == "regions":
        entries = tuple((r.name, urls.region_url(r), len(site.by_region.get(r.slug, ()))) for r in site.config.regions)
        title, url = "地区", urls.region_url()
    else:
        entries = tuple((t.name, urls.tag_url(t), len(site.by_tag[t.slug])) for t in site.tags)
        title, url = "专题标签", urls.tag_url()
    return Page(url, "terms.html", {"kind": which, "title": title, "crumbs": (Link(title, url),), "entries": entries})


def archive_pages(site: Site) -> list[Planned]:
    """The archive index by year and month, and a paginated list per year and per month."""
    years: dict[str, list[tuple[str, int]]] = {}
    for month, keys in site.by_month.items():
        years.setdefault(month[:4], []).append((month[5:], len(keys)))
    index_crumbs = (Link("归档", urls.archive_url()),)
    index = Page(urls.archive_url(), "archive.html", {"kind": "archive", "title": "归档", "crumbs": index_crumbs, "years": tuple((y, tuple(m)) for y, m in years.items())})
    made: list[Planned] = [Planned(index.url, partial(_given, index))]
    for year, months in years.items():
        in_year = tuple(key for month, _ in months for key in site.by_month[f"{year}-{month}"])
        crumbs = index_crumbs + (Link(f"{year}年", urls.archive_url(year)),)
        made += list_pages(site, urls.archive_url(year), "list.html", in_year, f"{year}年", crumbs, kind="archive-year")
        for month, _ in months:
            month_crumbs = crumbs + (Link(f"{int(month)}月", urls.archive_url(year, month)),)
            made += list_pages(site, urls.archive_url(year, month), "list.html", site.by_month[f"{year}-{month}"], f"{year}年{int(month)}月", month_crumbs, kind="archive-month")
    return made


def _given(page: Page) -> Page:
    return page
