"""A cached, parallel build is the same build: byte-identical to a clean one after every kind of change.

Each test builds with a warm cache, changes one thing, builds again, and compares the result
with a clean build (no cache) of the same input, file by file.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reformpress.content.checks import check_content
from reformpress.content.config import load_config
from reformpress.content.sources import read_sources
from reformpress.incremental import articles, workers
from reformpress.incremental import rendering as render
from reformpress.incremental.workers import IN_FLIGHT, START_METHOD_VARIABLE, can_fork, parallel_imap, parallel_map
from reformpress.pipeline import BuildReport
from reformpress.problems import BuildFailed
from reformpress.site import assemble

from .kit.incremental import CHANGES, FIGURE, build, clean_build, edit, replace_image, with_figure
from .kit.site import SiteDir, case_text, make_image, snapshot


@pytest.mark.parametrize("change", list(CHANGES))
def test_cached_build_equals_clean_build_after_each_kind_of_change(site: SiteDir, tmp_path: Path, change: str, settled: None) -> None:
    with_figure(site)
    build(site, jobs=2)
    first = build(site, jobs=2)
    assert first.rendered_articles == 0 and first.rendered_pages == 0, "a second build of the same input reused nothing"
    CHANGES[change](site)
    cached = build(site, jobs=2)
    assert cached.rendered_pages < cached.pages or change in ("site.yaml edited", "template edited", "site.yaml sections edited", "theme file edited")
    result = snapshot(site.output)
    expected = clean_build(site, tmp_path)
    assert sorted(result) == sorted(expected)
    assert [name for name in expected if result[name] != expected[name]] == []


def test_only_what_changed_is_rendered_and_unchanged_files_keep_their_inode_and_time(site: SiteDir) -> None:
    with_figure(site)
    build(site)
    before = {p.relative_to(site.output).as_posix(): p.stat() for p in site.output.rglob("*") if p.is_file()}
    edit(site, "content/demo/05-case-5.md", "启示内容。", "启示内容，补充一句。")
    report = build(site)
    assert report.rendered_articles == 1
    after = {p.relative_to(site.output).as_posix(): p.stat() for p in site.output.rglob("*") if p.is_file()}
    changed = sorted(name for name in after if (after[name].st_ino, after[name].st_mtime_ns) != (before[name].st_ino, before[name].st_mtime_ns))
    assert "demo/05-case-5/index.html" in changed
    assert "demo/01-gutian/index.html" not in changed
    assert "demo/01-gutian/images/a.jpg" not in changed and "static/style.css" not in changed
    assert report.written == len(changed) and report.kept == len(after) - len(changed) - 1  # the marker file is not counted
    assert len(changed) < len(after) / 2


def test_a_hand_edited_output_file_is_rendered_again(site: SiteDir) -> None:
    build(site)
    page = site.output / "demo/01-gutian/index.html"
    original = page.read_bytes()
    page.write_bytes(b"<p>changed by hand</p>")
    build(site)
    assert page.read_bytes() == original


def test_cache_that_cannot_be_read_is_ignored(site: SiteDir, tmp_path: Path) -> None:
    build(site)
    (site.root / ".cache/build.sqlite3").write_bytes(b"this is not a database" * 100)
    for leftover in (site.root / ".cache").glob("build.sqlite3-*"):
        leftover.unlink()
    build(site)
    assert snapshot(site.output) == clean_build(site, tmp_path)
    assert sqlite3.connect(site.root / ".cache/build.sqlite3").execute("SELECT count(*) FROM entries").fetchone()[0] > 0


def test_a_cache_of_the_layout_before_is_emptied_and_made_anew(site: SiteDir, tmp_path: Path) -> None:
    """A cache file written by the version before (entries WITHOUT ROWID, no user_version) is not read: the build starts it afresh."""
    from reformpress.incremental.cache import SCHEMA

    build(site)
    file = site.root / ".cache/build.sqlite3"
    with sqlite3.connect(file) as db:
        rows = db.execute("SELECT kind, key, value, used FROM entries").fetchall()
        db.execute("DROP TABLE entries")
        db.execute("CREATE TABLE entries (kind TEXT, key TEXT, value BLOB, used INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID")
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)", rows)
        db.execute("PRAGMA user_version = 0")
    db.close()
    edit(site, "content/demo/01-gutian.md", "背景内容。", "新的背景内容。")
    report = build(site)
    assert not report.quick and report.rendered_articles == report.articles  # nothing was taken from the old file
    assert snapshot(site.output) == clean_build(site, tmp_path)
    with sqlite3.connect(file) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
        assert "WITHOUT ROWID" not in db.execute("SELECT sql FROM sqlite_master WHERE name = 'entries'").fetchone()[0]
        assert db.execute("SELECT count(*) FROM entries WHERE kind = 'article'").fetchone()[0] == report.rendered_articles
    db.close()


def test_wrong_entries_in_the_cache_are_never_asked_for(site: SiteDir, tmp_path: Path) -> None:
    """A changed case is a new key: a poisoned entry under the old key cannot leak into the site."""
    build(site)
    db = sqlite3.connect(site.root / ".cache/build.sqlite3")
    db.execute("UPDATE entries SET value = (SELECT value FROM entries WHERE kind = 'article' LIMIT 1) WHERE kind = 'article'")
    db.commit()
    db.close()
    edit(site, "content/demo/01-gutian.md", "背景内容。", "新的背景内容。")
    edit(site, "content/demo/02-shouning.md", "背景内容。", "另一段背景内容。")
    build(site)
    assert snapshot(site.output) == clean_build(site, tmp_path)


def test_the_cache_keeps_articles_packed_and_gives_them_back_whole(site: SiteDir, workers_always: None) -> None:
    """Workers hand back articles compressed; each stored one unpickles to the article a build without cache makes."""
    import pickle

    from reformpress.content.config import load_config
    from reformpress.content.sources import read_sources

    with_figure(site)
    build(site, jobs=2)
    sources, problems = read_sources(site.root)
    assert problems == []
    config = load_config(site.root / "site.yaml")
    content, problems = check_content(config, sources)
    assert problems == []
    made = assemble.assemble(config, content).articles
    db = sqlite3.connect(site.root / ".cache/build.sqlite3")
    stored = [pickle.loads(value) for (value,) in db.execute("SELECT value FROM entries WHERE kind = 'article'")]
    assert sorted(article.key for article in stored) == sorted(made)
    for article in stored:
        assert article == made[article.key]
    packed = db.execute("SELECT sum(length(value)) FROM entries WHERE kind = 'article'").fetchone()[0]
    assert packed < 0.8 * sum(len(pickle.dumps(made[key], protocol=5)) for key in made)  # ≈ a quarter for full-length reports


def test_an_articles_inputs_hold_the_sizes_of_its_pictures_in_markdown_and_yaml_cases(site: SiteDir) -> None:
    """The cache key of an article changes with a picture it shows, whether its case file is Markdown or YAML."""
    from reformpress.content.config import load_config
    from reformpress.content.sources import read_sources

    with_figure(site)  # 01-gutian.md shows images/a.jpg
    site.write("content/demo/09-yaml-case.yaml", "title: 霞浦县的做法\ndate: 2022-11-09 10:00\nregions: [霞浦县]\nsections:\n  intro: 引言。\n  background: |\n    背景。\n\n    ![现场](images/a.jpg)\n  practices: 做法。\n  results: 成效。\n  lessons: 启示。\n")

    def inputs() -> dict[str, assemble.CaseInputs]:
        sources, problems = read_sources(site.root)
        assert problems == []
        content, problems = check_content(load_config(site.root / "site.yaml"), sources)
        assert problems == []
        config = assemble.article_config(load_config(site.root / "site.yaml"))
        [series] = content.series
        made = assemble.series_from_source(series, config, site.root)
        return {case.path: assemble.case_inputs(config, made, case, site.root) for case in series.cases}

    before = inputs()
    assert dict(before["content/demo/01-gutian.md"].sizes) == dict(before["content/demo/09-yaml-case.yaml"].sizes) == {"images/a.jpg": (300, 200)}
    assert dict(before["content/demo/02-shouning.md"].sizes) == {}
    replace_image(site)
    after = inputs()
    keys_before, keys_after = (dict(zip(found, articles.article_keys(list(found.values())))) for found in (before, after))
    changed = sorted(path for path in keys_before if keys_before[path] != keys_after[path])
    assert changed == ["content/demo/01-gutian.md", "content/demo/09-yaml-case.yaml"]


@pytest.fixture
def workers_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use worker processes even for a handful of articles and pages."""
    monkeypatch.setattr(articles, "MIN_PARALLEL_ARTICLES", 1)
    monkeypatch.setattr(render, "MIN_PARALLEL_PAGES", 1)


