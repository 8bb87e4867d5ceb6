"""Chinese search: the index built as the last step, the search page, the header box, in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from reformpress.incremental.cache import RACY_SECONDS
from reformpress.problems import BuildFailed
from reformpress.publish import search

from .kit.browser import SiteServer
from .kit.findsite import CASES, published
from .kit.site import REPO, SiteDir, case_text, snapshot

CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'"
"""The strictest policy the search works under (no inline code, no eval, no WebAssembly)."""


def urls_found(page: Page) -> list[str]:
    return [unquote(link.get_attribute("href") or "") for link in page.locator(".search-result .item-title").all()]


def search_for(page: Page, query: str) -> None:
    """Type a query into the search page's own box and wait for the answer."""
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    expect(page.locator("#search-status")).not_to_have_text("正在搜索……")
    expect(page.locator("#search-status")).not_to_be_empty()


def test_only_published_articles_are_indexed(find_site: SiteDir) -> None:
    index = json.loads((find_site.output / "search-index/index.json").read_text(encoding="utf-8"))
    assert index["reports"] == sum(shard[1] for shard in index["shards"]) == len(published())
    every = json.loads((find_site.root / "output-all/search-index/index.json").read_text(encoding="utf-8"))
    assert every["reports"] == len(CASES)
    urls = {json.loads(path.read_text(encoding="utf-8"))["url"] for path in (find_site.output / "search-index").glob("*/d/*.json")}
    assert urls == {case.url for case in published()}


def test_article_is_the_indexed_body_with_meta_and_filters(find_site: SiteDir) -> None:
    case = published()[3]
    article = find_site.page(case.url).select_one("[data-search-body]")
    assert article.name == "article"
    assert article["data-title"] == case.title and article["data-date"] == case.date
    assert article["data-year"] == case.date[:4] and article["data-when"].startswith(case.date[:10])
    assert [a.get_text() for a in article.select("[data-search-region]")] == list(case.regions)
    assert article.select_one(".prev-next").has_attr("data-search-ignore")
    assert article.select_one(".editor-note").has_attr("data-search-ignore")  # the series' note, on every report
    assert len(find_site.page(case.url).select("[data-search-body]")) == 1
    assert find_site.page("").select("[data-search-body]") == []
    record = next(json.loads(path.read_text(encoding="utf-8")) for path in (find_site.output / "search-index").glob("*/d/*.json") if case.url in path.read_text(encoding="utf-8"))
    assert record["title"] == case.title and record["regions"] == list(case.regions) and record["date"] == case.date
    assert record["text"][record["body"] :].startswith(article.select_one("section h2").get_text())  # excerpts start at the first section


def test_search_page_and_header_box_work_as_plain_forms(find_site: SiteDir) -> None:
    for url in ("", "reform/", published()[0].url, "regions/gutian/page/2/"):
        form = find_site.page(url).select_one("header form[role=search]")
        assert form["method"] == "get" and form.select_one("input[type=search]")["name"] == "q"
        target = (find_site.output / url / form["action"]).resolve() / "index.html"
        assert target == (find_site.output / "search/index.html").resolve()
    page = find_site.page("search/")
    assert page.select_one("header form[role=search]") is None  # the page's own form is the box here
    assert page.select_one("#search-form input[name=q]") is not None
    assert "JavaScript" in page.select_one("noscript").get_text()
    inline_code = [s for s in page.select("script") if s.string and s.string.strip() and s.get("type") != "application/ld+json"]  # JSON-LD is data, not code
    assert page.select("script[src]") and not inline_code
    notfound = (find_site.output / "404.html").read_text(encoding="utf-8")
    assert 'action="/gg/search/"' in notfound


@pytest.mark.parametrize("prefix", ["/gg/", "/"])
def test_reader_types_into_the_header_box_and_finds_the_report(find_site: SiteDir, page: Page, prefix: str) -> None:
    target = next(case for case in published() if "四下基层" in case.title)
    with SiteServer(find_site.output, prefix, headers={"Content-Security-Policy": CSP}) as server:
        violations: list[str] = []
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        page.goto(server.url + "reform/")
        page.get_by_role("searchbox", name="搜索稿件").fill("四下基层")
        page.get_by_role("searchbox", name="搜索稿件").press("Enter")
        expect(page.locator(".search-result").first).to_be_visible()
        assert page.url.startswith(server.url + "search/?q=")
        assert urls_found(page)[0] == urlsplit(server.url).path + target.url
        first = page.locator(".search-result").first
        assert first.locator(".item-title").inner_text() == target.title
        assert first.locator("mark").first.inner_text() == "四下基层"
        first.locator(".item-title").click()
        assert page.url == server.url + target.url
        assert violations == []


