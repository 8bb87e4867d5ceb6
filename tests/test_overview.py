"""The series overview: key-figure cards and build-time SVG charts with their data tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import yaml

from reformpress.charts import axis_ticks, chart_svg
from reformpress.overview import Chart, Row, figure_number, unit_family

from .sitekit import REPO, SiteDir, case_text

SVG = "{http://www.w3.org/2000/svg}"


def front_matters() -> list[dict]:
    files = sorted((REPO / "content/ningde-reform").glob("[0-9]*.md"))
    return [yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]) for path in files]


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
    assert "<script" not in first and "<!--" not in first and "kozea.github.io" not in first
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", first), "a random UUID is in the SVG"
    texts = [t.text for t in root.iter(SVG + "text")]
    for label in ("⑯ 指标1", "⑯ 指标2", "⑯ 指标3", "10", "20", "30"):
        assert label in texts
    bars = [r for r in root.iter(SVG + "rect") if "rect" in (r.get("class") or "")]
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


def test_headline_figures_are_charted_per_shared_unit(site: SiteDir) -> None:
    figures = {
        "01-gutian.md": '  - {value: "1500", unit: 多名, label: 年轻干部}\n  - {value: "30", unit: 万亩, label: 茶园}\n  - {value: "十余", unit: 项, label: 制度}\n',
        "02-shouning.md": '  - {value: "103", unit: 名, label: 挂职干部}\n  - {value: "12", unit: 项, label: 标准}\n',
    }
    for name, lines in figures.items():
        path = site.root / "content/demo" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("tags: [乡村振兴]\n", "tags: [乡村振兴]\nhighlights:\n" + lines, 1), encoding="utf-8")
    site.build()
    page = site.page("demo/overview/")
    assert [c.select_one("h3").get_text() for c in page.select(".figure-card")] == ["①第1篇：古田县探索乡村治理新机制", "②第2篇：寿宁县推进下党乡村振兴"]
    assert [li.get_text("", strip=True) for li in page.select(".figure-card")[0].select(".highlights li")] == ["1500多名年轻干部", "30万亩茶园", "十余项制度"]
    captions = [f.select_one("figcaption strong").get_text() for f in page.select(".chart-figure")]
    # 名 is shared by both reports; 万亩 by one only; 项 has one number (十余 is not one)
    assert captions == ["各地区稿件数", "每月发布稿件数", "关键数据（单位：名）"]
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in page.select("#figures-1 tbody tr")]
    assert rows == [["① 年轻干部", "1500多名"], ["② 挂职干部", "103名"]]


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
    for figure in figures:
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


def test_chart_output_does_not_depend_on_lxml() -> None:
    import os
    import subprocess
    import sys

    code = "from tests.test_overview import chart; from reformpress.charts import chart_svg; print(chart_svg(chart()))"
    env_runs = []
    for blocker in ("", "import sys; sys.modules['lxml'] = None; "):
        result = subprocess.run(  # noqa: PLW1510 (the return code is asserted)
            [sys.executable, "-c", blocker + code], cwd=REPO, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)}
        )
        assert result.returncode == 0, result.stderr
        env_runs.append(result.stdout)
    assert env_runs[0] == env_runs[1] == chart_svg(chart()) + "\n"
