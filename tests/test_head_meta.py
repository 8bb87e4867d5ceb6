"""What each page tells portals and search engines, checked against the case files it comes from."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from reformpress.pages.headmeta import script_json
from reformpress.text.chinese import circled

from .kit.site import REPO, SiteDir

SITE = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))
SERIES = yaml.safe_load((REPO / "content/ningde-reform/_series.yaml").read_text(encoding="utf-8"))
BASE = SITE["base_url"]


def cases() -> list[tuple[Path, dict, str]]:
    """(file, front matter, body) of every example case."""
    found = []
    for path in sorted((REPO / "content/ningde-reform").glob("[0-9]*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        found.append((path, yaml.safe_load(front), body))
    return found


def named_meta(page: BeautifulSoup) -> dict[str, str]:
    """``<meta name>`` → content; fails if a name (compared without case, as HTML does) appears twice."""
    names = [tag["name"] for tag in page.find_all("meta", attrs={"name": True})]
    lowered = [name.lower() for name in names]
    assert len(lowered) == len(set(lowered)), f"a meta name appears twice: {names}"
    return {tag["name"]: tag["content"] for tag in page.find_all("meta", attrs={"name": True})}


def properties(page: BeautifulSoup) -> list[tuple[str, str]]:
    return [(tag["property"], tag["content"]) for tag in page.find_all("meta", attrs={"property": True})]


def json_ld(page: BeautifulSoup) -> dict[str, dict]:
    """Every JSON-LD document of the page by its @type."""
    documents = [json.loads(tag.string) for tag in page.find_all("script", attrs={"type": "application/ld+json"})]
    types = [d["@type"] for d in documents]
    assert len(types) == len(set(types))
    return {d["@type"]: d for d in documents}


def intro_text(body: str) -> str:
    """The plain text under ``## 引言`` of a case body."""
    section = body.split("## 引言", 1)[1].split("\n## ", 1)[0]
    return re.sub(r"\s+", " ", section).strip()


def test_every_article_carries_the_government_meta_tags_of_its_case_file(example_site: SiteDir) -> None:
    for path, front, body in cases():
        url = f"ningde-reform/{path.stem}/"
        page = example_site.page(url)
        meta = named_meta(page)
        images = re.findall(r"!\[[^\]]*\]\((images/[^ )]+)", body)
        first_image = front.get("cover") or images[0]
        expected = {
            "SiteName": SITE["title"],
            "SiteDomain": "gg.example.gov.cn",
            "ColumnName": SERIES["column"],
            "ColumnDescription": SERIES["description"],
            "ColumnKeywords": ",".join(SITE["keywords"]),
            "ColumnType": SITE["column_type"],
            "ArticleTitle": f"{SERIES['title']}{circled(front['number'])}：{front['title']}",
            "PubDate": front["date"],
            "ContentSource": front.get("source", SERIES["source"]),
            "Keywords": ",".join(front["tags"] + front["regions"]),
            "Author": "、".join(front["units"]),
            "Image": BASE + "ningde-reform/" + first_image,
            "Url": BASE + url,
        }
        assert {name: meta.get(name) for name in expected} == expected, path.name
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", meta["PubDate"])
        assert "SiteIDCode" not in meta, "never invented: site.yaml has no site_id_code"
        description = meta["Description"]
        if "summary" in front:
            assert description == front["summary"]
        else:
            intro = intro_text(body)
            assert intro.startswith(description) and description.endswith(("。", "！", "？", "；")), description
            assert 20 <= len(description) <= 120
            assert len(description) == len(intro) or intro[len(description) - 1] in "。！？；"
        assert page.find("link", rel="canonical")["href"] == BASE + url


def test_open_graph_and_canonical_on_an_article(example_site: SiteDir) -> None:
    page = example_site.page("ningde-reform/12-fuding-baicha-biaozhunhua/")
    found = properties(page)
    og = dict(found)
    assert og["og:type"] == "article"
    assert og["og:url"] == BASE + "ningde-reform/12-fuding-baicha-biaozhunhua/"
    assert og["og:title"] == named_meta(page)["ArticleTitle"]
    assert og["og:description"] == named_meta(page)["Description"]
    assert og["og:image"] == BASE + "ningde-reform/images/fuding-tea.jpg"  # the cover, in its series' folder
    assert og["og:locale"] == "zh_CN" and og["og:site_name"] == SITE["title"]
    assert og["article:published_time"].endswith("+08:00")
    front = next(front for path, front, _ in cases() if path.stem == "12-fuding-baicha-biaozhunhua")
    assert [v for k, v in found if k == "article:tag"] == front["tags"]
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "800")  # the cover is also a figure: its size is known


