"""Downloads: tables as CSV for Italian Excel and .xlsx, charts as PNG and SVG, and what each viewer gets."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import polars as pl
import pytest

from tests.apptest import open_page
from ui import exports
from ui.charts import finish

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HIDDEN = ("< 5", "riservato")


def sample() -> pl.DataFrame:
    return pl.DataFrame({
        "Comune": ["Cremona", "=HYPERLINK(\"http://x\")", "+39 0372", "-1", "@SUM(A1)", "Città"],
        "Abitanti": [70_637, 1_234, None, 5, 0, 12],
        "Quota": [12.5, 0.1, 1234.75, None, 100.0, 3.0],
        "Dal": [dt.date(2023, 12, 31)] * 6,
    })


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


# ── CSV ──────────────────────────────────────────────────────────────────────────────────────

def test_csv_is_italian_excel_csv_with_formulas_neutralised():
    data = exports.table_csv(sample())
    assert data.startswith("\ufeff".encode("utf-8"))
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Comune;Abitanti;Quota;Dal"
    assert lines[1] == "Cremona;70637;12,5;31/12/2023"
    assert lines[4] == "'-1;5;;31/12/2023"
    rows = csv_rows(data)
    assert [r[0] for r in rows[1:]] == ["Cremona", "'=HYPERLINK(\"http://x\")", "'+39 0372", "'-1", "'@SUM(A1)", "Città"]
    assert rows[3][1:3] == ["", "1234,75"]


def test_csv_of_a_pandas_frame_is_the_same_as_of_polars():
    df = sample()
    assert exports.table_csv(df.to_pandas()) == exports.table_csv(df)


# ── xlsx ─────────────────────────────────────────────────────────────────────────────────────

def test_xlsx_opens_and_holds_the_same_cells_as_the_csv():
    from openpyxl import load_workbook

    df = sample()
    wb = load_workbook(io.BytesIO(exports.table_xlsx(df, "Comuni: 2023/24")))
    ws = wb.active
    assert ws.title == "Comuni  2023 24"
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    assert cells[0] == ["Comune", "Abitanti", "Quota", "Dal"]
    assert cells[1] == ["Cremona", 70_637, 12.5, dt.datetime(2023, 12, 31)]
    assert cells[3][1:3] == [None, 1234.75]
    # Same content as the CSV, cell by cell (the CSV writes numbers with a comma, dates gg/mm/aaaa,
    # and marks formula-looking text with a leading quote that Excel does not show).
    for xrow, crow in zip(cells[1:], csv_rows(exports.table_csv(df))[1:]):
        for x, c in zip(xrow, crow):
            if isinstance(x, dt.datetime):
                assert c == x.strftime("%d/%m/%Y")
            elif isinstance(x, (int, float)):
                assert float(c.replace(",", ".")) == x
            else:
                assert (x or "") == c.removeprefix("'")


def test_xlsx_never_stores_a_formula():
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(exports.table_xlsx(sample()))).active
    formula_like = [ws.cell(row=r, column=1) for r in range(3, 7)]
    assert [c.value for c in formula_like] == ["=HYPERLINK(\"http://x\")", "+39 0372", "-1", "@SUM(A1)"]
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_like)
    assert ws.cell(row=2, column=1).quotePrefix is False
    assert ws.cell(row=2, column=4).number_format == "DD/MM/YYYY"
    assert ws.freeze_panes == "A2"


# What a spreadsheet skips or folds before looking for a formula: each must reach the file as text.
DISGUISED = [" =1+1", "\n=1+1", "\r=1+1", "\uff1dSOMMA(A1)", "\uff0b39 0372", "\uff0d1", "\uff20SUM(A1)"]


def test_disguised_formulas_are_neutralised_in_both_downloads():
    from openpyxl import load_workbook

    frame = pl.DataFrame({"Nota": DISGUISED + ["Cremona"]})
    rows = csv_rows(exports.table_csv(frame))
    assert [r[0] for r in rows[1:]] == ["'" + t for t in DISGUISED] + ["Cremona"]
    ws = load_workbook(io.BytesIO(exports.table_xlsx(frame))).active
    cells = [ws.cell(row=r, column=1) for r in range(2, 2 + len(DISGUISED))]
    # XML reads a stored carriage return back as a line feed: the cell is still text.
    assert [c.value for c in cells] == [t.replace("\r", "\n") for t in DISGUISED]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert ws.cell(row=2 + len(DISGUISED), column=1).quotePrefix is False


def test_xlsx_drops_characters_excel_cannot_hold():
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(exports.table_xlsx(pl.DataFrame({"a": ["ok\x07bell"]})))).active
    assert ws["A2"].value == "okbell"


# ── charts ───────────────────────────────────────────────────────────────────────────────────

def chart() -> alt.TopLevelMixin:
    df = pd.DataFrame({"anno": ["2022", "2023"], "euro": [1234.5, 20000.25]})
    bars = alt.Chart(df).mark_bar().encode(x="anno:N", y=alt.Y("euro:Q", axis=alt.Axis(format=",.1f")))
    return finish(bars + bars.mark_text(dy=-5).encode(text=alt.Text("euro:Q", format=",.2f")))


def test_export_spec_fixes_the_width_and_adds_the_title():
    import json

    spec = json.loads(exports.export_spec(chart(), "Spesa per anno"))
    assert spec["width"] == exports.EXPORT_WIDTH and spec["title"] == "Spesa per anno"
    assert spec["background"] == "white"
    # A chart's own short title goes under the export's name: «Per ruolo» alone says little out of its page.
    titled = json.loads(exports.export_spec(chart().properties(title="Già", width=300), "Altro"))
    assert titled["title"] == {"text": "Altro", "subtitle": "Già"} and titled["width"] == 300


def test_chart_png_and_svg():
    spec = exports.export_spec(chart(), "Spesa per anno")
    png = exports.chart_png(spec)
    assert png.startswith(PNG_SIGNATURE)
    svg = exports.chart_svg(spec)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = [t.text for t in root.iter() if t.tag.endswith("text") and t.text]
    # The Italian locale travels with the chart: 20.000,25 with a thousands dot and a decimal comma.
    assert "20.000,25" in texts and "1.234,50" in texts
    assert "Spesa per anno" in texts


def test_chart_data_is_what_the_chart_plots():
    assert exports.chart_data(chart()).to_dicts() == [{"anno": "2022", "euro": 1234.5}, {"anno": "2023", "euro": 20000.25}]
    values = alt.Chart(alt.Data(values=[{"figura": "Educatore", "ore": 120}])).mark_bar().encode(x="ore:Q")
    assert exports.chart_data(values).to_dicts() == [{"figura": "Educatore", "ore": 120}]


def test_slug():
    assert exports.slug("Comuni dell'Ambito 2026") == "comuni_dell_ambito_2026"
    assert exports.slug("Attività / équipe") == "attivita_equipe"
    assert exports.slug("€") == "dati"


# ── pages: what each viewer can download ─────────────────────────────────────────────────────

# (the ``downloads`` fixture is in tests/conftest.py)


def open_with(page: str, role: str | None, opened: list[str]):
    """The page with the download menus of the named tables or charts opened."""
    at = open_page(page, role=role)
    for key in opened:
        at.session_state[key] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def fetch(data) -> bytes:
    return data() if callable(data) else data


def comuni_table(role: str | None, downloads: dict) -> tuple[pl.DataFrame, list[list[str]], object]:
    at = open_page("pages/territorio.py", role=role)
    year = at.selectbox(key="territorio_anno").value
    name = f"Comuni dell'Ambito {year}"
    at = open_with("pages/territorio.py", role, [exports._key(name, None, "tabella")])
    shown = next(df.value for df in at.dataframe if "Famiglie PIPPI segnalate" in df.value.columns)
    return shown, csv_rows(fetch(downloads[exports.slug(name) + ".csv"])), downloads[exports.slug(name) + ".xlsx"]


def test_public_download_is_the_table_on_screen_and_holds_no_hidden_count(downloads):
    shown, public, xlsx = comuni_table(None, downloads)
    header, body = public[0], public[1:]
    # Exactly the screen: same columns, same cells.
    assert header == list(shown.columns)
    assert body == [["" if v is None else str(v) for v in row] for row in shown.astype(object).values.tolist()]
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(fetch(xlsx))).active
    assert [[c.value or "" for c in row] for row in ws.iter_rows(min_row=2)] == body

    downloads.clear()
    _, full, _ = comuni_table("coordinatore", downloads)
    counts = [header.index(c) for c in ("Accessi HUG", "Famiglie HUG", "Famiglie PIPPI segnalate")]
    hidden = [(r, c) for r, row in enumerate(body) for c in counts if row[c] in HIDDEN]
    assert hidden, "the sample data have small cells: the public must see some hidden"
    for r, c in hidden:
        assert body[r][0] == full[r + 1][0]  # same comune on the same row
        assert full[r + 1][c] not in HIDDEN and full[r + 1][c] != body[r][c]
    # Nor does it come back as a rate: where the accesses are hidden, so is the rate over them.
    accessi, rate = header.index("Accessi HUG"), header.index("Accessi HUG per 1.000 ab.")
    assert all(body[r][rate] == "" for r, c in hidden if c == accessi)


def test_chart_downloads_on_a_page_give_png_svg_and_the_chart_table(downloads):
    at = open_page("pages/territorio.py")
    year = at.selectbox(key="territorio_anno").value
    name = f"Comuni per classe di ampiezza {year}"
    at = open_with("pages/territorio.py", None, [exports._key(name, None, "grafico")])
    stem = exports.slug(name)
    assert fetch(downloads[stem + ".png"]).startswith(PNG_SIGNATURE)
    assert ET.fromstring(fetch(downloads[stem + ".svg"])).tag.endswith("svg")
    rows = csv_rows(fetch(downloads[stem + ".csv"]))
    assert rows[0] == ["Classe", "Comuni"]
    assert sum(int(r[1]) for r in rows[1:]) == 48  # the Ambito's 48 comuni, one class each
    expander = next(e for e in at.expander if e.label.startswith("Dati del grafico e download: Comuni per classe"))
    assert expander.dataframe[0].value["Comuni"].sum() == 48


def test_record_level_download_only_for_coordinators_and_rechecked_on_click(downloads):
    from access.accounts import load_users, save_users
    from dataclasses import replace

    name = "PIPPI Cremonese schede delle famiglie"
    key = exports._key(name, None, "tabella")
    open_with("pages/pippi.py", None, [key])
    assert exports.slug(name) + ".csv" not in downloads, "the public gets no record-level download"

    open_with("pages/pippi.py", "coordinatore", [key])
    make = downloads[exports.slug(name) + ".csv"]
    rows = csv_rows(make())
    assert "codice_famiglia" in rows[0] and len(rows) > 1
    users = load_users()
    users["prova-coordinatore"] = replace(users["prova-coordinatore"], role="assemblea")
    save_users(users)
    with pytest.raises(PermissionError):
        make()


# ── made once, sent as Streamlit would send it ───────────────────────────────────────────────

def _sent(script) -> list:
    """The protos of every chart and dataframe a tiny script sends, in order."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    return [e.proto for e in at.get("vega_lite_chart")] + [e.proto for e in at.dataframe]


