"""The resized copies of figures, made with Pillow through a content-hash cache.

:func:`image_variants` returns ``(file, output path)`` pairs for the writer to
copy, like the originals.  Each copy is made once and kept in
``.cache/images/`` under a name derived from the source bytes and the recipe
(width, format, quality, Pillow version), so a rebuild after an edit only
resizes new or changed pictures, and an edited picture never shows a stale
copy.  Encoding is deterministic: no metadata, fixed quality and method, so two
builds give byte-identical files.  Copies are written to a temporary name and
renamed, so a killed build never leaves a half-written file in the cache.
"""

from __future__ import annotations

import hashlib
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageOps

from .model import Site
from .pictures import Variant, variants

CACHE_FOLDER = Path(".cache") / "images"
"""Where copies are kept, relative to the site root (``.cache/`` is git-ignored)."""

RECIPE = {"jpeg": "q82-progressive-optimize", "png": "optimize", "webp": "q78-m4"}
"""How each format is encoded; part of the cache key, so a change here remakes every copy."""


@dataclass(frozen=True)
class Job:
    """One copy to provide: which source, which variant, where it goes in the output."""

    source: Path
    variant: Variant
    output: str


def image_jobs(site: Site, root: Path) -> list[Job]:
    """Every resized copy the site's figures need, sorted by output path, without repeats."""
    jobs: dict[str, Job] = {}
    for key in sorted(site.articles):
        article = site.articles[key]
        folder = root / Path(article.path).parent
        for figure in article.figures:
            for variant in variants(figure.src, figure.width, figure.height):
                output = f"{article.key}/{variant.src}"
                jobs.setdefault(output, Job(folder / figure.src, variant, output))
    return [jobs[output] for output in sorted(jobs)]


def cache_name(source_digest: str, variant: Variant) -> str:
    """The cache file name of a copy: a hash of the source's SHA-256 and the recipe, then the width."""
    recipe = f"{variant.format}:{RECIPE[variant.format]}:{variant.width}x{variant.height}:pillow-{PIL.__version__}"
    digest = hashlib.sha256(f"{source_digest}\0{recipe}".encode()).hexdigest()[:32]
    extension = {"jpeg": "jpg"}.get(variant.format, variant.format)
    return f"{digest}-{variant.width}w.{extension}"


def encode(data: bytes, variant: Variant) -> bytes:
    """The bytes of one resized copy of the image ``data``."""
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        icc = opened.info.get("icc_profile")
        if variant.format == "jpeg" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        elif image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA" if "transparency" in opened.info or image.mode in ("PA", "P") else "RGB")
        resized = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if variant.format == "jpeg":
        resized.save(buffer, "JPEG", quality=82, progressive=True, optimize=True, **extra)
    elif variant.format == "png":
        resized.save(buffer, "PNG", optimize=True, **extra)
    else:
        resized.save(buffer, "WEBP", quality=78, method=4, **extra)
    return buffer.getvalue()


def provide(job: Job, cache: Path, data: bytes, source_digest: str) -> tuple[Path, str, bool]:
    """The cached file of a copy (``data`` is its source's bytes), made first if missing; also whether it had to be made."""
    file = cache / cache_name(source_digest, job.variant)
    if file.is_file():
        return file, job.output, False
    temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    temporary.write_bytes(encode(data, job.variant))
    os.replace(temporary, file)
    return file, job.output, True


@dataclass(frozen=True)
class VariantReport:
    """What :func:`image_variants` did."""

    copies: tuple[tuple[Path, str], ...]
    """(cached file, output path) for the writer, sorted by output path."""
    made: int
    """How many copies had to be encoded (the rest came from the cache)."""


def image_variants(site: Site, root: Path, workers: int | None = None) -> VariantReport:
    """Provide every resized copy the site needs from the cache, making the missing ones."""
    jobs = image_jobs(site, root)
    if not jobs:
        return VariantReport((), 0)
    cache = root / CACHE_FOLDER
    cache.mkdir(parents=True, exist_ok=True)
    by_source: dict[Path, list[Job]] = {}
    for job in jobs:  # a picture shown by many reports (or in many sizes) is read once
        by_source.setdefault(job.source, []).append(job)

    def provide_all(source: Path) -> list[tuple[Path, str, bool]]:
        data = source.read_bytes()
        source_digest = hashlib.sha256(data).hexdigest()
        return [provide(job, cache, data, source_digest) for job in by_source[source]]

    with ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1)) as pool:  # Pillow encodes without the GIL
        made = dict(zip(by_source, pool.map(provide_all, by_source)))
    results = sorted((result for group in made.values() for result in group), key=lambda result: result[1])
    return VariantReport(tuple((file, output) for file, output, _ in results), sum(made for _, _, made in results))
