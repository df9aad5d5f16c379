"""Altair charts with Italian number and date locale and a colour-blind-safe palette."""

from __future__ import annotations

import altair as alt
import polars as pl

from indicators.engine import partial_parts
from indicators.status import STATUS_COLOURS, STATUS_ICONS, STATUS_IT

# Altair validates every chart piece against the Vega-Lite schema as it is built, then the whole
# chart again when Streamlit serialises it: the first pass is a quarter of a chart-heavy page's
# rerun. The final validation stays, so a wrong chart still fails.
alt.utils.schemapi.disable_debug_mode()

LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "time": {
        "dateTime": "%A %e %B %Y, %X", "date": "%d/%m/%Y", "time": "%H:%M:%S",
        "periods": ["AM", "PM"],
        "days": ["domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"],
        "shortDays": ["dom", "lun", "mar", "mer", "gio", "ven", "sab"],
        "months": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
                   "settembre", "ottobre", "novembre", "dicembre"],
        "shortMonths": ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
    },
}
STATUS_SCALE = alt.Scale(domain=[STATUS_IT[k] for k in STATUS_COLOURS], range=list(STATUS_COLOURS.values()))
# A withheld status (access/views.py) in a legend, short enough not to be cut; lighter than
# «senza dati»: a value is there, its status is not for this viewer.
WITHHELD_LABEL = "stato riservato"
WITHHELD_COLOUR = "#D9D9D9"
# Categories (points of access, kinds, areas, équipes): Okabe-Ito, told apart with any colour
# vision; past eight, Paul Tol's "muted" set (nine colour-blind-safe hues) and grey.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
             "#DDDDDD"]


def category_scale(domain: list[str] | None = None, n: int | None = None) -> alt.Scale:
    """A colour-blind-safe scale for ``domain`` (or for ``n`` categories in the data's order)."""
    size = len(domain) if domain is not None else (n or len(OKABE_ITO))
    palette = OKABE_ITO if size <= len(OKABE_ITO) else TOL_MUTED
    return alt.Scale(domain=domain, range=palette) if domain is not None else alt.Scale(range=palette)


def status_column(rows: pl.DataFrame) -> pl.Expr:
    """Status in words ("stato"); a withheld one (access/views.py) says so."""
    words = pl.col("status").replace_strict(STATUS_IT, default=STATUS_IT["no_data"])
    if "status_withheld" not in rows.columns:
        return words.alias("stato")
    return pl.when(pl.col("status_withheld")).then(pl.lit(WITHHELD_LABEL)).otherwise(words).alias("stato")


def status_scale(rows: pl.DataFrame) -> alt.Scale:
    """The status colours; the legend lists the withheld status only where a bar has it."""
    if "status_withheld" in rows.columns and rows.filter(pl.col("status_withheld") & pl.col("value").is_not_null()).height:
        return alt.Scale(domain=[*STATUS_SCALE.domain, WITHHELD_LABEL], range=[*STATUS_SCALE.range, WITHHELD_COLOUR])
    return STATUS_SCALE


# Status told apart without colour: each status word keeps its symbol (✔ ▲ ✖ …) in legends and on the
# marks, as on the pages' tables (ui.components.status_label).
_SYMBOLS = {**{STATUS_IT[k]: STATUS_ICONS[k] for k in STATUS_COLOURS}, WITHHELD_LABEL: STATUS_ICONS["no_data"]}


def _by_status(field: str, template: str) -> str:
    """A Vega expression giving, for the status word in ``field``, ``template`` with {symbol} and {word}."""
    expr = field
    for word, symbol in reversed(_SYMBOLS.items()):
        expr = f"{field} === '{word}' ? '{template.format(symbol=symbol, word=word)}' : ({expr})"
    return expr


STATUS_LEGEND_LABELS = _by_status("datum.label", "{symbol} {word}")
STATUS_SYMBOL = _by_status("datum.stato", "{symbol}")


def status_color(rows: pl.DataFrame, **legend) -> alt.Color:
    """The status colour of the marks (field «stato», status_column), its legend labels with their symbol.
    The legend lists the statuses the bars have: all seven took more room than a small chart's bars."""
    present = set(rows.filter(pl.col("value").is_not_null()).select(status_column(rows))["stato"].to_list())
    shown = [w for w in status_scale(rows).domain if w in present]
    return alt.Color("stato:N", scale=status_scale(rows), title="Stato",
                     legend=alt.Legend(labelExpr=STATUS_LEGEND_LABELS, **({"values": shown} if shown else {}), **legend))


