"""The desk's Decap CMS configuration, generated from the site: never written by hand.

One collection per series folder (``content/<series>``), its fields taken from the case schema
(:data:`reformpress.content.schema.CASE_FIELDS`) with their Chinese labels, and one plain-text
field per section of site.yaml's ``sections`` in schema order (required ones marked), so that an
editor never types a ``##`` heading.  Sections are Decap's ``text`` widget — a plain text box
whose Markdown is kept as typed — not its rich-text editor, which rewrites Markdown and has
known Chinese-IME bugs on Windows (decap-cms #4837, #6287).

Fields are not ``required`` for Decap: a report with gaps is still saved (work is never lost)
and the build's own checks say what is missing, in the CLI's words, after each save.

New reports get the next free number, the site's date and time now, and the series' source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..content.schema import CASE_FIELDS, SECTION_HINTS
from ..model import SiteConfig
from .casefile import SECTION_PREFIX

ORIGINAL_FIELD = "desk_original"
"""The hidden field in which the JavaScript format keeps a file's text as it was read (``casefile.js``)."""

DATE_FORMAT = "YYYY-MM-DD HH:mm"
"""The datetime widget's format (dayjs): what the build reads in ``date:``."""

HINTS = {
    "title": "完整标题，如：古田县探索……",
    "number": "本系列的第几篇（第⑯篇写 16）；新稿件已填好下一个编号",
    "date": "发布时间，年-月-日 时:分；晚于现在的稿件到时才发布",
    "source": "默认取系列的来源，可改",
    "units": "每个单位一行，点“添加”再写一个",
    "editor": "责任编辑的姓名",
    "regions": "这篇稿件属于哪些地区（可多选）",
    "tags": "主题词，每个一行，如 乡村振兴",
    "summary": "可不填：列表和分享中显示的一两句话，不填时取引言的开头",
    "slug": "可不填：网址里用的名字（小写字母、数字和 -），不填时用标题的拼音",
    "cover": "可不填：列表和分享用的图片，不填时用正文第一张图",
    "draft": "打开后只在预览中出现，不会发布",
    "highlights": "可不填：文章顶部的关键数据卡片，如 1500 / 多名 / 年轻干部参加实践",
    "review": "审核后填写姓名和时间，如 张三 2022-10-25 09:00；未审完的稿件不发布",
}


@dataclass(frozen=True)
class SeriesInfo:
    """What the config needs of one series: its folder, title, default source and next free number."""

    slug: str
    title: str
    source: str
    next_number: int


def _label(key: str) -> str:
    return next(f.label for f in CASE_FIELDS if f.key == key)


def _field(key: str, widget: str, **more: Any) -> dict[str, Any]:
    field = {"label": _label(key), "name": key, "widget": widget, "required": False, "hint": HINTS.get(key, "")}
    field.update(more)
    return field


