"""Raw sources vs the schema and the site's facts → checked records and every problem, never stopping at the first.

:func:`check_content` (and per series :func:`check_series`, per case :func:`check_case`)
returns the records of :mod:`reformpress.content.checked` beside the problems: what is
checked is exactly what the later stages use, and nothing reads a value twice.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from ..model import SiteConfig, Tag
from ..problems import Problem, problem
from ..text.dates import FIRST_YEAR, implausible_year, last_year, parse_date, site_now
from ..text.markdown import MAX_DEPTH, MAX_OPEN, hostile_markdown, image_refs, raw_image_refs
from ..text.slugs import slugify
from .checked import CheckedCase, CheckedSeries, Content
from .config import RESERVED_SLUGS, SLUG_RE
from .image_files import MAX_PIXELS, TOO_MANY_PIXELS, SizeReader, image_size, on_disk, svg_danger
from .personal import personal_numbers
from .schema import CASE_FIELDS, HIGHLIGHT_FIELDS, SERIES_FIELDS, read_fields, unknown
from .sections import case_sections
from .sources import CaseSource, SeriesSource, Sources


def check_content(config: SiteConfig, sources: Sources, sizes: SizeReader = image_size) -> tuple[Content, list[Problem]]:
    """The checked content and every problem with it, in no particular order (reports sort them).

    ``sizes`` reads image sizes (the build passes one that remembers them between builds).
    """
    problems: list[Problem] = []
    series = []
    for source in sources.series:
        checked, found = check_series(config, sources.root, source, sizes)
        series.append(checked)
        problems.extend(found)
    content = Content(sources.root, tuple(series))
    problems.extend(check_across_series(content))
    return content, problems


def check_across_series(content: Content) -> list[Problem]:
    """The problems that only all series together show (each series alone: :func:`check_series`)."""
    return check_tag_slugs(content)


def check_tag_slugs(content: Content) -> list[Problem]:
    """Two different tags whose pinyin slugs are the same would share one page: report each clash.

    Drafts count too, so publishing one later cannot merge two tags silently.
    The first spelling met (files in sorted order) is the one the others are told to use.
    """
    problems: list[Problem] = []
    first: dict[str, tuple[str, str]] = {}
    for series in content.series:
        for case in series.cases:
            doc = case.source.doc
            for index, name in enumerate(case.values.get("tags", ())):  # wrong types are reported by check_series
                slug = slugify(name)
                line = doc.lines.get(f"tags.{index}", doc.lines.get("tags"))
                other = first.setdefault(slug, (name, f"{doc.path}:{line}" if line else doc.path))
                if other[0] != name:
                    problems.append(problem("tag-slug-clash", doc.path, line, name=name, url=f"tags/{slug}/", other=other[0], where=other[1]))
    return problems


def series_values(series: SeriesSource) -> tuple[dict[str, Any], list[Problem]]:
    """The checked values of ``_series.yaml``."""
    if series.meta is None:
        return {}, []
    values, problems = read_fields(series.meta.data, series.meta.lines, series.meta.path, SERIES_FIELDS, line=1)
    numbering = values.get("numbering", "circled")
    if numbering not in ("circled", "digits"):
        problems.append(problem("bad-value", series.meta.path, series.meta.lines.get("numbering"), key="numbering", value=numbering, why="circled / digits", example="numbering: circled"))
    if "start_date" in values:
        problems.extend(date_problems(values["start_date"], series.meta.path, series.meta.lines.get("start_date")))
    if values.get("update_every", 1) < 1:
        problems.append(problem("bad-value", series.meta.path, series.meta.lines.get("update_every"), key="update_every", value=values["update_every"], why="must be ≥ 1", example="update_every: 30"))
    return values, problems


def date_problems(value: Any, path: str, line: int | None) -> list[Problem]:
    """A date not in the form ``YYYY-MM-DD HH:MM``, or of a year no report can have (``0202``, ``9999``)."""
    moment = parse_date(value)
    if moment is None:
        return [problem("bad-date", path, line, value=value)]
    odd = implausible_year(moment)
    if odd is None:
        return []
    year, close = odd
    if close:
        return [problem("implausible-year-close", path, line, year=year, close=close, first=FIRST_YEAR, last=last_year())]
    return [problem("implausible-year", path, line, year=year, first=FIRST_YEAR, last=last_year())]


def case_values(case: CaseSource) -> tuple[dict[str, Any], list[Problem]]:
    """The checked front-matter values of a case (without its sections)."""
    doc = case.doc
    values, problems = read_fields(doc.data, doc.lines, doc.path, CASE_FIELDS, line=1)
    if case.kind == "md" and "sections" in values:
        problems.append(problem("sections-in-md", doc.path, doc.lines.get("sections")))
    if "date" in values:
        problems.extend(date_problems(values["date"], doc.path, doc.lines.get("date")))
    number = values.get("number", case.file_number)
    if number != case.file_number:
        problems.append(problem("number-mismatch", doc.path, doc.lines.get("number"), number=number, file_number=case.file_number))
    if number < 1:
        problems.append(problem("bad-value", doc.path, doc.lines.get("number"), key="number", value=number, why="≥ 1", example="number: 16"))
    if "slug" in values and not SLUG_RE.match(values["slug"]):
        problems.append(problem("bad-slug", doc.path, doc.lines.get("slug"), slug=values["slug"]))
    highlights = []
    for index, item in enumerate(values.get("highlights", [])):
        prefix = f"highlights.{index}"
        if not isinstance(item, dict):
            problems.append(problem("wrong-type", doc.path, doc.lines.get(prefix), key="highlights", expected="@mapping", found="@text", example="- {value: 1500, unit: 多名, label: 年轻干部参加锻炼}"))
            continue
        item_values, found = read_fields(item, doc.lines, doc.path, HIGHLIGHT_FIELDS, prefix + ".", doc.lines.get(prefix))
        problems.extend(found)
        highlights.append(item_values)
    values["highlights"] = highlights
    return values, problems


def case_slug(case: CaseSource, values: dict[str, Any]) -> str:
    """The case's URL name: front matter ``slug``, else the file name, else pinyin of the title."""
    return values.get("slug") or case.file_slug or slugify(values.get("title", ""))


