"""Every cache of a build: what it holds, its key, and what makes an entry stale — the one list.

Everything lives under ``.cache/`` beside site.yaml (git-ignored).  Deleting it at any time is
safe: the next build is a full one and writes the same bytes.  No entry is ever *wrong* for
its key — a key is the hash of everything the value was made from — so "stale" means only
that a changed input makes a new key, and the old entry is pruned after a few builds
(:data:`reformpress.incremental.cache.KEEP_BUILDS`) once no build uses it.

What a **template change** invalidates (the question asked most): the Jinja bytecode of that
template (keyed by its source); every page's key, because :data:`PAGE_KEYS` hash the whole
template set — so every page is rendered again, and the files whose bytes come out equal are
kept as they are; the up-to-date record and the edit index (a template is an input file: the
next build is a full one).  Not the articles (:data:`ARTICLE_KIND`: Markdown reads no
template), not the image sizes or copies, and not the search shards of pages whose bytes did
not change (:data:`SEARCH_FOLDER`: keyed by the pages' digests).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CACHE_DIR = ".cache"
"""The cache folder, under the site root."""


@dataclass(frozen=True)
class Kind:
    """One kind of cached thing."""

    name: str
    """Its name in the SQLite table ``entries`` (column ``kind``), or its folder under ``.cache/``."""
    holds: str
    key: str
    stale_when: str
    """The inputs whose change gives a new key (or drops the entry)."""
    module: str
    """Where it is read and written."""


ARTICLE_KIND = "article"
OUTLINE_KIND = "outline"
IMAGE_SIZE_KIND = "image-size"
MANIFEST_KIND = "output-manifest"
SPARE_KIND = "output-spare"
STATE_KIND = "up-to-date"
EDITS_KIND = "edits"
TABLES_KIND = "edit-tables"
JINJA_FOLDER = "jinja"
IMAGES_FOLDER = "images"
SEARCH_FOLDER = "search"
PAGE_KEYS = "page keys"

KINDS: tuple[Kind, ...] = (
    Kind(ARTICLE_KIND, "a rendered report (its sections' HTML, figures, card), packed", "hash of the engine's code and library versions, the case file, the site.yaml settings articles read (sections, regions, allowed HTML), its series and its pictures' sizes",
         "the case file, its series' _series.yaml, those site.yaml settings, a picture it shows (size), the code", "incremental.articles, incremental.shelf"),
    Kind(OUTLINE_KIND, "the outline and card of that report (what the site's tables and lists need)", "the same key as its article", "as the article", "incremental.articles"),
    Kind(IMAGE_SIZE_KIND, "a picture's width and height", "the picture file's settled stamp (device, inode, size, times)", "the file is written, replaced or touched", "incremental.image_sizes"),
    Kind(MANIFEST_KIND, "what every file of the output is: its page key or source stamp, its SHA-256 and stamp", "the output folder", "each build writes it anew; a file whose stamp moved is not trusted", "incremental.manifests, for publish.output"),
    Kind(SPARE_KIND, "the same for the hidden previous site kept as the next staging folder", "the output folder", "each build", "incremental.manifests, for publish.output"),
    Kind(STATE_KIND, "the up-to-date record: every input file's metadata, the fingerprint of engine and options, the output's stamps, the next scheduled date", "the output folder",
         "any input file, the code, libraries or options; the output touched; a scheduled report falling due", "incremental.uptodate"),
    Kind(EDITS_KIND, "the edit index: inputs' metadata and the articles' digests of the last build", "the output folder", "as the up-to-date record; dropped before an edit's pages are written", "incremental.quick"),
    Kind(TABLES_KIND, "the site's tables and what every page and feed read, for the edit index", "the output folder (marked by the build that made them)", "any change but an edit of a report's text", "incremental.quick"),
    Kind(PAGE_KEYS, "(inside the output manifest) the key each page was rendered from", "hash of the template set, site.yaml, the code and the page's exact context (each report in it by its article key)",
         "a template, site.yaml, the code, or anything the page shows", "incremental.rendering"),
    Kind(JINJA_FOLDER, "Jinja's compiled templates (a folder)", "each template's source", "the template's text", "pages.render (Jinja's FileSystemBytecodeCache)"),
    Kind(IMAGES_FOLDER, "the smaller WebP/JPEG copies of figures (a folder)", "hash of the source picture's bytes and the recipe (width, format, quality, Pillow version)", "the picture, the recipe", "publish.picture_copies"),
    Kind(SEARCH_FOLDER, "the search index's shards, each the reports, term sets and pair positions of a few hundred pages, with its manifest (a folder)", "hash of the index format and the paths and digests of the shard's pages",
         "a page of the shard changes bytes, pages are added or removed near it, the index format changes", "publish.search"),
)
"""Every kind, in the order a build first meets them."""


def cache_folder(root: Path, kind: str) -> Path:
    """The folder of a folder kind (:data:`JINJA_FOLDER`, :data:`IMAGES_FOLDER`, :data:`SEARCH_FOLDER`) of the site at ``root``."""
    return root / CACHE_DIR / kind
