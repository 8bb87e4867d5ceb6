"""``init``: a new, empty site — site.yaml, the default templates, one sample case — that builds at once.

The templates are not a second copy kept in the package: there is one source,
the repository's ``templates/`` folder.  A wheel carries it as package data at
``reformpress/site_templates/`` (pyproject maps ``templates/`` there); a source
checkout or an editable install reads ``templates/`` beside the package.
:func:`bundled_templates` finds whichever exists, so ``init`` copies the theme as
it is today, including whatever the theme's maintainers changed last.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..problems import BuildFailed, problem

PACKAGE = Path(__file__).resolve().parent.parent

SITE_YAML = {
    "zh": """\
# 站点设置。修改后运行 reformpress build 重新生成网站。
title: {title}
base_url: https://www.example.gov.cn/gg/    # 网站正式地址（部署前改为真实地址）
language: zh-CN
timezone: Asia/Shanghai
description: 各地各部门全面深化改革成果展示。
keywords: [全面深化改革, 改革成果]
intro: 本专栏按系列刊发各地各部门的改革成果，每篇介绍一项改革的背景、做法、成效与启示。
per_page: 10
related_count: 5

breadcrumb:
  - {{title: 首页, url: /}}
  - {{title: 专题}}

# 地区名 → 网址名（只能用小写字母、数字和 -）
regions:
  示例县: shili
  市直部门: shizhi

# 稿件栏目结构：按此顺序显示；required 为必备栏目
sections:
  - {{key: editor_note, heading: 编者按, style: note, aliases: [编者的话]}}
  - {{key: intro, heading: 引言, aliases: [导语, 前言]}}
  - {{key: background, heading: 改革背景, required: true, aliases: [背景, 工作背景]}}
  - {{key: practices, heading: 创新做法, required: true, aliases: [主要做法, 具体做法, 改革举措]}}
  - {{key: results, heading: 主要成效, required: true, aliases: [取得成效, 工作成效, 改革成效]}}
  - {{key: lessons, heading: 经验启示, required: true, aliases: [启示, 几点启示]}}

# 规范用语：错误或过时的写法 → 规范写法（reformpress check 会逐行提醒）
terms:
  改革办公室: 改革办

footer:
  host: 示例市委全面深化改革委员会办公室
  copyright: 示例改革网 版权所有
""",
    "en": """\
# Site settings. Run `reformpress build` after changing them.
title: {title}
base_url: https://www.example.org/reform/    # the public address (set the real one before publishing)
language: en
timezone: Asia/Shanghai
description: Reform results from counties and departments.
per_page: 10
related_count: 5

breadcrumb:
  - {{title: Home, url: /}}

# region name → URL name (lowercase letters, digits and -)
regions:
  Example County: example

