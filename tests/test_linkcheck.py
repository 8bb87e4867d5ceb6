"""check --links: every internal link of a built site reaches a file (and anchor); external links only listed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reformpress.publish.linkcheck import check_links, resolve, srcset_urls

from .kit.site import REPO, SiteDir

BASE = "https://example.gov.cn/gg/"


def test_the_example_site_has_no_broken_link_or_anchor(example_site: SiteDir) -> None:
    report = check_links(example_site.output, "https://gg.example.gov.cn/")
    assert [p.format() for p in report.problems] == []
    assert report.pages == len(list(example_site.output.rglob("*.html")))
    assert report.links > 500
    # the canonical links are absolute to the site itself: checked, not listed as external
    assert [e.url for e in report.external] == ["https://beian.miit.gov.cn/"]
    assert report.external[0].pages == report.pages


def test_broken_links_anchors_and_escapes_are_reported_with_page_and_line(site: SiteDir) -> None:
    site.build()
    page = site.output / "demo/01-gutian/index.html"
    html = page.read_text(encoding="utf-8")
    extra = (
        '<a href="../02-shouning/#background">ok: a section of the next report</a>\n'
        '<a href="../02-shouning/#no-such-id">anchor missing</a>\n'
        '<a href="../03-nothing/">page missing</a>\n'
        '<img src="images/gone.jpg" alt="">\n'
        '<img srcset="../../static/style.css 1x, images/small.jpg 2x" alt="">\n'
        '<a href="/elsewhere/">root-absolute outside /gg/</a>\n'
        '<a href="/gg/tags/">root-absolute inside /gg/</a>\n'
        '<a href="../../../../up.html">out of the output folder</a>\n'
        '<a href="https://www.gov.cn/">external</a> <a href="mailto:a@b.cn">mail</a>\n'
    )
    page.write_text(html.replace("</main>", extra + "</main>"), encoding="utf-8")
    line = html[: html.index("</main>")].count("\n") + 1
    report = check_links(site.output, BASE)
    found = sorted((p.location.line, p.code, dict(p.params).get("href")) for p in report.problems)
    assert found == [
        (line + 1, "broken-anchor", "../02-shouning/#no-such-id"),
        (line + 2, "broken-link", "../03-nothing/"),
        (line + 3, "broken-link", "images/gone.jpg"),
        (line + 4, "broken-link", "images/small.jpg"),
        (line + 5, "link-escapes-base", "/elsewhere/"),
        (line + 7, "link-escapes-base", "../../../../up.html"),
    ]
    assert {p.location.path for p in report.problems} == {"output/demo/01-gutian/index.html"}
    assert "https://www.gov.cn/" in [e.url for e in report.external]
    anchor = next(p for p in report.problems if p.code == "broken-anchor")
    assert anchor.format() == (
        f"output/demo/01-gutian/index.html:{line + 1}: 链接 ../02-shouning/#no-such-id 的锚点 #no-such-id 在 demo/02-shouning/index.html 中找不到"
        " — 请改为该页面上存在的 id，或去掉 # 及其后的部分"
    )


def test_a_bad_link_written_in_a_case_file_is_caught(site: SiteDir) -> None:
    text = (site.root / "content/demo/01-gutian.md").read_text(encoding="utf-8")
    site.write("content/demo/01-gutian.md", text.replace("背景内容。", "背景内容，参见[另一篇](../09-missing/)和[成效](#results)。"))
    site.build()
    report = check_links(site.output, BASE)
    # the report's own page and the series' print page (where its links are rebased) both carry it;
    # the #results anchor works on both (on the print page it becomes #r1-results)
    assert [(p.location.path, p.code, dict(p.params)["href"]) for p in report.problems] == [
        ("output/demo/01-gutian/index.html", "broken-link", "../09-missing/"),
        ("output/demo/print/index.html", "broken-link", "../09-missing/"),
    ]


def test_root_absolute_links_of_the_404_page_resolve_under_the_base_path(site: SiteDir) -> None:
    site.build()
    assert check_links(site.output, BASE).problems == ()
    assert resolve("404.html", "/gg/static/style.css?v=1", BASE).path == "static/style.css"
    assert resolve("404.html", "/gg/", BASE).path == ""
    # checked against another base, the same 404 page's links leave the site's path
    wrong = check_links(site.output, "https://other.example/other/")
    assert wrong.problems and {p.code for p in wrong.problems} == {"link-escapes-base"}
    assert {p.location.path for p in wrong.problems} == {"output/404.html"}


def test_link_shapes_resolve_as_a_browser_would() -> None:
    assert resolve("a/b/index.html", "../c/", BASE).path == "a/c/"
    assert resolve("a/b/index.html", "./", BASE).path == "a/b/"
    assert resolve("index.html", "./", BASE).path == ""
    assert resolve("a/index.html", "#top", BASE).path == "a/index.html"
    assert resolve("a/index.html", "#top", BASE).fragment == "top"
    assert resolve("a/index.html", "https://example.gov.cn/gg/x/#%E5%BC%95", BASE).fragment == "引"
    assert resolve("a/index.html", "https://example.gov.cn/gg/x/", BASE).path == "x/"
    assert resolve("a/index.html", "//cdn.example.com/x.js", BASE).kind == "external"
    assert resolve("a/index.html", "javascript:void(0)", BASE).kind == "ignored"
    assert srcset_urls("a.jpg 480w, b.jpg 960w") == ["a.jpg", "b.jpg"]


def run_check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: PLW1510 (the return code is asserted)
        [sys.executable, "-m", "reformpress", "check", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_check_links_command_exit_codes_and_report(site: SiteDir) -> None:
    before = run_check("--links", "--root", str(site.root), cwd=site.root)
    assert before.returncode == 1
    assert "找不到已生成的网站" in before.stderr and "请先运行 build" in before.stderr
    assert "Traceback" not in before.stderr
    site.build()
    good = run_check("--links", "--root", str(site.root), cwd=site.root)
    assert good.returncode == 0, good.stderr
    assert "站外链接（只列出，未访问）" in good.stdout and "https://beian.miit.gov.cn/" in good.stdout
    assert "0 个问题" in good.stdout
    page = site.output / "tags/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", '<a href="../nowhere/">x</a></main>'), encoding="utf-8")
    bad = run_check("--links", "--root", str(site.root), cwd=site.root)
    assert bad.returncode == 1
    assert "output/tags/index.html:" in bad.stderr and "链接 ../nowhere/ 指向的 nowhere/ 不存在" in bad.stderr
    wrong_base = run_check("--links", "--base-url", "https://other.example/sub/", "--root", str(site.root), cwd=site.root)
    assert wrong_base.returncode == 1 and "跳出了网站所在路径 /sub/" in wrong_base.stderr


def test_check_without_links_validates_content_and_writes_nothing(site: SiteDir) -> None:
    site.write("content/demo/03-bad.md", "---\ntitel: x\n---\n")
    result = run_check("--root", str(site.root), cwd=site.root)
    assert result.returncode == 1
    assert "content/demo/03-bad.md:2: 不认识的字段“titel”，是不是“title”？" in result.stderr
    assert not site.output.exists()
