"""Pure assembly: checked sources → the :class:`Site` model.

Values cascade site → series → case (source, editor's note), articles are
rendered from Markdown, drafts and scheduled items are left out unless asked
for, and the relations (series order, previous/next, indexes, related news)
are computed once as lookup tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .chinese import ordinal, summarise
from .dates import parse_date
from .images import image_size
from .markdown import image_refs, plain_text, render_markdown
from .model import Article, Figure, Highlight, Section, Series, Site, SiteConfig, Tag
from .sections import case_sections
from .slugs import slugify
from .sources import CaseSource, SeriesSource, Sources
from .validate import case_key, case_slug, case_values, image_file, series_values


@dataclass(frozen=True)
class BuildOptions:
    """What to include in a build."""

    drafts: bool = False
    """Include ``draft: true`` cases."""
    future: bool = False
    """Include cases dated after ``now``."""
    now: datetime | None = None
    """The present, naive in the site's time zone; ``None`` includes every date."""


def assemble(config: SiteConfig, sources: Sources, options: BuildOptions | None = None) -> Site:
    """The whole site model from validated sources."""
    options = options or BuildOptions()
    series: list[Series] = []
    articles: dict[str, Article] = {}
    for source in sources.series:
        item = series_from_source(source, config)
        series.append(item)
        for case in source.cases:
            article = article_from_case(config, item, case, sources.root)
            if article.draft and not options.drafts:
                continue
            if options.now is not None and article.date > options.now and not options.future:
                continue
            articles[article.key] = article
    return relate(config, tuple(series), articles, sources)


def series_from_source(source: SeriesSource, config: SiteConfig) -> Series:
    """A :class:`Series` from its folder and ``_series.yaml``."""
    values, _ = series_values(source)
    note = values.get("editor_note", "")
    return Series(
        slug=source.slug,
        title=values.get("title", source.slug),
        column=values.get("column", values.get("title", source.slug)),
        description=values.get("description", ""),
        editor_note_html=render_markdown(note, "note", policy=config.allow_html).html if note else "",
        start_date=values.get("start_date", ""),
        source=values.get("source", ""),
        numbering=values.get("numbering", "circled"),
        path=source.path,
    )


def article_from_case(config: SiteConfig, series: Series, case: CaseSource, root: Path) -> Article:
    """Render one case into an :class:`Article` (reads image headers for their sizes)."""
    values, _ = case_values(case)
    raw_sections, _ = case_sections(case, config.sections)
    sections: list[Section] = []
    editor_note = series.editor_note_html
    figures: list[Figure] = []
    for raw in raw_sections:
        sizes = {}
        for src, _line in image_refs(raw.text, raw.text_line):
            file = image_file(root, case.folder, src)
            size = image_size(file) if file else "unsafe"
            if isinstance(size, tuple):
                sizes[src] = size
        rendered = render_markdown(raw.text, raw.spec.key, sizes, config.allow_html, eager_first=not figures)
        figures.extend(rendered.figures)
        if raw.spec.style == "note":
            editor_note = rendered.html
        else:
            sections.append(Section(raw.spec.key, raw.spec.heading, rendered.html, raw.spec.style, rendered.headings))
    number = values.get("number", case.file_number)
    title = values["title"]
    mark = ordinal(number, series.numbering)
    text = " ".join(plain_text(section.html) for section in sections)
    first_text = next((plain_text(s.html) for s in sections), "")
    return Article(
        key=case_key(case, values, series.slug),
        series=series.slug,
        number=number,
        ordinal=mark,
        slug=case_slug(case, values),
        title=title,
        display_title=f"{series.title}{mark}：{title}",
        date=parse_date(values["date"]) or datetime(1970, 1, 1),
        source=values.get("source", series.source),
        units=tuple(values.get("units", ())),
        editor=values.get("editor", ""),
        regions=tuple(r for r in (config.region_named(name) for name in values.get("regions", ())) if r is not None),
        tags=tuple(Tag(name, slugify(name)) for name in dict.fromkeys(values.get("tags", ()))),
        summary=values.get("summary") or summarise(first_text),
        editor_note_html=editor_note,
        sections=tuple(sections),
        figures=tuple(figures),
        highlights=tuple(Highlight(str(h.get("value", "")), h.get("unit", ""), h.get("label", "")) for h in values["highlights"]),
        cover=values.get("cover", ""),
        draft=values.get("draft", False),
        path=case.doc.path,
        text_length=len(text.replace(" ", "")),
    )


