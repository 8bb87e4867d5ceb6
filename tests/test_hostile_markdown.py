"""Hostile input ends as ``path:line: what — how to fix``: no traceback, no hang."""

from __future__ import annotations

from datetime import datetime

import pytest

from reformpress.problems import BuildFailed

from .sitekit import SiteDir, case_text


def report_of(site: SiteDir) -> list[str]:
    """The report lines a failed build gives (fails the test if the build passes)."""
    with pytest.raises(BuildFailed) as caught:
        site.build()
    return [problem.format() for problem in caught.value.problems]


NEXT_YEAR = datetime.now().year + 1


@pytest.mark.parametrize(("date", "year", "close"), [("0001-01-01 10:00", "0001", "2001"), ("0202-10-26 10:00", "0202", "2002")])
def test_a_year_typo_is_named_with_the_year_it_likely_meant(site: SiteDir, date: str, year: str, close: str) -> None:
    site.write("content/demo/01-gutian.md", case_text(date=date))
    assert report_of(site) == [f"content/demo/01-gutian.md:3: 年份 {year} 不合理，是不是 {close}？ — 改为 {close}（发布年份应在 1949 到 {NEXT_YEAR} 年之间）"]


def test_a_far_future_date_is_an_error_not_a_report_held_back_forever(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(date="9999-12-31"))
    assert report_of(site) == [
        f"content/demo/01-gutian.md:3: 年份 9999 不合理（发布年份应在 1949 到 {NEXT_YEAR} 年之间） — 请写真实的发布时间，例如 2022-10-26 15:47；暂不发布的稿件请写 draft: true"
    ]


def test_a_series_start_date_of_an_implausible_year_is_named(site: SiteDir) -> None:
    site.write("content/demo/_series.yaml", "title: 测试系列\nstart_date: 0202-10-10\n")
    assert report_of(site) == [f"content/demo/_series.yaml:2: 年份 0202 不合理，是不是 2002？ — 改为 2002（发布年份应在 1949 到 {NEXT_YEAR} 年之间）"]
