"""Readable ASCII URL segments from Chinese text (pypinyin), for tags and cases without a slug."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

MAX_SLUG_LENGTH = 48

_KNOWN: dict[str, str] = {}
"""Slugs worked out by an earlier build (see :func:`remember`)."""


def remember(pairs: Iterable[tuple[str, str]]) -> None:
    """Take (text, its slug) pairs that :func:`slugify` gave before (e.g. a previous build's tags).

    pypinyin's dictionaries take a fifth of a second to load; a rebuild after an edit that keeps
    a report's tags (:mod:`reformpress.incremental.quick`) then needs no new slug and does not load them.
    """
    _KNOWN.update(pairs)


def slugify(text: str, limit: int = MAX_SLUG_LENGTH) -> str:
    """``年轻干部 2022`` → ``nian-qing-gan-bu-2022``; cut at a hyphen within ``limit``."""
    if limit == MAX_SLUG_LENGTH and text in _KNOWN:
        return _KNOWN[text]
    return _slugify(text, limit)


def load_dictionaries() -> None:
    """Load pypinyin now: before worker processes are forked, so that they share it instead of each loading it."""
    import pypinyin  # noqa: F401


@lru_cache(maxsize=65536)
def _slugify(text: str, limit: int) -> str:
    from pypinyin import lazy_pinyin  # here: its dictionaries take ≈ 0.2 s to load

    words: list[str] = []
    keep: Any = lambda chunk: [chunk]  # non-Chinese runs pass through unchanged
    for part in lazy_pinyin(unicodedata.normalize("NFKC", text), errors=keep):
        words.extend(re.findall(r"[a-z0-9]+", part.lower()))
    slug = "-".join(words)
    if len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[: limit + 1] else slug[:limit]
    return slug or "x"
