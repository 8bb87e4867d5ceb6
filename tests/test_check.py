"""``check``: the build's checks without writing, plus editorial warnings with their lines."""

from __future__ import annotations

import json

import pytest

from reformpress.commands.check import CheckInput, check_site
from reformpress.problems import BuildFailed, problem

from .kit.cli import run_cli
from .kit.site import SiteDir, case_text, make_image

TERMS = """\
terms:
  宁德市委改革办: 中共宁德市委改革办
  福建省宁德市人民政府: 宁德市人民政府
"""

CASE = "content/demo/01-gutian.md"


def editorial_case() -> str:
    """A valid case with one of every editorial slip; line numbers are pinned below."""
    return case_text(
        "古田县探索建立乡村治理积分制管理和“网格员+志愿者”联动服务机制推动基层治理现代化的实践",
        front="source: 宁德市委改革办\n",
        body="""\
            ## 编者按

            ## 引言

            本文由中共宁德市委改革办供稿。参见[寿宁县的做法](../02-shouning/)。

            ## 改革背景

            福建省宁德市人民政府出台方案，详见[方案](../03-missing/)和[另一篇](02-shouning.md)。

            ![](images/a.jpg)

            ## 创新做法

            一是……见[寿宁](/demo/02-shouning/)。
            【待填写】 这一行忘了删。

            ## 主要成效

            成效内容。

            ## 经验启示

            ```
            [代码里的链接不查](../nowhere/)
            ```
            启示内容。
            """,
    )


def test_a_clean_site_passes_and_nothing_is_written(site: SiteDir) -> None:
    result = site.cli("check")
    assert result.exit_code == 0
    assert result.output.strip() == "检查完毕：没有发现问题。"
    assert not site.output.exists()


def test_check_reports_exactly_what_the_build_reports(site: SiteDir) -> None:
    site.write(CASE, case_text(front="titel: x\n").replace("## 主要成效", "## 主要成果"))
    with pytest.raises(BuildFailed) as caught:
        site.build()
    result = site.cli("check")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[:-1] == [p.format() for p in caught.value.problems]
    assert lines[-1] == "检查完毕：2 个错误，0 个警告。"


def test_check_renders_the_templates_too(site: SiteDir) -> None:
    site.write("templates/terms.html", "{% extends 'base.html' %}{% block main %}{{ entries | nosuchfilter }}{% endblock %}")
    result = site.cli("check")
    assert result.exit_code == 1
    assert "templates/terms.html:1: 模板出错" in result.output


def test_editorial_warnings_name_file_and_line(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + TERMS)
    make_image(site.root / "content/demo/images/a.jpg")
    site.write(CASE, editorial_case())
    site.build()  # warnings do not stop a build
    result = site.cli("check")
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == [
        f"{CASE}:2: 警告：标题有 44 个字，超过 40 个字 — 请精简标题：列表、搜索结果和分享卡片中过长的标题会被截断",
        f"{CASE}:6: 警告：“宁德市委改革办”不是规范写法，应为“中共宁德市委改革办” — 改为“中共宁德市委改革办”（规范用语见 site.yaml 的 terms）",
        f"{CASE}:8: 警告：栏目“编者按”是空的，页面上不会显示 — 请填写内容，或删除这个标题",
        f"{CASE}:16: 警告：链接 ../03-missing/ 指向的页面不存在 — 请改正链接；指向本站其他稿件请写成相对网址，例如 ../02-shouning/",
        f"{CASE}:16: 警告：链接 02-shouning.md 写的是稿件文件名，网页上打不开 — 改为网页地址 ../02-shouning/",
        f"{CASE}:16: 警告：“福建省宁德市人民政府”不是规范写法，应为“宁德市人民政府” — 改为“宁德市人民政府”（规范用语见 site.yaml 的 terms）",
        f"{CASE}:18: 警告：图片 images/a.jpg 没有说明文字 — 写成 ![图片说明](图片路径 \"图注\")：说明文字供读屏软件朗读，也用作图注",
        f"{CASE}:22: 警告：链接 /demo/02-shouning/ 以 / 开头，网站部署在子路径时会失效 — 改为相对网址 ../02-shouning/",
        f"{CASE}:23: 警告：这里还是模板的提示文字：【待填写】 这一行忘了删。 — 把这一行换成正文；不需要的栏目连同标题一起删除",
        "检查完毕：0 个错误，9 个警告。",
    ]