def test_searching_words_and_county_names_finds_the_right_reports(find_site: SiteDir, page: Page) -> None:
    with SiteServer(find_site.output, "/gg/") as server:
        page.goto(server.url + "search/")
        for query in ("四下基层", "年轻干部", "霞浦县", "古田县", "乡村振兴"):
            search_for(page, query)
            expected = {"/gg/" + case.url for case in published() if query in case.text()}
            assert expected, query
            assert set(urls_found(page)) == expected, query
            marks = page.locator(".search-result mark").all_inner_texts()
            assert marks and set(marks) == {query}, query
        search_for(page, "积分制 古田县")  # words apart: each must be in the report
        assert urls_found(page) == ["/gg/" + published()[0].url]
        search_for(page, "积分乡村")  # nowhere together: the reports with both words, said so
        assert urls_found(page) == ["/gg/" + published()[0].url]
        assert page.locator("#search-status").inner_text() == "没有完全匹配“积分乡村”的稿件；以下 1 篇包含其中全部词语的稿件"
        search_for(page, "蓝鲸计划")
        assert urls_found(page) == []
        assert page.locator("#search-status").inner_text() == "没有找到与“蓝鲸计划”相关的稿件。"


def test_a_reader_typing_with_a_pinyin_ime_searches_for_the_chinese_not_the_pinyin(find_site: SiteDir, page: Page) -> None:
    """While a phrase is composed the box holds its pinyin (as Microsoft Pinyin shows it); the search waits for the characters."""
    target = next(case for case in published() if "四下基层" in case.title)
    with SiteServer(find_site.output, "/gg/") as server:
        page.goto(server.url + "search/")
        expect(page.locator("#search-q")).to_be_enabled()
        page.click("#search-q")
        cdp = page.context.new_cdp_session(page)
        try:
            cdp.send("Input.imeSetComposition", {"text": "sixiajiceng", "selectionStart": 11, "selectionEnd": 11})
            assert page.input_value("#search-q") == "sixiajiceng"
            page.wait_for_timeout(900)  # longer than a pause in typing that starts a search
            assert page.locator("#search-status").inner_text() == ""  # no search for the pinyin
            assert "q=" not in page.url
            cdp.send("Input.insertText", {"text": "四下基层"})
        finally:
            cdp.detach()
        expect(page.locator("#search-status")).to_have_text(re.compile(r"找到 \d+ 篇相关稿件"))
        assert "/gg/" + target.url in urls_found(page)
        assert unquote(page.url).endswith("?q=四下基层")


def test_filters_by_series_region_and_year(find_site: SiteDir, page: Page) -> None:
    with SiteServer(find_site.output, "/gg/") as server:
        page.goto(server.url + "search/?地区=古田县")
        expect(page.locator(".search-result").first).to_be_visible()
        assert set(urls_found(page)) == {"/gg/" + case.url for case in published() if "古田县" in case.regions}
        years = page.locator("select[name=年份] option").all_inner_texts()
        assert years == ["全部"] + [f"{year}（{sum(case.date.startswith(year) for case in published())}）" for year in ("2023", "2022")]
        assert sum(int(m) for m in re.findall(r"（(\d+)）", page.locator("select[name=系列]").inner_text())) == len(published())
        page.select_option("select[name=地区]", "")
        page.select_option("select[name=年份]", "2023")
        expect(page.locator("#search-status")).to_have_text(f"找到 {sum(case.date.startswith('2023') for case in published())} 篇相关稿件，按发布时间从新到旧排列")
        assert set(urls_found(page)) == {"/gg/" + case.url for case in published() if case.date.startswith("2023")}


def test_drafts_and_scheduled_reports_are_not_in_the_index(find_site: SiteDir, page: Page) -> None:
    with SiteServer(find_site.output, "/gg/") as server:
        page.goto(server.url + "search/")
        search_for(page, "积分制")
        assert urls_found(page) == ["/gg/" + published()[0].url]  # the query itself works
        for word in ("蓝鲸计划", "秘密试点", "白鹭工程", "未来才发布"):
            search_for(page, word)
            assert urls_found(page) == [], word
    with SiteServer(find_site.root / "output-all", "/gg/") as server:
        page.goto(server.url + "search/")
        search_for(page, "白鹭工程")
        assert urls_found(page) == ["/gg/reform/06-future/"]
        search_for(page, "秘密试点")
        assert urls_found(page) == ["/gg/reform/05-draft/"]


