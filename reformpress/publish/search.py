"""Site search: Pagefind's index of the published articles, in shards, built as the last step.

Pagefind (``pagefind[extended]``, whose extended binary segments Chinese) reads finished
pages and writes an index.  It holds every page of a run in memory until it writes (about
0.55 MB a Chinese report, so 2.8 GB at 5,000 reports) and its time grows with the pages it
reads, so one run over a whole archive is both the slowest and the largest step of a build,
and one edited report would cost a run over all of them.  So the articles are indexed in
**shards**:

- The pages that carry ``data-pagefind-body`` (the articles, see templates/article.html)
  are taken in the order of their paths and cut into groups of a few hundred
  (:func:`shards`).  Where a group ends depends only on the paths near the cut
  (content-defined, like rsync's chunks): adding, removing or editing a report changes one
  group and leaves the others as they were.
- Each group is indexed by its own Pagefind run, over a small folder holding links to just
  those pages (:func:`_start_shard`); groups are indexed side by side up to ``jobs`` at a time.
- A group's index depends only on its pages' paths and bytes and on the Pagefind release,
  so it is kept in ``.cache/search/<key>/`` under the hash of those
  (:func:`shard_key`): a group whose pages did not change is not indexed again.
- The first group's index is the bundle (``pagefind/``, with Pagefind's scripts); every
  other group's data goes into ``pagefind/<key>/``, listed in ``pagefind/shards.json``.
  The search page merges them into one search with Pagefind's ``mergeIndex``
  (templates/static/search.js): one ranked list, and filters counted across all shards.

The index is made over the complete staging folder before that folder is swapped in (see
:meth:`reformpress.publish.output.Staging.commit`), so ``output/`` is never half-indexed, and a
failing indexer leaves the previous site as it was.  Pagefind writes some files in a random
order; :mod:`reformpress.publish.pagefind_files` rewrites them so that two builds of one site stay
byte-identical, and so is the whole bundle, whatever the cache held.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .. import urls
from ..problems import BuildFailed, problem
from .output import link_or_copy, write_whole
from .pagefind_files import SUPPORTED, UnexpectedIndex, canonicalise_index

PAGEFIND_MODULES: tuple[str, ...] = ("pagefind", "pagefind_bin_extended")
"""What ``pip install 'pagefind[extended]'`` installs; without the extended binary Chinese is not segmented."""
INDEX_TIMEOUT = 600
"""Seconds one Pagefind run (one shard, at most :attr:`Sharding.most` pages: ≈ 4 s) may take."""
SHARDS_FILE = "shards.json"
"""In the bundle: the folders of the shards after the first, for the search page to merge."""
INDEX_FORMAT = "reformpress-shard-1"
"""Part of every shard's key: changed when what this module puts into a shard changes."""
BODY_MARK = b"data-pagefind-body"
"""The attribute of the element Pagefind indexes (templates/article.html)."""
DATA_ONLY = ("pagefind-entry.json", ".pf_meta", "index/", "fragment/", "filter/")
"""What a merged shard needs of Pagefind's output (the first shard's scripts and wasm serve all)."""
PAGES_FILE = "pages.json"
"""In the search cache: what :func:`searched_pages` saw of each page last time."""
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
    """Pages a shard holds at most: bounds one Pagefind run's memory (≈ 0.55 MB a page) and time."""


SHARDING = Sharding(least=120, spread=120, most=360)
"""About 240 pages a shard (22 at 5,000 reports): ≈ 150 MB and 1.5–2.5 s of Pagefind each, so an edit waits
a few seconds for its shard, and a search in the browser loads 22 small indexes (bench/search_browser.py)."""


@dataclass(frozen=True)
class SearchedPage:
    """A page of the site that Pagefind indexes."""

    path: str
    """Relative to the site folder, with ``/``."""
    digest: str
    """SHA-256 of its bytes."""


def pagefind_binary() -> Path | None:
    """The Pagefind executable of the installed ``pagefind[extended]`` wheel, or ``None`` if it is missing.

    Found the way ``python -m pagefind`` finds it (``PAGEFIND_BINARY_PATH`` first), but run
    directly: that saves starting a second Python (≈ 0.2 s a run).
    """
    if any(importlib.util.find_spec(name) is None for name in PAGEFIND_MODULES):
        return None
    from pagefind.service import get_executable

    return get_executable()


