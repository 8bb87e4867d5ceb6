"""Atom feeds, sitemap.xml and robots.txt, read from the built site with real parsers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from reformpress.pages.feeds import absolute_links

from .kit.findsite import BASE_URL, CASES, SERIES_TITLES, newest_first, published
from .kit.site import SiteDir

CHINA = timezone(timedelta(hours=8))


def when(case_date: str) -> datetime:
    return datetime.strptime(case_date, "%Y-%m-%d %H:%M").replace(tzinfo=CHINA)


def parsed(site: SiteDir, path: str, output: str = "output") -> feedparser.FeedParserDict:
    feed = feedparser.parse((site.root / output / path).read_bytes())
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    assert feed.version == "atom10"
    return feed


@pytest.mark.parametrize(
    ("path", "chosen"),
    [
        ("feed.xml", lambda case: True),
        ("reform/feed.xml", lambda case: case.series == "reform"),
        ("digital/feed.xml", lambda case: case.series == "digital"),
        ("regions/gutian/feed.xml", lambda case: "古田县" in case.regions),
        ("regions/xiapu/feed.xml", lambda case: "霞浦县" in case.regions),
    ],
)
def test_feeds_are_valid_atom_with_the_right_entries(find_site: SiteDir, path: str, chosen) -> None:
    feed = parsed(find_site, path)
    expected = newest_first([case for case in published() if chosen(case)])
    assert [entry.link for entry in feed.entries] == [BASE_URL + case.url for case in expected]
    assert [entry.title.split("：", 1)[1] for entry in feed.entries] == [case.title for case in expected]
    assert [datetime(*entry.published_parsed[:6], tzinfo=UTC) for entry in feed.entries] == [when(case.date) for case in expected]
    assert datetime(*feed.feed.updated_parsed[:6], tzinfo=UTC) == when(expected[0].date)  # from content, not the clock
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == BASE_URL + path
    for entry in feed.entries:
        assert entry.id == entry.link and entry.link.startswith(BASE_URL)
        assert entry.summary and entry.content[0].type == "text/html"
        body = BeautifulSoup(entry.content[0].value, "html.parser")
        for tag in body.find_all(["a", "img"]):
            assert urlsplit(tag.get("href") or tag.get("src")).scheme == "https", tag


def test_relative_images_and_links_in_feed_content_become_absolute(find_site: SiteDir) -> None:
    case = next(case for case in published() if "images/sea.jpg" in case.body)
    entry = next(e for e in parsed(find_site, "feed.xml").entries if e.link == BASE_URL + case.url)
    body = BeautifulSoup(entry.content[0].value, "html.parser")
    series = case.url.split("/")[0] + "/"  # a report's pictures are published in its series' folder
    assert body.img["src"] == BASE_URL + series + "images/sea.jpg"
    assert (find_site.output / series / "images/sea.jpg").is_file()
    assert body.find("a", string="背景材料")["href"] == BASE_URL + case.url + "notes/"


def test_absolute_links_leave_text_alone() -> None:
    html = '<p>写 href="x" 的文字 &lt;a href="y"&gt;</p><img src="a.jpg" srcset="a-1x.jpg 1x, a-2x.jpg 2x"><a href="#top">顶</a><a href="https://x.cn/">外</a>'
    assert absolute_links(html, "https://e.cn/gg/r/01-a/") == (
        '<p>写 href="x" 的文字 &lt;a href="y"&gt;</p>'
        '<img src="https://e.cn/gg/r/01-a/a.jpg" srcset="https://e.cn/gg/r/01-a/a-1x.jpg 1x, https://e.cn/gg/r/01-a/a-2x.jpg 2x">'
        '<a href="https://e.cn/gg/r/01-a/#top">顶</a><a href="https://x.cn/">外</a>'
    )


def test_summary_only_when_site_says_so(site: SiteDir) -> None:
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text + "feed_full_content: false\n")
    site.build(search=False)
    feed = feedparser.parse((site.output / "feed.xml").read_bytes())
    assert feed.bozo == 0 and len(feed.entries) == 2
    for entry in feed.entries:
        assert "content" not in entry
        assert entry.summary == "引言第一句。引言第二句。"


def test_every_page_announces_its_feeds(find_site: SiteDir) -> None:
    expectations = {
        "": ["feed.xml"],
        "search/": ["feed.xml"],
        "reform/": ["feed.xml", "reform/feed.xml"],
        "reform/page/2/": ["feed.xml", "reform/feed.xml"],
        published()[0].url: ["feed.xml", "reform/feed.xml"],
        "regions/gutian/": ["feed.xml", "regions/gutian/feed.xml"],
        "tags/": ["feed.xml"],
    }
    for url, feeds in expectations.items():
        links = find_site.page(url).select('head link[rel=alternate][type="application/atom+xml"]')
        targets = [(find_site.output / url / link["href"]).resolve() for link in links]
        assert targets == [(find_site.output / feed).resolve() for feed in feeds], url
        assert all(link["title"] for link in links)
    assert find_site.page("reform/").select('link[type="application/atom+xml"]')[1]["title"] == SERIES_TITLES["reform"]


def test_sitemap_lists_every_published_page_with_its_date(find_site: SiteDir) -> None:
    root = ET.fromstring((find_site.output / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns) for url in root.findall("s:url", ns)}
    for case in published():
        assert datetime.fromisoformat(entries[BASE_URL + case.url]) == when(case.date)
    for case in CASES:
        if not case.published:
            assert BASE_URL + case.url not in entries
    assert datetime.fromisoformat(entries[BASE_URL]) == when(max(case.date for case in published()))
    assert datetime.fromisoformat(entries[BASE_URL + "regions/gutian/"]) == when(max(c.date for c in published() if "古田县" in c.regions))
    assert BASE_URL + "archive/2023/02/" in entries and BASE_URL + "search/" not in entries
    for loc in entries:
        assert loc.startswith(BASE_URL)
        assert (find_site.output / loc[len(BASE_URL) :] / "index.html").is_file(), loc
    assert len(entries) == len(set(entries)) == len(root)


def test_robots_txt_points_to_the_sitemap(find_site: SiteDir) -> None:
    lines = (find_site.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {BASE_URL}sitemap.xml" in lines


def test_feeds_and_sitemap_follow_base_url_override(site: SiteDir) -> None:
    site.build(base_url="https://other.example.cn/reform/", search=False)
    feed = feedparser.parse((site.output / "demo/feed.xml").read_bytes())
    assert feed.bozo == 0
    assert {entry.link for entry in feed.entries} == {"https://other.example.cn/reform/demo/01-gutian/", "https://other.example.cn/reform/demo/02-shouning/"}
    assert "Sitemap: https://other.example.cn/reform/sitemap.xml" in (site.output / "robots.txt").read_text(encoding="utf-8")


def test_scheduled_and_draft_reports_appear_only_when_asked(find_site: SiteDir) -> None:
    hidden = [case for case in CASES if not case.published]
    assert len(parsed(find_site, "feed.xml", "output-all").entries) == len(CASES)
    links = {entry.link for entry in parsed(find_site, "reform/feed.xml", "output-all").entries}
    assert {BASE_URL + case.url for case in hidden} <= links
