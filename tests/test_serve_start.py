"""``serve`` started where there is no site, or where no build ever succeeded, says so plainly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reformpress.commands.serve import PreviewServer

from .kit.site import SiteDir, case_text


def test_serve_in_a_folder_that_is_not_a_site_stops_with_what_to_do(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "reformpress", "serve", "--port", "0"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert f"{tmp_path.resolve()} 不是站点文件夹（没有 site.yaml）：请在站点文件夹中运行，或用 --root 指定站点文件夹；新建站点用 reformpress init" in result.stderr
    assert "预览地址" not in result.stdout


def console_of_a_failing_start(site: SiteDir) -> list[str]:
    """What ``serve`` prints when it starts on ``site`` with a misspelt field."""
    site.write("content/demo/01-gutian.md", case_text(front="titel: x\n"))
    said: list[str] = []
    server = PreviewServer(site.root, port=0, search=False, log=said.append)
    server.start()
    server.stop()
    return said


def test_a_first_build_that_fails_does_not_claim_a_previous_site(site: SiteDir) -> None:
    said = console_of_a_failing_start(site)
    assert said[-1] == "内容有错误，浏览器中会显示；还没有成功生成过网站，改正并保存后才有预览。"
    assert not any("上一次成功生成" in line for line in said)


def test_a_later_failure_keeps_the_last_good_site(site: SiteDir) -> None:
    site.build(search=False)
    assert console_of_a_failing_start(site)[-1] == "内容有错误，浏览器中会显示；预览中仍是上一次成功生成的网站。"