def pagefind_version() -> str:
    """The installed Pagefind: its release and the size of its executable (part of every shard's key).

    Not its path or time: a cache restored on another machine (CI) serves the same release.
    """
    try:
        release = importlib.metadata.version("pagefind_bin_extended")
    except importlib.metadata.PackageNotFoundError:
        release = "unknown"
    binary = pagefind_binary()
    try:
        size = binary.stat().st_size if binary is not None else 0
    except OSError:
        size = 0
    return f"{release}/{size}"


def index_site(folder: Path, bundle: Path | None = None, *, cache: Path | None = None, jobs: int = 1, sharding: Sharding | None = None) -> int:
    """Write the search index of the site in ``folder`` into ``folder/pagefind/`` (or ``bundle``); how many shards were indexed anew.

    ``cache`` is the folder of kept shards (``.cache/search``; ``None``: keep none).  Raises
    BuildFailed if Pagefind is missing or fails.  The bundle is the same, byte for byte, for
    the same pages, whatever ``cache`` holds and whatever ``jobs`` is.
    """
    target = bundle or folder / urls.SEARCH_BUNDLE
    if pagefind_binary() is None:
        raise BuildFailed([problem("search-tool-missing", urls.search_bundle_url())])
    known = _read_json(cache / PAGES_FILE) if cache is not None else None
    groups = shards(searched_pages(folder, known), sharding or SHARDING)
    version = pagefind_version()
    keys = [_key(group, version) for group in groups]
    store = cache if cache is not None else target.with_name(f".{target.name}.shards-{os.getpid()}")
    store.mkdir(parents=True, exist_ok=True)
    try:
        if cache is not None:
            _remove_leftovers(store)
        manifests = {key: _intact(store / key) for key in keys}
        wanted = {key: group for key, group in zip(keys, groups, strict=True) if manifests[key] is None}
        _make_shards(folder, wanted, store, max(1, jobs), _lang_of(folder))
        _assemble(store, [(key, manifests[key] or _manifest(store / key)) for key in keys], target)
        if cache is not None:
            _prune(store, set(keys))
            _write_json(store / PAGES_FILE, known)
    finally:
        if cache is None:
            shutil.rmtree(store, ignore_errors=True)
    return len(wanted)


def searched_pages(folder: Path, known: dict[str, list] | None = None) -> list[SearchedPage]:
    """The pages of the site in ``folder`` that Pagefind indexes, in the order of their paths.

    ``known`` (path → [device, inode, size, time, digest or ``""`` for a page not indexed])
    saves reading the pages that are the very files seen last time (a page is never written in
    place: every writer replaces it by a new file); it is brought up to date.
    """
    pages = []
    top = str(folder)
    seen: dict[str, list] = {}
    for relative in _files_under(top, skip=urls.SEARCH_BUNDLE):
        if not relative.endswith(".html"):
            continue
        path = os.path.join(top, relative)
        info = os.stat(path)
        stamp = [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]
        before = known.get(relative) if known is not None else None
        if before is not None and before[:4] == stamp:
            digest = before[4]
        else:
            with open(path, "rb") as file:
                data = file.read()
            digest = hashlib.sha256(data).hexdigest() if _indexed(data) else ""
        seen[relative] = [*stamp, digest]
        if digest:
            pages.append(SearchedPage(relative, digest))
    if known is not None:
        known.clear()
        known.update(seen)
    pages.sort(key=lambda page: page.path)
    return pages


def _indexed(page: bytes) -> bool:
    """Whether a page has an element marked ``data-pagefind-body`` (markup, not text: text has ``&lt;`` for ``<``)."""
    at = page.find(BODY_MARK)
    while at > 0:
        if page[at - 1 : at] in (b" ", b"\n", b"\t") and page.rfind(b"<", 0, at) > page.rfind(b">", 0, at) and page[at + len(BODY_MARK) : at + len(BODY_MARK) + 1] in b" =/>\n\t":
            return True
        at = page.find(BODY_MARK, at + 1)
    return False


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
    """The name of a shard's index in the cache: the hash of all it is made from."""
    return _key(group, pagefind_version())


