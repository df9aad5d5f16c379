"""The upload page through AppTest as a coordinator: a good upload, a bad one, a restore."""

from __future__ import annotations

import pytest

from data_loaders import load_dataset
from data_loaders.versions import Store
from tests.apptest import open_page, texts
from tests.conftest import SAMPLE
from tests.helpers import excel_csv
from ui.intake_view import template_bytes, version_line, versions_table

PAGE = "pages/carica_dati.py"
HEADER = ["anno", "codice_istat", "comune", "ambito", "popolazione"]


@pytest.fixture
def coordinator_page(data_copy, monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page(PAGE, role="coordinatore")
    at.selectbox(key="carica_dataset").set_value("comuni").run()
    return at


def uploader(at):
    return next(u for u in at.get("file_uploader") if u.proto.id and "carica_file_comuni" in u.proto.id)


def test_a_good_upload_becomes_version_2_and_the_sample_file_version_1(coordinator_page, data_copy):
    at = coordinator_page
    assert "non ancora registrato" in texts(at)
    good = excel_csv([HEADER, ["2026", "019036", "Cremona", "Cremonese", "70.000"],
                      ["2026", "019001", "Acquanegra Cremonese", "Cremonese", "1.100"]])
    uploader(at).set_value(("comuni_2026.csv", good, "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Righe lette"], metrics["Righe valide"], metrics["Righe con errori"]) == ("2", "2", "0")
    assert any("è valido" in s.value for s in at.success)
    at.button(key="carica_salva_comuni_0").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("Salvata la versione 2 di comuni.csv" in s.value for s in at.success)
    assert "In uso: versione 2" in texts(at)
    assert load_dataset("comuni", data_copy).frame["popolazione"].to_list() == [70000, 1100]
    v = Store("comuni", data_copy).current()
    assert (v.file_originale, v.righe_valide) == ("comuni_2026.csv", 2)
    assert v.caricato_da  # the user name (or the role's name before the login existed)


def test_a_bad_upload_is_refused_and_nothing_changes(coordinator_page, data_copy):
    at = coordinator_page
    before = (data_copy / "comuni.csv").read_bytes()
    bad = excel_csv([["anno", "istat", "comune", "ambito", "abitanti"], ["2026", "019036", "Cremona", "Cremonese", "7"]])
    uploader(at).set_value(("sbagliato.csv", bad, "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("non può essere caricato" in e.value for e in at.error)
    shown = at.dataframe[0].value
    assert {"codice_istat", "popolazione"} <= set(shown["Colonna"])
    assert not [b for b in at.button if b.key and b.key.startswith("carica_salva")]
    assert (data_copy / "comuni.csv").read_bytes() == before
    assert not (data_copy / ".versioni").exists() or not Store("comuni", data_copy).versions()


def test_row_errors_need_the_checkbox(coordinator_page, data_copy):
    at = coordinator_page
    rows = excel_csv([HEADER, ["2026", "019036", "Cremona", "Cremonese", "molti"],
                      ["2026", "019001", "Acquanegra Cremonese", "Cremonese", "1.100"]])
    uploader(at).set_value(("righe.csv", rows, "text/csv")).run()
    save = at.button(key="carica_salva_comuni_0")
    assert save.disabled
    at.checkbox(key="carica_conferma_comuni_0").check().run()
    at.button(key="carica_salva_comuni_0").click().run()
    assert any("Salvata la versione 2" in s.value for s in at.success)
    assert load_dataset("comuni", data_copy).frame["popolazione"].to_list() == [1100]


def test_restore_from_the_page(coordinator_page, data_copy):
    store = Store("comuni", data_copy)
    store.save(excel_csv([HEADER, ["2026", "019036", "Cremona", "Cremonese", "5"]]), "Mario", "m.csv")
    at = coordinator_page.run()
    assert "In uso: versione 2" in texts(at)
    at.selectbox(key="ripristina_scelta_comuni_0").set_value(1).run()
    at.checkbox(key="ripristina_conferma_comuni_0").check().run()
    at.button(key="ripristina_comuni_0").click().run()
    assert any("Ripristinata la versione 1" in s.value for s in at.success)
    assert (data_copy / "comuni.csv").read_bytes() == (SAMPLE / "comuni.csv").read_bytes()
    assert [v.azione for v in store.versions()] == ["trovata", "caricamento", "ripristino"]


def test_template_and_dictionary_are_on_the_page(coordinator_page):
    at = coordinator_page
    assert "`codice_istat`" in texts(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert any("modello di comuni.csv" in label for label in labels)


def test_template_is_header_and_example_with_bom():
    from data_loaders.registry import get

    text = template_bytes(get("comuni")).decode("utf-8")
    assert text.startswith("\ufeffanno;codice_istat;comune;ambito;")
    assert text.count("\r\n") == 2 and "019036" in text


def test_version_texts(data_copy):
    store = Store("comuni", data_copy)
    store.save(excel_csv([HEADER, ["2026", "019036", "Cremona", "Cremonese", "5"]]), "Mario", "m.csv")
    current = store.current()
    assert version_line(current, "comuni.csv").startswith("In uso: versione 2 del ")
    table = versions_table(store.versions(), current)
    assert table["Versione"].to_list() == [2, 1]
    assert table["In uso"].to_list() == ["sì", ""]
    assert table["Da"].to_list() == ["Mario", "—"]


def test_the_public_cannot_open_the_upload_page():
    at = open_page(PAGE)
    assert any("riservata" in w.value for w in at.warning)
    assert not at.get("file_uploader")
