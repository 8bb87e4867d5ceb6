"""site.yaml → a frozen :class:`SiteConfig`, every problem reported with its line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..model import Footer, GovMark, HtmlPolicy, Link, Region, SectionSpec, SiteConfig
from ..problems import BuildFailed, Problem, problem
from ..text.dates import DEFAULT_TIMEZONE
from ..text.textfile import read_text
from ..text.yamlio import Lines, load_yaml
from .image_files import image_size
from .schema import (
    ALLOW_HTML_FIELDS,
    FOOTER_FIELDS,
    GOV_MARK_FIELDS,
    LINK_FIELDS,
    REVIEW_FIELDS,
    SECTION_FIELDS,
    SITE_FIELDS,
    kind_of,
    read_fields,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""What a URL segment may look like: lowercase ASCII words joined by hyphens."""

RESERVED_SLUGS: tuple[str, ...] = ("archive", "images", "page", "regions", "search", "search-index", "static", "tags")
"""Top-level URL segments the site uses itself (see urls.py), so no series folder may take them."""

GOV_MARK_FOLDER = "images"
"""Where in the site folder the 党政机关网站标识 lives, and where it is published (a folder the build watches: replacing the picture rebuilds the site)."""

DEFAULT_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("editor_note", "编者按", False, ("编者的话",), "note"),
    SectionSpec("intro", "引言", False, ("导语", "前言")),
    SectionSpec("background", "改革背景", True, ("背景", "工作背景", "改革动因")),
    SectionSpec("practices", "创新做法", True, ("主要做法", "具体做法", "改革举措", "做法")),
    SectionSpec("results", "主要成效", True, ("取得成效", "工作成效", "改革成效", "成效")),
    SectionSpec("lessons", "经验启示", True, ("启示", "经验", "经验做法", "几点启示")),
)

def load_config(file: Path, base_url: str | None = None) -> SiteConfig:
    """Read and check site.yaml; raise :class:`BuildFailed` with every problem found.

    ``base_url`` overrides the file's value (``build --base-url`` for another target).
    """
    rel = file.name
    if not file.is_file():
        raise BuildFailed([problem("file-missing", rel, None, name=rel)])
    text, problems = read_text(file, rel)
    if text is None:
        raise BuildFailed(problems)
    data, lines, problems = load_yaml(text, rel)
    if problems:
        raise BuildFailed(problems)
    if not isinstance(data, dict):
        raise BuildFailed([problem("yaml-not-mapping", rel, 1, found="@" + ("list" if isinstance(data, list) else "text"))])
    config, problems = config_from_data(data, lines, rel, base_url)
    if problems or config is None:
        raise BuildFailed(problems)
    problems = gov_mark_problems(config, file.parent, lines, rel)
    if problems:
        raise BuildFailed(problems)
    return config


def gov_mark_problems(config: SiteConfig, root: Path, lines: Lines, rel: str) -> list[Problem]:
    """The 党政机关网站标识's picture (``footer.gov_mark.image``) missing from the site folder, or not a picture."""
    mark = config.footer.gov_mark
    if mark is None:
        return []
    line = lines.get("footer.gov_mark.image", lines.get("footer.gov_mark"))
    file = root / mark.image
    if not file.is_file():
        return [problem("gov-mark-missing", rel, line, src=mark.image)]
    size = image_size(file)
    if isinstance(size, str):
        return [problem("bad-image", rel, line, src=mark.image, detail=size)]
    return []


