"""Giving freed memory back to the operating system before worker processes are forked.

Python frees what a stage no longer needs (after assembly, the source texts of every case
file), but glibc keeps freed blocks for reuse instead of returning them to the system, so the
process stays as large as it was at its largest.  ``malloc_trim(0)`` hands every free page back
(at 5,000 reports: ≈ 240 MB of a 600 MB process), so the workers are forked from what is
really in use.  Elsewhere than glibc (macOS, Windows, musl) there is nothing to call and
nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import pickle
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _libc() -> Any | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.malloc_trim  # noqa: B018 -- glibc only: an AttributeError elsewhere
    except (OSError, AttributeError):
        return None
    return libc


def give_back_freed_memory() -> bool:
    """Return the freed heap pages to the system; whether that could be done."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


LONG_TEXT = 64
"""Characters above which :class:`TextAsBytes` pickles a non-ASCII string as its UTF-8 bytes."""


class TextAsBytes(pickle.Pickler):
    """A pickler that leaves no UTF-8 copy of the long strings it pickles behind.

    To pickle a string, pickle asks CPython for its UTF-8 form, and CPython keeps that form
    inside the string for as long as the string lives: pickling a report's Chinese text (to hash
    it, or to send it to a worker) left a second copy of it in the build process for the rest
    of the build (≈ 15 KB a report; 750 MB at 50,000 reports).  Here each long non-ASCII string
    is given as a persistent id, its UTF-8 made by ``str.encode``, a copy freed with the pickle.
    The persistent-id opcode tells such a string from bytes with the same content, so equal
    values still pickle to equal bytes; :func:`text_loads` reads what this writes.
    """

    def persistent_id(self, obj: Any) -> bytes | None:
        if type(obj) is str and len(obj) > LONG_TEXT and not obj.isascii():
            return obj.encode("utf-8", "surrogatepass")
        return None


class _TextUnpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> str:
        assert isinstance(pid, bytes), "not written by TextAsBytes"
        return pid.decode("utf-8", "surrogatepass")


def text_dumps(value: Any) -> bytes:
    """``value`` pickled by :class:`TextAsBytes`."""
    data = io.BytesIO()
    TextAsBytes(data, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return data.getvalue()


def text_loads(data: bytes) -> Any:
    """What :func:`text_dumps` pickled."""
    return _TextUnpickler(io.BytesIO(data)).load()
