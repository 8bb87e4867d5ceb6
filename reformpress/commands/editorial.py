"""Editorial checks: things a build accepts but an editor should look at (warnings).

* pictures without a description (alt text) or caption;
* optional sections left empty, and scaffold hints (``【待填写】``) left in the text;
* titles longer than :data:`MAX_TITLE_CHARS`;
* links inside a case that lead nowhere in the built site, name a case *file*
  rather than its page, or start with ``/`` (breaks under a sub-path);
* words from site.yaml's ``terms`` list (wrong form → approved form).

Each warning carries the file and line.  Lines are read from the files as
written, so they match what the editor sees.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..content.sections import blank_placeholders, is_placeholder, match_heading, split_markdown
from ..content.sources import CaseSource, Document, Sources
from ..model import Site, SiteConfig
from ..pages.routes import planned
from ..problems import Problem, problem
from ..text.markdown import IMAGE_RE, MAX_OPEN
from ..text.textfile import read_text

MAX_TITLE_CHARS = 40
"""Longer titles are cut in lists, search results and share cards."""

LINK_RE = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?(?P<href>[^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
"""An inline Markdown link (not an image): ``[text](href "title")``."""
REFERENCE_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<href>[^\s>]+)>?")
"""A reference definition: ``[1]: href``."""
HTML_HREF_RE = re.compile(r"<a\s[^>]*?href\s*=\s*[\"'](?P<href>[^\"']*)[\"']", re.IGNORECASE)
FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
SOURCE_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")


@dataclass(frozen=True)
class Targets:
    """What links can reach: every output path, and which article page each case file became."""

    outputs: frozenset[str]
    """Paths inside the output folder (``a/b/index.html``, ``static/style.css``)."""
    page_of: dict[str, str]
    """Case file path (relative to the site root) → its article URL (``reform/16-x/``)."""
    base_path: str


def link_targets(site: Site) -> Targets:
    """Everything a link inside the site may point at."""
    outputs = {page.output for page in planned(site)} | {target for _, target in site.images}
    return Targets(frozenset(outputs), {article.path: article.url for article in site.outlines.values()}, site.config.base_path)


def editorial_problems(config: SiteConfig, sources: Sources, site: Site | None) -> list[Problem]:
    """Every editorial warning in the site's cases (link checks need ``site``, the assembled model)."""
    targets = link_targets(site) if site is not None else None
    problems: list[Problem] = []
    for series in sources.series:
        if series.meta is not None:
            problems += term_problems(config.terms, series.meta.path, file_lines(sources.root, series.meta.path))
        for case in series.cases:
            problems += case_problems(config, sources.root, case, targets)
    return problems


def file_lines(root: Path, rel: str) -> list[tuple[int, str]]:
    """(line number, text) of every line of a site file, as the editor sees it."""
    text, _ = read_text(root / rel, rel)
    return list(enumerate((text or "").split("\n"), 1))


def case_problems(config: SiteConfig, root: Path, case: CaseSource, targets: Targets | None) -> list[Problem]:
    """The editorial warnings of one case file."""
    doc = case.doc
    lines = file_lines(root, doc.path)
    if case.kind == "md":
        body = [(number, text) for number, text in lines if number >= doc.body_line]
    else:
        start = doc.lines.get("sections", len(lines) + 1)
        body = [(number, text) for number, text in lines if number > start]
    body = outside_fences(body)
    problems = term_problems(config.terms, doc.path, lines)
    problems += title_problems(doc)
    problems += editor_problems(doc)
    problems += image_problems(doc.path, body)
    problems += section_problems(config, case)
    if targets is not None:
        problems += link_problems(doc.path, body, targets, case)
    return problems


