"""Related news: for each report, the reports that share most of its regions and tags.

Worked out when a page asks (:class:`Related`), in the page workers, each for the reports
whose pages it makes: at 5,000 reports the whole table took ≈ 0.8 s in the build process,
with the second core idle, before any page could be made.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    """What :class:`Related` works out from the site's tables before it ranks.

    Sets of articles are bit masks: bit ``i`` stands for the article at place ``i`` of
    ``newest``, so the lowest bit of a mask is its newest article.
    """

    newest: Sequence[str]
    rank: dict[str, int]
    """Article key → its place in ``newest`` (its bit)."""
    terms: dict[tuple[str, str], int]
    """(``"r"``, region slug) or (``"t"``, tag slug) → the articles that have it."""
    mates: dict[str, int]
    """Series slug → its articles."""


class Related(Mapping[str, tuple[str, ...]]):
    """Article key → up to ``count`` related keys, best first.

    The ranking: articles sharing more regions and tags first (2 points each, plus 1 for the same
    series), then newer first, then by key; series mates that share nothing fill the remaining
    places, newest first.  ``newest`` orders every tie (newest first, then by key).

    Sets of articles are bit masks over ``newest`` (Python integers), so finding the articles that
    share exactly ``c`` of a report's terms is a few dozen whole-mask operations in C — the terms'
    masks summed bit-slice by bit-slice — and taking the newest of a set is taking its lowest bit.
    Counting candidates one by one instead, however cleverly found, costs in proportion to the
    articles sharing its terms, a share of the whole site: the table's cost grew with the square
    of the site (0.5 s of CPU at 5,000 reports, 2.1 s at 10,000, when found by intersecting sets).

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
        size = len(self.newest)
        terms = {("r", slug): _mask(keys, rank, size) for slug, keys in self.by_region.items()}
        terms |= {("t", slug): _mask(keys, rank, size) for slug, keys in self.by_tag.items()}
        return _Lookup(
            newest=self.newest,
            rank=rank,
            terms=terms,
            mates={slug: _mask(keys, rank, size) for slug, keys in self.by_series.items()},
        )


def _mask(keys: Iterable[str], rank: Mapping[str, int], size: int) -> int:
    """The bit mask of ``keys`` (bit ``rank[key]`` of each)."""
    bits = bytearray(size // 8 + 1)
    for key in keys:
        place = rank[key]
        bits[place >> 3] |= 1 << (place & 7)
    return int.from_bytes(bits, "little")


def _exactly(planes: list[int], shared: int, anything: int) -> int:
    """The articles whose count of shared terms is ``shared`` (≥ 1), from the bit planes of the counts."""
    mask = anything
    for bit, plane in enumerate(planes):
        mask &= plane if shared >> bit & 1 else ~plane
    return mask


def related_to(key: str, article: _Terms, lookup: _Lookup, count: int) -> tuple[str, ...]:
    """Up to ``count`` articles related to ``key`` (see :class:`Related` for the ranking)."""
    terms = dict.fromkeys([("r", region.slug) for region in article.regions] + [("t", tag.slug) for tag in article.tags])
    planes: list[int] = []  # bit b of an article's number of shared terms is its bit in planes[b]
    anything = 0
    for term in terms:
        carry = lookup.terms[term]
        anything |= carry
        for bit, plane in enumerate(planes):  # add 1 to the count of every article of this term
            planes[bit], carry = plane ^ carry, plane & carry
            if not carry:
                break
        if carry:
            planes.append(carry)
    newest, mates = lookup.newest, lookup.mates[article.series]
    chosen: list[str] = []
    taken = 1 << lookup.rank[key]

    def take(mask: int) -> None:  # the newest of ``mask`` not yet taken, until the places are filled
        nonlocal taken
        mask &= ~taken
        while mask and len(chosen) < count:
            lowest = mask & -mask
            chosen.append(newest[lowest.bit_length() - 1])
            taken |= lowest
            mask ^= lowest

    for shared in range(len(terms), 0, -1):  # more shared terms first; the same series, then the newest, within a level
        level = _exactly(planes, shared, anything)
        take(level & mates)
        take(level)
        if len(chosen) >= count:
            return tuple(chosen)
    take(mates)  # series mates sharing nothing, newest first
    return tuple(chosen)
