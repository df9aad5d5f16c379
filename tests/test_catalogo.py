"""«Catalogo degli indicatori» (issue 17 §1): every indicator's definition, formula, file, columns,
target and whether the plan states it, searchable and downloadable as CSV."""

from __future__ import annotations

import dataclasses

import polars as pl

from indicators.catalogue_view import COLUMNS, NO_TARGET, PROPOSED, STATED, catalogue_rows, search
from indicators.registry import BY_ID, CATALOG
from tests.apptest import open_page
from ui.exports import table_csv

PAGE = "pages/catalogo.py"


def _row(rows: pl.DataFrame, ind_id: str) -> dict:
    hit = rows.filter(pl.col("Codice") == ind_id)
    assert hit.height == 1, ind_id
    return hit.row(0, named=True)


def test_every_indicator_has_one_row_with_its_definition_formula_and_file():
    rows = catalogue_rows(CATALOG)
    assert rows.columns == list(COLUMNS)
    assert rows["Codice"].to_list() == [i.id for i in CATALOG]
    assert rows.filter((pl.col("Definizione") == "") | (pl.col("Formula") == "") | (pl.col("File di origine") == "")
                       | (pl.col("Colonne") == "") | (pl.col("Frase del piano") == "")).height == 0


def test_known_rows_file_columns_and_target_origin():
    rows = catalogue_rows(CATALOG)
    spesa = _row(rows, "risorse.spesa_sociale_totale")
    assert spesa["File di origine"] == "spesa_sociale.csv"
    # The formula «somma importo_eur delle righe con dimensione = area» names two columns of the contract.
    assert {"importo_eur", "dimensione"} <= set(spesa["Colonne"].split(", "))
    assert (spesa["Target"], spesa["Target dichiarato o proposto"]) == ("—", NO_TARGET)
    # A stated target (seed 004, obiettivo 6.1: «(1 report)») shows the sentence that states it.
    report = _row(rows, "6.1.out.1")
    assert report["Target dichiarato o proposto"] == STATED
    assert report["Frase che dichiara il target"].endswith("grandi e piccoli comuni (1 report)")
    # Seed 000 states no «aumento» of the accesses: the target is the dashboard's.
    accessi = _row(rows, "hug.accessi_semestre")
    assert (accessi["Target"], accessi["Target dichiarato o proposto"]) == ("aumento rispetto all'anno base", PROPOSED)
    assert accessi["Frase che dichiara il target"] == ""
    assert accessi["File di origine"] == "hug_accessi.csv"


def test_every_target_is_stated_with_a_sentence_or_proposed():
    rows = catalogue_rows(CATALOG)
    stated = rows.filter(pl.col("Target dichiarato o proposto") == STATED)
    assert stated.height and stated.filter(pl.col("Frase che dichiara il target") == "").height == 0
    assert set(rows["Target dichiarato o proposto"]) <= {STATED, PROPOSED, NO_TARGET}


def test_search_keeps_rows_with_every_word():
    rows = catalogue_rows(CATALOG)
    assert search(rows, "")["Codice"].to_list() == rows["Codice"].to_list()
    assert search(rows, "hug.accessi_semestre")["Codice"].to_list() == ["hug.accessi_semestre"]
    # Both proposed targets reading hug_accessi.csv (the meetings' semesters run to the register's last).
    both = search(rows, "HUG_ACCESSI.csv proposto")
    assert both["Codice"].to_list() == ["hug.accessi_semestre", "hug.riunioni_tavolo"]
    assert search(rows, "parola-che-non-esiste").height == 0


def test_csv_neutralises_a_formula_written_in_the_catalog():
    hostile = dataclasses.replace(BY_ID["risorse.spesa_sociale_totale"], formula='=HYPERLINK("http://x","y")')
    text = table_csv(catalogue_rows([hostile])).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text


def test_page_searches_and_offers_the_csv():
    at = open_page(PAGE)
    assert at.title[0].value == "Catalogo degli indicatori"
    assert at.dataframe[0].value.shape[0] == len(CATALOG)
    at.text_input(key="catalogo_cerca").set_value("accessi registrati proposto").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = at.dataframe[0].value
    assert shown["Codice"].tolist() == ["hug.accessi_semestre"]
    assert shown["Target dichiarato o proposto"].tolist() == [PROPOSED]
    assert any("1 indicatori su" in c.value for c in at.caption)
    assert [b.label for b in at.get("download_button")][:1] == ["CSV (Excel)"]
    at.text_input(key="catalogo_cerca").set_value("nessunaparolacosì").run()
    assert not at.dataframe and any("Nessun indicatore" in i.value for i in at.info)


def test_page_for_every_role():
    for role in (None, "assemblea", "coordinatore"):
        at = open_page(PAGE, role=role)
        assert at.dataframe[0].value.shape[0] == len(CATALOG), role