def test_output_is_byte_identical_whatever_the_job_count(site: SiteDir, tmp_path: Path, workers_always: None) -> None:
    with_figure(site)
    one, two = tmp_path / "one", tmp_path / "two"
    build(site, output=one, jobs=1, cache=False)
    build(site, output=two, jobs=2, cache=False)
    first, second = snapshot(one), snapshot(two)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert len(first) > 20


def test_fresh_page_workers_give_the_same_site(site: SiteDir, tmp_path: Path, workers_always: None) -> None:
    """With the cache, page workers are new processes that read the articles from it (not forks of the build)."""
    with_figure(site)
    build(site, jobs=2)
    assert snapshot(site.output) == clean_build(site, tmp_path)
    edit(site, "content/demo/03-case-3.md", "date: 2022-11-03 10:00", "date: 2022-11-03 11:00")  # a full build again
    assert "assemble" in build(site, jobs=2).seconds
    assert snapshot(site.output) == clean_build(site, tmp_path / "again")


def test_spawned_workers_as_on_windows_give_the_same_bytes_as_forked_ones(site: SiteDir, tmp_path: Path, workers_always: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no fork: the stages that fork elsewhere run in the build's process, the page workers are spawned."""
    import shutil

    with_figure(site)
    build(site, jobs=2)
    forked = snapshot(site.output)
    asked: list[str | None] = []
    real = workers.multiprocessing.get_context

    def get_context(method: str | None = None):  # a spy standing in for multiprocessing's
        asked.append(method)
        return real(method)

    monkeypatch.setattr(workers.multiprocessing, "get_context", get_context)
    monkeypatch.setenv(START_METHOD_VARIABLE, "spawn")
    assert not can_fork() and workers.fresh_context().get_start_method() == "spawn"
    asked.clear()
    other = SiteDir(tmp_path / "windows")
    shutil.copytree(site.root, other.root, ignore=shutil.ignore_patterns("output", ".cache", ".output*"))  # its own cache: nothing made by forked workers
    build(other, jobs=2)
    assert asked and set(asked) == {"spawn"}, asked  # the page workers were spawned, nothing was forked
    assert snapshot(other.output) == forked


def test_fresh_workers_are_not_forks_of_the_caller() -> None:
    found = parallel_map(_pid_and_parent, list(range(40)), 2, min_items=1, fresh=(_set_up, 7))
    assert len(found) == 40
    assert all(pid != os.getpid() and parent != os.getpid() and seen == 7 for pid, parent, seen in found)


_SEEN: list[int] = []


def _set_up(value: int) -> None:
    _SEEN.append(value)


def _pid_and_parent(_: int) -> tuple[int, int, int]:
    return os.getpid(), os.getppid(), _SEEN[-1]


def test_workers_really_run_in_other_processes() -> None:
    pids = parallel_map(_pid, list(range(40)), 2, min_items=1)
    assert len(pids) == 40 and os.getpid() not in pids


def _pid(_: int) -> int:
    return os.getpid()


def test_parallel_map_keeps_input_order() -> None:
    assert parallel_map(_square, list(range(300)), 2, min_items=1) == [n * n for n in range(300)]


def _square(n: int) -> int:
    return n * n


def test_results_stream_to_a_slow_caller_in_bounded_numbers() -> None:
    """The caller gets the first results while the workers go on, and a caller that stops does not let results pile up."""
    items = list(range(160))  # chunks of 10 over 2 workers
    results = parallel_imap(_finished_at, items, 2, min_items=1)
    first_index, _ = next(results)
    taken_at = time.monotonic()
    time.sleep(1.0)  # a caller busy writing to a slow disk
    rest = list(results)
    assert [first_index] + [index for index, _ in rest] == items
    assert taken_at < max(done for _, done in rest), "the first result came only after every item was done"
    finished_while_waiting = sum(1 for _, done in rest if done < taken_at + 1.0)
    assert finished_while_waiting <= 2 * IN_FLIGHT * 10 + 10, f"{finished_while_waiting} results piled up while the caller was busy"
    assert finished_while_waiting < len(items) - 1


def _finished_at(n: int) -> tuple[int, float]:
    time.sleep(0.01)
    return n, time.monotonic()  # CLOCK_MONOTONIC: one clock for all processes on Linux


@pytest.mark.parametrize("fresh", [None, (_set_up, 7)], ids=["forked", "fresh"])
def test_workers_set_to_work_before_the_caller_asks_for_a_result(fresh: tuple | None) -> None:
    """The build makes the feeds and picture copies while the page workers start and render."""
    started = time.monotonic()
    results = parallel_imap(_finished_at, list(range(40)), 2, min_items=1, fresh=fresh)
    time.sleep(1.5)  # the caller doing other work
    done = [finished for _, finished in results]
    assert sum(1 for finished in done if finished < started + 1.5) >= 10, "the workers waited for the first request"


@pytest.mark.parametrize("fresh", [None, (_set_up, 7)], ids=["forked", "fresh"])
def test_dropping_the_results_stops_the_workers(fresh: tuple | None) -> None:
    import gc

    results = parallel_imap(_pid, list(range(400)), 2, min_items=1, fresh=fresh)
    pids = {next(results)}
    del results
    gc.collect()
    for pid in pids:
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"worker {pid} still runs after its results were dropped")


