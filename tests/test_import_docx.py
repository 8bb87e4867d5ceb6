"""``import-docx``: real Word files (made with python-docx) become case files that build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from reformpress.content.sources import parse_markdown_document
from reformpress.problems import BuildFailed

from .kit.cli import make_report_docx, run_cli
from .kit.site import SiteDir

SLUG = "03-gu-tian-xian-tan-suo-si-xia-ji-ceng-pei-yang-ji"
CASE = f"content/demo/{SLUG}.md"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return make_report_docx(tmp_path / "古田县报送稿.docx", tmp_path / "pictures")


def body_lines(text: str) -> list[str]:
    return [line for line in text.split("---\n", 2)[2].split("\n") if line]


def test_a_full_report_is_mapped_to_sections_metadata_and_pictures(site: SiteDir, report: Path) -> None:
    result = site.cli("import-docx", str(report), "--series", "demo", "--region", "古田县")
    assert result.exit_code == 0, result.output
    text = (site.root / CASE).read_text(encoding="utf-8")
    doc = parse_markdown_document(text, CASE, problems := [])
    assert doc is not None and problems == []
    assert doc.data["title"] == "古田县探索“四下基层”培养机制"  # series prefix «…系列成果展示⑯：» removed
    assert doc.data["source"] == "古田县委改革办"
    assert doc.data["units"] == ["中共古田县委组织部", "古田县委改革办"]
    assert doc.data["editor"] == "林晓"
    assert doc.data["regions"] == ["古田县"]
    picture = f"images/{SLUG}-1.png"
    assert body_lines(text) == [
        "## 编者按",
        "为迎接党的二十大胜利召开，本专栏陆续推出各地改革成果。",
        "## 引言",
        "近年来，古田县大力弘扬“四下基层”优良传统。",
        "## 改革背景",
        "培养选拔优秀年轻干部，是事关党的事业后继有人的根本大计。",
        f'![年轻干部“四下基层”实践活动启动仪式]({picture} "年轻干部“四下基层”实践活动启动仪式")',
        "## 创新做法",
        "### 一、坚持“四个一批”，优化培养路径",
        "一是规划培养一批。结合年度考核，分级分类建立信息库。",
        "#### （一）细化培养计划",
        "1. 明确年度培养目标",
        "2. 建立跟踪培养台账",
        "### 工作亮点",
        r"亮点正文，含\*\*星号\*\*和 1500 多名干部。",
        f"![](images/{SLUG}-2.png)",
        "这张图片后面紧跟的是一段很长的正文，不是图注，因为它以句号结尾并且比图注长得多得多得多得多得多。",
        "## 主要成效",
        "一是进一步密切党群干群关系。",
        "## 经验启示",
        "一是要以重要理念为根本遵循。",
    ]
    with Image.open(site.root / "content/demo" / picture) as image:
        assert image.size == (320, 200)
    with Image.open(site.root / f"content/demo/images/{SLUG}-2.png") as image:
        assert image.size == (200, 320)
    lines = result.output.strip().splitlines()
    assert lines == [
        f"{CASE}:3: 警告：Word 文件中没有找到发布时间 — 请在信息区填写 date: …",
        f"{CASE}:36: 警告：Word 中的标题“工作亮点”不是栏目名，已作为小标题保留 — 如果它是一个栏目，请改为“## 栏目名”（栏目有：编者按、引言、改革背景、创新做法、主要成效、经验启示）",
        f"{CASE}:40: 警告：图片 images/{SLUG}-2.png 没有找到图注 — 请在 ![ ] 的方括号中写上图片说明",
        f"已导入 {CASE}：6 个栏目、2 张图片；3 处需要核对（见上）。",
    ]


def test_the_imported_report_builds_into_a_page_with_figures_and_sub_headings(site: SiteDir, report: Path) -> None:
    assert site.cli("import-docx", str(report), "--series", "demo", "--region", "古田县").exit_code == 0
    site.build()
    page = site.page(f"demo/{SLUG}/")
    assert "古田县探索“四下基层”培养机制" in page.select_one("h1").get_text()
    assert [h.get_text() for h in page.select(".article-body h2")] == ["引言", "改革背景", "创新做法", "主要成效", "经验启示"]
    assert "一、坚持“四个一批”，优化培养路径" in [h.get_text() for h in page.select("h3")]
    caption = page.select_one("figure figcaption")
    assert caption is not None and caption.get_text() == "年轻干部“四下基层”实践活动启动仪式"
    assert (site.output / f"demo/images/{SLUG}-1.png").is_file()
    assert [li.get_text() for li in page.select(".article-body ol li")] == ["明确年度培养目标", "建立跟踪培养台账"]


def test_a_partial_report_says_what_it_could_not_map(site: SiteDir, tmp_path: Path) -> None:
    partial = make_report_docx(tmp_path / "partial.docx", tmp_path / "pictures", complete=False)
    result = site.cli("import-docx", str(partial), "--series", "demo", "--slug", "partial")
    assert result.exit_code == 0, result.output
    case = "content/demo/03-partial.md"
    assert result.output.strip().splitlines() == [
        f"{case}:2: 警告：Word 文件中没有找到标题 — 请在信息区填写 title: …",
        f"{case}:3: 警告：Word 文件中没有找到发布时间 — 请在信息区填写 date: …",
        f"{case}:5: 警告：Word 文件中没有找到推送单位 — 请在信息区填写 units: …",
        f"{case}:6: 警告：Word 文件中没有找到责任编辑 — 请在信息区填写 editor: …",
        f"{case}:10: 警告：第一个栏目标题之前的 1 段文字已放入“引言” — 请核对这些文字是否属于“引言”，不属于的请移动或删除",
        f"{case}:26: 警告：Word 文件中没有找到“经验启示”栏目，已留下待填写的标题 — 请补写这一栏目的内容（必备栏目不填写将无法生成网站）",
        f"已导入 {case}：4 个栏目、0 张图片；6 处需要核对（见上）。",
    ]
    text = (site.root / case).read_text(encoding="utf-8")
    assert "title: partial" in text  # the file name stands in for the missing title
    assert re.search(r"## 经验启示\n\n【待填写】 ", text)
    with pytest.raises(BuildFailed) as caught:
        site.build()
    assert [p.format() for p in caught.value.problems] == [
        f"{case}:26: 栏目“经验启示”没有内容 — 这是必备栏目，请在标题下填写内容（把“【待填写】”提示行换成正文）"
    ]


def test_not_a_docx_is_a_clean_error_and_nothing_is_written(site: SiteDir, tmp_path: Path) -> None:
    fake = tmp_path / "report.doc.docx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0 an old binary .doc file")
    result = site.cli("import-docx", str(fake), "--series", "demo")
    assert result.exit_code == 1
    assert f"{fake}: 无法读取 Word 文件：" in result.output
    assert "另存为 Word 文档 (*.docx)" in result.output
    missing = site.cli("import-docx", str(tmp_path / "nope.docx"), "--series", "demo")
    assert missing.exit_code == 1 and "找不到文件" in missing.output
    assert sorted(p.name for p in (site.root / "content/demo").iterdir()) == ["01-gutian.md", "02-shouning.md", "_series.yaml"]


def test_import_never_overwrites_pictures_or_cases(site: SiteDir, report: Path) -> None:
    site.write("content/demo/images/03-mine-1.png", b"an editor's own picture")
    result = site.cli("import-docx", str(report), "--series", "demo", "--slug", "mine")
    assert result.exit_code == 1
    assert "content/demo/images/03-mine-1.png: 这个文件已经存在，不会覆盖" in result.output
    assert (site.root / "content/demo/images/03-mine-1.png").read_bytes() == b"an editor's own picture"
    assert not (site.root / "content/demo/03-mine.md").exists()
    bad = site.cli("import-docx", str(report), "--series", "nope")
    assert "没有名为“nope”的系列" in bad.output


def test_import_as_a_real_process(site: SiteDir, report: Path) -> None:
    result = run_cli("import-docx", str(report), "--series", "demo", "--region", "古田县", "--root", str(site.root))
    assert result.returncode == 0, result.stderr
    assert f"已导入 {CASE}" in result.stdout
    build = run_cli("build", "--root", str(site.root))
    assert build.returncode == 0, build.stderr
    assert (site.output / f"demo/{SLUG}/index.html").is_file()


def test_a_word_table_keeps_its_first_row_as_the_header(site: SiteDir, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("古田县表格稿", level=0)
    document.add_heading("引言", level=1)
    document.add_paragraph("引言正文。")
    document.add_heading("改革背景", level=1)
    document.add_paragraph("背景正文。")
    document.add_heading("创新做法", level=1)
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ["指标", "数值", "培训干部", "1500 人"]):
        cell.text = text
    document.add_heading("主要成效", level=1)
    document.add_paragraph("成效正文。")
    document.add_heading("经验启示", level=1)
    document.add_paragraph("启示正文。")
    path = tmp_path / "table.docx"
    document.save(path)
    result = site.cli("import-docx", str(path), "--series", "demo", "--slug", "table", "--region", "古田县")
    assert result.exit_code == 0, result.output
    site.build()
    page = site.page("demo/03-table/")
    assert [th.get_text(strip=True) for th in page.select(".article-body table th")] == ["指标", "数值"]
    assert [td.get_text(strip=True) for td in page.select(".article-body table td")] == ["培训干部", "1500 人"]


def test_a_picture_inside_a_line_of_text_points_at_its_file(site: SiteDir, tmp_path: Path) -> None:
    import docx

    Image.new("RGB", (40, 30), (9, 9, 200)).save(tmp_path / "blue.png")
    document = docx.Document()
    document.add_heading("古田县图文稿", level=0)
    for heading in ["引言", "改革背景", "创新做法", "主要成效", "经验启示"]:
        document.add_heading(heading, level=1)
        paragraph = document.add_paragraph("正文，图片在这一行里：")
        if heading == "创新做法":
            paragraph.add_run().add_picture(str(tmp_path / "blue.png"))
    path = tmp_path / "inline.docx"
    document.save(path)
    assert site.cli("import-docx", str(path), "--series", "demo", "--slug", "inline", "--region", "古田县").exit_code == 0
    assert "picture:" not in (site.root / "content/demo/03-inline.md").read_text(encoding="utf-8")
    site.build()
    page = site.page("demo/03-inline/")
    assert [img["src"].rsplit("/", 1)[-1] for img in page.select(".article-body img")] == ["03-inline-1.png"]
