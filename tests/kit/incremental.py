"""Cached builds against clean ones: a build without search, a site with a figure, the kinds of change an editor makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reformpress.pipeline import BuildReport

from .site import SiteDir, case_text, make_image, snapshot

FIGURE = "背景内容。\n\n![现场图](images/a.jpg \"现场图说\")"
"""The 改革背景 text of case 01 once :func:`with_figure` has given it a figure."""


def build(site: SiteDir, **options: object) -> BuildReport:
    """Build without the search index: these tests are about the pages; the index has its own (test_search*.py)."""
    return site.build(search=False, **options)


def with_figure(site: SiteDir) -> None:
    """Give case 01 a figure (images/a.jpg, 300×200) and a few more cases."""
    make_image(site.root / "content/demo/images/a.jpg", (300, 200))
    text = (site.root / "content/demo/01-gutian.md").read_text(encoding="utf-8")
    site.write("content/demo/01-gutian.md", text.replace("背景内容。", FIGURE))
    for number in range(3, 8):
        site.write(f"content/demo/{number:02d}-case-{number}.md", case_text(f"第{number}篇改革案例", date=f"2022-11-{number:02d} 10:00"))


def clean_build(site: SiteDir, tmp_path: Path) -> dict[str, bytes]:
    """Every file of a build of the site without any cache, into a fresh folder."""
    folder = tmp_path / "clean"
    build(site, output=folder, cache=False, jobs=1)
    files = snapshot(folder)
    return files


def edit(site: SiteDir, rel: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the site's file ``rel`` (fails the test if ``old`` is not there)."""
    path = site.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def replace_image(site: SiteDir) -> None:
    # Written twice within the same second with the same byte size would defeat a naive stamp: a new size also changes the page.
    make_image(site.root / "content/demo/images/a.jpg", (120, 90), color=(20, 120, 40))


CHANGES: dict[str, Callable[[SiteDir], None]] = {
    "case edited": lambda site: edit(site, "content/demo/02-shouning.md", "成效内容。", "成效内容有了新的数字：增长三成。"),
    "case added": lambda site: site.write("content/demo/08-new.md", case_text("新增的改革案例", date="2022-11-20 08:00").replace("[乡村振兴]", "[乡村振兴, 数字政府]")),
    "case deleted": lambda site: (site.root / "content/demo/03-case-3.md").unlink(),
    "case renamed": lambda site: (site.root / "content/demo/04-case-4.md").rename(site.root / "content/demo/04-renamed.md"),
    "template edited": lambda site: edit(site, "templates/article.html", "相关新闻", "相关报道"),
    "site.yaml edited": lambda site: edit(site, "site.yaml", "title: 测试改革网", "title: 测试改革在线"),
    "site.yaml sections edited": lambda site: edit(site, "site.yaml", "per_page: 2", "per_page: 3\nsections:\n  - {key: intro, heading: 引言}\n  - {key: background, heading: 改革背景, required: true, aliases: [背景]}\n  - {key: practices, heading: 创新做法, required: true}\n  - {key: results, heading: 主要成效, required: true}\n  - {key: lessons, heading: 经验启示, required: true}\n"),
    "image replaced": replace_image,
    "theme file edited": lambda site: site.write("templates/static/style.css", (site.root / "templates/static/style.css").read_text(encoding="utf-8") + "\n.x { color: red; }\n"),
}
"""Each kind of change an editor makes to a site that has :func:`with_figure`, by name."""