def case_fields(config: SiteConfig, series: SeriesInfo, now: str) -> list[dict[str, Any]]:
    """The form of one series' reports, in the order the desk shows them."""
    one_text = {"label": "内容", "name": "text", "widget": "string"}
    fields: list[dict[str, Any]] = [
        _field("title", "string", label="标题（必填）"),
        _field("number", "number", value_type="int", min=1, max=9999, default=series.next_number),
        _field("date", "datetime", label="发布时间（必填）", format=DATE_FORMAT, date_format="YYYY-MM-DD", time_format="HH:mm", default=now),
        _field("source", "string", default=series.source),
        _field("units", "list", collapsed=False, field={**one_text, "label": "推送单位"}),
        _field("editor", "string"),
        _field("regions", "select", multiple=True, options=[region.name for region in config.regions]),
        _field("tags", "list", collapsed=False, field={**one_text, "label": "标签"}),
    ]
    if config.review_stages:
        fields.append(_field("review", "object", collapsed=False, fields=[{"label": stage, "name": stage, "widget": "string", "required": False} for stage in config.review_stages]))
    for spec in config.sections:
        marked = f"{spec.heading}（必填）" if spec.required else spec.heading
        fields.append({"label": marked, "name": SECTION_PREFIX + spec.key, "widget": "text", "required": False, "hint": _section_hint(spec.key, spec.heading)})
    fields += [
        {
            "label": "插图",
            "name": "pictures",
            "widget": "list",
            "required": False,
            "collapsed": False,
            "hint": "上传的图片保存时插入所选栏目的末尾，之后可在栏目文字里移动那一行",
            "fields": [
                {"label": "图片", "name": "image", "widget": "image", "required": False, "choose_url": False},
                {"label": "图片说明", "name": "caption", "widget": "string", "required": False},
                {"label": "放在哪个栏目", "name": "section", "widget": "select", "required": False, "options": [spec.heading for spec in config.sections if spec.style != "note"]},
            ],
        },
        _field("highlights", "list", collapsed=False, summary="{{fields.value}}{{fields.unit}} {{fields.label}}", fields=[
            {"label": "数值", "name": "value", "widget": "string", "required": False},
            {"label": "单位", "name": "unit", "widget": "string", "required": False},
            {"label": "说明", "name": "label", "widget": "string", "required": False},
        ]),
        _field("summary", "text"),
        _field("cover", "image", choose_url=False),
        _field("slug", "string"),
        _field("draft", "boolean", default=False),
        {"label": "文件名", "name": "file", "widget": "hidden", "required": False},
        {"label": "需要修改", "name": "attention", "widget": "hidden", "required": False},
    ]
    return fields


def _section_hint(key: str, heading: str) -> str:
    if key == "editor_note":
        return "可不填：写了就代替系列的编者按"
    known = SECTION_HINTS.get(key)
    return known[0] if known else f"填写“{heading}”的内容。"


def collection(config: SiteConfig, series: SeriesInfo, now: str, format: str = "json") -> dict[str, Any]:
    """One series as a Decap folder collection of ``.md`` files whose entries travel as JSON forms.

    ``format`` is ``json`` for the local desk (the Python backend converts); a desk over a git
    backend names the JavaScript format instead (:mod:`reformpress.desk.export`), keeps the file's
    text in a hidden field for it, and has no 需要修改 marks (no ``check`` runs behind it).
    """
    fields = case_fields(config, series, now)
    if format != "json":
        fields = [field for field in fields if field["name"] != "attention"]
        fields.append({"label": "原文", "name": ORIGINAL_FIELD, "widget": "hidden", "required": False})
    return {
        "name": series.slug,
        "label": series.title,
        "label_singular": "稿件",
        "folder": f"content/{series.slug}",
        "extension": "md",
        "format": format,
        "create": True,
        "delete": False,
        "slug": "{{fields.file}}",
        "identifier_field": "title",
        "summary": "{{attention}}{{number}} · {{title}}" if format == "json" else "{{number}} · {{title}}",
        "sortable_fields": ["number", "date", "title"],
        "media_folder": "images",
        "public_folder": "images",
        "editor": {"preview": False},
        "fields": fields,
    }


def desk_config(config: SiteConfig, series: list[SeriesInfo], api_url: str, now: str, site_url: str = "") -> dict[str, Any]:
    """The whole configuration handed to ``CMS.init`` by the local desk (the desk page loads no config.yml)."""
    local = {"name": "proxy", "proxy_url": api_url, "branch": "main"}
    return whole_config(config, series, local, [collection(config, one, now) for one in series], site_url)


def whole_config(config: SiteConfig, series: list[SeriesInfo], backend: dict[str, Any], collections: list[dict[str, Any]], site_url: str | None = None) -> dict[str, Any]:
    """A Decap configuration around ``backend`` and ``collections``: the local desk's and the exported one's."""
    english = config.language.lower().startswith("en")
    first = series[0].slug if series else "reports"
    made: dict[str, Any] = {
        "load_config_file": False,
        "backend": backend,
        "publish_mode": "simple",
        "locale": "en" if english else "zh_Hans",
        "media_folder": f"content/{first}/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if site_url is not None:
        made.update(site_url=site_url, display_url=site_url)
    made.update(search=False, collections=collections)
    return made
