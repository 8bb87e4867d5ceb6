"""The content-addressed build cache in ``<root>/.cache/`` (ignored by git).

Every entry is stored under a key that is the hash of *everything* its value was computed
from: the input bytes, the configuration it read and :func:`code_version` (the engine's own
source and the versions of the libraries that shape the output).  A changed input therefore
means a different key, never a stale hit; old entries are simply not asked for again and are
pruned after a few builds.  Values are pickled frozen dataclasses in one SQLite file, which
survives a killed build (at worst the last build's new entries are lost).

Only :func:`file_stamp` looks at file metadata instead of bytes, for the pixel sizes of images
(reading every picture's header on every build would cost more than the rest of a rebuild):
a stamp includes the inode, size, modification and change times, and a stamp taken within
:data:`RACY_SECONDS` of the file's last change is not trusted (Git's "racy clean" rule), so a
picture replaced during a build is read again next time.
"""

from __future__ import annotations

import gc
import hashlib
import io
import pickle
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .kinds import CACHE_DIR
from .memory import TextAsBytes

CACHE_FILE = "build.sqlite3"
SCHEMA = 2
"""The layout of the cache file (SQLite's ``user_version``); a file of another layout is emptied.

2: ``entries`` is a rowid table.  Before (0, the version never set) it was ``WITHOUT ROWID``,
which keeps each row, its value included, in key order: values keyed by hashes went in all over
the file, and the inserts grew faster than the site (16 times as long at 50,000 reports as at
5,000).  Storing the articles of 50,000 reports (600 MB) took 17.5 s of the build's main
process, pickling included; appended in rowid order beside an index of the keys, 9.9 s.
"""
KEEP_BUILDS = 3
"""Entries not used by any of the last this-many builds are deleted."""
RACY_SECONDS = 2.0
"""A file changed less than this long before it was looked at may change again unseen."""
LIBRARIES = ("markdown", "nh3", "jinja2", "pyyaml", "pypinyin", "pillow", "markupsafe", "zxing-cpp")
"""Libraries whose version can change what a build writes."""


def canonical_pickle(value: Any, pickler: type[pickle.Pickler] = pickle.Pickler, **options: Any) -> bytes:
    """``value`` pickled without pickle's memo, so equal values give equal bytes.

    With the memo, a string shared by two objects is written once and referred to after, so
    the same value built twice (rendered now, or loaded from the cache) could pickle to
    different bytes.  Without it (``fast`` mode; fine for data without cycles, like our frozen
    dataclasses) only the values count.  Pickle is still not a canonical form in every case
    (e.g. set order), but a different digest for an equal value costs a cache miss, never a
    wrong hit: different values always give different bytes.
    """
    data = io.BytesIO()
    writer = pickler(data, protocol=5, **options)
    writer.fast = True
    writer.dump(value)
    return data.getvalue()


def digest(*parts: Any) -> str:
    """A hex SHA-256 of ``parts`` (bytes and str as themselves, anything else by :func:`canonical_pickle`)."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = canonical_pickle(part, TextAsBytes)  # no UTF-8 copy of a report's text left behind
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the engine's source files, the Python version and the output-shaping libraries."""
    package = Path(__file__).resolve().parent.parent
    parts: list[Any] = [sys.version]
    for file in sorted(package.rglob("*.py")):
        parts += [file.relative_to(package).as_posix(), file.read_bytes()]
    for name in LIBRARIES:
        try:
            parts += [name, metadata.version(name)]
        except metadata.PackageNotFoundError:
            parts += [name, "-"]
    return digest(*parts)