@pytest.mark.parametrize("fresh", [None, (_set_up, 7)], ids=["forked", "fresh"])
def test_the_garbage_collector_is_frozen_while_workers_run_and_thawed_after(fresh: tuple | None) -> None:
    import gc

    results = parallel_imap(_square, list(range(40)), 2, min_items=1, fresh=fresh)
    assert gc.get_freeze_count() > 0, "the parent's objects are left to the collector while the workers run"
    assert list(results) == [n * n for n in range(40)]
    assert gc.get_freeze_count() == 0


def test_the_page_workers_server_starts_early_with_the_renderer_imported(tmp_path: Path) -> None:
    """The build starts the server that fresh page workers fork from before it renders the Markdown (rendering.prepare_render_workers)."""
    script = tmp_path / "early.py"
    script.write_text(
        "import os, sys, time\n"
        "from multiprocessing import forkserver\n"
        "from reformpress.incremental.rendering import prepare_render_workers\n"
        "from reformpress.incremental.workers import parallel_map\n"
        "from tests.test_incremental import _parent, _set_up\n"
        "if __name__ == '__main__':\n"  # the server imports this script too, as build.py is imported
        "    prepare_render_workers(10, 2)\n"
        "    print(forkserver._forkserver._forkserver_pid)\n"  # too small a site for page workers: nothing started
        "    prepare_render_workers(5000, 2)\n"
        "    server = forkserver._forkserver._forkserver_pid\n"
        "    for _ in range(200):\n"  # the server is started, not waited for: its command line is the new one once its exec is done
        "        command = open(f'/proc/{server}/cmdline', 'rb').read().replace(b'\\0', b' ').decode()\n"
        "        if 'forkserver' in command:\n"
        "            break\n"
        "        time.sleep(0.05)\n"
        "    print(command)\n"
        "    print(set(parallel_map(_parent, list(range(40)), 2, min_items=1, fresh=(_set_up, 7))) == {server})\n"
    )
    repo = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, str(script)], check=False, cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    nothing, command, forked_from_it = result.stdout.splitlines()
    assert nothing == "None"
    assert "['reformpress.incremental.rendering']" in command, command
    assert forked_from_it == "True", "the fresh workers did not come from the server started early"


