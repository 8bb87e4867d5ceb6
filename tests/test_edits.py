"""After an edit to a report, only the pages that show it are made again, and the site is still exactly right.

:mod:`reformpress.incremental.quick` skips the full build when the only changes are case files edited in
place that keep their outline (key, series, number, date, regions, tags, pictures).  Every test
here edits something, builds, checks which way the build went, and compares the whole output
with a clean build of the same input, byte for byte.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reformpress.incremental import quick as edits
from reformpress.incremental.cache import Cache
from reformpress.model import ALL, CARD
from reformpress.pages.routes import plan
from reformpress.pipeline import BuildReport
from reformpress.problems import BuildFailed

from .kit.incremental import FIGURE, build, clean_build, edit, with_figure
from .kit.site import SiteDir, snapshot

CASE = "content/demo/05-case-5.md"

QUICK: dict[str, Callable[[SiteDir], None]] = {
    "body text": lambda site: edit(site, CASE, "成效内容。", "成效内容：增长三成，惠及两万人。"),
    "title": lambda site: edit(site, CASE, "title: 第5篇改革案例", "title: 第5篇改革案例（修订）"),
    "summary": lambda site: edit(site, CASE, "title: 第5篇改革案例", "title: 第5篇改革案例\nsummary: 编辑写的摘要。"),
    "editor and units": lambda site: edit(site, CASE, "title: 第5篇改革案例", "title: 第5篇改革案例\neditor: 张三\nunits: [县委改革办, 县农业农村局]"),
    "highlights": lambda site: edit(site, CASE, "title: 第5篇改革案例", "title: 第5篇改革案例\nhighlights:\n  - {value: '1500', unit: 多名, label: 干部参加锻炼}"),
    "own editor's note": lambda site: edit(site, CASE, "## 引言", "## 编者按\n\n本篇自己的编者按。\n\n## 引言"),
    "the first report's text": lambda site: edit(site, "content/demo/01-gutian.md", "启示内容。", "启示内容，补充一句。"),
    "a caption": lambda site: edit(site, "content/demo/01-gutian.md", '"现场图说"', '"新的图说"'),
}

FULL: dict[str, Callable[[SiteDir], None]] = {
    "date": lambda site: edit(site, CASE, "date: 2022-11-05 10:00", "date: 2022-11-05 10:30"),
    "tags": lambda site: edit(site, CASE, "tags: [乡村振兴]", "tags: [乡村振兴, 数字政府]"),
    "regions": lambda site: edit(site, CASE, "regions: [古田县]", "regions: [寿宁县]"),
    "slug (its address)": lambda site: edit(site, CASE, "title: 第5篇改革案例", "title: 第5篇改革案例\nslug: new-address"),
    "draft": lambda site: edit(site, CASE, "title: 第5篇改革案例", "title: 第5篇改革案例\ndraft: true"),
    "a new figure": lambda site: edit(site, CASE, "背景内容。", FIGURE),
    "a case added": lambda site: site.write("content/demo/09-extra.md", (site.root / CASE).read_text(encoding="utf-8").replace("第5篇", "第9篇")),
    "the series file": lambda site: edit(site, "content/demo/_series.yaml", "source: 测试市委改革办", "source: 测试市委改革办公室"),
}


def same_as_clean(site: SiteDir, tmp_path: Path) -> None:
    result, expected = snapshot(site.output), clean_build(site, tmp_path)
    assert sorted(result) == sorted(expected)
    assert [name for name in expected if result[name] != expected[name]] == []


@pytest.mark.parametrize("change", list(QUICK))
def test_an_edit_that_keeps_the_outline_remakes_only_the_pages_that_show_the_report(site: SiteDir, tmp_path: Path, change: str, settled: None) -> None:
    with_figure(site)
    full = build(site)
    QUICK[change](site)
    report = build(site)
    assert report.quick, f"a full build after: {change}"
    assert "assemble" not in report.seconds
    assert report.rendered_articles == 1
    assert 0 < report.rendered_pages < full.pages / 2
    assert (report.pages, report.articles, report.files) == (full.pages, full.articles, full.files)
    assert report.written + report.kept == report.files
    same_as_clean(site, tmp_path)


def test_an_edit_of_the_text_alone_leaves_the_lists_that_show_the_report_alone(site: SiteDir, tmp_path: Path, settled: None) -> None:
    """Lists, neighbours and related news show a report's card; an edit that keeps the card leaves them as they are."""
    with_figure(site)
    build(site)
    text = build_after(site, QUICK["body text"])
    title = build_after(site, QUICK["title"])
    assert text.quick and title.quick
    assert text.rendered_pages == 2 + 3  # its page and the series' print page; the site's, series' and region's feeds
    assert title.rendered_pages > text.rendered_pages + 5  # and the lists and pages that show its title
    same_as_clean(site, tmp_path)


