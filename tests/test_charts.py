"""Issue 15 §8: charts read without colour (a status symbol on each bar and in the legend), counts on
whole-number axes, legends never cut, role labels that do not overlap, and exported pictures that say
what, when, whence and which data."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import polars as pl
import pytest

from indicators.status import STATUS_ICONS
from tests.apptest import open_page


def specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def title_of(spec: dict) -> str:
    t = spec.get("title") or ""
    return t.get("text", "") if isinstance(t, dict) else t


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def mark(layer: dict) -> str:
    m = layer.get("mark")
    return m.get("type") if isinstance(m, dict) else m


def status_symbols_layer(spec: dict) -> dict:
    """The text layer that writes each bar's status symbol (ui.charts.status_marks)."""
    (layer,) = [x for x in layers(spec) if mark(x) == "text" and x["encoding"].get("text", {}).get("field") == "simbolo"]
    return layer


def is_count_axis(channel: dict) -> bool:
    axis = channel.get("axis") or {}
    return axis.get("tickMinStep") == 1 and axis.get("format") == ",d"


@pytest.fixture(scope="module")
def pippi_specs():
    return specs(open_page("pages/pippi.py"))


def by_title(all_specs: list[dict], title: str) -> dict:
    (spec,) = [s for s in all_specs if title_of(s) == title]
    return spec


def test_pippi_status_is_a_symbol_on_each_bar_and_in_the_legend(pippi_specs):
    for title in ("Famiglie incluse nell'anno e target del modulo", "Per équipe, dall'avvio"):
        spec = by_title(pippi_specs, title)
        text = status_symbols_layer(spec)
        (calc,) = text["transform"]
        # The symbol is computed from the status word: ✔ for «in linea», ✖ for «fuori target».
        assert calc["as"] == "simbolo" and "'in linea' ? '✔'" in calc["calculate"] and "'fuori target' ? '✖'" in calc["calculate"]
        bars = next(x for x in layers(spec) if mark(x) == "bar")
        legend = bars["encoding"]["color"]["legend"]
        assert "'in linea' ? '✔ in linea'" in legend["labelExpr"]
    yearly = by_title(pippi_specs, "Famiglie incluse nell'anno e target del modulo")
    # The legend lists the statuses the bars have, not all seven. The sample: 10, 8, 11, 9 families
    # against 10 a year: in line, off, in line, off.
    assert set(next(x for x in layers(yearly) if mark(x) == "bar")["encoding"]["color"]["legend"]["values"]) == {
        "in linea", "fuori target"}


def test_pippi_counts_have_whole_ticks_legends_are_not_cut_and_roles_get_their_row(pippi_specs):
    yearly = by_title(pippi_specs, "Famiglie incluse nell'anno e target del modulo")
    assert is_count_axis(next(x for x in layers(yearly) if mark(x) == "bar")["encoding"]["y"])
    assert yearly["config"]["legend"]["labelLimit"] == 0  # 0: no limit («non mostrato (dato riservato)» whole)
    over_time = by_title(pippi_specs, "Nel tempo (tratteggio: minimo 10)")
    assert is_count_axis(next(x for x in layers(over_time) if mark(x) == "line")["encoding"]["y"])
    per_role = by_title(pippi_specs, "Per ruolo")
    assert is_count_axis(per_role["encoding"]["x"])
    # One fixed row per role: 6 roles drawn in a fixed 156 px («fit») overlapped their labels.
    assert per_role["height"] == {"step": 26}
    assert per_role["encoding"]["y"]["axis"]["labelLimit"] >= 200  # «referente territoriale» whole
    # A y title longer than the plot pushed the chart's own title out of its box in the browser.
    assert next(x for x in layers(over_time) if mark(x) == "line")["encoding"]["y"]["title"] == "Formati (cumulato)"
    # The rate is a percentage: not a count axis.
    rate = by_title(pippi_specs, "Per anno di segnalazione")
    assert not is_count_axis(next(x for x in layers(rate) if mark(x) == "bar")["encoding"]["y"])


