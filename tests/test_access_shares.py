"""Percentages of a whole and breakdown rows in the public view: no small count by complement,
by the base beside them, by the sub-units' parts, or by a row that is there in some years only."""

from __future__ import annotations

import json

import polars as pl

from access.cells import PRIMARY
from access.views import table_for
from tests.test_access_suppression import engine_rows

FAMILIES_2025 = {"id": "pippi.famiglie_anno", "period": "2025", "territory": "Ambito Cremonese", "value": 11.0}


def share(id_, period, territory, num, den, **extra) -> dict:
    return {"id": id_, "period": period, "territory": territory, "value": round(100 * num / den, 4),
            "numerator": float(num), "denominator": float(den), "rows": int(den), "unit": "percentuale",
            **extra}


def public_by_key(rows, sensitive) -> dict:
    public = table_for(engine_rows(rows), "pubblico", sensitive)
    return {(r["id"], r["period"], r["territory"]): r for r in public.iter_rows(named=True)}


def test_relief_of_7_of_11_families_beside_the_public_11_is_withheld():
    # pippi.esito_sollievo 2025 in the sample: 63,64 % of the 11 families shown on the same page
    # gives 7 with relief and 4 without. The 4 is a small count: the percentage is withheld.
    rows = [FAMILIES_2025, share("pippi.esito_sollievo", "2025", "Ambito Cremonese", 7, 11)]
    got = public_by_key(rows, {"pippi.famiglie_anno", "pippi.esito_sollievo"})
    relief = got[("pippi.esito_sollievo", "2025", "Ambito Cremonese")]
    assert (relief["value"], relief["suppression"], relief["status"]) == (None, PRIMARY, "withheld")
    assert got[("pippi.famiglie_anno", "2025", "Ambito Cremonese")]["value"] == 11.0


def test_a_percentage_on_a_base_nobody_publishes_is_withheld_by_its_complement():
    # 84,62 % can only be 11 of 13 on a small base: 2 families not assessed.
    rows = [share("pippi.tasso_valutazioni", "2023", "Ambito Cremonese", 11, 13),
            share("pippi.tasso_valutazioni", "2024", "Ambito Cremonese", 30, 40)]
    got = public_by_key(rows, {"pippi.tasso_valutazioni"})
    assert got[("pippi.tasso_valutazioni", "2023", "Ambito Cremonese")]["value"] is None
    assert got[("pippi.tasso_valutazioni", "2024", "Ambito Cremonese")]["value"] == 75.0


def test_an_equipes_percentage_is_not_recovered_from_the_ambito_and_the_other_equipe():
    # Ambito 40/50 = EM1 27/30 + EM2 13/20. EM1 leaves 3 families out: hidden. Shown, 80 % and
    # 65 % with their bases (50 = the Ambito's families, 20 = EM2's) give 10 - 7 = 3 back.
    rows = [share("pippi.tasso_valutazioni", "2024", "Ambito Cremonese", 40, 50),
            share("pippi.tasso_valutazioni_equipe", "2024", "Ambito Cremonese / EM1", 27, 30),
            share("pippi.tasso_valutazioni_equipe", "2024", "Ambito Cremonese / EM2", 13, 20)]
    got = public_by_key(rows, {"pippi.tasso_valutazioni", "pippi.tasso_valutazioni_equipe"})
    em1 = got[("pippi.tasso_valutazioni_equipe", "2024", "Ambito Cremonese / EM1")]
    em2 = got[("pippi.tasso_valutazioni_equipe", "2024", "Ambito Cremonese / EM2")]
    ambito = got[("pippi.tasso_valutazioni", "2024", "Ambito Cremonese")]
    assert em1["value"] is None
    assert em2["value"] is None or ambito["value"] is None


def test_a_comune_is_listed_in_every_year_whatever_its_families():
    # Annicco had families in 2023 only, Sospiro in 2024 only: a row for a comune in some years
    # said which. The public gets both comuni in both years, each «< 5».
    rows = [
        {"id": "pippi.famiglie_anno", "period": "2023", "territory": "Ambito Cremonese", "value": 10.0},
        {"id": "pippi.famiglie_anno", "period": "2024", "territory": "Ambito Cremonese", "value": 8.0},
        {"id": "pippi.famiglie_anno_comune", "period": "2023", "territory": "Ambito Cremonese / Annicco",
         "value": 1.0},
        {"id": "pippi.famiglie_anno_comune", "period": "2024", "territory": "Ambito Cremonese / Sospiro",
         "value": 2.0},
    ]
    public = table_for(engine_rows(rows), "pubblico", {"pippi.famiglie_anno", "pippi.famiglie_anno_comune"})
    comuni = public.filter(pl.col("id") == "pippi.famiglie_anno_comune")
    assert sorted(comuni.select("period", "territory").rows()) == [
        ("2023", "Ambito Cremonese / Annicco"), ("2023", "Ambito Cremonese / Sospiro"),
        ("2024", "Ambito Cremonese / Annicco"), ("2024", "Ambito Cremonese / Sospiro")]
    assert comuni["value"].to_list() == [None] * 4
    assert set(comuni["status"]) == {"withheld"}
    # The Ambito's figures stay public.
    assert public.filter(pl.col("id") == "pippi.famiglie_anno")["value"].to_list() == [10.0, 8.0]


def test_public_json_says_withheld_not_missing(monkeypatch, capsys, tmp_path):
    import indicators.__main__ as cli

    rows = [FAMILIES_2025, share("pippi.esito_sollievo", "2025", "Ambito Cremonese", 7, 11),
            share("pippi.esito_sollievo", "2026", "Ambito Cremonese", 0, 1) | {"value": None}]
    monkeypatch.setattr(cli, "compute_all", lambda results, as_of: engine_rows(rows).with_columns(
        pl.when(pl.col("value").is_null()).then(pl.lit("no_data")).otherwise(pl.col("status")).alias("status")))
    monkeypatch.setattr(cli, "load_all", lambda folder, *_as_of: {"x": type("R", (), {"errors": [], "missing": False})()})
    assert cli.main(["--data", str(tmp_path), "--json", "--public"]) == 0
    out = {(r["id"], r["period"]): r for r in json.loads(capsys.readouterr().out)}
    hidden, missing = out[("pippi.esito_sollievo", "2025")], out[("pippi.esito_sollievo", "2026")]
    assert (hidden["value"], hidden["status"]) == (None, "withheld")
    assert (missing["value"], missing["status"]) == (None, "no_data")
    if "n" in hidden:
        assert hidden["n"] is None  # the base of a withheld percentage
