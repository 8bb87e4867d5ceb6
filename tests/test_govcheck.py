"""``check --gov``: the 自查报告 on a site that passes every item, and on sites that fail each, read from the built pages."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta

from .kit.site import SiteDir, case_text, report_of

FOOTER = """\
footer:
  host: 测试市委改革办
  icp: 闽ICP备00000000号-1
  police_record: 闽公网安备 35090202000000号
  site_id_code: "3509000000"
  error_report_url: https://jiucuo.example.gov.cn/report?site=3509000000&from=footer
  gov_mark: {image: images/dzjg.png, url: "https://bszs.example.org/sitename?method=show&id=TEST0001"}
"""



def mark_png() -> bytes:
    """A small PNG standing in for the mark the issuing office gives (the project ships none)."""
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (110, 55), (200, 20, 20)).save(stream, "PNG")
    return stream.getvalue()


MARK_PNG = mark_png()


def gov(site: SiteDir, *args: str) -> tuple[int, dict]:
    result = site.cli("check", "--gov", "--format", "json", *args)
    return result.exit_code, json.loads(result.output)


def statuses(report: dict) -> dict[str, str]:
    return {item["key"]: item["status"] for item in report["items"]}


def fresh_site(site: SiteDir) -> SiteDir:
    """The kit's small site, dated today, every region with a report, the footer complete."""
    yaml = (site.root / "site.yaml").read_text(encoding="utf-8")
    yaml = re.sub(r"(?ms)^footer:\n(?:  .*\n)*", "", yaml) + FOOTER + "update_every: 14\n"
    site.write("site.yaml", yaml)
    site.write("images/dzjg.png", MARK_PNG)
    today = (datetime.now() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    for case in (site.root / "content/demo").glob("*.md"):
        case.write_text(re.sub(r"(?m)^date: .*$", f"date: {today}", case.read_text(encoding="utf-8")), encoding="utf-8")
    regions = re.findall(r"(?m)^  (\S+): [a-z-]+$", yaml.split("regions:", 1)[1].split("\n\n")[0])
    for number, name in enumerate(regions, 3):
        site.write(f"content/demo/{number:02d}-r{number}.md", case_text(f"{name}的改革案例", date=today).replace("[古田县]", f"[{name}]"))
    site.build()
    return site


def test_a_site_that_meets_every_item_passes(site: SiteDir) -> None:
    code, report = gov(fresh_site(site))
    assert code == 0 and report["failed"] == 0, report
    found = statuses(report)
    assert found.pop("back-dated") == "skip"  # not a git checkout: said, not guessed (see the git test below)
    assert set(found.values()) == {"pass"}, found
    link = site.page("index.html").select_one(".footer-report a")
    assert link is not None and link.get_text() == "我为政府网站找错" and link["href"].endswith("&from=footer")
    dates_item = next(item for item in report["items"] if item["key"] == "dates-shown")
    assert re.match(r"全部 \d+ 篇稿件", dates_item["detail"])


def test_each_item_fails_where_the_site_does(site: SiteDir) -> None:
    fresh_site(site)
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace('  site_id_code: "3509000000"\n', ""))
    site.write("content/demo/01-gutian.md", case_text(date="2022-10-26 15:47"))  # the newest is still today's
    base = (site.root / "templates/base.html").read_text(encoding="utf-8")
    site.write("templates/base.html", base.replace("</head>", '<script src="https://cdn.example.com/x.js"></script></head>', 1))
    article = (site.root / "templates/article.html").read_text(encoding="utf-8")
    site.write("templates/article.html", article.replace("{{ article.pub_date }}", ""))
    site.build()
    code, report = gov(site)
    found = statuses(report)
    assert code == 1
    assert found["footer-site_id_code"] == found["outside-requests"] == found["dates-shown"] == "fail", found
    outside = next(item for item in report["items"] if item["key"] == "outside-requests")
    assert any("https://cdn.example.com/x.js" in where for where in outside["where"])


def test_the_example_is_reported_as_an_inspector_would_see_it(example_site: SiteDir) -> None:
    """The example's reports date from 2022 and its footer has no 网站标识码: the report says so, and where; 周宁县 has no report, and no page."""
    result = example_site.cli("check", "--gov")
    assert result.exit_code == 1
    text = result.output
    assert "[通过] 稿件标注发布日期 — 全部" in text
    assert "[通过] 空白栏目 — 没有空白栏目；1 个地区还没有稿件，未生成也未链接它们的页面" in text and "    周宁县" in text
    assert "[不通过] 首页更新 — 最新一篇发布于 2022-" in text
    assert "[不通过] 栏目更新（各系列的更新周期 update_every） — 1 个系列超过更新周期" in text and "更新周期 14 天" in text
    assert "[不通过] 页脚：网站标识码" in text and "国办发〔2017〕47号" in text
    assert "[不通过] 页脚：「我为政府网站找错」入口" in text
    assert "我为政府网站找错" not in (example_site.output / "index.html").read_text(encoding="utf-8")  # never shown unconfigured
    assert re.search(r"合计：通过 \d+ 项，提醒 0 项，不通过 \d+ 项", text)


