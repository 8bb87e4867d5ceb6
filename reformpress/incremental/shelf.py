"""Articles kept in the build cache, fetched when a page shows them.

A site of 5,000 reports holds some 300 MB of article HTML.  Held by the build process, it was
copied page by page into each page worker as the workers touched it (reference counts write
to every object a page reads), so a build needed that much two or three times over.  Instead
the build keeps only each article's outline (:class:`reformpress.model.Outline`) and card
(:class:`reformpress.model.Card`, all that lists show) and :attr:`Site.articles
<reformpress.model.Site.articles>` is a :class:`Shelf`: reading an article (its own page, a
series' print page, a feed) fetches it from the cache, by the hash of what it was made from,
and the last few hundred read are kept — what one series' pages need in a row, since pages
are made series by series.  Each process reads over its own read-only connection (a SQLite
connection must not cross a fork), so the articles must be committed before the workers
start (:meth:`reformpress.incremental.cache.Cache.checkpoint`).
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..model import Article
from .cache import read_entries, read_only, unpickle
from .kinds import ARTICLE_KIND

KEEP = 400
"""Articles a process keeps after reading them (≈ 25 MB; a long series' print page reads all of its reports)."""


class Packed:
    """An article as the cache stores it: pickled and compressed; unpickling this gives the :class:`Article`.

    Compressed, the articles of 5,000 reports take 25 MB of the cache instead of 92 MB (zlib's
    fastest level: 0.25 ms an article to pack, 0.1 ms to unpack).  Markdown workers pack what
    they make (:func:`reformpress.site.assemble.made_for_cache`) and hand over only bytes, so the build process neither unpickles
    the article they send nor pickles it again to store it.
    """

    __slots__ = ("data",)

    def __init__(self, data: bytes):
        self.data = data

    @classmethod
    def of(cls, article: Article) -> Packed:
        return cls(zlib.compress(pickle.dumps(article, protocol=5), 1))

    def __reduce__(self) -> tuple[object, tuple[bytes]]:
        return (unpack, (self.data,))


def unpack(data: bytes) -> Article:
    """The article that :meth:`Packed.of` packed into ``data``."""
    article = pickle.loads(zlib.decompress(data))
    assert isinstance(article, Article)
    return article


class Missing(Exception):
    """An article the build put in the cache is not there any more (another build pruned it meanwhile)."""


class Shelf(Mapping[str, Article]):
    """Articles by key: those given, and the rest read from the cache file when asked for."""

    def __init__(self, digests: Mapping[str, str], file: Path, given: Mapping[str, Article] | None = None):
        self.digests = digests
        self.file = file
        self.given = dict(given or {})
        self.kept: OrderedDict[str, Article] = OrderedDict()
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def __getitem__(self, key: str) -> Article:
        article = self.given.get(key)
        if article is not None:
            return article
        article = self.kept.get(key)
        if article is not None:
            self.kept.move_to_end(key)
            return article
        self.fetch([key])
        return self.kept[key]

    def fetch(self, keys: Iterable[str]) -> None:
        """Read these articles from the cache at once (one query instead of one each)."""
        wanted = {self.digests[key]: key for key in keys if key not in self.given and key not in self.kept}
        if not wanted:
            return
        for hashed, value in read_entries(self._connection(), ARTICLE_KIND, list(wanted)):
            self._keep(wanted.pop(hashed), unpickle(value))
        if wanted:
            raise Missing(f"the build cache lost article(s) {sorted(wanted.values())[:3]}; build again")

    def _keep(self, key: str, article: Article) -> None:
        self.kept[key] = article
        while len(self.kept) > max(KEEP, 1):
            self.kept.popitem(last=False)

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():  # never a connection opened before a fork
            self._db = read_only(self.file, timeout=30)
            self._pid = os.getpid()
        return self._db

    def __iter__(self) -> Iterator[str]:
        return iter(self.digests)

    def __len__(self) -> int:
        return len(self.digests)

    def __contains__(self, key: object) -> bool:
        return key in self.digests

    def __getstate__(self) -> dict[str, object]:
        return {"digests": self.digests, "file": self.file, "given": self.given}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["digests"], state["file"], state["given"])  # type: ignore[misc, arg-type]
