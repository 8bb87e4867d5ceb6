"""Walk content/ in sorted order and read every series and case file.

This stage only reads: it splits front matter from the body, parses YAML with
the line of every key, and reports files it cannot read.  Whether the values
make sense is :mod:`reformpress.content.checks`'s job.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem, problem
from ..text.textfile import read_text
from ..text.yamlio import Lines, load_yaml
from .config import SLUG_RE

CASE_NAME_RE = re.compile(r"^(?P<number>\d{1,4})(?:-(?P<rest>.+))?\.(?P<ext>md|markdown|yaml|yml)$")
"""``16-gutian-sixia.md``: number, then an optional name, then the kind."""

ASSET_DIRS = ("images",)
"""Folders inside a series that hold pictures rather than case files."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed text file: YAML data with key lines, plus a Markdown body if any."""

    path: str
    """Path relative to the site root, with forward slashes."""
    data: dict[str, Any]
    lines: Lines
    body: str = ""
    body_line: int = 1
    """File line on which the body starts."""
    digest: str = ""
    """The hash of the whole file's text as read (:func:`text_digest`): what tells, when the texts are read again, that the file is still the one checked."""
    aside: bool = False
    """The file's contents were set aside to save memory (:mod:`reformpress.content.aside`): the body, and the front matter but the keys checked across series (:data:`~reformpress.content.aside.ACROSS_SERIES`); ``data`` is empty."""


@dataclass(frozen=True, slots=True)
class CaseSource:
    """One case file as read from disk."""

    doc: Document
    kind: str
    """``md`` or ``yaml``."""
    file_number: int
    file_slug: str
    """The name after the number if it is a valid slug, else empty."""
    folder: str
    """Folder of the case file, relative to the site root (images resolve from here)."""


@dataclass(frozen=True)
class SeriesSource:
    """A series folder: its _series.yaml and its case files, in name order."""

    slug: str
    path: str
    meta: Document | None
    cases: tuple[CaseSource, ...]


@dataclass(frozen=True)
class Sources:
    """Everything read from content/."""

    root: Path
    """Site root (the folder holding site.yaml)."""
    series: tuple[SeriesSource, ...]


