"""The report's charts, drawn as vector shapes straight into the PDF page (fpdf2 calls).

They used to be the screens' Altair charts rendered to PNG by vl-convert (Vega in a bundled V8):
about 50 charts at 70-200 ms each, plus seconds to start V8, made a report take 10-17 s on the
project's machine. Bars, a dashed target line and a few labels are a few dozen drawing calls:
milliseconds, sharp at any zoom, no second renderer to keep in step.

What they show is what the screens show: bars per period coloured by status, the status also
written as its icon above each bar (never colour alone), the target as a dashed line with points,
whole-number ticks for counts (no half persons); a hidden value draws no bar and prints its marker.
"""

from __future__ import annotations

import math
from typing import Any

from indicators import format as fmt
from indicators.status import STATUS_COLOURS, STATUS_ICONS, STATUS_IT
from report.content import Breakdown, Figure, decimals_of, value_text

FONT = "DejaVu"
TREND_HEIGHT = 52.0  # mm, whole chart: plot, period labels and legend
AXIS_WIDTH = 13.0  # mm left of the plot for the value ticks
TOP_ROOM = 4.0  # mm above the highest bar for its label
PERIOD_ROOM = 4.5  # mm under the plot for the period labels
LEGEND_ROOM = 5.0  # mm under the period labels
LABEL_SIZE = 6.0  # pt
MIN_LABEL_SIZE = 4.5  # pt: period labels shrink down to this before they would overlap
TICKS = 4  # about this many value ticks
BAR_SHARE = 0.62  # of a period's slot
BAR_LINE = 4.6  # mm per line of a breakdown chart
BAR_NAME_WIDTH = 42.0  # mm for a breakdown line's name
NEUTRAL = "#0072B2"  # Okabe-Ito blue: a breakdown has no status to colour
WITHHELD = "#D9D9D9"  # as on the screens (ui/charts.py): a value shown, its status withheld
WITHHELD_WORD = "stato riservato"
AXIS_INK = (90, 90, 90)
GRID = (225, 225, 225)
TARGET_INK = (51, 51, 51)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def nice_step(span: float, whole: bool) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about TICKS ticks over
    ``span``; never below 1 for counts (``whole``)."""
    if span <= 0:
        return 1.0
    raw = span / TICKS
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1.0, math.ceil(step))
    return step


def ticks(low: float, high: float, whole: bool) -> list[float]:
    """Tick values from a multiple of the step at or below ``low`` to one at or above ``high``."""
    step = nice_step(high - low, whole)
    first = math.floor(low / step) * step
    out = [first]
    while out[-1] < high - 1e-9:
        out.append(out[-1] + step)
    return out


def _tick_text(v: float, unit: str, step: float) -> str:
    decimals = 0 if float(step).is_integer() else (1 if (step * 10).is_integer() else 2)
    return fmt.number(v, decimals) + ("%" if unit == "percentuale" else "")


def _status_key(r: dict) -> str:
    return "withheld" if r.get("status_withheld") else (r.get("status") or "no_data")


def _colour(status: str) -> str:
    return WITHHELD if status == "withheld" else STATUS_COLOURS.get(status, STATUS_COLOURS["no_data"])


def _icon(status: str) -> str:
    return "" if status == "withheld" else STATUS_ICONS.get(status, "")


def _word(status: str) -> str:
    return WITHHELD_WORD if status == "withheld" else STATUS_IT.get(status, status)


def _fit(pdf: Any, text: str, width: float, size: float) -> float:
    """The largest font size up to ``size`` (not below MIN_LABEL_SIZE) at which ``text`` fits ``width``."""
    pdf.set_font_size(size)
    while size > MIN_LABEL_SIZE and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font_size(size)
    return size


def _text(pdf: Any, x: float, y: float, text: str, align: str = "L") -> None:
    """``text`` with its baseline at ``y``; ``align`` L, C or R around ``x``."""
    w = pdf.get_string_width(text)
    pdf.text(x - (w / 2 if align == "C" else w if align == "R" else 0), y, text)


def figure_rows(fig: Figure) -> list[dict]:
    """The chart's points, in period order: period, value (None when hidden), target, status key,
    and the value as printed (the hidden marker for a hidden value)."""
    out = []
    for r in fig.data.iter_rows(named=True):
        out.append({"period": r["period"], "value": r["value"], "target": r.get("target"),
                    "status": _status_key(r), "label": value_text(r) if r["value"] is not None or r.get("suppressed")
                    else ""})
    return out


def draw_trend(pdf: Any, fig: Figure, x: float, y: float, w: float, h: float = TREND_HEIGHT) -> None:
    """Bars by status with the dashed target line, in the box (x, y, w, h) mm."""
    rows = figure_rows(fig)
    if not rows:
        return
    decimals = decimals_of(fig.id)
    values = [r["value"] for r in rows if r["value"] is not None]
    targets = [r["target"] for r in rows if r["target"] is not None]
    low = min([0.0, *values, *targets])
    high = max([0.0, *values, *targets])
    if high == low:
        high = low + 1
    whole = fig.unit == "numero" and decimals == 0
    scale = ticks(low, high, whole)
    low, high = scale[0], scale[-1]
    step = scale[1] - scale[0] if len(scale) > 1 else 1.0

    left = x + AXIS_WIDTH
    plot_w = w - AXIS_WIDTH
    top = y + TOP_ROOM
    plot_h = h - TOP_ROOM - PERIOD_ROOM - LEGEND_ROOM
    bottom = top + plot_h

    def ypos(v: float) -> float:
        return bottom - (v - low) / (high - low) * plot_h

    # Grid and value ticks.
    pdf.set_font(FONT, size=LABEL_SIZE)
    pdf.set_line_width(0.15)
    pdf.set_text_color(*AXIS_INK)
    for t in scale:
        pdf.set_draw_color(*GRID)
        pdf.line(left, ypos(t), left + plot_w, ypos(t))
        _text(pdf, left - 1.2, ypos(t) + 0.8, _tick_text(t, fig.unit, step), "R")
    pdf.set_draw_color(*AXIS_INK)
    pdf.line(left, bottom, left + plot_w, bottom)

    slot = plot_w / len(rows)
    bar = slot * BAR_SHARE
    centres = [left + slot * (i + 0.5) for i in range(len(rows))]
    # Period labels: one size for all, the largest at which the longest fits its slot.
    longest = max((r["period"] for r in rows), key=lambda p: pdf.get_string_width(p))
    _fit(pdf, longest, slot - 0.6, LABEL_SIZE)  # sets the font size the labels are written in
    for c, r in zip(centres, rows):
        _text(pdf, c, bottom + 3.0, r["period"], "C")

    # Bars, each with its value and status icon above it (colour is never the only clue).
    zero = ypos(max(low, 0.0))
    for c, r in zip(centres, rows):
        if r["value"] is not None:
            v = ypos(r["value"])
            pdf.set_fill_color(*_rgb(_colour(r["status"])))
            pdf.rect(c - bar / 2, min(v, zero), bar, max(abs(zero - v), 0.2), style="F")
            label_y = min(v, zero) - 0.8
        else:
            label_y = zero - 0.8
        label = r["label"] if r["value"] is None else f"{r['label']} {_icon(r['status'])}".strip()
        if label:
            pdf.set_text_color(*TARGET_INK)
            _fit(pdf, label, slot, LABEL_SIZE - 0.5)
            _text(pdf, c, label_y, label, "C")

    # The target: a dashed line through one point per period (a single period: a dashed tick).
    points = [(c, ypos(r["target"])) for c, r in zip(centres, rows) if r["target"] is not None]
    if points:
        pdf.set_draw_color(*TARGET_INK)
        pdf.set_fill_color(*TARGET_INK)
        pdf.set_line_width(0.3)
        pdf.set_dash_pattern(dash=1.2, gap=0.8)
        if len(points) == 1:
            (px, py), = points
            pdf.line(px - slot / 2, py, px + slot / 2, py)
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            pdf.line(ax, ay, bx, by)
        pdf.set_dash_pattern()
        for px, py in points:
            pdf.circle(px, py, 0.55, style="F")
    pdf.set_line_width(0.2)

    # Legend: the statuses the bars have, in the order of the scale, then the target.
    present = [s for s in dict.fromkeys((*STATUS_COLOURS, "withheld")) if any(r["status"] == s and r["value"] is not None
                                                                for r in rows)]
    pdf.set_font_size(LABEL_SIZE)
    pdf.set_text_color(*AXIS_INK)
    lx, ly = left, bottom + PERIOD_ROOM + 2.6
    for s in present:
        word = f"{_icon(s)} {_word(s)}".strip()
        pdf.set_fill_color(*_rgb(_colour(s)))
        pdf.rect(lx, ly - 2.0, 2.4, 2.4, style="F")
        _text(pdf, lx + 3.2, ly, word)
        lx += 3.2 + pdf.get_string_width(word) + 3.0
    if points:
        pdf.set_draw_color(*TARGET_INK)
        pdf.set_line_width(0.3)
        pdf.set_dash_pattern(dash=1.2, gap=0.8)
        pdf.line(lx, ly - 0.8, lx + 5, ly - 0.8)
        pdf.set_dash_pattern()
        pdf.set_line_width(0.2)
        _text(pdf, lx + 6, ly, "target")
    pdf.set_text_color(33, 33, 33)


def breakdown_height(b: Breakdown) -> float:
    """Height in mm of ``draw_breakdown``'s chart of ``b``."""
    return BAR_LINE * max(1, b.data.height) + 2.0


