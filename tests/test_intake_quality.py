"""The data-quality view: expected vs arrived per period, lateness, problems by severity, provenance."""

from __future__ import annotations

import datetime as dt

import pytest

from data_loaders.quality import GIORNI_TOLLERANZA, arrivals, status
from data_loaders.versions import Store
from tests.apptest import open_page, texts
from tests.helpers import excel_csv, frame

PAGE = "pages/qualita_dati.py"


def hug(rows):
    return frame("hug_accessi", rows, ["data", "punto_accesso", "tipo"])


def test_hug_points_expected_every_semester_and_the_missing_ones_named():
    points = ("hub", "spoke1_hack_montalcini", "spoke2_asc", "spoke2_soresina", "spoke3_civico81")
    accessi = hug([["10/01/2025", "hub", "informazione"], ["11/02/2025", "spoke2_asc", "consulenza"],
                   ["12/03/2025", "hub", "orientamento"]]
                  + [["01/09/2025", p, "informazione"] for p in points])
    table = arrivals({"hug_accessi": accessi}, dt.date(2026, 3, 15))
    rows = {r["period"]: r for r in table.to_dicts()}
    assert list(rows) == ["2025-S1", "2025-S2", "2026-S1"]
    # 2025-S1: 2 of 5 points (hub, spoke2_asc); ended 30/06/2025, due 29/08/2025: late on 15/03/2026.
    s1 = rows["2025-S1"]
    assert (s1["expected"], s1["arrived"], s1["state"]) == (5, 2, "in ritardo")
    assert s1["missing"] == "spoke1_hack_montalcini, spoke2_soresina, spoke3_civico81"
    assert (rows["2025-S2"]["arrived"], rows["2025-S2"]["state"]) == (5, "completo")
    # The running semester is listed (nothing arrived yet) and marked as running.
    assert (rows["2026-S1"]["arrived"], rows["2026-S1"]["state"]) == (0, "in corso")


def test_period_status_rule():
    assert GIORNI_TOLLERANZA == 60
    # 2025-S2 ends 31/12/2025; due 60 days later: 01/03/2026.
    assert status("2025-S2", 2, dt.date(2025, 12, 31)) == ("in corso", dt.date(2026, 3, 1))
    assert status("2025-S2", 2, dt.date(2026, 3, 1))[0] == "atteso"
    assert status("2025-S2", 2, dt.date(2026, 3, 2))[0] == "in ritardo"
    assert status("2025-S2", 0, dt.date(2026, 3, 2))[0] == "completo"
    assert status("2024", 1, dt.date(2025, 2, 1)) == ("atteso", dt.date(2025, 3, 1))


def test_comuni_expected_are_those_of_the_latest_year():
    comuni = frame("comuni", [["2024", "019036", "Cremona", "Cremonese", "70000"],
                              ["2024", "019001", "Acquanegra Cremonese", "Cremonese", "1100"],
                              ["2025", "019036", "Cremona", "Cremonese", "70100"],
                              ["2025", "019001", "Acquanegra Cremonese", "Cremonese", "1090"],
                              ["2025", "019002", "Annicco", "Cremonese", "2000"]],
                   ["anno", "codice_istat", "comune", "ambito", "popolazione"])
    table = arrivals({"comuni": comuni}, dt.date(2025, 6, 1))
    assert table.select("period", "expected", "arrived", "missing", "state").rows() == [
        ("2024", 3, 2, "Annicco", "in ritardo"), ("2025", 3, 3, "", "in corso")]


def test_plan_datasets_check_only_the_years_in_the_file():
    obs = frame("osservazioni_pdz", [["1.1.out.1", "2021", "Ambito", "3", "", "", "UdP", ""],
                                     ["1.2.out.1", "2021", "Ambito", "1", "", "", "UdP", ""],
                                     ["1.1.out.1", "2022", "Ambito", "4", "", "", "UdP", ""]])
    table = arrivals({"osservazioni_pdz": obs}, dt.date(2026, 11, 23))
    assert table.select("period", "arrived", "missing").rows() == [("2021", 2, ""), ("2022", 1, "1.2.out.1")]


def test_equipes_of_the_ambito_only_and_each_from_the_semester_it_was_set_up():
    header = ["ambito", "codice_famiglia", "equipe", "codice_istat_comune", "data_segnalazione"]
    fam = frame("pippi_famiglie", [["Cremonese", "CR-1", "EM1", "019036", "10/03/2023"],
                                   ["Cremonese", "CR-2", "EM1", "019036", "10/09/2023"],
                                   ["Cremonese", "CR-3", "EM1", "019036", "10/03/2024"],
                                   ["Cremonese", "CR-4", "EM2", "019036", "10/04/2024"],
                                   ["Seregno", "SE-1", "EM-A", "108039", "10/03/2023"]], header)
    gov = frame("pippi_governance", [["Cremonese", "equipe_multidisciplinare", "EM2", "22/01/2024", "Det. 95"]])
    frames = {"pippi_famiglie": fam, "pippi_governance": gov}
    as_of = dt.date(2024, 10, 1)
    cols = ("period", "expected", "arrived", "missing", "state")
    # The Cremonese: EM1 from 2023-S1; EM2 set up on 22/01/2024 owes nothing before 2024-S1; Seregno's EM-A
    # is not its to report. 2024-S2 is under way on 01/10/2024.
    assert arrivals(frames, as_of, "Cremonese").select(cols).rows() == [
        ("2023-S1", 1, 1, "", "completo"), ("2023-S2", 1, 1, "", "completo"),
        ("2024-S1", 2, 2, "", "completo"), ("2024-S2", 2, 0, "EM1, EM2", "in corso")]
    # Seregno's own: EM-A reported in 2023-S1 only; 2023-S2 was due by 29/02/2024: late.
    assert arrivals(frames, as_of, "Seregno").select(cols).rows()[:2] == [
        ("2023-S1", 1, 1, "", "completo"), ("2023-S2", 1, 0, "EM-A", "in ritardo")]