WINDOWS_RESERVED = frozenset(["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))])
"""Names Windows keeps for devices, with any extension (``con``, ``nul.jpg``, ``COM1.md``): such a file cannot be opened there."""


def portable_names(root: Path, content_dir: str = "content") -> list[Problem]:
    """Names under ``root/content_dir`` that break on Windows or macOS: reserved device names, and two names differing only in case (or Unicode form)."""
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(root / content_dir):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        names = [name for name in dirs + files if not name.startswith(".")]
        folded = [name.lower() if name.isascii() else unicodedata.normalize("NFC", name).casefold() for name in names]
        reserved = [name for name in names if name.partition(".")[0].lower().rstrip(" ") in WINDOWS_RESERVED]
        if not reserved and len(set(folded)) == len(folded):
            continue  # the common case, decided without a path or a message
        here = Path(folder).relative_to(root).as_posix()
        for name in sorted(reserved):
            stem, dot, suffix = name.partition(".")
            problems.append(problem("reserved-name", f"{here}/{name}", None, name=name, fixed=f"{stem}-1{dot}{suffix}"))
        seen: dict[str, str] = {}
        for name, key in sorted(zip(names, folded)):
            if key in seen:
                problems.append(problem("name-collision", f"{here}/{name}", None, name=name, other=seen[key]))
            else:
                seen[key] = name
    return problems


def read_sources(root: Path, content_dir: str = "content") -> tuple[Sources, list[Problem]]:
    """Read every series under ``root/content_dir``; return them and the problems met."""
    folders, problems = series_folders(root, content_dir)
    content_real = (root / content_dir).resolve()
    series = [read_series(root, folder, content_real, problems) for folder in folders]
    return Sources(root, tuple(series)), problems


def series_folders(root: Path, content_dir: str = "content") -> tuple[list[Path], list[Problem]]:
    """The series folders under ``root/content_dir`` in sorted order, and the problems with what else is there."""
    problems: list[Problem] = []
    content = root / content_dir
    folders: list[Path] = []
    if not content.is_dir():
        return [], [problem("no-series", content_dir, None)]
    content_real = content.resolve()
    for entry in sorted(content.iterdir()):
        rel = entry.relative_to(root).as_posix()
        if entry.name.startswith("."):
            continue
        if not _inside(entry, content_real):
            problems.append(problem("outside-content", rel, None, name=rel))
            continue
        if entry.is_dir():
            folders.append(entry)
        else:
            problems.append(problem("stray-file", rel, None, name=entry.name))
    if not folders and not problems:
        problems.append(problem("no-series", content_dir, None))
    return folders, problems + portable_names(root, content_dir)


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (following links) stays inside ``folder``."""
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def read_series(root: Path, folder: Path, content_real: Path, problems: list[Problem]) -> SeriesSource:
    """One series folder (``content_real``: the content folder, links resolved); what is wrong is added to ``problems``."""
    rel = folder.relative_to(root).as_posix()
    if not SLUG_RE.match(folder.name):
        problems.append(problem("bad-slug", rel, None, slug=folder.name))
    meta_file = folder / "_series.yaml"
    meta = None
    if meta_file.is_file():
        meta = read_yaml_document(meta_file, root, problems)
    else:
        problems.append(problem("no-series-file", rel, None, name=rel))
    cases = []
    for entry in sorted(folder.iterdir()):
        entry_rel = entry.relative_to(root).as_posix()
        if entry.name.startswith(".") or entry.name == "_series.yaml":
            continue
        if not _inside(entry, content_real):
            problems.append(problem("outside-content", entry_rel, None, name=entry_rel))
            continue
        if entry.is_dir():
            if entry.name not in ASSET_DIRS:
                problems.append(problem("stray-file", entry_rel, None, name=entry.name + "/"))
            continue
        if not CASE_NAME_RE.match(entry.name):
            problems.append(problem("stray-file", entry_rel, None, name=entry.name))
            continue
        case = read_case(root, entry, problems)
        if case is not None:
            cases.append(case)
    return SeriesSource(folder.name, rel, meta, tuple(cases))


def read_case(root: Path, file: Path, problems: list[Problem]) -> CaseSource | None:
    """One case file (its name matches :data:`CASE_NAME_RE`), or ``None`` with what is wrong added to ``problems``."""
    match = CASE_NAME_RE.match(file.name)
    assert match is not None, file
    kind = "md" if match["ext"] in ("md", "markdown") else "yaml"
    doc = read_markdown_document(file, root, problems) if kind == "md" else read_yaml_document(file, root, problems)
    if doc is None:
        return None
    rest = match["rest"] or ""
    return CaseSource(doc, kind, int(match["number"]), rest if SLUG_RE.match(rest) else "", file.parent.relative_to(root).as_posix())


def read_yaml_document(file: Path, root: Path, problems: list[Problem]) -> Document | None:
    """A whole-file YAML mapping (``_series.yaml``, ``NN-slug.yaml``), or ``None`` on problems."""
    rel = file.relative_to(root).as_posix()
    text, found = read_text(file, rel)
    problems.extend(found)
    if text is None:
        return None
    data, lines, found = load_yaml(text, rel)
    document = _document(rel, data, lines, found, problems)
    return None if document is None else Document(rel, document.data, lines, digest=text_digest(text))


def read_markdown_document(file: Path, root: Path, problems: list[Problem]) -> Document | None:
    """A Markdown file with ``---`` front matter, or ``None`` on problems."""
    rel = file.relative_to(root).as_posix()
    text, found = read_text(file, rel)
    problems.extend(found)
    if text is None:
        return None
    return parse_markdown_document(text, rel, problems)


def parse_markdown_document(text: str, rel: str, problems: list[Problem]) -> Document | None:
    """Split ``---`` front matter from a Markdown body and parse it (pure)."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        problems.append(problem("no-front-matter", rel, 1))
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.append(problem("unclosed-front-matter", rel, 1))
        return None
    data, key_lines, found = load_yaml("\n".join(lines[1:end]), rel, first_line=2)
    if data is None and not found:
        data = {}
    document = _document(rel, data, key_lines, found, problems)
    if document is None:
        return None
    return Document(rel, document.data, key_lines, "\n".join(lines[end + 1 :]), end + 2, text_digest(text))


def text_digest(text: str) -> str:
    """The hash of a file's text, as :attr:`Document.digest` holds it."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _document(rel: str, data: Any, lines: Lines, found: list[Problem], problems: list[Problem]) -> Document | None:
    problems.extend(found)
    if found:
        return None
    if not isinstance(data, dict):
        kind = "@list" if isinstance(data, list) else "@text"
        problems.append(problem("yaml-not-mapping", rel, 1, found=kind))
        return None
    return Document(rel, data, lines)


# What a new report in a series starts from (new, the editing desk)

def next_number(folder: Path) -> int:
    """One more than the highest number a case file in ``folder`` carries (1 for an empty series)."""
    numbers = [int(match["number"]) for entry in folder.iterdir() if (match := CASE_NAME_RE.match(entry.name))]
    return max(numbers, default=0) + 1


def series_default_source(folder: Path) -> str:
    """The ``source:`` of a series' ``_series.yaml``, read leniently ("" if none)."""
    return series_setting(folder, "source")


def series_setting(folder: Path, key: str) -> str:
    """One text setting of a series' ``_series.yaml``, read leniently ("" if it is not there or not readable)."""
    try:
        data = yaml.safe_load((folder / "_series.yaml").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    value = data.get(key) if isinstance(data, dict) else None
    return str(value).strip() if isinstance(value, (str, int, float)) else ""
