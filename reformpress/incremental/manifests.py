"""The output folder's manifests, kept in the cache between builds for the writer (:mod:`reformpress.publish.output`).

The writer is given what the output (and its spare folder) held as the last build left them
and hands back what they hold now; it reads and writes no cache itself.
"""

from __future__ import annotations

from pathlib import Path

from ..publish.output import Entry, PreviousOutput, Published
from .cache import Cache, file_stamp
from .kinds import MANIFEST_KIND, SPARE_KIND


def previous_output(cache: Cache, output: Path) -> PreviousOutput:
    """The current output as the manifest of the build that wrote it describes it (empty without a cache)."""
    output = output.resolve()
    return PreviousOutput(output, cache.get(MANIFEST_KIND, str(output)) if cache.enabled else None)


def spare_entries(cache: Cache, output: Path) -> dict[str, Entry] | None:
    """The manifest of the spare folder beside ``output`` (``None``: it cannot be trusted, or there is no cache)."""
    return cache.get(SPARE_KIND, str(output.resolve())) if cache.enabled else None


def keep(cache: Cache, output: Path, published: Published) -> None:
    """Keep the manifests a commit handed back, for the next build."""
    if cache.enabled:
        cache.put(MANIFEST_KIND, str(output.resolve()), published.manifest)
        cache.put(SPARE_KIND, str(output.resolve()), published.spare)


def copy_key(source: Path) -> str | None:
    """What names a copied file as it is now, for the manifest: its settled stamp (device and inode name the file, whatever its path)."""
    stamp = file_stamp(source)
    return ":".join(map(str, stamp)) if stamp else None
