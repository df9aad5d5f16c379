"""The Territorio page through AppTest: population, classes, ageing, the map and the per-comune table."""

from __future__ import annotations

import json

from tests.apptest import open_page, texts


def test_territorio_page_shows_the_plans_2021_figures_and_the_29_note():
    at = open_page("pages/territorio.py")
    at.selectbox(key="territorio_anno").select(2021).run()
    assert not at.exception, [e.message for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Popolazione 2021"] == "156.113" and metrics["Comuni"] == "48"
    shown = texts(at)
    assert "«gli altri 29» sono sotto: gli altri sarebbero 39 (48 − 9), non 29." in shown
    plan = next(df.value for df in at.dataframe if "Indice 2020" in df.value.columns)
    cremonese = plan[plan["Territorio"] == "Cremonese"].iloc[0]
    assert (cremonese["Indice 2020"], cremonese["Tasso 2020"]) == (207, "25,8%")
    comuni = next(df.value for df in at.dataframe if "Codice ISTAT" in df.value.columns)
    assert len(comuni) == 48 and comuni.iloc[0]["Comune"] == "Cremona" and comuni.iloc[0]["Codice ISTAT"] == "019036"
    # The public never sees a count of 1 to 4 families by comune.
    for col in ("Accessi HUG", "Famiglie HUG", "Famiglie PIPPI segnalate"):
        assert all(v in ("< 5", "riservato", "0") or int(v.replace(".", "")) >= 5 for v in comuni[col])


def test_territorio_map_draws_the_province_and_colours_the_ambitos_48():
    at = open_page("pages/territorio.py", role="coordinatore")
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    layers = spec["layer"]
    assert len(layers[0]["data"]["values"]) == 113 and len(layers[1]["data"]["values"]) == 48
    cremona = next(f for f in layers[1]["data"]["values"] if f["properties"]["codice_istat"] == "019036")
    assert cremona["properties"]["valore"] == 70_068  # 2025, the latest year of the sample
    assert "CC BY 4.0" in texts(at)
