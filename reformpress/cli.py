"""The command line: ``reformpress <command>`` and ``python build.py <command>``.

A user's mistake (:class:`BuildFailed`) prints the report and exits 1; a bug
keeps its traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .pipeline import BuildRequest, build
from .problems import BuildFailed


def site_language(root: Path) -> str:
    """The site's language for messages, read leniently (``zh-CN`` if unknown)."""
    try:
        text = (root / "site.yaml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return "zh-CN"
    for line in text.splitlines():
        if line.startswith("language:"):
            return line.split(":", 1)[1].strip().strip("'\"") or "zh-CN"
    return "zh-CN"


def fail(error: BuildFailed, root: Path) -> None:
    """Print a problem report for editors and exit 1."""
    click.echo(error.report(site_language(root)), err=True)
    sys.exit(1)


@click.group()
@click.version_option(package_name="reformpress")
def main() -> None:
    """reformpress：把改革成果案例文件发布为新闻风格的静态网站。"""


@main.command("build")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True, help="站点根目录（含 site.yaml）")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="输出目录，默认 <root>/output")
@click.option("--base-url", default=None, help="覆盖 site.yaml 的 base_url（部署到其他地址时使用）")
@click.option("--drafts", is_flag=True, help="包含草稿（draft: true）")
@click.option("--future", is_flag=True, help="包含发布时间在未来的稿件")
def build_command(root: Path, output: Path | None, base_url: str | None, drafts: bool, future: bool) -> None:
    """检查全部内容并生成网站到 output/。"""
    try:
        report = build(BuildRequest(root, output, base_url, drafts, future))
    except BuildFailed as error:
        fail(error, root)
        return
    stages = " ".join(f"{stage} {seconds:.2f}s" for stage, seconds in report.seconds.items())
    click.echo(f"已生成 {report.articles} 篇稿件、{report.pages} 个页面、{report.files} 个文件（{stages}）")
