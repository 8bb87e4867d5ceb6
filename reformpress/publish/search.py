"""Site search: our own index of the published reports, every character and pair of characters in it.

Chinese has no spaces, and a reader's query is a phrase (四下基层, 茶产业) that must be found
wherever it stands, not only where a word splitter happened to cut the text the same way.  So
the index knows, for every report, each character and each pair of adjacent characters it
holds, and where each pair stands.  In the browser (templates/static/search.js):

- a query of one or two characters is answered by the lists of reports holding that
  character or pair (exact);
- a longer phrase takes the reports holding all of its pairs, then checks, in each of them,
  that the pairs stand one after the other (``AB`` at *p*, ``CD`` at *p* + 2, ``EF`` at
  *p* + 4 is ``ABCDEF`` at *p*): exact too, without reading the reports' text;
- only the reports shown (ten at a time, the newest first) are fetched, for the title and an
  excerpt around the match.

What a build writes into ``search-index/`` (:data:`reformpress.urls.SEARCH_BUNDLE`):

- ``index.json``: the shards in order with their reports' count and files of positions, the
  filters (系列, 地区, 年份) with each value's count, how many term buckets there are, and the
  folders of this index's term buckets and filters (``t``, ``f``);
- ``t/<version>/<bucket>.bin``: for the terms whose hash falls in the bucket, the reports of each
  shard holding them (a list or a bit map per shard): what a query fetches first;
- ``<shard>/p/<bucket>.bin``: for the shard's reports, where each pair stands (as many files as
  keep each near :data:`PAIR_FILE_BYTES`);
- ``<shard>/d/<n>.json``: one report's address, title, date, series, regions and text;
- ``f/<version>/<filter>-<value>.json``: the reports having one filter value.

Every folder is named by what it holds (a shard by its key, ``<version>`` by the hash of its
files) and never changed once published, so an edit adds a shard and the joined files beside
the old ones and switches to them with ``index.json`` (:func:`_publish`): a reader's page that
loaded the index before sees the files it names, or none, never another index's.

The reports are ordered newest first (then by path) and cut into **shards** of a few hundred
(:func:`shards`), where a cut depends only on the paths near it: an edited report changes its
own shard only.  A shard's files depend only on its pages' paths and bytes, so they are kept in
``.cache/search/<key>/`` under the hash of those (:func:`shard_key`) and not made again while
those pages stay as they are; shards are made side by side, up to ``jobs`` at a time.  The term
buckets and ``index.json`` are put together from the shards on every build (fast: they are joined
bytes, not re-encoded); a shard the bundle already holds is not published again.  NumPy sorts the pairs of a shard's reports (all of them, with their
positions) in C; in Python that loop was five times slower.  The bundle is the same, byte for byte, for the same pages, whatever the
cache held and whatever ``jobs`` is.

The index is made over the complete staging folder before that folder is swapped in (see
:meth:`reformpress.publish.output.Staging.commit`), so ``output/`` is never half-indexed.

Binary layouts (little-endian; *varint* is LEB128, as in Protocol Buffers):

- a **set** of a shard's reports: a byte ``0`` then its numbers as ``uint16``, or ``1`` then
  a bit map (bit *i* of byte *i* // 8 for report *i*), whichever is shorter;
- ``t/<bucket>.bin``: ``RPT1``, then per term: varint length, the term in UTF-8, varint count
  of shards, then per shard: varint (shard number − previous shard number), varint length, the set;
- ``p/<bucket>.bin``: ``RPP2``, a byte *w* (2 or 4: the width of a position and of a count),
  three zero bytes, ``uint32`` *n* (pairs), then *n* pairs as two ``uint32`` code points each
  (ascending), *n* + 1 ``uint32`` starts of each pair's entries (the last is their count *e*),
  *e* ``uint16`` report numbers, *e* counts of positions (*w* bytes each), and the positions
  (*w* bytes each, characters from the start of the report's text), entry after entry.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import pickle
import re
import shutil
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

try:
    import numpy as np
except ImportError:  # a build without the index runs without it; one with it says how to install it
    np = None  # type: ignore[assignment]

from .. import urls
from ..problems import BuildFailed, problem
from .output import link_or_copy, write_whole

INDEXER_MODULES: tuple[str, ...] = ("numpy",)
"""The libraries the index is made with (their versions are part of a build's fingerprint)."""
INDEX_FORMAT = "reformpress-search-3"
"""Part of every shard's key: changed whenever what this module writes into a shard changes."""
BODY_MARK = b"data-search-body"
"""The attribute of the element the index reads (templates/article.html)."""
IGNORE_MARK = "data-search-ignore"
"""Inside it, elements with this attribute are left out (the date line, the reader's tools, 上一篇/下一篇)."""
REGION_MARK = "data-search-region"
"""Inside it, the links with this attribute name the report's regions (the 地区 filter)."""
FILTERS = ("系列", "地区", "年份")
"""The filters of the search page, in its order."""
PAIR_FILE_BYTES = 12_000
"""About how large a shard's file of positions is: a shard has as many (a power of two) as that takes.

A query reads one of them per pair it checks in each shard with candidates: small files keep a rare
phrase of common pairs cheap; many files cost the file system and the deployment."""
TERM_BUCKET_BYTES = 24_000
"""About how large a term bucket grows before the site gets twice as many buckets."""
INDEX_FILE_FORMAT = 2
"""``format`` in ``index.json``: 2 since the term buckets and filters are in folders named by their hash (``t/<hash>/``, ``f/<hash>/``)."""
PAGES_FILE = "pages.json"
"""In the search cache: what :func:`searched_pages` saw of each page last time."""
TERMS_FILE = "terms.pickle"
"""In a kept shard: each term's set of the shard's reports, joined into the term buckets (not published)."""
SHARD_FILE = "shard.json"
"""In a kept shard: its reports' filter values and how many files its positions are in (not published)."""
MANIFEST = ".files.json"
"""In a kept shard: each of its files with its size, time and SHA-256, to check it before use."""
JOINED = (TERMS_FILE, SHARD_FILE)
"""A kept shard's files that :func:`_joined` reads (all a shard already published needs of the cache)."""
UNPUBLISHED = (*JOINED, MANIFEST)
LEFTOVER_AGE = 3600
"""Seconds after which a work folder in the search cache is taken for one a killed build left."""


@dataclass(frozen=True)
class Sharding:
    """Where the list of indexed pages is cut into shards."""

    least: int
    """Pages a shard holds at least (unless the site has fewer)."""
    spread: int
    """Past ``least`` pages, a page starts a new shard when the hash of its path is divisible by this."""
    most: int
    """Pages a shard holds at most (at most 511: a shard numbers its reports in 9 bits when it sorts them)."""


SHARDING = Sharding(least=60, spread=60, most=180)
"""About 120 reports a shard (44 at 5,000 reports): an edit makes one shard anew (≈ 0.5 s of its ≈ 2.5 s of search at 5,000).

Smaller shards make an edit cheaper and a query's first look (the term buckets list each shard) larger;
the files of positions are sized by :data:`PAIR_FILE_BYTES` whatever the shard."""


@dataclass(frozen=True)
class SearchedPage:
    """A page of the site that the index reads."""

    path: str
    """Relative to the site folder, with ``/``."""
    digest: str
    """SHA-256 of its bytes."""
    when: str
    """Its report's date as RFC 3339 text (``data-when``): the newest come first."""


ShardWork = tuple[str, tuple[SearchedPage, ...], str, str]
"""One shard to make: the site's folder, its pages, the cache folder, its key."""


@dataclass(frozen=True)
class Report:
    """What the index keeps of one report's page."""

    url: str
    """Relative to the site's root (``s01/02-name/``)."""
    title: str
    date: str
    """As the page shows it."""
    series: str
    year: str
    regions: tuple[str, ...]
    text: str
    """What the index reads, one line per block (paragraph, heading, list item)."""
    body: int = 0
    """Where in ``text`` the report's sections begin (its first ``<h2>``): excerpts start there, not at the title or key figures."""


ShardMap = Callable[[Callable[[ShardWork], dict[str, list]], Sequence[ShardWork]], Iterable[dict[str, list]]]
"""How shards are made: ``[make(work) for work in works]``, in order; the build's shell passes one over worker processes."""


def index_site(folder: Path, bundle: Path | None = None, *, cache: Path | None = None, parallel: ShardMap | None = None, sharding: Sharding | None = None, listing: Listing | None = None) -> Published:
    """Write the search index of the site in ``folder`` into ``folder/search-index/`` (or ``bundle``), or bring the one there up to date in place; what changed.

    ``cache`` is the folder of kept shards (``.cache/search``; ``None``: keep none); ``parallel``
    makes the shards that are wanted (default: one after another, here); ``listing``, every file
    of ``folder`` with its stamp, saves looking through it (:func:`searched_pages`).  The bundle is the same,
    byte for byte, for the same pages, whatever ``cache`` holds and however the shards are made.
    """
    target = bundle or folder / urls.SEARCH_BUNDLE
    if np is None:
        raise BuildFailed([problem("search-tool-missing", urls.search_bundle_url())])
    try:
        return _index_site(folder, target, cache, parallel or _one_by_one, sharding or SHARDING, listing)
    except OSError as error:
        raise BuildFailed([problem("search-index-failed", urls.search_bundle_url(), detail=str(error))]) from None


def _one_by_one(make: Callable[[ShardWork], dict[str, list]], works: Sequence[ShardWork]) -> Iterable[dict[str, list]]:
    return [make(work) for work in works]


def _index_site(folder: Path, target: Path, cache: Path | None, parallel: ShardMap, sharding: Sharding, listing: Listing | None) -> Published:
    known = _read_json(cache / PAGES_FILE) if cache is not None else None
    groups = shards(searched_pages(folder, known, listing), sharding)
    keys = [shard_key(group) for group in groups]
    store = cache if cache is not None else target.with_name(f".{target.name}.shards-{os.getpid()}")
    store.mkdir(parents=True, exist_ok=True)
    try:
        if cache is not None:
            _remove_leftovers(store)
        live = _published_shards(target) & set(keys)
        # A shard already published needs only what is joined into the term buckets; the others are linked from the cache.
        manifests = {key: _intact(store / key, only=JOINED if key in live else None) for key in keys}
        wanted = [(str(folder), group, str(store), key) for key, group in zip(keys, groups, strict=True) if manifests[key] is None]
        if wanted:
            for key, made in zip((item[3] for item in wanted), parallel(_make_shard, wanted), strict=True):
                manifests[key] = made
        added, removed = _publish(store, [(key, manifests[key] or {}) for key in keys], target, live)
        if cache is not None:
            _prune(store, set(keys))
            _write_json(store / PAGES_FILE, known)
    finally:
        if cache is None:
            shutil.rmtree(store, ignore_errors=True)
    return Published(len(wanted), added, removed)


# ---------------------------------------------------------------- the pages


def searched_pages(folder: Path, known: dict[str, list] | None = None, listing: Listing | None = None) -> list[SearchedPage]:
    """The pages of the site in ``folder`` that the index reads: the newest report first, then by path.

    ``known`` (path → [device, inode, size, time, digest or ``""`` for a page not indexed,
    date]) saves reading the pages that are the very files seen last time (a page is never
    written in place: every writer replaces it by a new file); it is brought up to date.
    ``listing`` saves looking through the folder: every file in it with its stamp, as the
    build that just wrote it knows them.
    """
    pages = []
    top = str(folder)
    seen: dict[str, list] = {}
    for relative, stamp in _page_stamps(top, listing):
        path = os.path.join(top, relative)
        before = known.get(relative) if known is not None else None
        if before is not None and before[:4] == stamp and len(before) == 6:
            digest, when = before[4], before[5]
        else:
            with open(path, "rb") as file:
                data = file.read()
            opening = _body_tag(data)
            digest = hashlib.sha256(data).hexdigest() if opening is not None else ""
            when = _attribute(opening, "data-when") if opening is not None else ""
        seen[relative] = [*stamp, digest, when]
        if digest:
            pages.append(SearchedPage(relative, digest, when))
    if known is not None:
        known.clear()
        known.update(seen)
    pages.sort(key=lambda page: page.path)
    pages.sort(key=lambda page: page.when, reverse=True)  # stable: the same date keeps the order of paths
    return pages


Listing = Iterable[tuple[str, tuple[int, int, int]]]
"""Every file of a folder (relative, with ``/``; folders end in ``/``) with its (inode, size, modification time in ns)."""


def _page_stamps(top: str, listing: Listing | None) -> Iterator[tuple[str, list[int]]]:
    """The pages under ``top`` but the search bundle's, each with [device, inode, size, time]: from ``listing``, or looked up."""
    if listing is None:
        for relative in _files_under(top, skip=urls.SEARCH_BUNDLE):
            if relative.endswith(".html"):
                info = os.stat(os.path.join(top, relative))
                yield relative, [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]
        return
    device, bundle = os.stat(top).st_dev, urls.SEARCH_BUNDLE + "/"
    for relative, (inode, size, when) in listing:
        if relative.endswith(".html") and not relative.startswith(bundle):
            yield relative, [device, inode, size, when]


_TAG = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|!--.*?-->|![^>]*>)", re.DOTALL)
"""A start or end tag (name, attributes), a comment or a declaration."""
_BLOCKS = frozenset(["address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"])
"""Elements that end a line of the index's text: no phrase runs on from one into the next."""
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
_SKIPPED = frozenset(("script", "style", "template"))


