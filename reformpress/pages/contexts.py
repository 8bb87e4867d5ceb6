"""What each template sees: one TypedDict per kind of page, as :mod:`reformpress.pages.routes` makes it.

* :class:`HomeContext`: home.html, the front page;
* :class:`ArticleContext`: article.html, a report;
* :class:`SeriesContext`: series.html, a series' list of reports, page by page;
* :class:`OverviewContext`: overview.html, a series at a glance (``<series>/overview/``);
* :class:`PrintContext`: print.html, a whole series on one page (``<series>/print/``);
* :class:`RegionContext`: list.html, one region's reports, page by page;
* :class:`ListContext`: list.html, one tag's, one year's or one month's reports;
* :class:`TermsContext`: terms.html, the index of regions or of tags;
* :class:`ArchiveContext`: archive.html, the archive's index by year and month;
* :class:`SearchContext`: search.html, the search page;
* :class:`NotFoundContext`: 404.html, the page a server shows for an unknown URL.

Every template extends base.html, which reads the page's ``kind`` (each context declares
the kinds it may be) and what :class:`Common` holds: its ``title`` and breadcrumb steps,
and what :func:`~reformpress.pages.routes.make_page` adds to every page once it is made
(the feeds it announces, the search box's target and its ``head``).  Rendering adds ``page_url`` and the
environment's globals (:mod:`reformpress.pages.render`).

At run time a context is a plain dict, so it pickles and hashes for page keys as it is
(:func:`reformpress.incremental.rendering.page_key`); these classes only let mypy check that each
kind of page gets what its template reads.  The order of a context's keys is the order
its page's function writes them in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NotRequired, TypedDict

if TYPE_CHECKING:
    from ..model import Article, Card, Link, Region, Series
    from ..site.overview import SeriesOverview
    from .headmeta import Head
    from .printing import PrintedArticle
    from .routes import Pager


class Common(TypedDict):
    """What base.html reads on every page besides its ``kind``."""

    title: str
    crumbs: tuple[Link, ...]
    """The page's breadcrumb steps, after site.yaml's ``breadcrumb``."""
    feeds: NotRequired[tuple[Link, ...]]
    """The Atom feeds the page announces (added by :func:`~reformpress.pages.routes.with_finding_aids`)."""
    search_url: NotRequired[str]
    """The header search box's target (added with ``feeds``)."""
    head: NotRequired[Head]
    """Description, canonical URL, meta tags and JSON-LD (added last, by :func:`~reformpress.pages.routes.with_head`)."""


class HomeContext(Common):
    """home.html: the introduction, the latest reports, the series and the regions."""

    kind: Literal["home"]
    latest: tuple[Article, ...]
    """The newest ``per_page`` reports (whole: the lead shows its picture and source)."""
    series_list: tuple[tuple[Series, int], ...]
    """Each series and how many reports it has."""
    regions: tuple[tuple[Region, int], ...]
    """Each region of site.yaml and how many reports it has."""
    total: int


class ArticleContext(Common):
    """article.html: one report, its neighbours in its series and related reports."""

    kind: Literal["article"]
    article: Article
    series: Series
    prev: Card | None
    next: Card | None
    related: tuple[Card, ...]
    own_note: bool
    """Whether its 编者按 is its own (else it is the series', shown on every report and not indexed)."""


class _Listing(Common):
    """What a list page shows: one page of reports as cards, and the pager."""

    heading: str
    """The list's name (``title`` adds the page number after page 1)."""
    items: tuple[Card, ...]
    pager: Pager
    total: int
    """Reports in the whole list."""


class SeriesContext(_Listing):
    """series.html: a series' reports in series order."""

    kind: Literal["series"]
    series: Series
    overview_url: str
    print_url: str


class RegionContext(_Listing):
    """list.html for one region's reports (its feed is announced)."""

    kind: Literal["region"]
    region: Region


class ListContext(_Listing):
    """list.html for one tag's reports, or one year's or one month's of the archive."""

    kind: Literal["tag", "archive-year", "archive-month"]


class OverviewContext(Common):
    """overview.html: a series' key figures as cards, and its charts."""

    kind: Literal["overview"]
    series: Series
    overview: SeriesOverview
    series_url: str
    print_url: str


class PrintContext(Common):
    """print.html: every report of a series, made to live on one page."""

    kind: Literal["print"]
    series: Series
    reports: tuple[PrintedArticle, ...]


class TermsContext(Common):
    """terms.html: every region or every tag, with its link and how many reports it has."""

    kind: Literal["regions", "tags"]
    entries: tuple[tuple[str, str, int], ...]
    """(name, URL, count)."""


class ArchiveContext(Common):
    """archive.html: the years and, in each, its months (``MM``) with how many reports each has."""

    kind: Literal["archive"]
    years: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]


class SearchContext(Common):
    """search.html: the form that templates/static/search.js runs over the search index (publish/search.py)."""

    kind: Literal["search"]
    bundle: str
    """URL of the search index's folder."""


class NotFoundContext(Common):
    """404.html, served at any address: its links are root-absolute (``root_links``)."""

    kind: Literal["404"]
    root_links: bool


PageContext = (
    HomeContext | ArticleContext | SeriesContext | RegionContext | ListContext | OverviewContext | PrintContext | TermsContext | ArchiveContext | SearchContext | NotFoundContext
)
"""What some page's template sees."""
