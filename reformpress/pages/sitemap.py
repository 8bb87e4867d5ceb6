"""sitemap.xml and robots.txt for search engines.

It is made from the site's tables alone (URLs and dates, never whole articles),
so an edit that changes neither leaves it as it is (see :mod:`reformpress.incremental.quick`).
The sitemap lists the first page of every list and every article, each
with ``lastmod`` from the newest article it shows (never the build time),
as absolute URLs under base_url.  Later pages of a list and the search page
are left out: crawlers reach them by links, and they hold nothing of their own.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from .. import urls
from ..model import Site
from ..text.dates import isoformat

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_entries(site: Site) -> list[tuple[str, tuple[str, ...]]]:
    """(site-relative URL, keys of the articles it shows) of every page the sitemap lists, in site order."""
    entries: list[tuple[str, tuple[str, ...]]] = [(urls.home_url(), site.newest)]
    for series in site.series:
        keys = site.by_series[series.slug]
        entries.append((urls.series_url(series), keys))
        entries += [(urls.article_url(key), (key,)) for key in keys]
    entries.append((urls.region_url(), site.newest))
    entries += [(urls.region_url(region), site.by_region.get(region.slug, ())) for region in site.regions]
    entries.append((urls.tag_url(), site.newest))
    entries += [(urls.tag_url(tag), site.by_tag[tag.slug]) for tag in site.tags]
    entries.append((urls.archive_url(), site.newest))
    years: dict[str, list[str]] = {}
    for month, keys in site.by_month.items():
        years.setdefault(month[:4], []).extend(keys)
    for year, in_year in years.items():
        entries.append((urls.archive_url(year), tuple(in_year)))
        entries += [(urls.archive_url(year, month[5:]), site.by_month[month]) for month in site.by_month if month.startswith(year + "-")]
    return entries


def sitemap(site: Site) -> tuple[str, bytes]:
    """(output path, bytes) of sitemap.xml."""
    config = site.config
    root = ET.Element("urlset", {"xmlns": SITEMAP})
    for url, keys in sitemap_entries(site):
        item = ET.SubElement(root, "url")
        ET.SubElement(item, "loc").text = urls.absolute(config, url)
        newest = _newest(site, keys)
        if newest is not None:
            ET.SubElement(item, "lastmod").text = newest
    ET.indent(root)
    return urls.output_path(urls.sitemap_url()), ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(site: Site) -> tuple[str, bytes]:
    """(output path, bytes) of robots.txt: everything may be crawled; where the sitemap is."""
    text = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(site.config, urls.sitemap_url())}\n"
    return urls.output_path(urls.robots_url()), text.encode("utf-8")


def _newest(site: Site, keys: Iterable[str]) -> str | None:
    """The RFC 3339 date of the newest of these articles, if any."""
    dates = [site.outlines[key].date for key in keys]
    return isoformat(max(dates), site.config.timezone) if dates else None
