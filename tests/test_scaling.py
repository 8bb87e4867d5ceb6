"""Growth without surprises: page sizes stay bounded, and related news ranks as defined at any size."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reformpress.model import Article, Region, Tag
from reformpress.site.related import Related

from .kit.incremental import build
from .kit.site import SiteDir, case_text

TAGS = ["乡村振兴", "数字政府", "营商环境", "干部培养", "生态补偿", "医疗保障"]
REGIONS = ["古田县", "寿宁县", "霞浦县"]


def grow(site: SiteDir, count: int) -> None:
    """``count`` reports over two series, with tags and regions drawn in a fixed pattern."""
    site.write("content/other/_series.yaml", "title: 另一个系列\n")
    for n in range(1, count + 1):
        series = "demo" if n % 2 else "other"
        tags = ", ".join(TAGS[(n + k) % len(TAGS)] for k in range(1 + n % 3))
        text = case_text(f"第{n}篇改革案例", date=(datetime(2020, 1, 1) + timedelta(days=n * 3)).strftime("%Y-%m-%d %H:%M"))
        text = text.replace("[古田县]", f"[{REGIONS[n % 3]}]").replace("[乡村振兴]", f"[{tags}]")
        site.write(f"content/{series}/{n:03d}-case-{n}.md", text)


def largest(site: SiteDir, pattern: str) -> int:
    return max(p.stat().st_size for p in site.output.glob(pattern))


def test_page_sizes_stay_bounded_as_the_site_grows(site: SiteDir, tmp_path) -> None:
    for name in ("01-gutian.md", "02-shouning.md"):
        (site.root / "content/demo" / name).unlink()
    grow(site, 20)
    build(site, cache=False)
    small = {kind: largest(site, pattern) for kind, pattern in PATTERNS.items()}
    grow(site, 200)
    build(site, cache=False)
    big = {kind: largest(site, pattern) for kind, pattern in PATTERNS.items()}
    assert len(list(site.output.glob("*/*-case-*/index.html"))) == 200
    for kind in PATTERNS:
        # Numbers grow by a digit or two (第200篇, counts); nothing grows with the number of reports.
        assert big[kind] <= small[kind] * 1.1 + 300, f"{kind} pages grew from {small[kind]} to {big[kind]} bytes"


PATTERNS = {
    "article": "*/*-case-*/index.html",
    "series list": "demo/page/*/index.html",
    "tag list": "tags/*/page/*/index.html",
    "region list": "regions/*/page/*/index.html",
    "home": "index.html",
}


def reference_related(articles: dict[str, Article], by_series, by_region, by_tag, newest, count: int) -> dict[str, tuple[str, ...]]:
    """The ranking written the obvious, slow way: score every article sharing a term, sort."""
    def seconds(moment: datetime) -> float:
        return (moment - datetime(1970, 1, 1)).total_seconds()

    result = {}
    for key in newest:
        article = articles[key]
        scores: Counter[str] = Counter()
        for region in article.regions:
            scores.update(by_region[region.slug])
        for tag in article.tags:
            scores.update(by_tag[tag.slug])
        scores.pop(key, None)
        ranked = sorted(scores, key=lambda k: (-(2 * scores[k] + (articles[k].series == article.series)), -seconds(articles[k].date), k))[:count]
        if len(ranked) < count:
            chosen = set(ranked) | {key}
            mates = sorted((k for k in by_series[article.series] if k not in chosen), key=lambda k: (-seconds(articles[k].date), k))
            ranked.extend(mates[: count - len(ranked)])
        result[key] = tuple(ranked)
    return result


facts = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.integers(0, 30),  # day: ties on purpose
        st.sets(st.sampled_from(["r1", "r2", "r3"]), max_size=2),
        st.sets(st.sampled_from(["t1", "t2", "t3", "t4", "t5"]), max_size=4),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(facts=facts, count=st.integers(1, 6))
def test_related_news_matches_the_definition(facts, count: int) -> None:
    articles = {}
    for index, (series, day, regions, tags) in enumerate(facts):
        key = f"{series}/{index:02d}-x"
        articles[key] = Article(
            key=key, series=series, number=index + 1, ordinal="", slug="x", title="", display_title="",
            date=datetime(2022, 1, 1) + timedelta(days=day), source="", units=(), editor="",
            regions=tuple(Region(r, r) for r in sorted(regions)), tags=tuple(Tag(t, t) for t in sorted(tags)),
            summary="", editor_note_html="", sections=(), figures=(), highlights=(), cover="", draft=False, path="", text_length=0,
        )
    newest = tuple(sorted(articles, key=lambda k: (-(articles[k].date - datetime(1970, 1, 1)).total_seconds(), k)))
    by_series: dict[str, list[str]] = {}
    by_region: dict[str, list[str]] = {}
    by_tag: dict[str, list[str]] = {}
    for key in sorted(articles, key=lambda k: (articles[k].series, articles[k].number)):
        by_series.setdefault(articles[key].series, []).append(key)
    for key in newest:
        for region in articles[key].regions:
            by_region.setdefault(region.slug, []).append(key)
        for tag in articles[key].tags:
            by_tag.setdefault(tag.slug, []).append(key)
    expected = reference_related(articles, by_series, by_region, by_tag, newest, count)
    assert dict(Related(articles, by_series, by_region, by_tag, newest, count)) == expected
