"""Downloads of what the screen shows: every table as CSV for Italian Excel and as .xlsx, every
chart as PNG and SVG (with its data as a table one click away).

Privacy: a download is built from the very frame the page shows to this viewer (already
through the access layer, suppressed cells as text), never from anything else. Record-level
tables are offered only to the roles passed as ``records_for`` and re-checked on the click
(``ui.session.guarded_data``).

Speed: nothing is converted while the page runs. The bytes are made by a callable that
Streamlit runs on the click (``st.download_button(data=callable)``), and the chart's table and
buttons sit in an expander or popover that runs its content only once it is opened
(``on_change="rerun"``), so a warm rerun pays one closed widget per table or chart. A chart
given as a ``Figure`` and a table as a ``Table``, kept by the page with ``ui.memo.per_snapshot``,
are built and converted once per data snapshot and viewer: a rerun only sends them again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

import altair as alt
import pandas as pd
import polars as pl
import streamlit as st

import settings
from data_loaders.export import safe_cell, to_excel_csv

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG_MIME = "image/png"
SVG_MIME = "image/svg+xml"
PNG_SCALE = 2          # pixels per Vega-Lite unit: sharp when pasted into a document or printed
EXPORT_WIDTH = 720     # width of a chart drawn "as wide as the page" once it leaves the page
SHEET_NAME_MAX = 31    # Excel's limit on a sheet name
XLSX_COLUMN_MAX = 60   # widest column, in characters, when sizing columns to their content
RENDER_CACHE_ENTRIES = 64
VERSION_SHEET = "Versione dei dati"

Frame = pl.DataFrame | pd.DataFrame
FrameSource = Frame | Callable[[], Frame]


# ── Pure functions (tested directly) ─────────────────────────────────────────────────────────

def slug(name: str) -> str:
    """'Accessi per mese e tipo' -> 'accessi_per_mese_e_tipo': a file name without accents or spaces."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")[:80] or "dati"


def as_polars(df: Frame | None) -> pl.DataFrame:
    """A polars frame whatever the page built (polars, pandas, or nothing)."""
    if df is None:
        return pl.DataFrame()
    if isinstance(df, pl.DataFrame):
        return df
    frame = pl.from_pandas(df.reset_index(drop=True))
    # pandas has no date type: a column of midnights was a column of dates (gg/mm/aaaa, not 00:00).
    midnight = [c for c, t in frame.schema.items() if isinstance(t, pl.Datetime)
                and frame[c].drop_nulls().dt.time().eq(dt.time(0)).all()]
    return frame.with_columns(pl.col(c).dt.date() for c in midnight) if midnight else frame


def table_csv(df: Frame) -> bytes:
    """The table as CSV bytes for Italian Excel: UTF-8 with BOM, ``;``, decimal comma, formulas neutralised."""
    return to_excel_csv(as_polars(df))


