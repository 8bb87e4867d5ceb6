"""Nothing let in: hostile text is escaped, raw HTML is sanitised, links are safe."""

from __future__ import annotations

import pytest

from reformpress.problems import BuildFailed

from .kit.site import SiteDir, case_text

HOSTILE_BODY = """\
## 引言

正文<script>alert("x")</script>里有<b onclick="steal()">加粗</b>和<img src="https://www.gov.cn/x.jpg" onerror="alert(1)">。

[点我](javascript:alert(1)) [政府网](https://www.gov.cn/) <a href="data:text/html,hi">数据</a>

<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>

## 改革背景

背景。

## 创新做法

做法。

## 主要成效

成效。

## 经验启示

启示。
"""


def test_titles_with_script_and_quotes_are_escaped_everywhere(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text("PLACEHOLDER").replace("PLACEHOLDER", "\"标题<script>alert('x')</script>\\\"引号\\\"&\""))
    site.build()
    for file in site.output.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        assert "<script>alert(" not in text, file
    page = site.page("demo/01-gutian/")
    assert page.h1.get_text().endswith("标题<script>alert('x')</script>\"引号\"&")
    assert "标题&lt;script&gt;" in (site.output / "demo/01-gutian/index.html").read_text(encoding="utf-8")


def test_raw_html_in_markdown_is_sanitised(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(body=HOSTILE_BODY))
    site.build()
    body = site.page("demo/01-gutian/").select_one(".article-body")
    html = str(body)
    for forbidden in ("<script", "onclick", "onerror", "javascript:", "<iframe", "<style", "data:text/html", "display:none"):
        assert forbidden not in html, forbidden
    assert body.find("b").get_text() == "加粗"
    external = body.find("a", string="政府网")
    assert external["href"] == "https://www.gov.cn/" and external["rel"] == ["noopener", "noreferrer"]


def test_site_yaml_can_widen_the_allow_list_but_never_to_scripts(site: SiteDir) -> None:
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text + "allow_html:\n  tags: [video, source]\n  attributes: {video: [controls, poster], source: [src, type]}\n")
    site.write("content/demo/01-gutian.md", case_text().replace("背景内容。", '<video controls poster="p.jpg" onplay="x()"><source src="v.mp4" type="video/mp4"></video>'))
    site.build()
    video = site.page("demo/01-gutian/").select_one(".article-body video")
    assert video is not None and video.has_attr("controls") and video["poster"] == "p.jpg" and not video.has_attr("onplay")
    assert video.source["src"] == "v.mp4"
    site.write("site.yaml", text + "allow_html:\n  tags: [script]\n  attributes: {a: [onclick]}\n")
    with pytest.raises(BuildFailed) as caught:
        site.build()
    assert [p.format() for p in caught.value.problems] == [
        "site.yaml:17: allow_html 不能放行“script” — 脚本、样式、事件属性（on…）和 style 属性始终会被移除；请删除这一项",
        "site.yaml:18: allow_html 不能放行“a onclick” — 脚本、样式、事件属性（on…）和 style 属性始终会被移除；请删除这一项",
    ]


def test_yaml_bombs_and_code_tags_never_run_or_explode(site: SiteDir) -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n"
    site.write("content/demo/01-gutian.md", bomb)
    with pytest.raises(BuildFailed) as caught:
        site.build()
    assert {p.code for p in caught.value.problems} == {"yaml-alias"}


def test_slugs_with_dots_and_image_links_leading_outside_are_refused(site: SiteDir, tmp_path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"\xff\xd8\xff")
    (site.root / "content/demo/images").mkdir(parents=True)
    (site.root / "content/demo/images/linked.jpg").symlink_to(secret)
    site.write("content/demo/01-gutian.md", case_text(front="slug: ../../etc\n").replace("背景内容。", "![x](images/linked.jpg)"))
    with pytest.raises(BuildFailed) as caught:
        site.build()
    assert sorted(p.format() for p in caught.value.problems) == [
        "content/demo/01-gutian.md:14: 路径 images/linked.jpg 不安全（不能用 ..、绝对路径或网址外链图片） — 图片请放在案例文件旁的 images/ 文件夹中，写成 images/文件名.jpg",
        "content/demo/01-gutian.md:6: 网址名“../../etc”不可用 — 只能用小写英文字母、数字和连字符 -，例如 gutian-sixia",
    ]
