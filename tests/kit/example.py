"""The repo's own example site (content/ningde-reform): its report files, their front matter, one URL of each kind of page."""

from __future__ import annotations

from pathlib import Path

import yaml

from .site import REPO


def case_files() -> list[Path]:
    """The example's report files, in file-name (report number) order."""
    return sorted((REPO / "content/ningde-reform").glob("[0-9]*.md"))


def front_matter(path: Path) -> dict:
    """The front matter of a report file, parsed."""
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def front_matters() -> list[dict]:
    """The front matter of every report of the example, in :func:`case_files` order."""
    return [front_matter(path) for path in case_files()]


ARTICLE = "ningde-reform/16-sixia-jiceng/"
"""A report page of the example (report 16, 四下基层), the one the browser tests read."""

PAGE_KINDS = {
    "home": "",
    "series": "ningde-reform/",
    "article": ARTICLE,
    "overview": "ningde-reform/overview/",
    "print": "ningde-reform/print/",
    "regions": "regions/",
    "region": "regions/gutian/",
    "tags": "tags/",
    "tag": "tags/xiang-cun-zhen-xing/",
    "archive": "archive/",
    "archive-year": "archive/2022/",
    "archive-month": "archive/2022/10/",
    "search": "search/?q=四下基层",
    "404": "no/such/page/",
}
"""One URL of every kind of page the example site has (the 404 page is served for an unknown URL)."""