def _xlsx_value(value: object) -> object:
    """A cell value for openpyxl: numbers and dates stay typed, text stays text (never a formula)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, float) and value != value:
        return None
    if value is None or isinstance(value, (bool, int, float, dt.date)):
        return ("sì" if value else "no") if isinstance(value, bool) else value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def table_xlsx(df: Frame, sheet: str = "Dati", note: str | None = None) -> bytes:
    """The table as an .xlsx workbook (one sheet, bold header, first row frozen); ``note`` (the data
    version, «Dati al … · versione …») on a second sheet, so the table stays a plain table.

    Text that looks like a formula (=, +, -, @) is stored as a text cell with Excel's
    "quote prefix", as if typed after an apostrophe: shown as written, never calculated.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    frame = as_polars(df)
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:SHEET_NAME_MAX] or "Dati"
    ws.append([_xlsx_value(str(c)) for c in frame.columns])
    for row in frame.iter_rows():
        ws.append([_xlsx_value(v) for v in row])
    widths = [len(str(c)) for c in frame.columns]
    for cells in ws.iter_rows():
        for i, cell in enumerate(cells):
            if isinstance(cell.value, str):
                if cell.value != safe_cell(cell.value) or cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                widths[i] = max(widths[i], len(cell.value))
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(XLSX_COLUMN_MAX, w + 2)
    if note:
        wb.create_sheet(VERSION_SHEET).append([_xlsx_value(note)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_spec(chart: alt.TopLevelMixin, title: str | None = None, note: str | None = None,
                period: str | None = None, source: str | None = None) -> str:
    """The chart's Vega-Lite JSON ready to leave the page: a fixed width where it stretched with the
    page, a white background, ``title`` as its title (the chart's own short title, and its subtitle,
    go under it) and, under the title, the ``period`` and ``source`` («Periodo … · Fonte …») and
    ``note`` (the data version): a picture pasted into a document still says what, when, whence."""
    import json

    spec = chart.to_dict()
    composed = any(k in spec for k in ("hconcat", "vconcat", "concat", "facet", "repeat"))
    if not composed and "width" not in spec:
        spec["width"] = EXPORT_WIDTH
    spec.setdefault("background", "white")
    head = spec.get("title") or ""
    head = dict(head) if isinstance(head, dict) else {"text": head}
    own, below = head.get("text") or "", head.get("subtitle") or []
    lines = [below] if isinstance(below, str) else list(below)
    if title and own and own not in title:
        lines.insert(0, own)  # «Per ruolo» alone says little once out of its page
    head["text"] = title or own
    where = " · ".join(x for x in (period and f"Periodo: {period}", source and f"Fonte: {source}") if x)
    lines += [x for x in (where, note) if x]
    if lines:
        head["subtitle"] = lines[0] if len(lines) == 1 else lines
    if lines or len(head) > 1:
        spec["title"] = head
    elif head["text"]:
        spec["title"] = head["text"]
    return json.dumps(spec)


def chart_period(data: pl.DataFrame) -> str | None:
    """«2023-2026», «2025-S1 – 2026-S2»: the periods a chart's data cover (its period column), else None."""
    from indicators.periods import sort_key

    column = next((c for c in ("period", "Periodo", "periodo", "anno", "Anno") if c in data.columns), None)
    if column is None or not data.height:
        return None
    labels = sorted({str(p) for p in data[column].drop_nulls().to_list()}, key=lambda p: (sort_key(p), p))
    if not labels:
        return None
    return labels[0] if len(labels) == 1 else f"{labels[0]} – {labels[-1]}"


def chart_source(data: pl.DataFrame) -> str:
    """The files a chart's data come from (the engine's «sources»), else the Ambito's data in general."""
    from data_loaders.registry import DATASETS
    from indicators.config import ambito_label, principal_ambito

    if "sources" in data.columns:
        names = [n for s in data["sources"].drop_nulls().unique(maintain_order=True).to_list() for n in s.split(",")]
        files = [DATASETS[n].filename if n in DATASETS else n for n in dict.fromkeys(names)]
        if files:
            return f"{', '.join(files)} ({ambito_label(principal_ambito())})"
    return f"dati dell'{ambito_label(principal_ambito())}, cruscotto del Piano di Zona"


def chart_png(spec_json: str) -> bytes:
    """PNG bytes of a Vega-Lite spec (rendered in-process by vl-convert, no browser)."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec_json, scale=PNG_SCALE)


def chart_svg(spec_json: str) -> bytes:
    """SVG of a Vega-Lite spec, UTF-8 bytes."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec_json).encode("utf-8")


def chart_data(chart: alt.TopLevelMixin) -> pl.DataFrame:
    """The data a chart plots, when the page gives no table of its own: its (first) dataset."""
    stack = [chart]
    while stack:
        c = stack.pop(0)
        data = getattr(c, "data", alt.Undefined)
        if isinstance(data, pd.DataFrame):
            return as_polars(data)
        if isinstance(data, pl.DataFrame):
            return data
        values = getattr(data, "values", alt.Undefined) if data is not alt.Undefined else alt.Undefined
        if isinstance(values, list):
            return pl.DataFrame(values, infer_schema_length=None) if values else pl.DataFrame()
        for attr in ("layer", "hconcat", "vconcat", "concat"):
            stack.extend(getattr(c, attr, None) or [])
    return pl.DataFrame()


# ── Streamlit pieces ─────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True, eq=False)
class Figure:
    """An altair chart and the Vega-Lite spec Streamlit sends for it (its data as Arrow bytes).

    Shared between reruns and sessions: never mutate ``spec`` (``st.vega_lite_chart`` copies
    the top level before it takes the datasets out)."""
    chart: alt.TopLevelMixin
    spec: dict


# Altair checks a chart against the Vega-Lite schema when it serialises it: more than half of the
# time of a chart-heavy page's first run (area 1 at a region's scale: ~0,5 s, while the browser
# needs the machine to draw). The charts are a few shapes built by this code from fixed templates;
# the test suite sets this variable to "1", so every chart the tests draw is checked.


def figure(chart: alt.TopLevelMixin) -> Figure:
    """``chart`` converted exactly as ``st.altair_chart`` converts it, without altair's schema
    check unless $CRUSCOTTO_VERIFICA_GRAFICI asks for it."""
    # Streamlit's own conversion, so what is sent is what st.altair_chart would send (a test
    # compares the two); altair's to_dict is most of a chart-heavy page's rerun.
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    checked = settings.get().verifica_grafici
    return Figure(chart, _convert_altair_to_vega_lite_spec(chart if checked else _Unchecked(chart)))


class _Unchecked:
    """A chart as Streamlit's conversion uses it (it calls ``to_dict`` alone), serialised unchecked."""

    def __init__(self, chart: alt.TopLevelMixin):
        self._chart = chart

    def to_dict(self, *args, **kwargs) -> dict:
        return self._chart.to_dict(*args, **{**kwargs, "validate": False})


@dataclass(frozen=True, eq=False)
class Table:
    """A table to show: the frame (downloads are made from it) and the same frame converted as
    ``st.dataframe`` converts it, so a rerun sends it without converting again."""
    frame: pl.DataFrame
    arrow: object  # pyarrow.Table


def table(df: Frame) -> Table:
    """``df`` with its Arrow form made now, by the steps ``st.dataframe`` takes for a frame."""
    from streamlit import dataframe_util

    frame = as_polars(df)
    shown = dataframe_util.convert_anything_to_pandas_df(df, ensure_copy=False)
    return Table(frame, dataframe_util.convert_pandas_df_to_arrow_table(shown))


@st.cache_data(max_entries=RENDER_CACHE_ENTRIES, show_spinner=False)
def _rendered(spec_json: str, kind: str) -> bytes:
    # Keyed on the spec itself: the same chart is drawn once however many times it is downloaded.
    return chart_png(spec_json) if kind == "png" else chart_svg(spec_json)


def _key(name: str, key: str | None, part: str) -> str:
    """A widget key per (table or chart, button): ``key`` if the page gives one, else from the name."""
    base = key or hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return f"esporta_{part}_{base}"


def _resolve(data: FrameSource | None) -> pl.DataFrame:
    return as_polars(data() if callable(data) else data)


def _guard(make: Callable[[], bytes], records_for: Iterable[str] | None) -> Callable[[], bytes]:
    if records_for is None:
        return make
    from ui.session import guarded_data

    return guarded_data(records_for, make)


def _data_version() -> str | None:
    """«Dati al … · versione …» of the data the page shows, as the page and the PDF say it
    (ui.data.Snapshot.version_text); None outside a page."""
    try:
        from ui.data import snapshot

        text = snapshot().version_text
    except Exception:  # no snapshot (a test of the buttons alone): nothing to add
        return None
    return text[0].upper() + text[1:]


def table_buttons(data: FrameSource, name: str, *, key: str | None = None,
                  records_for: Iterable[str] | None = None) -> None:
    """The two download buttons of a table (CSV for Excel, .xlsx), side by side; bytes made on click.
    The workbook carries the data version (the CSV stays a bare table for other tools)."""
    note = _data_version()
    stem = slug(name)
    with st.container(horizontal=True):
        st.download_button("CSV (Excel)", _guard(lambda: table_csv(_resolve(data)), records_for),
                           file_name=f"{stem}.csv", mime=CSV_MIME, icon=":material/download:",
                           on_click="ignore", key=_key(name, key, "csv"),
                           help="Separatore «;» e virgola decimale: si apre così com'è in Excel")
        st.download_button("Excel (.xlsx)", _guard(lambda: table_xlsx(_resolve(data), name, note), records_for),
                           file_name=f"{stem}.xlsx", mime=XLSX_MIME, icon=":material/download:",
                           on_click="ignore", key=_key(name, key, "xlsx"))


def chart_buttons(chart: alt.TopLevelMixin, name: str, *, key: str | None = None,
                  period: str | None = None, source: str | None = None) -> None:
    """PNG and SVG download buttons of a chart; the picture is drawn on the click (and cached), with
    its period, source and the data version under its title (period and source read from the
    chart's data unless given)."""
    note = _data_version()
    stem = slug(name)

    def spec() -> str:
        data = chart_data(chart) if period is None or source is None else pl.DataFrame()
        return export_spec(chart, name, note, period if period is not None else chart_period(data),
                           source if source is not None else chart_source(data))

    with st.container(horizontal=True):
        st.download_button("Immagine PNG", lambda: _rendered(spec(), "png"),
                           file_name=f"{stem}.png", mime=PNG_MIME, icon=":material/image:",
                           on_click="ignore", key=_key(name, key, "png"))
        st.download_button("Immagine SVG", lambda: _rendered(spec(), "svg"),
                           file_name=f"{stem}.svg", mime=SVG_MIME, icon=":material/image:",
                           on_click="ignore", key=_key(name, key, "svg"),
                           help="Vettoriale: resta nitida a ogni ingrandimento")


def show_table(df: Frame | Table, name: str, *, key: str | None = None, records_for: Iterable[str] | None = None,
               **dataframe_kwargs) -> None:
    """``st.dataframe`` of ``df`` as shown, with a small «Scarica» menu (CSV for Excel, .xlsx).

    ``df`` must be the frame as this viewer may see it (or a ``Table`` of it, from ``table``).
    ``records_for``: the roles allowed to download it (record-level tables); the role is checked
    again on the click.
    """
    dataframe_kwargs.setdefault("hide_index", True)
    dataframe_kwargs.setdefault("width", "stretch")
    if isinstance(df, Table):
        # Without its pandas index the Arrow form shows the same only with the index hidden.
        if dataframe_kwargs["hide_index"] is not True:
            raise ValueError("a Table is shown with hide_index=True")
        st.dataframe(df.arrow, **dataframe_kwargs)
        df = df.frame
    else:
        st.dataframe(df, **dataframe_kwargs)
    pop = st.popover("Scarica la tabella", icon=":material/download:", type="tertiary",
                     on_change="rerun", key=_key(name, key, "tabella"))
    if pop.open:
        with pop:
            table_buttons(df, name, key=key, records_for=records_for)


def show_chart(chart: alt.TopLevelMixin | Figure, name: str, data: FrameSource | None = None, *,
               key: str | None = None, table: bool = True, period: str | None = None,
               source: str | None = None) -> None:
    """The chart, then «Dati del grafico e download»: its table (``data``, or what the chart plots)
    with CSV/.xlsx, and the picture as PNG/SVG.

    ``chart``: an altair chart, or a ``Figure`` already converted (``figure``).
    ``data`` may be a frame or a function returning one (run only when the reader opens it).
    ``table=False`` when the page already shows the chart's table next to it: then only a small
    «Scarica il grafico» menu. ``period``, ``source``: what the exported picture says under its
    title, when the chart's data do not tell (chart_period, chart_source).
    """
    if isinstance(chart, Figure):
        st.vega_lite_chart(spec=chart.spec, width="stretch")
        chart = chart.chart
    else:
        st.altair_chart(chart, width="stretch")
    shown = data if data is not None else (lambda: chart_data(chart))
    if table:
        box = st.expander(f"Dati del grafico e download: {name}", icon=":material/table_view:",
                          on_change="rerun", key=_key(name, key, "grafico"))
    else:
        box = st.popover("Scarica il grafico", icon=":material/download:", type="tertiary",
                         on_change="rerun", key=_key(name, key, "grafico"))
    if box.open:
        with box:
            if table:
                frame = _resolve(shown)
                # Plotted numbers are raw: shown with the reader's (Italian) separators.
                numbers = {c: st.column_config.NumberColumn(format="localized")
                           for c, t in frame.schema.items() if t.is_numeric()}
                st.dataframe(frame, hide_index=True, width="stretch", column_config=numbers)
            # Own keys: the same name may also title a table of the page shown with show_table.
            inner = "g_" + (key or hashlib.sha1(name.encode("utf-8")).hexdigest()[:12])
            table_buttons(shown, name, key=inner)
            chart_buttons(chart, name, key=inner, period=period, source=source)
