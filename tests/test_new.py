"""``new``: a case scaffold an editor can fill in, which the build refuses until it is filled in."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from reformpress.content.sources import parse_markdown_document
from reformpress.problems import BuildFailed

from .kit.cli import run_cli
from .kit.site import SiteDir

HEADINGS = ["编者按", "引言", "改革背景", "创新做法", "主要成效", "经验启示"]
NEW_FILE = "content/demo/03-gu-tian-xian-tui-jin-shi-yong-jun-chan-ye-gai-ge.md"


def new(site: SiteDir, *args: str):
    return site.cli("new", "demo", "--region", "古田县", "--title", "古田县推进食用菌产业改革", *args)


def test_new_writes_the_next_number_with_todays_date_defaults_and_every_section(site: SiteDir) -> None:
    result = new(site)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"已创建 {NEW_FILE}（第 3 篇）。请打开它，把每个“【待填写】”行换成正文，再运行 check 检查。"
    text = (site.root / NEW_FILE).read_text(encoding="utf-8")
    doc = parse_markdown_document(text, NEW_FILE, problems := [])
    assert doc is not None and problems == []
    assert doc.data["title"] == "古田县推进食用菌产业改革"
    assert doc.data["regions"] == ["古田县"]
    assert doc.data["source"] == "测试市委改革办"  # the series' default, written out for the editor to see
    written = datetime.strptime(doc.data["date"], "%Y-%m-%d %H:%M")
    now = datetime.now(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
    assert timedelta(0) <= now - written < timedelta(minutes=2)
    headings = re.findall(r"^## (.+)$", doc.body, re.MULTILINE)
    assert headings == HEADINGS
    hints = re.findall(r"^## .+\n\n(.+)$", doc.body, re.MULTILINE)
    assert len(hints) == 6 and all(hint.startswith("【待填写】") for hint in hints)
    assert hints[2].endswith("（必填）") and not hints[1].endswith("（必填）")

    again = site.cli("new", "demo", "--title", "另一篇", "--slug", "ling-yi")
    assert again.exit_code == 0
    assert (site.root / "content/demo/04-ling-yi.md").is_file()


def test_an_unfilled_scaffold_is_refused_by_the_build_at_each_required_heading(site: SiteDir) -> None:
    new(site)
    with pytest.raises(BuildFailed) as caught:
        site.build()
    lines = [p.format() for p in caught.value.problems]
    hint = "这是必备栏目，请在标题下填写内容（把“【待填写】”提示行换成正文）"
    assert lines == [
        f"{NEW_FILE}:19: 栏目“改革背景”没有内容 — {hint}",
        f"{NEW_FILE}:23: 栏目“创新做法”没有内容 — {hint}",
        f"{NEW_FILE}:27: 栏目“主要成效”没有内容 — {hint}",
        f"{NEW_FILE}:31: 栏目“经验启示”没有内容 — {hint}",
    ]


def test_hints_are_never_published_and_optional_sections_may_stay_unfilled(site: SiteDir) -> None:
    new(site)
    path = site.root / NEW_FILE
    text = path.read_text(encoding="utf-8")
    for heading in ("改革背景", "创新做法", "主要成效", "经验启示"):
        text = re.sub(rf"(## {heading}\n\n)【待填写】.*", rf"\g<1>{heading}的正文。", text)
    path.write_text(text, encoding="utf-8")
    site.build()
    page = site.page("demo/03-gu-tian-xian-tui-jin-shi-yong-jun-chan-ye-gai-ge/")
    assert "古田县推进食用菌产业改革" in page.select_one("h1").get_text()
    assert "经验启示的正文。" in page.get_text()
    assert "待填写" not in page.get_text()
    assert [h.get_text() for h in page.select(".article-body h2")] == ["改革背景", "创新做法", "主要成效", "经验启示"]


def test_new_refuses_to_overwrite_and_names_the_file(site: SiteDir) -> None:
    before = (site.root / "content/demo/01-gutian.md").read_bytes()
    result = new(site, "--number", "1")
    assert result.exit_code == 1
    assert "content/demo/01-gutian.md: 这个文件已经存在，不会覆盖 — 请换一个编号或网址名" in result.output
    assert "共发现 1 个错误，没有创建或修改任何文件。" in result.output
    assert (site.root / "content/demo/01-gutian.md").read_bytes() == before
    assert sorted(p.name for p in (site.root / "content/demo").iterdir()) == ["01-gutian.md", "02-shouning.md", "_series.yaml"]


def test_unknown_series_and_region_list_the_valid_choices(site: SiteDir) -> None:
    result = site.cli("new", "dmeo", "--title", "标题")
    assert result.exit_code == 1
    assert "content/: 没有名为“dmeo”的系列，是不是“demo”？ — 改为 demo；可用的系列有：demo" in result.output
    result = site.cli("new", "demo", "--title", "标题", "--region", "古天县")
    assert result.exit_code == 1
    assert "site.yaml:10: 地区“古天县”不在 site.yaml 的 regions 列表中，是不是“古田县”？" in result.output
    result = site.cli("new", "demo", "--title", "标题", "--region", "北京市")
    assert "请改用已有地区名：古田县、寿宁县、霞浦县" in result.output
    result = site.cli("new", "demo", "--title", "标题", "--slug", "Bad Slug")
    assert "网址名“Bad Slug”不可用" in result.output
    assert sorted(p.name for p in (site.root / "content/demo").iterdir()) == ["01-gutian.md", "02-shouning.md", "_series.yaml"]


def test_titles_that_need_quoting_survive_as_yaml(site: SiteDir) -> None:
    title = "“两个确立”: 古田县 #1 改革 [试点]"
    assert site.cli("new", "demo", "--title", title, "--slug", "quoted").exit_code == 0
    doc = parse_markdown_document((site.root / "content/demo/03-quoted.md").read_text(encoding="utf-8"), "x", problems := [])
    assert problems == [] and doc is not None and doc.data["title"] == title


def test_new_speaks_english_on_an_english_site(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace("language: zh-CN", "language: en"))
    result = site.cli("new", "demo", "--title", "Reform of permits", "--slug", "permits")
    assert result.exit_code == 0
    assert result.output.startswith("Created content/demo/03-permits.md (number 3).")
    text = (site.root / "content/demo/03-permits.md").read_text(encoding="utf-8")
    assert "[to fill in] Why: the problem, the mandate and the local situation. (required)" in text
    result = site.cli("new", "nope", "--title", "x")
    assert "there is no series named 'nope'" in result.output


def test_new_as_a_real_process(site: SiteDir) -> None:
    result = run_cli("new", "demo", "--region", "寿宁县", "--title", "寿宁县改革", "--root", str(site.root))
    assert result.returncode == 0, result.stderr
    assert "content/demo/03-shou-ning-xian-gai-ge.md" in result.stdout
    assert "regions: [寿宁县]" in (site.root / "content/demo/03-shou-ning-xian-gai-ge.md").read_text(encoding="utf-8")
    failed = run_cli("new", "demo", "--title", "x", "--number", "2", "--root", str(site.root))
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "content/demo/02-shouning.md: 这个文件已经存在" in failed.stderr