def test_the_quality_page_shows_the_cremonese_equipes_only():
    # The sample's PIPPI files hold Seregno too (EM-A, EM-B): the page lists the Cremonese's EM1 and EM2 only.
    at = open_page(PAGE, role="coordinatore")
    equipe = next(df.value for df in at.dataframe if "Équipe arrivati" in df.value.columns)
    page = texts(at)
    assert "EM-A" not in " ".join(equipe["Mancano"]) and "EM-B" not in " ".join(equipe["Mancano"])
    by_period = dict(zip(equipe["Periodo"], equipe["Équipe arrivati"]))
    # EM1 only before EM2's act (22/01/2024); both after.
    assert (by_period["2023-S1"], by_period["2024-S1"], by_period["2026-S1"]) == ("1 su 1", "2 su 2", "2 su 2")
    assert "Seregno" not in equipe.to_string() and "Atteso e arrivato" in page


def test_quality_page_for_a_coordinator_shows_versions_arrivals_and_problems(data_copy, monkeypatch):
    Store("comuni", data_copy).save((data_copy / "comuni.csv").read_bytes()
                                    + b"2025;019999;Paese Inventato;Cremonese;;abc;;\r\n", "Mario Rossi", "comuni.csv")
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page(PAGE, role="coordinatore")
    page = texts(at)
    assert "comuni.csv, versione 2 del" in page and "da Mario Rossi" in page
    assert "Atteso e arrivato" in page and "Cosa ci si aspetta" in page
    problems = next(df.value for df in at.dataframe if "Come correggere" in df.value.columns)
    row = problems[problems["File"] == "comuni.csv"].iloc[0]
    assert (row["Colonna"], row["Valore"]) == ("popolazione", "abc")
    assert "Dati al " in page and "caricati il" in page


def test_quality_page_for_the_assemblea_hides_record_values(data_copy, monkeypatch):
    fam = (data_copy / "pippi_famiglie.csv").read_bytes()
    (data_copy / "pippi_famiglie.csv").write_bytes(fam + "Cremonese;CR-X99;EM1;019036;40/01/2024\r\n".encode())
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page(PAGE, role="assemblea")
    problems = next(df.value for df in at.dataframe if "Come correggere" in df.value.columns)
    fam_rows = problems[problems["File"] == "pippi_famiglie.csv"]
    assert len(fam_rows) >= 1 and set(fam_rows["Valore"]) == {"(riservato)"}


def test_the_public_cannot_open_the_quality_page():
    at = open_page(PAGE)
    assert any("riservata" in w.value for w in at.warning)


@pytest.mark.parametrize("page", ["pages/panoramica.py", "pages/pippi.py"])
def test_every_page_says_when_the_data_were_loaded(page, data_copy, monkeypatch):
    store = Store("comuni", data_copy)
    store.save(excel_csv([["anno", "codice_istat", "comune", "ambito", "popolazione"],
                          ["2025", "019036", "Cremona", "Cremonese", "70000"]]), "Mario", "c.csv")
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page(page, role="coordinatore")
    today = store.current().when.strftime("%d/%m/%Y")
    assert f"caricati il {today}" in texts(at)


def test_figures_name_the_version_of_the_file_they_come_from(data_copy, monkeypatch):
    store = Store("pippi_famiglie", data_copy)
    store.save((data_copy / "pippi_famiglie.csv").read_bytes() + b"\r\n", "Mario Rossi", "famiglie_2026.csv")
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page("pages/pippi.py", role="coordinatore")
    day = store.current().when.strftime("%d/%m/%Y")
    assert f"pippi_famiglie.csv, versione 2 del {day} da Mario Rossi" in texts(at)


@pytest.mark.parametrize("role", [None, "coordinatore"])
def test_the_home_page_shows_the_cremonese_only(role):
    # The PIPPI files hold Seregno's programme too: the Cremonese's home names none of its figures or équipes.
    at = open_page("pages/panoramica.py", role=role) if role else open_page("pages/panoramica.py")
    assert not at.exception, [e.message for e in at.exception]
    shown = texts(at) + " ".join(df.value.to_string() for df in at.dataframe)
    assert not any(word in shown for word in ("Seregno", "EM-A", "EM-B"))
