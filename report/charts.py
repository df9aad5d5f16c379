"""The report's charts as PNG: the screens' trend chart (ui/charts.py), sized for paper.

vl-convert renders Vega-Lite to PNG in-process (bundled Deno/V8 and fonts): no browser,
no network, same picture on any machine.
"""

from __future__ import annotations

import altair as alt
import vl_convert

from indicators.catalog import UNIT_LABELS
from report.content import Breakdown, Figure
from ui.charts import finish, number_format, trend

# Pixels in Vega-Lite units; the PDF places each chart 87 mm wide, so at scale 2 the PNG has
# about 230 dpi: sharp when printed.
CHART_WIDTH = 300
CHART_HEIGHT = 150
BREAKDOWN_WIDTH = 300
SCALE = 2
NEUTRAL_COLOUR = "#0072B2"  # Okabe-Ito blue: a figure with no target has no status to colour


def figure_chart(fig: Figure) -> alt.TopLevelMixin:
    """Bars by status with the dashed target line, as on the screens; plain bars without a target."""
    if fig.data["target"].is_not_null().any():
        chart = trend(fig.data, fig.unit)
    else:
        data = fig.data.select("period", "value").to_pandas()
        fmt = number_format(fig.unit)
        chart = alt.Chart(data).mark_bar(color=NEUTRAL_COLOUR).encode(
            x=alt.X("period:N", title="Periodo", sort=None),
            y=alt.Y("value:Q", title=UNIT_LABELS.get(fig.unit, "Valore"), axis=alt.Axis(format=fmt)))
    chart = chart.properties(width=CHART_WIDTH, height=CHART_HEIGHT)
    return finish(chart).configure_legend(orient="bottom", columns=4, labelFontSize=11, titleFontSize=11)


def breakdown_chart(b: Breakdown) -> alt.TopLevelMixin:
    """Horizontal bars, one per sub-unit (point of access, kind…), values labelled at the bar's end."""
    data = b.data.to_pandas()
    fmt = number_format(b.unit) if b.unit != "numero" else f",.{b.decimals}f"
    base = alt.Chart(data).encode(
        y=alt.Y("sub_unit:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title=None, axis=alt.Axis(format=fmt)))
    bars = base.mark_bar(color=NEUTRAL_COLOUR)
    labels = base.mark_text(align="left", dx=3, fontSize=11).encode(text=alt.Text("value:Q", format=fmt))
    chart = (bars + labels).properties(width=BREAKDOWN_WIDTH, height=22 * max(1, b.data.height))
    return finish(chart)


def to_png(chart: alt.TopLevelMixin) -> bytes:
    return vl_convert.vegalite_to_png(chart.to_json(), scale=SCALE)
