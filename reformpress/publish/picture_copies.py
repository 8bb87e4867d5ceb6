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
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageOps

from .. import urls
from ..content.image_files import on_disk
from ..model import Site
from ..text.pictures import Variant, variants
from .exif import without_personal_metadata
from .output import write_whole

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
    for key in sorted(site.outlines):
        article = site.outlines[key]
        folder = root / Path(article.path).parent
        for src, width, height in article.figures:
            for variant in variants(src, width, height):
                output = urls.picture_url(article.key, variant.src)
                jobs.setdefault(output, Job(on_disk(folder, src), variant, output))
    for series in site.series:  # the figures of a series' own editor's note
        for figure in series.note_figures:
            for variant in variants(figure.src, figure.width, figure.height):
                output = urls.series_picture_url(series.slug, variant.src)
                jobs.setdefault(output, Job(on_disk(root / series.path, figure.src), variant, output))
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
        if image.mode.startswith("I"):  # 16-bit grey (I;16) or 32-bit integers: scale to 8 bits, not clip to white
            image = image.convert("I").point(lambda value: value / 256).convert("L")
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


def source_digest(source: Path) -> str:
    """SHA-256 of a picture's bytes."""
    return hashlib.sha256(source.read_bytes()).hexdigest()


class SourceChanged(Exception):
    """A picture's bytes changed between reading them for its digest and for its copies (saved again while the build ran)."""

    def __init__(self, source: Path):
        super().__init__(str(source))
        self.source = source


def make(file: Path, source: Path, variant: Variant, digest: str) -> bool:
    """Encode the copy ``file`` of ``source`` unless the cache has it; whether it had to be made.

    The copy is written under a name no other process or thread uses, then renamed: a killed
    build never leaves half a file, and two builds making the same copy both end with a whole one.
    ``digest`` is the SHA-256 the copy's name was made from: bytes that no longer have it are
    never encoded under that name (:class:`SourceChanged`), so the cache cannot hold a copy of
    another picture than its name says.
    """
    if file.is_file():
        return False
    data = source.read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        raise SourceChanged(source)
    write_whole(file, encode(data, variant))
    return True


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
    sources = sorted({job.source for job in jobs})
    with ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1)) as pool:  # Pillow encodes without the GIL
        digests = dict(zip(sources, pool.map(source_digest, sources)))  # each picture read once, however many reports show it
        files = [cache / cache_name(digests[job.source], job.variant) for job in jobs]
        todo: dict[Path, tuple[Path, Variant]] = {}
        for job, file in zip(jobs, files):  # byte-identical pictures under other names share their copies: each made once
            todo.setdefault(file, (job.source, job.variant))
        made = sum(pool.map(lambda item: make(item[0], item[1][0], item[1][1], digests[item[1][0]]), sorted(todo.items())))
    return VariantReport(tuple((file, job.output) for file, job in zip(files, jobs)), made)


def published_original(source: Path, cache: Path) -> Path:
    """The file to publish for an original picture: itself, or a copy in the cache without its personal metadata.

    The copy is named by the SHA-256 of its bytes, so it is made once and two builds publish the same file.
    """
    data = source.read_bytes()
    clean = without_personal_metadata(data)
    if clean == data:
        return source
    file = cache / f"{hashlib.sha256(clean).hexdigest()[:32]}-original{source.suffix.lower()}"
    if not file.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        write_whole(file, clean)
    return file


def published_originals(images: Iterable[tuple[str, str]], root: Path) -> list[tuple[Path, str]]:
    """(file, output path) for every original picture the site publishes, each without GPS or camera data."""
    pairs = list(images)
    cache = root / CACHE_FOLDER
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        files = list(pool.map(lambda pair: published_original(on_disk(root, pair[0]), cache), pairs))
    return [(file, target) for file, (_, target) in zip(files, pairs)]
