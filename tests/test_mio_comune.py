"""«Il mio comune» (issue 15 §4): a comune beside the Ambito, per 1.000 abitanti, its rank among the 48,
with the public's small-cell protection. Expectations computed by hand from sample_data/*.csv."""

from __future__ import annotations

import polars as pl
import pyarrow as pa
import pytest

from indicators import comune as cm
from tests.apptest import open_page, texts

PAGE = "pages/mio_comune.py"
KEY = "mio_comune_scelta"


def choose(role: str | None, comune: str):
    at = open_page(PAGE, role=role)
    at.selectbox(key=KEY).select(comune).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def chart_values(at, word: str) -> dict[str, float]:
    """What the chart whose axis title holds ``word`` plots: Territorio -> Valore."""
    for chart in at.get("vega_lite_chart"):
        if word in chart.proto.spec:
            rows = [pa.ipc.open_stream(ds.data.data).read_all().to_pylist() for ds in chart.proto.datasets]
            return {r["Territorio"]: round(r["Valore"], 2) for part in rows for r in part}
    raise AssertionError(f"nessun grafico «{word}»")


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# Bonemerse, comuni.csv 2025: "2025;019006;Bonemerse;...;1310;165;318" -> 1.310 abitanti,
# indice di vecchiaia 318 / 165 × 100 = 192,7. hug_accessi.csv: 6 rows dated .../2025 with
# codice_istat_comune 019006 -> 6 / 1.310 × 1.000 = 4,58 -> «4,6». The 48 comuni's 2025 accesses
# with a comune add up to 1.271 over 153.632 residents -> 8,27 -> «8,3». Ranked by accesses per
# 1.000 (Castelvisconti 14/295 = 47,5 first ... Pizzighettone 10/6.397 = 1,6 last) Bonemerse is 40th:
# below it only Sospiro 4,45, Casalbuttano 3,56, Sesto 3,33, Trigolo 3,32, Castelverde 3,08,
# Vescovato 2,29, Soresina 2,08, Pizzighettone 1,56 (8 comuni). Every comune has 5 or more, so the
# public sees the same figure.
@pytest.mark.parametrize("role", [None, "assemblea", "coordinatore"])
def test_bonemerse_hug_accesses_per_1000_and_rank_for_every_role(role):
    at = choose(role, "Bonemerse")
    m = metrics(at)
    assert m["Abitanti · al 1° gennaio 2025"] == "1.310"
    assert m["Indice di vecchiaia · al 1° gennaio 2025"] == "192,7"
    assert m["Accessi al Centro per le Famiglie per 1.000 abitanti · 2025"] == "4,6"
    shown = texts(at)
    assert "hanno fatto 6 accessi al Centro per le Famiglie HUG" in shown
    assert "4,6 ogni 1.000 abitanti, contro 8,3 nell'Ambito" in shown
    assert "È 40° su 48 tra i comuni dell'Ambito" in shown
    assert "Ambito: 8,3 · comune mediano: 9,1 · posizione: 40° su 48" in shown


def test_the_chart_compares_the_comune_with_the_ambito_and_the_median():
    at = choose("assemblea", "Bonemerse")
    got = chart_values(at, "Accessi")
    # The median of the 48 rates: the 24th and 25th (Pescarolo 9,16 and San Daniele Po 9,08) -> 9,12.
    assert got == {"Bonemerse": 4.58, "Ambito Cremonese": 8.27, "Comune mediano": 9.12}


# Sospiro (019099), pippi_famiglie.csv: CR-23009 included 07/11/2023, CR-25002 16/11/2025,
# CR-26003 23/03/2026, all before the project's end (30/06/2026): 3 families. 3 / 3.149 residents
# (2025) × 1.000 = 0,95. For the public 3 is a small count: «< 5», and neither the rate nor a rank.
def test_a_small_count_is_hidden_for_the_public_with_its_rate_and_rank():
    label = "Famiglie PIPPI per 1.000 abitanti · dal 2023 al 30/06/2026"
    coord = choose("coordinatore", "Sospiro")
    assert metrics(coord)[label] == "0,95"
    assert "famiglie di Sospiro accompagnate dal programma PIPPI (sostegno alle famiglie con bambini): 3 famiglie" \
        in texts(coord)
    for role in (None, "assemblea"):
        at = choose(role, "Sospiro")
        assert metrics(at)[label] == "< 5"
        shown = texts(at)
        assert "0,95" not in shown and "3 famiglie" not in shown
        assert "posizione: non mostrata (dato riservato)" in shown
        # No bar for the comune, and no median (no comune's figure is shown).
        assert set(chart_values(at, "PIPPI")) == {"Ambito Cremonese"}


def test_before_a_choice_the_page_asks_for_a_comune_among_48():
    at = open_page(PAGE)
    assert "Scegli un comune dall'elenco: i 48 comuni dell'Ambito" in texts(at)
    assert len(at.selectbox(key=KEY).options) == 48


def _rows(values, kinds=None) -> pl.DataFrame:
    n = len(values)
    return pl.DataFrame({"comune": [f"C{i}" for i in range(n)], "popolazione": [1000] * n,
                         "value": values, "suppression": kinds or [None] * n},
                        schema={"comune": pl.Utf8, "popolazione": pl.Int64, "value": pl.Float64,
                                "suppression": pl.Utf8})


