"""Related news: for each report, the reports that share most of its regions and tags.

Worked out when a page asks (:class:`Related`), in the page workers, each for the reports
whose pages it makes: at 5,000 reports the whole table took ≈ 0.8 s in the build process,
with the second core idle, before any page could be made.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import NamedTuple, Protocol


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


class _Lookup(NamedTuple):
    """What :class:`Related` works out from the site's tables before it ranks."""

    rank: dict[str, int]
    """Article key → its place in ``newest``."""
    term_sets: dict[tuple[str, str], frozenset[str]]
    """(``"r"``, region slug) or (``"t"``, tag slug) → the articles that have it."""
    term_lists: dict[tuple[str, str], Sequence[str]]
    """The same, newest first."""
    mates_by_rank: dict[str, list[str]]
    """Series slug → its articles, newest first."""
    mates: dict[str, frozenset[str]]
    """Series slug → its articles."""


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
        self.articles, self.by_series, self.by_region, self.by_tag, self.newest, self.count = articles, by_series, by_region, by_tag, newest, count

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Related, (self.articles, self.by_series, self.by_region, self.by_tag, self.newest, self.count))

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return related_to(key, self.articles[key], self._lookup, self.count)

    def __contains__(self, key: object) -> bool:
        return key in self.articles

    def __iter__(self) -> Iterator[str]:
        return iter(self.newest)

    def __len__(self) -> int:
        return len(self.newest)

    @cached_property
    def _lookup(self) -> _Lookup:
        rank = {key: index for index, key in enumerate(self.newest)}
        regions, tags = self.by_region.items(), self.by_tag.items()
        return _Lookup(
            rank=rank,
            term_sets={("r", slug): frozenset(keys) for slug, keys in regions} | {("t", slug): frozenset(keys) for slug, keys in tags},
            term_lists={("r", slug): keys for slug, keys in regions} | {("t", slug): keys for slug, keys in tags},
            mates_by_rank={slug: sorted(keys, key=rank.__getitem__) for slug, keys in self.by_series.items()},
            mates={slug: frozenset(keys) for slug, keys in self.by_series.items()},
        )


def related_to(key: str, article: _Terms, lookup: _Lookup, count: int) -> tuple[str, ...]:
    """Up to ``count`` articles related to ``key`` (see :class:`Related` for the ranking)."""
    terms = list(dict.fromkeys([("r", region.slug) for region in article.regions] + [("t", tag.slug) for tag in article.tags]))
    mates, mates_by_rank, rank = lookup.mates[article.series], lookup.mates_by_rank[article.series], lookup.rank
    sets = [lookup.term_sets[term] for term in terms]
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
        for k in heapq.merge(*(lookup.term_lists[term] for term in terms), key=rank.__getitem__):
            if k not in taken and k not in mates:
                chosen.append(k)
                taken.add(k)
                if len(chosen) == count:
                    break
    if len(chosen) < count:  # series mates sharing nothing, newest first
        taken = set(chosen) | {key}
        chosen += [k for k in mates_by_rank if k not in taken][: count - len(chosen)]
    return tuple(chosen)
