"""Responsive pictures as data: which smaller copies a figure gets, their names and ``srcset``.

Pure naming, no pixels: the Markdown stage uses it to write ``<picture>``
markup, and :mod:`reformpress.publish.picture_copies` uses the same :func:`variants` list to
make the files, so markup and files cannot drift apart.

A raster figure ``images/launch.jpg`` (1200 × 675) gets

* WebP copies at 480, 800 and 1200 px (``images/480w/launch.jpg.webp`` …),
* copies in its own format at the widths below its own (``images/480w/launch.jpg``),
  with the untouched original as the widest fallback,

so a phone downloads a 480 px WebP of a few dozen kilobytes instead of the
original.  Originals wider than :data:`LARGEST` also get a copy of that width in
their own format, which then serves as ``src``.  GIF (may be animated) and SVG
are used as they are.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

WIDTHS = (480, 800, 1200)
"""Widths of the smaller copies, in CSS pixels at 1× … 2.5× of a phone or the article column."""

LARGEST = 1600
"""No copy is wider than this; the article column is at most 40em (640 px, 1280 px at 2×)."""

SIZES = "(min-width: 64rem) 40rem, calc(100vw - 2rem)"
"""How wide a figure is drawn, as style.css lays out the report: the 40em column beside the side column from
64rem on; below that the report is one column as wide as the screen less its margins."""

OWN_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".webp": "webp"}
"""File suffix → the Pillow format a copy in the original's own format is written in."""


@dataclass(frozen=True)
class Variant:
    """One resized copy of an image."""

    src: str
    """Path relative to the case file's folder, as in ``srcset`` (``images/480w/launch.jpg.webp``)."""
    width: int
    height: int
    format: str
    """Pillow format name: ``webp``, ``jpeg`` or ``png``."""


@dataclass(frozen=True)
class Picture:
    """What a ``<picture>`` element needs for one figure."""

    src: str
    """The ``<img src>``: the original, or its :data:`LARGEST` copy when the original is wider."""
    width: int
    height: int
    webp_srcset: str
    """``srcset`` of the WebP ``<source>``; empty when the original is WebP itself (then ``srcset`` holds it)."""
    srcset: str
    """``srcset`` of the ``<img>`` in the original's format."""


def responsive(src: str) -> bool:
    """Whether an image gets smaller copies (JPEG, PNG and WebP do; GIF and SVG do not)."""
    return posixpath.splitext(src)[1].lower() in OWN_FORMATS


def variant_src(src: str, width: int, webp: bool) -> str:
    """Where the copy of ``src`` at ``width`` lives: ``images/480w/launch.jpg`` or ``…/launch.jpg.webp``."""
    folder, name = posixpath.split(src)
    if webp and not name.lower().endswith(".webp"):
        name += ".webp"
    return posixpath.join(folder, f"{width}w", name)


def _scaled(width: int, height: int, to: int) -> int:
    return max(1, round(height * to / width))


def variants(src: str, width: int, height: int) -> tuple[Variant, ...]:
    """Every resized copy a figure of this size needs, smallest first, WebP before the own format."""
    if not responsive(src) or width <= 0 or height <= 0:
        return ()
    own = OWN_FORMATS[posixpath.splitext(src)[1].lower()]
    top = min(width, LARGEST)
    steps = [w for w in WIDTHS if w < top] + [top]
    found: list[Variant] = []
    for step in steps:
        tall = _scaled(width, height, step)
        if own != "webp":
            found.append(Variant(variant_src(src, step, True), step, tall, "webp"))
        if step < width:
            found.append(Variant(variant_src(src, step, False), step, tall, own))
    return tuple(found)


def picture(src: str, width: int, height: int) -> Picture | None:
    """The ``<picture>`` of a figure, or ``None`` when it is used as it is (GIF, SVG, unknown size)."""
    copies = variants(src, width, height)
    if not copies:
        return None
    own = [v for v in copies if v.format != "webp" or src.lower().endswith(".webp")]
    webp = [v for v in copies if v.format == "webp" and not src.lower().endswith(".webp")]
    fallback = [(v.src, v.width) for v in own]
    if width <= LARGEST:
        fallback.append((src, width))
    img_src, img_width = fallback[-1]
    return Picture(
        src=img_src,
        width=img_width,
        height=_scaled(width, height, img_width),
        webp_srcset=", ".join(f"{v.src} {v.width}w" for v in webp),
        srcset=", ".join(f"{path} {w}w" for path, w in fallback),
    )


def rebased(found: Picture, base: str) -> Picture:
    """The same picture linked from another page: ``base`` (``../16-a/``) put before every path."""

    def move(srcset: str) -> str:
        return ", ".join(f"{base}{candidate.strip()}" for candidate in srcset.split(",") if candidate.strip())

    return Picture(base + found.src, found.width, found.height, move(found.webp_srcset), move(found.srcset))