def case_key(case: CaseSource, values: dict[str, Any], series_slug: str) -> str:
    """The article's key and URL path: ``<series>/<NN>-<slug>``."""
    return f"{series_slug}/{values.get('number', case.file_number):02d}-{case_slug(case, values)}"


def image_file(root: Path, folder: str, src: str) -> Path | None:
    """The file an image reference names, or ``None`` if the reference is unsafe.

    Safe means: relative, no ``..``, no URL scheme, and (after links) inside the case folder.
    """
    pure = PurePosixPath(src)
    if not pure.parts or "://" in src or src.startswith(("/", "\\", "data:")) or ":" in pure.parts[0] or ".." in pure.parts or "\\" in src:
        return None
    file = on_disk(root / folder, str(pure))  # a picture named on a Mac (NFD) is found when written NFC
    pure = PurePosixPath(file.relative_to(root / folder).as_posix())
    if not _has_link(root / folder, pure.parts):
        return file  # no symbolic link on the way: the path stays where it says
    try:
        file.resolve().relative_to((root / folder).resolve())
    except (ValueError, OSError, RuntimeError):
        return None
    return file


def _has_link(folder: Path, parts: tuple[str, ...]) -> bool:
    """Whether any step from ``folder`` down ``parts`` is a symbolic link (or cannot be looked at)."""
    path = str(folder)
    for part in parts:
        path = os.path.join(path, part)
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return True
        except FileNotFoundError:
            return False  # a missing file: reported as missing, not as unsafe
        except OSError:
            return True
    return False


def check_series(config: SiteConfig, root: Path, series: SeriesSource, sizes: SizeReader = image_size) -> tuple[CheckedSeries, list[Problem]]:
    """One series checked: its folder name, its metadata and the pictures of its 编者按, each case, and clashes between cases."""
    values, problems = series_values(series)
    if series.meta is not None and isinstance(values.get("editor_note"), str):
        line = series.meta.lines.get("editor_note", 1)
        hostile = markdown_problems(values["editor_note"], series.meta.path, line)
        problems.extend(hostile)
        for src, _ in [] if hostile else image_refs(values["editor_note"], line):
            problems.extend(check_image(root, series.path, src, series.meta.path, line, sizes))
    if series.slug in RESERVED_SLUGS:
        problems.append(problem("reserved-slug", series.path, None, slug=series.slug, url=series.slug + "/", reserved="、".join(RESERVED_SLUGS)))
    numbers: dict[int, str] = {}
    keys: dict[str, str] = {}
    cases = []
    for source in series.cases:
        case, found = check_case(config, root, source, series.slug, sizes)
        cases.append(case)
        problems.extend(found)
        line = source.doc.lines.get("number", 1)
        if case.number in numbers:
            problems.append(problem("duplicate-number", case.path, line, number=case.number, other=numbers[case.number]))
        numbers.setdefault(case.number, case.path)
        if case.key in keys:
            problems.append(problem("duplicate-url", case.path, source.doc.lines.get("slug", 1), url=case.key + "/", other=keys[case.key]))
        keys.setdefault(case.key, case.path)
    return CheckedSeries(series, values, tuple(cases)), problems


