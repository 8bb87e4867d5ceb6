"""Text of a PDF printed by Chromium, comparable with the text of the page it was printed from.

Chromium (Skia) writes each CJK font's ToUnicode map from the font's own cmap, and where a glyph
serves both a radical and an ideograph (⻔ U+2ED4 and 门 U+95E8 share one), text extraction yields
the radical. :func:`pdf_pages` maps those back with the same font's cmap (Noto CJK, the fonts the
browser tests use), applies NFKC (which covers the Kangxi radicals block) and drops whitespace, so
``expected in page`` means what a reader sees.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

NOTO = Path("/usr/share/fonts/opentype/noto")


@lru_cache(maxsize=1)
def radical_map() -> dict[int, str]:
    """CJK radical code point → the unified ideograph drawn with the same glyph in Noto Sans CJK SC."""
    from fontTools.ttLib import TTCollection

    fonts = sorted(NOTO.glob("NotoSansCJK-*.ttc"))
    if not fonts:
        pytest.fail("Noto CJK fonts are missing: run `bash scripts/setup.sh` (it installs Debian's fonts-noto-cjk)")
    mapping: dict[int, str] = {}
    for file in fonts:
        for font in TTCollection(file, lazy=True).fonts:
            if "CJK SC" not in font["name"].getDebugName(1):
                continue
            by_glyph: dict[str, list[int]] = {}
            for code, glyph in font.getBestCmap().items():
                by_glyph.setdefault(glyph, []).append(code)
            for codes in by_glyph.values():
                ideographs = [c for c in codes if 0x4E00 <= c <= 0x9FFF]
                for code in codes:
                    if 0x2E80 <= code <= 0x2FDF and ideographs:
                        mapping.setdefault(code, chr(ideographs[0]))
    return mapping


def normalise(text: str) -> str:
    """Radicals → ideographs, NFKC, no whitespace."""
    text = text.translate(radical_map())
    text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


def pdf_pages(data: bytes) -> list[str]:
    """The normalised text of every page of a PDF."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [normalise(page.extract_text() or "") for page in reader.pages]