def _body_tag(page: bytes) -> str | None:
    """The start tag of the page's element marked ``data-search-body`` (:func:`_body_opening`), from the page's bytes.

    Only the part from the first ``<`` before the mark on is decoded: most pages (lists, the home) have no mark at all.
    """
    at = page.find(BODY_MARK)
    if at < 0:
        return None
    found = _body_opening(page[max(0, page.rfind(b"<", 0, at)) :].decode("utf-8", "replace"))
    return found.group(0) if found is not None else None


def _body_opening(page: str) -> re.Match[str] | None:
    """The start tag of the page's element marked ``data-search-body`` (markup, not text: text has ``&lt;`` for ``<``)."""
    mark = BODY_MARK.decode()
    at = page.find(mark)
    while at >= 0:
        opening = page.rfind("<", 0, at)
        if opening >= 0 and page.rfind(">", 0, at) < opening:
            found = _TAG.match(page, opening)
            if found is not None and found.group(2) and not found.group(1) and found.end() > at and _has(found.group(3), mark):
                return found
        at = page.find(mark, at + 1)
    return None


def _has(tag: str, name: str) -> bool:
    """Whether the start tag (or the attributes part of it) has the attribute ``name``."""
    if name not in tag:
        return False
    return re.search(rf"\s{re.escape(name)}(?=[\s=/>]|$)", _without_values(tag)) is not None


