"""Pictures' sizes, read once per build and kept between builds."""

from __future__ import annotations

from pathlib import Path

from ..content.image_files import image_size
from .cache import Cache, digest, file_stamp
from .kinds import IMAGE_SIZE_KIND


class ImageSizes:
    """:func:`image_size`, read once per build and remembered between builds by file stamp.

    Checking and assembling both ask for every picture's size; a site with thousands of
    pictures would otherwise open each one twice per build.  Between builds a size is reused
    only while the file's stamp (inode, size, times; see :func:`reformpress.incremental.cache.file_stamp`)
    is unchanged and settled.
    """

    KIND = IMAGE_SIZE_KIND

    def __init__(self, cache: Cache):
        self.cache = cache
        self.known: dict[Path, tuple[int, int] | str] = {}

    def __call__(self, file: Path) -> tuple[int, int] | str:
        """The size of ``file`` as :func:`image_size` gives it."""
        if file in self.known:
            return self.known[file]
        key = self._key(file)
        size = self.cache.get(self.KIND, key) if key else None
        if size is None:
            size = image_size(file)
            if key and isinstance(size, tuple):
                self.cache.put(self.KIND, key, size)
        self.known[file] = size
        return size

    def learn(self, found: dict[Path, tuple[int, int] | str]) -> None:
        """Take sizes another process read with :func:`image_size`, and remember them between builds."""
        entries = []
        for file, size in found.items():
            self.known.setdefault(file, size)
            key = self._key(file) if isinstance(size, tuple) else ""
            if key:
                entries.append((key, size))
        if entries:
            self.cache.put_many(self.KIND, entries)

    def _key(self, file: Path) -> str:
        """The cache key of ``file``'s size: its settled stamp (device and inode name the file, whatever its path); empty if none."""
        stamp = file_stamp(file) if self.cache.enabled else None
        return digest(stamp) if stamp else ""
