"""Files made before the output is open, held on disk until they are written rather than in memory.

The feeds, the sitemap and the theme's style sheets are made while the page workers start
(:meth:`reformpress.incremental.shell.Shell.for_machines`), before the staging folder opens.
Held as bytes until then, the feeds of 50,000 reports (531 feeds, each with its 20 newest
reports whole: 192 MB) were held while the page workers started, the build's peak.  A :class:`Spill` writes each file, as it is
made, into one unnamed temporary file beside the output and gives them back one at a time.
The system deletes that file when it is closed, whatever stops the build.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


class Spill:
    """Files by output path, kept in a temporary file in ``folder`` (``None``: made to be checked, then dropped)."""

    def __init__(self, folder: Path | None):
        self.paths: list[str] = []
        """The files' output paths, in the order they were added."""
        self._spans: list[tuple[int, int]] = []
        self._file: IO[bytes] | None = tempfile.TemporaryFile(dir=folder) if folder is not None else None  # noqa: SIM115 -- closed by close(), which Shell calls whatever happens

    def add(self, path: str, data: bytes) -> None:
        """Keep the file ``path`` (its bytes are not held)."""
        self.paths.append(path)
        if self._file is not None:
            self._spans.append((self._file.tell(), len(data)))
            self._file.write(data)

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        """(path, bytes) of each file, in order, read back one at a time."""
        assert self._file is not None, "a spill made only to be checked keeps no file"
        for path, (offset, length) in zip(self.paths, self._spans):
            self._file.seek(offset)
            yield path, self._file.read(length)

    def close(self) -> None:
        """Delete the temporary file (the paths stay)."""
        if self._file is not None:
            self._file.close()
            self._file = None
