"""Whole small sites written inline, built, and read as a reader would; the repo's example copied."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from reformpress.commands.cli import main
from reformpress.pipeline import BuildReport, BuildRequest, build
from reformpress.problems import BuildFailed

REPO = Path(__file__).resolve().parents[2]

SITE_YAML = """\
title: 测试改革网
base_url: https://example.gov.cn/gg/
language: zh-CN
timezone: Asia/Shanghai
description: 测试站点
per_page: 2
breadcrumb:
  - {title: 首页, url: /}
  - {title: 专题}
regions:
  古田县: gutian
  寿宁县: shouning
  霞浦县: xiapu
footer:
  icp: 闽ICP备00000000号
"""

SERIES_YAML = """\
title: 测试市全面深化改革系列成果展示
column: 全面深化改革测试进行时
editor_note: 本专栏集中展示各地改革成果。
source: 测试市委改革办
"""


def case_text(title: str = "古田县探索乡村治理新机制", *, front: str = "", body: str | None = None, date: str = "2022-10-26 15:47") -> str:
    """A valid Markdown case file; ``front`` adds front-matter lines, ``body`` replaces the sections."""
    if body is None:
        body = """\
            ## 引言

            引言第一句。引言第二句。

            ## 改革背景

            背景内容。

            ## 创新做法

            ### 一、坚持“四个一批”

            一是规划培养一批。

            ## 主要成效

            成效内容。

            ## 经验启示

            启示内容。
            """
    head = f"---\ntitle: {title}\ndate: {date}\nregions: [古田县]\ntags: [乡村振兴]\n{textwrap.dedent(front)}---\n"
    return head + textwrap.dedent(body)


def copy_example(root: Path) -> Path:
    """The repo's example site (site.yaml, content, templates) copied to ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("site.yaml", "content", "templates"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return root


class SiteDir:
    """A scratch site on disk with helpers to edit, build and read it."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str | bytes) -> Path:
        """Write a file relative to the site root (text as UTF-8)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def build(self, **options: object) -> BuildReport:
        """Build the site with the engine's own pipeline."""
        return build(BuildRequest(self.root, **options))  # type: ignore[arg-type]

    def cli(self, *args: str):
        """Run the CLI in-process on this site."""
        return CliRunner().invoke(main, [*args, "--root", str(self.root)], catch_exceptions=False)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def page(self, url: str) -> BeautifulSoup:
        """The built page at a site-relative URL, parsed."""
        path = self.output / (url + "index.html" if url == "" or url.endswith("/") else url)
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def make_image(path: Path, size: tuple[int, int] = (640, 480), color: tuple[int, int, int] = (180, 40, 40)) -> Path:
    """A real JPEG of the given size."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, "JPEG", quality=80)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def report_of(site: SiteDir) -> list[str]:
    """The report lines a failed build gives (fails the test if the build passes)."""
    with pytest.raises(BuildFailed) as caught:
        site.build()
    return [problem.format() for problem in caught.value.problems]


FILTER_REGIONS = {
    "古田县": "gutian", "寿宁县": "shouning", "霞浦县": "xiapu", "屏南县": "pingnan", "周宁县": "zhouning",
    "柘荣县": "zherong", "福安市": "fuan", "福鼎市": "fuding", "蕉城区": "jiaocheng", "市直部门": "shizhi",
}
"""The regions of :func:`write_many_filters_site`, name → slug."""


def write_many_filters_site(root: Path, reports: int = 12) -> SiteDir:
    """A site whose search filters have many values: three series, ten regions, four years (not built).

    With ten regions, any set or hash order that reached the index's filters would show in a
    test of byte-identical builds.
    """
    site = SiteDir(root)
    regions = "".join(f"  {name}: {slug}\n" for name, slug in FILTER_REGIONS.items())
    site.write("site.yaml", re.sub(r"regions:\n(  .*\n)+", lambda _: "regions:\n" + regions, SITE_YAML))
    shutil.copytree(REPO / "templates", root / "templates")
    series = {"reform": "全面深化改革", "digital": "数字政府", "green": "生态文明"}
    for slug, label in series.items():
        site.write(f"content/{slug}/_series.yaml", SERIES_YAML.replace("全面深化改革", label))
    names = list(FILTER_REGIONS)
    for number in range(1, reports + 1):
        own = names[number % len(names)]
        regions_here = ", ".join(dict.fromkeys([own, names[(3 * number + 1) % len(names)]]))
        text = case_text(f"{own}改革第{number}篇", date=f"{2020 + number % 4}-{1 + number % 12:02d}-{10 + number}")
        text = text.replace("regions: [古田县]", f"regions: [{regions_here}]").replace("[乡村振兴]", f"[乡村振兴, 主题{number % 5}]")
        site.write(f"content/{list(series)[number % 3]}/{number:02d}-case{number}.md", text)
    return site


def internal_links(output: Path) -> list[tuple[str, str]]:
    """(page, target) for every internal href/src of every HTML page, resolved to paths in ``output``."""
    import posixpath
    from urllib.parse import unquote, urlsplit

    links = []
    for page in sorted(output.rglob("*.html")):
        rel = page.relative_to(output).as_posix()
        if rel == "404.html":
            continue  # its links are root-absolute on purpose (it is served at any URL)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "img", "script", "source"]):
            for attribute in ("href", "src"):
                value = tag.get(attribute)
                if not value or urlsplit(value).scheme or value.startswith(("//", "#", "mailto:", "tel:")):
                    continue
                path = unquote(urlsplit(value).path)
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
                if path.endswith("/") or path == "":
                    target = posixpath.join(target, "index.html")
                links.append((rel, target))
    return links
