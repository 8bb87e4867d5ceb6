"""A rebuild with nothing changed does nothing, and any change at all makes it build.

``build`` answers "up to date" from file metadata before loading the engine
(:mod:`reformpress.incremental.uptodate`).  It may only say so when a full build would write exactly
what output/ already holds: each test changes one thing (an input, an option, the output
itself, the clock) and checks that the command then builds, to the same bytes as a clean build.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from reformpress.incremental import uptodate

from .kit.incremental import CHANGES, clean_build, with_figure
from .kit.site import REPO, SiteDir, case_text, snapshot

UP_TO_DATE = "网站已是最新"


def cli_build(site: SiteDir, *args: str) -> str:
    """``reformpress build`` in-process, without the search index; its output."""
    result = site.cli("build", "--no-search", *args)
    assert result.exit_code == 0, result.output
    return result.output


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_second_build_with_nothing_changed_touches_nothing(site: SiteDir, settled: None) -> None:
    with_figure(site)
    assert UP_TO_DATE not in cli_build(site)
    before = stamps(site.output)
    said = cli_build(site)
    assert UP_TO_DATE in said and "个文件保持原样" in said
    assert stamps(site.output) == before


def test_up_to_date_is_answered_by_a_real_process_without_loading_the_engine(site: SiteDir) -> None:
    with_figure(site)
    old = time.time() - 60  # settled files: the real racy rule (2 s) applies in this process
    for path in site.root.rglob("*"):
        os.utime(path, (old, old))
    time.sleep(uptodate._cache.RACY_SECONDS + 0.1)  # ctimes, which utime cannot move back, settle too
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", "import sys, reformpress.commands.cli as c; sys.argv[0] = 'reformpress'; c.main()", "build", "--no-search", "--root", str(site.root)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert first.returncode == 0, first.stderr
    probe = "import sys, reformpress.commands.cli as c\ntry:\n    c.main()\nfinally:\n    print('loaded:', sorted(m for m in sys.modules if m in ('jinja2', 'markdown', 'PIL', 'reformpress.pipeline')), file=sys.stderr)\n"
    second = subprocess.run([sys.executable, "-c", probe, "build", "--no-search", "--root", str(site.root)], capture_output=True, text=True, env=env, check=False)
    assert second.returncode == 0, second.stderr
    assert UP_TO_DATE in second.stdout
    assert "loaded: []" in second.stderr


CHANGED_OUTPUT = {
    "output page edited by hand": lambda out: (out / "demo/01-gutian/index.html").write_text("changed", encoding="utf-8"),
    "output file added": lambda out: (out / "demo/extra.html").write_text("extra", encoding="utf-8"),
    "output file deleted": lambda out: (out / "sitemap.xml").unlink(),
    "output folder deleted": lambda out: __import__("shutil").rmtree(out / "tags"),
}


@pytest.mark.parametrize("change", list(CHANGES) + list(CHANGED_OUTPUT))
def test_any_change_makes_it_build_to_the_same_bytes_as_a_clean_build(site: SiteDir, tmp_path: Path, settled: None, change: str) -> None:
    with_figure(site)
    cli_build(site)
    assert UP_TO_DATE in cli_build(site)
    if change in CHANGES:
        CHANGES[change](site)
    else:
        CHANGED_OUTPUT[change](site.output)
    assert UP_TO_DATE not in cli_build(site)
    expected = clean_build(site, tmp_path)
    assert snapshot(site.output) == expected
    assert UP_TO_DATE in cli_build(site)


@pytest.mark.parametrize("options", [("--base-url", "https://other.example.gov.cn/x/"), ("--drafts",), ("--future",)])
def test_other_options_make_it_build(site: SiteDir, settled: None, options: tuple[str, ...]) -> None:
    cli_build(site)
    assert UP_TO_DATE not in cli_build(site, *options)
    assert UP_TO_DATE in cli_build(site, *options)
    assert UP_TO_DATE not in cli_build(site)


def test_with_and_without_search_index_are_different_builds(site: SiteDir, settled: None) -> None:
    cli_build(site)
    with_search = site.cli("build")
    assert with_search.exit_code == 0 and UP_TO_DATE not in with_search.output
    assert (site.output / "search-index").is_dir()
    assert UP_TO_DATE in site.cli("build").output


def test_a_scheduled_report_falling_due_makes_it_build(site: SiteDir, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    soon = datetime.now() + timedelta(days=30)
    site.write("content/demo/03-soon.md", case_text("即将发布的改革案例", date=soon.strftime("%Y-%m-%d %H:%M")))
    cli_build(site)
    assert not (site.output / "demo/03-soon").exists()
    assert UP_TO_DATE in cli_build(site)
    monkeypatch.setattr("reformpress.text.dates.site_now", lambda timezone: soon + timedelta(minutes=1))
    assert UP_TO_DATE not in cli_build(site)
    assert (site.output / "demo/03-soon/index.html").is_file()


def test_a_file_rewritten_with_the_same_size_and_time_is_still_seen(site: SiteDir) -> None:
    """The racy case: same size, modification time put back; the change time still tells."""
    old = time.time() - 60
    for path in site.root.rglob("*"):
        os.utime(path, (old, old))
    time.sleep(uptodate._cache.RACY_SECONDS + 0.1)
    cli_build(site)
    assert UP_TO_DATE in cli_build(site)
    case = site.root / "content/demo/01-gutian.md"
    text = case.read_text(encoding="utf-8")
    assert "背景内容" in text
    case.write_text(text.replace("背景内容", "背景情况"), encoding="utf-8")  # same length in UTF-8
    os.utime(case, (old, old))
    assert UP_TO_DATE not in cli_build(site)  # changed just now: too fresh to trust, so it builds
    assert "背景情况" in (site.output / "demo/01-gutian/index.html").read_text(encoding="utf-8")


def test_a_file_saved_during_a_build_is_built_next_time(site: SiteDir, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot is taken before the build reads anything: an edit made while it runs is not lost.

    The edited report's article is in the cache, so this build does not read its file again and
    publishes what it checked (a report whose file is read again stops the build instead:
    tests/test_texts_aside.py).
    """
    from reformpress.incremental import shell as pipeline

    real = pipeline.load_content

    def read_then_edit(root: Path, *args: object, **options: object):  # the editor saves right after the build has read the files
        found = real(root, *args, **options)  # type: ignore[arg-type]
        case = root / "content/demo/02-shouning.md"
        case.write_text(case.read_text(encoding="utf-8").replace("成效内容。", "成效内容，刚刚补充。"), encoding="utf-8")
        return found

    cli_build(site)
    site.write("content/demo/08-new.md", case_text("新增的改革案例", date="2022-11-20 08:00"))  # a report added: a whole build
    monkeypatch.setattr(pipeline, "load_content", read_then_edit)
    cli_build(site)
    monkeypatch.setattr(pipeline, "load_content", real)
    assert "刚刚补充" not in (site.output / "demo/02-shouning/index.html").read_text(encoding="utf-8")
    assert UP_TO_DATE not in cli_build(site)
    assert "刚刚补充" in (site.output / "demo/02-shouning/index.html").read_text(encoding="utf-8")


