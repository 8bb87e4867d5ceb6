"""The desk's backend: Decap CMS's local-backend protocol, answered from the site's own files.

Decap's ``proxy`` backend sends every request as one JSON ``POST``: ``{"action": …, "params": …}``
(the protocol of the npm package ``decap-server``, written here from its documentation and
behaviour).  :class:`DeskApi` answers the actions a simple-publish desk uses — ``info``,
``entriesByFolder``, ``entriesByFiles``, ``getEntry``, ``persistEntry``, ``getMedia``,
``getMediaFile``, ``persistMedia``, ``deleteFile``, ``deleteFiles``, ``getDeployPreview`` — and
three of its own: ``nameFor`` (a new report's file name), ``checkEntry`` (what ``check`` says of
one file) and ``importDocx`` (a Word file through ``import-docx``).

What travels is the *form* of a case (:mod:`reformpress.desk.casefile`) as JSON: the
collections are ``format: json`` over ``.md`` files, and this module turns files into forms and
forms back into patched files.  Every path is checked by :func:`safe_path`: inside ``content/``,
no ``..``, no absolute or drive paths, no backslashes, percent signs or control characters, no
hidden names, and no symbolic link that leads out.  Case files are written whole (a temporary
file, then a rename); their BOM and line endings are kept.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.config import load_config
from ..content.image_files import IMAGE_SUFFIXES
from ..content.sources import CASE_NAME_RE
from ..model import SectionSpec, SiteConfig
from ..problems import BuildFailed, Problem
from ..text.slugs import slugify
from . import casefile

MAX_UPLOAD_BYTES = 30 * 1024 * 1024
"""The largest picture or Word file the desk accepts (a phone photo is 2–12 MB)."""

Checker = Callable[[Path, str], list[Problem]]
"""What ``check`` finds: (site root, a case file's path from the root, or its series folder's) → the problems of that file, or of every file in that series."""

ATTENTION = "【需修改】"
"""Put before a report's title in the desk's list while ``check`` finds errors in it."""

Importer = Callable[[Path, Path, str], tuple[str, list[Problem]]]
"""``import-docx``: (a .docx file, the site root, the series) → (the new case's path from the root, the import's notes)."""


class Refused(Exception):
    """A request the desk will not carry out; ``status`` is the HTTP status, the message is for the editor."""

    def __init__(self, message: str, status: int = 422):
        super().__init__(message)
        self.status = status


_SAFE_PART = re.compile(r"^[^\x00-\x1f\\/%:*?\"<>|]+$")


def safe_path(root: Path, rel: object, *, must_exist: bool = False) -> Path:
    """``root / rel`` if ``rel`` names a place inside ``root/content``; :class:`Refused` (403) otherwise."""
    if not isinstance(rel, str) or not rel:
        raise Refused("路径缺失", 403)
    parts = rel.split("/")
    if rel.startswith("/") or re.match(r"^[A-Za-z]:", rel) or parts[0] != "content":
        raise Refused(f"只能访问 content/ 里的文件：{rel}", 403)
    if any(part in ("", ".", "..") or part.startswith(".") or not _SAFE_PART.match(part) for part in parts):
        raise Refused(f"路径不安全：{rel}", 403)
    content = (root / "content").resolve()
    target = root.joinpath(*parts)
    probe = target if target.exists() or target.is_symlink() else target.parent
    while not probe.exists() and probe != root:
        probe = probe.parent
    try:
        real = probe.resolve(strict=True)
    except (OSError, RuntimeError):
        raise Refused(f"路径不安全：{rel}", 403) from None
    if real != content and not real.is_relative_to(content):
        raise Refused(f"路径指向 content/ 以外：{rel}", 403)
    if must_exist and not target.is_file():
        raise Refused(f"没有这个文件：{rel}", 404)
    return target


def series_of(root: Path, rel: str) -> str:
    """The series slug of ``content/<series>/…``; :class:`Refused` for anything else."""
    parts = rel.split("/")
    if len(parts) < 2 or not (root / "content" / parts[1] / "_series.yaml").is_file():
        raise Refused(f"不是某个系列里的文件：{rel}", 403)
    return parts[1]


def _case_file(root: Path, rel: object) -> Path:
    path = safe_path(root, rel)
    parts = str(rel).split("/")
    if len(parts) != 3 or not CASE_NAME_RE.match(parts[2]) or not parts[2].endswith(".md"):
        raise Refused(f"稿件文件应为 content/<系列>/<编号>-<网址名>.md：{rel}", 403)
    series_of(root, str(rel))
    return path


def _media_file(root: Path, rel: object) -> Path:
    path = safe_path(root, rel)
    parts = str(rel).split("/")
    if len(parts) != 4 or parts[2] != "images" or Path(parts[3]).suffix.lower() not in IMAGE_SUFFIXES:
        raise Refused(f"图片只能放在 content/<系列>/images/ 里，且是 jpg、png、gif、webp 或 svg：{rel}", 403)
    series_of(root, str(rel))
    return path


_MAGIC = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"GIF87a", ".gif"), (b"GIF89a", ".gif"))


def picture_suffix(data: bytes) -> str | None:
    """The file type a picture's bytes say it is (``.jpg``, ``.png``, ``.gif``, ``.webp``, ``.svg``), or ``None``."""
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            return suffix
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return ".svg" if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower() else None