def outside_fences(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines that are not inside a fenced code block."""
    kept = []
    fence: str | None = None
    for number, text in lines:
        match = FENCE_RE.match(text)
        if match:
            fence = None if fence == match.group(1) else (fence or match.group(1))
            continue
        if fence is None:
            kept.append((number, text))
    return kept


def title_problems(doc: Document) -> list[Problem]:
    """A warning for a title longer than :data:`MAX_TITLE_CHARS` characters."""
    title = doc.data.get("title")
    if not isinstance(title, str):
        return []
    length = len(re.sub(r"\s+", "", title))
    if length <= MAX_TITLE_CHARS:
        return []
    return [problem("title-too-long", doc.path, doc.lines.get("title"), "warning", length=length, limit=MAX_TITLE_CHARS)]


def editor_problems(doc: Document) -> list[Problem]:
    """A warning when the 责任编辑 line (``editor:``) is there but empty: readers and inspectors look for the name."""
    if "editor" not in doc.data:
        return []
    editor = doc.data["editor"]
    if isinstance(editor, str) and editor.strip():
        return []
    return [problem("editor-missing", doc.path, doc.lines.get("editor", 1), "warning")]


def image_problems(path: str, body: list[tuple[int, str]]) -> list[Problem]:
    """A warning for every picture with neither a description (alt) nor a caption (title)."""
    problems = []
    for number, text in body:
        if text.count("[") > MAX_OPEN:
            continue  # 100,000 × "![": the build refuses the paragraph, and the scan would take minutes (quadratic)
        for match in IMAGE_RE.finditer(text):
            if not (match["alt"] or "").strip() and not (match["title"] or "").strip():
                problems.append(problem("image-no-caption", path, number, "warning", src=match["src"]))
    return problems


def section_problems(config: SiteConfig, case: CaseSource) -> list[Problem]:
    """Optional sections left empty, and scaffold hints left inside written sections.

    A *required* section holding only a hint is the build's ``empty-section``
    error already, so it is not reported again here.
    """
    doc = case.doc
    problems: list[Problem] = []
    if case.kind == "md":
        parts, _, _ = split_markdown(doc.body, doc.body_line)
    else:
        raw = doc.data.get("sections")
        items = raw.items() if isinstance(raw, dict) else []
        parts = [(str(key), doc.lines.get(f"sections.{key}", 1), str(text or ""), doc.lines.get(f"sections.{key}", 1)) for key, text in items]
    for heading, line, text, text_line in parts:
        spec = match_heading(heading, config.sections)
        if spec is None:
            continue  # the build reports unknown headings
        if not blank_placeholders(text).strip():
            if not spec.required:
                problems.append(problem("empty-optional-section", doc.path, line, "warning", heading=spec.heading))
            continue
        first = text_line if case.kind == "md" else text_line + 1
        for offset, written in enumerate(text.split("\n")):
            if is_placeholder(written):
                problems.append(problem("placeholder-left", doc.path, first + offset, "warning", text=shorten(written.strip(), 30)))
    return problems


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def term_problems(terms: tuple[tuple[str, str], ...], path: str, lines: list[tuple[int, str]]) -> list[Problem]:
    """A warning for each line using a wrong form from ``terms`` (not where it is part of the right form)."""
    problems = []
    for number, text in lines:
        for wrong, right in terms:
            if wrong in text and any(not inside_right_form(text, index, wrong, right) for index in occurrences(text, wrong)):
                problems.append(problem("wrong-term", path, number, "warning", wrong=wrong, right=right))
    return problems


def occurrences(text: str, word: str) -> list[int]:
    """Start index of every occurrence of ``word`` in ``text``."""
    found, start = [], text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


def inside_right_form(text: str, index: int, wrong: str, right: str) -> bool:
    """Whether the ``wrong`` at ``index`` is part of an occurrence of ``right`` (``市委改革办`` in ``中共宁德市委改革办``)."""
    return any(start <= index and index + len(wrong) <= start + len(right) for start in occurrences(text, right))


def link_problems(path: str, body: list[tuple[int, str]], targets: Targets, case: CaseSource) -> list[Problem]:
    """A warning for every internal link that leads nowhere, names a case file, or starts with ``/``."""
    page = targets.page_of.get(path)
    if page is None:
        return []
    example = example_link(page, targets)
    problems = []
    for number, text in body:
        hrefs = [m["href"] for m in LINK_RE.finditer(text)] + [m["href"] for m in HTML_HREF_RE.finditer(text)]
        reference = REFERENCE_RE.match(text)
        if reference:
            hrefs.append(reference["href"])
        for href in hrefs:
            found = link_problem(href, page, case.folder, targets, path, number, example)
            if found is not None:
                problems.append(found)
    return problems


def example_link(page: str, targets: Targets) -> str:
    """A relative link from ``page`` to another article, to show in messages."""
    others = sorted(url for url in targets.page_of.values() if url != page)
    return relative_url(page, others[0]) if others else "../"


def relative_url(from_page: str, to_page: str) -> str:
    """A link from one page URL (``a/b/``) to another (``a/c/`` → ``../c/``)."""
    link = posixpath.relpath(to_page.rstrip("/") or ".", from_page.rstrip("/") or ".")
    return link + "/" if to_page.endswith("/") else link


def link_problem(href: str, page: str, folder: str, targets: Targets, path: str, line: int, example: str) -> Problem | None:
    """The problem with one link from the article at ``page``, if any."""
    parts = urlsplit(href)
    if not href or parts.scheme or href.startswith(("#", "//")) or not parts.path:
        return None
    target = unquote(parts.path)
    if target.lower().endswith(SOURCE_SUFFIXES):
        source = posixpath.normpath(posixpath.join(folder, target))
        if source in targets.page_of:
            return problem("source-link", path, line, "warning", href=href, fix=relative_url(page, targets.page_of[source]))
        return problem("case-broken-link", path, line, "warning", href=href, example=example)
    if target.startswith("/"):
        inside = target[len(targets.base_path) :] if target.startswith(targets.base_path) else target.lstrip("/")
        resolved = resolve(inside, "")
        if resolved is not None and reachable(resolved, targets):
            return problem("root-link", path, line, "warning", href=href, fix=relative_url(page, inside) if inside.endswith("/") else posixpath.relpath(inside, page.rstrip("/")))
        return problem("case-broken-link", path, line, "warning", href=href, example=example)
    resolved = resolve(target, page)
    if resolved is None or not reachable(resolved, targets):
        return problem("case-broken-link", path, line, "warning", href=href, example=example)
    return None


def resolve(target: str, page: str) -> str | None:
    """The site path a link reaches from the page at ``page``; ``None`` if it climbs out of the site."""
    joined = posixpath.normpath(posixpath.join(page, target))
    if joined == ".":
        joined = ""
    if joined.startswith("..") or PurePosixPath(joined).is_absolute():
        return None
    return joined + "/" if target.endswith("/") and joined else joined


def reachable(path: str, targets: Targets) -> bool:
    """Whether a resolved site path is served: a file, or a folder with an index page."""
    if path == "" or path.endswith("/"):
        return path + "index.html" in targets.outputs
    return path in targets.outputs or f"{path}/index.html" in targets.outputs
