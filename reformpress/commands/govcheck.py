"""``check --gov``: the 自查报告 — what a static build can decide of the government-site rules, item by item.

Each item names its clause (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号; 《政府网站发展指引》,
国办发〔2017〕47号), says 通过 / 提醒 / 不通过 (pass / warn / fail) and where.  It reads the site as
``check`` assembled it and the built pages in the output folder (run ``build`` first): what a
reader gets, not what the templates should give.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from .. import urls
from ..model import GovMark, Site, SiteConfig
from ..problems import Problem
from ..text import dates
from .check import CheckInput

Status = Literal["pass", "warn", "fail", "skip"]

STATUS_WORDS = {"pass": "通过", "warn": "提醒", "fail": "不通过", "skip": "未检查"}

INDICATORS = "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》"
GUIDE = "国办发〔2017〕47号《政府网站发展指引》"

HOME_STALE_DAYS = 14
"""19号's 单项否决: a home page not updated for two weeks."""

EMPTY_COLUMNS_FAIL = 6
"""19号's 单项否决: more than five empty columns (空白栏目数量超过 5 个)."""


@dataclass(frozen=True)
class Item:
    """One line of the report."""

    key: str
    title: str
    clause: str
    status: Status
    detail: str
    where: tuple[str, ...] = field(default=())


def gov_items(root: Path, config: SiteConfig, site: Site | None, output: Path, problems: list[Problem], now: datetime | None = None) -> list[Item]:
    """Every item of the report for a site (``site``: as ``check`` assembled it, ``None`` if it has errors)."""
    now = now or dates.site_now(config.timezone)
    built = (output / "index.html").is_file()
    items = [
        _dates_shown(site, output, built),
        _empty_columns(site, config),
        _home_updated(site, now),
        _series_updated(site, config, now),
        _back_dated(root, site, config.backdate_days),
        _personal(problems, site),
        _wording(problems),
        _outside_requests(output, config, built),
        *_footer(config, output / "index.html" if built else None),
    ]
    return items


_TAG_RE = re.compile(r"<[^>]*>")


def _pages(output: Path) -> Iterator[Path]:
    for page in sorted(output.rglob("*.html")):
        if urls.SEARCH_BUNDLE not in page.relative_to(output).parts:
            yield page


def _dates_shown(site: Site | None, output: Path, built: bool) -> Item:
    clause = f"{INDICATORS}：信息发布须标注发布时间"
    if site is None or not built:
        return Item("dates-shown", "稿件标注发布日期", clause, "skip", "先运行 build 生成网站（且内容没有错误），再检查已生成的页面")
    missing = []
    for outline in site.outlines.values():
        page = output / outline.key / "index.html"
        if not page.is_file() or dates.shown(outline.date) not in _TAG_RE.sub("", page.read_text(encoding="utf-8")):  # as text a reader sees, not an attribute
            missing.append(f"{outline.key}/")
    if missing:
        return Item("dates-shown", "稿件标注发布日期", clause, "fail", f"{len(missing)} 篇稿件的页面上没有发布日期", tuple(missing))
    return Item("dates-shown", "稿件标注发布日期", clause, "pass", f"全部 {len(site.outlines)} 篇稿件的页面都标注了发布日期（年月日时分）")


def _empty_columns(site: Site | None, config: SiteConfig) -> Item:
    clause = f"{INDICATORS}：单项否决·空白栏目数量超过 {EMPTY_COLUMNS_FAIL - 1} 个"
    if site is None:
        return Item("empty-columns", "空白栏目", clause, "skip", "内容有错误，未能统计")
    unused = [region.name for region in config.regions if not site.by_region.get(region.slug)]
    empty = (unused if config.show_empty_regions else []) + [series.title for series in site.series if not site.by_series.get(series.slug)]
    if not empty:
        if unused:
            return Item("empty-columns", "空白栏目", clause, "pass", f"没有空白栏目；{len(unused)} 个地区还没有稿件，未生成也未链接它们的页面", tuple(unused))
        return Item("empty-columns", "空白栏目", clause, "pass", "每个地区和系列都有已发布的稿件")
    status: Status = "fail" if len(empty) >= EMPTY_COLUMNS_FAIL else "warn"
    return Item("empty-columns", "空白栏目", clause, status, f"{len(empty)} 个栏目没有已发布的稿件（页面显示“暂无稿件”）：补充稿件，或删去栏目（地区：去掉 site.yaml 的 show_empty_regions）", tuple(empty))


def _home_updated(site: Site | None, now: datetime) -> Item:
    clause = f"{INDICATORS}：单项否决·首页栏目信息超过 2 周未更新"
    if site is None or not site.newest:
        return Item("home-updated", "首页更新", clause, "skip", "没有已发布的稿件")
    newest = site.outlines[site.newest[0]].date
    days = (now - newest) // timedelta(days=1)
    detail = f"最新一篇发布于 {dates.shown(newest)}，距今 {days} 天"
    return Item("home-updated", "首页更新", clause, "fail" if days > HOME_STALE_DAYS else "pass", detail, (f"{site.newest[0]}/",))


