"""``import-docx``: a county's Word report → a case file, its pictures, and a list of what to review.

mammoth turns the .docx into HTML (with a style map for titles and captions),
this module walks that HTML block by block, and markdownify turns each block
into Markdown.  (mammoth's own Markdown output is deprecated and loses tables
and image paths.)  Along the way:

* section headings are recognised by the site's section schema — Word
  headings, paragraphs that are wholly bold, short lines, or ``编者按：…`` at
  the start of a paragraph — including variants (``主要做法`` → 创新做法,
  ``一、改革背景``);
* numbered sub-headings keep their numbers: ``一、…`` → ``###``, ``（一）…`` → ``####``;
* pictures are written to ``content/<series>/images/`` with the caption that
  follows them (a Caption/题注 paragraph or a short line);
* the title and the ``来源``/``推送单位``/``责任编辑``/``发布时间`` lines go to the
  front matter;
* every guess and gap becomes a warning at the line of the new file where the
  editor should look.  Nothing is written if the import cannot be done.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import mammoth
from bs4 import BeautifulSoup, Tag
from markdownify import markdownify

from ..content.config import SLUG_RE, load_config
from ..content.sections import PLACEHOLDER_MARKS, match_heading
from ..content.sources import CASE_NAME_RE
from ..model import SectionSpec, SiteConfig
from ..problems import BuildFailed, Problem, problem, sort_problems
from ..text import dates
from ..text.dates import parse_date
from ..text.slugs import slugify
from .docx_numbers import spell_out_numbers
from .scaffold import check_regions, next_number, review_lines, section_hint, series_default_source, series_folder, yaml_text

STYLE_MAP = """\
p[style-name='Title'] => h1.title:fresh
p[style-name='标题'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='副标题'] => p.subtitle:fresh
p[style-name='Caption'] => p.caption:fresh
p[style-name='caption'] => p.caption:fresh
p[style-name='题注'] => p.caption:fresh
p[style-name='图片说明'] => p.caption:fresh
p[style-name='图注'] => p.caption:fresh
p[style-name='Illustration'] => p.caption:fresh
p[style-name='Figure'] => p.caption:fresh
p[style-name='插图'] => p.caption:fresh
p[style-name='Body Text'] => p:fresh
p[style-name='Text Body'] => p:fresh
p[style-name='正文文本'] => p:fresh
p[style-name='Table Contents'] => p:fresh
p[style-name='Table Heading'] => p:fresh
p[style-name='表格内容'] => p:fresh
p[style-name='表格标题'] => p:fresh
p[style-name='Frame Contents'] => p:fresh
p[style-name='框架内容'] => p:fresh
"""
"""mammoth style map: Word's title and caption styles (English and Chinese names) get classes we look for;
LibreOffice's body, table and frame styles are plain paragraphs (mammoth warned of each, without a place)."""

META_RE = re.compile(r"^(?P<label>来源|稿件来源|推送单位|报送单位|供稿单位|责任编辑|编辑|发布时间|日期)\s*[:：]\s*(?P<value>.+)$")
META_KEYS = {"来源": "source", "稿件来源": "source", "推送单位": "units", "报送单位": "units", "供稿单位": "units", "责任编辑": "editor", "编辑": "editor", "发布时间": "date", "日期": "date"}
SUBHEADING_RE = re.compile(r"^(?:(?P<top>[一二三四五六七八九十]+、)|(?P<second>[（(][一二三四五六七八九十]+[）)]))\s*\S")
"""``一、坚持……`` (level 3) and ``（一）……`` (level 4)."""
INLINE_HEADING_RE = re.compile(r"^(?P<heading>[^：:]{2,8})[：:]\s*(?P<rest>\S.*)$", re.DOTALL)
"""``编者按：正文……`` — a section heading that opens its own paragraph."""
SHORT_LINE = 30
"""A paragraph this short without a closing 。 can be a heading or a caption."""
INLINE_IMAGE_PARENTS = ["td", "th", "li", "p", "strong", "b", "em", "i", "a", "span", "sup", "sub"]
"""Where markdownify keeps a picture as a picture (by default it keeps only the alt text inside a table cell)."""
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/svg+xml": "svg"}


@dataclass
class Picture:
    """A picture taken out of the Word file."""

    name: str
    data: bytes
    alt: str
    caption: str = ""


@dataclass
class Draft:
    """What the walk through the document found, before it is written out."""

    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)
    """Section key → Markdown blocks, in document order."""
    preamble: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    notes: list[tuple[str, str, dict[str, object]]] = field(default_factory=list)
    """(code, text to find in the output for the line, message values)."""


@dataclass(frozen=True)
class Imported:
    """What ``import-docx`` wrote and what the editor should review."""

    path: Path
    rel: str
    sections: int
    images: tuple[str, ...]
    notes: tuple[Problem, ...]


