"""Markdown → safe HTML: one Python-Markdown factory plus our tree processors.

* sub-headings get stable ids (``practices-1``) and are collected for a table
  of contents; ``#``/``##`` inside a section are demoted so a page keeps one ``<h1>``;
* an image alone in its paragraph becomes ``<figure>`` with ``<figcaption>``
  (the title, else the alt text), with its real width and height, wrapped in a
  ``<picture>`` whose ``srcset`` lists the smaller copies of :mod:`.pictures`;
  images load lazily, except the article's first figure when asked;
* image paths (relative to the case file) can be given the way from the page to
  their folder (``../images/a.jpg``: a report's pictures are its series');
* external links get ``rel="noopener noreferrer"``;
* the result is sanitised with nh3 to an allow-list (raw HTML in Markdown is
  allowed, scripts and ``javascript:`` URLs are not).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.inlinepatterns import Pattern
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString

from ..model import Figure, Heading, HtmlPolicy
from .chinese import join_html_lines
from .pictures import SIZES, picture, rebased

EXTENSIONS = ("extra", "sane_lists")
"""Python-Markdown extensions we use; part of the cache key of rendered Markdown.

:func:`_markdown` loads them by class (the fuzz test compares its output with these names').
"""

IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^<)\s>][^)\s>]*)>?(?:\s+[\"'](?P<title>[^\"']*)[\"'])?\s*\)")
"""A Markdown image: ``![alt](src "title")``."""

EMPTY_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*(?:<\s*>)?\s*\)")
"""A Markdown image without an address, ``![图]()``: Markdown still makes an ``<img src="">`` of it."""

REFERENCE_RE = re.compile(r"^ {0,3}\[(?P<id>[^\]\n]+)\]:[ \t]*(?:<(?P<angled>[^>\n]*)>|(?P<src>\S+))", re.MULTILINE)
"""A reference definition, ``[ref]: images/a.jpg "title"``, that ``![图][ref]`` uses."""

REFERENCE_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]\n]*)\](?:\[(?P<id>[^\]\n]*)\]|(?![(\[:]))")
"""A reference-style picture: ``![图][ref]``, ``![ref][]`` or ``![ref]``."""

RAW_IMAGE_RE = re.compile(r"<img\b[^>]*?\ssrc\s*=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s>\"']+))", re.IGNORECASE)
"""A picture written as raw HTML, ``<img src="images/a.jpg">``."""

SPACED_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\(\s*(?:<(?P<angled>[^>\n]*\s[^>\n]*)>|(?P<bare>[^)\s\"'<][^)\n\"']*?\s[^)\n\"']*?))\s*(?:\"[^\"\n]*\"|'[^'\n]*')?\s*\)")
"""A picture whose address holds a space, ``![图](images/my photo.jpg)``, which :data:`IMAGE_RE` does not match."""

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"figure", "figcaption", "section", "picture", "source"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "lang", "title"},
    "a": {"href", "hreflang", "rel", "title"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "title", "srcset", "sizes"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


@dataclass(frozen=True)
class Rendered:
    """What rendering one piece of Markdown gives."""

    html: str
    headings: tuple[Heading, ...]
    figures: tuple[Figure, ...]
    inline: tuple[str, ...] = ()
    """Paths of the images inside paragraphs (not figures), as written."""


class _Processor(Treeprocessor):
    """Assigns heading ids, makes figures, marks external links (see module doc)."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.sizes: dict[str, tuple[int, int]] = {}
        self.headings: list[Heading] = []
        self.figures: list[Figure] = []
        self.inline: list[str] = []
        self.eager_first = False
        """Load the first figure of this piece with the page (the article's first figure)."""
        self._placed: set[int] = set()
        """The ``<img>`` of figures, whose paths :meth:`figure` has set."""
        self.pictures = ""
        """Put before every image path (the way from the page to the folder the paths are relative to)."""
        self.prefixes: list[str] = ["s"]
        """The anchor prefix of each piece converted (several: converted together, :func:`render_pieces`)."""
        self.pieces: list[tuple[list[Heading], list[Figure], list[str]]] = []
        """Headings, figures and pictures of each piece converted."""

    def run(self, root: etree.Element) -> None:
        self.pieces = []
        if len(self.prefixes) == 1:  # one piece of Markdown
            self.pieces.append(self._piece(root, self.prefixes[0]))
            return
        groups: list[list[etree.Element]] = [[]]
        for child in root:
            if child.tag == "p" and child.text == SECTION_BREAK and len(child) == 0:
                groups.append([])
            else:
                groups[-1].append(child)
        if len(groups) != len(self.prefixes):  # a break swallowed by the text around it: the caller converts piece by piece
            return
        for group, prefix in zip(groups, self.prefixes):
            piece = etree.Element("div")
            piece.extend(group)
            self.pieces.append(self._piece(piece, prefix))
            group[:] = list(piece)  # figures replace paragraphs
        breaks = [etree.Element("p") for _ in groups[1:]]
        for mark in breaks:
            mark.text, mark.tail = SECTION_BREAK, "\n"
        root[:] = [element for index, group in enumerate(groups) for element in ([breaks[index - 1]] if index else []) + group]

    def _piece(self, root: etree.Element, prefix: str) -> tuple[list[Heading], list[Figure], list[str]]:
        """Headings, figures and pictures of one piece of Markdown, its elements changed as the module doc says."""
        self.headings, self.figures, self.inline = [], [], []
        self._placed = set()
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and len(child) == 1 and child[0].tag == "img" and not (child.text or "").strip() and not (child[0].tail or "").strip():
                    parent[index] = self.figure(child[0])
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                level = max(3, int(element.tag[1]))
                element.tag = f"h{level}"
                anchor = f"{prefix}-{len(self.headings) + 1}"
                element.set("id", anchor)
                self.headings.append(Heading(anchor, self._plain(element), level))
            elif element.tag == "img":
                self.size(element)
            elif element.tag == "a" and re.match(r"^https?://", element.get("href", "")):
                element.set("rel", "noopener noreferrer")
        if self.figures:
            self.eager_first = False  # only the first figure of all the pieces
        return self.headings, self.figures, self.inline

    def _plain(self, element: etree.Element) -> str:
        """A heading's text as a reader sees it (as the ``toc`` extension reads it): no markup, no placeholders, entities decoded."""
        return html.unescape(strip_tags(render_inner_html(element, self.md)))

    def size(self, img: etree.Element) -> None:
        src = img.get("src", "")
        if id(img) not in self._placed:
            img.set("src", self.pictures + src)
            self.inline.append(src)
        if img.get("loading") is None:
            img.set("loading", "lazy")
        img.set("decoding", "async")
        if src in self.sizes and img.get("width") is None:
            width, height = self.sizes[src]
            img.set("width", str(width))
            img.set("height", str(height))

    def figure(self, img: etree.Element) -> etree.Element:
        caption = (img.attrib.pop("title", "") or img.get("alt", "")).strip()
        figure = etree.Element("figure")
        src = img.get("src", "")
        width, height = self.sizes.get(src, (0, 0))
        if self.eager_first and not self.figures:
            img.set("loading", "eager")
        sources = picture(src, width, height)
        if sources is not None and self.pictures:
            sources = rebased(sources, self.pictures)
        self._placed.add(id(img))
        if sources is None:
            img.set("src", self.pictures + src)
            figure.append(img)
        else:
            frame = etree.SubElement(figure, "picture")
            if sources.webp_srcset:
                etree.SubElement(frame, "source", {"type": "image/webp", "srcset": sources.webp_srcset, "sizes": SIZES})
            img.set("src", sources.src)
            img.set("srcset", sources.srcset)
            img.set("sizes", SIZES)
            img.set("width", str(sources.width))
            img.set("height", str(sources.height))
            frame.append(img)
        if caption:
            figcaption = etree.SubElement(figure, "figcaption")
            figcaption.text = caption
        self.figures.append(Figure(src, caption, width, height))
        return figure


INLINE_NEEDS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
}
"""Text that each of Python-Markdown's inline patterns cannot match without (any one of).

Most text in a report is plain Chinese prose; trying all fifteen patterns on
every piece of it is a third of the time Python-Markdown takes. A pattern is
skipped only where none of its needs occurs in the text, and there its regular
expression could not have matched anyway. Patterns not named here always run.
Needs are single characters or two spaces and a line break, so that no need
overlaps another when :data:`_NEEDED` finds them.
"""