def test_rank_and_rate_use_shown_values_only():
    # C1 is hidden (3 families): no rate, no rank; the others are ranked among themselves (3 shown).
    b = cm.breakdown(_rows([10.0, None, 7.0, 7.0], [None, "primaria", None, None]), per_inhabitant=True)
    assert b["per_1000"].to_list() == [10.0, None, 7.0, 7.0]
    assert b["rank"].to_list() == [1, None, 2, 2]
    assert b["ranked"].to_list() == [3] * 4
    assert cm.median(b, True) == 7.0


def test_a_comune_missing_from_a_breakdown_with_hidden_cells_is_not_given_as_zero():
    pops = pl.DataFrame({"comune": ["A", "B"], "popolazione": [100, 200]})
    table = pl.DataFrame({"id": ["x"], "period": ["2025"], "territory": ["Ambito Z / A"], "value": [None],
                          "suppression": ["primaria"]}, schema_overrides={"value": pl.Float64})
    rows = cm.engine_rows(table, "x", "2025", "Ambito Z", pops, counts=True)
    assert rows.filter(pl.col("comune") == "B").row(0) == ("B", 200, None, "omessa")
    # The coordinator's table hides nothing: the comune without a row had none.
    shown = table.with_columns(pl.lit(2.0).alias("value"), pl.lit(None, pl.Utf8).alias("suppression"))
    rows = cm.engine_rows(shown, "x", "2025", "Ambito Z", pops, counts=True)
    assert rows["value"].to_list() == [2.0, 0.0]


def test_population_year_is_the_periods_last_loaded_year():
    import datetime as dt
    assert cm.population_year([2021, 2022, 2025], "2023-2026", dt.date(2026, 6, 30)) == 2025
    assert cm.population_year([2021, 2022, 2025], "2022") == 2022
    assert cm.population_year([2024], "2021") == 2024


def _keep_three_bonemerse_accesses_in_2025(folder) -> None:
    """hug_accessi.csv with only 3 of Bonemerse's (019006) six 2025 accesses: a small count."""
    path = folder / "hug_accessi.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    dropped, out = 0, []
    for line in lines:
        if line.rstrip().endswith(";019006") and line[6:10] == "2025" and dropped < 3:
            dropped += 1
            continue
        out.append(line)
    assert dropped == 3
    path.write_text("".join(out), encoding="utf-8")


def test_a_small_hug_count_hides_its_rate_and_rank_and_others_rank_among_shown(monkeypatch, data_copy):
    _keep_three_bonemerse_accesses_in_2025(data_copy)
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    label = "Accessi al Centro per le Famiglie per 1.000 abitanti · 2025"
    # The coordinator: 3 / 1.310 × 1.000 = 2,290 -> «2,3»: 45th, below Castelverde 3,08 and just above
    # Vescovato 9 / 3.936 = 2,287.
    coord = choose("coordinatore", "Bonemerse")
    assert metrics(coord)[label] == "2,3" and "È 45° su 48" in texts(coord)
    for role in (None, "assemblea"):
        at = choose(role, "Bonemerse")
        assert metrics(at)[label] == "< 5"
        shown = texts(at)
        assert "2,3" not in shown and "3 accessi" not in shown and "45°" not in shown
        # (1.271 − 3) / 153.632 × 1.000 = 8,25. The 3 could be worked out from the column's total, so a
        # second count is hidden too: the smallest, Trigolo's 5 («riservato»). The median of the 46
        # rates left: the 23rd and 24th, Casalmorano 9,61 and Pescarolo 9,16 -> 9,38.
        assert "Ambito: 8,3 · comune mediano: 9,4 · posizione: non mostrata (dato riservato)" in shown
        assert "Bonemerse" not in chart_values(at, "Accessi")
    trigolo = choose(None, "Trigolo")
    assert metrics(trigolo)[label] == "riservato"
    assert "3,3" not in texts(trigolo) and "Trigolo" not in chart_values(trigolo, "Accessi")
    # Sospiro (4,45) moves up past the hidden Bonemerse: 40th among the 46 shown.
    sospiro = choose(None, "Sospiro")
    assert "È 40° su 46 comuni con il dato mostrato (48 in tutto)" in texts(sospiro)


@pytest.mark.parametrize("missing", [("comuni.csv",), ("hug_accessi.csv", "pippi_famiglie.csv")])
def test_missing_files_are_named_and_break_nothing(monkeypatch, data_copy, missing):
    for name in missing:
        (data_copy / name).unlink()
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page(PAGE)
    shown = texts(at)
    assert "Mancano o sono vuoti i file: " in shown and all(name in shown for name in missing)
    if "comuni.csv" not in missing:
        at.selectbox(key=KEY).select("Bonemerse").run()
        assert not at.exception, [e.message for e in at.exception]
        assert metrics(at) == {"Abitanti · al 1° gennaio 2025": "1.310", "Indice di vecchiaia · al 1° gennaio 2025": "192,7"}
