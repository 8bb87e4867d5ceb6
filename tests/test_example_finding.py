"""The repo's example site: its feeds, sitemap and search, as a reader and a feed reader meet them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import unquote

import feedparser
import yaml
from playwright.sync_api import Page, expect

from .kit.browser import SiteServer
from .kit.example import case_files, front_matter
from .kit.site import REPO, SiteDir

BASE = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))["base_url"]


def test_example_feeds_are_valid_and_complete(example_site: SiteDir) -> None:
    feed = feedparser.parse((example_site.output / "feed.xml").read_bytes())
    assert feed.bozo == 0
    assert {entry.link for entry in feed.entries} == {f"{BASE}ningde-reform/{path.stem}/" for path in case_files()[:20]}
    regions = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))["regions"]
    for name, slug in regions.items():
        if not any(name in front_matter(path).get("regions", ()) for path in case_files()):
            assert not (example_site.output / f"regions/{slug}").exists(), "a region without reports is an empty column: no page, no feed"
            continue
        region_feed = feedparser.parse((example_site.output / f"regions/{slug}/feed.xml").read_bytes())
        assert region_feed.bozo == 0
        assert len(region_feed.entries) == sum(name in front_matter(path).get("regions", ()) for path in case_files())


def test_example_sitemap_has_every_report(example_site: SiteDir) -> None:
    root = ET.fromstring((example_site.output / "sitemap.xml").read_bytes())
    locs = {element.text for element in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {f"{BASE}ningde-reform/{path.stem}/" for path in case_files()} <= locs


def test_searching_the_example_for_sixia_jiceng_finds_report_16(example_site: SiteDir, page: Page) -> None:
    expected = {f"/gg/ningde-reform/{path.stem}/" for path in case_files() if "四下基层" in path.read_text(encoding="utf-8")}
    assert expected
    with SiteServer(example_site.output, "/gg/") as server:
        page.goto(server.url)
        page.get_by_role("searchbox", name="搜索稿件").fill("四下基层")
        page.get_by_role("searchbox", name="搜索稿件").press("Enter")
        expect(page.locator(".search-result").first).to_be_visible()
        found = [unquote(a.get_attribute("href") or "") for a in page.locator(".search-result .item-title").all()]
        assert set(found) == expected
        assert "16-" in found[0]
        assert page.locator(".search-result").first.locator("mark").first.inner_text() == "四下基层"
