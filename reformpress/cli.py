"""The command line: ``reformpress <command>`` and ``python build.py <command>``.

A user's mistake (:class:`BuildFailed`) prints the report and exits 1; a bug
keeps its traceback.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
from pathlib import Path
from typing import Any, ClassVar

import click

from .config import load_config
from .linkcheck import LinkReport, check_links
from .pipeline import BuildReport, BuildRequest, build
from .problems import BuildFailed, Problem, problem
from .sources import read_sources
from .validate import validate


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
@click.option("--no-search", is_flag=True, help="不建立搜索索引（快速预览用；搜索页将无结果）")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="并行进程数，默认为 CPU 数")
@click.option("--no-cache", is_flag=True, help="不使用也不更新 .cache/ 缓存，全部重新生成")
@click.option("--profile", is_flag=True, help="生成后打印耗时最多的函数（cProfile）")
def build_command(
    root: Path, output: Path | None, base_url: str | None, drafts: bool, future: bool, no_search: bool, jobs: int | None, no_cache: bool, profile: bool
) -> None:
    """检查全部内容并生成网站到 output/。"""
    request = BuildRequest(root, output, base_url, drafts, future, search=not no_search, jobs=jobs, cache=not no_cache)
    profiler = cProfile.Profile() if profile else None
    bars = ProgressBars()
    try:
        if profiler:
            profiler.enable()
        report = build(request, bars.update if bars.enabled else None)
    except BuildFailed as error:
        bars.close()
        fail(error, root)
        return
    finally:
        if profiler:
            profiler.disable()
    bars.close()
    click.echo(summary(report))
    if profiler:
        print_profile(profiler)


def summary(report: BuildReport) -> str:
    """The one-line account of a build: what was written, what was reused, seconds per stage."""
    stages = " ".join(f"{stage} {seconds:.2f}s" for stage, seconds in report.seconds.items())
    return (
        f"已生成 {report.articles} 篇稿件、{report.pages} 个页面、{report.files} 个文件："
        f"重新生成 {report.rendered_articles} 篇正文、{report.rendered_pages} 个页面，写入 {report.written} 个文件，"
        f"{report.kept} 个未变的文件保持原样（{stages}，共 {sum(report.seconds.values()):.2f}s）"
    )


def print_profile(profiler: cProfile.Profile, count: int = 25) -> None:
    """Where the time went: the functions with the most cumulative and own time (this process only)."""
    for order in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order).print_stats(count)
        click.echo(stream.getvalue(), err=True)
    click.echo("（worker processes are not profiled: run with --jobs 1 to see Markdown and page rendering in full）", err=True)


class ProgressBars:
    """One progress bar per long stage, on a terminal only (never in logs or pipes)."""

    MIN_ITEMS = 200
    LABELS: ClassVar[dict[str, str]] = {"markdown": "正文", "pages": "页面"}

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.stage: str | None = None
        self.bar: Any = None
        self.done = 0

    def update(self, stage: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` for ``stage``."""
        if total < self.MIN_ITEMS:
            return
        if stage != self.stage:
            self.close()
            self.stage, self.done = stage, 0
            self.bar = click.progressbar(length=total, label=self.LABELS.get(stage, stage), file=sys.stderr, width=30)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        """Finish the bar on screen, if one is open."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
            self.stage = None


@main.command("check")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True, help="站点根目录（含 site.yaml）")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="已生成网站的目录（--links 检查它），默认 <root>/output")
@click.option("--base-url", default=None, help="网站构建时用的 base_url（与 build --base-url 相同），默认取 site.yaml")
@click.option("--strict", is_flag=True, help="警告也算错误（CI 用）")
@click.option("--links", is_flag=True, help="另外检查已生成网站的全部站内链接和锚点（不访问站外链接，只列出）")
def check_command(root: Path, output: Path | None, base_url: str | None, strict: bool, links: bool) -> None:
    """检查全部内容（不写任何文件）；加 --links 时检查已生成网站的链接。"""
    lang = site_language(root)
    try:
        config = load_config(root / "site.yaml", base_url)
        sources, problems = read_sources(root)
        problems += validate(config, sources)
    except BuildFailed as error:
        problems = error.problems
    report: LinkReport | None = None
    if links and not any(p.code in ("file-missing", "bad-base-url") for p in problems):
        folder = output or root / "output"
        if not (folder / "index.html").is_file():
            problems.append(problem("output-missing", str(folder), None, name=str(folder)))
        else:
            report = check_links(folder, base_url or config.base_url, shown_as=_shown(folder))
            problems += report.problems
    failing = [p for p in problems if p.severity == "error" or strict]
    for line in check_report(problems, report, lang):
        click.echo(line, err=bool(failing))
    sys.exit(1 if failing else 0)


def _shown(folder: Path) -> str:
    """How to name a folder in messages: relative to the working directory when inside it."""
    try:
        return folder.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(folder)


def check_report(problems: list[Problem], links: LinkReport | None, lang: str) -> list[str]:
    """The lines ``check`` prints: each problem, the external links (listed, not fetched), a summary."""
    zh = not lang.lower().startswith("en")
    lines = [p.format(lang) for p in sorted(problems, key=lambda p: (p.location, p.code, p.params))]
    if links is not None:
        if links.external:
            lines.append("站外链接（只列出，未访问）：" if zh else "external links (listed, not fetched):")
            lines += [f"  {e.url}  （{e.pages} 个页面，如 {e.first_page}）" if zh else f"  {e.url}  ({e.pages} pages, e.g. {e.first_page})" for e in links.external]
        lines.append(
            f"链接检查：{links.pages} 个页面，{links.links} 个站内链接，{len(links.problems)} 个问题，{len(links.external)} 个站外链接。"
            if zh
            else f"links: {links.pages} pages, {links.links} internal links, {len(links.problems)} problems, {len(links.external)} external links."
        )
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    lines.append(f"共 {errors} 个错误，{warnings} 个警告。" if zh else f"{errors} error(s), {warnings} warning(s).")
    return lines