def _without_values(tag: str) -> str:
    return re.sub(r"=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", "=", tag)


def _attribute(tag: str, name: str) -> str:
    """The value of the attribute ``name`` in a start tag, unescaped; ``""`` if it has none."""
    found = re.search(rf"\s{re.escape(name)}\s*=\s*(\"([^\"]*)\"|'([^']*)'|([^\s>]+))", tag)
    if found is None:
        return ""
    return html.unescape(next(value for value in found.groups()[1:] if value is not None))


def read_report(page: str, url: str) -> Report | None:
    """What the index reads of a page: its ``data-search-body`` element, less what is marked ``data-search-ignore``."""
    start = _body_opening(page)
    if start is None:
        return None
    opening = start.group(0)
    stack: list[tuple[str, bool]] = [(start.group(2).lower(), False)]
    ignored = 0
    region: list[str] | None = None
    regions: list[str] = []
    pieces: list[str] = []
    marked = False
    last = start.end()
    for tag in _TAG.finditer(page, start.end()):
        if not ignored:
            piece = page[last : tag.start()]
            pieces.append(piece)
            if region is not None:
                region.append(piece)
        last = tag.end()
        name = (tag.group(2) or "").lower()
        if not name:
            continue  # a comment
        if tag.group(1):  # an end tag: close up to the element it ends
            if not any(open_name == name for open_name, _ in stack):
                continue
            while stack:
                open_name, was_ignored = stack.pop()
                ignored -= was_ignored
                if open_name == "a" and region is not None:
                    regions.append(" ".join(_line(html.unescape("".join(region))).split()))
                    region = None
                if open_name == name:
                    break
            if not stack:
                break  # the indexed element itself ended
            if name in _BLOCKS:
                pieces.append("\n")
            continue
        if name in _BLOCKS:
            pieces.append("\n")
        if name == "h2" and not ignored and not marked:
            pieces.append(_BODY)
            marked = True
        if name in _VOID or tag.group(3).rstrip().endswith("/"):
            continue
        leave_out = name in _SKIPPED or _has(tag.group(3), IGNORE_MARK)
        stack.append((name, leave_out))
        ignored += leave_out
        if name == "a" and not ignored and _has(tag.group(3), REGION_MARK):
            region = []
    text = "\n".join(line for line in (_line(block) for block in html.unescape("".join(pieces)).replace("\0", "").split("\n")) if line)
    body = max(0, text.find(_BODY))
    text = text.replace(_BODY, "")
    return Report(
        url=url,
        title=_attribute(opening, "data-title"),
        date=_attribute(opening, "data-date"),
        series=_attribute(opening, "data-series"),
        year=_attribute(opening, "data-year"),
        regions=tuple(dict.fromkeys(name for name in regions if name)),
        text=text,
        body=body,
    )