_NEEDED = re.compile("|".join(sorted({re.escape(need) for needs in INLINE_NEEDS.values() for need in needs}, key=len, reverse=True)))
"""Finds every need of :data:`INLINE_NEEDS` in a text (a text only loses needs as its matches are replaced)."""


class _InlineProcessor(InlineProcessor):
    """Python-Markdown's inline processor, skipping the patterns that cannot match (see :data:`INLINE_NEEDS`)."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self._patterns: list[Pattern] = list(self.inlinePatterns)
        names = [item.name for item in self.inlinePatterns._priority]
        self._needs = [INLINE_NEEDS.get(name) for name in names]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """The loop of Python-Markdown's ``__handleInline``, with the skip."""
        if isinstance(data, AtomicString):
            return data
        patterns, needs = self._patterns, self._needs
        present = set(_NEEDED.findall(data))
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        count = len(patterns)
        while patternIndex < count:
            need = needs[patternIndex]
            if need is not None and present.isdisjoint(need):
                patternIndex += 1
                continue
            data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


BLOCK_NEEDS: dict[str, tuple[str, ...]] = {
    "hashheader": ("#",),
    "setextheader": ("=", "-"),
    "hr": ("-", "_", "*"),
    "deflist": (":",),
    "quote": (">",),
    "table": ("|",),
    "footnote": ("[^",),
    "abbr": ("*[",),
    "reference": ("]:",),
}
"""For each of these of Python-Markdown's block processors, the text a block of its kind holds (one of them at least).

The block-level twin of :data:`INLINE_NEEDS`.  Python-Markdown asks every block processor in
turn whether a block is its kind, down to the paragraph; these nine answer by searching the
whole block with a regular expression (or, for definitions, by trying to read one), which on
the long paragraphs of a report is most of the time parsing blocks takes.  Where none of a
processor's needs occurs in the block (a quick scan for a character), its answer is no
without asking: its expression could not have matched.  A property test compares the output
with Python-Markdown's own.
"""


