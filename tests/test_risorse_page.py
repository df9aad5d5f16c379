"""The Risorse page through AppTest: the plan's figures and the data-quality note are visible."""

from __future__ import annotations

from tests.apptest import open_page, texts


def test_risorse_page_shows_spending_funds_and_the_2016_discrepancy():
    at = open_page("pages/risorse.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Spesa sociale dei comuni 2019"] == "€ 29.580.029"
    assert metrics["Variazione 2016-2019"] == "34,6%"
    assert metrics["Quota in gestione associata 2019"] == "24,8%"
    assert metrics["Spesa per abitante 2019"] == "€ 189,48"
    shown = texts(at)
    note = next(w.value for w in at.warning if "qualità dei dati" in w.value)
    assert "**2016**: la fonte dichiara un totale di € 22.164.040" in note
    assert "somma delle aree fa € 21.984.040: differenza -180.000 euro" in note
    assert "5.421.511" in note
    assert "€ 850.000,00" in shown  # FNPS 2021
    assert "€ 1.110.383,65" in shown  # FSR 2021
    assert "non sono ancora stati caricati gli importi" in shown
    assert len(at.get("vega_lite_chart")) == 4