def config_from_data(
    data: dict[str, Any], lines: Lines, rel: str, base_url: str | None = None
) -> tuple[SiteConfig | None, list[Problem]]:
    """Build the config from parsed YAML; pure, for tests and for ``check``."""
    values, problems = read_fields(data, lines, rel, SITE_FIELDS, line=1)
    if base_url is not None:
        values["base_url"] = base_url
    url = str(values.get("base_url", ""))
    if url and not re.match(r"^https?://[^/\s]+(/\S*)?$", url):
        problems.append(problem("bad-base-url", rel, lines.get("base_url"), value=url))
    if url and not url.endswith("/"):
        url += "/"
    timezone = values.get("timezone", DEFAULT_TIMEZONE)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(problem("bad-timezone", rel, lines.get("timezone"), value=timezone))
    regions = _regions(values.get("regions", {}), lines, rel, problems)
    sections = _sections(values.get("sections"), lines, rel, problems)
    breadcrumb = _links(values.get("breadcrumb", []), lines, rel, "breadcrumb", problems)
    footer = _footer(values.get("footer", {}), lines, rel, problems)
    allow_html = _allow_html(values.get("allow_html", {}), lines, rel, problems)
    terms = _terms(values.get("terms", {}), lines, rel, problems)
    review, found = read_fields(values.get("review", {}), lines, rel, REVIEW_FIELDS, "review.", lines.get("review")) if "review" in values else ({}, [])
    problems.extend(found)
    for key in ("per_page", "related_count", "update_every"):
        if key in values and values[key] < 1:
            problems.append(problem("bad-value", rel, lines.get(key), key=key, value=values[key], why="must be ≥ 1", example=f"{key}: 10"))
    if problems:
        return None, problems
    return (
        SiteConfig(
            title=values["title"],
            base_url=url,
            language=values.get("language", "zh-CN"),
            timezone=timezone,
            description=values.get("description", ""),
            keywords=tuple(values.get("keywords", ())),
            intro=values.get("intro", ""),
            breadcrumb=breadcrumb,
            regions=regions,
            sections=sections,
            footer=footer,
            per_page=values.get("per_page", 10),
            related_count=values.get("related_count", 5),
            feed_full_content=values.get("feed_full_content", True),
            column_type=values.get("column_type", "专题"),
            extra=values.get("extra", {}),
            allow_html=allow_html,
            terms=terms,
            backdate_days=values.get("backdate_days", 3),
            show_empty_regions=values.get("show_empty_regions", False),
            review_stages=tuple(dict.fromkeys(review.get("stages", ()))),
            review_required=bool(review.get("required", False)),
            update_every=values.get("update_every"),
            personal_allowed=frozenset(re.sub(r"[\s-]", "", str(number)).upper() for number in values.get("personal_allowed", [])),
        ),
        [],
    )


def _regions(data: dict[str, Any], lines: Lines, rel: str, problems: list[Problem]) -> tuple[Region, ...]:
    regions = []
    seen: dict[str, str] = {}
    for name, slug in data.items():
        line = lines.get(f"regions.{name}")
        slug = str(slug or "")
        if not SLUG_RE.match(slug):
            problems.append(problem("bad-slug", rel, line, slug=slug))
        elif slug in seen:
            problems.append(problem("duplicate-url", rel, line, url=f"regions/{slug}/", other=seen[slug]))
        seen[slug] = name
        regions.append(Region(str(name), slug))
    return tuple(regions)


def _sections(data: list[Any] | None, lines: Lines, rel: str, problems: list[Problem]) -> tuple[SectionSpec, ...]:
    if data is None:
        return DEFAULT_SECTIONS
    specs = []
    for index, item in enumerate(data):
        prefix = f"sections.{index}"
        if not isinstance(item, dict):
            problems.append(problem("wrong-type", rel, lines.get(prefix), key="sections", expected="@mapping", found="@text", example="- {key: background, heading: 改革背景, required: true}"))
            continue
        values, found = read_fields(item, lines, rel, SECTION_FIELDS, prefix + ".", lines.get(prefix))
        problems.extend(found)
        if found:
            continue
        key = values["key"]
        if not re.match(r"^[a-z][a-z0-9_]*$", key):
            problems.append(problem("bad-value", rel, lines.get(prefix + ".key"), key="key", value=key, why="a-z, 0-9, _", example="key: background"))
        style = values.get("style", "section")
        if style not in ("section", "note"):
            problems.append(problem("bad-value", rel, lines.get(prefix + ".style"), key="style", value=style, why="section / note", example="style: note"))
        specs.append(SectionSpec(key, values["heading"], values.get("required", False), tuple(values.get("aliases", ())), style))
    return tuple(specs)


def _links(data: list[Any], lines: Lines, rel: str, key: str, problems: list[Problem]) -> tuple[Link, ...]:
    links = []
    for index, item in enumerate(data):
        prefix = f"{key}.{index}"
        if not isinstance(item, dict):
            problems.append(problem("wrong-type", rel, lines.get(prefix), key=key, expected="@mapping", found="@text", example="- {title: 首页, url: 'https://…'}"))
            continue
        values, found = read_fields(item, lines, rel, LINK_FIELDS, prefix + ".", lines.get(prefix))
        problems.extend(found)
        if not found:
            links.append(Link(values["title"], site_link(values.get("url"))))
    return tuple(links)