def _series_updated(site: Site | None, config: SiteConfig, now: datetime) -> Item:
    """Each series against its ``update_every`` (``_series.yaml``, else site.yaml); a finished series is exempt."""
    clause = f"{INDICATORS}：栏目更新（应更新而长期未更新的栏目）"
    title = "栏目更新（各系列的更新周期 update_every）"
    if site is None:
        return Item("series-updated", title, clause, "skip", "内容有错误，未能检查")
    stale, unset, where = [], [], []
    for series in site.series:
        file = f"{series.path}/_series.yaml"
        if series.finished:
            where.append(f"{file}: 《{series.title}》已完结（finished: true），不再要求更新")
            continue
        period = series.update_every or config.update_every
        keys = site.by_series.get(series.slug, ())
        newest = max((site.outlines[key].date for key in keys), default=None)
        if period is None:
            unset.append(series.title)
            where.append(f"{file}: 《{series.title}》没有设置更新周期：在 _series.yaml（或 site.yaml）写 update_every: 天数；已完结的写 finished: true")
        elif newest is None:
            stale.append(series.title)
            where.append(f"{file}: 《{series.title}》还没有已发布的稿件，更新周期 {period} 天")
        else:
            days = (now - newest) // timedelta(days=1)
            if days > period:
                stale.append(series.title)
            where.append(f"{file}: 《{series.title}》最新一篇发布于 {dates.shown(newest)}，距今 {days} 天，更新周期 {period} 天")
    if stale:
        return Item("series-updated", title, clause, "fail", f"{len(stale)} 个系列超过更新周期没有新稿件：发布新稿件；已经结束的系列在 _series.yaml 写 finished: true", tuple(where))
    if unset:
        return Item("series-updated", title, clause, "warn", f"{len(unset)} 个系列没有设置更新周期，无法判断是否按时更新", tuple(where))
    return Item("series-updated", title, clause, "pass", f"全部 {len(site.series)} 个系列都在更新周期内（已完结的系列除外）", tuple(where))


