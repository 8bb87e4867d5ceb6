"""Pure assembly: checked sources → the :class:`Site` model.

Values cascade site → series → case (source, editor's note), articles are
rendered from Markdown, drafts and scheduled items are left out unless asked
for, and the relations (series order, previous/next, indexes, related news)
are computed once as lookup tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .. import urls
from ..content.checks import case_key, case_slug, case_values, image_file, series_values
from ..content.image_files import SizeReader, image_size
from ..content.sections import case_sections, case_text
from ..content.sources import CaseSource, SeriesSource, Sources
from ..incremental.cache import Cache, code_version, digest
from ..incremental.memo import forgetting
from ..incremental.shelf import ARTICLE_KIND, Packed, Shelf
from ..incremental.workers import parallel_imap, parallel_map
from ..model import Article, Articles, Card, Figure, Footer, Highlight, Outline, Section, Series, Site, SiteConfig, Tag
from ..text.chinese import ordinal, summarise
from ..text.dates import parse_date
from ..text.markdown import image_refs, plain_text, render_markdown, render_pieces
from ..text.slugs import slugify
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


def assemble(
    config: SiteConfig,
    sources: Sources,
    options: BuildOptions | None = None,
    *,
    sizes: SizeReader = image_size,
    cache: Cache | None = None,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Site:
    """The whole site model from validated sources.

    Articles come from ``cache`` when their exact inputs (:class:`CaseInputs`) were rendered
    before; the rest are rendered over ``jobs`` worker processes.  With a cache, the articles
    stay in it and the model keeps their outlines (``Site.articles`` fetches them, see
    :mod:`reformpress.incremental.shelf`); without one, they are all kept in memory.  The result is the
    same whatever ``cache`` holds and whatever ``jobs`` is.
    """
    options = options or BuildOptions()
    series: list[Series] = []
    inputs: list[CaseInputs] = []
    narrowed = article_config(config)
    for source in sources.series:
        item = series_from_source(source, config, sources.root, sizes)
        series.append(item)
        for case in source.cases:
            if held_back(case, options) is None:
                inputs.append(case_inputs(narrowed, item, case, sources.root, sizes))
    keys = article_keys(inputs)
    briefs: dict[str, Brief] = {}
    kept: dict[str, Article] = {}
    if cache is not None and cache.file is not None:
        found = cache.get_many(OUTLINE_KIND, keys)
        stored = cache.present(ARTICLE_KIND, found)  # an outline counts only with its article
        briefs = {key: brief for key, brief in found.items() if key in stored}
    missing = [index for index, key in enumerate(keys) if key not in briefs]
    with forgetting() if len(missing) >= MIN_PARALLEL_ARTICLES else nullcontext():  # each worker works out its own cases' fields
        make: Callable[[CaseInputs], Article | Made] = made_for_cache if cache is not None and cache.file is not None else article_from_inputs
        made = parallel_imap(make, [inputs[index] for index in missing], jobs, min_items=MIN_PARALLEL_ARTICLES, progress=progress)
        briefs.update(_stored(made, [keys[index] for index in missing], cache, kept))
    if cache is not None and cache.file is not None and not kept:
        cache.checkpoint()  # the articles must be readable from other connections (the page workers')
    if cache is not None and cache.file is None and len(kept) < len(keys):  # the cache gave up (disk full): keep them all
        return assemble(config, sources, options, sizes=sizes, cache=None, jobs=jobs, progress=progress)
    shared: dict[object, object] = {}  # one object per region and tag: the tables (and the edit index) pickle small
    outlines: dict[str, Outline] = {}
    cards: dict[str, Card] = {}
    for key in keys:
        outline, card = briefs[key]
        outline = _sharing(outline, shared)
        outlines[outline.key] = outline
        cards[outline.key] = replace(card, key=outline.key, regions=outline.regions)
    digests = {briefs[key][0].key: key for key in keys}
    articles = Articles(Shelf(digests, cache.file) if cache is not None and cache.file is not None else kept, cards)
    return relate(config, tuple(series), outlines, articles, digests)


def _sharing(outline: Outline, shared: dict[object, object]) -> Outline:
    """``outline`` with its regions and tags replaced by the equal ones met before."""
    regions = tuple(shared.setdefault(region, region) for region in outline.regions)
    tags = tuple(shared.setdefault(tag, tag) for tag in outline.tags)
    return replace(outline, regions=regions, tags=tags)  # type: ignore[arg-type]


Brief = tuple[Outline, Card]
"""What the model keeps of an article (its outline and card); the cache keeps it beside the article."""

Made = tuple[Outline, Card, bytes]
"""What a Markdown worker hands back when the build has a cache: an article's outline, card and :class:`Packed` bytes."""


def brief(article: Article) -> Brief:
    """The article's outline and card."""
    return article.outline(), article.card()


def _stored(made: Iterable[Article | Made], keys: list[str], cache: Cache | None, kept: dict[str, Article]) -> Iterator[tuple[str, Brief]]:
    """(key, brief) of each article ``made``, as it comes: packed ones put in the cache, whole ones in ``kept``."""
    batch: list[tuple[str, Packed, Brief]] = []
    for key, item in zip(keys, made):
        if isinstance(item, Article):
            kept[item.key] = item
            yield key, brief(item)
            continue
        outline, card, data = item
        yield key, (outline, card)
        if cache is None or cache.file is None:
            continue  # the cache gave up: assemble starts again without it
        batch.append((key, Packed(data), (outline, card)))
        if len(batch) >= 100 or key == keys[-1]:
            _put(cache, batch)
            batch.clear()


