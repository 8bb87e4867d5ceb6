"""The writer owns the output: checks, a staging folder, and an atomic swap.

Pages and files are written into a fresh staging folder beside the output
folder; only when everything is written is the staging folder swapped in, so
a failed or interrupted build leaves the previous site exactly as it was.  A
marker file says a folder was made by reformpress: a folder without it (and
not empty) is never cleared.

Files whose bytes did not change are not written again: the staging folder
gets a hard link to the file in the current output (same inode, so the same
modification time, and no bytes copied).  Which files are unchanged is known
without reading them from a manifest of the output folder (each file's page key,
SHA-256 and stamp): the writer is given the previous one and hands back the new one
(:attr:`Published.manifest`), which the build keeps in its cache
(:mod:`reformpress.incremental.manifests`).  Nothing may modify a file in the
staging folder in place (it may be the live site's file): replace it instead.

Besides that whole swap there is one in-place mode, for a rebuild that changes a few
pages (:func:`replace_files`): each file replaced by a rename.  (The search index has its
own, in :func:`reformpress.publish.search.index_site`: folders added, then one rename.)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple, Self

from ..problems import BuildFailed, problem

MARKER = ".reformpress-output"
"""File at the top of every output folder we made."""


def lock_path(output: Path) -> Path:
    """The lock file of ``output``: hidden beside it, like its staging folders."""
    output = output.resolve()
    return output.with_name(f".{output.name}.lock")


class OutputLock:
    """One build at a time per output folder: an OS file lock on :func:`lock_path`, held for the whole build.

    The lock is the operating system's (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
    Windows), so it dies with the process that holds it: a build killed with ``kill -9``
    never leaves a lock that blocks the next.  A second build waits for the first; ``waiting``
    is called once, when it has to.  The lock file itself stays (it is empty and harmless:
    removing it while another build waits would let a third take a different lock).
    """

    def __init__(self, output: Path, waiting: Callable[[], None] | None = None, poll: float = 0.1):
        self.path = lock_path(output)
        self.waiting = waiting
        self.poll = poll
        self.handle: int | None = None

    def __enter__(self) -> Self:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            told = False
            while not _try_lock(handle):
                if not told and self.waiting is not None:
                    self.waiting()
                told = True
                time.sleep(self.poll)
        except BaseException:
            os.close(handle)
            raise
        self.handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            _unlock(self.handle)
            os.close(self.handle)
            self.handle = None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: int) -> bool:
        """Take the lock on the file's first byte without waiting; ``False`` if another process holds it."""
        os.lseek(handle, 0, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        """Take the lock on the whole file without waiting; ``False`` if another process holds it."""
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)


def check_output_folder(output: Path, root: Path) -> None:
    """Refuse an output folder we must not replace (the site itself, or someone else's folder)."""
    output = output.resolve()
    root = root.resolve()
    protected = [root, root / "content", root / "templates", Path.home().resolve(), Path("/")]
    if output in protected or root.is_relative_to(output) or any(output.is_relative_to(p) for p in protected[1:3]):
        raise BuildFailed([problem("output-inside-content", str(output), None, name=str(output))])
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).is_file())):
        raise BuildFailed([problem("output-not-ours", str(output), None, name=str(output))])


def replace_files(output: Path, files: Iterable[tuple[str, bytes]]) -> list[str]:
    """The in-place mode: replace each file of ``output`` whose bytes differ, by a rename (no reader sees half a page); the paths replaced."""
    touched: list[str] = []
    try:
        for path, data in files:
            target = output / path
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                continue
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            touched.append(path)
    except OSError as error:  # disk full, permissions: the user's machine, not a bug
        raise write_failed(output, error) from error
    return touched


def write_failed(output: Path, error: OSError) -> BuildFailed:
    """What a disk error while writing ``output`` tells the editor (disk full, permissions: their machine, not a bug)."""
    return BuildFailed([problem("write-failed", str(output), None, detail=f"{error.strerror or error} ({error.filename or ''})")])


def vanished(root: Path, error: OSError) -> BuildFailed | None:
    """What a source file (a picture, a template's file) that went away while the build read it tells the editor; None for any other error.

    The build stops cleanly and records nothing, so the next build reads everything again.
    """
    if not isinstance(error, FileNotFoundError) or not error.filename:
        return None
    return vanished_file(root, error.filename)


