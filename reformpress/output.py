"""The writer owns the output: checks, a staging folder, and an atomic swap.

Pages and files are written into a fresh staging folder beside the output
folder; only when everything is written is the staging folder swapped in, so
a failed or interrupted build leaves the previous site exactly as it was.  A
marker file says a folder was made by reformpress: a folder without it (and
not empty) is never cleared.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from .problems import BuildFailed, problem

MARKER = ".reformpress-output"
"""File at the top of every output folder we made."""


def check_output_folder(output: Path, root: Path) -> None:
    """Refuse an output folder we must not replace (the site itself, or someone else's folder)."""
    output = output.resolve()
    root = root.resolve()
    protected = [root, root / "content", root / "templates", Path.home().resolve(), Path("/")]
    if output in protected or root.is_relative_to(output) or any(output.is_relative_to(p) for p in protected[1:3]):
        raise BuildFailed([problem("output-inside-content", str(output), None, name=str(output))])
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / MARKER).is_file())):
        raise BuildFailed([problem("output-not-ours", str(output), None, name=str(output))])


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


Finish = Callable[[Path], None]
"""A last step over the complete staging folder before the swap (e.g. the search indexer).

It may add files; raising :class:`BuildFailed` (or anything) leaves the previous output as it was.
"""


def publish(
    output: Path, root: Path, pages: Iterable[tuple[str, bytes]], copies: Iterable[tuple[Path, str]], finish: Finish | None = None
) -> int:
    """Write ``pages`` and copy ``copies`` into a staging folder, run ``finish`` on it, then swap it in for ``output``.

    Returns the number of files written (not counting what ``finish`` adds).
    """
    pages = list(pages)
    copies = list(copies)
    check_output_folder(output, root)
    check_paths([path for path, _ in pages] + [path for _, path in copies])
    output = output.resolve()
    remove_leftovers(output)
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    try:
        staging.mkdir(parents=True)
        (staging / MARKER).write_text("made by reformpress; safe to delete with its folder\n", encoding="utf-8")
        for path, data in pages:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for source, path in copies:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        if finish is not None:
            finish(staging)
        keep_unchanged_times(staging, output)
        swap(staging, output, old)
    except OSError as error:  # disk full, file too large, permissions: the user's machine, not a bug
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed([problem("write-failed", str(output), None, detail=f"{error.strerror or error} ({error.filename or ''})")]) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(pages) + len(copies)


def remove_leftovers(output: Path) -> None:
    """Remove staging and old folders that a killed build (``kill -9``) left beside ``output``.

    Only folders carrying our marker are removed, or empty ones (killed before the marker was written).
    """
    for leftover in sorted(output.parent.glob(f".{output.name}.staging-*")) + sorted(output.parent.glob(f".{output.name}.old-*")):
        if leftover.is_dir() and (leftover / MARKER).is_file():
            shutil.rmtree(leftover, ignore_errors=True)
        elif leftover.is_dir() and not any(leftover.iterdir()):
            leftover.rmdir()


def keep_unchanged_times(staging: Path, output: Path) -> None:
    """Give files whose bytes did not change their old modification time (deploy tools stay quiet)."""
    if not output.is_dir():
        return
    for new in staging.rglob("*"):
        old = output / new.relative_to(staging)
        if new.is_file() and old.is_file() and new.stat().st_size == old.stat().st_size and new.read_bytes() == old.read_bytes():
            stat = old.stat()
            os.utime(new, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def swap(staging: Path, output: Path, old: Path) -> None:
    """Put ``staging`` in place of ``output`` with two renames; remove the previous site."""
    if output.exists():
        os.replace(output, old)
        try:
            os.replace(staging, output)
        except BaseException:
            os.replace(old, output)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, output)
