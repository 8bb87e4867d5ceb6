"""The share block's QR code: a page's public URL drawn at build time as inline SVG (segno).

Readers of government news sites expect "扫一扫在手机打开当前页": a code they
scan with a phone to carry the page over.  Drawing it at build time means no
third-party service sees the reader and the page works offline and in print.
The SVG is a labelled image (``role="img"`` with an ``aria-label``) so screen
readers announce it rather than read out its path data.
"""

from __future__ import annotations

from functools import lru_cache

import segno
from markupsafe import escape

QR_LABEL = "本页网址的二维码：{url}"
"""Accessible name of the code; a screen reader hears the address it holds."""


@lru_cache(maxsize=4096)
def qr_svg(url: str, scale: int = 3) -> str:
    """Inline ``<svg>`` of a QR code holding ``url`` (error correction M, quiet zone of 2 modules)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=scale, border=2, dark="#000", light="#fff", svgclass="qr-code", lineclass=None, omitsize=False)
    label = escape(QR_LABEL.format(url=url))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
