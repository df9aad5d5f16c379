"""The Centro per le Famiglie page through AppTest: figures a coordinator and the public can see."""

from __future__ import annotations

import polars as pl

from data_loaders import load_all
from indicators.defs.hug import semestral_summary
from tests.apptest import open_page, texts


def test_hug_page_shows_accesses_budget_meetings_and_the_ats_report():
    at = open_page("pages/centro_famiglie.py", role="coordinatore")
    metrics = {m.label: m.value for m in at.metric}
    frames = {n: r.frame for n, r in load_all().items()}
    s = semestral_summary(frames).filter(pl.col("punto") == "Totale HUG").sort("semestre")
    latest = s.row(-1, named=True)
    # On 23/11/2026 the latest semester is still running, and the label says so.
    assert metrics[f"Accessi {latest['semestre']} (in corso)"] == f"{latest['accessi']:,}".replace(",", ".")
    assert metrics[f"Famiglie {latest['semestre']} (in corso)"] == str(latest["famiglie"])
    b = frames["hug_budget"]
    spent = b["speso_eur"].sum() / b["previsto_eur"].sum() * 100
    assert metrics["Budget speso sul previsto"] == f"{spent:.1f}%".replace(".", ",")
    shown = texts(at)
    assert "(protocollo: finanziamento € 70.000, cofinanziamento € 30.000)" in shown
    assert "cofinanziamento € 30.000 · finanziamento € 70.000" in shown or \
           "finanziamento € 70.000 · cofinanziamento € 30.000" in shown
    assert "«a cadenza almeno bimensile»" in shown
    report = next(df.value for df in at.dataframe if "Accessi per ora" in df.value.columns)
    total = report[report["Punto"] == "Totale HUG"].iloc[0]
    assert total["Semestre"] == latest["semestre"] and total["Accessi"] == f"{latest['accessi']:,}".replace(",", ".")
    assert at.get("download_button")
    assert len(at.get("vega_lite_chart")) == 5


def test_hug_page_public_sees_no_small_counts():
    at = open_page("pages/centro_famiglie.py")
    report = next(df.value for df in at.dataframe if "Accessi per ora" in df.value.columns)
    for col in ("Accessi", "Famiglie", "Consulenza", "Gruppi padri (primi 1000 giorni)"):
        for v in report[col]:
            assert v in ("< 5", "riservato") or int(v.replace(".", "")) == 0 or int(v.replace(".", "")) >= 5
