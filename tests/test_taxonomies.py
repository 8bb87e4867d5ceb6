"""Regions, tags, archive, pagination, related news, slugs, and drafts that must not leak — read from the built site."""

from __future__ import annotations

import pytest

from reformpress import urls
from reformpress.content.config import GOV_MARK_FOLDER, RESERVED_SLUGS
from reformpress.model import Region, Series, Tag
from reformpress.problems import BuildFailed
from reformpress.text.slugs import slugify

from .kit.findsite import CASES, SCHEDULED, newest_first, published
from .kit.site import SiteDir, case_text


def titles(site: SiteDir, url: str) -> list[str]:
    return [a.get_text() for a in site.page(url).select("main .items .item-title")]


def newest_titles(cases: list) -> list[str]:
    return [case.title for case in newest_first(cases)]


def test_nothing_of_drafts_or_scheduled_reports_leaks_into_any_file(find_site: SiteDir) -> None:
    hidden = [case for case in CASES if not case.published]
    needles = [case.title for case in hidden] + [case.body[:4] for case in hidden] + [case.url.rstrip("/") for case in hidden]
    needles += [tag for case in hidden for tag in case.tags] + [slugify(tag) for case in hidden for tag in case.tags] + [SCHEDULED[:10]]
    files = [path for path in find_site.output.rglob("*") if path.is_file()]
    assert len(files) > 40
    for path in files:
        data = path.read_bytes()
        leaks = [needle for needle in needles if needle.encode("utf-8") in data]
        assert leaks == [], path
    everything = b"".join(path.read_bytes() for path in (find_site.root / "output-all").rglob("*.html"))
    assert all(needle.encode("utf-8") in everything for needle in needles)  # the needles are real: --drafts --future shows them


def test_region_index_and_pages_have_counts_and_pagination(find_site: SiteDir) -> None:
    index = find_site.page("regions/")
    counts = {a.get_text(): a.find_next_sibling("span").get_text() for a in index.select(".terms-list a")}
    for region in ("古田县", "寿宁县", "屏南县", "霞浦县", "市直部门"):
        assert counts[region] == f"（{sum(region in case.regions for case in published())} 篇）"
    gutian = newest_titles([case for case in published() if "古田县" in case.regions])
    assert len(gutian) == 3
    assert titles(find_site, "regions/gutian/") == gutian[:2]
    assert titles(find_site, "regions/gutian/page/2/") == gutian[2:]
    assert find_site.page("regions/gutian/").select_one(".count").get_text() == "共 3 篇"
    assert find_site.page("regions/gutian/").select_one(".pager a[rel=next]")["href"] == "page/2/"
    assert not (find_site.output / "regions/gutian/page/3").exists()


def test_tag_index_and_pages(find_site: SiteDir) -> None:
    index = find_site.page("tags/")
    counts = {a.get_text(): a.find_next_sibling("span").get_text() for a in index.select(".terms-list a")}
    tags = sorted({tag for case in published() for tag in case.tags})
    assert sorted(counts) == tags
    for tag in tags:
        assert counts[tag] == f"（{sum(tag in case.tags for case in published())} 篇）"
        link = index.find("a", string=tag)["href"]
        assert link == f"{slugify(tag)}/"
        assert titles(find_site, f"tags/{slugify(tag)}/") == newest_titles([case for case in published() if tag in case.tags])[:2]


def test_archive_by_year_and_month_newest_first(find_site: SiteDir) -> None:
    archive = find_site.page("archive/")
    assert [h.get_text() for h in archive.select(".archive-year h2")] == ["2023年", "2022年"]
    months = {case.date[:7] for case in published()}
    for month in months:
        year, number = month.split("-")
        assert titles(find_site, f"archive/{year}/{number}/") == newest_titles([case for case in published() if case.date.startswith(month)])
    in_2022 = newest_titles([case for case in published() if case.date.startswith("2022")])
    assert titles(find_site, "archive/2022/") + titles(find_site, "archive/2022/page/2/") == in_2022


def test_series_pages_run_in_series_order_and_home_newest_first(find_site: SiteDir) -> None:
    reform = [case.title for case in published() if case.series == "reform"]
    assert [t.split("：", 1)[1] for t in titles(find_site, "reform/") + titles(find_site, "reform/page/2/")] == reform
    assert titles(find_site, "")[:2] == newest_titles(published())[:2]


