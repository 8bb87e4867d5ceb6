"""The series overview: key-figure cards and build-time SVG charts with their data tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest
from playwright.sync_api import Page

from reformpress.pages.charts import axis_ticks, chart_svg
from reformpress.site.overview import Chart, Row, figure_number, unit_family

from .kit.example import front_matters
from .kit.site import REPO, SiteDir, case_text

SVG = "{http://www.w3.org/2000/svg}"


def test_figure_values_and_units() -> None:
    assert figure_number("1500") == 1500.0
    assert figure_number("3.2") == 3.2
    assert figure_number("1,500") == 1500.0
    assert figure_number("十余") is None and figure_number("3-5") is None
    assert [unit_family(u) for u in ("多名", "名", "余家", "天以内", "万余人次", "%", "多", "万亩")] == ["名", "名", "家", "天", "万人次", "%", "多", "万亩"]


def test_axis_ticks_are_round_and_cover_the_data() -> None:
    assert axis_ticks([7, 2]) == [0, 2, 4, 6, 8]
    assert axis_ticks([1, 1]) == [0, 1]  # counts never get fractional ticks
    assert axis_ticks([1100, 260]) == [0, 500, 1000, 1500]
    assert axis_ticks([2.5, 30]) == [0, 10, 20, 30]
    assert axis_ticks([2.5]) == [0, 0.5, 1, 1.5, 2, 2.5]


def chart(rows: int = 3) -> Chart:
    return Chart("figures-1", "关键数据（单位：名）", "说明文字。", "名", tuple(Row(f"⑯ 指标{n}", n * 10.0, f"{n * 10}多名") for n in range(1, rows + 1)), "稿件与指标", "数值")


def test_a_chart_is_static_accessible_and_the_same_every_time() -> None:
    first, second = chart_svg(chart()), chart_svg(chart())
    assert first == second
    root = ET.fromstring(first)
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert root.find(f"{SVG}title").get("id") == title_id and root.find(f"{SVG}title").text == "关键数据（单位：名）"
    assert root.find(f"{SVG}desc").get("id") == desc_id and root.find(f"{SVG}desc").text == "说明文字。"
    assert root.get("id") == "chart-figures-1"
    assert "<script" not in first and "style" not in first
    texts = [t.text for t in root.iter(SVG + "text")]
    for label in ("⑯ 指标1", "⑯ 指标2", "⑯ 指标3", "10", "20", "30"):
        assert label in texts
    bars = [r for r in root.iter(SVG + "rect") if r.get("class") == "bar"]
    assert len(bars) == 3
    lengths = sorted(float(bar.get("width")) for bar in bars)  # horizontal bars: the length is the width
    assert lengths[0] * 2.9 < lengths[2] < lengths[0] * 3.1  # 10 : 30


def test_reports_per_month_fill_empty_months_and_regions_count_every_region(site: SiteDir) -> None:
    site.write("content/demo/03-xiapu.md", case_text("霞浦县推进海上养殖", date="2022-12-05 10:00").replace("[古田县]", "[霞浦县, 古田县]"))
    site.build()
    page = site.page("demo/overview/")
    tables = {t.find_previous("summary").get_text(): [[c.get_text() for c in row.find_all(["th", "td"])] for row in t.select("tbody tr")] for t in page.select(".chart-table table")}
    assert tables["查看数据表：每月发布稿件数"] == [["2022年10月", "2 篇"], ["2022年11月", "0 篇"], ["2022年12月", "1 篇"]]
    assert tables["查看数据表：各地区稿件数"] == [["古田县", "2 篇"], ["寿宁县", "1 篇"], ["霞浦县", "1 篇"]]
    assert [li.get_text(" ", strip=True) for li in page.select(".glance-facts li")][:3] == ["3 篇稿件", "3 个地区", "0 项关键数据"]


def test_only_figures_of_one_metric_and_unit_share_a_chart(site: SiteDir) -> None:
    figures = {
        "01-gutian.md": '  - {value: "1500", unit: 多名, label: 年轻干部, metric: 下基层干部}\n  - {value: "30", unit: 万亩, label: 茶园, metric: 茶园面积}\n'
        '  - {value: "十余", unit: 项, label: 制度, metric: 制度}\n  - {value: "1100", unit: 多个, label: 解决的问题}\n',
        "02-shouning.md": '  - {value: "103", unit: 名, label: 挂职干部, metric: 下基层干部}\n  - {value: "12", unit: 项, label: 标准, metric: 制度}\n'
        '  - {value: "18", unit: 个, label: 示范基地}\n  - {value: "20", unit: 名, label: 导师, metric: 帮带导师}\n',
    }
    for name, lines in figures.items():
        path = site.root / "content/demo" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("tags: [乡村振兴]\n", "tags: [乡村振兴]\nhighlights:\n" + lines, 1), encoding="utf-8")
    site.build()
    page = site.page("demo/overview/")
    assert [c.select_one("h3").get_text() for c in page.select(".figure-card")] == ["①第1篇：古田县探索乡村治理新机制", "②第2篇：寿宁县推进下党乡村振兴"]
    assert [li.get_text("", strip=True) for li in page.select(".figure-card")[0].select(".highlights li")] == ["1500多名年轻干部", "30万亩茶园", "十余项制度", "1100多个解决的问题"]
    captions = [f.select_one("figcaption strong").get_text() for f in page.select(".chart-figure")]
    # 下基层干部 in 名 is in both reports; 茶园面积 and 帮带导师 in one only; 十余 is not a number; 1100 problems
    # and 18 bases share the unit 个 but no metric, so they are not set side by side
    assert captions == ["各地区稿件数", "每月发布稿件数", "下基层干部（单位：名）"]
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in page.select("#figures-1 tbody tr")]
    assert rows == [["① 年轻干部", "1500多名"], ["② 挂职干部", "103名"]]


def test_a_chart_whose_bars_are_all_equal_is_not_drawn_and_its_table_stays(site: SiteDir) -> None:
    site.build()  # two reports, one region each, in one month
    page = site.page("demo/overview/")
    facts = [li.get_text(" ", strip=True) for li in page.select(".glance-facts li")]
    assert facts[:2] == ["2 篇稿件", "2 个地区"]
    for key in ("regions", "months"):
        figure = page.select_one(f"#{key}")
        assert "chart-undrawn" in figure["class"] and figure.find("svg") is None, f"{key}: equal bars drawn"
        assert figure.select(".chart-table tbody tr") and figure.find("details") is None, f"{key}: its table is shown, not folded away"
    regions = page.select_one("#regions")
    assert len(regions.select("tbody tr")) == 2  # as many as 「2 个地区」
    assert "本系列稿件来自 2 个地区" in regions.figcaption.get_text() and "各地区均为 1 篇" in regions.figcaption.get_text()
    assert "均在2022年10月发布，共 2 篇" in page.select_one("#months figcaption").get_text()
    site.write("content/demo/03-xiapu.md", case_text("霞浦县推进海上养殖", date="2022-10-28 10:00"))
    site.build()
    page = site.page("demo/overview/")
    assert page.select_one("#regions svg") is not None and page.select_one("#regions details") is not None  # 2 : 1 is a difference
    assert page.select_one("#months svg") is None


def test_the_example_overview_shows_every_reports_figures_and_its_charts(example_site: SiteDir) -> None:
    page = example_site.page("ningde-reform/overview/")
    assert page.select_one("h1").get_text() == "宁德市全面深化改革系列成果展示一览"
    metas = [m for m in front_matters() if m.get("highlights")]
    cards = page.select(".figure-card")
    assert len(cards) == len(metas) >= 6
    for card, meta in zip(cards, metas):
        assert card.select_one("h3").get_text().endswith(meta["title"])
        shown = [(li.select_one(".highlight-value").contents[0].strip(), li.select_one("small").get_text(), li.select_one(".highlight-label").get_text()) for li in card.select(".highlights li")]
        assert shown == [(h["value"], h["unit"], h["label"]) for h in meta["highlights"]]
        target = card.select_one("h3 a")["href"]
        assert (example_site.output / "ningde-reform/overview" / target / "index.html").resolve().is_file()
    figures = page.select(".chart-figure")
    assert 3 <= len(figures) <= 6
    # ten regions with one report each draw no chart; 「10 个地区」 and the table agree; 周宁县 has none and says so
    facts = [li.get_text(" ", strip=True) for li in page.select(".glance-facts li")]
    region_figure = page.select_one("#regions")
    assert region_figure.find("svg") is None and f"{len(region_figure.select('tbody tr'))} 个地区" in facts
    assert "周宁县暂无稿件" in region_figure.figcaption.get_text()
    assert [f.select_one("figcaption strong").get_text() for f in figures[1:]] == ["每月发布稿件数", "种植养殖面积（单位：万亩）", "产业链企业（单位：家）"]
    for figure in figures[1:]:
        svg = figure.find("svg")
        assert svg is not None and svg["role"] == "img"
        for ref in svg["aria-labelledby"].split():
            assert svg.find(id=ref) is not None
        table_rows = figure.select(".chart-table tbody tr")
        assert table_rows, "every chart has its data table"
        labels = {t.get_text() for t in svg.find_all("text")}
        assert all(row.th.get_text() in labels for row in table_rows)
    regions = {row.th.get_text(): row.td.get_text() for row in page.select("#regions tbody tr")}
    expected: dict[str, int] = {}
    for meta in front_matters():
        for region in meta["regions"]:
            expected[region] = expected.get(region, 0) + 1
    assert regions == {name: f"{count} 篇" for name, count in expected.items()}
    assert not page.select("main script"), "charts and tables need no script (the theme's <head> has its reader preferences and JSON-LD)"
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids repeat on the overview page"


def test_the_series_page_links_to_its_overview_and_print_pages(example_site: SiteDir) -> None:
    page = example_site.page("ningde-reform/")
    links = {a.get_text(): a["href"] for a in page.select(".series-glance-links a")}
    assert links == {"系列一览：关键数据与图表": "overview/", "打印全系列 / 存为 PDF": "print/"}
    for href in links.values():
        assert (example_site.output / "ningde-reform" / href / "index.html").is_file()


def test_chart_texts_are_escaped_and_numbers_are_written_out() -> None:
    tricky = Chart("figures-2", "关键<数据>", "“引号” & <b>", "万元", (Row("① <b>指标</b> & co", 1234567.5, "1234567.5万元"), Row("② 小", 3.25, "3.25万元")), "稿件与指标", "数值")
    root = ET.fromstring(chart_svg(tricky))  # well-formed: nothing an editor writes can break the SVG
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "① <b>指标</b> & co" in texts and "1234567.5" in texts and "3.25" in texts
    assert not any("e+" in (text or "") for text in texts), "a number written in exponent form"
    assert root.find(f"{SVG}title").text == "关键<数据>" and root.find(f"{SVG}desc").text == "“引号” & <b>"
    assert [b.find(f"{SVG}title").text for b in root.iter(SVG + "rect")] == ["① <b>指标</b> & co：1234567.5万元", "② 小：3.25万元"]


def months(count: int) -> Chart:
    rows = tuple(Row(f"{2015 + n // 12}年{n % 12 + 1}月", (n * 7) % 13, f"{(n * 7) % 13} 篇") for n in range(count))
    return Chart("months", "每月发布稿件数", "说明文字。", "篇", rows, "月份", "稿件数")


BOXES = """svg => {
  const frame = svg.getBoundingClientRect();
  const box = el => { const r = el.getBoundingClientRect(); return {cls: el.getAttribute('class'), text: el.textContent, left: r.left - frame.left, right: r.right - frame.left, top: r.top - frame.top, bottom: r.bottom - frame.top}; };
  return {width: frame.width, height: frame.height, scale: frame.width / svg.viewBox.baseVal.width, items: [...svg.querySelectorAll('text, rect')].map(box)};
}"""


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5


LEGIBLE_PX = 11
"""The smallest text we draw on a chart, in CSS pixels as the reader's screen shows it (older readers among them)."""


