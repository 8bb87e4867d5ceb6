"""The repo's example site, built and read as a reader would."""

from __future__ import annotations

import yaml

from reformpress.text.chinese import circled

from .kit.example import case_files, front_matter
from .kit.site import REPO, SiteDir, internal_links

SECTION_ORDER = ["引言", "改革背景", "创新做法", "主要成效", "经验启示"]


def test_the_example_has_at_least_six_reports_from_different_counties() -> None:
    regions = {front_matter(path)["regions"][0] for path in case_files()}
    assert len(case_files()) >= 6
    assert len(regions) >= 6


def test_every_report_page_shows_title_meta_sections_and_footer(example_site: SiteDir) -> None:
    series = yaml.safe_load((REPO / "content/ningde-reform/_series.yaml").read_text(encoding="utf-8"))
    for path in case_files():
        meta = front_matter(path)
        url = f"ningde-reform/{path.stem}/"
        page = example_site.page(url)
        assert page.html["lang"] == "zh-CN"
        (h1,) = page.find_all("h1")
        assert h1.get_text() == f"{series['title']}{circled(meta['number'])}第{meta['number']}篇：{meta['title']}"
        assert page.select_one("h1 .ordinal").get_text() == circled(meta["number"])
        assert page.select_one(".meta time").get_text() == meta["date"]
        assert f"来源：{meta.get('source', series['source'])}" in page.select_one(".meta").get_text()
        headings = [h.get_text() for h in page.select(".article-body > section > h2")]
        assert headings == [h for h in SECTION_ORDER if h in headings] and headings[-4:] == SECTION_ORDER[-4:]
        footer = page.select_one(".article-footer").get_text()
        assert f"推送单位：{'、'.join(meta['units'])}" in footer
        assert f"责任编辑：{meta['editor']}" in footer
        assert page.select_one(".editor-note") is not None
        for img in page.select(".article-body figure img"):
            file = example_site.output / url / img["src"]
            assert file.is_file() and int(img["width"]) > 0 and int(img["height"]) > 0
        assert page.select(".article-body figure figcaption")


def test_series_page_lists_reports_in_series_order(example_site: SiteDir) -> None:
    page = example_site.page("ningde-reform/")
    titles = [a.get_text() for a in page.select(".series-items .item-title")]
    expected = [circled(front_matter(p)["number"]) + f"第{front_matter(p)['number']}篇：" + front_matter(p)["title"] for p in case_files()]
    assert titles == expected[: len(titles)]
    assert page.select_one(".editor-note") is not None


def test_prev_next_follow_the_series_and_related_news_is_present(example_site: SiteDir) -> None:
    files = case_files()
    middle = example_site.page(f"ningde-reform/{files[1].stem}/")
    assert middle.select_one(".prev a")["href"] == f"../{files[0].stem}/"
    assert middle.select_one(".next a")["href"] == f"../{files[2].stem}/"
    assert len(middle.select(".related .item")) >= 1


def test_every_internal_link_resolves_to_a_file(example_site: SiteDir) -> None:
    links = internal_links(example_site.output)
    assert len(links) > 200
    broken = sorted({(page, target) for page, target in links if not (example_site.output / target).is_file()})
    assert broken == []


def test_every_page_has_one_h1_and_the_language(example_site: SiteDir) -> None:
    from bs4 import BeautifulSoup

    pages = sorted(example_site.output.rglob("*.html"))
    assert len(pages) > 30
    for file in pages:
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        assert len(soup.find_all("h1")) == 1, file
        assert soup.html["lang"] == "zh-CN"


def test_region_and_tag_pages_list_their_reports(example_site: SiteDir) -> None:
    gutian = example_site.page("regions/gutian/")
    assert "宁德市探索建立年轻干部“四下基层”培养锻炼工作机制" in [a.get_text() for a in gutian.select(".item-title")]
    tags = example_site.page("tags/")
    counts = {a.get_text(): a.find_next_sibling("span").get_text() for a in tags.select(".terms-list a")}
    assert counts["乡村振兴"] == "（{} 篇）".format(sum("乡村振兴" in front_matter(p)["tags"] for p in case_files()))