def _key(group: Sequence[SearchedPage], version: str) -> str:
    made_of = hashlib.sha256(f"{INDEX_FORMAT}\0{version}\0".encode())
    for page in group:
        made_of.update(f"{page.path}\0{page.digest}\n".encode())
    return made_of.hexdigest()[:32]


@dataclass
class _Run:
    """One shard's Pagefind, running."""

    key: str
    work: Path
    process: subprocess.Popen[bytes]
    log: Path


def _make_shards(folder: Path, wanted: dict[str, tuple[SearchedPage, ...]], store: Path, jobs: int, lang: str) -> None:
    """Index each group of ``wanted`` into ``store/<key>/``, up to ``jobs`` Pagefind processes at a time.

    The processes are started from the calling thread and waited for in turn (no helper
    threads: a ``serve`` stopped mid-index exits at once, its Pagefinds with it).  If one fails,
    the others are stopped and the error is raised.
    """
    pending = list(wanted.items())
    running: list[_Run] = []
    try:
        while pending or running:
            while pending and len(running) < jobs:
                key, group = pending.pop(0)
                running.append(_start_shard(folder, group, store, key, lang))
            _finish_shard(running.pop(0), store)
    finally:
        for run in running:
            run.process.kill()
            run.process.wait()
            shutil.rmtree(run.work, ignore_errors=True)


def _start_shard(folder: Path, group: Sequence[SearchedPage], store: Path, key: str, lang: str) -> _Run:
    """Link the group's pages into a work folder and start Pagefind over them."""
    work = store / f".work-{key}-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    site = work / "site"
    try:
        site.mkdir(parents=True)
        for page in group:
            _link(folder / page.path, site / page.path)
        if not group:  # no report is published: an index with one blank page, so that the search page still loads
            (site / "index.html").write_text(f'<!doctype html><html lang="{lang}"><body data-pagefind-body></body></html>', encoding="utf-8")
        log = work / "pagefind.log"
        with log.open("wb") as output:  # a file, not a pipe: nothing to read while the others run
            process = _start_pagefind(site, work / "index", output)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return _Run(key, work, process, log)


def _finish_shard(run: _Run, store: Path) -> None:
    """Wait for a shard's Pagefind; canonicalise its index and put it at ``store/<key>/`` whole."""
    index = run.work / "index"
    try:
        _wait_pagefind(run.process, run.log, index)
        try:
            canonicalise_index(index)
        except UnexpectedIndex as error:
            raise BuildFailed([problem("search-index-unexpected", urls.search_bundle_url(), detail=str(error), supported=SUPPORTED)]) from None
        _write_manifest(index)
        try:
            os.replace(index, store / run.key)
        except OSError:  # another build of the same site made it meanwhile
            if not (store / run.key).is_dir():
                raise
    finally:
        shutil.rmtree(run.work, ignore_errors=True)


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


def _link(source: Path, target: Path) -> None:
    """Put ``source`` at ``target``, making its folder: a hard link where the file system allows, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    link_or_copy(source, target)


def _lang_of(folder: Path) -> str:
    """The language of the site's home page (what Pagefind would read there), ``zh-CN`` if it says none."""
    try:
        head = (folder / "index.html").read_bytes()[:2000]
    except OSError:
        return "zh-CN"
    found = re.search(rb'<html[^>]*\slang="([A-Za-z0-9-]+)"', head)
    return found.group(1).decode() if found else "zh-CN"


def _assemble(store: Path, shards: Sequence[tuple[str, dict[str, list]]], target: Path) -> None:
    """Put the shards' indexes into the bundle: the first whole, the others' data into ``<key>/``.

    Hard links to the kept files where the file system allows (a copy takes five times as
    long: at 5,000 reports, 2 s for 5,800 files).  Nothing writes an output file in place
    (every writer replaces it), and a kept shard is checked against its manifest before each
    use (:func:`_intact`), so a hand edit of a linked file is found, not published again.
    """
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    parts = []
    for number, (key, files) in enumerate(shards):
        source, part = os.path.join(store, key), os.path.join(target, key) if number else str(target)
        made: set[str] = set()
        for inside in files:
            if number == 0 or any(inside.startswith(name) or inside.endswith(name) for name in DATA_ONLY):
                folder = os.path.dirname(os.path.join(part, inside))
                if folder not in made:
                    os.makedirs(folder, exist_ok=True)
                    made.add(folder)
                link_or_copy(os.path.join(source, inside), os.path.join(part, inside))
        if number:
            parts.append(f"{key}/")
    (target / SHARDS_FILE).write_text(json.dumps({"shards": parts}, separators=(",", ":")) + "\n", encoding="utf-8")


