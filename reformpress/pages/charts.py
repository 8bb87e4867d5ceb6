"""Charts drawn at build time: an overview :class:`~reformpress.site.overview.Chart` → static, accessible SVG.

An overview chart is one kind of drawing, a bar chart on an axis from 0 with round ticks,
so it is drawn here as plain SVG text, ≈ 0.2 ms a chart.  (pygal drew them until this
module replaced it: 17 ms a chart, five seconds of a 5,000-report build, and its output had
to be cleaned of scripts, inline styles, random ids and hover tooltips, and its margins
widened for Chinese labels it measured as Latin ones.)  A chart is:

* static and private: no script, nothing fetched; its colours come from the theme's
  stylesheet through classes (``bar``, ``guide``, ``axis``, ``label``, ``value``, ``tick``), so
  the Content-Security-Policy needs no inline style and print and forced-colours modes
  restyle it; sizes and positions are attributes, so it keeps its shape without the stylesheet;
* deterministic: its ids come from the chart's key, its numbers are rounded to 0.1 px;
* accessible: ``role="img"`` named by its ``<title>`` and described by its ``<desc>``; each
  bar has a ``<title>`` (its label and value, a tooltip under a mouse); the page shows the
  same numbers as a table;
* readable: labels are measured as Chinese text (a wide character is one em), placed beside
  their bars without overlapping them, and on a long time axis slanted and thinned out;
* readable on a phone too: each chart is drawn twice, :data:`WIDTH` units wide and
  :data:`NARROW` units wide (``narrow=True``), and the theme shows the narrow drawing on small
  screens.  Scaled down to a phone's width, the wide one's labels would be 6–7 px high; the
  narrow one's stay about the size of the page's small print.  In the narrow horizontal chart
  each label stands above its bar, so a long label does not squeeze the bars.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

from markupsafe import escape

from ..site.overview import Chart, Row

WIDTH = 720
"""Width of the drawing in SVG units (the SVG scales to its box; this sets the text size relative to it)."""
NARROW = 360
"""Width of the drawing for small screens: on a phone 320–400 px wide its text is drawn 11–14 px high."""
FONT = 13
"""Size of labels and tick numbers."""
VALUE_FONT = 12
"""Size of the numbers at the bars' ends."""
PAD = 8
"""Space around the drawing."""
GAP = 6
"""Space between a text and what it labels."""
ROW = 34
"""Height of one bar with its spacing (horizontal charts)."""
BAR = 24
"""Thickness of a horizontal bar."""
PLOT_HEIGHT = 240
"""Height of the bars' area of a vertical chart."""
SLANT = 0.7071
"""cos 45° = sin 45°: how far a label slanted by 45° reaches across and down."""


def chart_svg(chart: Chart, narrow: bool = False) -> str:
    """The chart as an inline ``<svg>`` element: horizontal bars, or vertical ones along a time axis (``months``).

    ``narrow`` draws it for small screens (:data:`NARROW` units wide, its ids ending in ``-narrow``).
    """
    width = NARROW if narrow else WIDTH
    if chart.key == "months":
        return _vertical(chart, width)
    return _stacked(chart, width) if narrow else _horizontal(chart, width)


def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is drawn: a Chinese (wide or ambiguous) character is one em, the others 0.6 em."""
    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.6 for ch in text)


def number_text(value: float) -> str:
    """A value as written on a chart: ``1500``, ``3.2``, never ``1.5e+03``."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


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


def _horizontal(chart: Chart, width: int) -> str:
    """One bar a row, top to bottom in the rows' order, labels on the left, values at the bars' ends."""
    rows = chart.rows
    ticks = axis_ticks(row.value for row in rows)
    left = PAD + max((text_width(row.label) for row in rows), default=0) + GAP
    values = [number_text(row.value) for row in rows]
    right = _bars_end(width, values, ticks)
    top, bottom = PAD, PAD + ROW * len(rows)
    scale = (right - left) / ticks[-1]
    parts = []
    for tick in ticks:
        x = left + tick * scale
        if tick:
            parts.append(f'<line class="guide" x1="{_n(x)}" y1="{top}" x2="{_n(x)}" y2="{bottom}"/>')
        parts.append(f'<text class="tick" x="{_n(x)}" y="{_n(bottom + GAP + FONT)}" text-anchor="middle">{number_text(tick)}</text>')
    for index, (row, value) in enumerate(zip(rows, values)):
        y = top + index * ROW + (ROW - BAR) / 2
        middle = _n(y + BAR / 2)
        length = row.value * scale
        parts.append(_bar(row, left, y, length, BAR))
        parts.append(f'<text class="label" x="{_n(left - GAP)}" y="{middle}" dy=".35em" text-anchor="end">{escape(row.label)}</text>')
        parts.append(f'<text class="value" x="{_n(left + length + 4)}" y="{middle}" dy=".35em" font-size="{VALUE_FONT}">{value}</text>')
    parts.append(f'<line class="axis" x1="{_n(left)}" y1="{top}" x2="{_n(left)}" y2="{bottom}"/>')
    return _svg(chart, width, bottom + GAP + FONT + PAD, parts)


def _bars_end(width: int, values: list[str], ticks: list[float]) -> float:
    """Where the longest bar of a horizontal chart ends: room is left for the values written at the bars' ends and half the last tick's number."""
    return width - PAD - max([text_width(text, VALUE_FONT) for text in values] + [text_width(number_text(ticks[-1])) / 2]) - GAP


