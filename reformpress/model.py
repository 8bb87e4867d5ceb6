"""The site as immutable data: what every later stage reads and no stage changes.

Relations (articles by series, region, tag and month; previous/next; related)
are lookup tables on :class:`Site` keyed by :attr:`Article.key`, not pointers
between objects, so every object pickles cheaply for caches and worker
processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .text.dates import shown

T = TypeVar("T")


@dataclass(frozen=True)
class SectionSpec:
    """One entry of the section schema in site.yaml."""

    key: str
    """Stable identifier, also the anchor id on article pages (``background``)."""
    heading: str
    """Display heading that editors write after ``##`` (``改革背景``)."""
    required: bool = False
    """Whether every case must have this section."""
    aliases: tuple[str, ...] = ()
    """Other headings accepted for it (``主要做法`` for ``创新做法``)."""
    style: str = "section"
    """``section`` (a headed section) or ``note`` (the 编者按 box at the top)."""


@dataclass(frozen=True, slots=True)
class Region:
    """A county, district or department that articles belong to."""

    name: str
    """Display name (``古田县``)."""
    slug: str
    """URL segment (``gutian``)."""


@dataclass(frozen=True, slots=True)
class Tag:
    """A topic label on articles."""

    name: str
    slug: str


@dataclass(frozen=True)
class Link:
    """A titled link: breadcrumb steps, footer links."""

    title: str
    url: str | None
    """Absolute URL, a path inside the site without a leading slash, or ``None`` (shown unlinked)."""


@dataclass(frozen=True)
class GovMark:
    """The 党政机关网站标识: a picture the office was issued, and the address it links to (site.yaml ``footer.gov_mark``)."""

    image: str
    """The picture's path in the site folder (``images/dzjg.png``), published at the same path; the project ships none."""
    url: str
    """Where the mark links (the registration page the issuing office gives; never made up)."""


@dataclass(frozen=True)
class Footer:
    """The facts a government news site shows in its footer; each optional."""

    host: str = ""
    """主办单位."""
    copyright: str = ""
    """Copyright line (``宁德网 版权所有``)."""
    reprint_notice: str = ""
    """未经授权请勿转载 … ."""
    icp: str = ""
    """ICP备案号."""
    icp_url: str = "https://beian.miit.gov.cn/"
    police_record: str = ""
    """公安机关备案号."""
    police_record_url: str = ""
    site_id_code: str = ""
    """网站标识码 (never invented: empty unless configured)."""
    news_license: str = ""
    """互联网新闻信息服务许可证编号."""
    av_license: str = ""
    """信息网络传播视听节目许可证号."""
    report_phone: str = ""
    """违法和不良信息举报电话."""
    error_report_url: str = ""
    """The 「我为政府网站找错」 entry: the address the office's 政府网站监管平台 gives for this site (shown only when set; never made up)."""
    error_report_per_article: bool = False
    """Each report page also gets a 「纠错」 link to :attr:`error_report_url` (site.yaml ``footer.error_report_per_article``)."""
    error_report_page_param: str = ""
    """The query parameter that carries the report page's address (URL-encoded) to the error-report address, if its platform asks for one (``url``); empty: none."""
    gov_mark: GovMark | None = None
    """The 党政机关网站标识, shown only when set."""
    hotline: str = ""
    """新闻热线."""
    ad_phone: str = ""
    """广告联系."""
    address: str = ""
    company: str = ""
    """Operating company shown beside the address."""
    links: tuple[Link, ...] = ()
    """Footer links (网站简介, 联系我们 …)."""


