"""What editors type on Chinese keyboards and Windows editors: each gets a report that names it."""

from __future__ import annotations

import pytest

from .kit.site import SiteDir, case_text, report_of


def test_a_full_width_colon_is_named_at_its_line(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="editor：林晓\n"))
    assert report_of(site) == ["content/demo/01-gutian.md:6: 这一行用了全角冒号“：” — 请改成半角冒号“:”并在后面加一个空格"]


def test_a_full_width_space_after_the_colon_is_named(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="editor:\u3000林晓\n"))
    assert report_of(site) == ["content/demo/01-gutian.md:6: 这一行冒号后面是全角空格 — 请把全角空格改成半角空格（冒号“:”后面加一个普通空格）"]


def test_a_utf16_file_from_notepad_is_told_to_be_saved_as_utf8(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text().encode("utf-16"))
    assert report_of(site) == ["content/demo/01-gutian.md: 文件不是 UTF-8 编码（看起来是 UTF-16） — 请用记事本或 VS Code“另存为”UTF-8 编码后再构建"]


def test_a_title_of_only_spaces_is_refused_at_its_line(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text("\u3000\u3000"))
    assert report_of(site) == ["content/demo/01-gutian.md:2: 必填字段“title”（标题）只有空格 — 请在 title: 后面写上内容"]


@pytest.mark.parametrize("number", ["0", "99999"])
def test_new_refuses_a_number_the_build_would_reject(site: SiteDir, number: str) -> None:
    result = site.cli("new", "demo", "--title", "示例标题", "--region", "古田县", "--number", number)
    assert result.exit_code == 1
    assert f"字段“number”的值“{number}”不合要求：1–9999 — --number 16" in result.output
    assert sorted(p.name for p in (site.root / "content/demo").iterdir()) == ["01-gutian.md", "02-shouning.md", "_series.yaml"]


def test_a_yaml_syntax_error_is_explained_in_chinese_at_its_line(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="units: [甲单位 乙单位\n"))
    (line,) = report_of(site)
    assert line.startswith("content/demo/01-gutian.md:6: YAML 格式错误：方括号 [ ] 里的列表没有正确结束")
    assert "did not find" not in line