def _allow_html(data: dict[str, Any], lines: Lines, rel: str, problems: list[Problem]) -> HtmlPolicy:
    values, found = read_fields(data, lines, rel, ALLOW_HTML_FIELDS, "allow_html.", lines.get("allow_html"))
    problems.extend(found)
    name_re = re.compile(r"^(?:\*|[a-z][a-z0-9-]*)$")
    tags = []
    for index, tag in enumerate(values.get("tags", [])):
        if not name_re.match(tag) or tag in ("script", "style", "*"):
            problems.append(problem("unsafe-html", rel, lines.get(f"allow_html.tags.{index}"), name=tag))
        else:
            tags.append(tag)
    attributes = []
    for tag, names in sorted(values.get("attributes", {}).items()):
        line = lines.get(f"allow_html.attributes.{tag}")
        names = [names] if isinstance(names, str) else names
        if not isinstance(names, list) or not name_re.match(str(tag)):
            problems.append(problem("unsafe-html", rel, line, name=str(tag)))
            continue
        bad = [str(n) for n in names if not name_re.match(str(n)) or str(n).startswith("on") or str(n) in ("style", "*")]
        problems.extend(problem("unsafe-html", rel, line, name=f"{tag} {name}") for name in bad)
        attributes.append((str(tag), tuple(sorted(str(n) for n in names if str(n) not in bad))))
    return HtmlPolicy(tuple(sorted(tags)), tuple(attributes))


def _terms(data: dict[str, Any], lines: Lines, rel: str, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    """``terms: {wrong form: right form}`` → sorted pairs; each value must be text."""
    pairs = []
    for wrong, right in data.items():
        line = lines.get(f"terms.{wrong}", lines.get("terms"))
        if not isinstance(right, str) or not right.strip() or not str(wrong).strip():
            problems.append(problem("wrong-type", rel, line, key=f"terms.{wrong}", expected="@text", found=kind_of(right or None), example="terms: {宁德市委改革办: 中共宁德市委改革办}"))
            continue
        pairs.append((str(wrong).strip(), right.strip()))
    return tuple(sorted(pairs))


def site_link(url: str | None) -> str | None:
    """A link as written in site.yaml: absolute URLs stay; ``/x/`` is the site's own ``x/``; none stays none."""
    if url is None or "://" in url or url.startswith(("mailto:", "tel:")):
        return url
    return url.lstrip("/")


def _footer(data: dict[str, Any], lines: Lines, rel: str, problems: list[Problem]) -> Footer:
    values, found = read_fields(data, lines, rel, FOOTER_FIELDS, "footer.", lines.get("footer"))
    problems.extend(found)
    links = _links(values.pop("links", []), lines, rel, "footer.links", problems)
    mark = _gov_mark(values.pop("gov_mark"), lines, rel, problems) if "gov_mark" in values else None
    if values.get("error_report_per_article") and not values.get("error_report_url"):
        problems.append(problem("bad-value", rel, lines.get("footer.error_report_per_article"), key="error_report_per_article", value="true", why="没有 error_report_url：找错地址须由主管部门提供，不能编造", example="error_report_url: https://……（主管部门提供的地址）"))
    return Footer(**values, links=links, gov_mark=mark)


def _gov_mark(data: dict[str, Any], lines: Lines, rel: str, problems: list[Problem]) -> GovMark | None:
    """``footer.gov_mark: {image, url}``: a picture inside the site's images/ folder and a web address."""
    values, found = read_fields(data, lines, rel, GOV_MARK_FIELDS, "footer.gov_mark.", lines.get("footer.gov_mark"))
    problems.extend(found)
    if found:
        return None
    image, url = values["image"], values["url"]
    parts = image.split("/")
    if "\\" in image or ".." in parts or len(parts) < 2 or parts[0] != GOV_MARK_FOLDER:  # so no absolute path, drive or address either
        problems.append(problem("gov-mark-path", rel, lines.get("footer.gov_mark.image"), src=image))
        return None
    if not re.match(r"^https?://[^/\s]+(/\S*)?$", url):
        problems.append(problem("bad-value", rel, lines.get("footer.gov_mark.url"), key="gov_mark.url", value=url, why="不是完整网址", example="url: https://……（主管部门提供的地址）"))
        return None
    return GovMark(image, url)