_BODY = "\x01"
"""Put where the sections begin while the text is made (no page's text holds it: it is not allowed in HTML)."""
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _line(block: str) -> str:
    """A block's text on one line: runs of white space as one space, none next to a Chinese character (a line break in the source)."""
    def space(found: re.Match[str]) -> str:
        before, after = block[found.start() - 1 : found.start()], block[found.end() : found.end() + 1]
        return "" if _CJK.match(before) or _CJK.match(after) else " "

    return _SPACES.sub(space, block).strip()


def searchable(text: str) -> str:
    """``text`` as it is searched: lower case, character for character (so positions stay those of ``text``)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


# ---------------------------------------------------------------- one shard


def _make_shard(work: ShardWork) -> dict[str, list]:
    """Make the shard of ``group`` in ``store/<key>/`` (whole: made aside, then renamed); its manifest."""
    folder, group, store, key = work
    made = Path(store) / f".work-{key}-{os.getpid()}"
    shutil.rmtree(made, ignore_errors=True)
    try:
        reports = []
        for page in group:
            with open(os.path.join(folder, page.path), "rb") as file:
                report = read_report(file.read().decode("utf-8", "replace"), _url_of(page.path))
            reports.append(report or Report(_url_of(page.path), "", "", "", "", (), ""))
        write_shard(reports, made)
        files = _write_manifest(made)
        try:
            os.replace(made, Path(store) / key)
        except OSError:  # another build of the same site made it meanwhile
            if not (Path(store) / key).is_dir():
                raise
        return files
    finally:
        shutil.rmtree(made, ignore_errors=True)


def _url_of(path: str) -> str:
    """A page's address relative to the site's root: ``a/b/index.html`` → ``a/b/``."""
    return path[: -len("index.html")] if path == "index.html" or path.endswith("/index.html") else path


def write_shard(reports: Sequence[Report], folder: Path) -> None:
    """Write a shard's files for ``reports`` (numbered 0, 1, … in this order) into ``folder``."""
    (folder / "d").mkdir(parents=True)
    (folder / "p").mkdir()
    filters: dict[str, dict[str, list[int]]] = {name: {} for name in FILTERS}
    texts = []
    for number, report in enumerate(reports):
        record = {"url": report.url, "title": report.title, "date": report.date, "series": report.series, "regions": list(report.regions), "body": report.body, "text": report.text}
        (folder / "d" / f"{number}.json").write_bytes(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        for name, values in zip(FILTERS, ([report.series], list(report.regions), [report.year]), strict=True):
            for value in values:
                if value:
                    filters[name].setdefault(value, []).append(number)
        texts.append(searchable(report.text))
    found = _pairs(texts)
    terms = _terms(found, len(texts))
    (folder / TERMS_FILE).write_bytes(pickle.dumps(terms, protocol=4))
    buckets = _pair_buckets(found)
    (folder / SHARD_FILE).write_text(json.dumps({"filters": filters, "pairs": buckets}, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    for bucket, data in _positions(found, buckets):
        (folder / "p" / f"{bucket}.bin").write_bytes(data)


def _codes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every character of ``texts`` as (code point, report number, position in its report), one text after another."""
    joined = "".join(texts).encode("utf-32-le")
    codes = np.frombuffer(joined, dtype="<u4").astype(np.uint64)
    lengths = np.fromiter((len(text) for text in texts), dtype=np.int64, count=len(texts))
    numbers = np.repeat(np.arange(len(texts), dtype=np.uint64), lengths)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(texts) else np.zeros(0, dtype=np.int64)
    positions = (np.arange(len(codes), dtype=np.int64) - np.repeat(starts, lengths)).astype(np.uint64)
    return codes, numbers, positions


_BLANK = (ord(" "), ord("\n"))


def _pairs(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The characters (code, report) and the pairs of adjacent characters (key, report, position) of ``texts``, white space left out.

    A pair's key is its first code point × 2³² + its second (never below 2³²: no text holds U+0000),
    a character's its code point, so the two never meet.
    """
    codes, numbers, positions = _codes(texts)
    blank = np.isin(codes, np.array(_BLANK, dtype=np.uint64))
    single = ~blank
    joined = single[:-1] & single[1:] & (numbers[:-1] == numbers[1:])
    keys = ((codes[:-1] << np.uint64(32)) | codes[1:])[joined]
    return codes[single], numbers[single], keys, numbers[:-1][joined], positions[:-1][joined]


def _term(key: int) -> str:
    return chr(key) if key < 1 << 32 else chr(key >> 32) + chr(key & 0xFFFFFFFF)


def _terms(found: tuple[np.ndarray, ...], size: int) -> dict[str, bytes]:
    """Each character and pair (:func:`_pairs`) → the set of the ``size`` reports holding it (:func:`encode_set`), after its length as a varint; in the order of terms."""
    codes, numbers, keys, pair_numbers, _ = found
    both = np.unique(np.concatenate((codes << np.uint64(9), keys << np.uint64(9))) | np.concatenate((numbers, pair_numbers)))  # (key, report), sorted
    term_keys = both >> np.uint64(9)
    holders = (both & np.uint64(511)).astype(np.int64)
    bounds = np.flatnonzero(np.concatenate(([True], term_keys[1:] != term_keys[:-1], [True])))
    sets = {}
    for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        encoded = encode_set(holders[start:end], size)
        sets[_term(int(term_keys[start]))] = _varint(len(encoded)) + encoded
    return dict(sorted(sets.items()))


def _pair_buckets(found: tuple[np.ndarray, ...]) -> int:
    """How many files a shard's positions go into (:data:`PAIR_FILE_BYTES`): a power of two from 1 to 4,096."""
    positions = found[4]
    size = 6 * len(positions)  # a position, and (at most) a report's number and count each
    buckets = 1
    while size / buckets > PAIR_FILE_BYTES and buckets < 4096:
        buckets *= 2
    return buckets


def _positions(found: tuple[np.ndarray, ...], pair_buckets: int) -> Iterator[tuple[int, bytes]]:
    """The files ``p/<bucket>.bin`` of a shard (:func:`_pairs`): (bucket, bytes), in the order of buckets (the layout is in the module's docstring)."""
    _, _, keys, numbers, positions = found
    width = 2 if not len(positions) or int(positions.max()) < 0xFFFF else 4
    distinct, which = np.unique(keys, return_inverse=True)
    buckets = np.fromiter((bucket_of(_term(key), pair_buckets) for key in distinct.tolist()), dtype=np.int64, count=len(distinct))
    order = np.lexsort((distinct, buckets))  # the pairs by bucket, then by key
    rank = np.empty(len(order), dtype=np.uint64)
    rank[order] = np.arange(len(order), dtype=np.uint64)
    every = np.sort((rank[which] << np.uint64(41)) | (numbers << np.uint64(32)) | positions)
    entries, first, counts = np.unique(every >> np.uint64(32), return_index=True, return_counts=True)  # (pair, report)
    entry_ranks = entries >> np.uint64(9)
    pair_starts = np.searchsorted(entry_ranks, np.arange(len(order) + 1, dtype=np.uint64))
    sorted_buckets = buckets[order]
    sorted_keys = distinct[order]
    bucket_starts = np.searchsorted(sorted_buckets, np.arange(pair_buckets + 1))
    unsigned = "<u2" if width == 2 else "<u4"
    for bucket in range(pair_buckets):
        low, high = int(bucket_starts[bucket]), int(bucket_starts[bucket + 1])
        if low == high:
            continue
        entry_low, entry_high = int(pair_starts[low]), int(pair_starts[high])
        position_low = int(first[entry_low])
        position_high = int(first[entry_high]) if entry_high < len(first) else len(every)
        pair_keys = sorted_keys[low:high]
        out = [
            b"RPP2", bytes((width, 0, 0, 0)), np.uint32(high - low).tobytes(),
            np.stack(((pair_keys >> np.uint64(32)), pair_keys & np.uint64(0xFFFFFFFF)), axis=1).astype("<u4").tobytes(),
            (pair_starts[low : high + 1] - entry_low).astype("<u4").tobytes(),
            (entries[entry_low:entry_high] & np.uint64(511)).astype("<u2").tobytes(),
            counts[entry_low:entry_high].astype(unsigned).tobytes(),
            (every[position_low:position_high] & np.uint64(0xFFFFFFFF)).astype(unsigned).tobytes(),
        ]
        yield bucket, b"".join(out)


def _varint(number: int) -> bytes:
    if number < 0x80:
        return _SMALL[number]
    out = bytearray()
    while number > 0x7F:
        out.append((number & 0x7F) | 0x80)
        number >>= 7
    out.append(number)
    return bytes(out)


_SMALL = [bytes((number,)) for number in range(0x80)]


def encode_set(numbers: np.ndarray, size: int) -> bytes:
    """A set of a shard's report numbers (ascending): a list of ``uint16`` or a bit map, whichever is shorter."""
    if 2 * len(numbers) <= (size + 7) // 8:
        return b"\0" + numbers.astype("<u2").tobytes()
    bits = np.zeros(size, dtype=bool)
    bits[numbers] = True
    return b"\1" + np.packbits(bits, bitorder="little").tobytes()


def bucket_of(term: str, buckets: int) -> int:
    """The bucket of a term among ``buckets``: CRC-32 of its UTF-8 (search.js computes the same)."""
    return zlib.crc32(term.encode("utf-8")) % buckets


# ---------------------------------------------------------------- the shards


def _files_under(top: str, skip: str = "") -> Iterator[str]:
    """Every file under the folder ``top``, relative to it, with ``/``; not those in its folder named ``skip``."""
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(top, relative) if relative else top) as found:
            for item in found:
                inside = f"{relative}/{item.name}" if relative else item.name
                if item.is_dir(follow_symlinks=False):
                    if inside != skip:
                        pending.append(inside)
                else:
                    yield inside


def shards(pages: Sequence[SearchedPage], sharding: Sharding) -> list[tuple[SearchedPage, ...]]:
    """``pages`` cut into consecutive groups; a cut depends only on the paths around it.

    A page starts a new group when the group before it holds ``most`` pages, or at least
    ``least`` pages and the page's path hashes to a multiple of ``spread``.  So a report
    added, removed or changed moves the cuts of its own group at most: every other group
    keeps its pages, and so its key.
    """
    groups: list[tuple[SearchedPage, ...]] = []
    current: list[SearchedPage] = []
    for page in pages:
        if current and (len(current) >= sharding.most or (len(current) >= sharding.least and _cuts(page.path, sharding.spread))):
            groups.append(tuple(current))
            current = []
        current.append(page)
    if current or not groups:
        groups.append(tuple(current))
    return groups


def _cuts(path: str, spread: int) -> bool:
    """Whether ``path`` may start a shard."""
    return int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:8], "big") % spread == 0