def test_strict_turns_warnings_into_errors(site: SiteDir) -> None:
    site.write(CASE, case_text(body="## 引言\n\n## 改革背景\n\n背景。\n\n## 创新做法\n\n做法。\n\n## 主要成效\n\n成效。\n\n## 经验启示\n\n启示。\n"))
    assert site.cli("check").exit_code == 0
    result = site.cli("check", "--strict")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"{CASE}:7: 栏目“引言”是空的，页面上不会显示 — 请填写内容，或删除这个标题",
        "检查完毕：1 个错误，0 个警告。",
    ]


def test_json_output_for_tools(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + TERMS)
    site.write(CASE, case_text(front="units: [宁德市委改革办]\n"))
    result = site.cli("check", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["errors"] == 0 and data["warnings"] == 1
    assert data["problems"] == [
        {
            "path": CASE,
            "line": 6,
            "severity": "warning",
            "code": "wrong-term",
            "message": "“宁德市委改革办”不是规范写法，应为“中共宁德市委改革办”",
            "fix": "改为“中共宁德市委改革办”（规范用语见 site.yaml 的 terms）",
        }
    ]
    strict = json.loads(site.cli("check", "--format", "json", "--strict").output)
    assert strict["errors"] == 1 and strict["problems"][0]["severity"] == "error"


def test_a_term_that_is_part_of_its_own_right_form_is_not_flagged(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + TERMS)
    site.write(CASE, case_text(front="source: 中共宁德市委改革办\n"))
    assert site.cli("check", "--strict").exit_code == 0
    site.write(CASE, case_text(front="source: 中共宁德市委改革办、宁德市委改革办\n"))
    assert "6: 警告：“宁德市委改革办”不是规范写法" in site.cli("check").output


def test_bad_terms_in_site_yaml_are_errors_with_their_line(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + "terms:\n  旧名称: [新名称]\n")
    result = site.cli("check")
    assert result.exit_code == 1
    assert "site.yaml:17: 字段“terms.旧名称”应为文字，现在是列表" in result.output


def test_check_speaks_english_on_an_english_site(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace("language: zh-CN", "language: en"))
    site.write(CASE, case_text(body=case_text().split("---\n", 2)[2].replace("## 引言\n\n引言第一句。引言第二句。", "## 引言\n")))
    result = site.cli("check")
    assert result.output.strip().splitlines() == [
        f"{CASE}:7: warning: section '引言' is empty and will not be shown — write its text or delete the heading",
        "Check finished: 0 error(s), 1 warning(s).",
    ]


def test_more_checks_plug_in_as_functions(site: SiteDir) -> None:
    def every_case(given: CheckInput) -> list:
        return [problem("case-broken-link", case.doc.path, 1, "warning", href="x", example="y") for s in given.sources.series for case in s.cases]

    result = check_site(site.root, checks=[every_case])
    assert [str(p.location) for p in result.problems] == ["content/demo/01-gutian.md:1", "content/demo/02-shouning.md:1"]


def test_check_as_a_real_process(site: SiteDir) -> None:
    site.write(CASE, case_text().replace("背景内容。", "背景内容。\n\n![](images/nope.jpg)"))
    result = run_cli("check", "--format", "json", "--root", str(site.root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    codes = [(p["code"], p["line"]) for p in json.loads(result.stdout)["problems"]]
    assert codes == [("image-no-caption", 15), ("missing-image", 15)]
    assert not site.output.exists()


def test_a_broken_site_yaml_is_reported_with_its_line(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace("per_page: 2", "per_page: [2"))
    result = site.cli("check")
    assert result.exit_code == 1
    assert result.output.startswith("site.yaml:6: YAML 格式错误")


def test_links_of_the_built_site_join_the_same_report(site: SiteDir) -> None:
    site.write(CASE, case_text().replace("背景内容。", "背景内容。见[另一篇](../02-shouning/)。"))
    site.build()
    result = json.loads(site.cli("check", "--links", "--format", "json").output)
    assert result["errors"] == 0 and result["problems"] == []
    assert result["links"]["pages"] > 10 and result["links"]["internal"] > 100
    assert "https://beian.miit.gov.cn/" in [e["url"] for e in result["links"]["external"]]
    text = site.cli("check", "--links").output.strip().splitlines()
    assert text[-2].startswith("链接检查：") and text[-1] == "检查完毕：没有发现问题。"
