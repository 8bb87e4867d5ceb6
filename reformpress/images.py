"""Facts about image files: their pixel size, read from the file header with Pillow."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"})
ORIENTATION_TAG = 0x0112
"""EXIF orientation; values 5–8 mean the picture is shown turned by a quarter."""


def image_size(file: Path) -> tuple[int, int] | str:
    """(width, height) of a raster image as shown (EXIF orientation applied), ``(0, 0)`` for SVG, or a reason it cannot be read."""
    if file.suffix.lower() == ".svg":
        return (0, 0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            if image.getexif().get(ORIENTATION_TAG) in (5, 6, 7, 8):  # shown turned a quarter: browsers follow the tag
                return height, width
            return width, height
    except UnidentifiedImageError:
        return "@not-an-image"
    except (OSError, ValueError) as error:
        return getattr(error, "strerror", None) or str(error) or type(error).__name__