def shard_key(group: Sequence[SearchedPage]) -> str:
    """The name of a shard in the cache: the hash of all it is made from."""
    made_of = hashlib.sha256(f"{INDEX_FORMAT}\0".encode())
    for page in group:
        made_of.update(f"{page.path}\0{page.digest}\n".encode())
    return made_of.hexdigest()[:32]


def _publish(store: Path, kept: Sequence[tuple[str, dict[str, list]]], target: Path, live: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Bring the bundle in ``target`` up to date with the shards ``kept`` (key, manifest), in place; what it added and removed.

    The index is switched by one rename, that of ``index.json``: everything it names is in
    place before it, and nothing the index before it named is removed until after it.  A
    shard's folder is named by its key and the term buckets' and filters' folders by the hash
    of their files, so a folder of either is never changed once published: a shard already
    published (``live``) stays as it is, one new to the bundle is linked from the cache into a
    work folder and renamed into place, and a folder of term buckets or filters the bundle
    already holds is the very one wanted.  So after an edit only the new shard and the joined
    files are written, and readers of the site see the index before the edit or after it,
    never a mix.  A killed build leaves at most folders the index does not name, which the
    next one removes.  The bundle holds the same bytes, whatever it held before.
    """
    target.mkdir(parents=True, exist_ok=True)
    added = []
    for key, files in kept:
        if key not in live:
            _link_shard(store / key, files, target / key)
            added.append(key)
    joined = _joined(store, kept)
    versions = {}
    for name, made in (("t", joined.terms), ("f", joined.filters)):
        versions[name] = _version(made)
        if _add_folder(target / name, versions[name], made):
            added.append(f"{name}/{versions[name]}")
    index = {"format": INDEX_FILE_FORMAT, **{name: f"{name}/{version}/" for name, version in versions.items()}}
    index.update(buckets=joined.buckets, reports=joined.reports, shards=joined.shards, filters=joined.shown)
    write_whole(target / "index.json", json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
    wanted = {key for key, _ in kept} | {"t", "f", "index.json"}
    removed = [name for name in os.listdir(target) if name not in wanted]
    for name, version in versions.items():
        removed += [f"{name}/{inside}" for inside in os.listdir(target / name) if inside != version]
    for name in removed:
        _remove(target / name)
    return tuple(sorted(added)), tuple(sorted(removed))


@dataclass(frozen=True)
class Published:
    """What :func:`index_site` changed in the bundle: how many shards it made anew, and the entries it added and removed."""

    made: int
    added: tuple[str, ...]
    """Paths relative to the bundle (a shard's folder, a folder of term buckets or of filters), each new with all it holds."""
    removed: tuple[str, ...]
    """Paths relative to the bundle, removed with all they held (``index.json`` is replaced, never listed)."""


def _link_shard(source: Path, files: dict[str, list], folder: Path) -> None:
    """Publish a kept shard at ``folder``: its files linked into a work folder beside it, which is then renamed into place."""

    def fill(work: Path) -> None:
        for inside in ("d", "p"):
            os.makedirs(os.path.join(work, inside))
        for inside in files:
            if inside not in UNPUBLISHED:
                link_or_copy(os.path.join(source, inside), os.path.join(work, inside))

    _into_place(folder, fill)  # a folder no index named (a killed build's) is replaced: its name says it holds the same, but it may be half removed


def _add_folder(parent: Path, version: str, files: dict[str, bytes]) -> bool:
    """``files`` as the folder ``parent/version``, written whole beside it and renamed into place; False if it is there already."""
    folder = parent / version
    if folder.is_dir():
        return False  # named by the hash of its files, and only ever renamed into place whole

    def fill(work: Path) -> None:
        for name, data in files.items():
            (work / name).write_bytes(data)

    _into_place(folder, fill)
    return True


def _into_place(folder: Path, fill: Callable[[Path], None]) -> None:
    """``folder`` made whole: ``fill`` a work folder beside it, then rename it into place (whatever was at ``folder`` first removed: no index names it)."""
    work = folder.with_name(f".new-{folder.name}-{os.getpid()}")
    _remove(work)
    work.mkdir(parents=True)
    fill(work)
    _remove(folder)
    os.replace(work, folder)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _version(files: dict[str, bytes]) -> str:
    """The name of a folder holding ``files``: the hash of their names and bytes."""
    made_of = hashlib.sha256()
    for name in sorted(files):
        made_of.update(f"{name}\0{len(files[name])}\0".encode())
        made_of.update(files[name])
    return made_of.hexdigest()[:16]


@dataclass(frozen=True)
class _Joined:
    """What the shards make together."""

    terms: dict[str, bytes]
    """The term buckets' files by name (``<bucket>.bin``)."""
    buckets: int
    filters: dict[str, bytes]
    """The filters' files by name (``<filter>-<value>.json``)."""
    shown: dict[str, list[list[object]]]
    """Each filter's values with their counts, for ``index.json``."""
    shards: list[list[object]]
    """Each shard's key, reports and files of positions, for ``index.json``."""
    reports: int


def _joined(store: Path, kept: Sequence[tuple[str, dict[str, list]]]) -> _Joined:
    """Join the kept shards ``kept`` (key, manifest) into the term buckets, the filters and the list of shards."""
    terms: dict[str, list[bytes]] = {}  # per shard holding it: varint (shard − the previous), the set after its length
    last: dict[str, int] = {}
    filters: dict[str, dict[str, list[int]]] = {name: {} for name in FILTERS}
    listed: list[list[object]] = []
    offset = 0
    for number, (key, files) in enumerate(kept):
        source = os.path.join(store, key)
        with open(os.path.join(source, TERMS_FILE), "rb") as file:
            for term, entry in pickle.load(file).items():  # our own cache, checked against its manifest
                found = terms.get(term)
                if found is None:
                    terms[term] = [_varint(number), entry]
                else:
                    found += (_varint(number - last[term]), entry)
                last[term] = number
        count = sum(1 for inside in files if inside.startswith("d/"))
        about = json.loads(Path(source, SHARD_FILE).read_text(encoding="utf-8"))
        for name, values in about["filters"].items():
            for value, numbers in values.items():
                filters[name].setdefault(value, []).extend(offset + local for local in numbers)
        listed.append([key, count, about["pairs"]])
        offset += count
    records = {term: b"".join(pieces) for term, pieces in terms.items()}
    total = sum(len(term) * 3 + len(record) for term, record in records.items())
    buckets = 1
    while total / buckets > TERM_BUCKET_BYTES and buckets < 65536:
        buckets *= 2
    spread: dict[int, list[str]] = {}
    for term in sorted(terms):
        spread.setdefault(bucket_of(term, buckets), []).append(term)
    bucket_files: dict[str, bytes] = {}
    for bucket, names in spread.items():
        out = bytearray(b"RPT1")
        for term in names:
            name = term.encode("utf-8")
            out += _varint(len(name)) + name + _varint(len(terms[term]) // 2) + records[term]
        bucket_files[f"{bucket}.bin"] = bytes(out)
    filter_files: dict[str, bytes] = {}
    shown: dict[str, list[list[object]]] = {}
    for place, name in enumerate(FILTERS):
        values = sorted(filters[name], key=lambda value: (-int(value) if name == "年份" and value.isdigit() else 0, value))
        shown[name] = [[value, len(filters[name][value])] for value in values]
        for number, value in enumerate(values):
            holding = sorted(filters[name][value])
            gaps = [holding[0]] + [after - before for before, after in itertools.pairwise(holding)]
            filter_files[f"{place}-{number}.json"] = json.dumps(gaps, separators=(",", ":")).encode("utf-8")
    return _Joined(bucket_files, buckets, filter_files, shown, listed, offset)


# ---------------------------------------------------------------- the cache


def _read_json(path: Path) -> dict:
    """A JSON object kept in the search cache; empty if it is missing or damaged."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_json(path: Path, value: object) -> None:
    """Write a JSON file of the search cache whole (a temporary file, then a rename)."""
    write_whole(path, json.dumps(value, separators=(",", ":")).encode("utf-8"))


def _write_manifest(folder: Path) -> dict[str, list]:
    """Record every file of a freshly made shard (see :func:`_intact`); the record."""
    files = {}
    top = str(folder)
    for inside in sorted(_files_under(top)):
        path = os.path.join(top, inside)
        info = os.stat(path)
        files[inside] = [info.st_size, info.st_mtime_ns, _sha256_of(path)]
    (folder / MANIFEST).write_text(json.dumps(files, separators=(",", ":")), encoding="utf-8")
    return files


def _sha256_of(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def _intact(shard: Path, only: Sequence[str] | None = None) -> dict[str, list] | None:
    """A kept shard's manifest if it holds exactly the files it was made with, else ``None``.

    A file whose size and time are as recorded counts as unchanged; one whose time differs
    (a cache restored by CI's tar, a copy) is read and compared by its hash.  Anything else
    (a file changed, missing or added, no manifest) and the shard is dropped, to be made anew.
    With ``only``, just those of its files are checked (those of a shard whose published files
    are in the output already, checked with it: :func:`reformpress.incremental.uptodate.output_intact`).
    """
    try:
        files: dict[str, list] = json.loads((shard / MANIFEST).read_text(encoding="utf-8"))
        top = str(shard)
        if only is None and set(_files_under(top)) - {MANIFEST} != set(files):
            raise ValueError("files added or missing")
        for inside, (size, when, sha) in (files.items() if only is None else ((name, files[name]) for name in only)):
            path = os.path.join(top, inside)
            info = os.stat(path)
            if info.st_size != size or (info.st_mtime_ns != when and _sha256_of(path) != sha):
                raise ValueError(f"{inside} changed")
    except (OSError, ValueError, TypeError, KeyError):
        if shard.exists():
            shutil.rmtree(shard, ignore_errors=True)
        return None
    return files


def _published_shards(bundle: Path) -> set[str]:
    """The shards the index in ``bundle`` names, whose folders are there (none if it has no readable index)."""
    try:
        index = json.loads((bundle / "index.json").read_text(encoding="utf-8"))
        if index.get("format") != INDEX_FILE_FORMAT:
            return set()
        return {str(shard[0]) for shard in index["shards"] if (bundle / str(shard[0])).is_dir()}
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return set()


def _prune(store: Path, used: set[str]) -> None:
    """Drop kept shards no build needs: keep this build's, and as many others, the most recently made.

    The others serve a second output folder of the same site (a preview beside the build)
    and an edit that is undone.
    """
    others = [path for path in store.iterdir() if path.is_dir() and not path.name.startswith(".") and path.name not in used]
    others.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for path in others[len(used) :]:
        shutil.rmtree(path, ignore_errors=True)
    for key in used:
        os.utime(store / key)


def _remove_leftovers(store: Path) -> None:
    """Remove the work folders of builds killed while indexing (those older than an hour)."""
    for path in store.glob(".work-*"):
        try:
            if time.time() - path.stat().st_mtime > LEFTOVER_AGE:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass
