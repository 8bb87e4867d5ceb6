"""Charts drawn at build time: an overview :class:`~reformpress.overview.Chart` → static, accessible SVG.

pygal draws the bars; this module makes its output fit a static, private,
reproducible site:

* no JavaScript and nothing fetched (pygal would link its tooltip script
  from the web): ``js=[]`` and the config script removed;
* deterministic: pygal names every chart with a random UUID and stamps
  today's date into a comment; the id comes from the chart's key instead and
  comments are dropped, and the standard-library ElementTree serialises
  whether or not lxml happens to be installed;
* accessible: ``role="img"`` with ``aria-labelledby`` pointing at the SVG's
  ``<title>`` and ``<desc>``; the page shows the same numbers as a table.
"""

from __future__ import annotations

import math
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable

import pygal
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from .overview import Chart

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 720
"""Width of the drawing (the SVG scales to its box; this sets the text size relative to it)."""
LABEL_SIZE = 13

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1f1f1f",
    foreground_strong="#1f1f1f",
    foreground_subtle="#d9d9d9",
    opacity=".9",
    opacity_hover="1",
    colors=("#a61b1b",),
    font_family='"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    label_font_size=LABEL_SIZE,
    major_label_font_size=LABEL_SIZE,
    value_font_size=12,
    title_font_size=16,
    tooltip_font_size=12,
)
"""The theme's colours and CJK fonts."""


def chart_svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element (no XML declaration, no script)."""
    pygal_etree.to_etree()  # the same bytes whether or not lxml is installed
    horizontal = chart.key != "months"
    # pygal draws the first bar of a horizontal chart at the bottom; readers expect the first on top
    rows = tuple(reversed(chart.rows)) if horizontal else chart.rows
    ticks = axis_ticks(row.value for row in rows)
    graph = (pygal.HorizontalBar if horizontal else pygal.Bar)(
        style=STYLE,
        width=WIDTH,
        height=max(60 + 34 * len(rows), 180) if horizontal else 320,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        value_formatter=lambda value: f"{value:g}",
        show_x_guides=False,
        show_y_guides=True,
        truncate_label=-1,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        pretty_print=False,
        margin=8,
        margin_left=8 + label_overflow(row.label for row in rows) if horizontal else 8,
        margin_right=28,
        spacing=8,
        range=(0, ticks[-1]),
        y_labels=ticks,
    )
    graph.uuid = chart.key  # pygal's random id would differ on every build
    graph.x_labels = [row.label for row in rows]
    graph.add(chart.unit, [{"value": row.value, "label": row.text} for row in rows])
    return finish(graph.render_tree(), chart)


def label_overflow(labels: Iterable[str], size: int = LABEL_SIZE) -> int:
    """Extra left margin (px) for labels with wide (CJK) characters, which pygal measures as narrow ones."""
    return max((round(0.45 * size * sum(1 for ch in label if unicodedata.east_asian_width(ch) in "WF")) for label in labels), default=0)


def axis_ticks(values: Iterable[float]) -> list[float]:
    """Round axis ticks from 0 to at least the largest value, about five steps of 1, 2 or 5 × 10ⁿ.

    Whole-number data (counts) gets whole-number steps.
    """
    values = list(values)
    largest = max(values, default=0.0)
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / 5
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(base * power for base in (1, 2, 5, 10) if base * power >= raw * (1 - 1e-9))
    if all(float(v).is_integer() for v in values):
        step = max(step, 1.0)
    count = math.ceil(largest / step - 1e-9)
    return [round(step * n, 10) for n in range(count + 1)]


def chart_stylesheet() -> bytes:
    """pygal's chart CSS as one stylesheet for every chart (``svg.chart`` instead of its per-chart id).

    Inline ``<style>`` elements and ``style`` attributes would break the site's
    Content-Security-Policy (``style-src 'self'``), so :func:`finish` removes them
    and pages link this file instead.
    """
    pygal_etree.to_etree()
    graph = pygal.Bar(style=STYLE, js=[], disable_xml_declaration=True, pretty_print=False)
    graph.uuid = "sheet"
    graph.add("", [1])
    ns = f"{{{SVG_NS}}}"
    sheets = [el.text or "" for el in graph.render_tree().iter() if el.tag in ("style", ns + "style")]
    css = "\n".join(sheet.strip() for sheet in sheets).replace("#chart-sheet", "svg.chart")
    return (css + "\n").encode("utf-8")


def finish(root: ET.Element, chart: Chart) -> str:
    """Strip scripts, styles, comments and the JS-only tooltips; add the accessible name and description."""
    ns = f"{{{SVG_NS}}}"
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag is ET.Comment or child.tag in ("script", ns + "script", "style", ns + "style"):
                parent.remove(child)
            elif "tooltip" in child.get("class", "").split():
                parent.remove(child)  # pygal's hover tooltips: hidden (opacity 0) and shown only by its script
    for element in root.iter():
        element.attrib.pop("style", None)
    title_id, desc_id = f"chart-{chart.key}-title", f"chart-{chart.key}-desc"
    title = next((el for el in root if el.tag in ("title", ns + "title")), None)
    if title is None:
        title = ET.Element("title")
        root.insert(0, title)
    title.text = chart.title
    title.set("id", title_id)
    desc = ET.Element("desc", {"id": desc_id})
    desc.text = chart.description
    root.insert(list(root).index(title) + 1, desc)
    root.set("role", "img")
    root.set("aria-labelledby", f"{title_id} {desc_id}")
    root.set("class", "chart")
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)
