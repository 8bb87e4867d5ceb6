"""Files as Windows editors save them, and files that are not what they seem."""

from __future__ import annotations

import pytest

from .kit.site import SiteDir, case_text, report_of


def test_gbk_file_is_explained_with_how_to_convert(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text().encode("gbk"))
    assert report_of(site) == [
        "content/demo/01-gutian.md:2: 文件不是 UTF-8 编码（看起来是 GBK/GB18030） — 请用记事本或 VS Code“另存为”UTF-8 编码后再构建"
    ]


def test_bom_and_crlf_are_accepted(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", b"\xef\xbb\xbf" + case_text().replace("\n", "\r\n").encode("utf-8"))
    site.build()
    page = site.page("demo/01-gutian/")
    assert page.h1.get_text().endswith("：古田县探索乡村治理新机制")
    assert "\r" not in (site.output / "demo/01-gutian/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "content/demo/01-gutian.md: 文件是空的"),
        (b"   \n\n", "content/demo/01-gutian.md: 文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "content/demo/01-gutian.md: 这不是文本文件（含有二进制内容）"),
        ("## 引言\n正文".encode(), "content/demo/01-gutian.md:1: 缺少开头的 --- 信息区（front matter）"),
        ("---\ntitle: x\n## 引言\n".encode(), "content/demo/01-gutian.md:1: 开头的 --- 信息区没有结束"),
        (b"---\n- a\n- b\n---\n", "content/demo/01-gutian.md:1: 信息区应是“键: 值”的列表，现在是列表"),
        (b"---\njust text\n---\n", "content/demo/01-gutian.md:1: 信息区应是“键: 值”的列表，现在是文字"),
        (b"---\ntitle: [unclosed\ndate: 2022-10-26\n---\n", "content/demo/01-gutian.md:2: YAML 格式错误"),
        (b"---\ntitle: a\ntitle: b\n---\n", "content/demo/01-gutian.md:3: “title”写了两次（上一次在第 2 行）"),
        (b"---\ntitle: &a x\nsummary: *a\n---\n", "不支持 YAML 锚点和引用"),
        (b"---\ntitle: !!python/object/apply:os.system [ls]\n---\n", "content/demo/01-gutian.md:2: 不支持 YAML 标签"),
    ],
)
def test_malformed_files_get_a_clear_message(site: SiteDir, content: bytes, expected: str) -> None:
    site.write("content/demo/01-gutian.md", content)
    assert any(line.startswith(expected) or expected in line for line in report_of(site)), report_of(site)


def test_enormous_file_is_refused(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text() + "字" * 1_000_000)
    (line,) = report_of(site)
    assert line.startswith("content/demo/01-gutian.md: 文件过大")


def test_stray_files_and_missing_series_file(site: SiteDir) -> None:
    site.write("content/demo/notes.txt", "草稿")
    site.write("content/other/01-x.md", case_text())
    lines = report_of(site)
    assert "content/demo/notes.txt: 无法识别的文件 notes.txt — 案例文件名应为“编号-英文名.md”（如 16-gutian.md）或 .yaml；其他文件请移到 images/ 或删除" in lines
    assert "content/other: 系列文件夹 content/other 缺少 _series.yaml — 在该文件夹中创建 _series.yaml，至少写上 title:" in lines


def test_symlink_leading_outside_content_is_refused(site: SiteDir, tmp_path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(case_text(), encoding="utf-8")
    (site.root / "content/demo/03-link.md").symlink_to(outside)
    assert report_of(site) == ["content/demo/03-link.md: content/demo/03-link.md 指向 content/ 之外 — 请把文件放在 content/ 里，不要使用指向外部的链接（符号链接）"]


def test_yaml_case_file_with_sections_mapping(site: SiteDir) -> None:
    site.write(
        "content/demo/03-yaml-case.yaml",
        """\
title: 霞浦县海上养殖综合整治
date: 2022-11-02 10:00
regions: [霞浦县]
sections:
  intro: 霞浦县的引言。
  background: |
    背景第一段。

    背景第二段。
  practices: 做法。
  results: 成效。
  lessons: 启示。
""",
    )
    site.build()
    page = site.page("demo/03-yaml-case/")
    assert [p.get_text() for p in page.select("#background p")] == ["背景第一段。", "背景第二段。"]


def test_site_yaml_problems_are_reported_with_lines(site: SiteDir) -> None:
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text.replace("base_url: https://example.gov.cn/gg/", "base_url: example.gov.cn\nper_pag: 5"))
    lines = report_of(site)
    assert len(lines) == 2
    assert lines[0] == "site.yaml:2: base_url“example.gov.cn”不是完整网址 — 请写成 https://域名/ 的形式，例如 https://www.example.gov.cn/gg/"
    assert lines[1].startswith("site.yaml:3: 不认识的字段“per_pag”，是不是“per_page”？ — 改为 per_page；可用字段有：title, base_url, language, timezone, ")


def test_english_site_gets_english_messages(site: SiteDir) -> None:
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text.replace("language: zh-CN", "language: en"))
    site.write("content/demo/01-gutian.md", case_text(front="titel: x\n"))
    result = site.cli("build")
    assert result.exit_code == 1
    assert "content/demo/01-gutian.md:6: unknown field 'titel'; did you mean 'title'? — write title;" in result.output
    assert "1 error(s) found; nothing was written" in result.output
