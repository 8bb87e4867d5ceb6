"""The articles of a build, from the cache where it has them, the rest over worker processes.

:func:`assemble_site` gives the same :class:`Site` as the pure
:func:`reformpress.site.assemble.assemble`, made with the same functions
(:func:`~reformpress.site.assemble.article_inputs`,
:func:`~reformpress.site.assemble.article_from_inputs`,
:func:`~reformpress.site.assemble.relate`), whatever the cache holds and whatever the
number of jobs.  Each article is kept by the hash of its :class:`CaseInputs` (its cache
key, :func:`article_keys`); with a cache, the articles stay in it and the model keeps their
outlines (``Site.articles`` fetches them, see :mod:`reformpress.incremental.shelf`); without
one, they are all kept in memory.  A case whose texts were set aside
(:mod:`reformpress.content.aside`) has them read again by the worker that renders it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

from ..content.aside import brought_back, set_aside
from ..content.checked import Content
from ..content.image_files import SizeReader
from ..model import Article, Articles, Card, Outline, Site, SiteConfig
from ..site.assemble import BuildOptions, CaseInputs, article_from_inputs, article_inputs, relate
from .cache import Cache, code_version, digest
from .kinds import ARTICLE_KIND, OUTLINE_KIND
from .shelf import Packed, Shelf
from .workers import NO_STATE, parallel_imap, parallel_map

MIN_PARALLEL_ARTICLES = 24
"""Fewer articles to render than this are rendered in-process (starting workers costs more)."""

Brief = tuple[Outline, Card]
"""What the model keeps of an article (its outline and card); the cache keeps it beside the article."""

Made = tuple[Outline, Card, bytes]
"""What a Markdown worker hands back when the build has a cache: an article's outline, card and :class:`Packed` bytes."""