def test_the_index_tables_are_stored_again_only_when_an_edit_changes_them(site: SiteDir, tmp_path: Path, settled: None) -> None:
    """The site's tables in the edit index (MBs at thousands of reports) stay as stored after an edit of the text alone."""
    with_figure(site)
    build(site)
    first = kept_tables(site)
    assert build_after(site, QUICK["body text"]).quick
    assert kept_tables(site) == first
    assert build_after(site, QUICK["title"]).quick  # the card changes: the tables hold it
    second = kept_tables(site)
    assert second != first
    assert build_after(site, QUICK["the first report's text"]).quick
    assert kept_tables(site) == second
    assert not build_after(site, FULL["date"]).quick
    assert kept_tables(site) not in (first, second)
    cache = Cache(site.root)
    try:
        assert cache.db is not None
        assert cache.db.execute("SELECT COUNT(*) FROM entries WHERE kind = ?", (edits.TABLES_KIND,)).fetchone() == (1,), "old tables left behind"
    finally:
        cache.close(success=False)
    same_as_clean(site, tmp_path)


def kept_tables(site: SiteDir) -> str:
    """The mark of the tables the edit index was kept with."""
    cache = Cache(site.root)
    try:
        loaded = edits.load_index(cache, str(site.output.resolve()))
        assert loaded is not None, "no edit index kept"
        return loaded[1]
    finally:
        cache.close(success=False)


def build_after(site: SiteDir, change: Callable[[SiteDir], None]) -> BuildReport:
    change(site)
    return build(site)


@pytest.mark.parametrize("change", list(FULL))
def test_an_edit_that_changes_the_outline_builds_in_full(site: SiteDir, tmp_path: Path, change: str, settled: None) -> None:
    with_figure(site)
    build(site)
    FULL[change](site)
    report = build(site)
    assert not report.quick and "assemble" in report.seconds
    same_as_clean(site, tmp_path)


def test_edits_one_after_another_stay_right(site: SiteDir, tmp_path: Path, settled: None) -> None:
    with_figure(site)
    build(site)
    for round_, (name, change) in enumerate([*QUICK.items(), ("date", FULL["date"]), ("body again", QUICK["body text"])]):
        if name == "body again":
            edit(site, CASE, "惠及两万人", "惠及三万人")
        else:
            change(site)
        build(site)
        same_as_clean(site, tmp_path / str(round_))


def test_saving_a_file_unchanged_rewrites_nothing(site: SiteDir, settled: None) -> None:
    with_figure(site)
    build(site)
    before = {p: p.stat().st_mtime_ns for p in site.output.rglob("*") if p.is_file()}
    file = site.root / CASE
    file.write_bytes(file.read_bytes())  # an editor's "save" with nothing changed
    report = build(site)
    assert report.quick and report.rendered_articles == 0 and report.rendered_pages == 0 and report.written == 0
    assert {p: p.stat().st_mtime_ns for p in site.output.rglob("*") if p.is_file()} == before


def test_a_mistake_in_an_edited_file_is_reported_with_its_line_and_nothing_is_written(site: SiteDir, tmp_path: Path, settled: None) -> None:
    with_figure(site)
    build(site)
    before = snapshot(site.output)
    edit(site, CASE, "regions: [古田县]", "regions: [不存在县]")
    with pytest.raises(BuildFailed) as failure:
        build(site)
    [problem] = failure.value.problems
    assert problem.location.path == CASE and problem.location.line == 4
    assert "不存在县" in str(problem.params)
    assert snapshot(site.output) == before
    edit(site, CASE, "regions: [不存在县]", "regions: [古田县]")
    edit(site, CASE, "成效内容。", "成效内容，改好了。")
    assert build(site).quick
    same_as_clean(site, tmp_path)


