"""Each kind of editor mistake gets its own clear report: file, line, what, how to fix."""

from __future__ import annotations

import pytest

from reformpress.problems import BuildFailed

from .kit.site import SiteDir, case_text, make_image, report_of


def test_unknown_front_matter_key_names_the_line_and_suggests_the_right_key(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="titel: 错别字\n"))
    assert report_of(site) == [
        "content/demo/01-gutian.md:6: 不认识的字段“titel”，是不是“title”？ — 改为 title；可用字段有：title, number, date, source, units, editor, regions, tags, summary, slug, draft, highlights, cover, sections, review"
    ]


def test_missing_required_field(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text().replace("title: 古田县探索乡村治理新机制\n", ""))
    assert report_of(site) == ["content/demo/01-gutian.md:1: 缺少必填字段“title”（标题） — 请添加一行 title: …"]


def test_missing_required_section(site: SiteDir) -> None:
    text = case_text().replace("## 经验启示\n\n启示内容。\n", "")
    site.write("content/demo/01-gutian.md", text)
    assert report_of(site) == ["content/demo/01-gutian.md:7: 缺少必备栏目“经验启示” — 请添加“## 经验启示”及其内容"]


def test_an_unclosed_code_fence_is_named_instead_of_the_sections_it_swallowed(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text().replace("引言第一句。", "引言第一句。\n```"))
    (line,) = report_of(site)
    assert line.startswith("content/demo/01-gutian.md:10: 这一行的 ``` 开始了一段代码，但后面没有结束它的 ```")
    site.write("content/demo/01-gutian.md", case_text().replace("引言第一句。", "引言第一句。\n```\nprint(1)\n```"))
    site.build()  # a closed block is fine


def test_unknown_section_heading_suggests_the_schema_heading(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text().replace("## 主要成效", "## 主要成果"))
    (line,) = report_of(site)
    assert line.startswith("content/demo/01-gutian.md:21: 不认识的栏目标题“主要成果”，是不是“主要成效”？ — 改为“## 主要成效”")


def test_section_aliases_and_numbered_headings_are_accepted(site: SiteDir) -> None:
    text = case_text().replace("## 创新做法", "## 主要做法").replace("## 改革背景", "## 一、改革背景：")
    site.write("content/demo/01-gutian.md", text)
    site.build()
    headings = [h.get_text() for h in site.page("demo/01-gutian/").select(".article-body h2")]
    assert headings == ["引言", "改革背景", "创新做法", "主要成效", "经验启示"]


def test_duplicate_number_in_a_series(site: SiteDir) -> None:
    site.write("content/demo/02-shouning.md", case_text("寿宁县", front="number: 1\n"))
    lines = report_of(site)
    assert "content/demo/02-shouning.md:6: 编号 1 与文件名中的编号 2 不一致 — 把 number 改为 2，或把文件改名为 01-….md" in lines
    site.write("content/demo/02-shouning.md", case_text("寿宁县"))
    site.write("content/demo/1-other.md", case_text("另一篇"))
    assert any("编号 1 已被 content/demo/01-gutian.md 使用" in line for line in report_of(site))


def test_duplicate_slug_in_a_series(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="slug: same\n"))
    site.write("content/demo/01-gutian.md", case_text(front="slug: same\n"))
    site.write("content/demo/03-x.md", case_text("三", front="slug: same\n"))
    site.write("content/demo/3-y.md", case_text("三", front="slug: same\n"))
    lines = report_of(site)
    assert any(line.startswith("content/demo/3-y.md:6: 网址 demo/03-same/ 与 content/demo/03-x.md 重复") for line in lines)


def test_unknown_region_names_the_list_line(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text().replace("[古田县]", "[古田县, 古田]"))
    assert report_of(site) == [
        "content/demo/01-gutian.md:4: 地区“古田”不在 site.yaml 的 regions 列表中，是不是“古田县”？ — 改为 古田县；新地区需先在 site.yaml 的 regions 中添加"
    ]


@pytest.mark.parametrize("date", ["2022-13-01 10:00", "2022/10/26", "昨天", "2022-10-26 25:00"])
def test_bad_dates(site: SiteDir, date: str) -> None:
    site.write("content/demo/01-gutian.md", case_text(date=date))
    assert report_of(site) == [f"content/demo/01-gutian.md:3: 日期“{date}”格式不对 — 请写成 YYYY-MM-DD HH:MM，例如 2022-10-26 15:47"]