def test_a_converted_figure_and_table_are_sent_exactly_as_streamlit_sends_them():
    def direct():
        import altair as alt
        import polars as pl
        import streamlit as st

        from ui.charts import finish

        data = pl.DataFrame({"anno": ["2022", "2023"], "euro": [1234.5, 20000.25], "nota": ["è", None]})
        st.altair_chart(finish(alt.Chart(data).mark_bar().encode(x="anno:N", y="euro:Q")), width="stretch")
        st.dataframe(data, hide_index=True, width="stretch")

    def converted():
        import altair as alt
        import polars as pl

        from ui import exports
        from ui.charts import finish

        data = pl.DataFrame({"anno": ["2022", "2023"], "euro": [1234.5, 20000.25], "nota": ["è", None]})
        fig = exports.figure(finish(alt.Chart(data).mark_bar().encode(x="anno:N", y="euro:Q")))
        exports.show_chart(fig, "Spesa", table=False)
        exports.show_table(exports.table(data), "Spesa tabella")
        # Sent twice from the same objects: nothing is consumed by the first.
        exports.show_chart(fig, "Spesa", table=False, key="bis")
        exports.show_table(exports.table(data), "Spesa tabella", key="bis")

    want, got = _sent(direct), _sent(converted)
    assert len(want) == 2 and len(got) == 4
    chart, frame = want
    assert [chart, chart, frame, frame] == got
    assert chart.datasets and frame.arrow_data.data


