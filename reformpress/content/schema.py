"""The schema: every field of site.yaml, _series.yaml and a case's front matter, and how fields are checked.

Closed field tables, one declaration per allowed key, checked the same way everywhere:
``site.yaml`` (:data:`SITE_FIELDS` and the tables of its parts), ``_series.yaml``
(:data:`SERIES_FIELDS`) and case front matter (:data:`CASE_FIELDS`, :data:`HIGHLIGHT_FIELDS`)
are each described by a tuple of :class:`Field`; a case's sections are site.yaml's
``sections`` (:class:`reformpress.model.SectionSpec`).  :func:`read_fields` reports unknown keys (with a
"did you mean"), missing required keys and values of the wrong kind, each at
its line, and returns only the values that passed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Literal

from ..model import Footer
from ..problems import Problem, problem
from ..text.chinese import join_lines
from ..text.yamlio import Lines

Kind = Literal["text", "int", "number", "bool", "texts", "mapping", "list", "any"]


@dataclass(frozen=True)
class Field:
    """One allowed key: its kind, whether it must be there, and an example for the fix."""

    key: str
    kind: Kind
    label: str
    required: bool = False
    example: str = ""


def unknown(code: str, path: str, line: int | None, given: str, choices: list[str], **params: str) -> Problem:
    """A problem for an unknown name; uses ``code + "-close"`` when one choice is close."""
    close = difflib.get_close_matches(given, choices, n=1, cutoff=0.5)
    if close:
        return problem(code + "-close", path, line, "error", close=close[0], **params)
    return problem(code, path, line, "error", **params)


def kind_of(value: Any) -> str:
    """The ``@term`` naming what kind of value an editor wrote."""
    if value is None:
        return "@empty"
    if isinstance(value, bool):
        return "@bool"
    if isinstance(value, int):
        return "@int"
    if isinstance(value, float):
        return "@number"
    if isinstance(value, str):
        return "@text"
    if isinstance(value, dict):
        return "@mapping"
    if isinstance(value, list):
        return "@list"
    return "@text"


def is_text(value: Any) -> bool:
    """Whether a YAML value can stand as text: a string or a number (not yes/no, a list or a mapping)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _fits(kind: Kind, value: Any) -> bool:
    if kind == "any":
        return True
    if kind == "text":
        return is_text(value)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "texts":
        return isinstance(value, list) and all(_fits("text", item) for item in value)
    if kind == "mapping":
        return isinstance(value, dict)
    return isinstance(value, list)


def _normalise(kind: Kind, value: Any) -> Any:
    if kind == "text":
        return join_lines(str(value).strip())
    if kind == "texts":
        return [join_lines(str(item).strip()) for item in value]
    return value