def test_missing_image(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text().replace("背景内容。", "背景内容。\n\n![现场](images/nope.jpg \"现场照片\")"))
    assert report_of(site) == [
        "content/demo/01-gutian.md:15: 找不到图片 images/nope.jpg — 请把图片放到 content/demo/images/nope.jpg，或改正文件名（注意大小写和扩展名）"
    ]


def test_unreadable_image(site: SiteDir) -> None:
    site.write("content/demo/images/broken.jpg", b"not really a jpeg")
    site.write("content/demo/01-gutian.md", case_text().replace("背景内容。", "![现场](images/broken.jpg)"))
    (line,) = report_of(site)
    assert line == "content/demo/01-gutian.md:13: 图片 images/broken.jpg 无法读取：无法识别的图片格式 — 请重新导出为 JPG 或 PNG 格式"


@pytest.mark.parametrize("src", ["../../../etc/passwd", "/etc/passwd", "https://evil.example/x.jpg", "images/../../x.jpg"])
def test_image_paths_outside_the_case_folder_are_refused(site: SiteDir, src: str) -> None:
    site.write("content/demo/01-gutian.md", case_text().replace("背景内容。", f"![x]({src})"))
    (line,) = report_of(site)
    assert f"路径 {src} 不安全" in line


def test_wrong_types_are_explained(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="number: abc\nunits: 5\ndraft: 也许\n").replace("tags: [乡村振兴]", "tags: 5"))
    assert report_of(site) == [
        "content/demo/01-gutian.md:5: 字段“tags”应为文字列表，现在是整数 — tags: [营商环境, 年轻干部]",
        "content/demo/01-gutian.md:6: 字段“number”应为整数，现在是文字 — number: 16",
        "content/demo/01-gutian.md:7: 字段“units”应为文字列表，现在是整数 — units: [古田县委改革办]",
        "content/demo/01-gutian.md:8: 字段“draft”应为true 或 false，现在是文字 — draft: true",
    ]


def test_a_single_text_where_a_list_is_expected_is_a_list_of_one(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="units: 古田县委改革办\n"))
    site.build()
    assert "推送单位：古田县委改革办" in site.page("demo/01-gutian/").select_one(".article-footer").get_text()


def test_every_problem_is_reported_in_one_run_sorted_by_file_and_line(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="titel: x\n", date="someday").replace("## 主要成效", "## 成果"))
    site.write("content/demo/02-shouning.md", case_text().replace("[古田县]", "[不存在县]"))
    lines = report_of(site)
    assert [line.split(": ", 1)[0] for line in lines] == [
        "content/demo/01-gutian.md:3",
        "content/demo/01-gutian.md:6",
        "content/demo/01-gutian.md:8",  # 主要成效 missing (成果 is not close enough to suggest it)
        "content/demo/01-gutian.md:22",
        "content/demo/02-shouning.md:4",
    ]


def test_a_failed_build_exits_1_and_leaves_the_previous_output_untouched(site: SiteDir) -> None:
    site.build()
    before = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    site.write("content/demo/01-gutian.md", case_text(front="titel: x\n"))
    result = site.cli("build")
    assert result.exit_code == 1
    assert "content/demo/01-gutian.md:6: 不认识的字段“titel”" in result.output
    assert "Traceback" not in result.output
    after = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert after == before


def test_image_is_copied_with_its_real_size(site: SiteDir) -> None:
    make_image(site.root / "content/demo/images/scene.jpg", (800, 533))
    site.write("content/demo/01-gutian.md", case_text().replace("背景内容。", '![现场](images/scene.jpg "古田县乡村治理现场")'))
    site.build()
    figure = site.page("demo/01-gutian/").select_one("figure")
    img = figure.find("img")
    assert (img["src"], img["width"], img["height"], img["alt"]) == ("../images/scene.jpg", "800", "533", "现场")
    assert figure.figcaption.get_text() == "古田县乡村治理现场"
    assert (site.output / "demo/images/scene.jpg").read_bytes() == (site.root / "content/demo/images/scene.jpg").read_bytes()


def test_a_picture_inside_a_sentence_is_published_too(site: SiteDir) -> None:
    """Not every picture is a figure: a small one inside a paragraph (a logo, a seal) is published as well."""
    make_image(site.root / "content/demo/images/seal.png", (40, 40))
    site.write("content/demo/01-gutian.md", case_text().replace("背景内容。", "背景内容，盖章![印章](images/seal.png)为证。"))
    site.build()
    img = site.page("demo/01-gutian/").select_one(".article-body p img")
    assert (img["src"], img["width"], img["height"]) == ("../images/seal.png", "40", "40")
    assert (site.output / "demo/images/seal.png").read_bytes() == (site.root / "content/demo/images/seal.png").read_bytes()


