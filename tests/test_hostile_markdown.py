"""Hostile input ends as ``path:line: what — how to fix``: no traceback, no hang."""

from __future__ import annotations

import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from datetime import datetime

import pytest

from .kit.cli import cli_env
from .kit.site import SiteDir, case_text, report_of

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


def _body(block: str) -> str:
    """Case sections with ``block`` in 改革背景 (it starts at file line 15)."""
    return f"## 引言\n\n引言。\n\n## 改革背景\n\n背景。\n\n{block}\n\n## 创新做法\n\n做法。\n\n## 主要成效\n\n成效。\n\n## 经验启示\n\n启示。\n"


DEEP = "这一段嵌套过深（列表、引用、缩进或 markdown=1 的 div 超过 100 层），无法处理 — 请减少嵌套层数：检查是否误粘贴了大量“- ”“1. ”“> ”、行首空格或未闭合的 <div>"
BRACKETS = "这一段无法处理：有超过 200 个未闭合的 [ 或 ( — 请检查这一段是否误粘贴了大量方括号或圆括号；链接应写成 [文字](网址)"


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        ("- " * 10_000 + "x", 15, DEEP),
        ("1. " * 10_000 + "x", 15, DEEP),
        ("> " * 10_000 + "x", 15, DEEP),
        ("\n".join(" " * (4 * level) + "- a" for level in range(700)), 115, DEEP),
        ("<div markdown=1>\n" * 5_000, 115, DEEP),
        ("![" * 100_000, 15, BRACKETS),
        ("[" * 100_000, 15, BRACKETS),
        ("[a](" * 50_000, 15, BRACKETS),
    ],
    ids=["dashes", "numbers", "quotes", "indentation", "divs", "images", "brackets", "links"],
)
def test_hostile_markdown_is_a_clean_error_within_seconds(site: SiteDir, block: str, line: int, message: str) -> None:
    site.write("content/demo/01-gutian.md", case_text(body=_body(block)))
    done = subprocess.run([sys.executable, "-m", "reformpress", "build"], check=False, cwd=site.root, capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert f"content/demo/01-gutian.md:{line}: {message}" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_ordinary_nesting_and_links_still_render(site: SiteDir) -> None:
    nested = "\n".join(" " * (2 * level) + f"- 第{level}层" for level in range(10))
    site.write("content/demo/01-gutian.md", case_text(body=_body(nested + "\n\n" + "见[文件](https://example.gov.cn/a)。" * 300)))
    site.build()
    assert "第9层" in site.page("demo/01-gutian/").get_text()


def test_a_browser_closing_connections_early_leaves_no_traceback_in_serve(site: SiteDir) -> None:
    site.write("content/demo/01-gutian.md", case_text(body=_body("长文。" * 200_000)))  # a page too big to send before the close
    process = subprocess.Popen(
        [sys.executable, "-m", "reformpress", "serve", "--port", "0", "--root", str(site.root)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=cli_env(), text=True, encoding="utf-8", start_new_session=True,
    )
    try:
        assert process.stdout is not None
        url = ""
        deadline = time.monotonic() + 60
        while not url and time.monotonic() < deadline:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
            url = found.group(1) if found else ""
        assert url, "serve never printed its address"
        for _ in range(20):
            with socket.create_connection(("127.0.0.1", int(url)), timeout=5) as connection:
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
                connection.sendall(b"GET /demo/01-gutian/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
                connection.recv(1)
        time.sleep(1)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    assert "Traceback" not in output
    assert "BrokenPipeError" not in output and "ConnectionResetError" not in output