def _parent(_: int) -> int:
    return os.getppid()


class _Unpicklable:
    def __reduce__(self) -> tuple:
        raise pickle.PicklingError("not this state")


def test_the_garbage_collector_is_thawed_when_the_workers_cannot_start() -> None:
    """A long-lived process (serve) must not keep its objects frozen after a map that failed before its workers ran."""
    import gc

    with pytest.raises(pickle.PicklingError, match="not this state"):
        list(parallel_imap(_square, list(range(40)), 2, min_items=1, fresh=(_set_up, _Unpicklable())))
    assert gc.get_freeze_count() == 0


def test_template_mistake_found_in_a_worker_is_a_clean_problem_report(site: SiteDir, workers_always: None) -> None:
    with_figure(site)
    build(site)
    edit(site, "templates/article.html", "{{ article.title }}", "{{ article.titel }}")
    with pytest.raises(BuildFailed) as failure:
        build(site, jobs=2)
    [problem] = failure.value.problems
    assert problem.location.path == "templates/article.html" and problem.location.line
    assert "titel" in problem.format()
    result = site.cli("build", "--no-search", "--jobs", "2")
    assert result.exit_code == 1 and "Traceback" not in result.output and "templates/article.html:" in result.output


def test_summary_line_counts_written_and_reused(site: SiteDir) -> None:
    first = site.cli("build", "--no-search")
    assert first.exit_code == 0 and "重新生成 2 篇正文" in first.output
    second = site.cli("build", "--no-search")
    assert "重新生成 0 篇正文、0 个页面，写入 0 个文件" in second.output
    report: BuildReport = build(site)
    assert set(report.seconds) == {"load", "assemble", "plan", "images", "render", "write"}