def import_docx(docx: Path, root: Path, series: str, regions: list[str], slug: str | None = None) -> Imported:
    """Turn ``docx`` into ``content/<series>/<NN>-<slug>.md`` plus its pictures; never overwrites.

    Raises :class:`BuildFailed` if the file cannot be read, the series or a
    region is unknown, or the target files exist.
    """
    config = load_config(root / "site.yaml")
    folder = series_folder(root, series)
    check_regions(root, config, regions)
    if not docx.is_file():
        raise BuildFailed([problem("input-missing", str(docx), None, name=str(docx))])
    number = next_number(folder)
    pictures: list[Picture] = []
    html, messages = docx_html(docx, pictures)
    draft = Draft(pictures=pictures)
    walk(BeautifulSoup(html, "html.parser"), config.sections, draft, series_title(folder))
    title = draft.title or docx.stem
    slug = slug if slug is not None else slugify(title)
    if not SLUG_RE.match(slug):
        raise BuildFailed([problem("bad-slug", f"content/{series}/", None, slug=slug)])
    stem = f"{number:02d}-{slug}"
    for index, picture in enumerate(pictures, 1):
        picture.name = f"images/{stem}-{index}.{picture.name}"
    path = folder / f"{stem}.md"
    rel = path.relative_to(root).as_posix()
    targets = [path, *(folder / picture.name for picture in pictures)]
    taken = [target for target in targets if target.exists()] + [entry for entry in folder.iterdir() if (m := CASE_NAME_RE.match(entry.name)) and int(m["number"]) == number]
    if taken:
        name = taken[0].relative_to(root).as_posix()
        raise BuildFailed([problem("file-exists", name, None, name=name)])
    if not draft.title:
        draft.notes.append(("import-no-metadata", "title:", {"label": "标题", "key": "title"}))
    text = case_markdown(config, draft, title, regions, series_default_source(folder))
    notes = located_notes(draft.notes, text, rel)
    notes += [problem("import-note", rel, None, "warning", detail=m) for m in messages]
    if pictures:
        (folder / "images").mkdir(exist_ok=True)
    for picture in pictures:
        (folder / picture.name).write_bytes(picture.data)
    with path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)
    written = sum(1 for spec in config.sections if draft.sections.get(spec.key))
    return Imported(path, rel, written, tuple(p.name for p in pictures), tuple(sort_problems(notes)))


def docx_html(docx: Path, pictures: list[Picture]) -> tuple[str, list[str]]:
    """mammoth's HTML for ``docx``; pictures are collected (their ``src`` is a placeholder index)."""

    def keep(image: Any) -> dict[str, str]:
        with image.open() as stream:
            data = stream.read()
        extension = IMAGE_TYPES.get(image.content_type or "", "")
        if not extension:
            return {"src": f"skipped:{image.content_type or '?'}"}
        pictures.append(Picture(extension, data, (image.alt_text or "").strip()))
        return {"src": f"picture:{len(pictures) - 1}"}

    try:
        data = spell_out_numbers(docx.read_bytes())
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(keep))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ElementTree.ParseError) as error:
        raise BuildFailed([problem("docx-unreadable", str(docx), None, detail=str(error) or type(error).__name__)]) from None
    messages = sorted({message.message for message in result.messages if message.type == "warning"})
    return result.value, messages


