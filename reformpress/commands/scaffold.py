"""``new``: a case file to fill in — next free number, today's date, every schema section.

Each section is an empty ``##`` heading followed by one hint line that starts
with ``【待填写】`` (:data:`reformpress.content.sections.PLACEHOLDER_MARKS`).  Hints are
never published: until an editor replaces it, a required section counts as
empty, so ``build`` refuses the file with "栏目“改革背景”没有内容" at the
heading's line, and ``check`` also points at every hint left behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.config import SLUG_RE, load_config
from ..content.schema import SECTION_HINTS, unknown
from ..content.sections import PLACEHOLDER_MARKS
from ..content.sources import CASE_NAME_RE, next_number, series_default_source
from ..model import SectionSpec, SiteConfig
from ..problems import BuildFailed, problem
from ..text import dates
from ..text.slugs import slugify


@dataclass(frozen=True)
class NewCase:
    """What ``new`` made."""

    path: Path
    rel: str
    """Path relative to the site root, with forward slashes."""
    number: int


def yaml_text(value: str | list[str]) -> str:
    """A value written as one line of flow YAML, quoted only when it must be."""
    dumped = yaml.safe_dump(value if isinstance(value, list) else [value], allow_unicode=True, default_flow_style=True, width=1_000_000).strip()
    return dumped if isinstance(value, list) else dumped[1:-1]


def section_hint(spec: SectionSpec, lang: str) -> str:
    """The hint line written under a section heading (starts with a placeholder mark)."""
    english = lang.lower().startswith("en")
    mark = PLACEHOLDER_MARKS[1] if english else PLACEHOLDER_MARKS[0]
    known = SECTION_HINTS.get(spec.key)
    if known:
        hint = known[1] if english else known[0]
    else:
        hint = f"Write the '{spec.heading}' section." if english else f"填写“{spec.heading}”的内容。"
    if spec.required and spec.style != "note":
        hint += " (required)" if english else "（必填）"
    return f"{mark} {hint}"


def case_scaffold(config: SiteConfig, title: str, date: str, regions: list[str], source: str) -> str:
    """The text of a new Markdown case file (pure)."""
    english = config.language.lower().startswith("en")
    comments = (
        ("source (the series' default)", "units, e.g. [County reform office]", "responsible editor", "topics, e.g. [rural revitalisation]")
        if english
        else ("来源（默认取系列设置，可改）", "推送单位，如 [古田县委改革办]", "责任编辑", "标签，如 [乡村振兴, 营商环境]")
    )
    lines = [
        "---",
        f"title: {yaml_text(title)}",
        f"date: {date}",
        f"regions: {yaml_text(regions)}",
        f"source: {yaml_text(source) if source else ''}    # {comments[0]}",
        f"units: []    # {comments[1]}",
        f"editor:    # {comments[2]}",
        f"tags: []    # {comments[3]}",
        *review_lines(config),
        "---",
    ]
    for spec in config.sections:
        lines += ["", f"## {spec.heading}", "", section_hint(spec, config.language)]
    return "\n".join(lines) + "\n"


def review_lines(config: SiteConfig) -> list[str]:
    """The empty sign-off block a new case starts with when site.yaml names review stages (先审后发), else nothing."""
    if not config.review_stages:
        return []
    english = config.language.lower().startswith("en")
    hint = "name and date when signed, e.g. Zhang San 2022-10-25 09:00" if english else "审核后填写姓名和日期，如 张三 2022-10-25 09:00"
    return [f"review:    # {hint}", *(f"  {stage}:" for stage in config.review_stages)]


def key_line(file: Path, key: str) -> int | None:
    """The line on which a top-level ``key:`` stands in a YAML file, if any (for messages)."""
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)


def series_folder(root: Path, series: str) -> Path:
    """The folder of an existing series; :class:`BuildFailed` naming the choices if there is none."""
    content = root / "content"
    names = sorted(entry.name for entry in content.iterdir() if entry.is_dir() and not entry.name.startswith(".")) if content.is_dir() else []
    if series not in names or not (content / series / "_series.yaml").is_file():
        allowed = "、".join(names) or "—"
        raise BuildFailed([unknown("unknown-series", "content/", None, series, names, name=series, allowed=allowed)])
    return content / series


def check_regions(root: Path, config: SiteConfig, regions: list[str]) -> None:
    """Raise :class:`BuildFailed` for any region not listed in site.yaml, naming the valid ones."""
    names = [region.name for region in config.regions]
    line = key_line(root / "site.yaml", "regions")
    problems = [
        unknown("unknown-region", "site.yaml", line, name, names, name=name, allowed="、".join(names))
        for name in regions
        if config.region_named(name) is None
    ]
    if problems:
        raise BuildFailed(problems)


def new_case(root: Path, series: str, title: str, regions: list[str], slug: str | None = None, number: int | None = None) -> NewCase:
    """Write ``content/<series>/<NN>-<slug>.md`` for a new case; never overwrites a file.

    ``number`` defaults to the next free one.  Raises :class:`BuildFailed` for a
    bad site.yaml, an unknown series or region, a bad ``slug``, or a number or
    file that is already taken.
    """
    config = load_config(root / "site.yaml")
    folder = series_folder(root, series)
    check_regions(root, config, regions)
    slug = slug if slug is not None else slugify(title)
    if not SLUG_RE.match(slug):
        raise BuildFailed([problem("bad-slug", f"content/{series}/", None, slug=slug)])
    if number is None:
        number = next_number(folder)
    if not 1 <= number <= 9999:  # the build reads 1 to 4 digits (CASE_NAME_RE) and refuses 0
        raise BuildFailed([problem("bad-value", f"content/{series}/", None, key="number", value=number, why="1–9999", example="--number 16")])
    taken = sorted(entry for entry in folder.iterdir() if (match := CASE_NAME_RE.match(entry.name)) and int(match["number"]) == number)
    if taken:
        name = taken[0].relative_to(root).as_posix()
        raise BuildFailed([problem("file-exists", name, None, name=name)])
    path = folder / f"{number:02d}-{slug}.md"
    rel = path.relative_to(root).as_posix()
    date = dates.site_now(config.timezone).strftime("%Y-%m-%d %H:%M")
    text = case_scaffold(config, title.strip(), date, regions, series_default_source(folder))
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise BuildFailed([problem("file-exists", rel, None, name=rel)]) from None
    return NewCase(path, rel, number)
