"""Site search: Pagefind's index of the published articles, built as the last step.

Pagefind (``pagefind[extended]``, whose extended binary segments Chinese)
reads the finished pages and writes its index and scripts into
``pagefind/`` beside them.  It runs over the complete staging folder before
that folder is swapped in (see :meth:`reformpress.output.Staging.commit`), so
``output/`` is never half-indexed, and a failing indexer leaves the previous
site as it was.  Only elements marked ``data-pagefind-body`` (the article
itself, see templates/article.html) are indexed, not the page chrome.
Pagefind writes some files in a random order; :mod:`reformpress.pagefind_files`
rewrites them so that two builds of one site stay byte-identical.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from . import urls
from .pagefind_files import SUPPORTED, UnexpectedIndex, canonicalise_index
from .problems import BuildFailed, problem

PAGEFIND_MODULES: tuple[str, ...] = ("pagefind", "pagefind_bin_extended")
"""What ``pip install 'pagefind[extended]'`` installs; without the extended binary Chinese is not segmented."""
INDEX_TIMEOUT = 600
"""Seconds Pagefind may take (it needs ≈ 2.5 s per 1,000 pages)."""


def pagefind_binary() -> Path | None:
    """The Pagefind executable of the installed ``pagefind[extended]`` wheel, or ``None`` if it is missing.

    Found the way ``python -m pagefind`` finds it (``PAGEFIND_BINARY_PATH`` first), but run
    directly: that saves starting a second Python (≈ 0.2 s a build).
    """
    if any(importlib.util.find_spec(name) is None for name in PAGEFIND_MODULES):
        return None
    from pagefind.service import get_executable

    return get_executable()


def _die_with_parent() -> None:  # runs in the child between fork and exec
    """Linux: the indexer gets SIGKILL when the build process dies (even by ``kill -9``).

    Otherwise an orphaned Pagefind would go on writing into a staging folder that the next
    build has already removed, leaving a half-made folder behind.
    """
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def index_site(folder: Path, bundle: Path | None = None) -> None:
    """Write the search index of the site in ``folder`` into ``folder/pagefind/`` (or ``bundle``); raise BuildFailed if that fails.

    The index is the same, byte for byte, for the same pages (see :func:`canonicalise_index`).
    """
    run_pagefind(folder, bundle)
    try:
        canonicalise_index(bundle or folder / urls.SEARCH_BUNDLE)
    except UnexpectedIndex as error:
        raise BuildFailed([problem("search-index-unexpected", urls.search_bundle_url(), detail=str(error), supported=SUPPORTED)]) from None


def run_pagefind(folder: Path, bundle: Path | None = None) -> None:
    """Run Pagefind over the site in ``folder``: its index, as Pagefind writes it, in ``folder/pagefind/`` (or ``bundle``); raise BuildFailed if that fails."""
    where = urls.search_bundle_url()
    binary = pagefind_binary()
    if binary is None:
        raise BuildFailed([problem("search-tool-missing", where)])
    target = ["--output-path", str(bundle.resolve())] if bundle is not None else ["--output-subdir", urls.SEARCH_BUNDLE]
    command = [str(binary), "--site", str(folder), *target, "--silent"]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=INDEX_TIMEOUT, check=False, preexec_fn=_die_with_parent if sys.platform == "linux" else None
        )
    except subprocess.TimeoutExpired:
        raise BuildFailed([problem("search-index-failed", where, detail=f"Pagefind > {INDEX_TIMEOUT} s")]) from None
    except OSError as error:
        raise BuildFailed([problem("search-index-failed", where, detail=str(error))]) from error
    if result.returncode != 0 or not ((bundle or folder / urls.SEARCH_BUNDLE) / "pagefind.js").is_file():
        lines = [line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        detail = " / ".join(lines[-3:]) or f"Pagefind exit code {result.returncode}"
        raise BuildFailed([problem("search-index-failed", where, detail=detail)])