def assemble_site(
    config: SiteConfig,
    content: Content,
    options: BuildOptions,
    *,
    sizes: SizeReader,
    cache: Cache,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Site:
    """The whole site model from checked content: articles from ``cache`` when their exact inputs were rendered before, the rest over ``jobs`` processes."""
    series, inputs = article_inputs(config, content, options, sizes)
    keys = article_keys(inputs)
    briefs: dict[str, Brief] = {}
    kept: dict[str, Article] = {}
    cached = cache.file is not None
    if cached:
        found = cache.get_many(OUTLINE_KIND, keys)
        stored = cache.present(ARTICLE_KIND, found)  # an outline counts only with its article
        briefs = {key: brief for key, brief in found.items() if key in stored}
    missing = [index for index, key in enumerate(keys) if key not in briefs]
    make = partial(_with_texts, made_for_cache if cached else article_from_inputs, content.root)
    made = parallel_imap(make, [inputs[index] for index in missing], jobs, min_items=MIN_PARALLEL_ARTICLES, progress=progress, fresh=NO_STATE, sent=True)  # fresh workers sent their cases: forked, they copied much of the build's memory
    briefs.update(_stored(made, [keys[index] for index in missing], cache, kept))
    if cache.file is not None and not kept:
        cache.checkpoint()  # the articles must be readable from other connections (the page workers')
    if cached and cache.file is None and len(kept) < len(keys):  # the cache gave up (disk full): keep them all
        return assemble_site(config, content, options, sizes=sizes, cache=Cache(None), jobs=jobs, progress=progress)
    shared: dict[object, object] = {}  # one object per region and tag: the tables (and the edit index) pickle small
    outlines: dict[str, Outline] = {}
    cards: dict[str, Card] = {}
    for key in keys:
        outline, card = briefs[key]
        outline = _sharing(outline, shared)
        outlines[outline.key] = outline
        cards[outline.key] = replace(card, key=outline.key, regions=outline.regions)
    digests = {briefs[key][0].key: key for key in keys}
    articles = Articles(Shelf(digests, cache.file) if cache.file is not None else kept, cards)
    return relate(config, series, outlines, articles, digests)


def render_articles(inputs: list[CaseInputs], cache: Cache | None, jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> tuple[list[Article], list[str]]:
    """:func:`article_from_inputs` for each of ``inputs`` (their texts held), from the cache where possible, in order; and their cache keys."""
    keys = article_keys(inputs)
    found = cache.get_many(ARTICLE_KIND, keys) if cache else {}
    missing = [index for index, key in enumerate(keys) if key not in found]
    made = parallel_map(article_from_inputs, [inputs[index] for index in missing], jobs, min_items=MIN_PARALLEL_ARTICLES, progress=progress, fresh=NO_STATE, sent=True)
    for index, article in zip(missing, made):
        found[keys[index]] = article
    if cache:
        _put(cache, [(keys[index], Packed.of(article), brief(article)) for index, article in zip(missing, made)])
    return [found[key] for key in keys], keys


def article_keys(inputs: list[CaseInputs]) -> list[str]:
    """The cache key of each article: the hash of the engine's version and of everything it is made from.

    The configuration and the series are the same for many articles: each is hashed once
    (pickling the configuration for every report took half of the 1 s these keys cost at 5,000).
    The case is hashed set aside, its texts stood for by its file's hash: its key is the same
    whether the build holds its texts or not.
    """
    hashed: dict[int, str] = {}

    def once(value: object) -> str:
        found = hashed.get(id(value))  # the objects live as long as ``inputs``: ids are not reused meanwhile
        if found is None:
            found = hashed[id(value)] = digest(value)
        return found

    return [digest(code_version(), ARTICLE_KIND, once(item.config), once(item.series), set_aside(item.case), item.sizes) for item in inputs]


def brief(article: Article) -> Brief:
    """The article's outline and card."""
    return article.outline(), article.card()


def _with_texts(make: Callable[[CaseInputs], Article | Made], root: Path, inputs: CaseInputs) -> Article | Made:
    """``make(inputs)`` with the case's texts read again from its file, if they were set aside (in the worker that renders it)."""
    return make(replace(inputs, case=brought_back(inputs.case, root)))


def made_for_cache(inputs: CaseInputs) -> Made:
    """:func:`article_from_inputs`, then what the cache and the model keep of it (in the worker, which has the article at hand)."""
    article = article_from_inputs(inputs)
    return (*brief(article), Packed.of(article).data)


def _sharing(outline: Outline, shared: dict[object, object]) -> Outline:
    """``outline`` with its regions and tags replaced by the equal ones met before."""
    regions = tuple(shared.setdefault(region, region) for region in outline.regions)
    tags = tuple(shared.setdefault(tag, tag) for tag in outline.tags)
    return replace(outline, regions=regions, tags=tags)  # type: ignore[arg-type]


def _stored(made: Iterable[Article | Made], keys: list[str], cache: Cache, kept: dict[str, Article]) -> Iterator[tuple[str, Brief]]:
    """(key, brief) of each article ``made``, as it comes: packed ones put in the cache, whole ones in ``kept``."""
    batch: list[tuple[str, Packed, Brief]] = []
    for key, item in zip(keys, made):
        if isinstance(item, Article):
            kept[item.key] = item
            yield key, brief(item)
            continue
        outline, card, data = item
        yield key, (outline, card)
        if cache.file is None:
            continue  # the cache gave up: assembly starts again without it
        batch.append((key, Packed(data), (outline, card)))
        if len(batch) >= 100 or key == keys[-1]:
            _put(cache, batch)
            batch.clear()


def _put(cache: Cache, entries: list[tuple[str, Packed, Brief]]) -> None:
    """Store articles by their keys, each with its brief (:data:`OUTLINE_KIND`)."""
    cache.put_many(ARTICLE_KIND, [(key, packed) for key, packed, _ in entries])
    cache.put_many(OUTLINE_KIND, [(key, shape) for key, _, shape in entries])
