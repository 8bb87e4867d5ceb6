"""The built site in a real browser (Debian's Chromium via Playwright), served under a sub-path."""

from __future__ import annotations

from playwright.sync_api import Page

from .kit.browser import SiteServer
from .kit.site import SiteDir


def test_reader_goes_from_home_to_a_report_and_back_under_a_sub_path(site: SiteDir, page: Page) -> None:
    site.build()
    with SiteServer(site.output, "/gg/") as server:
        page.goto(server.url)
        page.get_by_role("link", name="寿宁县推进下党乡村振兴").first.click()
        assert page.url == server.url + "demo/02-shouning/"
        assert page.locator("h1").inner_text().endswith("：寿宁县推进下党乡村振兴")
        page.get_by_role("link", name="上一篇").or_(page.locator(".prev a")).first.click()
        assert page.url == server.url + "demo/01-gutian/"
        response = page.goto(server.url + "no/such/page/")
        assert response is not None and response.status == 404
        page.get_by_role("link", name="返回首页").click()
        assert page.url == server.url
