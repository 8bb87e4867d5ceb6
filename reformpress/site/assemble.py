"""Pure assembly: checked content → the :class:`Site` model.

Values cascade site → series → case (source, editor's note), articles are
rendered from Markdown, drafts and scheduled items are left out unless asked
for, and the relations (series order, previous/next, indexes, related news)
are computed once as lookup tables.  Nothing here caches or starts processes:
:mod:`reformpress.incremental.articles` makes the same articles from the cache
and over worker processes, with these same functions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import urls
from ..content.checked import CheckedCase, CheckedSeries, Content
from ..content.checks import image_file
from ..content.image_files import SizeReader, image_size
from ..content.sections import case_sections
from ..model import Article, Articles, Figure, Footer, Highlight, Outline, Section, Series, Site, SiteConfig, Tag
from ..text.chinese import ordinal, summarise
from ..text.markdown import image_refs, plain_text, render_markdown, render_pieces
from .related import Related


@dataclass(frozen=True)
class BuildOptions:
    """What to include in a build."""

    drafts: bool = False
    """Include ``draft: true`` cases."""
    future: bool = False
    """Include cases dated after ``now``."""
    now: datetime | None = None
    """The present, naive in the site's time zone; ``None`` includes every date."""
    review: bool = False
    """Leave out cases still waiting for a sign-off (site.yaml ``review.required``), unless ``drafts``."""


def assemble(config: SiteConfig, content: Content, options: BuildOptions | None = None, sizes: SizeReader = image_size) -> Site:
    """The whole site model from checked content, every article rendered here and kept in memory."""
    series, inputs = article_inputs(config, content, options or BuildOptions(), sizes)
    articles = {article.key: article for article in map(article_from_inputs, inputs)}
    outlines = {key: article.outline() for key, article in articles.items()}
    return relate(config, series, outlines, Articles(articles, {key: article.card() for key, article in articles.items()}))


def article_inputs(config: SiteConfig, content: Content, options: BuildOptions, sizes: SizeReader = image_size) -> tuple[tuple[Series, ...], list[CaseInputs]]:
    """Every series of the site, and the inputs of every article ``options`` let in, in file order."""
    series: list[Series] = []
    inputs: list[CaseInputs] = []
    narrowed = article_config(config)
    for source in content.series:
        item = series_from_source(source, config, content.root, sizes)
        series.append(item)
        for case in source.cases:
            if held_back(case, options) is None:
                inputs.append(case_inputs(narrowed, item, case, content.root, sizes))
    return tuple(series), inputs


def held_back(case: CheckedCase, options: BuildOptions) -> str | None:
    """Why ``options`` leave a case out of the build (``"draft"``, ``"review"`` or ``"scheduled"``), or ``None`` if it is in."""
    if case.draft and not options.drafts:
        return "draft"
    if options.review and case.waiting and not options.drafts:
        return "review"
    if options.now is not None and case.date > options.now and not options.future:
        return "scheduled"
    return None


def scheduled(content: Content, options: BuildOptions) -> list[tuple[datetime, str]]:
    """The cases ``options`` leave out because they are dated later than now: (date, path), soonest first."""
    return sorted((case.date, case.path) for series in content.series for case in series.cases if held_back(case, options) == "scheduled")


@dataclass(frozen=True)
class CaseInputs:
    """Everything one article is made from; its hash is the article's cache key."""

    config: SiteConfig
    """The site configuration narrowed by :func:`article_config`."""
    series: Series
    case: CheckedCase
    sizes: tuple[tuple[str, tuple[int, int]], ...]
    """(src, (width, height)) of every readable image the case shows."""


def article_config(config: SiteConfig) -> SiteConfig:
    """The part of the configuration articles are made from (sections, regions, allowed HTML); the rest blank.

    Articles are rendered from this narrowed copy, so what is hashed for their cache key is by
    construction all they can read: editing the footer in site.yaml does not re-render Markdown.
    """
    return SiteConfig(
        title="", base_url="", language="", timezone="", description="", keywords=(), intro="", breadcrumb=(),
        regions=config.regions, sections=config.sections, footer=Footer(), per_page=1, related_count=1,
        feed_full_content=False, column_type="", extra={}, allow_html=config.allow_html,
    )