def test_profile_prints_where_time_went(site: SiteDir) -> None:
    result = site.cli("build", "--no-search", "--profile")
    assert result.exit_code == 0
    assert "cumulative" in result.output and "pipeline.py" in result.output


def folder_inodes(folder: Path) -> set[int]:
    return {p.stat().st_ino for p in [folder, *folder.rglob("*")] if p.is_dir()}


def retime(site: SiteDir, rel: str) -> None:
    """Move a report by a minute (10:00 ↔ 10:01): its outline changes, so the next build is a full one (see edits.py)."""
    text = (site.root / rel).read_text(encoding="utf-8")
    site.write(rel, text.replace(" 10:00", " 10:01") if " 10:00" in text else text.replace(" 10:01", " 10:00"))


def built_twice(site: SiteDir, case: str) -> Path:
    """Build, edit ``case`` (and its time, for a full build), build again: the first site is now the spare folder, returned."""
    with_figure(site)
    build(site)
    edit(site, case, "启示内容。", "启示内容，第一次补充。")
    retime(site, case)
    assert "assemble" in build(site).seconds, "not a full build"
    return site.root / ".output.spare"


def test_the_previous_site_is_kept_as_the_next_staging_folder_and_its_folders_reused(site: SiteDir, tmp_path: Path, settled: None) -> None:
    spare = built_twice(site, "content/demo/05-case-5.md")
    assert (spare / ".reformpress-output").is_file() and (spare / "demo/05-case-5/index.html").is_file()
    folders = folder_inodes(spare)
    edit(site, "content/demo/05-case-5.md", "第一次补充", "第二次补充")
    retime(site, "content/demo/05-case-5.md")
    assert "assemble" in build(site).seconds, "not a full build"
    assert folder_inodes(site.output) == folders, "the spare's folders were made anew instead of reused"
    assert snapshot(site.output) == clean_build(site, tmp_path)


def test_a_site_that_goes_back_and_forth_is_always_right(site: SiteDir, tmp_path: Path, settled: None) -> None:
    """The spare is two builds old: files it holds from then must match what is wanted now, byte for byte."""
    with_figure(site)
    case = site.root / "content/demo/02-shouning.md"
    texts = [case.read_text(encoding="utf-8"), case.read_text(encoding="utf-8").replace("成效内容。", "成效内容，另一个版本。")]
    extra = site.root / "content/demo/09-extra.md"
    for round_ in range(5):
        case.write_text(texts[round_ % 2], encoding="utf-8")
        if round_ % 2:
            extra.write_text(case_text("时有时无的案例", date="2022-11-25 08:00"), encoding="utf-8")
        elif extra.exists():
            extra.unlink()
        build(site)
        assert snapshot(site.output) == clean_build(site, tmp_path / str(round_)), f"round {round_}"


def test_whatever_was_done_to_the_spare_folder_never_reaches_the_site(site: SiteDir, tmp_path: Path, settled: None) -> None:
    spare = built_twice(site, "content/demo/03-case-3.md")
    page = spare / "demo/01-gutian/index.html"
    page.unlink()  # replaced (not edited in place: it may be a hard link to the live site's file)
    page.write_text("<p>planted</p>", encoding="utf-8")
    (spare / "demo/planted.html").write_text("planted", encoding="utf-8")
    (spare / "planted-folder").mkdir()
    (spare / "planted-folder/x.html").write_text("planted", encoding="utf-8")
    (spare / "sitemap.xml").unlink()
    (spare / "demo/images/a.jpg").unlink()
    edit(site, "content/demo/04-case-4.md", "启示内容。", "启示内容，补充。")
    retime(site, "content/demo/04-case-4.md")
    assert "assemble" in build(site).seconds, "not a full build"
    assert snapshot(site.output) == clean_build(site, tmp_path)


