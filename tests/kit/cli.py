"""The editors' commands as they run them: the real CLI as a subprocess, real .docx files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .site import REPO


def cli_env() -> dict[str, str]:
    """The environment for a subprocess that must import this checkout's reformpress."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m reformpress <args>`` as a real process; returns its exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "reformpress", *args],
        cwd=cwd, env=cli_env(), capture_output=True, text=True, check=False, encoding="utf-8", timeout=timeout,
    )


def make_report_docx(path: Path, pictures: Path, *, complete: bool = True) -> Path:
    """A county's Word report as they send it: a real .docx made with python-docx.

    ``complete`` has a title with the series prefix, metadata lines, Word headings,
    bold pseudo-headings, numbered sub-headings, a numbered list, a picture with a
    Caption paragraph and one without.  Otherwise: text before any heading, no
    metadata, and no 经验启示 section.
    """
    import docx
    from docx.shared import Inches
    from PIL import Image

    pictures.mkdir(parents=True, exist_ok=True)
    red, green = pictures / "red.png", pictures / "green.png"
    Image.new("RGB", (320, 200), (200, 30, 30)).save(red)
    Image.new("RGB", (200, 320), (30, 160, 60)).save(green)

    document = docx.Document()

    def bold(text: str) -> None:
        document.add_paragraph().add_run(text).bold = True

    if not complete:
        document.add_paragraph("古田县近年来持续推进基层治理改革，取得了明显成效。这是导语，写在任何标题之前。")
        document.add_heading("改革背景", level=1)
        document.add_paragraph("背景正文。")
        document.add_heading("创新做法", level=1)
        document.add_paragraph("做法正文。")
        bold("主要成效")
        document.add_paragraph("成效正文。")
        document.save(path)
        return path

    document.add_heading("测试市全面深化改革系列成果展示⑯：古田县探索“四下基层”培养机制", level=0)
    document.add_paragraph("来源：古田县委改革办")
    document.add_paragraph("编者按：为迎接党的二十大胜利召开，本专栏陆续推出各地改革成果。")
    document.add_heading("引言", level=1)
    document.add_paragraph("近年来，古田县大力弘扬“四下基层”优良传统。")
    bold("改革背景")
    document.add_paragraph("培养选拔优秀年轻干部，是事关党的事业后继有人的根本大计。")
    document.add_picture(str(red), width=Inches(2))
    document.add_paragraph("年轻干部“四下基层”实践活动启动仪式", style="Caption")
    document.add_heading("主要做法", level=1)
    document.add_paragraph("一、坚持“四个一批”，优化培养路径")
    document.add_paragraph("一是规划培养一批。结合年度考核，分级分类建立信息库。")
    bold("（一）细化培养计划")
    document.add_paragraph("明确年度培养目标", style="List Number")
    document.add_paragraph("建立跟踪培养台账", style="List Number")
    document.add_heading("工作亮点", level=2)
    document.add_paragraph("亮点正文，含**星号**和 1500 多名干部。")
    document.add_picture(str(green), width=Inches(1))
    document.add_paragraph("这张图片后面紧跟的是一段很长的正文，不是图注，因为它以句号结尾并且比图注长得多得多得多得多得多。")
    bold("二、主要成效")
    document.add_paragraph("一是进一步密切党群干群关系。")
    document.add_heading("经验启示", level=1)
    document.add_paragraph("一是要以重要理念为根本遵循。")
    document.add_paragraph("推送单位：中共古田县委组织部、古田县委改革办")
    document.add_paragraph("责任编辑：林晓")
    document.save(path)
    return path