# sections of every report, in this order; required ones must be written
sections:
  - {{key: editor_note, heading: Editor's note, style: note}}
  - {{key: intro, heading: Introduction}}
  - {{key: background, heading: Background, required: true}}
  - {{key: practices, heading: Measures, required: true}}
  - {{key: results, heading: Results, required: true}}
  - {{key: lessons, heading: Lessons, required: true}}

# wrong or outdated wording → approved wording (reformpress check points at each line)
terms:
  reform office of the county: County Reform Office

footer:
  copyright: Example reform site
""",
}

SERIES_YAML = {
    "zh": """\
title: 全面深化改革系列成果展示
column: 全面深化改革进行时
description: 集中展示各地各部门全面深化改革中的典型案例。
source: 示例市委改革办
numbering: circled
""",
    "en": """\
title: Reform results series
column: Reform in progress
description: Typical cases from the counties and departments.
source: City Reform Office
numbering: digits
""",
}

SAMPLE_CASE = {
    "zh": """\
---
title: 示例县推行“一窗通办”政务服务改革
date: 2024-01-15 09:30
regions: [示例县]
units: [示例县委改革办]
editor: 示例编辑
tags: [营商环境]
---

## 引言

这是一篇示例稿件，演示稿件的写法。用 reformpress new 新建稿件，或用 reformpress import-docx 导入 Word 稿件；不需要时删除本文件。

## 改革背景

群众办事要跑多个窗口、交多份材料，是改革前的主要问题。

## 创新做法

### 一、整合窗口

把分散的部门窗口整合为综合窗口，实行“前台综合受理、后台分类审批”。

### 二、精简材料

梳理高频事项的申请材料，能共享的不再要求群众提交。

## 主要成效

高频事项实现“一窗受理、一次办好”，群众办事时间明显缩短。

## 经验启示

一是要从群众办事的难点出发设计改革；二是要用数据共享代替材料提交。
""",
    "en": """\
---
title: Example County opens one-stop service windows
date: 2024-01-15 09:30
regions: [Example County]
units: [Example County Reform Office]
editor: Sample Editor
tags: [public services]
---

## Introduction

This sample report shows how a case file is written. Make new ones with `reformpress new` or import Word files with `reformpress import-docx`; delete this file when you no longer need it.

## Background

Citizens had to visit several counters and hand in the same papers more than once.

## Measures

### 1. One counter

Separate department counters were merged into one general counter.

## Results

Common requests are now handled at one counter in one visit.

## Lessons

Start from what citizens find hard, and share data instead of asking for papers.
""",
}

BUILD_PY = '''\
"""`python build.py <command>` is `reformpress <command>` (build, check, new, serve, import-docx)."""

from reformpress.commands.cli import main

if __name__ == "__main__":
    main()
'''

EDIT_CMD = (
    "@echo off\r\n"
    "rem Double-click to open the editing desk (reformpress edit) in the browser.\r\n"
    "rem Closing this window stops the desk and its preview.\r\n"
    "cd /d \"%~dp0\"\r\n"
    "py -m reformpress edit\r\n"
    "if errorlevel 1 pause\r\n"
)
"""稿件编辑台.cmd: the desk for an editor who never opens a terminal (Windows reads .cmd files in its
own code page, so the file holds ASCII only; CRLF as cmd.exe expects)."""

EDIT_COMMAND = (
    "#!/bin/sh\n"
    "# Double-click (macOS Finder) or run to open the editing desk (reformpress edit) in the browser.\n"
    "# Closing this window, or Ctrl+C, stops the desk and its preview.\n"
    "cd \"$(dirname \"$0\")\" || exit 1\n"
    "exec python3 -m reformpress edit\n"
)
"""稿件编辑台.command: the same for macOS (Finder runs a .command file in Terminal)."""

GITIGNORE = "/output/\n/.output.*\n/.cache/\n"
"""Generated: the site, its staging and spare folders beside it, and the build cache."""


def bundled_templates() -> Path:
    """The default templates: package data in an installed wheel, else the checkout's ``templates/``."""
    for folder in (PACKAGE / "site_templates", PACKAGE.parent / "templates"):
        if (folder / "base.html").is_file():
            return folder
    raise FileNotFoundError("reformpress is installed without its templates (site_templates/ or ../templates/)")


def init_site(target: Path, language: str = "zh-CN", title: str | None = None) -> list[Path]:
    """Create a new site in ``target`` (missing or empty); return the files written, sorted.

    Raises :class:`BuildFailed` if ``target`` exists and holds anything.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BuildFailed([problem("folder-not-empty", str(target), None, name=str(target))])
    lang = "en" if language.lower().startswith("en") else "zh"
    title = title or ("Reform results" if lang == "en" else "改革成果展示")
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(bundled_templates(), target / "templates", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "__init__.py"))
    files = {
        "site.yaml": SITE_YAML[lang].format(title=title),
        "content/reform/_series.yaml": SERIES_YAML[lang],
        "content/reform/01-sample.md": SAMPLE_CASE[lang],
        "build.py": BUILD_PY,
        ".gitignore": GITIGNORE,
    }
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    (target / "稿件编辑台.cmd").write_bytes(EDIT_CMD.encode("ascii"))
    launcher = target / "稿件编辑台.command"
    launcher.write_bytes(EDIT_COMMAND.encode("ascii"))
    launcher.chmod(0o755)
    return sorted(path for path in target.rglob("*") if path.is_file())