def case_inputs(config: SiteConfig, series: Series, case: CheckedCase, root: Path, sizes: SizeReader = image_size) -> CaseInputs:
    """The inputs of one article: ``config`` (narrowed), its series, the case and its images' sizes.

    The sizes are those of every picture the case's sections show (:attr:`CheckedCase.pictures`,
    found when it was checked): the case's texts are not read here, and may not be held
    (:mod:`reformpress.content.aside`).
    """
    found = sized_pictures(case.pictures, root, case.source.folder, sizes)
    return CaseInputs(config, series, case, tuple(sorted(found.items())))


def picture_sizes(text: str, root: Path, folder: str, sizes: SizeReader = image_size) -> dict[str, tuple[int, int]]:
    """src → (width, height) of every readable picture the Markdown ``text`` shows (its paths start in ``folder``)."""
    return sized_pictures([src for src, _line in image_refs(text, 1)], root, folder, sizes)


def sized_pictures(srcs: Iterable[str], root: Path, folder: str, sizes: SizeReader = image_size) -> dict[str, tuple[int, int]]:
    """src → (width, height) of every readable picture of ``srcs`` (their paths start in ``folder``)."""
    found: dict[str, tuple[int, int]] = {}
    for src in srcs:
        if not src:
            continue  # no address: the checks refused it
        file = image_file(root, folder, src)
        size = sizes(file) if file else "unsafe"
        if isinstance(size, tuple):
            found[src] = size
    return found


def series_from_source(checked: CheckedSeries, config: SiteConfig, root: Path, sizes: SizeReader = image_size) -> Series:
    """A :class:`Series` from its folder and ``_series.yaml`` (``root``: the site root)."""
    source, values = checked.source, checked.values
    note = values.get("editor_note", "")
    found = picture_sizes(note, root, source.path, sizes)
    below = render_markdown(note, "note", found, config.allow_html, pictures=urls.ARTICLE_TO_PICTURES) if note else None
    here = render_markdown(note, "note", found, config.allow_html) if note else None
    return Series(
        slug=source.slug,
        title=values.get("title", source.slug),
        column=values.get("column", values.get("title", source.slug)),
        description=values.get("description", ""),
        editor_note_html=below.html if below else "",
        start_date=values.get("start_date", ""),
        source=values.get("source", ""),
        numbering=values.get("numbering", "circled"),
        path=source.path,
        series_page_note_html=here.html if here else "",
        note_figures=below.figures if below else (),
        note_pictures=tuple(dict.fromkeys([*(figure.src for figure in below.figures), *below.inline])) if below else (),
        update_every=values.get("update_every"),  # site.yaml's default is applied where it is read (check --gov): a series is part of every article's cache key
        finished=values.get("finished", False),
    )


def article_from_inputs(inputs: CaseInputs) -> Article:
    """Render one case into an :class:`Article` (pure: Markdown rendering is the costly part); its texts must be held (:func:`reformpress.content.aside.brought_back`)."""
    config, series, case = inputs.config, inputs.series, inputs.case
    assert not case.source.doc.aside, f"{case.path}: texts set aside"
    values = case.values
    raw_sections, _ = case_sections(case.source, config.sections)
    sizes = dict(inputs.sizes)
    sections: list[Section] = []
    editor_note = series.editor_note_html
    figures: list[Figure] = []
    inline: list[str] = []
    pieces = [(raw.text, raw.spec.key) for raw in raw_sections]
    for raw, rendered in zip(raw_sections, render_pieces(pieces, sizes, config.allow_html, eager_first=True, pictures=urls.ARTICLE_TO_PICTURES)):
        figures.extend(rendered.figures)
        inline.extend(rendered.inline)
        if raw.spec.style == "note":
            editor_note = rendered.html
        else:
            sections.append(Section(raw.spec.key, raw.spec.heading, rendered.html, raw.spec.style, rendered.headings))
    number, title = case.number, values["title"]
    mark = ordinal(number, series.numbering)
    text = " ".join(plain_text(section.html) for section in sections)
    first_text = next((plain_text(s.html) for s in sections), "")
    return Article(
        key=case.key,
        series=series.slug,
        number=number,
        ordinal=mark,
        slug=case.slug,
        title=title,
        display_title=f"{series.title}{mark}：{title}",
        date=case.date,
        source=values.get("source", series.source),
        units=tuple(values.get("units", ())),
        editor=values.get("editor", ""),
        regions=case.regions,
        tags=case.tags,
        summary=values.get("summary") or summarise(first_text),
        editor_note_html=editor_note,
        sections=tuple(sections),
        figures=tuple(figures),
        highlights=tuple(Highlight(str(h.get("value", "")), h.get("unit", ""), h.get("label", ""), h.get("metric", "")) for h in values["highlights"]),
        cover=values.get("cover", ""),
        draft=case.draft,
        path=case.path,
        text_length=len(text.replace(" ", "")),
        inline_pictures=tuple(dict.fromkeys(inline)),
    )


