"""Pagefind's index files, rewritten so that two builds of one site are byte-identical.

Pagefind 1.5 writes the values of each filter, the list of filters and the list of
sort orders in Rust hash-map order, which changes from run to run (upstream issue
Pagefind/pagefind#638).  So do the names of the filter files and of the metadata
file, since a file is named by a hash of its contents.  Everything else Pagefind
writes (word indexes, fragments, scripts) is already stable.
:func:`canonicalise_index` puts those lists in a fixed order and names the rewritten
files the way Pagefind would have named them, had it written that order itself.

The files, as Pagefind 1.5 writes them (``pagefind/src/index/`` and ``src/output/``):

- Every ``*.pf_*`` file is ``gzip(b"pagefind_dcd" + CBOR)``.
- ``filter/<lang>_<hash>.pf_filter``: ``[filter, [[value, [page, …]], …]]``.
- ``pagefind.<lang>_<hash>.pf_meta``: ``[version, pages, index chunks,
  [[filter, "<lang>_<hash>"], …], [[sort, [page, …]], …], …]``.
- ``pagefind-entry.json``: ``{"version", "languages": {lang: {"hash": "<lang>_<hash>", …}}, …}``
  names each language's metadata file.
- ``<hash>`` is the SHA-1 of the CBOR (without the prefix, uncompressed) written as
  hex *without zero padding*: each byte as ``format!("{:x}")``, so ``0x0b`` gives ``b``.
  A filter (also word-index, fragment) file keeps 7 characters of it, more on a clash
  within its language; the metadata file keeps ``len(lang) + 8``.

The search script finds every file by the names these files give, so new names work
as long as the references are rewritten with them (the browser tests search and
filter on a rewritten index).  Anything that does not look like the above (another
Pagefind version) raises :class:`UnexpectedIndex` and the build fails, rather than
publishing an index the search script cannot read.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

SUPPORTED = "1.5"
"""The Pagefind release line (1.5.x) whose files this module knows; pyproject.toml pins the same."""
PREFIX = b"pagefind_dcd"
"""What every Pagefind data file starts with, inside the gzip."""
ENTRY = "pagefind-entry.json"
"""The file that names each language's metadata file."""
FILTER_HASH_LENGTH = 7
"""Hex characters of a filter file's name after ``<lang>_`` (unless two clash)."""
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
"""Gzip header with no name and time 0, maximum compression, unknown OS: what Pagefind's encoder writes."""


class UnexpectedIndex(Exception):
    """Pagefind's files are not what this module knows how to rewrite; the message says what was found."""


@dataclass(frozen=True)
class FilterFile:
    """One decoded filter file: the filter's name and its values, each with its page numbers."""

    name: str
    """The filter's name (``地区``)."""
    values: tuple[tuple[str, tuple[int, ...]], ...]
    """(value, page numbers) in the order of the file."""

    def mapping(self) -> dict[str, tuple[int, ...]]:
        """Value → page numbers (what the file means, whatever its order)."""
        return dict(self.values)