def test_without_the_cache_no_spare_is_kept(site: SiteDir) -> None:
    build(site)
    build(site)
    assert (site.root / ".output.spare").is_dir()
    build(site, cache=False)
    assert not (site.root / ".output.spare").exists()


def test_a_picture_two_reports_show_is_published_once_never_shared_with_the_source(site: SiteDir, tmp_path: Path, settled: None) -> None:
    with_figure(site)
    edit(site, "content/demo/03-case-3.md", "背景内容。", FIGURE)
    build(site)
    source = site.root / "content/demo/images/a.jpg"
    published = site.output / "demo/images/a.jpg"  # in the series' folder, as in content/
    assert published.read_bytes() == source.read_bytes()
    for case in ("01-gutian", "03-case-3"):
        assert site.page(f"demo/{case}/").select_one("figure img")["src"] == "../images/a.jpg"
        assert not (site.output / f"demo/{case}/images").exists(), "a copy per report"
    assert source.stat().st_ino != published.stat().st_ino and source.stat().st_nlink == 1, "the editor's picture is linked into the site"
    with published.open("r+b") as handle:  # a tool that rewrites a published file in place
        handle.write(b"\0\0\0\0")
    build(site)
    assert published.read_bytes() == source.read_bytes(), "a damaged copy outlived the rebuild"
    assert snapshot(site.output) == clean_build(site, tmp_path)


def second_series(site: SiteDir) -> None:
    """A second series, so that reading and checking runs in worker processes (one series a task)."""
    site.write("content/other/_series.yaml", "title: 另一个系列\nsource: 测试市委改革办\n")
    make_image(site.root / "content/other/images/b.jpg", (200, 150))
    site.write("content/other/01-xiapu.md", case_text("霞浦县推进海上养殖", date="2022-11-02 09:00").replace("背景内容。", "背景内容。\n\n![海上养殖](images/b.jpg)").replace("[乡村振兴]", "[乡村振兴, 海上养殖]"))
    site.write("content/other/02-gutian.md", case_text("古田县推进食用菌产业", date="2022-11-09 09:00"))


def test_series_read_and_checked_side_by_side_give_the_same_site(site: SiteDir, tmp_path: Path, settled: None) -> None:
    with_figure(site)
    second_series(site)
    build(site, jobs=2)
    assert snapshot(site.output) == clean_build(site, tmp_path)  # one process, no cache
    with sqlite3.connect(site.root / ".cache/build.sqlite3") as db:
        sizes = db.execute("SELECT COUNT(*) FROM entries WHERE kind = 'image-size'").fetchone()[0]
    assert sizes == 2, "the sizes the workers read are kept for the next build"


def test_series_read_and_checked_side_by_side_give_the_same_problems(site: SiteDir) -> None:
    second_series(site)
    edit(site, "content/demo/02-shouning.md", "date: ", "date: 2022-13-40\nold_date: ")
    edit(site, "content/other/01-xiapu.md", "images/b.jpg", "images/missing.jpg")
    site.write("content/other/03-tag.md", case_text("霞浦县探索乡村治理", date="2022-11-12 09:00").replace("[乡村振兴]", "[乡村-振兴]"))  # same slug as 乡村振兴
    site.write("content/third/_series.yaml", "title: 第三个系列\nnumbering: roman\n")
    found = {}
    for jobs in (1, 2):
        with pytest.raises(BuildFailed) as failed:
            build(site, jobs=jobs)
        found[jobs] = sorted((p.code, str(p.location), p.params) for p in failed.value.problems)
    sources, problems = read_sources(site.root)  # the stages one after the other, in this process
    problems += check_content(load_config(site.root / "site.yaml"), sources)[1]
    assert found[1] == found[2] == sorted((p.code, str(p.location), p.params) for p in problems)
    codes = {code for code, _, _ in found[2]}
    assert {"bad-date", "missing-image", "tag-slug-clash", "bad-value"} <= codes, codes