def vanished_file(root: Path, filename: str | Path) -> BuildFailed | None:
    """:func:`vanished`'s report for the file ``filename``: None unless it lies in the site's content or templates."""
    try:
        rel = Path(os.path.realpath(filename)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    if not rel.startswith(("content/", "templates/")):
        return None
    return BuildFailed([problem("input-vanished", rel, None, name=rel)])


def check_paths(paths: Iterable[str]) -> None:
    """No two things to one path, and nothing outside the output folder."""
    seen: set[str] = set()
    problems = []
    for path in paths:
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or not path:
            problems.append(problem("unsafe-path", path, None, src=path))
        elif path in seen:
            problems.append(problem("duplicate-url", path, None, url=path, other=path))
        seen.add(path)
    if problems:
        raise BuildFailed(problems)




@dataclass(frozen=True)
class Entry:
    """What the manifest knows of one output file."""

    key: str | None
    """The page key it was rendered from, or the digest of its source file's stamp (copies)."""
    sha: str
    """SHA-256 of its bytes (empty for copies)."""
    stamp: tuple[int, int, int, int]
    """(device, inode, size, mtime) when written: a file with another stamp is not ours any more."""


def output_stamp(file: Path | str) -> tuple[int, int, int, int] | None:
    """(device, inode, size, mtime) of an output file, or ``None`` if it is missing."""
    try:
        info = os.stat(file)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


class PreviousOutput:
    """The current output folder, as the manifest of the build that wrote it describes it.

    An entry counts only while the file still has the stamp it was written with (a file
    changed or replaced by hand, or a manifest left behind by a killed build, is ignored).
    """

    def __init__(self, output: Path, entries: dict[str, Entry] | None = None):
        self.output = output.resolve()
        self.entries: dict[str, Entry] = entries or {}
        self.present = self.output.is_dir()
        """Whether there is an output folder at all (a first build has none: nothing to compare with)."""

    def _intact(self, path: str) -> Entry | None:
        entry = self.entries.get(path)
        return entry if entry is not None and output_stamp(f"{self.output}/{path}") == entry.stamp else None

    def reusable(self, path: str, key: str | None) -> bool:
        """Whether the file at ``path`` was made from exactly ``key`` and is still as written."""
        entry = self._intact(path) if key is not None else None
        return entry is not None and entry.key == key

    def holds(self, path: str, data: bytes, sha: str) -> bool:
        """Whether the file at ``path`` has exactly these bytes (by the manifest, else by reading it)."""
        if not self.present:
            return False
        entry = self._intact(path)
        if entry is not None and entry.sha:
            return entry.sha == sha
        return _same_bytes(data, f"{self.output}/{path}")


Finish = Callable[[Path], None]
"""A last step over the complete staging folder before the swap (e.g. the search indexer).

It may add files; raising :class:`BuildFailed` (or anything) leaves the previous output as it was.
It must not change files in place: they may be hard links to the live site's files.
"""


class Published(NamedTuple):
    """What :meth:`Staging.commit` did: files in the new output, of which written anew and kept; the manifests to keep."""

    files: int
    written: int
    kept: int
    manifest: dict[str, Entry]
    """The new output's."""
    spare: dict[str, Entry] | None
    """The spare folder's (the output before this one), ``None`` if none is kept."""


class Staging:
    """The next site, filled file by file beside the output and swapped in whole by :meth:`commit`.

    Used as a context manager: leaving it without a commit (an error, a template problem found
    late, Ctrl-C) removes the staging folder and leaves the output exactly as it was; a disk
    error becomes a :class:`BuildFailed` that says so.  ``paths`` are every file the new site
    will hold, known before the first is written (pages can then be written as they are
    rendered instead of being held in memory until the end).

    Pages are given with their bytes, or ``None`` to keep the current output's file (the
    renderer checked it was made from the same page key).  Unchanged files are hard links to
    the current ones; ``previous`` holds the manifest that says which they are.

    The staging folder is the spare (the site before the current one, see :data:`SPARE`) when
    there is one (``spare``: its manifest; ``keep_spare``: keep the current output as the next
    one), brought up to date: only files that differ are replaced and only folders
    that come or go are made or removed, which for a site of 5,000 reports saves making and
    deleting some 25,000 folders on every build.  Either way it ends up holding exactly the
    new site and nothing else.
    """

    MARKER_TEXT = b"made by reformpress; safe to delete with its folder\n"

    def __init__(self, output: Path, root: Path, paths: list[str], previous: PreviousOutput | None = None, spare: dict[str, Entry] | None = None, keep_spare: bool = False):
        check_output_folder(output, root)
        check_paths(paths)
        self.output = output = output.resolve()
        self.root = root.resolve()
        self.previous = previous if previous is not None and previous.output == output else PreviousOutput(output)
        self.spare_entries = spare
        self.keep_spare = keep_spare
        self.staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
        self.old = output.with_name(f".{output.name}.old-{os.getpid()}")
        self.spare = output.with_name(f".{output.name}{SPARE}")
        self.manifest: dict[str, Entry] = {}
        self.written = self.kept = 0
        self.folders: set[str] = {str(self.staging)}
        self.recycled: dict[str, Entry] = {}
        self.fresh = False
        """The staging folder was made by this build: no file is in it before it is written (paths are unique)."""
        self.committed = False
        self.copied: dict[tuple[str, str], str] = {}
        """(source, its key) → the staging file this build copied it to (see :meth:`copy`)."""
        remove_leftovers(output)
        self._paths = paths

    def __enter__(self) -> Self:
        try:
            recycled = _claim_spare(self.spare, self.staging, self.spare_entries)
            if recycled is None:
                self.staging.mkdir(parents=True)
                self.fresh = True
            else:
                self.recycled = _prune(self.staging, {MARKER, *self._paths}, recycled, self.folders)
            if not _same_bytes(self.MARKER_TEXT, self.staging / MARKER):
                _replace(self.staging / MARKER)
                if _same_bytes(self.MARKER_TEXT, self.output / MARKER):
                    link_or_copy(self.output / MARKER, self.staging / MARKER)
                else:
                    (self.staging / MARKER).write_bytes(self.MARKER_TEXT)
        except BaseException as error:
            self.__exit__(type(error), error, error.__traceback__)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: object) -> None:
        if self.committed:
            return
        shutil.rmtree(self.staging, ignore_errors=True)
        if isinstance(error, OSError):  # disk full, file too large, permissions: the user's machine, not a bug
            raise (vanished(self.root, error) or write_failed(self.output, error)) from error

    def _target(self, path: str) -> str:
        """The staging file for ``path``, its folder made if need be (strings, not Paths: this runs per file)."""
        target = f"{self.staging}/{path}"
        folder = target.rsplit("/", 1)[0]
        if folder not in self.folders:
            self._folder(folder)
        return target

    def _folder(self, folder: str) -> None:
        """Make ``folder`` and those above it that this build has not made or met yet (one ``mkdir`` each)."""
        parent = folder.rsplit("/", 1)[0]
        if parent not in self.folders:
            self._folder(parent)
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass
        self.folders.add(folder)

    def page(self, path: str, data: bytes | None, key: str | None = None) -> None:
        """Put one page (or any generated file) into the staging folder."""
        target = self._target(path)
        there = self.recycled.get(path)
        if data is None:  # the renderer found it unchanged
            entry = self.previous.entries[path]
            if there is None or there.stamp != entry.stamp:  # not already the very same file
                if not self.fresh:
                    _replace(target)
                link_or_copy(self.output / path, Path(target))
            self.manifest[path] = entry
            self.kept += 1
            return
        sha = hashlib.sha256(data).hexdigest()
        if there is not None and there.sha == sha:  # the spare holds these bytes already
            self.manifest[path] = Entry(key, sha, there.stamp)
            self.kept += 1
            return
        if not self.fresh:
            _replace(target)
        if self.previous.holds(path, data, sha):
            link_or_copy(self.output / path, Path(target))
            self.kept += 1
        else:
            with open(target, "wb") as handle:
                handle.write(data)
            self.written += 1
        self.manifest[path] = Entry(key, sha, output_stamp(target) or (0, 0, 0, 0))

    def copy(self, source: Path, path: str, key: str | None) -> None:
        """Copy one file (a figure, a theme file) into the staging folder.

        ``key`` names the source file as it is now (its settled stamp; ``None`` if it is too
        fresh to trust): a copy with the key the manifest has is the same file.

        A file copied twice in one build (a picture several reports show, and its resized
        copies) is copied once and hard-linked from there: both names are output files, so
        anything that changes one is seen by the manifest at both.  Files from ``content/``
        or ``.cache/`` are never linked into the output, only copied: a change made to the
        site's file in place must not reach the editor's picture or the cache.
        """
        target = self._target(path)
        there = self.recycled.get(path)
        if key is not None and there is not None and there.key == key:  # the spare holds this copy already
            self.manifest[path] = there
            self.kept += 1
            return
        if not self.fresh:
            _replace(target)
        first = self.copied.get((str(source), key)) if key else None
        if self.previous.reusable(path, key) or _same_file_bytes(source, self.output / path):
            link_or_copy(self.output / path, Path(target))
            self.kept += 1
        elif first is not None:  # the same picture shown by another report: one file, two names
            link_or_copy(Path(first), Path(target))
            self.written += 1
        else:
            shutil.copyfile(source, target)
            self.written += 1
            if key:
                self.copied[(str(source), key)] = target
        self.manifest[path] = Entry(key, "", output_stamp(target) or (0, 0, 0, 0))

    def commit(self, finish: Finish | None = None) -> Published:
        """Run ``finish`` over the complete staging folder, then swap it in for the output."""
        missing = set(self._paths) - set(self.manifest)
        if missing:
            raise ValueError(f"staging folder incomplete: {sorted(missing)[:3]} … were announced and not written")
        if finish is not None:
            finish(self.staging)
        swap(self.staging, self.output, self.old, self.spare if self.keep_spare else None)
        self.committed = True
        return Published(len(self.manifest), self.written, self.kept, self.manifest, self.previous.entries if self.spare.is_dir() else None)