def test_an_output_file_changed_by_hand_makes_the_build_a_full_one(site: SiteDir, tmp_path: Path, settled: None) -> None:
    with_figure(site)
    build(site)
    (site.output / "demo/01-gutian/index.html").write_text("<p>changed by hand</p>", encoding="utf-8")
    QUICK["body text"](site)
    assert not build(site).quick
    same_as_clean(site, tmp_path)


def test_a_build_interrupted_while_writing_leaves_whole_files_and_the_next_one_repairs_everything(
    site: SiteDir, tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_figure(site)
    build(site)
    QUICK["title"](site)
    real_replace = os.replace
    calls: list[str] = []

    def replace_then_die(source: str, target: str) -> None:
        calls.append(str(target))
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C after the first page was replaced
        real_replace(source, target)

    monkeypatch.setattr(edits.os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        build(site)
    monkeypatch.undo()
    assert len(calls) == 2
    for page in site.output.rglob("*.html"):
        assert page.read_bytes().rstrip().endswith(b"</html>"), f"{page} is not a whole page"
    report = build(site)
    assert not report.quick, "the build after an interrupted one trusted its half-done records"
    same_as_clean(site, tmp_path)


def test_a_file_saved_moments_ago_is_read_again_until_its_time_can_be_trusted(site: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edited file's time is too fresh to trust (Git's racy-clean rule), so each build reads it again."""
    with_figure(site)
    monkeypatch.setattr("reformpress.incremental.cache.RACY_SECONDS", 0.0)  # the site's files were written long ago …
    build(site)
    monkeypatch.setattr("reformpress.incremental.cache.RACY_SECONDS", 2.0)  # … but the edit just now
    QUICK["body text"](site)
    first = build(site)
    second = build(site)
    assert first.quick and first.rendered_articles == 1
    assert second.quick and second.rendered_pages == 0 and second.written == 0
    same_as_clean(site, tmp_path)


def test_no_page_depends_on_every_report_and_lists_on_no_more_than_they_show(find_site: SiteDir) -> None:
    """What makes an edit cheap: each page reads only the reports it shows (the sitemap reads none)."""
    from reformpress.content.checks import check_content
    from reformpress.content.config import load_config
    from reformpress.content.sources import read_sources
    from reformpress.site.assemble import assemble

    config = load_config(find_site.root / "site.yaml")
    sources, problems = read_sources(find_site.root)
    assert problems == []
    content, problems = check_content(config, sources)
    assert problems == []
    site = assemble(config, content)
    pages = plan(site)
    assert pages and all(ALL not in page.shows for page in pages)
    for page in pages:
        if page.template == "list.html":
            assert len(page.shows) <= config.per_page, page.url
        if page.template == "article.html":
            article = page.context["article"]
            assert page.shows == {article.key, *(CARD + k for k in site.neighbours[article.key] if k), *(CARD + k for k in site.related[article.key])}, page.url
    from reformpress.pages.sitemap import sitemap

    _, read = site.articles.made(lambda: sitemap(site))
    assert read == frozenset()


def test_without_the_cache_every_build_is_a_full_one(site: SiteDir, tmp_path: Path, settled: None) -> None:
    with_figure(site)
    build(site, cache=False)
    QUICK["body text"](site)
    report = build(site, cache=False)
    assert not report.quick and not (site.root / ".cache/build.sqlite3").exists()
    same_as_clean(site, tmp_path)


def test_with_the_search_index_the_index_is_made_anew_and_swapped_in(site: SiteDir, tmp_path: Path, settled: None) -> None:
    with_figure(site)
    full = site.build(search=True)
    QUICK["body text"](site)
    report = site.build(search=True)
    assert report.quick and "search" in report.seconds
    assert report.files == full.files
    clean = tmp_path / "clean"
    site.build(search=True, output=clean, cache=False, jobs=1)
    assert snapshot(site.output) == snapshot(clean)
    assert list(site.root.parent.glob(".output.*search*")) == [] and list(site.root.glob(".output.*search*")) == []
    second = site.build(search=True)
    assert second.quick and second.rendered_pages == 0 and "search" not in second.seconds