def _needing(needs: tuple[str, ...], test: Callable[[etree.Element, str], bool]) -> Callable[[etree.Element, str], bool]:
    """A block processor's ``test`` that says no at once to a block holding none of ``needs``."""
    if len(needs) == 1:
        need = needs[0]
        return lambda parent, block: need in block and test(parent, block)
    return lambda parent, block: any(map(block.__contains__, needs)) and test(parent, block)


DOCUMENT_NEEDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("preprocessors", "fenced_code_block"): ("```", "~~~"),
    ("preprocessors", "html_block"): ("<",),
    ("treeprocessors", "attr_list"): ("{",),
    ("treeprocessors", "unescape"): ("\\",),
}
"""For each of these whole-document passes of Python-Markdown, the text a document must hold (one of them at least) for the pass to change it.

Fenced code starts with a fence; raw HTML with ``<``; attribute lists are in braces; and
only a backslash escape leaves the marks that ``unescape`` turns back into characters.  Each
pass walks the whole document (≈ 0.05 ms each for a report), so a report of plain prose
skips four walks.  A preprocessor looks for its needs in the lines it is given, a tree
processor in the lines the preprocessors left (what the tree was parsed from).
"""


def _gated(md: markdown.Markdown, kind: str, needs: tuple[str, ...], run: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A pre- or tree processor's ``run`` that does nothing to a document holding none of ``needs``."""

    def holds(lines: list[str]) -> bool:
        text = "\n".join(lines)
        return any(need in text for need in needs)

    if kind == "preprocessors":
        return lambda lines: run(lines) if holds(lines) else lines
    return lambda root: run(root) if holds(md.lines) else None


class _Extension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_InlineProcessor(md), "inline", 20)
        md.treeprocessors.register(_Processor(md), "reformpress", 5)
        md.postprocessors.register(_JoinedLines(md), "joined_lines", 10)
        gate_processors(md)


class _JoinedLines(Postprocessor):
    """Removes the line breaks of hard-wrapped Chinese paragraphs (:func:`.chinese.join_html_lines`), after raw HTML is back."""

    def run(self, text: str) -> str:
        return join_html_lines(text)


def gate_processors(md: markdown.Markdown) -> None:
    """Make the processors of :data:`BLOCK_NEEDS` and :data:`DOCUMENT_NEEDS` that ``md`` has pass over what lacks their needs."""
    for name, needs in BLOCK_NEEDS.items():
        if name in md.parser.blockprocessors:
            processor = md.parser.blockprocessors[name]
            processor.test = _needing(needs, processor.test)  # type: ignore[method-assign]
    for (kind, name), needs in DOCUMENT_NEEDS.items():
        registry = getattr(md, kind)
        if name in registry:
            registry[name].run = _gated(md, kind, needs, registry[name].run)


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    # By instance, not by name: a name makes Python-Markdown list every installed package's entry
    # points (≈ 60 ms a process). "extra" is these seven, in this order (markdown.extensions.extra).
    extra = [FencedCodeExtension(), FootnoteExtension(), AttrListExtension(), DefListExtension(), TableExtension(), AbbrExtension(), MarkdownInHtmlExtension()]
    return markdown.Markdown(extensions=[*extra, SaneListExtension(), _Extension()], output_format="html")


