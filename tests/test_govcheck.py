"""``check --gov``: the 自查报告 on a site that passes every item, and on sites that fail each, read from the built pages."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from .kit.site import SiteDir, case_text

FOOTER = """\
footer:
  host: 测试市委改革办
  icp: 闽ICP备00000000号-1
  police_record: 闽公网安备 35090202000000号
  site_id_code: "3509000000"
  error_report_url: https://jiucuo.example.gov.cn/report?site=3509000000&from=footer
"""


def gov(site: SiteDir, *args: str) -> tuple[int, dict]:
    result = site.cli("check", "--gov", "--format", "json", *args)
    return result.exit_code, json.loads(result.output)


def statuses(report: dict) -> dict[str, str]:
    return {item["key"]: item["status"] for item in report["items"]}


def fresh_site(site: SiteDir) -> SiteDir:
    """The kit's small site, dated today, every region with a report, the footer complete."""
    yaml = (site.root / "site.yaml").read_text(encoding="utf-8")
    yaml = re.sub(r"(?ms)^footer:\n(?:  .*\n)*", "", yaml) + FOOTER
    site.write("site.yaml", yaml)
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
    assert "[不通过] 页脚：网站标识码" in text and "国办发〔2017〕47号" in text
    assert "[不通过] 页脚：「我为政府网站找错」入口" in text
    assert "我为政府网站找错" not in (example_site.output / "index.html").read_text(encoding="utf-8")  # never shown unconfigured
    assert re.search(r"合计：通过 \d+ 项，提醒 0 项，不通过 \d+ 项", text)


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

