"""Facts about image files: their pixel size, read from the file header with Pillow."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"})


def image_size(file: Path) -> tuple[int, int] | str:
    """(width, height) of a raster image, ``(0, 0)`` for SVG, or a reason it cannot be read."""
    if file.suffix.lower() == ".svg":
        return (0, 0)
    try:
        with Image.open(file) as image:
            return image.size
    except UnidentifiedImageError:
        return "@not-an-image"
    except (OSError, ValueError) as error:
        return getattr(error, "strerror", None) or str(error) or type(error).__name__
