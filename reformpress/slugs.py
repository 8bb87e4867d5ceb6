"""Readable ASCII URL segments from Chinese text (pypinyin), for tags and cases without a slug."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from pypinyin import lazy_pinyin

MAX_SLUG_LENGTH = 48


@lru_cache(maxsize=65536)
def slugify(text: str, limit: int = MAX_SLUG_LENGTH) -> str:
    """``年轻干部 2022`` → ``nian-qing-gan-bu-2022``; cut at a hyphen within ``limit``."""
    words: list[str] = []
    keep: Any = lambda chunk: [chunk]  # non-Chinese runs pass through unchanged
    for part in lazy_pinyin(unicodedata.normalize("NFKC", text), errors=keep):
        words.extend(re.findall(r"[a-z0-9]+", part.lower()))
    slug = "-".join(words)
    if len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[: limit + 1] else slug[:limit]
    return slug or "x"