def first_commits(root: Path) -> dict[str, datetime] | None:
    """Each file under ``root/content`` → when a commit first added it; ``None`` outside a git checkout or without git."""
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--diff-filter=A", "--name-only", "--format=@%ct", "--reverse", "--", "content"],
            capture_output=True, text=True, timeout=60, check=False, env={"GIT_OPTIONAL_LOCKS": "0", "PATH": _path()},
        )
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=10, check=False, env={"PATH": _path()})
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0 or top.returncode != 0:
        return None
    prefix = root.resolve().relative_to(Path(top.stdout.strip()).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    added: dict[str, datetime] = {}
    when: datetime | None = None
    for line in result.stdout.splitlines():
        if line.startswith("@"):
            when = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line and when is not None:
            added.setdefault(line.removeprefix(prefix), when)
    return added


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")


def _back_dated(root: Path, site: Site | None, margin: int) -> Item:
    clause = f"{INDICATORS}：单项否决·伪造发稿日期"
    title = f"发稿日期（早于首次提交 {margin} 天以上）"
    if site is None:
        return Item("back-dated", title, clause, "skip", "内容有错误，未能检查")
    added = first_commits(root)
    if added is None:
        return Item("back-dated", title, clause, "skip", "站点不在 git 仓库中（或没有安装 git），无法核对稿件何时写入")
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(site.config.timezone)
    found = []
    for outline in site.outlines.values():
        first = added.get(outline.path)
        if first is None:
            continue  # not committed yet: nothing to compare with
        committed = first.astimezone(zone).replace(tzinfo=None)
        if committed - outline.date > timedelta(days=margin):
            found.append(f"{outline.path}: 发布时间 {dates.shown(outline.date)}，首次提交 {dates.shown(committed)}")
    if found:
        return Item("back-dated", title, clause, "fail", f"{len(found)} 篇稿件的发布时间比它首次提交到仓库早 {margin} 天以上：核实发布时间，如实填写", tuple(found))
    return Item("back-dated", title, clause, "pass", "每篇稿件的发布时间都不早于它首次提交到仓库的时间（允许 " + str(margin) + " 天）")


def _personal(problems: list[Problem], site: Site | None) -> Item:
    clause = f"{GUIDE}：信息发布审查（先审后发），不得泄露个人信息"
    found = [str(p.location) for p in problems if p.code.startswith("personal-")]
    if found:
        return Item("personal", "个人信息（身份证号、手机号、银行卡号）", clause, "fail", f"{len(found)} 处，发布前须删除或打码", tuple(found))
    if site is None:
        return Item("personal", "个人信息（身份证号、手机号、银行卡号）", clause, "skip", "内容有错误，未能检查")
    return Item("personal", "个人信息（身份证号、手机号、银行卡号）", clause, "pass", "稿件中没有真实有效的身份证号、手机号或银行卡号（site.yaml 中列为可公开的除外）")


def _wording(problems: list[Problem]) -> Item:
    clause = f"{INDICATORS}：单项否决·严重表述错误"
    found = [str(p.location) for p in problems if p.code == "wrong-term"]
    if found:
        return Item("wording", "规范用语（site.yaml terms）", clause, "warn", f"{len(found)} 处写法与规范用语不符", tuple(found))
    return Item("wording", "规范用语（site.yaml terms）", clause, "pass", "没有发现与规范用语不符的写法")


_ASSET_RE = re.compile(r"<(?:script|img|link|iframe|source|video|audio)\b[^>]*?\s(?:src|href|srcset)=\"([^\"]+)\"", re.IGNORECASE)


def _outside_requests(output: Path, config: SiteConfig, built: bool) -> Item:
    clause = f"{GUIDE}：安全防护（页面不加载其他网站的脚本和资源）"
    if not built:
        return Item("outside-requests", "不加载站外资源", clause, "skip", "先运行 build 生成网站，再检查已生成的页面")
    host = urlsplit(config.base_url).netloc
    found = []
    pages = 0
    for page in _pages(output):
        pages += 1
        for url in _ASSET_RE.findall(page.read_text(encoding="utf-8")):
            for part in url.split(","):
                netloc = urlsplit(part.strip().split(" ")[0]).netloc
                if netloc and netloc != host:
                    found.append(f"{page.relative_to(output).as_posix()}: {part.strip()}")
    if found:
        return Item("outside-requests", "不加载站外资源", clause, "fail", f"{len(found)} 处加载其他网站的资源", tuple(found[:20]))
    return Item("outside-requests", "不加载站外资源", clause, "pass", f"{pages} 个页面的脚本、样式、图片都来自本站")


FOOTER_FACTS = (
    ("host", "主办单位", f"{GUIDE}：页面底部标注主办单位"),
    ("site_id_code", "网站标识码", f"{GUIDE}：页面底部标注网站标识码"),
    ("icp", "ICP 备案编号", f"{GUIDE}：页面底部标注 ICP 备案编号"),
    ("police_record", "公安机关备案号", f"{GUIDE}：页面底部标注公安机关备案号"),
    ("error_report_url", "「我为政府网站找错」入口", f"{GUIDE}：设置“我为政府网站找错”入口"),
    ("gov_mark", "党政机关网站标识", f"{GUIDE}：页面底部标注党政机关网站标识"),
)


def _footer(config: SiteConfig, home: Path | None) -> list[Item]:
    shown = home.read_text(encoding="utf-8") if home is not None else None
    items = []
    for key, name, clause in FOOTER_FACTS:
        fact = getattr(config.footer, key)
        value, seen = (f"{fact.image}（链接 {fact.url}）", f'src="{fact.image}"') if isinstance(fact, GovMark) else (fact, fact)  # the mark: its picture on the page
        if value and shown is not None and seen not in shown and html.escape(seen) not in shown:
            items.append(Item(f"footer-{key}", f"页脚：{name}", clause, "fail", f"site.yaml 写了“{value}”，但首页上没有：检查模板 base.html 的页脚"))
        elif value:
            items.append(Item(f"footer-{key}", f"页脚：{name}", clause, "pass", value))
        else:
            how = "：图片放进 images/，写 gov_mark: {image: images/文件名.png, url: 主管部门提供的链接}（见 docs/gov.md）" if key == "gov_mark" else ""
            items.append(Item(f"footer-{key}", f"页脚：{name}", clause, "fail", f"site.yaml 的 footer 中没有 {key}（{name}），请向主管部门确认后填写{how}"))
    return items


@dataclass
class GovCheck:
    """``check --gov`` as one of ``check``'s checks: it adds no problems, it keeps the report's items (it runs last, seeing the others' problems)."""

    folder: Path
    items: list[Item] = field(default_factory=list)

    def __call__(self, given: CheckInput) -> list[Problem]:
        self.items = gov_items(given.root, given.config, given.site, self.folder, list(given.problems))
        return []


def gov_text(items: list[Item]) -> str:
    """The report for people: one block per item, then the count of each status."""
    lines = ["政府网站自查报告（reformpress check --gov）", ""]
    for item in items:
        lines.append(f"[{STATUS_WORDS[item.status]}] {item.title} — {item.detail}")
        lines.append(f"    依据：{item.clause}")
        lines += [f"    {where}" for where in item.where[:10]]
        if len(item.where) > 10:
            lines.append(f"    ……另有 {len(item.where) - 10} 处")
    counts = {status: sum(1 for item in items if item.status == status) for status in STATUS_WORDS}
    lines += ["", "合计：" + "，".join(f"{STATUS_WORDS[status]} {count} 项" for status, count in counts.items())]
    return "\n".join(lines)


def gov_json(items: list[Item]) -> str:
    """The report for tools."""
    return json.dumps(
        {"items": [{"key": i.key, "title": i.title, "clause": i.clause, "status": i.status, "detail": i.detail, "where": list(i.where)} for i in items],
         "failed": sum(1 for i in items if i.status == "fail")},
        ensure_ascii=False,
        indent=2,
    )