def _stacked(chart: Chart, width: int) -> str:
    """:func:`_horizontal` for a narrow drawing: each label on a line of its own above its bar, cut short to fit."""
    rows = chart.rows
    ticks = axis_ticks(row.value for row in rows)
    left = PAD + text_width(number_text(ticks[0])) / 2
    values = [number_text(row.value) for row in rows]
    right = _bars_end(width, values, ticks)
    row_height = FONT + GAP + BAR + GAP * 2
    top, bottom = PAD, PAD + row_height * len(rows)
    scale = (right - left) / ticks[-1]
    parts = []
    for tick in ticks:
        parts.append(f'<text class="tick" x="{_n(left + tick * scale)}" y="{_n(bottom + GAP + FONT)}" text-anchor="middle">{number_text(tick)}</text>')
    for index, (row, value) in enumerate(zip(rows, values)):
        y = top + index * row_height + FONT + GAP
        middle = _n(y + BAR / 2)
        length = row.value * scale
        parts.append(f'<text class="label" x="{_n(left)}" y="{_n(y - GAP)}">{escape(fitted(row.label, width - left - PAD))}</text>')
        for tick in ticks[1:]:  # guides and axis beside the bar only, not through its label
            x = _n(left + tick * scale)
            parts.append(f'<line class="guide" x1="{x}" y1="{_n(y)}" x2="{x}" y2="{_n(y + BAR)}"/>')
        parts.append(_bar(row, left, y, length, BAR))
        parts.append(f'<text class="value" x="{_n(left + length + 4)}" y="{middle}" dy=".35em" font-size="{VALUE_FONT}">{value}</text>')
        parts.append(f'<line class="axis" x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left)}" y2="{_n(y + BAR)}"/>')
    return _svg(chart, width, bottom + GAP + FONT + PAD, parts)


def fitted(text: str, room: float, size: float = FONT) -> str:
    """``text``, or as much of it as fits in ``room`` followed by "…" (the bar's tooltip and the data table hold it whole)."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _vertical(chart: Chart, width: int) -> str:
    """One bar a row, left to right, on a time axis: labels below (slanted and thinned out when they would touch)."""
    rows = chart.rows
    ticks = axis_ticks(row.value for row in rows)
    left = PAD + max(text_width(number_text(tick)) for tick in ticks) + GAP
    right = width - PAD
    slot = (right - left) / max(len(rows), 1)
    widest = max((text_width(row.label) for row in rows), default=0)
    slanted = widest + GAP > slot
    if slanted:  # the first label reaches down and left from its bar
        left = max(left, PAD + (widest + FONT) * SLANT - slot / 2)
        slot = (right - left) / max(len(rows), 1)
    thickness = min(slot * 0.7, 64)
    every = max(1, math.ceil((FONT + 4) / slot)) if slanted else 1  # slanted labels need a line's height each
    top = PAD + VALUE_FONT + 4
    base = top + PLOT_HEIGHT
    below = (widest + FONT) * SLANT + GAP if slanted else GAP + FONT
    scale = PLOT_HEIGHT / ticks[-1]
    parts = []
    for tick in ticks:
        level = _n(base - tick * scale)
        if tick:
            parts.append(f'<line class="guide" x1="{_n(left)}" y1="{level}" x2="{_n(right)}" y2="{level}"/>')
        parts.append(f'<text class="tick" x="{_n(left - GAP)}" y="{level}" dy=".35em" text-anchor="end">{number_text(tick)}</text>')
    for index, row in enumerate(rows):
        centre = left + (index + 0.5) * slot
        length = row.value * scale
        parts.append(_bar(row, centre - thickness / 2, base - length, thickness, length))
        value = number_text(row.value)
        if text_width(value, VALUE_FONT) <= slot:
            parts.append(f'<text class="value" x="{_n(centre)}" y="{_n(base - length - 4)}" text-anchor="middle" font-size="{VALUE_FONT}">{value}</text>')
        if index % every:
            continue
        if slanted:
            x, y = _n(centre + FONT * SLANT / 2), _n(base + GAP)
            parts.append(f'<text class="label" x="{x}" y="{y}" dy=".7em" text-anchor="end" transform="rotate(-45 {x} {y})">{escape(row.label)}</text>')
        else:
            parts.append(f'<text class="label" x="{_n(centre)}" y="{_n(base + GAP + FONT)}" text-anchor="middle">{escape(row.label)}</text>')
    parts.append(f'<line class="axis" x1="{_n(left)}" y1="{_n(base)}" x2="{_n(right)}" y2="{_n(base)}"/>')
    return _svg(chart, width, base + below + PAD, parts)


def _bar(row: Row, x: float, y: float, width: float, height: float) -> str:
    """One bar, with its label and value as its tooltip."""
    return f'<rect class="bar" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}"><title>{escape(row.label)}：{escape(row.text)}</title></rect>'


def _svg(chart: Chart, width: int, height: float, parts: list[str]) -> str:
    """The ``<svg>`` element around ``parts``, named and described for screen readers (a narrow drawing's ids end in ``-narrow``)."""
    narrow = width != WIDTH
    key = escape(chart.key) + ("-narrow" if narrow else "")
    kind = "chart-narrow" if narrow else "chart-wide"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" id="chart-{key}" viewBox="0 0 {width} {_n(height)}" '
        f'role="img" aria-labelledby="chart-{key}-title chart-{key}-desc" font-size="{FONT}">'
        f'<title id="chart-{key}-title">{escape(chart.title)}</title><desc id="chart-{key}-desc">{escape(chart.description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def _n(number: float) -> str:
    """A coordinate to 0.1 unit, without a trailing ``.0``."""
    return number_text(round(number, 1))
