"""What readers see: hard-wrapped Chinese lines joined, print margins, focus rings, footer, line breaks."""

from __future__ import annotations

import textwrap

from reformpress.text.chinese import join_html_lines, join_lines

from .kit.site import SiteDir, case_text

WRAPPED_BODY = """\
    ## 引言

    本专栏按系列刊发各地改革
    成果，每篇介绍一项改革的
    背景。We keep the
    English words apart.

    ## 改革背景

    - 第一项
    - 第二项

    ```
    代码第一行
    代码第二行
    ```

    ## 创新做法

    做法。

    ## 主要成效

    成效。

    ## 经验启示

    启示。
    """


def test_join_lines_joins_only_between_chinese_characters() -> None:
    assert join_lines("成果，\n每篇") == "成果，每篇"
    assert join_lines("改革\n  成果") == "改革成果"
    assert join_lines("two\nwords") == "two\nwords"
    assert join_lines("中文\nEnglish") == "中文\nEnglish"
    assert join_lines("2022年\n10月") == "2022年\n10月"
    assert join_html_lines("<p>甲\n乙</p><pre>甲\n乙</pre><p>丙\n丁</p>") == "<p>甲乙</p><pre>甲\n乙</pre><p>丙丁</p>"


def test_wrapped_chinese_reads_without_spaces_everywhere(site: SiteDir) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + "intro: |\n  本专栏按系列刊发各地各部门的改革成果，\n  每篇介绍一项改革的背景、做法。\n")
    site.write("content/demo/01-gutian.md", case_text(body=textwrap.dedent(WRAPPED_BODY)))
    site.build()
    home = site.page("")
    assert home.select_one(".intro").get_text(strip=True) == "本专栏按系列刊发各地各部门的改革成果，每篇介绍一项改革的背景、做法。"
    article = site.page("demo/01-gutian/")
    body = article.select_one(".article-body")
    intro = " ".join(body.find("p").get_text().split())
    assert intro == "本专栏按系列刊发各地改革成果，每篇介绍一项改革的背景。We keep the English words apart."
    assert [li.get_text() for li in body.select("ul > li")] == ["第一项", "第二项"]
    assert body.find("pre").get_text() == "代码第一行\n代码第二行\n"
    feed = (site.output / "feed.xml").read_text(encoding="utf-8")
    assert "改革成果，每篇介绍" in feed and "改革 成果" not in feed
    listing = site.page("demo/")
    assert "改革成果，每篇介绍一项改革的背景。" in listing.get_text()