def status_marks(bars: alt.Chart, horizontal: bool = False) -> alt.Chart:
    """The status symbol of each bar of ``bars`` (which has the field «stato»), past its end."""
    offset = {"dx": 4, "align": "left", "baseline": "middle"} if horizontal else {"dy": -8, "baseline": "bottom"}
    return bars.mark_text(fontSize=12, **offset).encode(
        text="simbolo:N", color=alt.value("#333333")).transform_calculate(simbolo=STATUS_SYMBOL)


def symbol_marks(bars: alt.Chart, field: str, symbols: dict[str, str], **mark) -> alt.Chart:
    """A symbol on each mark of ``bars`` by its ``field`` (e.g. a quarter «svolta» ✔, «non svolta» ✖), so
    a category told by colour is told by shape too; ``mark``: the text's placement (dx, align …)."""
    expr = "''"
    for value, symbol in reversed(symbols.items()):
        expr = f"datum[{field!r}] === {value!r} ? {symbol!r} : ({expr})"
    return bars.mark_text(fontSize=12, **mark).encode(
        text="simbolo:N", color=alt.value("#333333")).transform_calculate(simbolo=expr)


def count_axis(**kwargs) -> alt.Axis:
    """An axis of people, families or events: whole numbers only (never 0, 0,5, 1)."""
    return alt.Axis(format=",d", tickMinStep=1, **kwargs)


def finish(chart: alt.Chart) -> alt.Chart:
    # Legends and titles never cut («fuori targ…»); labels a little wider than Vega's 180 px.
    return (chart.configure(locale=LOCALE).configure_axis(labelFontSize=12, titleFontSize=12)
            .configure_legend(labelLimit=0, titleLimit=0))


def number_format(unit: str) -> str:
    return {"euro": "$,.0f", "percentuale": ",.1f", "euro_per_abitante": "$,.2f"}.get(unit, ",.0f")


def trend(rows: pl.DataFrame, unit: str, title: str = "") -> alt.Chart:
    """Value per period as bars coloured by status (its symbol above each bar), with the target as a
    dashed line; the data's partial-data notes (indicators.engine) under the title."""
    cols = [c for c in ("sources",) if c in rows.columns]
    data = rows.select("period", "territory", "value", "target", status_column(rows), *cols).to_pandas()
    fmt = number_format(unit)
    # Explicit order: with sort=None a hidden first value (a null bar) would move its period to the end.
    base = alt.Chart(data).encode(x=alt.X("period:N", title="Periodo", sort=list(dict.fromkeys(data["period"]))))
    bars = base.mark_bar().encode(
        # Counts never get half ticks (with ",.0f" they would read 0, 0, 1, 1, 2, 2).
        y=alt.Y("value:Q", title="Valore", axis=count_axis() if unit == "numero" else alt.Axis(format=fmt)),
        color=status_color(rows),
        tooltip=[alt.Tooltip("period:N", title="Periodo"), alt.Tooltip("value:Q", title="Valore", format=fmt),
                 alt.Tooltip("target:Q", title="Target", format=fmt), alt.Tooltip("stato:N", title="Stato")],
    )
    target = base.mark_line(strokeDash=[6, 4], color="#333333", point=alt.OverlayMarkDef(color="#333333")).encode(
        y="target:Q", tooltip=[alt.Tooltip("target:Q", title="Target", format=fmt)])
    # The symbols drawn last: over the target line where the two meet.
    layers = (bars + target if data["target"].notna().any() else bars) + status_marks(bars)
    partial = partial_note(rows)
    if partial:
        return layers.properties(title=alt.Title(title, subtitle=partial), height=220)
    return layers.properties(title=title, height=220)


def partial_note(rows: pl.DataFrame) -> str:
    """«dati parziali: …» of the rows' notes (the engine's rule), each said once; '' when none."""
    if "note" not in rows.columns:
        return ""
    parts = [p for note in rows["note"].drop_nulls().unique(maintain_order=True).to_list() for p in partial_parts(note)]
    return "; ".join(dict.fromkeys(parts))