def safe_media_name(name: str, data: bytes) -> str:
    """An uploaded picture's file name as the site keeps it: lower-case ASCII letters, digits and ``-``, its real type's suffix.

    Decap drops what is not ASCII from a name before it sends it (``现场照片.jpg`` arrives as
    ``jpg``): such a name becomes ``picture-<first digits of its SHA-256>``.
    """
    suffix = picture_suffix(data)
    if suffix is None:
        raise Refused(f"{name} 不是能用的图片：请上传 jpg、png、gif 或 webp 照片")
    stem, given = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    if given.lower().lstrip(".") not in ("jpg", "jpeg", "png", "gif", "webp", "svg"):
        stem = ""  # no suffix at all: what is left of the name is its old suffix, not a name
    clean = slugify(stem) if re.search(r"[A-Za-z0-9\u3400-\u9fff]", stem) else ""  # slugify makes "x" of nothing
    return f"{clean or 'picture-' + hashlib.sha256(data).hexdigest()[:8]}{suffix}"


def _decoded(content: object) -> bytes:
    if not isinstance(content, str):
        raise Refused("上传的文件内容缺失")
    if len(content) > MAX_UPLOAD_BYTES * 4 // 3 + 8:
        raise Refused(f"文件太大：最多 {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise Refused("上传的文件内容无法读取（应为 base64）") from None


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".desk-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class _Text:
    """A case file's text as the desk edits it (LF line ends, no BOM) and how to write it back."""

    text: str
    bom: bool
    crlf: bool

    @classmethod
    def read(cls, data: bytes) -> _Text:
        bom = data.startswith(b"\xef\xbb\xbf")
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
        crlf = "\r\n" in text
        return cls(text.replace("\r\n", "\n"), bom, crlf)

    def encode(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


class DeskApi:
    """The protocol over one site (see the module doc).  Thread-safe for one editor: every call reads the files afresh."""

    def __init__(self, root: Path, checker: Checker | None = None, importer: Importer | None = None):
        self.root = root.resolve()
        self.checker = checker
        self.importer = importer
        self.renamed: dict[str, str] = {}
        """Uploaded pictures' names as Decap gave them → the names they were kept under (this session's)."""

    def config(self) -> SiteConfig:
        try:
            return load_config(self.root / "site.yaml")
        except BuildFailed as failed:
            raise Refused("site.yaml 有错误，先改正它：\n" + failed.report()) from None

    def handle(self, request: object) -> Any:
        """Answer one request body; :class:`Refused` for what is not allowed."""
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            raise Refused("请求格式不对", 400)
        action = request["action"]
        params = request.get("params") or {}
        if not isinstance(params, dict):
            raise Refused("请求格式不对", 400)
        handler = getattr(self, "do_" + action, None) if re.fullmatch(r"[A-Za-z]+", action) else None
        if handler is None:
            raise Refused(f"Unknown action {action}", 422)
        return handler(params)

    # Decap's actions

    def do_info(self, params: dict[str, Any]) -> Any:
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def do_entriesByFolder(self, params: dict[str, Any]) -> Any:
        folder = safe_path(self.root, params.get("folder"))
        series_of(self.root, str(params.get("folder")))
        if not folder.is_dir():
            return []
        names = sorted(entry.name for entry in folder.iterdir() if entry.is_file() and CASE_NAME_RE.match(entry.name) and entry.suffix == ".md")
        rel = str(params["folder"]).rstrip("/")
        failing = {p.location.path for p in self.checker(self.root, rel) if p.severity == "error"} if self.checker else set()
        specs = self.config().sections  # site.yaml read once for the whole list, not once a report
        entries = [self._entry(f"{rel}/{name}", specs) for name in names]
        for entry in entries:  # the list shows which reports still need work
            if entry["data"] is not None and entry["file"]["path"] in failing:
                entry["data"] = json.dumps(dict(json.loads(entry["data"]), attention=ATTENTION), ensure_ascii=False)
        return entries

    def do_entriesByFiles(self, params: dict[str, Any]) -> Any:
        files = params.get("files")
        if not isinstance(files, list):
            raise Refused("请求格式不对", 400)
        specs = self.config().sections
        return [self._entry(item.get("path") if isinstance(item, dict) else None, specs) for item in files]

    def do_getEntry(self, params: dict[str, Any]) -> Any:
        return self._entry(params.get("path"), self.config().sections)

    def do_persistEntry(self, params: dict[str, Any]) -> Any:
        files = params.get("dataFiles") or ([params["entry"]] if isinstance(params.get("entry"), dict) else [])
        assets = params.get("assets") or []
        if not isinstance(files, list) or len(files) != 1 or not isinstance(files[0], dict) or not isinstance(assets, list):
            raise Refused("请求格式不对", 400)
        data_file = files[0]
        path = _case_file(self.root, data_file.get("path"))
        if data_file.get("newPath") not in (None, data_file.get("path")):
            raise Refused("桌面不改稿件的文件名；要改名请在文件夹里改")
        try:
            form = json.loads(data_file.get("raw") or "")
        except (TypeError, ValueError):
            raise Refused("稿件内容无法读取", 400) from None
        if not isinstance(form, dict):
            raise Refused("稿件内容无法读取", 400)
        for asset in assets:
            if not isinstance(asset, dict):
                raise Refused("请求格式不对", 400)
            asked = str(asset.get("path"))
            self.renamed[asked.rsplit("/", 1)[-1]] = self._save_media(asked, _decoded(asset.get("content"))).name
        form = _with_pictures(_renamed(form, self.renamed), self.config(), path.parent)
        self._write_case(path, form)
        return {"message": "entry persisted"}

    def do_getMedia(self, params: dict[str, Any]) -> Any:
        folder = safe_path(self.root, params.get("mediaFolder"))
        if not folder.is_dir():
            return []
        rel = str(params.get("mediaFolder")).rstrip("/")
        return [self._media(f"{rel}/{entry.name}") for entry in sorted(folder.iterdir()) if entry.is_file() and entry.suffix.lower() in IMAGE_SUFFIXES and not entry.name.startswith(".")]

    def do_getMediaFile(self, params: dict[str, Any]) -> Any:
        return self._media(params.get("path"))

    def do_persistMedia(self, params: dict[str, Any]) -> Any:
        asset = params.get("asset")
        if not isinstance(asset, dict):
            raise Refused("请求格式不对", 400)
        saved = self._save_media(str(asset.get("path")), _decoded(asset.get("content")))
        return self._media(saved.relative_to(self.root).as_posix())

    def do_deleteFile(self, params: dict[str, Any]) -> Any:
        path = _media_file(self.root, params.get("path"))
        path.unlink(missing_ok=True)
        return {"message": f"deleted file {params.get('path')}"}

    def do_deleteFiles(self, params: dict[str, Any]) -> Any:
        paths = params.get("paths")
        if not isinstance(paths, list):
            raise Refused("请求格式不对", 400)
        targets = [_media_file(self.root, rel) for rel in paths]  # all checked before any is deleted
        for target in targets:
            target.unlink(missing_ok=True)
        return {"message": "deleted files"}

    def do_getDeployPreview(self, params: dict[str, Any]) -> Any:
        return None

    # The desk's own

    def do_nameFor(self, params: dict[str, Any]) -> Any:
        """A free file name for a new report: ``<number>-<pinyin of the title>`` (the number moves on if it is taken)."""
        folder = safe_path(self.root, params.get("folder"))
        series_of(self.root, str(params.get("folder")))
        taken = {int(match["number"]) for entry in folder.iterdir() if (match := CASE_NAME_RE.match(entry.name))}
        number = params.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 9999 or number in taken:
            number = max(taken, default=0) + 1
        slug = params.get("slug") if isinstance(params.get("slug"), str) and re.fullmatch(r"[a-z0-9-]+", params["slug"]) else ""
        slug = slug or slugify(str(params.get("title") or "")) or "report"
        name = f"{number:02d}-{slug}"
        suffix = 2
        while (folder / f"{name}.md").exists():
            name = f"{number:02d}-{slug}-{suffix}"
            suffix += 1
        return {"file": name, "number": number}

    def do_checkEntry(self, params: dict[str, Any]) -> Any:
        """What ``check`` says of one case file, each problem with the form field it is about."""
        path = _case_file(self.root, params.get("path"))
        rel = path.relative_to(self.root).as_posix()
        if not path.is_file() or self.checker is None:
            return {"problems": []}
        config = self.config()
        text = _Text.read(path.read_bytes()).text
        problems = self.checker(self.root, rel)
        return {"problems": [dict(p.as_dict(config.language), field=field_at(text, p.location.line, config)) for p in problems]}

    def do_importDocx(self, params: dict[str, Any]) -> Any:
        """Run ``import-docx`` on an uploaded Word file; the new case's path and the import's notes."""
        folder = safe_path(self.root, params.get("folder"))
        series = series_of(self.root, str(params.get("folder")))
        if self.importer is None:
            raise Refused("这个桌面不能导入 Word")
        name = str(params.get("name") or "")
        if not name.lower().endswith(".docx"):
            raise Refused("只能导入 .docx 文件（.doc 请先在 Word 或 WPS 里另存为 .docx）")
        data = _decoded(params.get("content"))
        lang = self.config().language
        with tempfile.TemporaryDirectory(prefix="reformpress-desk-") as work:
            docx = Path(work) / (re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", os.path.basename(name.replace("\\", "/"))) or "upload.docx")
            docx.write_bytes(data)
            try:
                rel, notes = self.importer(docx, self.root, series)
            except BuildFailed as failed:  # said of the file as the editor named it, not of our temporary copy
                raise Refused("\n".join(p.format(lang).replace(str(docx), docx.name) for p in failed.problems)) from None
        return {"path": rel, "slug": Path(rel).stem, "collection": folder.name, "notes": [note.format(lang) for note in notes]}

    # Files

    def _entry(self, rel: object, specs: tuple[SectionSpec, ...]) -> dict[str, Any]:
        path = _case_file(self.root, rel)
        try:
            data = path.read_bytes()
            form = casefile.to_form(_Text.read(data).text, specs)
        except (OSError, UnicodeDecodeError, casefile.NotACase):
            return {"data": None, "file": {"path": rel, "id": None}}
        form["pictures"] = []
        form["file"] = path.stem
        return {"data": json.dumps(form, ensure_ascii=False), "file": {"path": rel, "id": hashlib.sha256(data).hexdigest()}}

    def _media(self, rel: object) -> dict[str, Any]:
        path = _media_file(self.root, rel)
        if not path.is_file():
            raise Refused(f"没有这个文件：{rel}", 404)
        data = path.read_bytes()
        return {"id": hashlib.sha256(data).hexdigest(), "content": base64.b64encode(data).decode(), "encoding": "base64", "path": rel, "name": path.name}

    def _save_media(self, rel: str, data: bytes) -> Path:
        """Keep an uploaded picture in its series' ``images/`` under a safe name; the same bytes twice are one file."""
        folder, _, name = rel.rpartition("/")
        _media_file(self.root, folder + "/picture.jpg")  # the place first (403 for any other), then what the bytes are; the name is ours
        asked = _media_file(self.root, folder + "/" + safe_media_name(name, data))
        target, number = asked, 2
        while target.exists() and target.read_bytes() != data:
            target = asked.with_name(f"{asked.stem}-{number}{asked.suffix}")
            number += 1
        if not target.exists():
            write_whole(target, data)
        return target

    def _write_case(self, path: Path, form: dict[str, Any]) -> None:
        specs = self.config().sections
        values = {key: value for key, value in form.items() if key not in casefile.DESK_KEYS}
        if path.exists():
            old = _Text.read(path.read_bytes())
            new = old.encode(casefile.from_form(old.text, values, specs))
            if new == path.read_bytes():
                return  # nothing changed: the file is left as it was, time stamp included
        else:
            new = casefile.new_case_text(values, specs).encode("utf-8")
        write_whole(path, new)


def _renamed(form: Any, renamed: dict[str, str]) -> Any:
    """The form with uploaded pictures' names replaced by the names they were kept under.

    A value that is exactly ``images/<old>`` (a picture or cover field) and a Markdown reference
    ``(images/<old>)`` or ``(images/<old> "…")`` in a text.
    """
    if isinstance(form, dict):
        return {key: _renamed(value, renamed) for key, value in form.items()}
    if isinstance(form, list):
        return [_renamed(value, renamed) for value in form]
    if isinstance(form, str):
        for old, new in renamed.items():
            if form == f"images/{old}":
                return f"images/{new}"
            form = re.sub(rf"\(images/{re.escape(old)}(?=[)\s])", f"(images/{new}", form)
    return form


def _with_pictures(form: dict[str, Any], config: SiteConfig, folder: Path) -> dict[str, Any]:
    """Pictures added in the form's 插图 list, written into their sections as the figure lines the build reads.

    ``![说明](images/x.jpg "说明")`` goes at the end of the chosen section (the last one if none
    was chosen), once: a picture already in the text is not added again, nor one whose file is not
    in the series folder (``folder``).
    """
    pictures = form.get("pictures")
    if not isinstance(pictures, list) or not pictures:
        return form
    form = dict(form)
    specs = config.sections
    body_keys = [spec.key for spec in specs if spec.style != "note"]
    for picture in pictures:
        if not isinstance(picture, dict) or not isinstance(picture.get("image"), str) or not picture["image"].strip():
            continue
        src = picture["image"].strip()
        if not re.fullmatch(r"images/[^/\\.][^/\\]*", src) or not (folder / src).is_file():
            continue
        caption = str(picture.get("caption") or "").strip().replace('"', "“")
        heading = str(picture.get("section") or "")
        key = next((spec.key for spec in specs if heading in (spec.key, spec.heading)), body_keys[-1] if body_keys else specs[0].key)
        name = casefile.SECTION_PREFIX + key
        if any(src in str(value) for field, value in form.items() if field.startswith(casefile.SECTION_PREFIX)):
            continue
        line = f'![{caption}]({src} "{caption}")' if caption else f"![]({src})"
        text = str(form.get(name) or "").rstrip()
        form[name] = f"{text}\n\n{line}" if text else line
    form["pictures"] = []
    return form


def field_at(text: str, line: int | None, config: SiteConfig) -> str:
    """The form field a problem's line is in: a front-matter key's label, or the section's heading."""
    from ..content.schema import CASE_FIELDS
    from ..content.sections import match_heading

    if not line:
        return ""
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
    labels = {f.key: f.label for f in CASE_FIELDS}
    if line <= end + 1:
        for number in range(min(line, len(lines)) - 1, 0, -1):
            match = re.match(r"^([^\s#:][^:]*):", lines[number])
            if match:
                return labels.get(match.group(1).strip(), match.group(1).strip())
        return ""
    for number in range(min(line, len(lines)) - 1, end, -1):
        heading = re.match(r"^##(?!#)\s*(.*?)\s*#*\s*$", lines[number])
        if heading:
            spec = match_heading(heading.group(1), config.sections)
            return spec.heading if spec else heading.group(1)
    return ""