def check_case(config: SiteConfig, root: Path, case: CaseSource, series_slug: str, sizes: SizeReader = image_size) -> tuple[CheckedCase, list[Problem]]:
    """One case file checked: its record and every problem with its front matter, regions, sections, pictures and sign-offs."""
    values, problems = case_values(case)
    found, pictures = check_case_body(config, root, case, values, sizes)
    problems.extend(found)
    record = checked_case(config, case, values, series_slug)
    waiting, found = review_of(config, case, values.get("review"), record.date)
    problems.extend(found)
    return replace(record, waiting=waiting, pictures=pictures), problems


_SIGNED_RE = re.compile(r"^(?P<by>.*?)\s*(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)$")


def review_of(config: SiteConfig, case: CaseSource, review: object, published: datetime) -> tuple[tuple[str, ...], list[Problem]]:
    """The stages still waiting for a sign-off, and the problems of those given (``初审: 张三 2022-10-25 09:00``).

    A sign-off needs a name and a date; one dated after the report's publication date, or
    later than now, cannot be true (先审后发) and is an error with its line.
    """
    stages = config.review_stages
    if not stages:
        return (), []
    doc = case.doc
    given = review if isinstance(review, dict) else {}
    problems: list[Problem] = []
    for name in given:
        if name not in stages:
            problems.append(unknown("unknown-key", doc.path, doc.lines.get(f"review.{name}"), str(name), list(stages), key=str(name), allowed="、".join(stages)))
    now = site_now(config.timezone)
    waiting = []
    for stage in stages:
        value = given.get(stage)
        line = doc.lines.get(f"review.{stage}", doc.lines.get("review"))
        match = _SIGNED_RE.match(str(value).strip()) if isinstance(value, str) else None
        if value in (None, ""):
            waiting.append(stage)
            continue
        if match is None or not match.group("by").strip() or parse_date(match.group("date")) is None:
            problems.append(problem("review-form", doc.path, line, stage=stage, value=value))
            waiting.append(stage)
            continue
        signed = parse_date(match.group("date"))
        assert signed is not None
        if signed > now:
            problems.append(problem("review-in-future", doc.path, line, stage=stage, date=match.group("date")))
        elif signed.date() > published.date():
            problems.append(problem("review-after-publication", doc.path, line, stage=stage, date=match.group("date"), published=f"{published:%Y-%m-%d %H:%M}"))
    return tuple(waiting), problems


def checked_case(config: SiteConfig, case: CaseSource, values: dict[str, Any], series_slug: str) -> CheckedCase:
    """The record of a case from its checked ``values`` (fallbacks where a value is wrong: the problems say so)."""
    number = values.get("number", case.file_number)
    regions = (config.region_named(name) for name in dict.fromkeys(values.get("regions", ())))
    return CheckedCase(
        source=case,
        values=values,
        number=number,
        date=parse_date(values.get("date", "")) or datetime(1970, 1, 1),
        draft=values.get("draft", False),
        slug=case_slug(case, values),
        key=case_key(case, values, series_slug),
        regions=tuple(region for region in regions if region is not None),
        tags=tuple(Tag(name, slugify(name)) for name in dict.fromkeys(values.get("tags", ()))),
    )


def check_case_body(config: SiteConfig, root: Path, case: CaseSource, values: dict[str, Any], sizes: SizeReader = image_size) -> tuple[list[Problem], tuple[str, ...]]:
    """Problems with a case's regions, sections and images; and the pictures its sections show (:attr:`CheckedCase.pictures`)."""
    doc = case.doc
    problems: list[Problem] = []
    names = [region.name for region in config.regions]
    for index, name in enumerate(values.get("regions", [])):
        if config.region_named(name) is None:
            line = doc.lines.get(f"regions.{index}", doc.lines.get("regions"))
            parts = [part.strip() for part in re.split("[，、；;]", str(name)) if part.strip()]
            if len(parts) > 1:  # a Chinese IME's comma joined two names into one
                problems.append(problem("joined-names", doc.path, line, name=name, mark=next(c for c in str(name) if c in "，、；;"), fixed=", ".join(parts)))
            else:
                problems.append(unknown("unknown-region", doc.path, line, name, names, name=name, allowed="、".join(names)))
    sections, found = case_sections(case, config.sections)
    problems.extend(found)
    hostile = [markdown_problems(section.text, doc.path, section.text_line) for section in sections]
    problems.extend(bad for section_problems in hostile for bad in section_problems)
    refs = [(src, line) for section, bad in zip(sections, hostile) if not bad for src, line in image_refs(section.text, section.text_line)]  # a hostile text's regex scan is slow too
    pictures = tuple(dict.fromkeys(src for src, _ in refs if src))
    if "cover" in values:
        refs.append((values["cover"], doc.lines.get("cover", 1)))
    for src, line in refs:
        problems.extend(check_image(root, case.folder, src, doc.path, line, sizes))
    for section, bad in zip(sections, hostile):
        if not bad:  # <img src="images/a.jpg">: its address is not made relative to the page nor its file copied
            problems.extend(problem("raw-image", doc.path, line, src=src) for src, line in raw_image_refs(section.text, section.text_line) if "://" not in src)
    problems.extend(personal_problems(case, config.personal_allowed))
    return problems, pictures


