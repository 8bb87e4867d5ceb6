"""Is output/ already exactly what a build would write?  Answered in a fraction of a second.

A build is a pure function of its inputs (content/, templates/, site.yaml), the engine and
library versions, its options, and — for scheduled items only — the present.  After every
successful build we record:

* the *fingerprint* of the engine, libraries and options (base URL, drafts, future, search,
  output folder);
* a *snapshot* of every input file's metadata, taken **before** the build read anything (a
  file saved during the build therefore differs from its snapshot, and the next build runs);
* the first date at which a scheduled item left out of the build would be due;
* the stamp of every file and folder of the output as published (a file edited, added or
  removed in output/ by hand changes its stamp or its folder's).

The next build compares those with the disk and, if nothing differs, has nothing to do.
File metadata is trusted with Git's "racy clean" rule (:data:`reformpress.incremental.cache.RACY_SECONDS`):
a file changed moments before it was looked at could change again within the same clock tick
unseen, so any such file means "not known to be up to date" and the full build runs; so does
any doubt at all (no record, another version, a damaged cache).  A full build is always right,
this check only ever says "nothing to do" when that is certain.

This module imports nothing heavy, so the command line answers before loading the engine.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from stat import S_ISDIR, S_ISLNK

from ..publish.output import MARKER
from ..text import dates
from . import cache as _cache
from .cache import CACHE_DIR, CACHE_FILE, Cache, code_version, digest
from .kinds import STATE_KIND

INPUTS = ("content", "templates", "site.yaml", "images")
"""What a build reads under the site root (everything else there is derived or ignored); ``images/`` holds the site's own pictures (the 党政机关网站标识)."""

Stamp = tuple[int, int, int]
"""(inode, size, modification time in ns)."""


@dataclass(frozen=True)
class BuildState:
    """What one successful build was made from and what it left in the output folder."""

    fingerprint: str
    inputs: str | None
    """Digest of the snapshot of the input files (names and metadata); ``None``: some were too fresh to trust."""
    due: str | None
    """ISO time (site time zone) at which the first scheduled item left out becomes due."""
    timezone: str
    files: OutputStamps
    """Every file and folder of the output."""


def fingerprint(output: Path, base_url: str | None, drafts: bool, future: bool, search: bool) -> str:
    """Everything besides the input files that decides what a build writes.

    :func:`~reformpress.incremental.cache.code_version` covers the engine, Python and the libraries that shape
    pages; the indexer's version counts only for a build with the search index.
    """
    indexer: tuple[str, ...] = ()
    if search:  # the search module is loaded only for a build that has the index
        from ..publish.search import INDEXER_MODULES as indexer
    versions = []
    for name in indexer:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return digest(code_version(), *versions, str(output.resolve()), base_url or "", drafts, future, search)


@dataclass(frozen=True)
class Inputs:
    """The metadata of every input file and folder at one moment (see :func:`look`)."""

    entries: dict[str, str]
    """Path relative to the site root → its metadata, in walking order (folders before what they hold)."""
    racy: frozenset[str]
    """Paths changed too recently for their metadata to be trusted (Git's racy-clean rule)."""

    @property
    def digest(self) -> str | None:
        """Digest of all entries, or ``None`` if one is too fresh to trust."""
        if self.racy:
            return None
        return digest("\n".join(f"{path}\0{meta}" for path, meta in self.entries.items()))


def look(root: Path) -> Inputs:
    """The metadata of every input file and folder, and which of them are too fresh to trust."""
    now = time.time_ns()
    racy_ns = int(_cache.RACY_SECONDS * 1e9)
    entries: dict[str, str] = {}
    racy: set[str] = set()
    for name in INPUTS:
        _walk(root, name, entries, racy, now - racy_ns)
    return Inputs(entries, frozenset(racy))


