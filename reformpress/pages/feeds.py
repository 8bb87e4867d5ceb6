"""Atom feeds (RFC 4287): one for the whole site, one per series, one per region.

Each feed holds its newest published articles, full text or summary as
site.yaml's ``feed_full_content`` says.  Every URL in a feed is absolute
under base_url (relative image and link URLs inside the text are resolved
against the article's own URL), and ``updated`` comes from content dates,
never from the clock, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from html import escape
from urllib.parse import urljoin

from .. import urls
from ..model import Article, Site
from ..text.dates import isoformat

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_ENTRIES = 20
"""Articles per feed, newest first (readers poll; the archive holds the rest)."""
EMPTY_FEED_DATE = datetime(1970, 1, 1)
"""``updated`` of a feed without entries when the site has none either."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster)=")([^"]*)(")')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")')


def feeds(site: Site) -> list[tuple[str, bytes]]:
    """(output path, bytes) of every feed: the site's, each series', each region's."""
    return [make() for make in feed_plan(site)]


def feed_plan(site: Site) -> list[Callable[[], tuple[str, bytes]]]:
    """How to make each feed of :func:`feeds`, in order (one can be made again on its own after an edit)."""
    config = site.config
    made: list[Callable[[], tuple[str, bytes]]] = [partial(atom_feed, site, urls.feed_url(), config.title, config.description, site.newest, urls.home_url())]
    position = {key: index for index, key in enumerate(site.newest)}
    for series in site.series:
        keys: Iterable[str] = sorted(site.by_series[series.slug], key=position.__getitem__)
        made.append(partial(atom_feed, site, urls.feed_url(series), f"{series.title} - {config.title}", series.description, keys, urls.series_url(series)))
    for region in site.regions:
        keys = site.by_region.get(region.slug, ())
        made.append(partial(atom_feed, site, urls.feed_url(region), f"{region.name} - {config.title}", "", keys, urls.region_url(region)))
    return made


def atom_feed(site: Site, url: str, title: str, subtitle: str, keys: Iterable[str], page_url: str) -> tuple[str, bytes]:
    """One feed at ``url`` of the articles ``keys`` (newest first), whose web page is ``page_url``."""
    config = site.config
    articles = [site.articles[key] for key in list(keys)[:FEED_ENTRIES]]
    newest = articles[0].date if articles else (site.outlines[site.newest[0]].date if site.newest else EMPTY_FEED_DATE)
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: config.language})
    _add(feed, "id", urls.absolute(config, url))
    _add(feed, "title", title)
    if subtitle:
        _add(feed, "subtitle", subtitle)
    _add(feed, "updated", isoformat(newest, config.timezone))
    _add(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(config, url))
    _add(feed, "link", rel="alternate", type="text/html", href=urls.absolute(config, page_url))
    author = ET.SubElement(feed, "author")
    _add(author, "name", config.footer.host or config.title)
    _add(author, "uri", config.base_url)
    if config.footer.copyright:
        _add(feed, "rights", config.footer.copyright)
    _add(feed, "generator", "reformpress")
    for article in articles:
        feed.append(atom_entry(site, article))
    ET.indent(feed)
    return urls.output_path(url), ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def atom_entry(site: Site, article: Article) -> ET.Element:
    """The ``<entry>`` of one article."""
    config = site.config
    link = urls.absolute(config, urls.article_url(article))
    when = isoformat(article.date, config.timezone)
    entry = ET.Element("entry")
    _add(entry, "id", link)
    _add(entry, "title", article.display_title)
    _add(entry, "link", rel="alternate", type="text/html", href=link)
    _add(entry, "published", when)
    _add(entry, "updated", when)
    if article.source:
        author = ET.SubElement(entry, "author")
        _add(author, "name", article.source)
    for region in article.regions:
        _add(entry, "category", term=region.name, scheme=urls.absolute(config, urls.region_url()))
    for tag in article.tags:
        _add(entry, "category", term=tag.name, scheme=urls.absolute(config, urls.tag_url()))
    _add(entry, "summary", article.summary)
    if config.feed_full_content:
        _add(entry, "content", absolute_links(article_html(article), link), type="html")
    return entry


def article_html(article: Article) -> str:
    """The article's text as one HTML fragment: its sections, each under its heading."""
    return "".join(f"<h2>{escape(section.heading)}</h2>\n{section.html}\n" for section in article.sections)


def absolute_links(html: str, base: str) -> str:
    """``html`` with every relative ``href``, ``src``, ``poster`` and ``srcset`` URL resolved against ``base``.

    Only attributes inside tags are touched (text has its ``<`` escaped, so it never looks like a tag).
    """

    def one(match: re.Match[str]) -> str:
        return match[1] + urljoin(base, match[2].strip()) + match[3]

    def candidates(match: re.Match[str]) -> str:
        parts = []
        for candidate in match[2].split(","):
            url, _, size = candidate.strip().partition(" ")
            parts.append(f"{urljoin(base, url)} {size}".strip())
        return match[1] + ", ".join(parts) + match[3]

    return _TAG.sub(lambda tag: _SRCSET.sub(candidates, _URL_ATTRIBUTE.sub(one, tag[0])), html)


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    """Append a child element; text has the characters XML cannot hold removed."""
    element = ET.SubElement(parent, name, {key: _NOT_XML.sub("", value) for key, value in attributes.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element