PERSONAL_CODES = {"id-number": "personal-id-number", "mobile": "personal-mobile", "bank-card": "personal-bank-card"}


def personal_problems(case: CaseSource, allowed: frozenset[str]) -> list[Problem]:
    """Every personal number in a case file — its front matter's texts and its body — with its line (masked)."""
    doc = case.doc
    problems = []
    texts = [(doc.body, doc.body_line)] if case.kind == "md" else []
    texts += [(text, line) for text, line in _front_texts(doc.data, doc.lines, "")]
    for text, first in texts:
        for offset, kind, masked in personal_numbers(text, allowed):
            problems.append(problem(PERSONAL_CODES[kind], doc.path, first + offset, masked=masked))
    return problems


def _front_texts(data: object, lines: dict[str, int], prefix: str) -> Iterator[tuple[str, int]]:
    """(text, its first line) of every string in front matter (a block scalar's text starts on the line after its key)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _front_texts(value, lines, f"{prefix}{key}.")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _front_texts(value, lines, f"{prefix}{index}.")
    elif isinstance(data, str):
        path = prefix[:-1]
        line = lines.get(path) or lines.get(path.rsplit(".", 1)[0], 1)
        yield data, line + (1 if "\n" in data.rstrip("\n") or data.endswith("\n") else 0)


def markdown_problems(text: str, path: str, first_line: int) -> list[Problem]:
    """A block of ``text`` (starting at file line ``first_line``) nested too deep or too bracketed to render in bounded time."""
    found = hostile_markdown(text)
    if found is None:
        return []
    line, kind = found
    if kind == "deep":
        return [problem("markdown-too-deep", path, first_line + line, limit=MAX_DEPTH)]
    return [problem("markdown-too-many-brackets", path, first_line + line, limit=MAX_OPEN)]


def _other_case(file: Path) -> str | None:
    """The name of the file in ``file``'s folder that differs from its name in case only, when there is no file of exactly that name.

    Windows and macOS find ``Hall.JPG`` when the file is ``hall.jpg``; the web server does not.
    """
    try:
        names = os.listdir(file.parent)
    except OSError:
        return None
    if file.name in names:
        return None
    folded = unicodedata.normalize("NFC", file.name).casefold()
    return next((name for name in sorted(names) if unicodedata.normalize("NFC", name).casefold() == folded), None)


def check_image(root: Path, folder: str, src: str, path: str, line: int, sizes: SizeReader = image_size) -> list[Problem]:
    """Problems with one image reference: empty, unsafe, missing or unreadable."""
    if not src.strip():
        return [problem("empty-image-src", path, line)]
    file = image_file(root, folder, src)
    if file is None:
        return [problem("unsafe-path", path, line, src=src)]
    if any(character.isspace() for character in src):  # Python-Markdown takes it, but writes the space into the page's address
        return [problem("image-name-space", path, line, src=src, fixed=re.sub(r"\s+", "-", src.strip()))]
    other = _other_case(file)
    if other is not None:  # Hall.JPG beside hall.jpg: missing on the web server, whatever the editor's laptop says
        return [problem("image-name-case", path, line, src=src, found=str(PurePosixPath(src).with_name(other)))]
    if not file.is_file():
        return [problem("missing-image", path, line, src=src, expected=f"{folder}/{src}")]
    if file.suffix.lower() == ".svg":
        danger = svg_danger(file)
        if danger:
            return [problem("unsafe-svg", path, line, src=src, svg_line=danger[0], what=danger[1])]
        return []
    size = sizes(file)
    if isinstance(size, str) and size.startswith(TOO_MANY_PIXELS):
        return [problem("too-many-pixels", path, line, src=src, size=size.split(":", 1)[1], limit=MAX_PIXELS // 1_000_000)]
    if isinstance(size, str):
        return [problem("bad-image", path, line, src=src, detail=size)]
    return []
