"""plan(site) → every output page as data: its URL, its template and what the template sees.

What each template sees is declared in :mod:`reformpress.pages.contexts`; the words the
pages show beside their templates' come from :data:`reformpress.messages.LABELS`.
Nothing here renders or writes.  Every context holds only what its page
shows, so a page's size stays bounded as the site grows (lists are
paginated; article pages carry their neighbours and related items, not the
whole site).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal, NamedTuple

from .. import urls
from ..messages import label
from ..model import Card, Link, Region, Series, Site, Tag
from ..site.overview import series_overview
from .contexts import (
    ArchiveContext,
    ArticleContext,
    HomeContext,
    ListContext,
    NotFoundContext,
    OverviewContext,
    PageContext,
    PrintContext,
    RegionContext,
    SearchContext,
    SeriesContext,
    TermsContext,
)
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
    context: PageContext
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
    """Every page of the site, made, in a stable order, each with the keys of the articles it shows.

    All at once, for tests and tools that look at the whole site; the build takes
    :func:`planned` and has its workers :func:`make_page` one page at a time.
    """
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
        pages += list_pages(site, urls.series_url(series), keys, partial(series_page, site, series))
        pages += [Planned(urls.article_url(key), partial(article_page, site, key)) for key in keys]
        pages.append(Planned(urls.series_overview_url(series), partial(overview_page, site, series)))
        pages.append(Planned(urls.series_print_url(series), partial(print_page, site, series)))
    pages.append(Planned(urls.region_url(), partial(terms_page, site, "regions")))
    for region in site.regions:
        pages += list_pages(site, urls.region_url(region), site.by_region.get(region.slug, ()), partial(region_page, site, region))
    pages.append(Planned(urls.tag_url(), partial(terms_page, site, "tags")))
    for tag in site.tags:
        pages += list_pages(site, urls.tag_url(tag), site.by_tag[tag.slug], partial(tag_page, site, tag))
    pages += archive_pages(site)
    pages.append(Planned(urls.search_url(), search_page))
    pages.append(Planned(NOT_FOUND, not_found_page))
    return pages


def with_finding_aids(site: Site, page: Page) -> Page:
    """The page with what every page shows to help readers find things.

    ``search_url`` (the header search box's target) and ``feeds``: the Atom
    feeds it announces, the site's, then its series' or region's.
    """
    feeds = [Link(label("feed-site", site=site.config.title), urls.feed_url())]
    series = page.context.get("series")
    region = page.context.get("region")
    if isinstance(series, Series):
        feeds.append(Link(series.title, urls.feed_url(series)))
    elif isinstance(region, Region):
        feeds.append(Link(label("feed-region", region=region.name), urls.feed_url(region)))
    context = page.context.copy()
    context["feeds"] = tuple(feeds)
    context["search_url"] = urls.search_url()
    return Page(page.url, page.template, context)


def with_head(site: Site, page: Page) -> Page:
    """The page with ``head`` in its context: description, canonical URL, meta tags and JSON-LD."""
    context = page.context.copy()
    context["head"] = page_head(site, page.url, page.context)
    return Page(page.url, page.template, context)


def home_page(site: Site) -> Page:
    """The column's front page: introduction, latest reports, series and regions."""
    latest = tuple(site.articles[key] for key in site.newest[: site.config.per_page])  # the lead shows its picture and source
    series = tuple((s, len(site.by_series[s.slug])) for s in site.series)
    regions = tuple((r, len(site.by_region.get(r.slug, ()))) for r in site.regions)
    context: HomeContext = {"kind": "home", "title": site.config.title, "crumbs": (), "latest": latest, "series_list": series, "regions": regions, "total": len(site.articles)}
    return Page(urls.home_url(), "home.html", context)


def article_page(site: Site, key: str) -> Page:
    """One report with its series, neighbours and related reports."""
    article = site.articles[key]
    series = site.series_named(article.series)
    previous, following = site.neighbours[article.key]
    context: ArticleContext = {
        "kind": "article",
        "title": article.display_title,
        "crumbs": (Link(series.title, urls.series_url(series)),),
        "article": article,
        "series": series,
        "prev": site.articles.card(previous) if previous else None,
        "next": site.articles.card(following) if following else None,
        "related": tuple(site.articles.card(key) for key in site.related[article.key]),
        "own_note": article.editor_note_html != series.editor_note_html,  # else the series' note, on every report: not indexed
    }
    return Page(urls.article_url(article), "article.html", context)


def overview_page(site: Site, series: Series) -> Page:
    """A series at a glance: its reports' key figures as cards and its charts."""
    url = urls.series_overview_url(series)
    crumbs = (Link(series.title, urls.series_url(series)), Link(label("overview"), url))
    context: OverviewContext = {
        "kind": "overview",
        "title": label("overview-title", series=series.title),
        "crumbs": crumbs,
        "series": series,
        "overview": series_overview(site, series),
        "series_url": urls.series_url(series),
        "print_url": urls.series_print_url(series),
    }
    return Page(url, "overview.html", context)


def print_page(site: Site, series: Series) -> Page:
    """The whole series on one page, in series order with a table of contents, for printing and PDF."""
    url = urls.series_print_url(series)
    reports = tuple(printed_article(site.articles[key], url, series.editor_note_html) for key in site.by_series[series.slug])
    crumbs = (Link(series.title, urls.series_url(series)), Link(label("print"), url))
    context: PrintContext = {"kind": "print", "title": label("print-title", series=series.title), "crumbs": crumbs, "series": series, "reports": reports}
    return Page(url, "print.html", context)


ListMaker = Callable[[tuple[str, ...], Pager], Page]
"""Makes page ``pager.page`` of the list of the articles ``keys``."""


def list_pages(site: Site, first_url: str, keys: tuple[str, ...], make: ListMaker) -> list[Planned]:
    """A paginated list of the articles ``keys``: page 1 at ``first_url``, page N at ``first_url/page/N/``."""
    count = max(1, -(-len(keys) // site.config.per_page))
    pagers = [Pager(number, count, first_url) for number in range(1, count + 1)]
    return [Planned(pager.url(pager.page), partial(make, keys, pager)) for pager in pagers]


def listed(site: Site, keys: tuple[str, ...], pager: Pager, title: str) -> tuple[str, tuple[Card, ...]]:
    """The title of page ``pager.page`` of the list ``title`` of ``keys``, and the cards of the articles it shows."""
    size = site.config.per_page
    heading = title if pager.page == 1 else label("list-page", title=title, page=pager.page)
    return heading, tuple(site.articles.card(key) for key in keys[(pager.page - 1) * size : pager.page * size])


def series_page(site: Site, series: Series, keys: tuple[str, ...], pager: Pager) -> Page:
    """Page ``pager.page`` of a series' reports, in series order."""
    title, items = listed(site, keys, pager, series.title)
    context: SeriesContext = {
        "kind": "series",
        "title": title,
        "heading": series.title,
        "crumbs": (Link(series.title, urls.series_url(series)),),
        "items": items,
        "pager": pager,
        "total": len(keys),
        "series": series,
        "overview_url": urls.series_overview_url(series),
        "print_url": urls.series_print_url(series),
    }
    return Page(pager.url(pager.page), "series.html", context)


def region_page(site: Site, region: Region, keys: tuple[str, ...], pager: Pager) -> Page:
    """Page ``pager.page`` of one region's reports, newest first."""
    title, items = listed(site, keys, pager, region.name)
    crumbs = (Link(label("regions"), urls.region_url()), Link(region.name, urls.region_url(region)))
    context: RegionContext = {"kind": "region", "title": title, "heading": region.name, "crumbs": crumbs, "items": items, "pager": pager, "total": len(keys), "region": region}
    return Page(pager.url(pager.page), "list.html", context)


def tag_page(site: Site, tag: Tag, keys: tuple[str, ...], pager: Pager) -> Page:
    """Page ``pager.page`` of one tag's reports, newest first."""
    title, items = listed(site, keys, pager, tag.name)
    crumbs = (Link(label("tags"), urls.tag_url()), Link(tag.name, urls.tag_url(tag)))
    context: ListContext = {"kind": "tag", "title": title, "heading": tag.name, "crumbs": crumbs, "items": items, "pager": pager, "total": len(keys)}
    return Page(pager.url(pager.page), "list.html", context)


def search_page() -> Page:
    """The search page: a form that templates/static/search.js runs over the search index (publish/search.py)."""
    context: SearchContext = {"kind": "search", "title": label("search"), "crumbs": (Link(label("search"), urls.search_url()),), "bundle": urls.search_bundle_url()}
    return Page(urls.search_url(), "search.html", context)


NOT_FOUND = "404.html"
"""URL of the page a server shows for an unknown URL."""


def not_found_page() -> Page:
    """The page a server shows for an unknown URL."""
    context: NotFoundContext = {"kind": "404", "title": label("not-found"), "crumbs": (), "root_links": True}
    return Page(NOT_FOUND, "404.html", context)


def terms_page(site: Site, which: Literal["regions", "tags"]) -> Page:
    """The index of all regions or of all tags, with their counts."""
    if which == "regions":
        entries = tuple((r.name, urls.region_url(r), len(site.by_region.get(r.slug, ()))) for r in site.regions)
        title, url = label("regions"), urls.region_url()
    else:
        entries = tuple((t.name, urls.tag_url(t), len(site.by_tag[t.slug])) for t in site.tags)
        title, url = label("tags"), urls.tag_url()
    context: TermsContext = {"kind": which, "title": title, "crumbs": (Link(title, url),), "entries": entries}
    return Page(url, "terms.html", context)


def archive_pages(site: Site) -> list[Planned]:
    """The archive index by year and month, and a paginated list per year and per month."""
    years: dict[str, list[tuple[str, int]]] = {}
    for month, keys in site.by_month.items():
        years.setdefault(month[:4], []).append((month[5:], len(keys)))
    context: ArchiveContext = {"kind": "archive", "title": label("archive"), "crumbs": archive_crumbs(), "years": tuple((y, tuple(m)) for y, m in years.items())}
    index = Page(urls.archive_url(), "archive.html", context)
    made: list[Planned] = [Planned(index.url, partial(_given, index))]
    for year, months in years.items():
        in_year = tuple(key for month, _ in months for key in site.by_month[f"{year}-{month}"])
        made += list_pages(site, urls.archive_url(year), in_year, partial(archive_page, site, year, None))
        for month, _ in months:
            made += list_pages(site, urls.archive_url(year, month), site.by_month[f"{year}-{month}"], partial(archive_page, site, year, month))
    return made


def archive_crumbs(year: str | None = None, month: str | None = None) -> tuple[Link, ...]:
    """The breadcrumb steps of the archive, of one year of it or of one month of it."""
    crumbs: tuple[Link, ...] = (Link(label("archive"), urls.archive_url()),)
    if year is not None:
        crumbs += (Link(label("archive-year", year=year), urls.archive_url(year)),)
    if year is not None and month is not None:
        crumbs += (Link(label("archive-month", month=int(month)), urls.archive_url(year, month)),)
    return crumbs


def archive_page(site: Site, year: str, month: str | None, keys: tuple[str, ...], pager: Pager) -> Page:
    """Page ``pager.page`` of one year's reports (``month`` ``None``) or one month's, newest first."""
    name = label("archive-year", year=year) if month is None else label("archive-year-month", year=year, month=int(month))
    title, items = listed(site, keys, pager, name)
    context: ListContext = {
        "kind": "archive-year" if month is None else "archive-month",
        "title": title,
        "heading": name,
        "crumbs": archive_crumbs(year, month),
        "items": items,
        "pager": pager,
        "total": len(keys),
    }
    return Page(pager.url(pager.page), "list.html", context)


def _given(page: Page) -> Page:
    return page