def test_piano_di_zona_breakdown_writes_the_status_beside_each_bar():
    at = open_page("pages/piano_di_zona.py")
    horizontal = [s for s in specs(at) if any(mark(x) == "tick" for x in layers(s))
                  and any(x.get("encoding", {}).get("y", {}).get("field") == "territorio" for x in layers(s))]
    assert horizontal, "no breakdown chart on area 1"
    for spec in horizontal:
        text = status_symbols_layer(spec)
        assert text["mark"]["align"] == "left" and text["mark"]["dx"] == 4
    # 1.1.out.4 (beneficiaries, a count): its trend counts in whole persons.
    trends = [s for s in specs(at) if s.get("layer") and any(x.get("encoding", {}).get("x", {}).get("field") == "period"
                                                             for x in s["layer"])]
    counts = [s for s in trends if is_count_axis(next(x for x in s["layer"] if mark(x) == "bar")["encoding"]["y"])]
    assert counts and len(counts) < len(trends)  # the percentages keep their decimals


def test_the_export_of_a_page_chart_carries_title_period_source_and_data_version(monkeypatch):
    from ui import exports

    drawn: list[str] = []
    monkeypatch.setattr(exports, "_rendered", lambda spec_json, kind: drawn.append(spec_json) or b"")
    name = "PIPPI Cremonese famiglie per anno"
    at = open_page("pages/pippi.py")
    at.session_state[exports._key(name, None, "grafico")] = True
    at.run()
    assert not at.exception
    version = next(c.value for c in at.caption if c.value.startswith("Dati al ")).split(" · caricati il ")[0]
    seen: dict[str, object] = {}
    real = exports.st.download_button

    def record(label, data, file_name=None, *args, **kwargs):
        seen[file_name] = data
        return real(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(exports.st, "download_button", record)
    at.run()
    seen[exports.slug(name) + ".svg"]()
    title = json.loads(drawn[-1])["title"]
    assert title == {"text": name, "subtitle": [
        "Famiglie incluse nell'anno e target del modulo",
        "Periodo: 2023 – 2026 · Fonte: pippi_famiglie.csv, pippi_moduli.csv (Ambito Cremonese)",
        version]}


def test_an_exported_svg_writes_every_line_of_its_title():
    from ui import exports
    from ui.charts import finish

    chart = finish(alt.Chart(pd.DataFrame({"period": ["2021", "2023"], "value": [3, 5]})).mark_bar().encode(
        x="period:N", y="value:Q").properties(title="Per anno"))
    spec = exports.export_spec(chart, "Famiglie per anno", "Dati al 30/10/2026 · versione abc",
                               exports.chart_period(exports.chart_data(chart)), "famiglie.csv")
    # Vega writes a multi-line subtitle as one <text> of <tspan> lines.
    texts = [t.text for t in ET.fromstring(exports.chart_svg(spec)).iter() if t.tag.endswith(("text", "tspan")) and t.text]
    for line in ("Famiglie per anno", "Per anno", "Periodo: 2021 – 2023 · Fonte: famiglie.csv",
                 "Dati al 30/10/2026 · versione abc"):
        assert line in texts, (line, texts)


def test_chart_period_and_source_read_the_data():
    from ui.exports import chart_period, chart_source

    assert chart_period(pl.DataFrame({"period": ["2025-S2", "2024-S2", "2025-S1"]})) == "2024-S2 – 2025-S2"
    assert chart_period(pl.DataFrame({"anno": [2019]})) == "2019"
    assert chart_period(pl.DataFrame({"x": [1]})) is None
    assert chart_source(pl.DataFrame({"sources": ["hug_accessi,hug_orari", "hug_accessi"]})) == \
        "hug_accessi.csv, hug_orari.csv (Ambito Cremonese)"
    assert re.fullmatch(r"dati dell'Ambito Cremonese, cruscotto del Piano di Zona", chart_source(pl.DataFrame()))


def test_every_status_has_a_symbol():
    from ui.charts import STATUS_SYMBOL, WITHHELD_LABEL, _SYMBOLS

    assert set(_SYMBOLS.values()) <= set(STATUS_ICONS.values()) and WITHHELD_LABEL in _SYMBOLS
    assert len(set(list(_SYMBOLS.values())[:3])) == 3  # in linea, a rischio, fuori target told apart
    assert STATUS_SYMBOL.count("?") == len(_SYMBOLS)


def test_pippi_timetable_marks_each_quarter_done_or_not_with_a_symbol(pippi_specs):
    (gantt,) = [s for s in pippi_specs if any(x.get("encoding", {}).get("x2", {}).get("field") == "fine"
                                               for x in layers(s) if mark(x) == "bar")]
    (text,) = [x for x in layers(gantt) if mark(x) == "text" and x["encoding"].get("text", {}).get("field") == "simbolo"]
    expr = text["transform"][0]["calculate"]
    assert "'svolta' ? '✔'" in expr and "'non svolta' ? '✖'" in expr and "'non rendicontata' ? '?'" in expr
