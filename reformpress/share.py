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
QR_MASK = 4
"""The data mask, fixed rather than chosen per code.

Choosing the best of the eight masks means drawing and scoring all eight: 70 % of the time
segno spends on a code (7 ms of 10 ms here; 35 s of CPU for a site of 5,000 reports).  Every
decoder reads every mask; scoring only steers away from patterns that trouble poor scanners.
Mask 4 is the one the scoring picks most often for our page addresses (115 of 300 tried), and
``tests/test_reader_tools.py`` scans a code from a browser screenshot with zxing-cpp.
"""


@lru_cache(maxsize=4096)
def qr_svg(url: str, scale: int = 3) -> str:
    """Inline ``<svg>`` of a QR code holding ``url`` (error correction M, mask 4, quiet zone of 2 modules)."""
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    svg = code.svg_inline(scale=scale, border=2, dark="#000", light="#fff", svgclass="qr-code", lineclass=None, omitsize=False)
    label = escape(QR_LABEL.format(url=url))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