def test_pictures_in_a_series_editors_note_are_checked_and_published(site: SiteDir) -> None:
    """The series' 编者按 shows on the series page, on every report that has none of its own, and in print."""
    make_image(site.root / "content/demo/images/note.jpg", (1600, 900))
    make_image(site.root / "content/demo/images/seal.png", (40, 40))
    note = "editor_note: |\n  本专栏集中展示各地改革成果。\n\n  ![改革现场](images/note.jpg \"改革现场一角\")\n\n  盖章![印章](images/seal.png)为证。\n"
    series_file = site.root / "content/demo/_series.yaml"
    series_file.write_text(series_file.read_text(encoding="utf-8").replace("editor_note: 本专栏集中展示各地改革成果。\n", note), encoding="utf-8")
    site.build()
    for url, selector in (("demo/", ".editor-note"), ("demo/02-shouning/", ".editor-note"), ("demo/print/", ".print-cover ~ * .editor-note, .editor-note")):
        page = site.page(url)
        box = page.select_one(selector)
        assert box is not None, f"{url} shows no editor's note"
        images = box.select("img")
        assert [img.get("alt") for img in images] == ["改革现场", "印章"], url
        for img in images:
            for link in [img["src"]] + [part.split()[0] for part in img.get("srcset", "").split(",") if part.strip()]:
                assert (site.output / url / link).resolve().is_file(), f"{url}: {link} is not published"
        assert images[0].find_parent("figure").select_one("figcaption").get_text() == "改革现场一角"
    assert (site.output / "demo/images/note.jpg").read_bytes() == (site.root / "content/demo/images/note.jpg").read_bytes()
    assert list((site.output / "demo/images").glob("*w/note.jpg*")), "the note's figure has no smaller copies"


def test_a_missing_picture_in_a_series_editors_note_is_reported(site: SiteDir) -> None:
    series_file = site.root / "content/demo/_series.yaml"
    text = series_file.read_text(encoding="utf-8")
    series_file.write_text(text.replace("editor_note: 本专栏集中展示各地改革成果。", "editor_note: 本专栏集中展示各地改革成果。![现场](images/none.jpg)"), encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.startswith("editor_note:"))
    with pytest.raises(BuildFailed) as failed:
        site.build()
    assert [(p.code, str(p.location)) for p in failed.value.problems] == [("missing-image", f"content/demo/_series.yaml:{line}")]


@pytest.mark.parametrize("written", ["images/Hall.JPG", "images/hall.JPG"])
def test_a_picture_named_in_another_case_is_named_back_as_it_is_on_disk(site: SiteDir, written: str) -> None:
    """Windows shows images/Hall.JPG when the file is hall.jpg; the web server would not: the message names the file that is there."""
    make_image(site.root / "content/demo/images/hall.jpg")
    site.write("content/demo/01-gutian.md", case_text().replace("背景内容。", f"背景内容。\n\n![会场]({written})"))
    with pytest.raises(BuildFailed) as failed:
        site.build(search=False)
    [found] = failed.value.problems
    assert found.code == "image-name-case"
    assert found.format() == (
        f"content/demo/01-gutian.md:{found.location.line}: 找不到图片 {written}：文件夹里的是 images/hall.jpg，只是大小写不同"
        " — 把文中的文件名改为 images/hall.jpg（网站服务器区分大小写，Windows 上能显示的图片发布后会缺失）"
    )
    site.write("content/demo/01-gutian.md", case_text().replace("背景内容。", "背景内容。\n\n![会场](images/hall.jpg)"))
    assert site.build(search=False).articles >= 1


def test_a_picture_without_an_address_is_an_error_with_its_line_not_a_crash(site: SiteDir) -> None:
    """Found by Hypothesis (tests/test_fuzz.py): ``![图]()`` made an ``<img src="">`` whose copy named the case's folder."""
    site.write("content/demo/01-gutian.md", case_text().replace("背景内容。", "背景内容。![图]()\n\n![空](<>)"))
    lines = report_of(site)
    assert [line.split(":")[1] for line in lines] == ["13", "15"], lines
    assert all(line.endswith("不要这张图片就删去这一处") for line in lines if "没有写地址" in line)
