"""An inline site with known text for the finding-things tests (search, feeds, sitemap, taxonomies).

Two series over two years, five regions, one draft and one scheduled report, one case file
without a slug (its URL comes from the title's pinyin), and words that occur in exactly one
report each (四下基层, 年轻干部, 霞浦县), so every test can say which reports a reader must find.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reformpress.text.slugs import slugify

from .site import REPO, SiteDir, make_image

SCHEDULED = f"{date.today().year + 1}-12-31 08:00"
"""The scheduled report's date: always later than now, and within the years a build accepts (up to next year)."""

BASE_URL = "https://example.gov.cn/gg/"

FIND_SITE_YAML = f"""\
title: 测试改革网
base_url: {BASE_URL}
language: zh-CN
timezone: Asia/Shanghai
description: 测试站点
per_page: 2
related_count: 3
feed_full_content: true
breadcrumb:
  - {{title: 首页, url: /}}
regions:
  古田县: gutian
  寿宁县: shouning
  霞浦县: xiapu
  屏南县: pingnan
  市直部门: shizhi
footer:
  host: 测试市委改革办
"""
"""site.yaml of this site (not :data:`tests.kit.site.SITE_YAML`, the small site's): five regions, related_count, full-content feeds."""


@dataclass(frozen=True)
class Case:
    """One report of the test site, as written and as published."""

    series: str
    file: str
    title: str
    date: str
    regions: tuple[str, ...]
    tags: tuple[str, ...]
    body: str
    """Text of the 改革背景 section (the words a search must find)."""
    extra: str = ""
    """More front-matter lines."""

    @property
    def url(self) -> str:
        """Site-relative URL: ``<series>/<file name>/``, or the number and the title's pinyin when the file has no slug."""
        stem = self.file.rsplit(".", 1)[0]
        return f"{self.series}/{stem if '-' in stem else stem + '-' + slugify(self.title)}/"

    @property
    def published(self) -> bool:
        return "draft: true" not in self.extra and self.date != SCHEDULED

    def text(self) -> str:
        regions = ", ".join(self.regions)
        tags = ", ".join(self.tags)
        return f"""---
title: {self.title}
date: {self.date}
regions: [{regions}]
tags: [{tags}]
source: 测试市委改革办
{self.extra}---

## 引言

{self.title}的引言。

## 改革背景

{self.body}

## 创新做法

做法内容。

## 主要成效

成效内容。

## 经验启示

启示内容。
"""


CASES: tuple[Case, ...] = (
    Case("reform", "01-gutian-zhili.md", "古田县探索乡村治理积分制", "2022-10-10 09:00", ("古田县",), ("乡村振兴", "基层治理"), "积分制让村民议事有了抓手。"),
    Case("reform", "02-shouning-xiadang.md", "寿宁县推进下党乡村振兴", "2022-10-20 10:00", ("寿宁县",), ("乡村振兴",), "下党乡发展茶产业，带动村民增收。"),
    Case(
        "reform",
        "03-xiapu-yangzhi.md",
        "海上养殖综合整治见成效",
        "2022-11-05 15:30",
        ("霞浦县",),
        ("海洋经济",),
        "霞浦县推进海上养殖转型升级，见下图。\n\n![海上渔排](images/sea.jpg \"升级后的渔排\")\n\n详见[背景材料](notes/)。",
    ),
    Case("reform", "04.md", "年轻干部“四下基层”培养锻炼机制", "2022-11-16 08:00", ("市直部门", "古田县"), ("干部培养", "四下基层"), "组织年轻干部开展“四下基层”实践锻炼，到一线经受历练。"),
    Case("reform", "05-draft.md", "秘密试点方案", "2022-11-20 08:00", ("寿宁县",), ("内部试点",), "蓝鲸计划只在草稿中出现。", extra="draft: true\n"),
    Case("reform", "06-future.md", "未来才发布的改革", SCHEDULED, ("屏南县",), ("远期规划",), "白鹭工程只在预定稿件中出现。"),
    Case("digital", "01-pingnan-shuzi.md", "屏南县建设数字乡村", "2023-01-05 09:00", ("屏南县",), ("数字政府",), "屏南县用数据服务群众。"),
    Case("digital", "02-gutian-yiwang.md", "古田县推行一网通办", "2023-02-10 11:00", ("古田县",), ("数字政府", "营商环境"), "古田县让企业办事少跑腿。"),
)

SERIES_TITLES = {"reform": "测试市全面深化改革系列成果展示", "digital": "测试市数字政府系列"}


def published() -> list[Case]:
    """The reports a build without --drafts/--future publishes."""
    return [case for case in CASES if case.published]


def newest_first(cases: list[Case]) -> list[Case]:
    """``cases`` in the order the site lists them: newest date first."""
    return sorted(cases, key=lambda case: case.date, reverse=True)


def write_find_site(root: Path) -> SiteDir:
    """Write the test site under ``root`` (not built)."""
    site = SiteDir(root)
    site.write("site.yaml", FIND_SITE_YAML)
    shutil.copytree(REPO / "templates", root / "templates")
    for slug, title in SERIES_TITLES.items():
        site.write(f"content/{slug}/_series.yaml", f"title: {title}\neditor_note: 本系列集中展示改革成果。\nsource: 测试市委改革办\n")
    for case in CASES:
        site.write(f"content/{case.series}/{case.file}", case.text())
    make_image(root / "content/reform/images/sea.jpg", (320, 200))
    return site