SPARE = ".spare"
"""Suffix of the folder beside the output that keeps the site before the current one.

After a swap the previous site is not deleted but kept (hidden, beside the output) as the
next build's staging folder; most of its files are hard links to the current site's, so it
costs little disk space.  It is only used with its manifest (kept in the build cache),
and every file in it is checked against that manifest before it is trusted.
"""


def _claim_spare(spare: Path, staging: Path, entries: dict[str, Entry] | None) -> dict[str, Entry] | None:
    """Move the spare folder to ``staging`` and return its manifest ``entries``, or ``None`` (and no spare) if it cannot be used."""
    if not spare.is_dir():
        return None
    if not entries or not (spare / MARKER).is_file():
        if (spare / MARKER).is_file() or not any(spare.iterdir()):
            shutil.rmtree(spare, ignore_errors=True)
        return None
    os.replace(spare, staging)
    return entries


def _prune(folder: Path, wanted: set[str], entries: dict[str, Entry], folders: set[str]) -> dict[str, Entry]:
    """Remove from a recycled ``folder`` every file that is not wanted or not exactly as ``entries`` recorded it.

    Returns the entries of the files that stay; adds the folders that stay to ``folders``.
    """
    needed: set[str] = set()
    for path in wanted:
        while "/" in path:
            path = path.rsplit("/", 1)[0]
            if path in needed:
                break
            needed.add(path)
    kept: dict[str, Entry] = {}
    pending = [""]
    while pending:
        relative = pending.pop()
        here = f"{folder}/{relative}" if relative else str(folder)
        folders.add(here)
        with os.scandir(here) as found:
            for item in found:
                path = f"{relative}/{item.name}" if relative else item.name
                if item.is_dir(follow_symlinks=False):
                    if path in needed:
                        pending.append(path)
                    else:
                        shutil.rmtree(item.path)
                    continue
                entry = entries.get(path)
                if path == MARKER:
                    continue
                if path in wanted and entry is not None:
                    info = item.stat(follow_symlinks=False)
                    if (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns) == entry.stamp:
                        kept[path] = entry
                        continue
                os.unlink(item.path)
    return kept


