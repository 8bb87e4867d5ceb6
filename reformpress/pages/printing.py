"""A whole series as one printable document: every report's HTML made to live on one page.

Each report's sections were rendered for its own page, so on a page that
holds them all two things would break: ids repeat (every report has a
``background`` section and ``practices-1`` sub-heading) and relative links
point from the wrong folder (``images/launch.jpg`` lives next to the
report).  :func:`printed_article` gives each report a unique id prefix and
rebases its relative links onto the print page; its headings move one level
down, below the report's own ``<h2>``; its images load eagerly (a printout
cannot wait for a lazy image to scroll into view).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import urls
from ..model import Article, Section

ATTRIBUTE_RE = re.compile(r'(?P<lead>\s(?P<name>id|href|src|srcset|poster)=")(?P<value>[^"]*)(?=")')
"""A double-quoted id or URL attribute in sanitised HTML (nh3 always writes double quotes)."""

HEADING_RE = re.compile(r"<(?P<close>/?)h(?P<level>[1-6])(?=[\s>])")
"""An opening or closing heading tag."""


@dataclass(frozen=True)
class PrintedSection:
    """A section of a report, with ids and links fit for the print page."""

    anchor: str
    heading: str
    html: str
    style: str


@dataclass(frozen=True)
class PrintedArticle:
    """One report as the print page shows it."""

    article: Article
    anchor: str
    """Id of the report on the print page (``r16``), also the table-of-contents target."""
    editor_note_html: str
    """The report's own 编者按, empty when it only repeats the series' note (printed once, at the top)."""
    sections: tuple[PrintedSection, ...]


def printed_article(article: Article, page_url: str, series_note_html: str = "") -> PrintedArticle:
    """``article`` with unique ids (prefixed by its anchor) and links rebased onto ``page_url``."""
    anchor = f"r{article.number}"
    base = urls.relative(page_url, article.url)

    def fit(html: str) -> str:
        return eager_images(shift_headings(rebase_html(html, anchor, base)))

    sections = tuple(print_section(section, anchor, fit) for section in article.sections)
    note = article.editor_note_html if article.editor_note_html != series_note_html else ""
    return PrintedArticle(article, anchor, fit(note), sections)


def print_section(section: Section, anchor: str, fit: Callable[[str], str]) -> PrintedSection:
    """One section with its id made unique on the print page."""
    return PrintedSection(f"{anchor}-{section.key}", section.heading, fit(section.html), section.style)


def shift_headings(html: str) -> str:
    """Every heading one level down (``h3`` → ``h4``): on the print page reports are ``h2``, sections ``h3``."""
    return HEADING_RE.sub(lambda m: f"<{m['close']}h{min(int(m['level']) + 1, 6)}", html)


def eager_images(html: str) -> str:
    """Images load with the page: a printout cannot wait for a lazy image to scroll into view."""
    return html.replace(' loading="lazy"', "")


def rebase_html(html: str, prefix: str, base: str) -> str:
    """Prefix ids (and ``#`` links to them) with ``prefix-``; put ``base`` before relative URLs.

    ``<h3 id="practices-1">`` → ``<h3 id="r16-practices-1">``;
    ``<a href="files/a.pdf">`` → ``<a href="../16-a/files/a.pdf">`` for base ``../16-a/``, and
    ``<img src="../images/a.jpg">`` (the series' pictures) → ``<img src="../images/a.jpg">``.
    Absolute URLs, root-absolute paths and ``mailto:`` and the like are kept.
    """

    def replace(match: re.Match[str]) -> str:
        name, value = match["name"], match["value"]
        if name == "id":
            return f"{match['lead']}{prefix}-{value}"
        if name == "srcset":
            rebased = ", ".join(" ".join([rebase_url(parts[0], prefix, base), *parts[1:]]) for parts in (c.split() for c in value.split(",")) if parts)
            return f"{match['lead']}{rebased}"
        return f"{match['lead']}{rebase_url(value, prefix, base)}"

    return ATTRIBUTE_RE.sub(replace, html)


def rebase_url(value: str, prefix: str, base: str) -> str:
    """One URL of a report, as seen from the print page."""
    if value.startswith("#"):
        return f"#{prefix}-{value[1:]}" if len(value) > 1 else value
    if not value or value.startswith("/") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
        return value
    return urls.collapsed(base + value)