def read_fields(
    data: dict[str, Any], lines: Lines, path: str, fields: tuple[Field, ...], prefix: str = "", line: int | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Check ``data`` against ``fields``; return the good values and every problem.

    A single text (not a number) where a list of texts is expected is accepted as a list of one
    (editors write ``units: 古田县委改革办``).  ``prefix`` is the dotted path of
    ``data`` inside its file, for line lookups; ``line`` is where it starts.
    """
    by_key = {f.key: f for f in fields}
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        key_line = lines.get(prefix + key, line)
        spec = by_key.get(key)
        if spec is None:
            problems.append(unknown("unknown-key", path, key_line, key, list(by_key), key=key, allowed=", ".join(by_key)))
            continue
        if value is None or value == "" or value == []:
            continue  # an empty value is the same as leaving the key out
        if spec.kind == "texts" and isinstance(value, str):
            value = [value]
        if spec.kind == "int" and isinstance(value, str) and re.fullmatch(r"[0０][0-9０-９]+", value.strip()):
            problems.append(problem("leading-zero", path, key_line, key=key, typed=value.strip(), fixed=int(value.strip().lstrip("0０") or "0")))
            continue
        if not _fits(spec.kind, value):
            problems.append(
                problem(
                    "wrong-type", path, key_line, key=key, expected=f"@{spec.kind}", found=kind_of(value),
                    example=spec.example or f"{key}: …",
                )
            )
            continue
        value = _normalise(spec.kind, value)
        if value == "":  # only spaces (U+3000 too): as good as empty
            if spec.required:
                problems.append(problem("blank-key", path, key_line, key=key, label=spec.label))
            continue
        values[key] = value
    for spec in fields:
        if spec.required and spec.key not in values and not any(p.params and ("key", spec.key) in p.params for p in problems):
            problems.append(problem("missing-key", path, line, key=spec.key, label=spec.label))
    return values, problems


# The tables: site.yaml

SITE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "网站名称", required=True, example="title: 宁德改革在线"),
    Field("base_url", "text", "网站地址", required=True, example="base_url: https://www.example.gov.cn/gg/"),
    Field("language", "text", "语言", example="language: zh-CN"),
    Field("timezone", "text", "时区", example="timezone: Asia/Shanghai"),
    Field("description", "text", "网站简介"),
    Field("keywords", "texts", "关键词", example="keywords: [全面深化改革, 改革成果]"),
    Field("intro", "text", "栏目介绍"),
    Field("column_type", "text", "栏目类型", example="column_type: 专题"),
    Field("breadcrumb", "list", "面包屑导航", example="breadcrumb: [{title: 首页, url: 'https://…'}]"),
    Field("regions", "mapping", "地区列表", example="regions: {古田县: gutian}"),
    Field("sections", "list", "栏目结构", example="sections: [{key: background, heading: 改革背景, required: true}]"),
    Field("footer", "mapping", "页脚信息", example="footer: {icp: 闽ICP备00000000号}"),
    Field("per_page", "int", "每页条数", example="per_page: 10"),
    Field("related_count", "int", "相关新闻条数", example="related_count: 5"),
    Field("feed_full_content", "bool", "订阅全文", example="feed_full_content: true"),
    Field("extra", "mapping", "自定义数据"),
    Field("allow_html", "mapping", "允许的 HTML", example="allow_html: {tags: [video], attributes: {video: [controls, src]}}"),
    Field("terms", "mapping", "规范用语", example="terms: {错误写法: 正确写法}"),
    Field("review", "mapping", "审核流程", example="review: {stages: [初审, 复审, 签发], required: true}"),
    Field("show_empty_regions", "bool", "显示没有稿件的地区", example="show_empty_regions: true"),
    Field("backdate_days", "int", "补发稿件允许的天数", example="backdate_days: 3"),
    Field("personal_allowed", "list", "允许公开的号码", example="personal_allowed: ['13800000000']"),
    Field("update_every", "int", "栏目更新周期（天）", example="update_every: 14"),
)

ALLOW_HTML_FIELDS: tuple[Field, ...] = (
    Field("tags", "texts", "标签", example="tags: [video, source]"),
    Field("attributes", "mapping", "属性", example="attributes: {video: [controls, src]}"),
)

SECTION_FIELDS: tuple[Field, ...] = (
    Field("key", "text", "栏目键", required=True, example="key: background"),
    Field("heading", "text", "栏目标题", required=True, example="heading: 改革背景"),
    Field("required", "bool", "是否必填"),
    Field("aliases", "texts", "其他写法"),
    Field("style", "text", "样式", example="style: section（或 note）"),
)

LINK_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "名称", required=True),
    Field("url", "text", "链接"),
)

_FOOTER_KINDS: dict[str, Kind] = {"links": "list", "gov_mark": "mapping", "error_report_per_article": "bool"}

FOOTER_FIELDS: tuple[Field, ...] = tuple(
    Field(name, _FOOTER_KINDS.get(name, "text"), name, example="gov_mark: {image: images/dzjg.png, url: 'https://…'}" if name == "gov_mark" else "")
    for name in Footer.__dataclass_fields__
)

GOV_MARK_FIELDS: tuple[Field, ...] = (
    Field("image", "text", "标识图片", required=True, example="image: images/dzjg.png"),
    Field("url", "text", "标识链接", required=True, example="url: https://……（主管部门提供的地址）"),
)


# _series.yaml and a case's front matter

SERIES_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "系列名称", required=True, example="title: 宁德市全面深化改革系列成果展示"),
    Field("column", "text", "栏目名称", example="column: 全面深化改革宁德进行时"),
    Field("description", "text", "系列简介"),
    Field("editor_note", "text", "编者按"),
    Field("start_date", "text", "开始日期", example="start_date: 2022-10-10"),
    Field("source", "text", "默认来源", example="source: 宁德市委改革办"),
    Field("numbering", "text", "编号样式", example="numbering: circled（或 digits）"),
    Field("update_every", "int", "更新周期（天）", example="update_every: 30"),
    Field("finished", "bool", "已完结", example="finished: true"),
)

CASE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", "标题", required=True, example="title: 古田县探索……"),
    Field("number", "int", "编号", example="number: 16"),
    Field("date", "text", "发布时间", required=True, example="date: 2022-10-26 15:47"),
    Field("source", "text", "来源", example="source: 宁德市委改革办"),
    Field("units", "texts", "推送单位", example="units: [古田县委改革办]"),
    Field("editor", "text", "责任编辑", example="editor: 张三"),
    Field("regions", "texts", "地区", example="regions: [古田县]"),
    Field("tags", "texts", "标签", example="tags: [营商环境, 年轻干部]"),
    Field("summary", "text", "摘要"),
    Field("slug", "text", "网址名", example="slug: gutian-sixia"),
    Field("draft", "bool", "草稿", example="draft: true"),
    Field("highlights", "list", "关键数据", example="highlights: [{value: 1500, unit: 多名, label: 年轻干部参加锻炼}]"),
    Field("cover", "text", "封面图", example="cover: images/cover.jpg"),
    Field("sections", "mapping", "栏目内容", example="sections: {background: …}"),
    Field("review", "mapping", "审核记录", example="review: {初审: 张三 2022-10-25 09:00}"),
)

HIGHLIGHT_FIELDS: tuple[Field, ...] = (
    Field("value", "text", "数值", required=True, example="value: 1500"),
    Field("unit", "text", "单位", example="unit: 多名"),
    Field("label", "text", "说明", required=True, example="label: 年轻干部参加实践锻炼"),
    Field("metric", "text", "指标", example="metric: 产业链企业"),
)

REVIEW_FIELDS: tuple[Field, ...] = (
    Field("stages", "texts", "审核环节", required=True, example="stages: [初审, 复审, 签发]"),
    Field("required", "bool", "未审完不发布", example="required: true"),
)


# Hints for editors: what each of the default sections holds (new files, the editing desk)

SECTION_HINTS: dict[str, tuple[str, str]] = {
    "editor_note": (
        "可选：写了就代替系列的编者按；不需要请连同“## 编者按”标题一起删除。",
        "Optional: replaces the series' editor's note; if not needed, delete it together with its heading.",
    ),
    "intro": ("用两三句话说清这项改革做了什么、效果怎样。", "Two or three sentences: what the reform did and what it achieved."),
    "background": ("为什么改：面临的问题、上级要求和本地实际。", "Why: the problem, the mandate and the local situation."),
    "practices": (
        "怎么改：分条写主要做法，小标题写成“### 一、……”。",
        "How: the main measures, one by one; sub-headings as '### 1. ...'.",
    ),
    "results": ("改出了什么：用数据和事例说明成效。", "What changed: figures and examples."),
    "lessons": ("可推广的经验：写成“一是……二是……”。", "What others can learn: 'first ..., second ...'."),
}
"""One-line hints for the default section keys; other keys get a generic hint."""