def test_news_article_and_breadcrumb_json_ld_match_the_case(example_site: SiteDir) -> None:
    for path, front, body in cases():
        url = f"ningde-reform/{path.stem}/"
        page = example_site.page(url)
        documents = json_ld(page)
        assert set(documents) == {"NewsArticle", "BreadcrumbList"}
        article = documents["NewsArticle"]
        assert article["@context"] == "https://schema.org"
        assert article["headline"] == f"{SERIES['title']}{circled(front['number'])}：{front['title']}"
        assert article["datePublished"] == front["date"].replace(" ", "T") + ":00+08:00"
        assert article["mainEntityOfPage"]["@id"] == article["url"] == BASE + url
        assert [a["name"] for a in article["author"]] == front["units"]
        assert article["editor"]["name"] == front["editor"]
        assert article["publisher"]["name"] == SITE["footer"]["host"]
        assert article["keywords"] == front["tags"]
        assert article["isPartOf"]["name"] == SERIES["title"] and article["position"] == front["number"]
        images = re.findall(r"!\[[^\]]*\]\((images/[^ )]+)", body)
        expected_images = list(dict.fromkeys(([front["cover"]] if "cover" in front else []) + images))
        assert article["image"] == [BASE + "ningde-reform/" + src for src in expected_images]
        assert article["description"] == named_meta(page)["Description"]
        crumbs = documents["BreadcrumbList"]["itemListElement"]
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
        assert [(c["name"], c["item"]) for c in crumbs] == [("首页", BASE), (SERIES["title"], BASE + "ningde-reform/")]


def test_column_and_home_pages_say_what_they_are(example_site: SiteDir) -> None:
    home = named_meta(example_site.page(""))
    assert home["SiteName"] == SITE["title"] and home["description"] == SITE["description"]
    assert not {"ColumnName", "ArticleTitle", "PubDate"} & set(home)
    assert "BreadcrumbList" not in json_ld(example_site.page(""))

    series = named_meta(example_site.page("ningde-reform/"))
    assert series["ColumnName"] == SERIES["column"] and series["ColumnType"] == SITE["column_type"]
    assert series["description"] == SERIES["description"] and "ArticleTitle" not in series

    region = example_site.page("regions/gutian/")
    assert named_meta(region)["ColumnName"] == "古田县"
    assert named_meta(region)["description"].startswith("古田县的改革成果稿件，共 ")
    crumbs = json_ld(region)["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["首页", "地区", "古田县"] and crumbs[-1]["item"] == BASE + "regions/gutian/"

    missing = example_site.page("404.html")
    assert named_meta(missing)["robots"] == "noindex"
    assert missing.find("link", rel="canonical") is None and json_ld(missing) == {}
    assert named_meta(example_site.page("ningde-reform/print/"))["robots"] == "noindex"


def test_site_id_code_and_footer_facts_appear_only_when_configured(site: SiteDir) -> None:
    site.build()
    page = site.page("demo/01-gutian/")
    assert "SiteIDCode" not in named_meta(page)
    footer = page.select_one(".site-footer").get_text()
    assert "闽ICP备00000000号" in footer
    for label in ("网站标识码", "主办单位", "公安机关", "许可证", "举报电话", "新闻热线", "地址", "广告"):
        assert label not in footer, f"{label} shown though site.yaml does not set it"

    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write(
        "site.yaml",
        text.replace(
            "footer:\n  icp: 闽ICP备00000000号\n",
            "footer:\n  icp: 闽ICP备00000000号\n  site_id_code: '3509000001'\n  host: 测试市委改革办\n  police_record: 闽公网安备 35090202000001号\n"
            "  police_record_url: https://beian.mps.gov.cn/\n  report_phone: 0593-1234567\n  address: 测试市示例路 1 号\n  news_license: 35120000001\n",
        ),
    )
    site.build()
    for url in ("", "demo/", "demo/01-gutian/", "regions/gutian/"):
        assert named_meta(site.page(url))["SiteIDCode"] == "3509000001", url
    footer = site.page("demo/01-gutian/").select_one(".site-footer")
    text = footer.get_text()
    for fact in ("网站标识码：3509000001", "主办单位：测试市委改革办", "互联网新闻信息服务许可证编号：35120000001", "违法和不良信息举报电话：0593-1234567", "地址：测试市示例路 1 号"):
        assert fact in text
    assert footer.find("a", string="闽公网安备 35090202000001号")["href"] == "https://beian.mps.gov.cn/"
    assert footer.find("a", string="闽ICP备00000000号")["href"] == "https://beian.miit.gov.cn/"


def test_summary_from_front_matter_wins_and_long_intros_are_cut_at_a_sentence_end(site: SiteDir) -> None:
    from .kit.site import case_text

    long_intro = "第一句说明改革的来由，篇幅较长，" + "内容" * 30 + "。第二句继续展开，同样很长，" + "细节" * 40 + "。第三句。"
    site.write("content/demo/01-gutian.md", case_text(body=f"## 引言\n\n{long_intro}\n\n## 改革背景\n\n背景。\n\n## 创新做法\n\n做法。\n\n## 主要成效\n\n成效。\n\n## 经验启示\n\n启示。\n"))
    site.write("content/demo/02-shouning.md", case_text("寿宁县推进下党乡村振兴", front="summary: 编辑写的摘要。\n"))
    site.build()
    assert named_meta(site.page("demo/02-shouning/"))["Description"] == "编辑写的摘要。"
    cut = named_meta(site.page("demo/01-gutian/"))["Description"]
    assert long_intro.startswith(cut) and cut.endswith("。") and len(cut) <= 120
    assert cut == long_intro.split("。")[0] + "。"


def test_json_ld_cannot_close_its_script_element() -> None:
    text = script_json({"headline": "</script><script>alert(1)</script> & 改革"})
    assert "</" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & 改革"