def series_title(folder: Path) -> str:
    """The series' title from ``_series.yaml`` (to strip «系列名⑯：» from a Word title)."""
    try:
        text = (folder / "_series.yaml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""
    match = re.search(r"^title:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip().strip("'\"") if match else ""


def plain(element: Tag) -> str:
    """An element's text with whitespace folded."""
    return re.sub(r"\s+", " ", element.get_text(" ")).strip().replace("\u3000", "")


def wholly_bold(element: Tag) -> bool:
    """Whether every bit of text in a paragraph is bold (a heading typed as bold text)."""
    texts = [node for node in element.find_all(string=True) if node.strip()]
    return bool(texts) and all(node.find_parent(["strong", "b"]) is not None for node in texts)


def walk(soup: BeautifulSoup, specs: tuple[SectionSpec, ...], draft: Draft, series: str) -> None:
    """Sort every top-level block of the document into title, metadata, sections and pictures."""
    current: list[str] = draft.preamble
    last_picture: Picture | None = None
    started = False
    for element in [child for child in soup.children if isinstance(child, Tag)]:
        text = plain(element)
        images = element.find_all("img")
        caption = framed_caption(element, images, text, specs)
        if images and (not text or caption):
            for image in images:
                source = str(image.get("src", ""))
                if source.startswith("skipped:"):
                    current.append(skipped_picture(draft, source))
                elif source.startswith("picture:"):
                    last_picture = draft.pictures[int(source.split(":")[1])]
                    current.append(f"@@picture:{source.split(':')[1]}@@")
            if caption and last_picture is not None:
                last_picture.caption = caption
                last_picture = None
            continue
        if not text:
            continue
        if last_picture is not None and not last_picture.caption and is_caption(element, text, specs):
            last_picture.caption = CAPTION_LABEL_RE.sub("", text).strip() or text
            last_picture = None
            continue
        last_picture = None
        if element.name == "p" and (meta := META_RE.match(text)) and len(text) < 150:
            add_meta(draft, META_KEYS[meta["label"]], meta["value"].strip())
            continue
        heading_like = element.name in ("h1", "h2", "h3", "h4", "h5", "h6") or (element.name == "p" and (wholly_bold(element) or is_short(text)))
        if not started and not draft.title and element.name in ("h1", "h2", "p") and ("title" in (element.get("class") or []) or heading_like) and match_heading(text, specs) is None:
            draft.title = strip_series(text, series)
            continue
        spec = match_heading(text, specs) if heading_like else None
        if spec is not None:
            current = draft.sections.setdefault(spec.key, [])
            started = True
            continue
        inline = INLINE_HEADING_RE.match(text) if element.name == "p" else None
        if inline and (spec := match_heading(inline["heading"], specs)) is not None:
            current = draft.sections.setdefault(spec.key, [])
            started = True
            current.append(markdownify_text(inline["rest"]))
            continue
        if heading_like and (SUBHEADING_RE.match(text) or element.name.startswith("h")) and len(text) <= 60:
            numbered = SUBHEADING_RE.match(text)
            level = "####" if numbered and numbered["second"] else "###"
            current.append(f"{level} {text}")
            if not numbered:
                draft.notes.append(("import-unknown-heading", f"{level} {text}", {"heading": text, "allowed": "、".join(s.heading for s in specs)}))
            continue
        current.append(to_markdown(element))


CAPTION_LABEL_RE = re.compile(r"^(?:图片?|插图|照片|Figure|Fig\.?|Illustration)\s*[0-9０-９一二三四五六七八九十]+\s*[:：.．、]?\s*", re.IGNORECASE)
"""``图 1：`` — the number LibreOffice's and Word's Insert Caption put before a caption's text."""


def framed_caption(element: Tag, images: list[Tag], text: str, specs: tuple[SectionSpec, ...]) -> str:
    """The caption written beside pictures in one paragraph (LibreOffice's captioned frame: picture, line break, ``图 1：…``), or ``""``."""
    if not images or not text or element.name != "p":
        return ""
    for node in element.descendants:
        if node is images[0]:
            break
        if isinstance(node, str) and node.strip():
            return ""  # text before the picture: a picture inside a sentence, not a caption
    labelled = CAPTION_LABEL_RE.match(text)
    if labelled or "caption" in (element.get("class") or []) or is_caption(element, text, specs):
        return CAPTION_LABEL_RE.sub("", text).strip() or text
    return ""


def skipped_picture(draft: Draft, source: str) -> str:
    """The hint line left where a picture of a kind the web cannot show was (never published; check points at it)."""
    kind = source.split(":", 1)[1]
    line = f"{PLACEHOLDER_MARKS[0]} 此处原有一张 {kind} 图片，未能导入"
    draft.notes.append(("import-bad-image", line, {"kind": kind}))
    return line


def is_short(text: str) -> bool:
    """A line short enough to be a heading and without a sentence's closing 。."""
    return len(text) <= SHORT_LINE and not text.endswith(("。", "；", ";", "，"))


def is_caption(element: Tag, text: str, specs: tuple[SectionSpec, ...]) -> bool:
    """Whether the paragraph after a picture is its caption: a caption style, or a short line that is no heading."""
    if "caption" in (element.get("class") or []):
        return True
    return (
        element.name == "p"
        and len(text) <= 60
        and not text.endswith("。")
        and not META_RE.match(text)
        and not SUBHEADING_RE.match(text)
        and match_heading(text, specs) is None
    )


def strip_series(title: str, series: str) -> str:
    """``宁德市全面深化改革系列成果展示⑯：标题`` → ``标题``."""
    if series and title.startswith(series):
        rest = re.sub(r"^[\u2460-\u24ff\u3251-\u32bf\d（()）]*\s*[:：]\s*", "", title[len(series) :])
        return rest or title
    return title


def add_meta(draft: Draft, key: str, value: str) -> None:
    """Record one metadata line in the front matter (units become a list)."""
    if key == "units":
        draft.meta[key] = [unit.strip() for unit in re.split(r"[、，,；;]", value) if unit.strip()]
    elif key == "date":
        moment = parse_date(re.sub(r"[年月/.]", "-", value).replace("日", "").strip())
        if moment is not None:
            draft.meta[key] = moment.strftime("%Y-%m-%d %H:%M")
    else:
        draft.meta[key] = value


def markdownify_text(text: str) -> str:
    """Markdown for plain text (escapes what Markdown would read as markup)."""
    return markdownify(f"<p>{text}</p>", heading_style="ATX").strip()


def to_markdown(element: Tag) -> str:
    """Markdown for one block of mammoth's HTML."""
    # Word rarely marks a header row (w:tblHeader); its first row is the header all the same,
    # and without this markdownify writes an empty header row above it.
    # A picture in a table cell is kept as a picture (markdownify writes only its alt text by default).
    return markdownify(str(element), heading_style="ATX", bullets="-", table_infer_header=True, keep_inline_images_in=INLINE_IMAGE_PARENTS).strip()


def case_markdown(config: SiteConfig, draft: Draft, title: str, regions: list[str], default_source: str) -> str:
    """The whole case file: front matter, then the sections in schema order."""
    date = draft.meta.get("date")
    if date is None:
        date = dates.site_now(config.timezone).strftime("%Y-%m-%d %H:%M")
        draft.notes.append(("import-no-metadata", f"date: {date}", {"label": "发布时间", "key": "date"}))
    lines = ["---", f"title: {yaml_text(title)}", f"date: {date}", f"regions: {yaml_text(regions)}"]
    source = draft.meta.get("source")
    if source:
        lines.append(f"source: {yaml_text(source)}")
    elif not default_source:
        draft.notes.append(("import-no-metadata", "title:", {"label": "来源", "key": "source"}))
    lines.append(f"units: {yaml_text(draft.meta.get('units', []))}")
    if "units" not in draft.meta:
        draft.notes.append(("import-no-metadata", "units:", {"label": "推送单位", "key": "units"}))
    lines.append(f"editor: {yaml_text(draft.meta['editor'])}" if "editor" in draft.meta else "editor:")
    if "editor" not in draft.meta:
        draft.notes.append(("import-no-metadata", "editor:", {"label": "责任编辑", "key": "editor"}))
    lines += ["tags: []", *review_lines(config), "---"]
    if draft.preamble:
        target = next((s for s in config.sections if s.key == "intro"), None) or next((s for s in config.sections if s.style != "note"), config.sections[0])
        draft.sections[target.key] = draft.preamble + draft.sections.get(target.key, [])
        count = sum(1 for block in draft.preamble if not block.startswith("@@picture"))
        draft.notes.append(("import-preamble", f"## {target.heading}", {"count": count, "heading": target.heading}))
    for spec in config.sections:
        blocks = draft.sections.get(spec.key)
        if not blocks:
            if spec.required:
                lines += ["", f"## {spec.heading}", "", section_hint(spec, config.language)]
                draft.notes.append(("import-missing-section", f"## {spec.heading}", {"heading": spec.heading}))
            continue
        lines += ["", f"## {spec.heading}"]
        for block in blocks:
            lines += ["", picture_markdown(block, draft)]
    return "\n".join(lines) + "\n"


def picture_markdown(block: str, draft: Draft) -> str:
    """A picture placeholder block → ``![caption](images/… "caption")``; other blocks unchanged."""
    match = re.fullmatch(r"@@picture:(\d+)@@", block)
    if not match:  # a picture inside text, a list or a table: point it at its file
        block = re.sub(r"\]\(picture:(\d+)\)", lambda m: f"]({draft.pictures[int(m[1])].name})", block)
        for src in re.findall(r"!\[\]\((images/[^)\s]+)\)", block):
            draft.notes.append(("import-no-caption", f"]({src})", {"src": src}))
        for kind in re.findall(r"!\[[^\]]*\]\(skipped:([^)\s]*)\)", block):
            draft.notes.append(("import-bad-image", block.split("\n", 1)[0][:40], {"kind": kind}))
        return re.sub(r"!\[[^\]]*\]\(skipped:[^)\s]*\)", "", block)
    picture = draft.pictures[int(match[1])]
    caption = picture.caption or picture.alt
    if not caption:
        draft.notes.append(("import-no-caption", f"]({picture.name})", {"src": picture.name}))
        return f"![]({picture.name})"
    safe = caption.replace('"', "“").replace("]", "］").replace("[", "［")
    return f'![{safe}]({picture.name} "{safe}")'


def located_notes(notes: list[tuple[str, str, dict[str, object]]], text: str, rel: str) -> list[Problem]:
    """The review notes as warnings at the line of the new file where each one applies."""
    lines = text.split("\n")
    found = []
    for code, needle, values in notes:
        line = next((number for number, content in enumerate(lines, 1) if needle in content), None)
        found.append(problem(code, rel, line, "warning", **values))
    return found