def test_without_the_cache_it_always_builds(site: SiteDir, settled: None) -> None:
    cli_build(site)
    assert UP_TO_DATE not in cli_build(site, "--no-cache")
    assert UP_TO_DATE not in cli_build(site, "--no-cache")


def test_a_damaged_cache_means_a_full_build_not_a_traceback(site: SiteDir, settled: None) -> None:
    cli_build(site)
    (site.root / ".cache/build.sqlite3").write_bytes(b"not a database" * 100)
    for leftover in (site.root / ".cache").glob("build.sqlite3-*"):
        leftover.unlink()
    said = cli_build(site)
    assert UP_TO_DATE not in said and "已生成" in said
    assert UP_TO_DATE in cli_build(site)


def test_a_failed_build_leaves_no_false_up_to_date(site: SiteDir, settled: None) -> None:
    cli_build(site)
    case = site.root / "content/demo/01-gutian.md"
    good = case.read_text(encoding="utf-8")
    case.write_text(good.replace("title:", "titel:"), encoding="utf-8")
    assert site.cli("build", "--no-search").exit_code == 1
    assert site.cli("build", "--no-search").exit_code == 1  # still wrong: never "up to date"
    case.write_text(good, encoding="utf-8")
    assert UP_TO_DATE not in cli_build(site)
    assert UP_TO_DATE in cli_build(site)
