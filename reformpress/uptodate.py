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
File metadata is trusted with Git's "racy clean" rule (:data:`reformpress.cache.RACY_SECONDS`):
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
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

from . import cache as _cache
from .cache import CACHE_DIR, CACHE_FILE, Cache, code_version, digest
from .output import MARKER

STATE_KIND = "up-to-date"
"""Cache entries: absolute output folder → :class:`BuildState` of the build that wrote it."""

INPUTS = ("content", "templates", "site.yaml")
"""What a build reads under the site root (everything else there is derived or ignored)."""

Stamp = tuple[int, int, int]
"""(inode, size, modification time in ns)."""


@dataclass(frozen=True)
class BuildState:
    """What one successful build was made from and what it left in the output folder."""

    fingerprint: str
    inputs: str
    """Digest of the snapshot of the input files (names and metadata)."""
    due: str | None
    """ISO time (site time zone) at which the first scheduled item left out becomes due."""
    timezone: str
    files: tuple[tuple[str, Stamp], ...]
    """Every file and folder of the output (paths relative to it, folders ending in /)."""


def fingerprint(output: Path, base_url: str | None, drafts: bool, future: bool, search: bool) -> str:
    """Everything besides the input files that decides what a build writes.

    :func:`~reformpress.cache.code_version` covers the engine, Python and the libraries that shape
    pages; the indexer's version counts only for a build with the search index.
    """
    indexer: tuple[str, ...] = ()
    if search:  # the search module is loaded only for a build that has the index
        from .search import PAGEFIND_MODULES as indexer
    versions = []
    for name in indexer:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return digest(code_version(), *versions, str(output.resolve()), base_url or "", drafts, future, search)


def snapshot(root: Path) -> str | None:
    """Digest of the names and metadata of every input file, or ``None`` if one is too fresh to trust."""
    now = time.time_ns()
    entries: list[str] = []
    for name in INPUTS:
        if not _walk(root, name, entries, now):
            return None
    return digest("\n".join(entries))


def _walk(root: Path, relative: str, entries: list[str], now: int) -> bool:
    """Add ``relative`` (and, for a folder, everything inside it) to ``entries``; ``False`` if racy."""
    path = os.path.join(root, relative)
    try:
        link = os.lstat(path)
        stat = os.stat(path) if os.path.islink(path) else link
    except FileNotFoundError:
        entries.append(f"{relative}\0missing")
        return True
    except OSError:
        entries.append(f"{relative}\0unreadable")
        return True
    for info in (link, stat):
        if now - max(info.st_mtime_ns, info.st_ctime_ns) < _cache.RACY_SECONDS * 1e9:
            return False
    entries.append(f"{relative}\0{link.st_ino},{link.st_size},{link.st_mtime_ns},{link.st_ctime_ns}\0{stat.st_ino},{stat.st_size},{stat.st_mtime_ns},{stat.st_ctime_ns},{stat.st_mode}")
    if os.path.isdir(path) and not os.path.islink(path):
        try:
            names = sorted(os.listdir(path))
        except OSError:
            entries.append(f"{relative}\0unlistable")
            return True
        for child in names:
            if not _walk(root, f"{relative}/{child}", entries, now):
                return False
    return True


def output_stamps(output: Path) -> tuple[tuple[str, Stamp], ...]:
    """The stamp of every file and folder under ``output``, sorted (folders as ``path/``)."""
    found: list[tuple[str, Stamp]] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        folder = os.path.join(output, relative) if relative else str(output)
        info = os.stat(folder)
        found.append((relative + "/" if relative else "/", (info.st_ino, info.st_size, info.st_mtime_ns)))
        with os.scandir(folder) as entries:
            for entry in entries:
                path = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                else:
                    info = entry.stat(follow_symlinks=False)
                    found.append((path, (info.st_ino, info.st_size, info.st_mtime_ns)))
    return tuple(sorted(found))


def _output_intact(output: Path, files: tuple[tuple[str, Stamp], ...]) -> bool:
    """Whether every recorded file and folder of ``output`` still has its stamp (folders: nothing added or removed)."""
    base = str(output)
    for path, stamp in files:
        try:
            info = os.lstat(base + "/" + path.rstrip("/") if path != "/" else base)
        except OSError:
            return False
        if (info.st_ino, info.st_size, info.st_mtime_ns) != stamp:
            return False
    return True


def record(cache: Cache, output: Path, state_fingerprint: str, inputs: str | None, due: datetime | None, timezone: str) -> None:
    """Remember what the build that just published ``output`` was made from (nothing if its inputs were too fresh)."""
    output = output.resolve()
    if inputs is None:
        cache.put(STATE_KIND, str(output), None)
        return
    state = BuildState(state_fingerprint, inputs, due.isoformat() if due else None, timezone, output_stamps(output))
    cache.put(STATE_KIND, str(output), state)


@dataclass(frozen=True)
class UpToDate:
    """The answer when nothing needs doing."""

    files: int
    seconds: float


def up_to_date(root: Path, output: Path | None, base_url: str | None, drafts: bool, future: bool, search: bool) -> UpToDate | None:
    """``UpToDate`` when the last build of ``output`` was made from exactly the present inputs and is untouched; else ``None``.

    Reads the cache without changing it (a full build still prunes and refills it).
    """
    started = time.perf_counter()
    output = (output or root / "output").resolve()
    state = _stored_state(root, output)
    if state is None or not (output / MARKER).is_file():
        return None
    if state.due is not None and _now(state.timezone) >= datetime.fromisoformat(state.due):
        return None
    if state.fingerprint != fingerprint(output, base_url, drafts, future, search) or state.inputs != snapshot(root):
        return None
    if not _output_intact(output, state.files):
        return None
    return UpToDate(sum(1 for path, _ in state.files if not path.endswith("/")), time.perf_counter() - started)


def _stored_state(root: Path, output: Path) -> BuildState | None:
    """The recorded state of ``output``, read-only; ``None`` on any doubt."""
    file = root / CACHE_DIR / CACHE_FILE
    if not file.is_file():
        return None
    try:
        db = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            row = db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?", (STATE_KIND, str(output))).fetchone()
        finally:
            db.close()
        state = pickle.loads(row[0]) if row else None
    except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return state if isinstance(state, BuildState) else None


def _now(timezone: str) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None)
