"""A list typed with a Chinese IME's comma (，) or 、 joins two names into one: said as such, with the fix."""

from __future__ import annotations

import pytest

from .kit.site import SiteDir, case_text


@pytest.mark.parametrize("mark", ["，", "、"])
def test_a_full_width_comma_in_regions_is_named_with_the_list_to_write(site: SiteDir, mark: str) -> None:
    site.write("content/demo/01-gutian.md", case_text().replace("regions: [古田县]", f"regions: [古田县{mark}寿宁县]"))
    result = site.cli("check")
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "01-gutian.md" in line)
    assert line.endswith(f"“古田县{mark}寿宁县”是用“{mark}”连起来的几个地区名，会被当成一个名称 — 列表里的名称之间请用半角逗号加空格分开：[古田县, 寿宁县]")
    assert "是不是" not in result.output  # never the suggestion that would drop one of the two


def test_an_empty_editor_is_a_warning_that_strict_fails(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(front="editor:\n"))
    warned = site.cli("check")
    assert warned.exit_code == 0
    assert "content/demo/01-gutian.md:6: 警告：没有填写责任编辑（editor） — 请写上责任编辑的姓名，如 editor: 林晓；政府网站的稿件须注明责任编辑" in warned.output
    assert site.cli("check", "--strict").exit_code == 1
    site.write("content/demo/01-gutian.md", case_text(front="editor: 林晓\n"))
    assert "责任编辑" not in site.cli("check").output


@pytest.mark.parametrize(("typed", "fixed"), [("016", 16), ("09", 9)])
def test_a_number_with_a_leading_zero_says_what_was_typed(site: SiteDir, typed: str, fixed: int) -> None:
    site.write("content/demo/01-gutian.md", case_text(front=f"number: {typed}\n"))
    result = site.cli("check")
    assert result.exit_code == 1
    assert f"content/demo/01-gutian.md:6: number 写成了“{typed}”：以 0 开头的数字会被读错（如 016 会被当成八进制的 14） — 请去掉前面的 0，写成 number: {fixed}" in result.output
    assert "14" not in result.output.replace("八进制的 14", "")