def test_a_series_past_its_update_every_fails_and_a_finished_one_is_exempt(site: SiteDir) -> None:
    fresh_site(site)
    site.write("content/old/_series.yaml", "title: 旧系列\nupdate_every: 30\n")
    two_months_ago = (datetime.now() - timedelta(days=60, hours=1)).strftime("%Y-%m-%d %H:%M")
    site.write("content/old/01-old.md", case_text("两个月前的稿件", date=two_months_ago))
    site.build()
    code, report = gov(site)
    item = next(i for i in report["items"] if i["key"] == "series-updated")
    assert code == 1 and item["status"] == "fail" and item["detail"].startswith("1 个系列超过更新周期没有新稿件"), item
    assert f"content/old/_series.yaml: 《旧系列》最新一篇发布于 {two_months_ago}，距今 60 天，更新周期 30 天" in item["where"]
    assert any(where.startswith("content/demo/_series.yaml: 《测试市全面深化改革系列成果展示》最新一篇") and where.endswith("距今 0 天，更新周期 14 天") for where in item["where"])  # site.yaml's default
    site.write("content/old/_series.yaml", "title: 旧系列\nupdate_every: 30\nfinished: true\n")
    code, report = gov(site)
    item = next(i for i in report["items"] if i["key"] == "series-updated")
    assert code == 0 and item["status"] == "pass", item
    assert "content/old/_series.yaml: 《旧系列》已完结（finished: true），不再要求更新" in item["where"]
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace("update_every: 14\n", ""))
    item = next(i for i in gov(site)[1]["items"] if i["key"] == "series-updated")
    assert item["status"] == "warn" and item["detail"] == "1 个系列没有设置更新周期，无法判断是否按时更新", item


def test_update_every_must_be_a_number_of_days(site: SiteDir) -> None:
    site.write("content/demo/_series.yaml", (site.root / "content/demo/_series.yaml").read_text(encoding="utf-8") + "update_every: 0\n")
    assert any(line.startswith("content/demo/_series.yaml:5: ") and "update_every" in line for line in report_of(site))
    site.write("content/demo/_series.yaml", (site.root / "content/demo/_series.yaml").read_text(encoding="utf-8").replace("update_every: 0", "update_every: 每月"))
    assert any(line.startswith("content/demo/_series.yaml:5: ") and "update_every" in line for line in report_of(site))


def test_the_gov_mark_is_shown_only_when_configured_and_published_from_the_site(site: SiteDir) -> None:
    site.build()
    assert site.page("index.html").select_one(".footer-mark") is None and not (site.output / "images").exists()
    _, report = gov(fresh_site(site))
    for page in ("index.html", "demo/01-gutian/"):
        link = site.page(page).select_one(".site-footer .footer-mark a")
        assert link is not None and link["href"] == "https://bszs.example.org/sitename?method=show&id=TEST0001"
        image = link.select_one("img")
        assert image["alt"] == "党政机关网站标识" and "://" not in image["src"]  # the site's own copy, not the issuer's server
    assert site.page("demo/01-gutian/").select_one(".footer-mark img")["src"] == "../../images/dzjg.png"
    assert (site.output / "images/dzjg.png").read_bytes() == MARK_PNG
    item = next(i for i in report["items"] if i["key"] == "footer-gov_mark")
    assert item["status"] == "pass" and statuses(report)["outside-requests"] == "pass"
    (site.root / "images/dzjg.png").unlink()
    yaml = (site.root / "site.yaml").read_text(encoding="utf-8")
    line = yaml.splitlines().index(next(text for text in yaml.splitlines() if "gov_mark:" in text)) + 1
    assert f"site.yaml:{line}: 找不到党政机关网站标识图片 images/dzjg.png — 把主管部门发放的标识图片放到站点文件夹的 images/dzjg.png（与 site.yaml 相对），或改正 footer.gov_mark.image；本程序不附带这张图片" in report_of(site)
    site.write("site.yaml", yaml.replace("image: images/dzjg.png", "image: ../dzjg.png"))
    assert any(text.startswith(f"site.yaml:{line}: 党政机关网站标识图片的路径 ../dzjg.png 不可用") for text in report_of(site))
    site.write("site.yaml", yaml.replace("\n  gov_mark:", "\n  # gov_mark:"))
    site.build()
    assert site.page("index.html").select_one(".footer-mark") is None
    assert statuses(gov(site)[1])["footer-gov_mark"] == "fail"