@pytest.mark.parametrize("width", [360, 420, 700, 1280])
@pytest.mark.parametrize("shape", ["long labels", "two months", "five years of months", "longer labels"])
def test_a_drawn_chart_keeps_its_texts_legible_inside_and_apart(page: Page, shape: str, width: int) -> None:
    """Measured in Chromium with the theme's fonts, at phone and desktop widths: the drawing the screen shows has text at
    least 11 px high, nothing is cut off at the edges, no two labels collide, no label covers a bar."""
    chart = {
        "long labels": Chart("figures-1", "关键数据（单位：万元）", "说明。", "万元", tuple(Row(f"{n} 东侨经济技术开发区推进“一站式”服务机制", n * 1234.5, "") for n in range(1, 9)), "稿件与指标", "数值"),
        "longer labels": Chart("figures-2", "关键数据（单位：个）", "说明。", "个", tuple(Row(f"{n} 东侨经济技术开发区推进“一站式”服务机制和“最多跑一次”改革", n * 7.0, "") for n in range(1, 4)), "稿件与指标", "数值"),
        "two months": months(2),
        "five years of months": months(60),
    }[shape]
    page.set_viewport_size({"width": width, "height": 800})
    page.set_content(f'<!doctype html><meta charset="utf-8"><figure class="chart-figure">{chart_svg(chart)}{chart_svg(chart, narrow=True)}</figure>')
    for sheet in ("style.css", "glance.css"):
        page.add_style_tag(path=str(REPO / "templates/static" / sheet))
    shown = page.eval_on_selector_all("svg.chart", "svgs => svgs.filter(svg => svg.getBoundingClientRect().width > 0).map(svg => svg.id)")
    assert shown == ([f"chart-{chart.key}-narrow"] if width < 640 else [f"chart-{chart.key}"]), "one drawing at a time: the narrow one on a phone"
    drawn = page.eval_on_selector(f"#{shown[0]}", BOXES)
    assert drawn["width"] <= width
    assert 12 * drawn["scale"] >= LEGIBLE_PX, f"values drawn {12 * drawn['scale']:.1f} px high"  # the smallest text: VALUE_FONT
    items = drawn["items"]
    for item in items:
        assert -0.5 <= item["left"] and item["right"] <= drawn["width"] + 0.5 and -0.5 <= item["top"] and item["bottom"] <= drawn["height"] + 0.5, f"cut off: {item}"
    labels = [i for i in items if i["cls"] == "label"]
    bars = [i for i in items if i["cls"] == "bar"]
    values = [i for i in items if i["cls"] == "value"]
    assert len(bars) == len(chart.rows) and labels
    if shape == "longer labels" and width < 640:  # cut short on a phone: the bar's title and the data table hold them whole
        assert all(label["text"].endswith("…") for label in labels)
    else:
        assert all(label["text"] in {row.label for row in chart.rows} for label in labels)
    if shape == "five years of months":  # slanted: each label's line at least a text height from the next
        assert len(labels) < len(chart.rows), "labels on a long time axis are thinned out"
        steps = [b["right"] - a["right"] for a, b in pairwise(labels)]  # where each ends: under its bar
        assert min(steps) * 0.7071 >= 13 * drawn["scale"] * 0.95
    else:
        assert len(labels) == len(chart.rows)
        for a, b in pairwise(labels):
            assert not overlap(a, b), f"labels collide: {a['text']} / {b['text']}"
    for text in labels + values:
        for bar in bars:
            assert not overlap(text, bar), f"{text['text']} covers a bar"
    for a, b in pairwise(values):
        assert not overlap(a, b), f"values collide: {a['text']} / {b['text']}"
