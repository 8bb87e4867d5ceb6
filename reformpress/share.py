"""The share block's QR code: a page's public URL drawn at build time as inline SVG.

Readers of government news sites expect "扫一扫在手机打开当前页": a code they
scan with a phone to carry the page over.  Drawing it at build time means no
third-party service sees the reader and the page works offline and in print.
The SVG is a labelled image (``role="img"`` with an ``aria-label``) so screen
readers announce it rather than read out its path data.

zxing-cpp encodes the code (in C++: ≈ 0.25 ms a code, where pure-Python segno took
≈ 1.6 ms — 8 s of CPU for a site of 5,000 reports); this module draws its modules as
one SVG path, a rectangle per run of dark modules in a row.
"""

from __future__ import annotations

import re
from functools import lru_cache

import zxingcpp
from markupsafe import escape

QR_LABEL = "本页网址的二维码：{url}"
"""Accessible name of the code; a screen reader hears the address it holds."""
QUIET_ZONE = 2
"""Light modules around the code (scanners need some; the share block's white box adds more)."""
DARK_RUN = re.compile(rb"\x00+")
"""A run of dark modules in one row of zxing-cpp's image (0 is black, 255 white)."""


@lru_cache(maxsize=4096)
def qr_svg(url: str, scale: int = 3) -> str:
    """Inline ``<svg>`` of a QR code holding ``url`` (error correction M; ``scale`` px a module)."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = code.to_image(scale=1, add_quiet_zones=False)
    height, width = image.shape
    modules = bytes(memoryview(image))  # type: ignore[arg-type]  # a buffer, which its type stubs do not say
    side = width + 2 * QUIET_ZONE
    path = "".join(
        f"M{run.start() - row * width + QUIET_ZONE} {row + QUIET_ZONE}h{run.end() - run.start()}v1h-{run.end() - run.start()}z"
        for row in range(height)
        for run in DARK_RUN.finditer(modules, row * width, (row + 1) * width)
    )
    label = escape(QR_LABEL.format(url=url))
    return (
        f'<svg role="img" aria-label="{label}" class="qr-code" width="{side * scale}" height="{side * scale}" viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
        f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/><path fill="#000" d="{path}"/></svg>'
    )
