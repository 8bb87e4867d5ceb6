"""A report dated later than now is held back, and both ``check`` and ``build`` say so, with its date."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from .kit.site import SiteDir, case_text


def test_check_and_build_name_the_report_held_back_and_until_when(site: SiteDir) -> None:
    later = f"{datetime.now() + timedelta(days=20):%Y-%m-%d} 09:00"
    site.write("content/demo/03-later.md", case_text("古田县下个月的改革", date=later))
    checked = site.cli("check")
    assert checked.exit_code == 0, checked.output
    line = f"content/demo/03-later.md: 发布时间 {later} 还没到，这篇稿件暂不发布；到时重新生成即发布（预览可加 --future）"
    assert line in checked.output.splitlines()
    built = site.cli("build", "--no-search")
    assert built.exit_code == 0, built.output
    assert built.output.startswith("已生成 2 篇稿件")
    assert line in built.output.splitlines()
    as_json = json.loads(site.cli("check", "--format", "json").output)
    assert as_json["scheduled"] == [{"path": "content/demo/03-later.md", "date": later}]


def test_nothing_is_said_when_every_report_is_due(site: SiteDir) -> None:
    assert "还没到" not in site.cli("check").output
    assert "还没到" not in site.cli("build", "--no-search").output