@dataclass(frozen=True)
class HtmlPolicy:
    """Raw HTML that Markdown may carry beyond the built-in allow-list (site.yaml ``allow_html``)."""

    tags: tuple[str, ...] = ()
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(tag, allowed attributes) pairs; tag ``*`` means every tag."""


def base_path(base_url: str) -> str:
    """The path part of a base URL, starting and ending with ``/`` (``https://x.gov.cn/gg/`` → ``/gg/``).

    Where the site lives on its host: what root-absolute links (the 404 page's) start with and
    what the link check keeps links inside.  :attr:`SiteConfig.base_path` is this of site.yaml's ``base_url``.
    """
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class SiteConfig:
    """Everything site.yaml says, checked and with defaults filled in."""

    title: str
    base_url: str
    """Absolute URL with a trailing slash; may contain a sub-path (``https://x.gov.cn/gg/``)."""
    language: str
    timezone: str
    description: str
    keywords: tuple[str, ...]
    intro: str
    """Column introduction shown on the home page (Markdown rendered to HTML)."""
    breadcrumb: tuple[Link, ...]
    regions: tuple[Region, ...]
    sections: tuple[SectionSpec, ...]
    footer: Footer
    per_page: int
    related_count: int
    feed_full_content: bool
    column_type: str
    """ColumnType meta value (专题)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Free-form values for templates (``site.extra.*``)."""
    allow_html: HtmlPolicy = HtmlPolicy()
    """Extra tags and attributes allowed in raw HTML inside Markdown."""
    terms: tuple[tuple[str, str], ...] = ()
    """(wrong form, approved form) pairs from site.yaml ``terms``, for ``check``."""
    show_empty_regions: bool = False
    """Build and link region pages with no published report (site.yaml; off: an empty column is what inspectors count against a site)."""
    review_stages: tuple[str, ...] = ()
    """The sign-offs a report records before it is published (site.yaml ``review.stages``; 先审后发), in order."""
    review_required: bool = False
    """A report without every sign-off is held back like a draft (site.yaml ``review.required``)."""
    backdate_days: int = 3
    """``check --gov``: a report dated more than this many days before its file's first commit counts as back-dated."""
    update_every: int | None = None
    """Days within which each series is expected to publish a report, unless its ``_series.yaml`` says otherwise (site.yaml ``update_every``; ``None``: not set)."""
    personal_allowed: frozenset[str] = frozenset()
    """Numbers (digits only) that look personal and are published on purpose: site.yaml ``personal_allowed`` (:mod:`reformpress.content.personal`)."""

    @property
    def base_path(self) -> str:
        """The sub-path part of base_url, always starting and ending with ``/`` (:func:`base_path`)."""

        return base_path(self.base_url)

    @property
    def domain(self) -> str:
        """The host part of base_url (SiteDomain)."""
        return self.base_url.split("://", 1)[-1].split("/", 1)[0]

    def region_named(self, name: str) -> Region | None:
        """The region with this display name, if configured."""
        return next((r for r in self.regions if r.name == name), None)


@dataclass(frozen=True)
class Series:
    """A series of reports (a folder under content/)."""

    slug: str
    title: str
    """宁德市全面深化改革系列成果展示."""
    column: str
    """Column name (ColumnName meta; breadcrumb's last step)."""
    description: str
    editor_note_html: str
    """Series-level 编者按 shown on every item that does not override it (pictures linked as from a report's page)."""
    start_date: str
    source: str
    """Default 来源 for its items."""
    numbering: str
    """``circled`` (①…㊿, then digits) or ``digits``."""
    path: str
    """Source folder, relative to the site root."""
    series_page_note_html: str = ""
    """The same 编者按 as the series' own page shows it (pictures linked from the series' folder)."""
    note_figures: tuple[Figure, ...] = ()
    """(src, width, height) of each figure in the 编者按 (they get smaller copies, as a report's do)."""
    note_pictures: tuple[str, ...] = ()
    """Every picture the 编者按 shows (figures and pictures within a sentence), as written."""
    update_every: int | None = None
    """Days within which a new report is due (``_series.yaml`` ``update_every``; ``None``: site.yaml's :attr:`SiteConfig.update_every`); ``check --gov`` reports a series older than that."""
    finished: bool = False
    """The series is complete (``_series.yaml`` ``finished: true``): no report is due any more, ``check --gov`` shows it exempt."""


@dataclass(frozen=True, slots=True)
class Highlight:
    """A key figure of a report: ``1500`` ``多名`` ``年轻干部参加实践锻炼``."""

    value: str
    unit: str
    label: str
    metric: str = ""
    """What the figure measures (``产业链企业``): the overview charts side by side only figures with the same metric and unit."""


@dataclass(frozen=True, slots=True)
class Figure:
    """An image of an article (published in its series' folder: :func:`reformpress.urls.picture_url`)."""

    src: str
    """Path relative to the case file (``images/a.jpg``), and so to its series' output folder."""
    caption: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Heading:
    """A sub-heading inside a section, for the article's table of contents."""

    anchor: str
    text: str
    level: int


@dataclass(frozen=True, slots=True)
class Section:
    """One rendered section of an article."""

    key: str
    heading: str
    html: str
    style: str
    headings: tuple[Heading, ...] = ()


class _Addressed:
    """The page address and shown date of an article, for its :class:`Outline`, :class:`Article` and :class:`Card` alike."""

    __slots__ = ()  # its subclasses hold their fields in slots, without a dictionary each

    key: str
    date: datetime

    @property
    def url(self) -> str:
        """Site-relative URL path of the article page."""
        return self.key + "/"

    @property
    def pub_date(self) -> str:
        """``YYYY-MM-DD HH:MM`` as shown in meta lines (:func:`reformpress.text.dates.shown`)."""
        return shown(self.date)


@dataclass(frozen=True, slots=True)
class Outline(_Addressed):
    """What of an article the site's tables, its pictures' copies and the sitemap are made from.

    Everything but its text: :func:`reformpress.site.assemble.relate` orders and groups articles by
    key, series, number, date, regions and tags, and the figures' files and sizes, the cover and
    the pictures inside paragraphs decide which pictures are copied and resized.  The build keeps
    every article's outline in memory and the articles themselves in the cache, fetched by the
    pages that show them.
    """

    key: str
    series: str
    number: int
    date: datetime
    regions: tuple[Region, ...]
    tags: tuple[Tag, ...]
    figures: tuple[tuple[str, int, int], ...]
    """(src, width, height) of each figure."""
    cover: str
    draft: bool
    path: str
    inline_pictures: tuple[str, ...] = ()
    """Pictures shown inside a paragraph rather than as figures (published as they are)."""


@dataclass(frozen=True, slots=True)
class Article(_Addressed):
    """One report of a series, ready to render."""

    key: str
    """Stable identity and URL path without slashes at the ends (``reform/16-sixia``)."""
    series: str
    """Slug of its series."""
    number: int
    ordinal: str
    """Number as shown in the display title (``⑯``)."""
    slug: str
    title: str
    display_title: str
    """«series title + ordinal + ：+ title»."""
    date: datetime
    """Publication time, naive, in the site's time zone."""
    source: str
    units: tuple[str, ...]
    editor: str
    regions: tuple[Region, ...]
    tags: tuple[Tag, ...]
    summary: str
    editor_note_html: str
    sections: tuple[Section, ...]
    figures: tuple[Figure, ...]
    highlights: tuple[Highlight, ...]
    cover: str
    """Path of the cover image relative to the case file, or empty."""
    draft: bool
    path: str
    """Source file, relative to the site root."""
    text_length: int
    """Number of characters of body text (for reading time and checks)."""
    inline_pictures: tuple[str, ...] = ()
    """Paths of the pictures shown inside a paragraph (a seal, a logo), not as figures."""

    def outline(self) -> Outline:
        """The article without its text (see :class:`Outline`)."""
        figures = tuple((figure.src, figure.width, figure.height) for figure in self.figures)
        return Outline(self.key, self.series, self.number, self.date, self.regions, self.tags, figures, self.cover, self.draft, self.path, self.inline_pictures)

    def card(self) -> Card:
        """What lists show of the article (see :class:`Card`)."""
        return Card(self.key, self.series, self.number, self.ordinal, self.title, self.date, self.regions, self.summary, self.highlights)


@dataclass(frozen=True, slots=True)
class Card(_Addressed):
    """What lists, previous/next links and overviews show of an article: no text, so every card fits in memory.

    A list page shows twenty reports, an article page its neighbours and related news: reading
    whole articles from the cache for those (some 60,000 reads for a site of 5,000 reports) took
    a seventh of a build.  Cards are kept in memory instead, by every process, and read through
    :meth:`Articles.card`, which notes the read apart from reads of whole articles: an edit of a
    report's text that leaves its card as it was remakes its own page, not every list that
    shows it.  Its fields have the article's names, so a template shows either.
    """

    key: str
    series: str
    number: int
    ordinal: str
    title: str
    date: datetime
    regions: tuple[Region, ...]
    summary: str
    highlights: tuple[Highlight, ...]


ALL = "*"
"""In a set of keys read: the articles were iterated over, so any of them may count."""
CARD = "~"
"""In a set of keys read, before a key: only that article's card was read (no key starts with it)."""


class Articles(Mapping[str, Article]):
    """:attr:`Site.articles`: every published article (and its :class:`Card`) by key, noting which keys are read.

    Inside :meth:`reading`, every key looked up is added to the set it yields (iterating adds
    :data:`ALL`; reading a card adds the key after :data:`CARD`).  That set is what a page was
    made from: the pages to make again after an edit are those that read the edited article,
    or its card if the edit changed the card (see :mod:`reformpress.incremental.quick`).  ``items``
    may be any mapping, e.g. one that fetches articles from the cache only when asked;
    ``cards`` holds the card of every article of ``items``.
    """

    def __init__(self, items: Mapping[str, Article], cards: Mapping[str, Card]):
        self._items = items
        self.cards = cards
        self._read: set[str] | None = None

    def __getitem__(self, key: str) -> Article:
        if self._read is not None:
            self._read.add(key)
        return self._items[key]

    def card(self, key: str) -> Card:
        """The card of the article ``key`` (noted as ``CARD + key``: an edit that keeps the card leaves the page as it is)."""
        if self._read is not None:
            self._read.add(CARD + key)
        return self.cards[key]

    def __iter__(self) -> Iterator[str]:
        if self._read is not None:
            self._read.add(ALL)
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def in_memory(self) -> bool:
        """Whether every article is held here (else they are fetched, and this pickles small)."""
        return isinstance(self._items, dict)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    @contextmanager
    def reading(self) -> Iterator[set[str]]:
        """Collect the keys read until the block ends (blocks do not nest)."""
        read: set[str] = set()
        self._read = read
        try:
            yield read
        finally:
            self._read = None

    def made(self, make: Callable[[], T]) -> tuple[T, frozenset[str]]:
        """``make()`` and the keys it read."""
        with self.reading() as read:
            result = make()
        return result, frozenset(read)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Articles, (self._items, self.cards))


@dataclass(frozen=True)
class Site:
    """The whole site: configuration, series, articles and their relations."""

    config: SiteConfig
    series: tuple[Series, ...]
    articles: Articles
    """All published articles by key, for the pages (perhaps fetched from the cache only when read)."""
    outlines: dict[str, Outline]
    """The outline of every published article by key, for everything but the pages."""
    newest: tuple[str, ...]
    """Article keys, newest first (ties broken by key)."""
    by_series: dict[str, tuple[str, ...]]
    """Series slug → article keys in series order."""
    by_region: dict[str, tuple[str, ...]]
    """Region slug → article keys, newest first."""
    by_tag: dict[str, tuple[str, ...]]
    """Tag slug → article keys, newest first."""
    by_month: dict[str, tuple[str, ...]]
    """``YYYY-MM`` → article keys, newest first."""
    neighbours: dict[str, tuple[str | None, str | None]]
    """Article key → (previous, next) in its series."""
    related: Mapping[str, tuple[str, ...]]
    """Article key → related article keys, best first (worked out when asked: :class:`reformpress.site.related.Related`)."""
    tags: tuple[Tag, ...]
    """Every tag in use, sorted by slug."""
    images: tuple[tuple[str, str], ...] = ()
    """(source path, output path) of every file to copy, sorted."""
    digests: dict[str, str] = field(default_factory=dict)
    """Article key → hash of everything the article was made from (its cache key).

    An article is a pure function of those inputs, so this hash stands for the article in
    the keys of the pages that show it (:func:`reformpress.incremental.rendering.page_key`) instead of a
    hash of the article itself, which would mean pickling every article on every build.
    """

    def series_named(self, slug: str) -> Series:
        """The series with this slug."""
        return next(s for s in self.series if s.slug == slug)

    @property
    def regions(self) -> tuple[Region, ...]:
        """The regions readers are shown — pages, links, feeds, the sitemap: those with a published report, in site.yaml's order (all with ``show_empty_regions``)."""
        return tuple(region for region in self.config.regions if self.config.show_empty_regions or self.by_region.get(region.slug))