DEFAULT_POLICY = HtmlPolicy()
"""The built-in allow-list only."""

NEVER_ALLOWED_TAGS = frozenset({"script", "style"})
"""Removed with their content whatever site.yaml allows."""


@lru_cache(maxsize=8)
def _cleaner(policy: HtmlPolicy) -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    for tag, names in policy.attributes:
        attributes.setdefault(tag, set()).update(names)
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS | set(policy.tags)) - NEVER_ALLOWED_TAGS,
        clean_content_tags=set(NEVER_ALLOWED_TAGS),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
    )


def render_markdown(
    text: str,
    anchor_prefix: str,
    sizes: dict[str, tuple[int, int]] | None = None,
    policy: HtmlPolicy = DEFAULT_POLICY,
    eager_first: bool = False,
    pictures: str = "",
) -> Rendered:
    """Render ``text`` to sanitised HTML; ``sizes`` maps image src → (width, height).

    ``eager_first`` loads the first figure with the page instead of lazily
    (the article's first picture is often in view or close to it). ``pictures`` is put
    before every image path (``../``: a report's page reaches its series' pictures so).

    ``policy`` widens the raw-HTML allow-list as site.yaml says; scripts,
    styles, event handlers and ``javascript:`` URLs are removed regardless.
    """
    markup, found = _convert(_trimmed(text), [anchor_prefix], sizes, eager_first, pictures)
    headings, figures, inline = found[0] if found else ([], [], [])  # Python-Markdown skips the tree of a blank text
    return Rendered(_cleaner(policy).clean(markup), tuple(headings), tuple(figures), tuple(inline))


SECTION_BREAK = "reformpress-section-break-b7e1"
"""Stands between pieces converted together (:func:`render_pieces`): a paragraph of this word alone."""

_BREAK_HTML = f"<p>{SECTION_BREAK}</p>"


def render_pieces(
    pieces: list[tuple[str, str]],
    sizes: dict[str, tuple[int, int]] | None = None,
    policy: HtmlPolicy = DEFAULT_POLICY,
    eager_first: bool = False,
    pictures: str = "",
) -> list[Rendered]:
    """:func:`render_markdown` for each (text, anchor prefix) of ``pieces``, the first figure of all eager if asked.

    The same as converting them one by one (a property test compares the two), in one
    conversion where that cannot differ: converted one by one, a report's six sections pay
    Python-Markdown's fixed cost of a conversion six times (together: 3.5 → 3.1 ms to make
    an article of the benchmark's corpus, ≈ 2 s of CPU at 5,000 reports).  The pieces are
    joined with a paragraph of :data:`SECTION_BREAK` between them and split again after.
    One by one it is where anything written in one piece could reach into another:
    definitions (links, footnotes and abbreviations, all ``…]:``, are shared by a whole
    conversion; footnotes are gathered at its end), raw HTML (its blocks may run on,
    its tags stay open), and a break the text around it swallowed (an open code fence).
    """
    joinable = len(pieces) > 1 and not any("<" in text or "]:" in text or SECTION_BREAK in text for text, _ in pieces)
    if joinable:
        joined = f"\n\n{SECTION_BREAK}\n\n".join(_trimmed(text) for text, _ in pieces)
        markup, found = _convert(joined, [prefix for _, prefix in pieces], sizes, eager_first, pictures)
        parts = _cleaner(policy).clean(markup).split(_BREAK_HTML) if found else []
        if len(parts) == len(pieces):
            return [Rendered(part.strip(), tuple(headings), tuple(figures), tuple(inline)) for part, (headings, figures, inline) in zip(parts, found)]
    rendered = []
    for text, prefix in pieces:
        rendered.append(render_markdown(text, prefix, sizes, policy, eager_first, pictures))
        eager_first = eager_first and not rendered[-1].figures
    return rendered


_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def _trimmed(text: str) -> str:
    """``text`` without the blank lines it starts with, or nothing if it is blank.

    Python-Markdown takes a first line of spaces or a tab for an empty code block (the blank
    line an editor leaves under a section's heading, as Word pastes it); where a line of
    spaces follows another line, it takes it for the blank line it looks like.
    """
    return _BLANK_LINES.sub("", text) if text.strip() else ""