_EPOCH = datetime(1970, 1, 1)


def _seconds(moment: datetime) -> float:
    """Seconds since 1970 of a naive site-local time, independent of the machine's time zone."""
    return (moment - _EPOCH).total_seconds()


def relate(config: SiteConfig, series: tuple[Series, ...], articles: dict[str, Article], sources: Sources) -> Site:
    """Compute every relation between articles as lookup tables."""
    newest = tuple(sorted(articles, key=lambda key: (-_seconds(articles[key].date), key)))
    by_series: dict[str, list[str]] = {s.slug: [] for s in series}
    by_region: dict[str, list[str]] = defaultdict(list)
    by_tag: dict[str, list[str]] = defaultdict(list)
    by_month: dict[str, list[str]] = defaultdict(list)
    tags: dict[str, Tag] = {}
    for key in newest:
        article = articles[key]
        for region in article.regions:
            by_region[region.slug].append(key)
        for tag in article.tags:
            by_tag[tag.slug].append(key)
            tags.setdefault(tag.slug, tag)
        by_month[article.date.strftime("%Y-%m")].append(key)
    for key in sorted(articles, key=lambda k: (articles[k].series, articles[k].number, k)):
        by_series[articles[key].series].append(key)
    neighbours: dict[str, tuple[str | None, str | None]] = {}
    for keys in by_series.values():
        for index, key in enumerate(keys):
            neighbours[key] = (keys[index - 1] if index else None, keys[index + 1] if index + 1 < len(keys) else None)
    related = {key: related_to(articles[key], articles, by_series, by_region, by_tag, newest, config.related_count) for key in newest}
    images = sorted(
        {
            (f"{Path(article.path).parent.as_posix()}/{src}", f"{article.key}/{src}")
            for article in articles.values()
            for src in [*(figure.src for figure in article.figures), *([article.cover] if article.cover else [])]
        }
    )
    return Site(
        config=config,
        series=series,
        articles=articles,
        newest=newest,
        by_series={slug: tuple(keys) for slug, keys in by_series.items()},
        by_region={slug: tuple(keys) for slug, keys in sorted(by_region.items())},
        by_tag={slug: tuple(keys) for slug, keys in sorted(by_tag.items())},
        by_month={month: tuple(keys) for month, keys in sorted(by_month.items(), reverse=True)},
        neighbours=neighbours,
        related=related,
        tags=tuple(tags[slug] for slug in sorted(tags)),
        images=tuple(images),
    )


def related_to(
    article: Article,
    articles: dict[str, Article],
    by_series: dict[str, list[str]],
    by_region: dict[str, list[str]],
    by_tag: dict[str, list[str]],
    newest: tuple[str, ...],
    count: int,
) -> tuple[str, ...]:
    """Up to ``count`` other articles ranked by shared regions and tags (2 each), series (1), then date.

    Only articles sharing a region or tag are scored one by one; series mates
    that share nothing else fill remaining places newest first, so the cost per
    article grows with its overlaps, not with the size of the site.
    """
    scores: Counter[str] = Counter()
    for region in article.regions:
        scores.update(by_region[region.slug])
    for tag in article.tags:
        scores.update(by_tag[tag.slug])
    scores.pop(article.key, None)
    ranked = sorted(
        scores,
        key=lambda key: (-(2 * scores[key] + (articles[key].series == article.series)), -_seconds(articles[key].date), key),
    )[:count]
    if len(ranked) < count:
        chosen = set(ranked) | {article.key}
        mates = sorted((k for k in by_series[article.series] if k not in chosen), key=lambda k: (-_seconds(articles[k].date), k))
        ranked.extend(mates[: count - len(ranked)])
    return tuple(ranked)
