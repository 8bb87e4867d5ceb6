"""Related news: for each report, the reports that share most of its regions and tags.

Worked out when a page asks (:class:`Related`), in the page workers, each for the reports
whose pages it makes: at 5,000 reports the whole table took ≈ 0.8 s in the build process,
with the second core idle, before any page could be made.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol


class _Term(Protocol):
    @property
    def slug(self) -> str: ...


class _Terms(Protocol):
    """What ranking reads of an article (an :class:`~reformpress.model.Outline` or an :class:`~reformpress.model.Article`)."""

    @property
    def series(self) -> str: ...
    @property
    def regions(self) -> Sequence[_Term]: ...
    @property
    def tags(self) -> Sequence[_Term]: ...


class Related(Mapping[str, tuple[str, ...]]):
    """Article key → up to ``count`` related keys, best first.

    The ranking: articles sharing more regions and tags first (2 points each, plus 1 for the same
    series), then newer first, then by key; series mates that share nothing fill the remaining
    places, newest first.  Lists in ``by_region`` and ``by_tag`` are newest first, so an
    article's rank in ``newest`` orders every tie.  Only candidates sharing two or more terms are
    scored one by one (found by set intersections, in C); the many that share one term are taken
    newest first from the term lists until the places are filled, so the Python-level work per
    article stays small as the site grows.

    Made from the site's own tables and pickled as them (the lookup tables built from them
    on the first question are built again in each process that asks).
    """

    def __init__(
        self,
        articles: Mapping[str, _Terms],
        by_series: Mapping[str, Sequence[str]],
        by_region: Mapping[str, Sequence[str]],
        by_tag: Mapping[str, Sequence[str]],
        newest: Sequence[str],
        count: int,
    ):
        self.tables = (articles, by_series, by_region, by_tag, newest, count)
        self._lookup: tuple[dict[str, int], dict[tuple[str, str], frozenset[str]], dict[tuple[str, str], Sequence[str]], dict[str, list[str]], dict[str, frozenset[str]]] | None = None

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Related, self.tables)

    def __getitem__(self, key: str) -> tuple[str, ...]:
        articles, _, _, _, _, count = self.tables
        article = articles[key]
        rank, term_sets, term_lists, mates_by_rank, mates = self._lookup or self._build()
        terms = [("r", region.slug) for region in article.regions] + [("t", tag.slug) for tag in article.tags]
        return related_to(key, article.series, terms, term_sets, term_lists, mates_by_rank[article.series], mates[article.series], rank, count)

    def __contains__(self, key: object) -> bool:
        return key in self.tables[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables[4])

    def __len__(self) -> int:
        return len(self.tables[4])

    def _build(self) -> tuple[dict[str, int], dict[tuple[str, str], frozenset[str]], dict[tuple[str, str], Sequence[str]], dict[str, list[str]], dict[str, frozenset[str]]]:
        _, by_series, by_region, by_tag, newest, _ = self.tables
        rank = {key: index for index, key in enumerate(newest)}
        term_sets = {("r", slug): frozenset(keys) for slug, keys in by_region.items()} | {("t", slug): frozenset(keys) for slug, keys in by_tag.items()}
        term_lists = {("r", slug): keys for slug, keys in by_region.items()} | {("t", slug): keys for slug, keys in by_tag.items()}
        mates_by_rank = {slug: sorted(keys, key=rank.__getitem__) for slug, keys in by_series.items()}
        mates = {slug: frozenset(keys) for slug, keys in by_series.items()}
        self._lookup = (rank, term_sets, term_lists, mates_by_rank, mates)
        return self._lookup


def relate_articles(
    articles: Mapping[str, _Terms],
    by_series: Mapping[str, Sequence[str]],
    by_region: Mapping[str, Sequence[str]],
    by_tag: Mapping[str, Sequence[str]],
    newest: Sequence[str],
    count: int,
) -> dict[str, tuple[str, ...]]:
    """The whole table of :class:`Related`, for every article at once."""
    return dict(Related(articles, by_series, by_region, by_tag, newest, count))


def related_to(
    key: str,
    series: str,
    terms: list[tuple[str, str]],
    term_sets: Mapping[tuple[str, str], frozenset[str]],
    term_lists: Mapping[tuple[str, str], Sequence[str]],
    mates_by_rank: list[str],
    mates: frozenset[str],
    rank: dict[str, int],
    count: int,
) -> tuple[str, ...]:
    """Up to ``count`` articles related to ``key`` (see :class:`Related` for the ranking)."""
    sets = [term_sets[term] for term in dict.fromkeys(terms)]
    pairs: Counter[str] = Counter()  # k shares c terms ⇔ k is in c·(c−1)/2 pairwise intersections
    for i, first in enumerate(sets):
        for second in sets[i + 1 :]:
            pairs.update(first & second)
    pairs.pop(key, None)
    chosen: list[str] = []
    levels: dict[int, list[str]] = defaultdict(list)
    for k, n in pairs.items():
        levels[n].append(k)
    for level in sorted(levels, reverse=True):  # more shared terms first; same series, then newest, within a level
        group = levels[level]
        chosen += heapq.nsmallest(count - len(chosen), (k for k in group if k in mates), key=rank.__getitem__)
        if len(chosen) < count:
            chosen += heapq.nsmallest(count - len(chosen), (k for k in group if k not in mates), key=rank.__getitem__)
        if len(chosen) >= count:
            break
    if len(chosen) < count:  # one shared term and the same series (3 points), newest first
        taken = set(chosen) | {key}
        chosen += [k for k in mates_by_rank if k not in taken and any(k in s for s in sets)][: count - len(chosen)]
    if len(chosen) < count:  # one shared term (2 points), newest first across the term lists
        taken = set(chosen) | {key}
        for k in heapq.merge(*(term_lists[term] for term in dict.fromkeys(terms)), key=rank.__getitem__):
            if k not in taken and k not in mates:
                chosen.append(k)
                taken.add(k)
                if len(chosen) == count:
                    break
    if len(chosen) < count:  # series mates sharing nothing, newest first
        taken = set(chosen) | {key}
        chosen += [k for k in mates_by_rank if k not in taken][: count - len(chosen)]
    return tuple(chosen)