_EPOCH = datetime(1970, 1, 1)


def _seconds(moment: datetime) -> float:
    """Seconds since 1970 of a naive site-local time, independent of the machine's time zone."""
    return (moment - _EPOCH).total_seconds()


def relate(config: SiteConfig, series: tuple[Series, ...], outlines: dict[str, Outline], articles: Articles, digests: dict[str, str] | None = None) -> Site:
    """Compute every relation between articles as lookup tables from their outlines; ``digests`` as :attr:`Site.digests`."""
    newest = tuple(sorted(outlines, key=lambda key: (-_seconds(outlines[key].date), key)))
    by_series: dict[str, list[str]] = {s.slug: [] for s in series}
    by_region: dict[str, list[str]] = defaultdict(list)
    by_tag: dict[str, list[str]] = defaultdict(list)
    by_month: dict[str, list[str]] = defaultdict(list)
    tags: dict[str, Tag] = {}
    for key in newest:
        article = outlines[key]
        for region in article.regions:
            by_region[region.slug].append(key)
        for tag in article.tags:
            by_tag[tag.slug].append(key)
            tags.setdefault(tag.slug, tag)
        by_month[article.date.strftime("%Y-%m")].append(key)
    for key in sorted(outlines, key=lambda k: (outlines[k].series, outlines[k].number, k)):
        by_series[outlines[key].series].append(key)
    neighbours: dict[str, tuple[str | None, str | None]] = {}
    for keys in by_series.values():
        for index, key in enumerate(keys):
            neighbours[key] = (keys[index - 1] if index else None, keys[index + 1] if index + 1 < len(keys) else None)
    images = sorted(
        {
            (f"{Path(article.path).parent.as_posix()}/{src}", urls.picture_url(article.key, src))
            for article in outlines.values()
            for src in [*(src for src, _, _ in article.figures), *article.inline_pictures, *([article.cover] if article.cover else [])]
        }
        | {(f"{item.path}/{src}", urls.series_picture_url(item.slug, src)) for item in series for src in item.note_pictures}
        | ({(config.footer.gov_mark.image, config.footer.gov_mark.image)} if config.footer.gov_mark else set())  # the 党政机关网站标识: images/… in the site folder, published at the same path
    )
    in_order = {key: outlines[key] for key in newest}
    series_keys = {slug: tuple(keys) for slug, keys in by_series.items()}
    region_keys = {slug: tuple(keys) for slug, keys in sorted(by_region.items())}
    tag_keys = {slug: tuple(keys) for slug, keys in sorted(by_tag.items())}
    return Site(
        config=config,
        series=series,
        articles=articles,
        outlines=in_order,
        newest=newest,
        by_series=series_keys,
        by_region=region_keys,
        by_tag=tag_keys,
        by_month={month: tuple(keys) for month, keys in sorted(by_month.items(), reverse=True)},
        neighbours=neighbours,
        related=Related(in_order, series_keys, region_keys, tag_keys, newest, config.related_count),  # the site's own tables: pickled once with it
        tags=tuple(tags[slug] for slug in sorted(tags)),
        images=tuple(images),
        digests=digests or {},
    )