def test_a_page_opened_before_the_site_was_rebuilt_still_finds_with_the_new_index(site: SiteDir, page: Page) -> None:
    """An edit removes the files the index before it named (search-index/t/<hash>/): a search page loaded before loads the index anew."""
    site.build()
    time.sleep(RACY_SECONDS + 0.1)
    site.build()  # the files settled: the next build after an edit takes the edit path, which updates the index in place
    before = json.loads((site.output / "search-index/index.json").read_text(encoding="utf-8"))
    with SiteServer(site.output) as server:
        page.goto(server.url + "search/")
        search_for(page, "古田县")
        assert urls_found(page) == ["/demo/01-gutian/"]
        site.write("content/demo/02-shouning.md", case_text("寿宁县推进下党乡村振兴", date="2022-10-28 09:30").replace("[古田县]", "[寿宁县]").replace("成效内容。", "下党乡茶园托管让茶农增收。"))
        assert site.build().quick
        after = json.loads((site.output / "search-index/index.json").read_text(encoding="utf-8"))
        assert after["t"] != before["t"] and not (site.output / "search-index" / before["t"]).exists()
        search_for(page, "寿宁县")  # its record is in the shard the edit replaced: gone with the index before
        expect(page.locator("#search-status")).to_have_text("找到 1 篇相关稿件")
        assert urls_found(page) == ["/demo/02-shouning/"]
        search_for(page, "茶园托管")  # only in the new index
        expect(page.locator("#search-status")).to_have_text("找到 1 篇相关稿件")
        assert urls_found(page) == ["/demo/02-shouning/"]


def test_failing_indexer_fails_the_build_and_keeps_the_old_site(site: SiteDir) -> None:
    site.build()
    old = snapshot(site.output)
    shutil.rmtree(site.root / ".cache/search")
    (site.root / ".cache/search").write_text("not a folder", encoding="utf-8")  # a cache damaged from outside: the index cannot be kept
    site.write("content/demo/01-gutian.md", case_text("改过的标题"))
    result = subprocess.run(
        [sys.executable, "-m", "reformpress", "build", "--root", str(site.root)],
        env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 1
    assert re.search(r"search-index/: 建立搜索索引失败：\[Errno \d+\] .*search.* — 请根据上面的提示检查后重新构建；原有网站未受影响", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site.output) == old
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".output.") and p.name != ".output.lock"] == []  # the empty lock file stays


def test_missing_indexer_says_how_to_install_it(site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "np", None)
    with pytest.raises(BuildFailed) as caught:
        site.build()
    assert [p.format() for p in caught.value.problems] == [
        "search-index/: 找不到建立搜索索引所需的 numpy — 请安装：python3 -m pip install numpy（或运行 bash scripts/setup.sh）后重新构建；原有网站未受影响"
    ]
    assert not site.output.exists()


def test_no_search_flag_skips_the_index_for_quick_previews(site: SiteDir) -> None:
    result = site.cli("build", "--no-search")
    assert result.exit_code == 0, result.output
    assert "search" not in result.output.split("（", 1)[1]
    assert not (site.output / "search-index").exists() and (site.output / "search/index.html").is_file()
    assert site.cli("build").exit_code == 0
    assert (site.output / "search-index/index.json").is_file()


def test_an_excerpt_is_the_reports_own_text_even_when_the_title_matches(find_site: SiteDir, page: Page) -> None:
    """Not the title again, the hidden 第N篇, the date, the source or the key figures (the browser review's finding)."""
    case = next(case for case in published() if "四下基层" in case.title)
    title_only = case.title[:4]  # 年轻干部: in this title, and in its text
    with SiteServer(find_site.output, "/gg/") as server:
        page.goto(server.url + "search/")
        for query in ("四下基层", title_only):
            search_for(page, query)
            results = page.locator(".search-result")
            item = results.filter(has=page.locator(f'a[href="/gg/{case.url}"]'))
            excerpt = item.locator(".search-excerpt").inner_text()
            assert query in excerpt, query
            assert "系列成果展示" not in excerpt and case.date[:4] + "年" not in excerpt and "来源" not in excerpt, excerpt  # not the heading, date or source
            assert not re.search(r"第\d+篇", excerpt) and ". " not in excerpt, excerpt
            assert excerpt.startswith(("引言", "…")), excerpt  # the text, from its first section


LAYOUT_SHIFTS = """window.__shifts = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) { if (!entry.hadRecentInput) { window.__shifts += entry.value; } });
}).observe({ type: "layout-shift", buffered: true });"""


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_the_search_page_fits_a_phone_and_nothing_moves_while_it_loads(find_site: SiteDir, page: Page, elder: bool) -> None:
    """No sideways scroll at 320 px in either mode; the filters and results load without moving the page (CLS < 0.02)."""
    page.add_init_script(LAYOUT_SHIFTS)
    if elder:
        page.add_init_script("localStorage.setItem('reformpress.elder', 'on')")
    with SiteServer(find_site.output, "/gg/") as server:
        for width in (320, 375, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(server.url + "search/?q=" + "改革")
            expect(page.locator(".search-result").first).to_be_visible()
            expect(page.locator("select[name=系列]")).to_be_enabled()
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, width
            assert page.evaluate("window.__shifts") < 0.02, width
            assert page.evaluate("document.documentElement.hasAttribute('data-elder')") == elder
