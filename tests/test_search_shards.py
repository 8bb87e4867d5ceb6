"""The sharded search index: every report in exactly one shard, edits make one shard anew, the
bytes never depend on the cache, and a reader in Chromium finds every report that holds a phrase, and no other.

The site is the benchmark's generated corpus (bench/corpus.py: reports written from word
lists, not by us), at 240 reports with shards of 15 to 45 pages, so that it has the shape of
a 5,000-report site (many shards) at the size of a test.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reformpress.incremental import uptodate
from reformpress.incremental.cache import RACY_SECONDS, Cache
from reformpress.problems import BuildFailed
from reformpress.publish import search
from reformpress.publish.output import write_whole

from .kit.browser import SiteServer
from .kit.search import article_texts, every_result, phrases
from .kit.site import REPO, SiteDir, snapshot

REPORTS = 240
SMALL = search.Sharding(least=15, spread=15, most=45)
"""Shards as a 5,000-report site has them (a dozen and more), for a site of 240."""
def load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench/corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small_shards() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARDING", SMALL)
        yield


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, small_shards: None) -> SiteDir:
    """The generated corpus, built once with search on (the default)."""
    dest = tmp_path_factory.mktemp("corpus")
    load_corpus_module().generate(REPORTS, dest / "trees")
    root = dest / "site"
    shutil.move(dest / "trees/reformpress", root)
    site = SiteDir(root)
    site.build()
    site.build()  # the files were too new to be trusted by their times the first time (uptodate.RACY): now they are
    return site


def index_of(output: Path) -> dict:
    return json.loads((output / "search-index/index.json").read_text(encoding="utf-8"))


def test_every_article_is_in_exactly_one_shard_of_bounded_size(corpus: SiteDir) -> None:
    index = index_of(corpus.output)
    counts = [count for _, count, _ in index["shards"]]
    assert len(counts) >= 5
    assert sum(counts) == index["reports"] == len(article_texts(corpus.output)) == REPORTS
    assert all(count <= SMALL.most for count in counts)
    assert all(count >= SMALL.least for count in counts[:-1])  # only the last may be short
    dates = []
    for key, count, _ in index["shards"]:
        folder = corpus.output / "search-index" / key
        assert sorted(path.name for path in folder.iterdir()) == ["d", "p"]  # what the cache keeps besides is not published
        assert sorted(int(path.stem) for path in (folder / "d").iterdir()) == list(range(count))
        dates += [json.loads((folder / "d" / f"{number}.json").read_text(encoding="utf-8"))["date"] for number in range(count)]
    assert dates == sorted(dates, reverse=True)  # the newest first, across the shards


def test_a_new_report_changes_only_the_cuts_of_its_own_shard() -> None:
    pages = [search.SearchedPage(f"s{number // 100:03d}/{number:05d}/index.html", f"{number:064x}", f"2022-{number % 12 + 1:02d}") for number in range(0, 2000, 2)]
    before = search.shards(pages, SMALL)
    added = sorted([*pages, search.SearchedPage("s005/00501/index.html", "f" * 64, "2022-05")], key=lambda page: page.path)
    after = search.shards(added, SMALL)
    keys_before = {search.shard_key(group) for group in before}
    keys_after = {search.shard_key(group) for group in after}
    assert len(keys_after - keys_before) <= 2 and len(keys_before - keys_after) <= 2  # its shard, and at most the cut after it
    assert len(keys_before & keys_after) >= len(before) - 2


def test_one_edited_report_reindexes_one_shard_and_equals_a_clean_build(corpus: SiteDir, tmp_path: Path) -> None:
    store = corpus.root / ".cache/search"
    kept = {path.name for path in store.iterdir() if path.is_dir()}
    case = sorted((corpus.root / "content").glob("*/*.md"))[REPORTS // 2]
    text = case.read_text(encoding="utf-8")
    body = text.index("\n## ")  # the text of a section, not the front matter
    case.write_text(text[:body] + text[body:].replace("。", "，改革不停步。", 1), encoding="utf-8")
    report = corpus.build()
    assert report.quick  # the edit path, not a full build
    made = {path.name for path in store.iterdir() if path.is_dir()} - kept
    assert len(made) == 1
    assert made.pop() in [key for key, _, _ in index_of(corpus.output)["shards"]]
    cache = Cache(corpus.root)
    try:  # what the edit path recorded of the output, stamped in parts (uptodate.restamp_parts), is what it holds
        assert cache.get(uptodate.STATE_KIND, str(corpus.output)).files == uptodate.output_stamps(corpus.output)
    finally:
        cache.close(True)
    clean = tmp_path / "clean"
    shutil.copytree(corpus.root, clean, ignore=shutil.ignore_patterns(".cache", "output", ".output*"))
    SiteDir(clean).build(cache=False)
    assert snapshot(corpus.output) == snapshot(clean / "output")


def test_an_edit_switches_the_index_by_one_rename_and_a_build_killed_before_it_leaves_the_old_one_whole(corpus: SiteDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edit path updates the bundle in place: new folders beside the old, then index.json; killed before that, readers keep the old index."""
    here = SiteDir(tmp_path / "site")
    shutil.copytree(corpus.root, here.root, ignore=shutil.ignore_patterns(".output*"))
    time.sleep(RACY_SECONDS + 0.1)  # the copies' times are old but their ctimes new: let them settle, so that the build records them as settled
    here.build()  # the copy's output is new to the cache: a full build
    bundle = here.output / "search-index"
    old = index_of(here.output)
    case = sorted((here.root / "content").glob("*/*.md"))[REPORTS // 3]
    case.write_text(case.read_text(encoding="utf-8").replace("。", "，一件接着一件办。", 1), encoding="utf-8")

    def killed(file: Path, data: bytes) -> None:
        if file.name == "index.json":
            raise OSError(28, "No space left on device", str(file))
        write_whole(file, data)

    with monkeypatch.context() as patch:
        patch.setattr(search, "write_whole", killed)
        with pytest.raises(BuildFailed):
            here.build()
    assert index_of(here.output) == old  # the old index, and every file it names is there
    beside = {path.name for path in bundle.iterdir()} - {key for key, _, _ in old["shards"]} - {"t", "f", "index.json"}
    assert len(beside) == 1 and len(next(iter(beside))) == 32  # the edited report's new shard, published beside the old one (the edit path ran)
    assert all((bundle / key / "d" / f"{count - 1}.json").is_file() for key, count, _ in old["shards"])
    assert (bundle / old["t"]).is_dir() and (bundle / old["f"]).is_dir()
    here.build()
    new = index_of(here.output)
    assert len({key for key, _, _ in new["shards"]} - {key for key, _, _ in old["shards"]}) == 1
    assert sorted(path.name for path in bundle.iterdir()) == sorted([*(key for key, _, _ in new["shards"]), "f", "index.json", "t"])
    assert [path.name + "/" for path in (bundle / "t").iterdir()] == [new["t"].split("/", 1)[1]]
    clean = tmp_path / "clean"
    shutil.copytree(here.root, clean, ignore=shutil.ignore_patterns(".cache", "output", ".output*"))
    SiteDir(clean).build(cache=False)
    assert snapshot(here.output) == snapshot(clean / "output")


def test_a_cache_from_other_content_never_changes_the_output(corpus: SiteDir, tmp_path: Path) -> None:
    """What CI does: restore .cache/ made by an earlier push, then build this one."""
    here = tmp_path / "site"
    shutil.copytree(corpus.root, here, ignore=shutil.ignore_patterns("output", ".output*"))  # the cache as the corpus's builds left it
    cases = sorted((here / "content").glob("*/*.md"))
    cases[3].unlink()  # this push removes one report and edits another
    cases[-5].write_text(cases[-5].read_text(encoding="utf-8").replace("。", "；成效明显。", 2), encoding="utf-8")
    clean = tmp_path / "clean"
    shutil.copytree(here, clean, ignore=shutil.ignore_patterns(".cache", "output", ".output*"))
    SiteDir(clean).build(cache=False)
    SiteDir(here).build()
    assert snapshot(here / "output") == snapshot(clean / "output")
    kept = here / ".cache/search"
    shard = next(path for path in kept.iterdir() if path.is_dir() and (path / "p").is_dir())
    damaged = next((shard / "p").iterdir())
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"\0")  # a kept shard changed behind the cache's back
    SiteDir(here).build(cache=True, jobs=1)
    shutil.rmtree(here / "output")
    SiteDir(here).build()
    assert snapshot(here / "output") == snapshot(clean / "output")


