"""The command line: ``reformpress <command>`` and ``python build.py <command>``.

A user's mistake (:class:`BuildFailed`) prints the report and exits 1; a bug
keeps its traceback.  Each command imports the engine parts it needs when it
runs: ``build`` with nothing changed answers from :mod:`reformpress.incremental.uptodate`
before the renderer, Markdown and the image libraries are even loaded.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import click

from ..messages import notice
from ..problems import BuildFailed

if TYPE_CHECKING:
    import cProfile

    from ..pipeline import BuildReport


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


def refuse(error: BuildFailed, root: Path) -> None:
    """Print the problems that stopped a command that writes nothing on failure, and exit 1."""
    lang = site_language(root)
    lines = [p.format(lang) for p in error.problems]
    lines.append(notice("nothing-written", lang, errors=len(error.problems)))
    click.echo("\n".join(lines), err=True)
    sys.exit(1)


class _Commands(click.Group):
    """The command group, speaking the site's language in Click's own texts too."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from .cli_words import speak

        speak(site_language(Path.cwd()))
        return super().main(*args, **kwargs)


@click.group(cls=_Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reformpress", help="显示版本号并退出。")
@click.pass_context
def main(context: click.Context) -> None:
    """reformpress：把改革成果案例文件发布为新闻风格的静态网站。

    第一次使用：reformpress init 新建站点，reformpress new 新建稿件，reformpress serve 预览，reformpress build 生成。
    """
    if context.invoked_subcommand is None:
        click.echo(context.get_help())


@main.command("build")
@click.option("--root", "-s", "--source", "root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True, help="站点根目录（含 site.yaml）")
@click.option("--output", "-o", "-d", "--destination", "output", type=click.Path(path_type=Path), default=None, help="输出目录，默认 <root>/output")
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
    inputs = None
    if not no_cache:
        from ..incremental.uptodate import look, up_to_date

        inputs = look(root)  # before anything is read; the build uses it too
        current = up_to_date(root, output, base_url, drafts, future, search=not no_search, inputs=inputs)
        if current is not None:
            click.echo(notice("up-to-date", site_language(root), files=current.files, seconds=f"{current.seconds:.2f}"))
            return
    import cProfile

    from ..pipeline import BuildRequest, build

    request = BuildRequest(root, output, base_url, drafts, future, search=not no_search, jobs=jobs, cache=not no_cache, inputs=inputs)
    profiler = cProfile.Profile() if profile else None
    bars = ProgressBars()
    try:
        if profiler:
            profiler.enable()
        folder = output or root / "output"
        report = build(request, bars.update if bars.enabled else None, lambda: click.echo(notice("build-waiting", site_language(root), output=folder), err=True))
    except BuildFailed as error:
        bars.close()
        fail(error, root)
        return
    finally:
        if profiler:
            profiler.disable()
    bars.close()
    click.echo(summary(report))
    from .check import scheduled_lines

    for line in scheduled_lines(report.scheduled, site_language(root)):
        click.echo(line)
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
    import io
    import pstats

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


ROOT_OPTION = click.option("--root", "-s", "--source", "root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True, help="站点根目录（含 site.yaml）")


@main.command("new")
@click.argument("series")
@click.option("--title", required=True, help="稿件标题")
@click.option("--region", "regions", multiple=True, help="地区（site.yaml 的 regions 中的名称），可写多次")
@click.option("--slug", default=None, help="网址名；省略时用标题的拼音")
@click.option("--number", type=int, default=None, help="编号；省略时取系列中下一个空编号")
@ROOT_OPTION
def new_command(series: str, title: str, regions: tuple[str, ...], slug: str | None, number: int | None, root: Path) -> None:
    """新建一篇稿件：content/<系列>/<编号>-<网址名>.md，含全部栏目和填写提示。"""
    from .scaffold import new_case

    try:
        made = new_case(root, series, title, list(regions), slug, number)
    except BuildFailed as error:
        refuse(error, root)
        return
    click.echo(notice("new-created", site_language(root), path=made.rel, number=made.number))


@main.command("check")
@click.option("--strict", is_flag=True, help="把警告也当作错误（用于自动检查）")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
@click.option("--links", is_flag=True, help="另外检查已生成网站的全部站内链接和锚点（不访问站外链接，只列出）")
@click.option("--output", "-o", "-d", "--destination", "output", type=click.Path(path_type=Path), default=None, help="已生成网站的目录（--links 检查它），默认 <root>/output")
@click.option("--base-url", default=None, help="网站构建时用的 base_url（与 build --base-url 相同），默认取 site.yaml")
@click.option("--gov", is_flag=True, help="政府网站自查报告：逐项对照国办秘函〔2019〕19号、国办发〔2017〕47号，检查已生成的网站（先运行 build）")
@ROOT_OPTION
def check_command(strict: bool, output_format: str, links: bool, output: Path | None, base_url: str | None, gov: bool, root: Path) -> None:
    """检查全部内容（与 build 相同的检查，外加编辑提醒），不写入任何文件；加 --links 时检查已生成网站的链接，加 --gov 时给出政府网站自查报告。"""
    from .check import DEFAULT_CHECKS, LinkCheck, check_site, shown_path

    lang = site_language(root)
    checks = list(DEFAULT_CHECKS)
    folder = output or root / "output"
    if links:
        checks.append(LinkCheck(folder, shown_path(folder)))
    if gov:
        from .govcheck import GovCheck, gov_json, gov_text

        report = GovCheck(folder)
        result = check_site(root, strict, [*checks, report], base_url)
        click.echo(gov_json(report.items) if output_format == "json" else gov_text(report.items))
        if any(item.status == "fail" for item in report.items):
            sys.exit(1)
        return
    result = check_site(root, strict, checks, base_url)
    if output_format == "json":
        click.echo(result.json(lang))
    else:
        click.echo(result.text(lang), err=bool(result.errors))
    if result.errors:
        sys.exit(1)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址；默认只允许本机访问")
@click.option("--port", type=int, default=8000, show_default=True, help="端口；0 表示自动选一个空闲端口")
@click.option("--drafts", is_flag=True, help="包含草稿（draft: true）")
@click.option("--future", is_flag=True, help="包含发布时间在未来的稿件")
@click.option("--no-search", is_flag=True, help="不生成站内搜索索引：每次刷新快约 0.6 秒，但预览中搜索不可用")
@ROOT_OPTION
def serve_command(host: str, port: int, drafts: bool, future: bool, no_search: bool, root: Path) -> None:
    """生成网站并在本机预览；修改稿件、模板或 site.yaml 后自动重新生成并刷新浏览器。"""
    from .serve import PreviewServer, serve_until_stopped

    lang = site_language(root)
    if not (root / "site.yaml").is_file():
        click.echo(notice("serve-not-a-site", lang, path=root.resolve()), err=True)
        sys.exit(1)
    try:
        server = PreviewServer(root, host, port, lang, drafts=drafts, future=future, search=not no_search, log=click.echo)
    except BuildFailed as error:
        click.echo("\n".join(p.format(lang) for p in error.problems), err=True)
        sys.exit(1)
    serve_until_stopped(server, lambda url: click.echo(notice("serve-ready", lang, url=url)))


@main.command("edit")
@click.option("--port", type=int, default=8081, show_default=True, help="编辑台的端口；0 表示自动选一个空闲端口")
@click.option("--preview-port", type=int, default=8000, show_default=True, help="预览的端口")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
@click.option("--export", "export", type=click.Path(file_okay=False, path_type=Path), default=None, help="不启动编辑台，而是把连接 GitLab/Gitea 的服务器版编辑台写进这个文件夹")
@click.option("--backend", default="gitlab", show_default=True, help="与 --export 一起用：gitlab 或 gitea")
@click.option("--repo", default=None, help="与 --export 一起用：仓库路径，如 reform-office/site")
@click.option("--base-url", default=None, help="与 --export 一起用：GitLab/Gitea 的地址，如 https://git.example.gov.cn")
@click.option("--api-root", default=None, help="与 --export 一起用：API 地址（默认为 --base-url 加 /api/v4 或 /api/v1）")
@click.option("--branch", default="main", show_default=True, help="与 --export 一起用：提交到哪个分支")
@click.option("--app-id", default="", help="与 --export 一起用：GitLab/Gitea 上 OAuth 应用的 ID")
@ROOT_OPTION
def edit_command(port: int, preview_port: int, no_browser: bool, export: Path | None, backend: str, repo: str | None,
                 base_url: str | None, api_root: str | None, branch: str, app_id: str, root: Path) -> None:
    """打开稿件编辑台：在浏览器里填表写稿、上传图片、导入 Word，保存后自动检查并更新预览。"""
    import webbrowser

    from .edit import desk_for
    from .serve import PreviewServer, serve_until_stopped

    lang = site_language(root)
    if not (root / "site.yaml").is_file():
        click.echo(notice("serve-not-a-site", lang, path=root.resolve()), err=True)
        sys.exit(1)
    if export is not None:
        export_command(root, export, backend, repo, base_url, api_root, branch, app_id)
        return
    try:
        preview = PreviewServer(root, "127.0.0.1", preview_port, lang, drafts=True, log=click.echo)
        desk = desk_for(root, port, preview.url)
    except BuildFailed as error:
        click.echo("\n".join(p.format(lang) for p in error.problems), err=True)
        sys.exit(1)

    def ready(url: str) -> None:
        desk.start()
        click.echo(notice("edit-ready", lang, desk=desk.url, preview=url))
        if not no_browser:
            webbrowser.open(desk.url)

    try:
        serve_until_stopped(preview, ready)
    finally:
        desk.stop()


def export_command(root: Path, folder: Path, backend: str, repo: str | None, base_url: str | None, api_root: str | None, branch: str, app_id: str) -> None:
    """``edit --export``: the desk for a GitLab or Gitea server, written into ``folder``."""
    from ..desk.export import ExportRefused, GitServer, export_desk

    try:
        server = GitServer.checked(backend, repo, base_url, api_root, branch, app_id)
        written = export_desk(root, folder, server)
    except ExportRefused as refused:
        click.echo(f"无法导出编辑台：{refused}", err=True)
        sys.exit(1)
    except BuildFailed as error:
        fail(error, root)
    click.echo(f"已导出服务器版编辑台（{len(written)} 个文件）到 {folder}：连接 {server.base_url} 的仓库 {server.repo}（{server.branch} 分支）。")
    click.echo("发布方法和 OAuth 应用的设置见其中的 README.txt 与 desk-config.js。")
    if not app_id:
        click.echo("注意：还没有填 --app-id，登录前请在 desk-config.js 里填上 OAuth 应用的 ID。")


@main.command("import-docx")
@click.argument("docx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--series", required=True, help="导入到哪个系列（content/ 下的文件夹名）")
@click.option("--region", "regions", multiple=True, help="地区（site.yaml 的 regions 中的名称），可写多次")
@click.option("--slug", default=None, help="网址名；省略时用标题的拼音")
@ROOT_OPTION
def import_docx_command(docx: Path, series: str, regions: tuple[str, ...], slug: str | None, root: Path) -> None:
    """把 Word 稿件（.docx）转换为案例文件，图片放到系列的 images/ 中，并列出需要核对的地方。"""
    from .docx_import import import_docx  # mammoth, bs4 and markdownify add ~0.25 s to every other command's start

    lang = site_language(root)
    try:
        done = import_docx(docx, root, series, list(regions), slug)
    except BuildFailed as error:
        refuse(error, root)
        return
    for note in done.notes:
        click.echo(note.format(lang))
    click.echo(notice("import-done", lang, path=done.rel, sections=done.sections, images=len(done.images), notes=len(done.notes)))


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--language", type=click.Choice(["zh-CN", "en"]), default="zh-CN", show_default=True, help="站点语言")
@click.option("--title", default=None, help="网站名称")
def init_command(folder: Path, language: str, title: str | None) -> None:
    """新建一个站点：site.yaml、默认模板和一篇示例稿件，可以直接生成。"""
    from .new_site import init_site

    try:
        init_site(folder, language, title)
    except BuildFailed as error:
        click.echo("\n".join(p.format(language) for p in error.problems), err=True)
        click.echo(notice("nothing-written", language, errors=len(error.problems)), err=True)
        sys.exit(1)
    click.echo(notice("init-done", language, path=folder))