def file_stamp(file: Path) -> tuple[int, ...] | None:
    """(device, inode, size, mtime, ctime) of ``file`` if it is settled, else ``None``.

    ``None`` (do not trust metadata) when the file is missing or changed within
    :data:`RACY_SECONDS`: a change in the same clock tick could leave the stamp unchanged.
    """
    try:
        stat = file.stat()
    except OSError:
        return None
    if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) < RACY_SECONDS * 1e9:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def in_chunks(keys: list[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    """``keys`` in slices small enough for one SQL ``IN (…)`` each, with that slice's ``?`` marks."""
    for start in range(0, len(keys), size):
        chunk = keys[start : start + size]
        yield chunk, ",".join("?" * len(chunk))


def unpickle(data: bytes) -> Any:
    """``pickle.loads`` with the garbage collector held off.

    Loading a value of many small objects (the edit index: some 200,000) sets off a collection
    every few hundred of them, each walking what was loaded so far: 70 ms became 150–250 ms.
    Everything loaded is reachable from the value being built, so those collections free nothing.
    """
    if not gc.isenabled():
        return pickle.loads(data)
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        gc.enable()


def read_only(file: Path, timeout: float) -> sqlite3.Connection:
    """A read-only connection to a cache file, for other processes than the build's (page workers, the up-to-date check)."""
    return sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def read_entries(db: sqlite3.Connection, kind: str, keys: list[str]) -> Iterator[tuple[str, bytes]]:
    """(key, pickled value) of those ``keys`` of ``kind`` that ``db`` holds; the one query of the table ``entries`` besides :class:`Cache`'s."""
    for chunk, marks in in_chunks(keys):
        yield from db.execute(f"SELECT key, value FROM entries WHERE kind = ? AND key IN ({marks})", (kind, *chunk)).fetchall()


class Cache:
    """Pickled values by (kind, key) in ``<root>/.cache/build.sqlite3``; see the module doc."""

    def __init__(self, root: Path | None):
        """Open (or create) the cache of the site at ``root``; ``None`` gives a cache that keeps nothing."""
        self.hits = 0
        self.misses = 0
        self.db: sqlite3.Connection | None = None
        self.generation = 0
        self.file: Path | None = None
        """The SQLite file, while the cache is in use (other processes may read it: :class:`reformpress.incremental.shelf.Shelf`)."""
        if root is None:
            return
        file = root / CACHE_DIR / CACHE_FILE
        try:
            file.parent.mkdir(exist_ok=True)
            self.db = self._open(file)
        except sqlite3.DatabaseError:  # a damaged file (disk trouble, a killed copy): start afresh
            try:
                for leftover in file.parent.glob(CACHE_FILE + "*"):
                    leftover.unlink()
                self.db = self._open(file)
            except (OSError, sqlite3.Error):
                self.db = None
        except (OSError, sqlite3.Error):  # a read-only site: build without a cache
            self.db = None
        if self.db is not None:
            self.file = file

    @staticmethod
    def _open(file: Path) -> sqlite3.Connection:
        db = sqlite3.connect(file, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
            db.execute("DROP TABLE IF EXISTS entries")
            db.execute(f"PRAGMA user_version = {SCHEMA}")
        db.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT, key TEXT, value BLOB, used INTEGER, PRIMARY KEY (kind, key))")
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER)")
        row = db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        generation = (row[0] if row else 0) + 1
        db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (generation,))
        db.execute("BEGIN")
        return db

    @property
    def enabled(self) -> bool:
        """Whether values are kept between builds."""
        return self.db is not None

    def get_many(self, kind: str, keys: Iterable[str]) -> dict[str, Any]:
        """The stored values of those ``keys`` that are present (counted as hits, the rest as misses)."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, Any] = {}
        if self.db is not None:
            try:
                generation = self._generation()
                for chunk, marks in in_chunks(keys):
                    rows = self.db.execute(f"SELECT key, value FROM entries WHERE kind = ? AND key IN ({marks})", (kind, *chunk)).fetchall()
                    for key, value in rows:
                        found[key] = unpickle(value)
                    self.db.execute(f"UPDATE entries SET used = ? WHERE kind = ? AND key IN ({marks})", (generation, kind, *chunk))
            except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                self._give_up()  # a cache that cannot be read is no cache: build without it
                found = {}
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def present(self, kind: str, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` are stored (counted as hits and misses; marked used, their values not read)."""
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        if self.db is not None:
            try:
                generation = self._generation()
                for chunk, marks in in_chunks(keys):
                    found.update(key for (key,) in self.db.execute(f"SELECT key FROM entries WHERE kind = ? AND key IN ({marks})", (kind, *chunk)))
                    self.db.execute(f"UPDATE entries SET used = ? WHERE kind = ? AND key IN ({marks})", (generation, kind, *chunk))
            except sqlite3.Error:
                self._give_up()
                found = set()
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def get(self, kind: str, key: str) -> Any | None:
        """The stored value for ``key``, or ``None``."""
        return self.get_many(kind, [key]).get(key)

    def put_many(self, kind: str, items: Iterable[tuple[str, Any]]) -> None:
        """Store values (pickled) under their keys."""
        if self.db is None:
            return
        rows = [(kind, key, pickle.dumps(value, protocol=5), self._generation()) for key, value in items]
        try:
            self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error:  # disk full, file size limit: the build goes on without keeping entries
            self._give_up()

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store one value."""
        self.put_many(kind, [(key, value)])

    def build_number(self) -> int:
        """This build's number among all that used the cache (entries note the last build that used them)."""
        return self._generation() if self.db is not None else 0

    def _generation(self) -> int:
        assert self.db is not None
        if not self.generation:
            self.generation = self.db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()[0]
        return self.generation

    def checkpoint(self) -> None:
        """Make what was stored so far durable now (a build killed later keeps it)."""
        if self.db is None:
            return
        try:
            self.db.execute("COMMIT")
            self.db.execute("BEGIN")
        except sqlite3.Error:
            self._give_up()

    def close(self, success: bool) -> None:
        """Keep the new entries (every entry is right whatever became of the build); prune after a success."""
        if self.db is None:
            return
        try:
            if success:
                self.db.execute("DELETE FROM entries WHERE used < ?", (self._generation() - KEEP_BUILDS + 1,))
            self.db.execute("COMMIT")
            # Move the write-ahead log into the file now, while it is ours to write: else a full
            # build leaves its articles (tens of MB) in the log, and the next build pays for
            # reading it back at start and for writing it into the file at its end.
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            self._give_up()
        finally:
            if self.db is not None:
                self.db.close()
                self.db = None
                self.file = None

    def _give_up(self) -> None:
        """Stop using the cache for the rest of this build (its file stays consistent: SQLite rolls back)."""
        self.file = None
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
            self.db = None