def _convert(
    text: str, prefixes: list[str], sizes: dict[str, tuple[int, int]] | None, eager_first: bool, pictures: str
) -> tuple[str, list[tuple[list[Heading], list[Figure], list[str]]]]:
    """Python-Markdown's HTML of ``text`` (not yet sanitised) and what each of its pieces holds, one per anchor
    prefix in ``prefixes`` (none if breaks between them were lost)."""
    md = _markdown()
    md.reset()
    processor: _Processor = md.treeprocessors["reformpress"]  # type: ignore[assignment]
    processor.prefixes = prefixes
    processor.sizes = sizes or {}
    processor.eager_first = eager_first
    processor.pictures = pictures
    processor.pieces = []
    markup = md.convert(text)
    return markup, processor.pieces


MAX_DEPTH = 100
"""The deepest nesting of lists, quotes, indentation and ``markdown=1`` blocks a text may hold (Python-Markdown recurses per level)."""

MAX_OPEN = 200
"""The most unclosed ``[`` or ``(`` one paragraph may hold (Python-Markdown's link patterns retry from each: time grows with their square)."""

_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t]|$))+")
_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]|>")
_DIV_OPEN = re.compile(r"<div\b[^>]*\bmarkdown\s*=", re.IGNORECASE)
_DIV_CLOSE = re.compile(r"</div\s*>", re.IGNORECASE)


def hostile_markdown(text: str) -> tuple[int, str] | None:
    """``(line, kind)`` of the first block Python-Markdown could not render in bounded depth or time, else ``None``.

    ``line`` counts from 0 within ``text``; ``kind`` is ``"deep"`` (nesting beyond :data:`MAX_DEPTH`)
    or ``"brackets"`` (a paragraph with more than :data:`MAX_OPEN` unclosed ``[`` or ``(``).
    A scan of the text, cheap beside rendering it.
    """
    if "<" in text:
        depth = 0
        for number, line in enumerate(text.split("\n")):
            depth += len(_DIV_OPEN.findall(line))
            if depth > MAX_DEPTH:
                return number, "deep"
            depth = max(0, depth - len(_DIV_CLOSE.findall(line)))
    start = squares = rounds = 0
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            start, squares, rounds = number + 1, 0, 0
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if indent // 4 > MAX_DEPTH:
            return number, "deep"
        markers = _MARKERS.match(line)
        if markers and len(_MARKER.findall(markers.group())) + indent // 4 > MAX_DEPTH:
            return number, "deep"
        squares += line.count("[") - line.count("]")
        rounds += line.count("(") - line.count(")")
        if squares > MAX_OPEN or rounds > MAX_OPEN:
            return start, "brackets"
    return None


def image_refs(text: str, first_line: int) -> list[tuple[str, int]]:
    """Every Markdown image source in ``text`` with its file line."""
    refs = []
    for match in IMAGE_RE.finditer(text):
        refs.append((match["src"], first_line + text.count("\n", 0, match.start())))
    for match in EMPTY_IMAGE_RE.finditer(text):  # reported by the checks (an empty address would name the case's folder)
        refs.append(("", first_line + text.count("\n", 0, match.start())))
    if "![" in text and "]:" in text:
        defined = {" ".join(m["id"].lower().split()): (m["angled"] if m["angled"] is not None else m["src"]) for m in REFERENCE_RE.finditer(text)}
        for match in REFERENCE_IMAGE_RE.finditer(text):
            key = " ".join((match["id"] or match["alt"]).lower().split())
            if key in defined:
                refs.append((defined[key], first_line + text.count("\n", 0, match.start())))
    if "![" in text:
        for match in SPACED_IMAGE_RE.finditer(text):
            spaced = (match["angled"] if match["angled"] is not None else match["bare"]).strip()
            if any(character.isspace() for character in spaced):  # not the space before a title
                refs.append((spaced, first_line + text.count("\n", 0, match.start())))
    return sorted(refs, key=lambda ref: ref[1])


def raw_image_refs(text: str, first_line: int) -> list[tuple[str, int]]:
    """Every ``<img src>`` written as raw HTML in ``text``, with its file line (the build neither copies nor rebases them)."""
    if "<img" not in text.lower():
        return []
    refs = []
    for match in RAW_IMAGE_RE.finditer(text):
        source = next(value for value in (match["double"], match["single"], match["bare"]) if value is not None)
        refs.append((html.unescape(source), first_line + text.count("\n", 0, match.start())))
    return refs


def plain_text(html: str) -> str:
    """Text content of an HTML fragment, whitespace folded (for summaries and lengths)."""
    text = re.sub(r"<[^>]+>", "", html)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text).strip()