def _put(cache: Cache, entries: list[tuple[str, Packed, Brief]]) -> None:
    """Store articles by their keys, each with its brief (:data:`OUTLINE_KIND`)."""
    cache.put_many(ARTICLE_KIND, [(key, packed) for key, packed, _ in entries])
    cache.put_many(OUTLINE_KIND, [(key, shape) for key, _, shape in entries])


def made_for_cache(inputs: CaseInputs) -> Made:
    """:func:`article_from_inputs`, then what the cache and the model keep of it (in the worker, which has the article at hand)."""
    article = article_from_inputs(inputs)
    return (*brief(article), Packed.of(article).data)


def held_back(case: CaseSource, options: BuildOptions) -> str | None:
    """Why ``options`` leave a case out of the build (``"draft"`` or ``"scheduled"``), or ``None`` if it is in."""
    values, _ = case_values(case)
    if values.get("draft", False) and not options.drafts:
        return "draft"
    date = parse_date(values["date"]) or datetime(1970, 1, 1)
    if options.now is not None and date > options.now and not options.future:
        return "scheduled"
    return None


def scheduled(sources: Sources, options: BuildOptions) -> list[tuple[datetime, str]]:
    """The cases ``options`` leave out because they are dated later than now: (date, path), soonest first."""
    return sorted(
        (parse_date(case_values(case)[0]["date"]) or datetime(1970, 1, 1), case.doc.path)
        for source in sources.series
        for case in source.cases
        if held_back(case, options) == "scheduled"
    )


def next_due(sources: Sources, options: BuildOptions) -> datetime | None:
    """When the first scheduled case that ``options`` leave out becomes due (``None``: none is waiting)."""
    waiting = scheduled(sources, options)
    return waiting[0][0] if waiting else None


@dataclass(frozen=True)
class CaseInputs:
    """Everything one article is made from; its hash is the article's cache key."""

    config: SiteConfig
    """The site configuration narrowed by :func:`article_config`."""
    series: Series
    case: CaseSource
    sizes: tuple[tuple[str, tuple[int, int]], ...]
    """(src, (width, height)) of every readable image the case shows."""


OUTLINE_KIND = "outline"
"""Cache entries: :class:`CaseInputs` hash → (:class:`Outline`, :class:`Card`) of its article (kept beside ``ARTICLE_KIND``)."""
MIN_PARALLEL_ARTICLES = 24
"""Fewer articles to render than this are rendered in-process (starting workers costs more)."""


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


def case_inputs(config: SiteConfig, series: Series, case: CaseSource, root: Path, sizes: SizeReader = image_size) -> CaseInputs:
    """The inputs of one article: ``config`` (narrowed), its series, the case and its images' sizes.

    The sizes are those of every picture the case's text shows, in its sections or not: the few
    a text outside the sections may show cost nothing, and the case need not be split into its
    sections here (the build process does not split any: the workers that render them do).
    """
    found = picture_sizes(case_text(case), root, case.folder, sizes)
    return CaseInputs(config, series, case, tuple(sorted(found.items())))


def picture_sizes(text: str, root: Path, folder: str, sizes: SizeReader = image_size) -> dict[str, tuple[int, int]]:
    """src → (width, height) of every readable picture the Markdown ``text`` shows (its paths start in ``folder``)."""
    found: dict[str, tuple[int, int]] = {}
    for src, _line in image_refs(text, 1):
        file = image_file(root, folder, src)
        size = sizes(file) if file else "unsafe"
        if isinstance(size, tuple):
            found[src] = size
    return found


def article_keys(inputs: list[CaseInputs]) -> list[str]:
    """The cache key of each article: the hash of the engine's version and of everything it is made from.

    The configuration and the series are the same for many articles: each is hashed once
    (pickling the configuration for every report took half of the 1 s these keys cost at 5,000).
    """
    hashed: dict[int, str] = {}

    def once(value: object) -> str:
        found = hashed.get(id(value))  # the objects live as long as ``inputs``: ids are not reused meanwhile
        if found is None:
            found = hashed[id(value)] = digest(value)
        return found

    return [digest(code_version(), ARTICLE_KIND, once(item.config), once(item.series), item.case, item.sizes) for item in inputs]


def render_articles(inputs: list[CaseInputs], cache: Cache | None, jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> tuple[list[Article], list[str]]:
    """:func:`article_from_inputs` for each of ``inputs``, from the cache where possible, in order; and their cache keys."""
    keys = article_keys(inputs)
    found = cache.get_many(ARTICLE_KIND, keys) if cache else {}
    missing = [index for index, key in enumerate(keys) if key not in found]
    made = parallel_map(article_from_inputs, [inputs[index] for index in missing], jobs, min_items=MIN_PARALLEL_ARTICLES, progress=progress)
    for index, article in zip(missing, made):
        found[keys[index]] = article
    if cache:
        _put(cache, [(keys[index], Packed.of(article), brief(article)) for index, article in zip(missing, made)])
    return [found[key] for key in keys], keys


def series_from_source(source: SeriesSource, config: SiteConfig, root: Path, sizes: SizeReader = image_size) -> Series:
    """A :class:`Series` from its folder and ``_series.yaml`` (``root``: the site root)."""
    values, _ = series_values(source)
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
    )


def article_from_case(config: SiteConfig, series: Series, case: CaseSource, root: Path) -> Article:
    """Render one case into an :class:`Article` (reads image headers for their sizes)."""
    return article_from_inputs(case_inputs(article_config(config), series, case, root))


def article_from_inputs(inputs: CaseInputs) -> Article:
    """Render one case into an :class:`Article` (pure: Markdown rendering is the costly part)."""
    config, series, case = inputs.config, inputs.series, inputs.case
    values, _ = case_values(case)
    raw_sections, _ = case_sections(case, config.sections)
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
        regions=tuple(r for r in (config.region_named(name) for name in dict.fromkeys(values.get("regions", ()))) if r is not None),
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
