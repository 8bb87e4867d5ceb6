"""Facts about image files: their pixel size, read from the file header with Pillow."""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable
from pathlib import Path
from xml.parsers import expat

from PIL import Image, UnidentifiedImageError

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"})
ORIENTATION_TAG = 0x0112
"""EXIF orientation; values 5–8 mean the picture is shown turned by a quarter."""

MAX_PIXELS = 50_000_000
"""The most pixels a picture may have (a 50-megapixel camera's photo); beyond that it is refused unread.

A 30000 × 30000 PNG compresses to about 100 KB yet takes gigabytes to decode: the size is read
from the header and checked before any pixel is decoded.
"""

TOO_MANY_PIXELS = "@too-many-pixels"
"""The start of :func:`image_size`'s reason for a picture over :data:`MAX_PIXELS`: ``@too-many-pixels:W×H``."""

def on_disk(folder: Path, src: str) -> Path:
    """``folder / src``, or ``src`` in the other Unicode form when only that file exists.

    A picture named on a Mac is stored decomposed (NFD: ``e`` + a combining accent) and copied
    that way to other machines, while editors type the composed form (NFC); macOS treats them
    as one name, Linux and Windows do not.  Names that the two forms write alike (ASCII, Chinese)
    are returned at once, without looking at the disk.
    """
    path = folder / src
    if unicodedata.is_normalized("NFD", src) and unicodedata.is_normalized("NFC", src):
        return path
    if path.exists():
        return path
    for form in ("NFD", "NFC"):
        other = folder / unicodedata.normalize(form, src)
        if other != path and other.exists():
            return other
    return path


SizeReader = Callable[[Path], "tuple[int, int] | str"]
"""Something that gives an image's size like :func:`image_size` (e.g. :class:`reformpress.incremental.image_sizes.ImageSizes`)."""


def image_size(file: Path) -> tuple[int, int] | str:
    """(width, height) of a raster image as shown (EXIF orientation applied), ``(0, 0)`` for SVG, or a reason it cannot be read.

    The pixels are decoded once (after the header's size is found within :data:`MAX_PIXELS`),
    so a truncated or damaged file is found here, by ``check`` as by ``build``, not later
    when its copies are made.
    """
    if file.suffix.lower() == ".svg":
        return (0, 0)
    try:
        with warnings.catch_warnings():  # Pillow warns of a "decompression bomb" at open; the size is checked just below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(file)
        with opened as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return f"{TOO_MANY_PIXELS}:{width}×{height}"
            turned = image.getexif().get(ORIENTATION_TAG) in (5, 6, 7, 8)  # shown turned a quarter: browsers follow the tag
            image.load()  # a truncated JPEG or PNG fails here ("image file is truncated")
            return (height, width) if turned else (width, height)
    except Image.DecompressionBombError as error:  # over Pillow's own limit: the header's size is in the message
        found = re.search(r"\((\d+) pixels\)", str(error))
        return f"{TOO_MANY_PIXELS}:{found.group(1) if found else '?'}"
    except UnidentifiedImageError:
        return "@not-an-image"
    except (OSError, ValueError, SyntaxError) as error:
        return getattr(error, "strerror", None) or str(error) or type(error).__name__


def svg_danger(file: Path) -> tuple[int, str] | None:
    """(line in the SVG, what) of the first thing in an SVG that could run code or pull in content, or ``None`` if it is clean.

    SVG pictures are published as they are, and a browser opening one runs its ``<script>``,
    its ``on…=`` handlers and its ``javascript:`` links.  The file is parsed with the standard
    library's expat, not searched with patterns; a DOCTYPE or entity declaration is refused
    outright (entities are how "billion laughs" and external-file tricks start).
    """

    class Found(Exception):
        """Stops the parse at the first danger."""

    parser = expat.ParserCreate(namespace_separator=" ")

    def stop(what: str) -> None:
        raise Found(parser.CurrentLineNumber, what)

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if local.lower() in ("script", "foreignobject"):
            stop(f"<{local}>")
        for key, value in attributes.items():
            attribute = key.rsplit(" ", 1)[-1]
            if attribute.lower().startswith("on"):
                stop(f"{attribute}=")
            if "".join(value.split()).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                stop(f'{attribute}="{value.strip()[:30]}"')

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = lambda *_: stop("<!DOCTYPE>")
    parser.EntityDeclHandler = lambda *_: stop("<!ENTITY>")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(file.read_bytes(), True)
    except Found as found:
        return found.args[0], found.args[1]
    except expat.ExpatError as error:
        return error.lineno, f"XML: {expat.ErrorString(error.code)}"
    return None