def _walk(root: Path, relative: str, entries: dict[str, str], racy: set[str], settled: int) -> None:
    """Add ``relative`` (and, for a folder, everything inside it) to ``entries``; those changed after ``settled`` also to ``racy``."""
    path = os.path.join(root, relative)
    try:
        link = os.lstat(path)
        stat = os.stat(path) if S_ISLNK(link.st_mode) else link
    except FileNotFoundError:
        entries[relative] = "missing"
        return
    except OSError:
        entries[relative] = "unreadable"
        return
    if max(link.st_mtime_ns, link.st_ctime_ns, stat.st_mtime_ns, stat.st_ctime_ns) > settled:
        racy.add(relative)
    entries[relative] = f"{link.st_ino},{link.st_size},{link.st_mtime_ns},{link.st_ctime_ns}\0{stat.st_ino},{stat.st_size},{stat.st_mtime_ns},{stat.st_ctime_ns},{stat.st_mode}"
    if S_ISDIR(link.st_mode):
        try:
            names = sorted(os.listdir(path))
        except OSError:
            entries[relative] += "\0unlistable"
            return
        for child in names:
            _walk(root, f"{relative}/{child}", entries, racy, settled)


@dataclass(frozen=True)
class OutputStamps:
    """The stamp of every file and folder of an output folder, stored compactly.

    Paths are relative to the folder, folders end in ``/`` (the folder itself is ``/``), sorted.
    Two flat values rather than 40,000 tuples: they pickle and load in a few milliseconds.
    """

    paths: tuple[str, ...]
    stamps: bytes
    """(inode, size, modification time in ns) of each path, as signed 64-bit integers."""

    @classmethod
    def of(cls, found: dict[str, Stamp]) -> OutputStamps:
        paths = tuple(sorted(found))
        return cls(paths, array("q", [number for path in paths for number in found[path]]).tobytes())

    def items(self) -> Iterator[tuple[str, Stamp]]:
        numbers = array("q", self.stamps)
        for index, path in enumerate(self.paths):
            yield path, (numbers[3 * index], numbers[3 * index + 1], numbers[3 * index + 2])

    @property
    def files(self) -> int:
        """How many files (not folders) there are."""
        return sum(1 for path in self.paths if not path.endswith("/"))


def output_stamps(output: Path) -> OutputStamps:
    """The stamp of every file and folder under ``output``."""
    found: dict[str, Stamp] = {}
    pending = [""]
    while pending:
        relative = pending.pop()
        folder = os.path.join(output, relative) if relative else str(output)
        info = os.stat(folder)
        found[relative + "/" if relative else "/"] = (info.st_ino, info.st_size, info.st_mtime_ns)
        with os.scandir(folder) as entries:
            for entry in entries:
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                else:
                    info = entry.stat(follow_symlinks=False)
                    found[path] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return OutputStamps.of(found)


def restamp(output: Path, files: OutputStamps, changed: list[str]) -> OutputStamps:
    """``files`` after the files ``changed`` were replaced in place: their stamps and their folders' anew."""
    numbers = array("q", files.stamps)
    for path in changed:
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else "/"
        for name, where in ((path, output / path), (folder, output / folder.rstrip("/") if folder != "/" else output)):
            index = bisect_left(files.paths, name)
            if index == len(files.paths) or files.paths[index] != name:
                raise ValueError(f"{name} is not in the output's stamps")
            info = os.lstat(where)
            numbers[3 * index : 3 * index + 3] = array("q", (info.st_ino, info.st_size, info.st_mtime_ns))
    return OutputStamps(files.paths, numbers.tobytes())