def listed(page: Page) -> list[str]:
    """The reports the search page lists for the query typed, all of them (显示更多 pressed until it goes)."""
    expect(page.locator("#search-status")).not_to_have_text("正在搜索……", timeout=30_000)
    expect(page.locator("#search-status")).not_to_be_empty()
    return every_result(page)


def test_a_reader_finds_exactly_the_reports_that_hold_a_phrase_across_all_shards(corpus: SiteDir, page: Page) -> None:
    """Recall and precision against a plain scan of the articles, for 36 random phrases: all of them, and no other."""
    texts = article_texts(corpus.output)
    wanted = phrases(texts)
    assert len(wanted) == 36 and sum(len(holders) == 1 for holders in wanted.values()) == 12
    with SiteServer(corpus.output) as server:
        page.goto(server.url + "search/")
        for phrase, holders in wanted.items():
            page.fill("#search-q", phrase)
            page.press("#search-q", "Enter")
            found = listed(page)
            assert len(found) == len(set(found)), phrase
            assert set(found) == holders, phrase
            assert page.locator("#search-status").inner_text().startswith(f"找到 {len(holders)} 篇相关稿件"), phrase


def test_a_common_phrase_lists_ten_at_a_time_newest_first_from_several_shards(corpus: SiteDir, page: Page) -> None:
    texts = article_texts(corpus.output)
    phrase = "乡村振兴"
    holders = {url for url, text in texts.items() if phrase in text}
    assert 40 < len(holders)  # in every shard
    with SiteServer(corpus.output) as server:
        page.goto(server.url + "search/")
        page.fill("#search-q", phrase)
        page.press("#search-q", "Enter")
        expect(page.locator("#search-status")).to_contain_text("找到")
        assert page.locator(".search-result").count() == 10 and page.locator("#search-more").is_visible()
        found = listed(page)
        dates = [text.split(" · ")[0] for text in page.locator(".search-result .item-meta").all_inner_texts()]
    assert set(found) == holders and len(found) == len(holders)
    assert dates == sorted(dates, reverse=True)
    assert len({url.split("/")[1] for url in found}) >= 2


def test_filters_count_the_reports_of_every_shard(corpus: SiteDir, page: Page) -> None:
    with SiteServer(corpus.output) as server:
        page.goto(server.url + "search/")
        select = page.locator("select[name=系列]")
        expect(select).to_be_enabled()  # filled from the index
        counts = [int(m) for m in re.findall(r"（(\d+)）", select.inner_text())]
        assert sum(counts) == REPORTS and len(counts) == 3
        years = page.locator("select[name=年份]")
        assert sum(int(m) for m in re.findall(r"（(\d+)）", years.inner_text())) == REPORTS