def canonicalise_index(bundle: Path) -> None:
    """Put the filter files, metadata files and entry file under ``bundle`` in a fixed order and name.

    ``bundle`` is Pagefind's output folder (``pagefind/``).  Raises :class:`UnexpectedIndex`
    before changing anything when a file does not look like Pagefind 1.5's.
    """
    entry = read_entry(bundle / ENTRY)
    plans = [_plan_language(bundle, language, entry["languages"][language]["hash"]) for language in sorted(entry["languages"])]
    for plan in plans:  # everything decoded and checked: now write
        _write_plan(bundle, plan)
        entry["languages"][plan.language]["hash"] = plan.meta_name
    entry["languages"] = {language: entry["languages"][language] for language in sorted(entry["languages"])}
    (bundle / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def pagefind_hash(body: bytes) -> str:
    """Pagefind's hash of a file's CBOR body: SHA-1, each byte in hex without zero padding."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(body).digest())


def pack(body: bytes) -> bytes:
    """A data file's bytes from its CBOR: the prefix and the CBOR, gzipped the same way every time."""
    data = PREFIX + body
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate; header and trailer below
    deflated = compressor.compress(data) + compressor.flush()
    return GZIP_HEADER + deflated + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def unpack(path: Path) -> tuple[Any, bytes]:
    """The CBOR value of a data file and its CBOR bytes; :class:`UnexpectedIndex` if it is not one."""
    try:
        data = gzip.decompress(path.read_bytes())
    except FileNotFoundError:
        raise UnexpectedIndex(f"{path.name} is missing") from None
    except (OSError, EOFError, zlib.error) as error:
        raise UnexpectedIndex(f"{path.name} is not gzip ({error})") from None
    if not data.startswith(PREFIX):
        raise UnexpectedIndex(f"{path.name} does not start with {PREFIX.decode()}")
    body = data[len(PREFIX) :]
    try:
        value = cbor2.loads(body)
    except (cbor2.CBORDecodeError, ValueError) as error:
        raise UnexpectedIndex(f"{path.name} is not CBOR ({error})") from None
    if cbor2.dumps(value) != body:  # anything cbor2 would write differently is something we do not know
        raise UnexpectedIndex(f"{path.name} holds CBOR this reader would not write back unchanged")
    return value, body


def read_entry(path: Path) -> dict[str, Any]:
    """``pagefind-entry.json``, checked: a supported version and a metadata file name per language."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UnexpectedIndex(f"{path.name} is missing") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise UnexpectedIndex(f"{path.name} is not JSON ({error})") from None
    if not isinstance(entry, dict) or not isinstance(entry.get("languages"), dict):
        raise UnexpectedIndex(f"{path.name} has no languages")
    version = entry.get("version")
    if not supported_version(version):
        raise UnexpectedIndex(f"{path.name} is from Pagefind {version}, not {SUPPORTED}.x")
    for language, about in entry["languages"].items():
        if not isinstance(about, dict) or not isinstance(about.get("hash"), str) or not about["hash"].startswith(f"{language}_"):
            raise UnexpectedIndex(f"{path.name} names no metadata file for {language}")
    return entry


def supported_version(version: object) -> bool:
    """Whether ``version`` (``"1.5.2"``) belongs to the :data:`SUPPORTED` release line."""
    return isinstance(version, str) and version.split(".")[:2] == SUPPORTED.split(".")


def read_filter(path: Path) -> FilterFile:
    """A filter file, decoded and checked."""
    value, _ = unpack(path)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], list)):
        raise UnexpectedIndex(f"{path.name} is not [filter, values]")
    values = []
    for item in value[1]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and _is_page_list(item[1])):
            raise UnexpectedIndex(f"{path.name} has a value that is not [text, [page, …]]")
        values.append((item[0], tuple(item[1])))
    if len({text for text, _ in values}) != len(values):
        raise UnexpectedIndex(f"{path.name} lists a value twice")
    return FilterFile(value[0], tuple(values))


def canonical_filter(filter_file: FilterFile) -> bytes:
    """The CBOR of a filter file with its values sorted (page lists as they were)."""
    return cbor2.dumps([filter_file.name, [[text, list(pages)] for text, pages in sorted(filter_file.values)]])


@dataclass(frozen=True)
class _LanguagePlan:
    """What to write for one language: new files by name, old files to remove."""

    language: str
    meta_name: str
    writes: tuple[tuple[str, bytes], ...]
    """(path in the bundle, CBOR body) of every file to write."""
    removals: tuple[str, ...]
    """Paths in the bundle of the files they replace."""


def _plan_language(bundle: Path, language: str, meta_name: str) -> _LanguagePlan:
    """Decode one language's metadata and filter files and work out their canonical forms."""
    meta_path = f"pagefind.{meta_name}.pf_meta"
    meta, _ = unpack(bundle / meta_path)
    if not (isinstance(meta, list) and len(meta) >= 5 and supported_version(meta[0]) and isinstance(meta[3], list) and isinstance(meta[4], list)):
        raise UnexpectedIndex(f"{meta_path} is not [version, pages, chunks, filters, sorts, …] of Pagefind {SUPPORTED}.x")
    filters, sorts = meta[3], meta[4]
    if not all(isinstance(f, list) and len(f) == 2 and isinstance(f[0], str) and isinstance(f[1], str) and f[1].startswith(f"{language}_") for f in filters):
        raise UnexpectedIndex(f"{meta_path} has a filter that is not [name, {language}_hash]")
    if not all(isinstance(s, list) and len(s) == 2 and isinstance(s[0], str) and _is_page_list(s[1]) for s in sorts):
        raise UnexpectedIndex(f"{meta_path} has a sort order that is not [name, [page, …]]")
    if len({name for name, _ in filters}) != len(filters):
        raise UnexpectedIndex(f"{meta_path} lists a filter twice")

    writes: list[tuple[str, bytes]] = []
    removals = [meta_path]
    names: set[str] = set()
    new_filters = []
    for name, old_hash in sorted(filters):
        old_path = f"filter/{old_hash}.pf_filter"
        filter_file = read_filter(bundle / old_path)
        if filter_file.name != name:
            raise UnexpectedIndex(f"{old_path} holds the filter {filter_file.name}, not {name}")
        body = canonical_filter(filter_file)
        full = pagefind_hash(body)
        length = FILTER_HASH_LENGTH
        while full[:length] in names and length < len(full):  # a clash: one character more, as Pagefind does
            length += 1
        names.add(full[:length])
        new_hash = f"{language}_{full[:length]}"
        new_filters.append([name, new_hash])
        writes.append((f"filter/{new_hash}.pf_filter", body))
        removals.append(old_path)
    new_meta = [meta[0], meta[1], meta[2], new_filters, sorted(sorts, key=lambda s: s[0]), *meta[5:]]
    body = cbor2.dumps(new_meta)
    new_meta_name = f"{language}_{pagefind_hash(body)[: len(language) + 8]}"
    writes.append((f"pagefind.{new_meta_name}.pf_meta", body))
    return _LanguagePlan(language, new_meta_name, tuple(writes), tuple(removals))


def _write_plan(bundle: Path, plan: _LanguagePlan) -> None:
    """Remove a language's old files and write its new ones (a name may be both: the same bytes then)."""
    for path in plan.removals:
        (bundle / path).unlink(missing_ok=True)
    for path, body in plan.writes:
        (bundle / path).write_bytes(pack(body))


def _is_page_list(value: object) -> bool:
    """Whether ``value`` is a list of page numbers."""
    return isinstance(value, list) and all(isinstance(page, int) and not isinstance(page, bool) and page >= 0 for page in value)