MANIFEST = ".files.json"
"""In a kept shard: each of its files with its size, time and SHA-256, to check it before use."""


def _write_manifest(index: Path) -> None:
    """Record every file of a freshly made shard (see :func:`_intact`)."""
    files = {}
    for path in sorted(index.rglob("*")):
        if path.is_file():
            info = path.stat()
            files[path.relative_to(index).as_posix()] = [info.st_size, info.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()]
    (index / MANIFEST).write_text(json.dumps(files, separators=(",", ":")), encoding="utf-8")


def _sha256_of(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def _manifest(shard: Path) -> dict[str, list]:
    """A kept shard's files (see :func:`_write_manifest`)."""
    files: dict[str, list] = json.loads((shard / MANIFEST).read_text(encoding="utf-8"))
    return files


def _intact(shard: Path) -> dict[str, list] | None:
    """A kept shard's manifest if it holds exactly the files it was made with, else ``None``.

    A file whose size and time are as recorded counts as unchanged; one whose time differs
    (a cache restored by CI's tar, a copy) is read and compared by its hash.  Anything else
    (a file changed, missing or added, no manifest) and the shard is dropped, to be made anew.
    """
    try:
        files = _manifest(shard)
        top = str(shard)
        if set(_files_under(top)) - {MANIFEST} != set(files):
            raise ValueError("files added or missing")
        for inside, (size, when, sha) in files.items():
            path = os.path.join(top, inside)
            info = os.stat(path)
            if info.st_size != size or (info.st_mtime_ns != when and _sha256_of(path) != sha):
                raise ValueError(f"{inside} changed")
    except (OSError, ValueError, TypeError):
        if shard.exists():
            shutil.rmtree(shard, ignore_errors=True)
        return None
    return files


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


def _die_with_parent() -> None:  # runs in the child between fork and exec
    """Linux: the indexer gets SIGKILL when the build process dies (even by ``kill -9``).

    Otherwise an orphaned Pagefind would go on writing into a staging folder that the next
    build has already removed, leaving a half-made folder behind.
    """
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _start_pagefind(folder: Path, bundle: Path, output: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start Pagefind over the site in ``folder``, writing its index into ``bundle`` and its messages to ``output``."""
    where = urls.search_bundle_url()
    binary = pagefind_binary()
    if binary is None:
        raise BuildFailed([problem("search-tool-missing", where)])
    command = [str(binary), "--site", str(folder), "--output-path", str(bundle.resolve()), "--silent"]
    try:
        # the pre-exec function only calls prctl: it takes no lock, so threads elsewhere cannot deadlock it
        dying = _die_with_parent if sys.platform == "linux" else None
        return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, preexec_fn=dying)  # noqa: PLW1509
    except OSError as error:
        raise BuildFailed([problem("search-index-failed", where, detail=str(error))]) from error


def _wait_pagefind(process: subprocess.Popen[bytes], log: Path, bundle: Path) -> None:
    """Wait for a Pagefind started by :func:`_start_pagefind`; raise BuildFailed, with its last words, if it failed."""
    where = urls.search_bundle_url()
    try:
        code = process.wait(timeout=INDEX_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise BuildFailed([problem("search-index-failed", where, detail=f"Pagefind > {INDEX_TIMEOUT} s")]) from None
    if code != 0 or not (bundle / "pagefind.js").is_file():
        lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
        raise BuildFailed([problem("search-index-failed", where, detail=" / ".join(lines[-3:]) or f"Pagefind exit code {code}")])


def run_pagefind(folder: Path, bundle: Path | None = None) -> None:
    """Run Pagefind over the site in ``folder``: its index, as Pagefind writes it, in ``folder/pagefind/`` (or ``bundle``); raise BuildFailed if that fails."""
    bundle = bundle or folder / urls.SEARCH_BUNDLE
    log = bundle.with_name(f".{bundle.name}.{os.getpid()}.log")
    try:
        with log.open("wb") as output:
            process = _start_pagefind(folder, bundle, output)
        _wait_pagefind(process, log, bundle)
    finally:
        log.unlink(missing_ok=True)
