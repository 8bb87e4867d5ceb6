"""The build process holds no report's text: checked in the load workers, set aside, read again where the article is made.

At 50,000 reports the texts were ≈ 550 MB of the build process (issue 22's memory target);
these tests read what the build keeps, and what a build does when a file is saved again
between being checked and being rendered.
"""

from __future__ import annotations

import pickle

import pytest

from reformpress.content.aside import CaseChanged, brought_back, set_aside
from reformpress.content.checks import check_content
from reformpress.content.config import load_config
from reformpress.content.sources import read_sources
from reformpress.incremental import articles, shell
from reformpress.incremental.cache import Cache
from reformpress.incremental.image_sizes import ImageSizes
from reformpress.incremental.load import load_content
from reformpress.problems import BuildFailed
from reformpress.site import assemble

from .kit.site import SiteDir, case_text, snapshot

YAML_CASE = "title: 霞浦县的做法\ndate: 2022-11-09 10:00\nregions: [霞浦县]\nsections:\n  intro: 霞浦县的引言写在这里。\n  background: |\n    霞浦县的背景写在这里。\n  practices: 霞浦县的做法写在这里。\n  results: 霞浦县的成效写在这里。\n  lessons: 霞浦县的启示写在这里。\n"


def with_two_series(site: SiteDir) -> list[str]:
    """A second series (so that the load workers start), each case with a sentence of its own; those sentences."""
    series = (site.root / "content/demo/_series.yaml").read_text(encoding="utf-8")
    site.write("content/more/_series.yaml", series.replace("demo", "more"))
    sentences = []
    for folder, number in (("demo", 3), ("demo", 4), ("more", 1), ("more", 2)):
        sentence = f"{folder}系列第{number}篇独有的一句话，只在正文里出现。"
        site.write(f"content/{folder}/{number:02d}-case-{number}.md", case_text(f"{folder}第{number}篇", date=f"2022-11-{number:02d} 10:00").replace("背景内容。", sentence))
        sentences.append(sentence)
    site.write("content/more/09-yaml-case.yaml", YAML_CASE)
    return [*sentences, "霞浦县的背景写在这里。"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_content_a_build_holds_has_no_text_of_any_report(site: SiteDir, jobs: int) -> None:
    sentences = with_two_series(site)
    config = load_config(site.root / "site.yaml")
    held, problems = load_content(site.root, config, ImageSizes(Cache(None)), jobs, aside=True)
    assert problems == []
    everything = pickle.dumps(held)
    assert [sentence for sentence in sentences if sentence.encode() in everything] == []
    assert all(case.source.doc.aside for series in held.series for case in series.cases)
    kept, _ = load_content(site.root, config, ImageSizes(Cache(None)), jobs)  # what check keeps: the texts too
    assert all(sentence.encode() in pickle.dumps(kept) for sentence in sentences)


def test_a_case_set_aside_keeps_its_key_and_comes_back_whole(site: SiteDir) -> None:
    with_two_series(site)
    config = load_config(site.root / "site.yaml")
    sources, problems = read_sources(site.root)
    content, found = check_content(config, sources)
    assert problems == found == []
    narrowed = assemble.article_config(config)
    for series in content.series:
        made = assemble.series_from_source(series, narrowed, site.root)
        for case in series.cases:
            aside = set_aside(case)
            assert aside.source.doc.body == "" and "sections" not in aside.source.doc.data and set_aside(aside) is aside
            assert brought_back(aside, site.root) == case
            whole, without = (assemble.case_inputs(narrowed, made, item, site.root) for item in (case, aside))
            assert articles.article_keys([whole]) == articles.article_keys([without])
            assert assemble.article_from_inputs(whole) == articles._with_texts(assemble.article_from_inputs, site.root, without)


def test_a_case_whose_file_changed_is_not_brought_back(site: SiteDir) -> None:
    config = load_config(site.root / "site.yaml")
    held, _ = load_content(site.root, config, ImageSizes(Cache(None)), aside=True)
    case = held.series[0].cases[0]
    file = site.root / case.path
    file.write_text(file.read_text(encoding="utf-8").replace("背景内容。", "背景内容改过了。"), encoding="utf-8")
    with pytest.raises(CaseChanged):
        brought_back(case, site.root)
    file.unlink()
    with pytest.raises(CaseChanged):
        brought_back(case, site.root)
    with pytest.raises(AssertionError):  # never rendered as if it had no text
        assemble.article_from_inputs(assemble.case_inputs(config, assemble.series_from_source(held.series[0], config, site.root), case, site.root))


@pytest.mark.parametrize("workers", [False, True])
@pytest.mark.parametrize("change", ["saved again", "deleted"])
def test_a_report_changed_while_the_site_builds_stops_the_build_and_leaves_the_site(site: SiteDir, monkeypatch: pytest.MonkeyPatch, change: str, workers: bool) -> None:
    """Checked, then saved again before its Markdown was rendered: the build says which file and keeps the published site; the next build publishes the new text."""
    site.build(search=False)
    published = snapshot(site.output)
    if workers:
        monkeypatch.setattr(articles, "MIN_PARALLEL_ARTICLES", 1)
    file = site.write("content/demo/08-new.md", case_text("新增的改革案例", date="2022-11-20 08:00"))  # a new report: its article is made by this build
    original = shell.assemble_site

    def edited_meanwhile(*args: object, **kwargs: object) -> object:
        if change == "deleted":
            file.unlink()
        else:
            file.write_text(file.read_text(encoding="utf-8").replace("成效内容。", "成效内容：新写的一句。"), encoding="utf-8")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shell, "assemble_site", edited_meanwhile)
    with pytest.raises(BuildFailed) as caught:
        site.build(search=False, jobs=2)
    assert [p.format() for p in caught.value.problems] == [
        "content/demo/08-new.md: 文件 content/demo/08-new.md 在构建过程中被删除、移走或改动了 — 请等文件保存或复制完毕，确认它是否还需要，再重新构建；原有网站未受影响"
    ]
    assert snapshot(site.output) == published
    monkeypatch.undo()
    site.build(search=False)
    if change == "saved again":
        assert "新写的一句" in (site.output / "demo/08-new/index.html").read_text(encoding="utf-8")
    else:
        assert not (site.output / "demo/08-new").exists()