def draw_breakdown(pdf: Any, b: Breakdown, x: float, y: float, w: float) -> None:
    """Horizontal bars, one per sub-unit, value printed at the bar's end; a hidden value prints its marker."""
    values = [v for v in b.data["value"].to_list() if v is not None]
    high = max([0.0, *values]) or 1.0
    pdf.set_font(FONT, size=LABEL_SIZE + 0.5)
    label_room = max([pdf.get_string_width(line.value) for line in b.lines] + [4.0]) + 2.0
    bar_left = x + BAR_NAME_WIDTH
    bar_w = w - BAR_NAME_WIDTH - label_room
    pdf.set_fill_color(*_rgb(NEUTRAL))
    for i, (line, value) in enumerate(zip(b.lines, b.data["value"].to_list())):
        top = y + i * BAR_LINE
        mid = top + BAR_LINE / 2 + 0.9
        pdf.set_text_color(33, 33, 33)
        name = line.sub_unit
        while len(name) > 3 and pdf.get_string_width(name) > BAR_NAME_WIDTH - 2:
            name = name[:-2] + "…"
        _text(pdf, bar_left - 1.5, mid, name, "R")
        end = bar_left
        if value is not None:
            end = bar_left + max(0.2, value / high * bar_w)
            pdf.rect(bar_left, top + 0.7, end - bar_left, BAR_LINE - 1.4, style="F")
        _text(pdf, end + 1.0, mid, line.value)
    pdf.set_draw_color(*AXIS_INK)
    pdf.set_line_width(0.15)
    pdf.line(bar_left, y, bar_left, y + BAR_LINE * max(1, len(b.lines)))
    pdf.set_line_width(0.2)


def plotted(fig: Figure) -> list[float | None]:
    """The values a trend chart draws, in its order (None: no bar)."""
    return [r["value"] for r in figure_rows(fig)]