def test_each_report_page_links_to_the_error_report_address_only_when_asked(site: SiteDir) -> None:
    from urllib.parse import quote

    from reformpress.model import Footer
    from reformpress.urls import error_report_link

    fresh_site(site)
    assert site.page("demo/01-gutian/").select_one(".article-report") is None  # the footer's entry alone, unless asked
    yaml = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", yaml.replace("  gov_mark:", "  error_report_per_article: true\n  gov_mark:"))
    site.build()
    link = site.page("demo/01-gutian/").select_one(".article-report")
    assert link.get_text() == "纠错" and link["href"] == "https://jiucuo.example.gov.cn/report?site=3509000000&from=footer"
    site.write("site.yaml", yaml.replace("  gov_mark:", "  error_report_per_article: true\n  error_report_page_param: url\n  gov_mark:"))
    site.build()
    page = "https://example.gov.cn/gg/demo/01-gutian/"
    assert site.page("demo/01-gutian/").select_one(".article-report")["href"] == "https://jiucuo.example.gov.cn/report?site=3509000000&from=footer&url=" + quote(page, safe="")
    assert site.page("index.html").select_one(".article-report") is None  # report pages only
    assert error_report_link(Footer(error_report_url="https://jc.example.gov.cn/r", error_report_per_article=True, error_report_page_param="url"), page) == "https://jc.example.gov.cn/r?url=https%3A%2F%2Fexample.gov.cn%2Fgg%2Fdemo%2F01-gutian%2F"
    assert error_report_link(Footer(error_report_per_article=True, error_report_page_param="url"), page) is None  # never made up
    site.write("site.yaml", re.sub(r"  error_report_url: .*\n", "", yaml).replace("  gov_mark:", "  error_report_per_article: true\n  gov_mark:"))
    assert any(re.match(r"site\.yaml:\d+: 字段“error_report_per_article”.*没有 error_report_url", text) for text in report_of(site))


def test_a_personal_number_fails_the_report_with_its_line(site: SiteDir) -> None:
    fresh_site(site)
    site.write("content/demo/02-shouning.md", case_text(front="summary: 联系 13905931234\n").replace("[古田县]", "[寿宁县]"))
    code, report = gov(site)
    item = next(item for item in report["items"] if item["key"] == "personal")
    assert code == 1 and item["status"] == "fail" and item["where"] == ["content/demo/02-shouning.md:6"]


def git(root, *args: str, when: str | None = None) -> None:
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.gov.cn", "GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.gov.cn"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_a_report_dated_long_before_it_was_first_committed_is_back_dated(site: SiteDir) -> None:
    fresh_site(site)
    code, report = gov(site)
    assert statuses(report)["back-dated"] == "skip" and "git" in next(i for i in report["items"] if i["key"] == "back-dated")["detail"]
    git(site.root, "init", "-q")
    git(site.root, "add", "site.yaml", "templates", "content")
    git(site.root, "commit", "-q", "-m", "稿件", when=datetime.now().strftime("%Y-%m-%dT%H:%M:%S+08:00"))
    assert statuses(gov(site)[1])["back-dated"] == "pass"  # dated an hour ago, committed now
    ten_days_ago = (datetime.now() - timedelta(days=10)).strftime("%Y-%m-%d %H:%M")
    site.write("content/demo/09-late.md", case_text("补发的稿件", date=ten_days_ago))
    git(site.root, "add", "content")
    git(site.root, "commit", "-q", "-m", "补发", when=datetime.now().strftime("%Y-%m-%dT%H:%M:%S+08:00"))
    site.build()
    code, report = gov(site)
    item = next(i for i in report["items"] if i["key"] == "back-dated")
    assert code == 1 and item["status"] == "fail" and item["where"][0].startswith(f"content/demo/09-late.md: 发布时间 {ten_days_ago}")
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + "backdate_days: 14\n")
    site.build()
    assert statuses(gov(site)[1])["back-dated"] == "pass"  # the office allows two weeks for reports filed late


def test_empty_regions_are_not_built_or_linked_unless_asked_and_then_counted(example_site: SiteDir, tmp_path) -> None:
    import shutil

    output = example_site.output
    assert not (output / "regions/zhouning").exists()
    assert "zhouning" not in (output / "index.html").read_text(encoding="utf-8") + (output / "regions/index.html").read_text(encoding="utf-8") + (output / "sitemap.xml").read_text(encoding="utf-8")
    copy = SiteDir(tmp_path / "site")
    shutil.copytree(example_site.root, copy.root, ignore=shutil.ignore_patterns("output", ".cache"))
    copy.write("site.yaml", (copy.root / "site.yaml").read_text(encoding="utf-8") + "show_empty_regions: true\n")
    copy.build(search=False)
    assert "暂无稿件" in (copy.output / "regions/zhouning/index.html").read_text(encoding="utf-8")
    item = next(i for i in gov(copy)[1]["items"] if i["key"] == "empty-columns")
    assert item["status"] == "warn" and item["where"] == ["周宁县"]