def test_charts_are_checked_against_the_schema_when_asked_and_sent_the_same_either_way(monkeypatch):
    import altair as alt
    import polars as pl
    from altair.utils.schemapi import SchemaValidationError

    from ui import exports
    from ui.charts import finish

    data = pl.DataFrame({"anno": ["2022", "2023"], "euro": [1234.5, 20000.25]})
    good = finish(alt.Chart(data).mark_bar().encode(x="anno:N", y="euro:Q"))
    wrong = alt.Chart(data).mark_bar(opacity="molta").encode(x="anno:N", y="euro:Q")
    monkeypatch.setenv("CRUSCOTTO_VERIFICA_GRAFICI", "1")
    checked = exports.figure(good).spec
    with pytest.raises(SchemaValidationError):
        exports.figure(wrong)
    monkeypatch.delenv("CRUSCOTTO_VERIFICA_GRAFICI")
    # Unchecked (the server): the same spec, dataset names included; a wrong chart goes through.
    assert exports.figure(good).spec == checked
    assert exports.figure(wrong).spec["mark"]["opacity"] == "molta"


def test_a_converted_table_is_shown_only_without_its_index():
    from streamlit.testing.v1 import AppTest

    def script():
        import polars as pl

        from ui import exports

        exports.show_table(exports.table(pl.DataFrame({"a": [1]})), "A", hide_index=False)

    at = AppTest.from_function(script, default_timeout=60).run()
    assert at.exception and "hide_index=True" in at.exception[0].message