def _replace(target: str | Path) -> None:
    """Remove ``target`` if it is there, so what comes in its place is a new file (never written through a link)."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link to ``source`` at ``target``; a copy keeping its times where links are not possible."""
    try:
        os.link(source, target)
    except OSError as error:
        if isinstance(error, FileNotFoundError) and not os.path.exists(source):
            raise
        shutil.copy2(source, target)


def write_whole(file: Path, data: bytes) -> None:
    """Write ``data`` to ``file`` under a name no other process or thread uses, then rename it into place."""
    temporary = file.with_name(f".{file.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, file)


def _same_bytes(data: bytes, old: Path | str) -> bool:
    """Whether ``old`` is a file with exactly ``data``."""
    try:
        info = os.stat(old)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(old, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def _same_file_bytes(source: Path, old: Path) -> bool:
    """Whether ``old`` exists with exactly the bytes of ``source`` (compared only when the sizes agree)."""
    try:
        return old.is_file() and old.stat().st_size == source.stat().st_size and old.read_bytes() == source.read_bytes()
    except OSError:
        return False


def remove_leftovers(output: Path) -> None:
    """Remove staging and old folders that a killed build (``kill -9``) left beside ``output``.

    Only folders carrying our marker are removed, or empty ones (killed before the marker was written).
    The caller holds the output's :class:`OutputLock`, so no live build owns any of them.
    """
    for leftover in sorted(output.parent.glob(f".{output.name}.staging-*")) + sorted(output.parent.glob(f".{output.name}.old-*")):
        if leftover.is_dir() and (leftover / MARKER).is_file():
            shutil.rmtree(leftover, ignore_errors=True)
        elif leftover.is_dir() and not any(leftover.iterdir()):
            leftover.rmdir()


def swap(staging: Path, output: Path, old: Path, spare: Path | None = None) -> None:
    """Put ``staging`` in place of ``output`` with two renames; keep the previous site as ``spare``, or remove it."""
    if spare is not None and spare.exists():  # left by a build that could not use it: ours only if marked
        if (spare / MARKER).is_file():
            shutil.rmtree(spare, ignore_errors=True)
        else:
            spare = None
    if output.exists():
        os.replace(output, old)
        try:
            os.replace(staging, output)
        except BaseException:
            os.replace(old, output)
            raise
        if spare is not None and (old / MARKER).is_file():
            os.replace(old, spare)
        else:
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, output)