def test_related_news_ranked_by_shared_regions_tags_series_then_date(find_site: SiteDir) -> None:
    def related(case_file: str) -> list[str]:
        case = next(c for c in CASES if c.file == case_file)
        return [a.get_text() for a in find_site.page(case.url).select(".related .item-title")]

    title = {case.file: case.title for case in CASES}
    # 04: shares 古田县 with reform/01 (same series: ranked first) and digital/02; then its newest series mate
    assert related("04.md") == [title["01-gutian-zhili.md"], title["02-gutian-yiwang.md"], title["03-xiapu-yangzhi.md"]]
    # digital/02: shares a tag and the series with digital/01; 古田县 with 04 and 01, newer first
    assert related("02-gutian-yiwang.md") == [title["01-pingnan-shuzi.md"], title["04.md"], title["01-gutian-zhili.md"]]
    # reform/02 shares 寿宁县 only with the draft, which never shows
    assert title["05-draft.md"] not in related("02-shouning-xiadang.md")


def test_case_without_slug_gets_a_readable_pinyin_url(find_site: SiteDir) -> None:
    case = next(case for case in CASES if case.file == "04.md")
    assert case.url.startswith("reform/04-nian-qing-gan-bu-si-xia-ji-ceng")
    assert case.url.isascii()
    assert find_site.page(case.url).h1.get_text().endswith("：" + case.title)


def build_problems(site: SiteDir) -> list[str]:
    with pytest.raises(BuildFailed) as caught:
        site.build(search=False)
    return [problem.format() for problem in caught.value.problems]


def test_tags_whose_slugs_collide_are_an_error_naming_both_places(site: SiteDir) -> None:
    site.write("content/demo/03-xiapu.md", case_text("霞浦县海上养殖").replace("tags: [乡村振兴]", "tags: [海洋, 乡村 振兴]"))
    site.write("content/demo/04-ai.md", case_text("数字化改革").replace("tags: [乡村振兴]", "tags: [AI]"))
    site.write("content/demo/05-ai.md", case_text("智能化改革").replace("tags: [乡村振兴]", "tags: [ＡＩ]"))
    assert build_problems(site) == [
        (
            "content/demo/03-xiapu.md:5: 标签“乡村 振兴”的网址 tags/xiang-cun-zhen-xing/ 与标签“乡村振兴”（content/demo/01-gutian.md:5）相同"
            " — 两个标签会被并成一页：如果是同一个意思，请统一写成“乡村振兴”；否则请改用不会混淆的名称"
        ),
        (
            "content/demo/05-ai.md:5: 标签“ＡＩ”的网址 tags/ai/ 与标签“AI”（content/demo/04-ai.md:5）相同"
            " — 两个标签会被并成一页：如果是同一个意思，请统一写成“AI”；否则请改用不会混淆的名称"
        ),
    ]
    assert not site.output.exists()


def test_a_draft_tag_collides_too(site: SiteDir) -> None:
    site.write("content/demo/03-draft.md", case_text("草稿", front="draft: true\n").replace("tags: [乡村振兴]", "tags: [乡村-振兴]"))
    assert [line.split(": ", 1)[0] for line in build_problems(site)] == ["content/demo/03-draft.md:5"]


def test_series_folder_named_like_a_site_url_is_refused(site: SiteDir) -> None:
    site.write("content/search/_series.yaml", "title: 搜索系列\n")
    site.write("content/search/01-a.md", case_text())
    (problem,) = build_problems(site)
    assert problem.startswith("content/search: 系列文件夹名“search”与网站自用的网址 search/ 冲突 — 请给文件夹换个名字（如 search-series）")


def test_cases_without_slugs_cannot_share_a_url(site: SiteDir) -> None:
    site.write("content/demo/03.md", case_text("同一个标题"))
    site.write("content/demo/03-other.md", case_text("同一个标题"))
    problems = build_problems(site)
    assert len(problems) == 1 and problems[0].startswith("content/demo/03.md:1: 编号 3 已被 content/demo/03-other.md 使用")


def test_reserved_slugs_cover_every_top_level_url_the_site_makes() -> None:
    made = [
        urls.region_url(),
        urls.region_url(Region("古田县", "gutian")),
        urls.tag_url(Tag("乡村振兴", "xiang-cun")),
        urls.archive_url("2022", "10"),
        urls.search_url(),
        urls.search_bundle_url("index.json"),
        urls.home_url(2),
        "static/style.css",
        f"{GOV_MARK_FOLDER}/dzjg.png",  # the site's own pictures (footer.gov_mark), published where they are
    ]
    assert {url.split("/", 1)[0] for url in made} == set(RESERVED_SLUGS)
    assert urls.feed_url(Series("reform", "", "", "", "", "", "", "circled", "")) == "reform/feed.xml"