def restamp_parts(output: Path, files: OutputStamps, folder: str, added: Sequence[str], removed: Sequence[str]) -> OutputStamps:
    """``files`` after entries of the subfolder ``folder`` were added and removed whole (``added``, ``removed``: relative to it) and its files replaced.

    What was removed is dropped with all it held, what was added is stamped with all it holds,
    and the folders on the way and the files directly in ``folder`` are stamped anew: the
    rest (the search index's shards an edit left alone) keeps its stamps without being read,
    and is copied over in slices, not path by path (at 50,000 reports the output has 340,000).
    """
    inside = folder.rstrip("/") + "/"
    paths = files.paths
    fresh: dict[str, Stamp] = {}
    for name in added:
        found = output_stamps(output / inside / name)
        fresh.update((f"{inside}{name}/{path}" if path != "/" else f"{inside}{name}/", stamp) for path, stamp in found.items())
    for parent in {inside, *(inside + name.rsplit("/", 1)[0] + "/" for name in [*added, *removed] if "/" in name)}:
        info = os.lstat(output / parent)
        fresh[parent] = (info.st_ino, info.st_size, info.st_mtime_ns)
    with os.scandir(output / inside) as entries:
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                fresh[inside + entry.name] = (info.st_ino, info.st_size, info.st_mtime_ns)
    dropped: list[tuple[int, int]] = []  # ranges of ``paths`` that go: what was removed or replaced, and what is stamped anew
    for name in (*removed, *added):
        whole = inside + name
        at = bisect_left(paths, whole)
        if at < len(paths) and paths[at] == whole:
            dropped.append((at, at + 1))
        dropped.append((bisect_left(paths, whole + "/"), bisect_left(paths, whole + "0")))  # "0" follows "/": all under it
    for path in fresh:
        at = bisect_left(paths, path)
        if at < len(paths) and paths[at] == path:
            dropped.append((at, at + 1))
    kept_paths: list[str] = []
    kept = array("q")
    numbers = array("q", files.stamps)
    start = 0
    for low, high in sorted(dropped):
        if low > start:
            kept_paths.extend(paths[start:low])
            kept.extend(numbers[3 * start : 3 * low])
        start = max(start, high)
    kept_paths.extend(paths[start:])
    kept.extend(numbers[3 * start :])
    out_paths: list[str] = []
    out = array("q")
    start = 0
    for path in sorted(fresh):
        at = bisect_left(kept_paths, path, lo=start)
        out_paths.extend(kept_paths[start:at])
        out.extend(kept[3 * start : 3 * at])
        out_paths.append(path)
        out.extend(fresh[path])
        start = at
    out_paths.extend(kept_paths[start:])
    out.extend(kept[3 * start :])
    return OutputStamps(tuple(out_paths), out.tobytes())


def output_intact(output: Path, files: OutputStamps) -> bool:
    """Whether every recorded file and folder of ``output`` still has its stamp (folders: nothing added or removed)."""
    base = str(output)
    lstat = os.lstat
    numbers = array("q", files.stamps)
    for index, path in enumerate(files.paths):
        try:
            info = lstat(base + "/" + path.rstrip("/") if path != "/" else base)
        except OSError:
            return False
        if info.st_ino != numbers[3 * index] or info.st_size != numbers[3 * index + 1] or info.st_mtime_ns != numbers[3 * index + 2]:
            return False
    return True


def record(cache: Cache, output: Path, state_fingerprint: str, inputs: str | None, due: datetime | None, timezone: str, files: OutputStamps) -> None:
    """Remember what the build that just published ``output`` (whose :func:`output_stamps` are ``files``) was made from.

    ``inputs`` is ``None`` when they were too fresh to trust: then the next build is never
    taken to be up to date (:mod:`reformpress.incremental.quick` still uses the stamps of the output).
    """
    state = BuildState(state_fingerprint, inputs, due.isoformat() if due else None, timezone, files)
    cache.put(STATE_KIND, str(output.resolve()), state)


@dataclass(frozen=True)
class UpToDate:
    """The answer when nothing needs doing."""

    files: int
    seconds: float


def up_to_date(root: Path, output: Path | None, base_url: str | None, drafts: bool, future: bool, search: bool, inputs: Inputs | None = None) -> UpToDate | None:
    """``UpToDate`` when the last build of ``output`` was made from exactly the present inputs and is untouched; else ``None``.

    ``inputs``: :func:`look` at the site's input files, if already done.

    Reads the cache without changing it (a full build still prunes and refills it).
    """
    started = time.perf_counter()
    output = (output or root / "output").resolve()
    state = _stored_state(root, output)
    if state is None or not (output / MARKER).is_file():
        return None
    if state.due is not None and dates.site_now(state.timezone) >= datetime.fromisoformat(state.due):
        return None
    if state.inputs is None or state.fingerprint != fingerprint(output, base_url, drafts, future, search) or state.inputs != (inputs or look(root)).digest:
        return None
    if not output_intact(output, state.files):
        return None
    return UpToDate(state.files.files, time.perf_counter() - started)


def _stored_state(root: Path, output: Path) -> BuildState | None:
    """The recorded state of ``output``, read-only; ``None`` on any doubt."""
    file = root / CACHE_DIR / CACHE_FILE
    if not file.is_file():
        return None
    try:
        db = _cache.read_only(file, timeout=5)
        try:
            rows = list(_cache.read_entries(db, STATE_KIND, [str(output)]))
        finally:
            db.close()
        state = pickle.loads(rows[0][1]) if rows else None
    except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return state if isinstance(state, BuildState) else None
