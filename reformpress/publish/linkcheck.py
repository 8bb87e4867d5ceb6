"""Offline link check of a built site: every internal link resolves to a file, anchors included.

:func:`check_links` reads the HTML pages of an output folder and returns a
:class:`LinkReport`: a problem for every internal ``href``/``src``/``srcset``
that points at no file (or at an ``#anchor`` that the target page lacks, or
out of the site's base path), and the list of external links, which are
listed and never fetched.  Nothing here touches the network or writes.

Links come in four shapes, all handled:

* relative (``../regions/gutian/``), resolved against the page's folder;
* root-absolute under the base path (``/gg/static/style.css`` — 404.html
  uses them because it is served at any URL);
* absolute to the site itself (``https://example.gov.cn/gg/reform/``: the
  canonical link), treated as internal;
* external (any other host), listed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..model import base_path
from ..problems import Problem, problem, sort_problems

LINK_ATTRIBUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("a", "href"), ("area", "href"), ("link", "href"),
        ("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src"), ("embed", "src"),
        ("audio", "src"), ("video", "src"), ("video", "poster"), ("track", "src"), ("object", "data"),
        ("img", "srcset"), ("source", "srcset"),
        ("form", "action"),  # the header search box sends readers to the search page
    }
)
"""(tag, attribute) pairs whose value is a URL (``srcset``: a list of them)."""

IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")
"""Links that point at no resource to check."""


@dataclass(frozen=True)
class ExternalLink:
    """A link to another site: where it first appears and how many pages carry it."""

    url: str
    first_page: str
    pages: int


@dataclass(frozen=True)
class LinkReport:
    """What the link check found."""

    problems: tuple[Problem, ...]
    external: tuple[ExternalLink, ...]
    """Sorted by URL."""
    pages: int
    """HTML pages read."""
    links: int
    """Internal links checked."""


@dataclass(frozen=True)
class _Link:
    value: str
    line: int


class _PageScan(HTMLParser):
    """Collects the ids and the link values (with their lines) of one HTML page."""

    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.ids: set[str] = set()
        self.links: list[_Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif (tag, name) in LINK_ATTRIBUTES:
                values = srcset_urls(value) if name == "srcset" else [value]
                self.links += [_Link(v, line) for v in values]
            elif tag == "meta" and name == "content" and value.startswith(self.base_url):
                self.links.append(_Link(value, line))  # og:image and the like, when they point at us

    handle_startendtag = handle_starttag


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a ``srcset`` value (``a.jpg 480w, b.jpg 960w`` → ``[a.jpg, b.jpg]``)."""
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


def check_links(output: Path, base_url: str, shown_as: str = "output") -> LinkReport:
    """Check every internal link of every HTML page under ``output``; list the external ones.

    ``base_url`` is the address the site was built for (``build --base-url``);
    problems name the page as ``shown_as/<path>:<line>``.
    """
    if not base_url.endswith("/"):
        base_url += "/"
    scans: dict[str, _PageScan] = {}
    for file in sorted(output.rglob("*.html")):
        scan = _PageScan(base_url)
        scan.feed(file.read_text(encoding="utf-8", errors="replace"))
        scan.close()
        scans[file.relative_to(output).as_posix()] = scan
    problems: list[Problem] = []
    external: dict[str, tuple[str, set[str]]] = {}
    checked = 0
    for page, scan in scans.items():
        for link in scan.links:
            target = resolve(page, link.value, base_url)
            where = f"{shown_as}/{page}"
            if target.kind == "ignored":
                continue
            if target.kind == "external":
                external.setdefault(link.value, (page, set()))[1].add(page)
                continue
            checked += 1
            if target.kind == "escapes":
                problems.append(problem("link-escapes-base", where, link.line, href=link.value, base=base_path(base_url)))
                continue
            found = find_file(output, target.path)
            if found is None:
                problems.append(problem("broken-link", where, link.line, href=link.value, target=target.path))
            elif target.fragment and found.endswith(".html") and target.fragment not in scans[found].ids:
                problems.append(problem("broken-anchor", where, link.line, href=link.value, anchor=target.fragment, target=found))
    listed = tuple(ExternalLink(url, first, len(pages)) for url, (first, pages) in sorted(external.items()))
    return LinkReport(tuple(sort_problems(problems)), listed, len(scans), checked)


@dataclass(frozen=True)
class Target:
    """Where a link points: ``kind`` is internal, external, escapes or ignored."""

    kind: str
    path: str = ""
    """For internal links: the path inside the output folder (``a/b/`` keeps its slash)."""
    fragment: str = ""


def resolve(page: str, value: str, base_url: str) -> Target:
    """Where ``value``, found on the page at output path ``page``, points."""
    value = value.strip()
    if not value or value.lower().startswith(IGNORED_SCHEMES):
        return Target("ignored")
    site_path = base_path(base_url)
    site_host = urlsplit(base_url).netloc
    parts = urlsplit(value)
    fragment = unquote(parts.fragment)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc:
        if parts.netloc != site_host or parts.scheme not in ("", "http", "https"):
            return Target("external")
        # an absolute link to this very site (canonical, og:image): internal from here on
    elif not path:  # ``#anchor`` or ``?query`` alone: this page
        return Target("internal", page, fragment)
    if path.startswith("/"):
        if not (path + "/").startswith(site_path) and path + "/" != site_path:
            return Target("escapes")
        inside = path[len(site_path) :] if len(path) >= len(site_path) else ""
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if joined == ".." or joined.startswith("../"):
            return Target("escapes")
        inside = "" if joined == "." else joined
        if path.endswith("/") and inside:
            inside += "/"
    return Target("internal", inside, fragment)


def find_file(output: Path, path: str) -> str | None:
    """The output file that serves ``path`` (``a/`` → ``a/index.html``), or ``None``."""
    candidates = [path + "index.html"] if path == "" or path.endswith("/") else [path, path + "/index.html"]
    for candidate in candidates:
        file = output / candidate
        if file.is_file() and output.resolve() in file.resolve().parents:
            return candidate
    return None
