"""A series at a glance, as data: key-figure cards and the numbers behind its charts.

:func:`series_overview` gathers, for one series, each report's ``highlights``
(value, unit, label) and three kinds of chart — reports per region, reports
per month, and the series' headline figures — as :class:`Chart` rows.  It is
pure: drawing the charts (SVG) is :mod:`reformpress.pages.charts`' job, at render
time.

Bars side by side must measure the same thing: headline figures are charted
together only when the editor gave them the same ``metric`` and they share a
unit (``多名`` and ``名`` are one unit: qualifiers such as 多, 余, 以内 are set
aside), in at least two reports; a unit alone is not enough (1,100 problems
solved and 18 demonstration bases are both 个).  Figures without a metric, or
whose value is not a plain number, stay on the cards only.

A chart whose bars are all equal shows no difference: it is kept with
``drawn`` false, and the page gives its table instead of a drawing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..model import Card, Highlight, Series, Site

MAX_FIGURE_CHARTS = 4
"""Headline-figure charts per overview page: the metrics most reports share."""


@dataclass(frozen=True)
class Row:
    """One bar of a chart and one row of its table."""

    label: str
    value: float
    text: str
    """The value as shown in the table (``1500多名``)."""


@dataclass(frozen=True)
class Chart:
    """A chart to draw and the table that says the same in text."""

    key: str
    """Unique on its page: the chart's element ids start with it (``regions``)."""
    title: str
    description: str
    """One sentence for screen readers (``<desc>``) and the caption."""
    unit: str
    """What the axis counts (``篇``, ``万亩``)."""
    rows: tuple[Row, ...]
    label_heading: str
    """Heading of the table's first column (``地区``)."""
    value_heading: str

    @property
    def drawn(self) -> bool:
        """Whether the chart is worth drawing: its bars differ (equal bars, or a single one, show nothing the table does not)."""
        return len({row.value for row in self.rows}) > 1


@dataclass(frozen=True)
class FigureCard:
    """One report's key figures, shown as a card linking to the report."""

    article: Card
    highlights: tuple[Highlight, ...]


@dataclass(frozen=True)
class SeriesOverview:
    """Everything the overview page of one series shows."""

    series: Series
    reports: int
    regions: int
    """Regions the series' reports come from."""
    figures: int
    """Key figures across its reports."""
    first: date | None
    last: date | None
    cards: tuple[FigureCard, ...]
    """In series order; reports without highlights are left out."""
    charts: tuple[Chart, ...]


def series_overview(site: Site, series: Series) -> SeriesOverview:
    """The overview of one series: key-figure cards and its charts."""
    articles = [site.articles.card(key) for key in site.by_series[series.slug]]
    cards = tuple(FigureCard(a, a.highlights) for a in articles if a.highlights)
    regions = {r.slug for a in articles for r in a.regions}
    charts = [reports_per_region(site, articles), reports_per_month(articles), *headline_charts(articles)]
    dates = sorted(a.date.date() for a in articles)
    return SeriesOverview(
        series=series,
        reports=len(articles),
        regions=len(regions),
        figures=sum(len(card.highlights) for card in cards),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        cards=cards,
        charts=tuple(chart for chart in charts if chart.rows),
    )


def reports_per_region(site: Site, articles: list[Card]) -> Chart:
    """How many of ``articles`` each region has, in site.yaml's order of regions.

    The rows are the regions with reports, as many as the overview's 「N 个地区」; the description
    says how many that is and names site.yaml's regions that have none, so no region goes missing unsaid.
    """
    rows, empty = [], []
    for region in site.config.regions:
        count = sum(1 for a in articles if region in a.regions)
        if count:
            rows.append(Row(region.name, count, f"{count} 篇"))
        else:
            empty.append(region.name)
    description = f"本系列稿件来自 {len(rows)} 个地区，以下是各地区的稿件篇数（一篇稿件可属于多个地区）。"
    if rows and len({row.value for row in rows}) == 1:
        description += f"各地区均为 {int(rows[0].value)} 篇。"
    if empty and rows:
        description += f"{'、'.join(empty)}暂无稿件。"
    return Chart("regions", "各地区稿件数", description, "篇", tuple(rows), "地区", "稿件数")


def reports_per_month(articles: list[Card]) -> Chart:
    """How many of ``articles`` were published each month, every month from the first to the last."""
    counts: dict[tuple[int, int], int] = {}
    for article in articles:
        key = (article.date.year, article.date.month)
        counts[key] = counts.get(key, 0) + 1
    rows = []
    if counts:
        year, month = min(counts)
        while (year, month) <= max(counts):
            count = counts.get((year, month), 0)
            rows.append(Row(f"{year}年{month}月", count, f"{count} 篇"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    description = "本系列每月发布的稿件篇数，从第一篇到最近一篇，没有稿件的月份记为 0。"
    if len(rows) == 1:
        description = f"本系列稿件均在{rows[0].label}发布，共 {int(rows[0].value)} 篇。"
    elif rows and len({row.value for row in rows}) == 1:
        description += f"每月均为 {int(rows[0].value)} 篇。"
    return Chart("months", "每月发布稿件数", description, "篇", tuple(rows), "月份", "稿件数")


def headline_charts(articles: list[Card]) -> list[Chart]:
    """One chart per metric and unit that two or more reports' numeric key figures share, largest groups first (at most :data:`MAX_FIGURE_CHARTS`).

    Figures without a ``metric`` are not charted: a shared unit alone does not make two figures comparable.
    """
    groups: dict[tuple[str, str], list[tuple[Card, Highlight, float]]] = {}
    for article in articles:
        for highlight in article.highlights:
            value = figure_number(highlight.value)
            if value is not None and highlight.metric.strip():
                groups.setdefault((highlight.metric.strip(), unit_family(highlight.unit)), []).append((article, highlight, value))
    shared = [(group, items) for group, items in groups.items() if len({a.key for a, _, _ in items}) >= 2]
    shared.sort(key=lambda group: (-len(group[1]), group[0]))
    charts = []
    for number, ((metric, unit), items) in enumerate(shared[:MAX_FIGURE_CHARTS], start=1):
        rows = tuple(Row(f"{a.ordinal} {h.label}", value, f"{h.value}{h.unit}") for a, h, value in items)
        title = f"{metric}（单位：{unit}）"
        description = f"本系列各篇的“{metric}”，以“{unit}”计，共 {len(rows)} 项，按系列顺序排列。"
        charts.append(Chart(f"figures-{number}", title, description, unit, rows, "稿件与指标", "数值"))
    return charts


def figure_number(value: str) -> float | None:
    """The number in a key figure's value (``1,500`` → 1500.0, ``3.2`` → 3.2), or ``None`` if it is not one."""
    text = value.strip().replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return None
    return float(text)


def unit_family(unit: str) -> str:
    """A unit without its qualifiers: ``多名`` → ``名``, ``天以内`` → ``天``, ``万余人次`` → ``万人次``."""
    bare = unit.strip()
    for word in ("以内", "以上", "左右"):
        bare = bare.removesuffix(word)
    bare = re.sub(r"^(?:多|余|近|超|约)", "", bare)
    bare = bare.replace("万余", "万").replace("余", "").replace("多", "") if len(bare) > 1 else bare
    return bare or unit.strip()
