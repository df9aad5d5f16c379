"""Data that cannot be true (issue 16, sections 3 and 6): a fact dated after the reference date, a year
or period outside the plan or programme the file belongs to, an inclusion before the signalling.
The row is refused with a (row, column, code) problem and never counted; the value comes back as the
user wrote it, never in the ISO form. The tests' reference date is 23/11/2026 (conftest.AS_OF)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from data_loaders import load_all, load_dataset, parse_bytes
from data_loaders import problems as P
from data_loaders.quality import arrivals
from data_loaders.registry import get
from tests.conftest import AS_OF
from tests.helpers import excel_csv

FUT, OUT, INC = P.DATA_FUTURA, P.FUORI_PERIODO, P.RIGA_INCOERENTE


def parse(dataset: str, header: list[str], rows: list[list[str]], as_of: dt.date | None = None):
    return parse_bytes(excel_csv([header, *rows]), get(dataset), as_of=as_of)


def keys(result) -> set[tuple[int, str, str]]:
    return {p.key() for p in result.errors}


FAMIGLIE = ["ambito", "codice_famiglia", "equipe", "codice_istat_comune", "data_segnalazione", "data_valutazione",
            "data_inclusione", "data_chiusura"]


def test_pippi_families_with_dates_that_cannot_be_true_are_refused_and_not_counted():
    result = parse("pippi_famiglie", FAMIGLIE, [
        ["Cremonese", "CR-1", "EM1", "019036", "15/03/2023", "02/04/2023", "20/04/2023", "23/11/2026"],  # 2: good
        ["Cremonese", "CR-2", "EM1", "019036", "15/03/2026", "24/11/2026", "", ""],    # 3: assessed tomorrow
        ["Cremonese", "CR-3", "EM1", "019036", "15/03/2026", "05/01/2062", "", ""],    # 4: in 2062
        ["Cremonese", "CR-4", "EM1", "019036", "10/05/2024", "", "2024-05-01", ""],    # 5: included before signalled
        ["Cremonese", "CR-5", "EM1", "019036", "15/06/2021", "", "", ""],              # 6: before the programme
        ["Cremonese", "CR-6", "EM2", "019036", "10/05/2024", "", "", "09/05/2024"],    # 7: closed before signalled
    ])
    assert keys(result) == {
        (3, "data_valutazione", FUT),
        (4, "data_valutazione", FUT), (4, "data_valutazione", OUT),  # 2062: after today and after 2026
        (5, "data_inclusione", INC),
        (6, "data_segnalazione", OUT),
        (7, "data_chiusura", INC),
    }
    assert result.frame["codice_famiglia"].to_list() == ["CR-1"]
    assert result.rows_rejected == 5
    by_key = {p.key(): p for p in result.errors}
    # Section 6: the value as the user wrote it (gg/mm/aaaa, or ISO where ISO was written), the
    # reference date as gg/mm/aaaa in the sentence; never 2062-01-05.
    assert by_key[(4, "data_valutazione", FUT)].value == "05/01/2062"
    assert by_key[(5, "data_inclusione", INC)].value == "2024-05-01"
    assert by_key[(7, "data_chiusura", INC)].value == "09/05/2024"
    future = by_key[(3, "data_valutazione", FUT)]
    assert future.value == "24/11/2026" and "data di riferimento" in future.message and "23/11/2026" in future.message
    assert "2062-01-05" not in str(by_key[(4, "data_valutazione", FUT)])


def test_the_inclusion_before_the_signalling_echoes_the_date_as_written():
    # Today's loader already refused it, but wrote «valore «2023-11-30»» for a cell holding 30/11/2023.
    result = parse("pippi_famiglie", FAMIGLIE[:7],
                   [["Cremonese", "CR-9", "EM1", "019036", "18/12/2023", "12/01/2024", "30/11/2023"]])
    [problem] = result.errors
    assert (problem.key(), problem.value) == ((2, "data_inclusione", INC), "30/11/2023")
    assert "«30/11/2023»" in str(problem) and "2023-11-30" not in str(problem)


def test_an_opening_schedule_ending_before_it_starts_echoes_both_as_written():
    header = ["punto_accesso", "giorno", "dalle", "alle", "valido_dal", "valido_al", "fonte"]
    result = parse("hug_orari", header, [["hub", "martedì", "10:00", "12:00", "02/09/2024", "01/09/2024", "Protocollo"]])
    assert [(p.key(), p.value) for p in result.errors] == [((2, "valido_al", INC), "01/09/2024")]


# (dataset, header, rows, reference date or None for AS_OF, refused (row, column, code), rows kept)
CASES = [
    ("hug_accessi", ["data", "punto_accesso", "tipo"],
     [["23/11/2026", "hub", "informazione"], ["24/11/2026", "hub", "informazione"],
      ["05/01/2062", "hub", "consulenza"]],
     None, {(3, "data", FUT), (4, "data", FUT)}, 1),
    ("hug_riunioni", ["data", "verbale"], [["22/10/2026", "sì"], ["12/09/2062", "sì"]],
     None, {(3, "data", FUT)}, 1),
    ("pippi_governance", ["ambito", "tipo", "codice", "data"],
     [["Cremonese", "coach", "C1", "15/03/2023"], ["Cremonese", "coach", "C2", "01/12/2026"],
      ["Cremonese", "coach", "C3", ""]],  # not yet appointed: no date, a plausible row
     None, {(3, "data", FUT)}, 2),
    ("pippi_operatori", ["ambito", "codice_operatore", "ruolo", "data_formazione"],
     [["Cremonese", "OP-01", "coach", "10/05/2023"], ["Cremonese", "OP-02", "coach", "10/05/2062"]],
     None, {(3, "data_formazione", FUT)}, 1),
    # Piano di Zona 2021-2023: no other year; a semester not yet begun cannot have been observed.
    ("osservazioni_pdz", ["indicatore", "periodo", "territorio", "valore", "fonte"],
     [["1.1.out.1", "2021", "Ambito", "1", "UdP"], ["1.1.out.1", "2023-S2", "Ambito", "1", "UdP"],
      ["1.1.out.1", "2020", "Ambito", "1", "UdP"], ["1.1.out.1", "2024-S1", "Ambito", "1", "UdP"],
      ["1.1.out.1", "2062", "Ambito", "1", "UdP"]],
     None, {(4, "periodo", OUT), (5, "periodo", OUT), (6, "periodo", OUT), (6, "periodo", FUT)}, 2),
    ("osservazioni_pdz", ["indicatore", "periodo", "territorio", "valore", "fonte"],
     [["1.1.out.1", "2023", "Ambito", "1", "UdP"], ["1.1.out.1", "2023-S1", "Ambito", "1", "UdP"],
      ["1.1.out.1", "2023-S2", "Ambito", "1", "UdP"]],
     dt.date(2023, 6, 30), {(4, "periodo", FUT)}, 2),  # the second half of 2023 begins on 01/07
    ("fondi", ["ambito", "fondo", "tipo", "anno", "stato", "importo_eur", "fonte"],
     [["Cremonese", "FNPS", "ordinario", "2021", "assegnato", "850.000,00", "PdZ"],
      ["Cremonese", "FNPS", "ordinario", "2024", "stima", "880.000,00", "PdZ"],
      ["Cremonese", "FNPS", "ordinario", "2020", "assegnato", "800.000,00", "PdZ"]],
     None, {(3, "anno", OUT), (4, "anno", OUT)}, 1),
    ("comuni", ["anno", "codice_istat", "comune", "ambito", "popolazione"],
     [["2026", "019036", "Cremona", "Cremonese", "70.000"], ["2027", "019036", "Cremona", "Cremonese", "70.100"]],
     None, {(3, "anno", FUT)}, 1),
    ("spesa_sociale", ["ambito", "anno", "dimensione", "voce", "importo_eur", "fonte"],
     [["Cremonese", "2019", "totale", "totale", "100", "f"], ["Cremonese", "2027", "totale", "totale", "100", "f"]],
     None, {(3, "anno", FUT)}, 1),
    # PIPPI 2022-2026: a budget for a later year is a plan, money spent in it is not.
    ("pnrr_budget", ["ambito", "capitolo", "voce", "anno", "previsto_eur", "speso_eur"],
     [["Cremonese", "1", "v", "2021", "10,00", ""], ["Cremonese", "2", "v", "2027", "10,00", ""],
      ["Cremonese", "3", "v", "2026", "10,00", "5,00"], ["Cremonese", "4", "v", "2026", "10,00", ""],
      ["Cremonese", "5", "v", "2026", "10,00", "0,00"], ["Cremonese", "6", "v", "2025", "10,00", "5,00"]],
     dt.date(2025, 12, 31), {(2, "anno", OUT), (3, "anno", OUT), (4, "anno", FUT)}, 3),
    ("pippi_ore", ["ambito", "anno", "ruolo", "ore_erogate"],
     [["Cremonese", "2021", "educatore", "100"], ["Cremonese", "2026", "educatore", "100"],
      ["Cremonese", "2026", "psicologo", "0"], ["Cremonese", "2025", "psicologo", "50"]],
     dt.date(2025, 12, 31), {(2, "anno", OUT), (3, "anno", FUT)}, 2),
    ("pippi_moduli", ["ambito", "anno", "modulo"],
     [["Cremonese", "2026", "base"], ["Cremonese", "2027", "base"], ["Cremonese", "2021", "start"]],
     dt.date(2023, 1, 1), {(3, "anno", OUT), (4, "anno", OUT)}, 1),  # 2026 is a plan: kept in 2023
    ("pippi_progetto", ["ambito", "data_avvio", "data_fine", "famiglie_target"],
     [["Cremonese", "01/01/2023", "30/06/2026", "30"], ["Seregno", "01/06/2021", "31/05/2024", "30"]],
     None, {(3, "data_avvio", OUT)}, 1),
]


@pytest.mark.parametrize("dataset,header,rows,as_of,refused,kept", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rows_that_cannot_be_true_are_refused(dataset, header, rows, as_of, refused, kept):
    result = parse(dataset, header, rows, as_of)
    assert keys(result) == refused
    assert result.frame.height == kept
    assert set(result.frame["_riga"].to_list()).isdisjoint(r for r, _c, _k in refused)


CRONO = ["ambito", "fase", "codice_attivita", "attivita", "anno", "trimestre", "svolta"]
CRONO_ROWS = [["Cremonese", "B", "B1", "Attività", "2026", "3", "sì"],
              ["Cremonese", "B", "B1", "Attività", "2026", "4", "sì"],
              ["Cremonese", "B", "B2", "Attività", "2026", "4", ""],     # planned, not reported: a plan
              ["Cremonese", "B", "B3", "Attività", "2021", "1", "sì"]]   # before the programme


@pytest.mark.parametrize("as_of,refused", [
    (dt.date(2026, 9, 30), {(3, "anno", FUT), (5, "anno", OUT)}),   # the fourth quarter begins on 01/10
    (dt.date(2026, 10, 1), {(5, "anno", OUT)}),
])
def test_an_activity_done_in_a_quarter_not_yet_begun_is_refused(as_of, refused):
    assert keys(parse("pippi_cronoprogramma", CRONO, CRONO_ROWS, as_of)) == refused


def test_the_reference_date_comes_from_the_settings_when_not_given(monkeypatch):
    rows = [["Cremonese", "OP-01", "coach", "10/05/2025"]]
    header = ["ambito", "codice_operatore", "ruolo", "data_formazione"]
    assert keys(parse("pippi_operatori", header, rows)) == set()
    monkeypatch.setenv("CRUSCOTTO_AS_OF", "30/04/2025")
    [problem] = parse("pippi_operatori", header, rows).errors
    assert problem.key() == (2, "data_formazione", FUT) and "(30/04/2025)" in problem.message


def test_a_register_with_an_access_in_2062_no_longer_stretches_the_quality_page(data_copy):
    # The sample's register has 3.106 accesses (rows 2-3107): an access typed in 2062 becomes row 3108.
    with (data_copy / "hug_accessi.csv").open("ab") as fh:
        fh.write(b"05/01/2062;hub;informazione;HUG-0001;019036\r\n")
    result = load_dataset("hug_accessi", data_copy)
    assert keys(result) == {(3108, "data", FUT)}
    assert result.frame.height == 3106 and result.frame["data"].max() <= AS_OF
    table = arrivals({"hug_accessi": result.frame}, AS_OF)
    periods = table["period"].to_list()
    assert periods[0] == "2024-S2" and periods[-1] == "2026-S2" and len(periods) == 5  # not 2062-S1


def test_stored_data_read_with_a_past_reference_date_are_refused_for_that_view(data_copy, capsys):
    from indicators.__main__ import main

    # The meetings of the sample's coordination table: 16, from 12/09/2024 to 22/10/2026; 6 by 30/06/2025
    # (12/09/2024, 14/11/2024, 23/01/2025, 03/04/2025, 15/05/2025, 19/06/2025).
    dates = pl.read_csv(data_copy / "hug_riunioni.csv", separator=";")["data"].to_list()
    assert len(dates) == 16 and sum(dt.datetime.strptime(d, "%d/%m/%Y").date() <= dt.date(2025, 6, 30)
                                    for d in dates) == 6
    past = load_all(data_copy, dt.date(2025, 6, 30))["hug_riunioni"]
    assert past.frame.height == 6 and past.rows_rejected == 10
    assert all(p.code == FUT and "successiva alla data di riferimento del cruscotto (30/06/2025)" in p.message
               for p in past.errors)
    assert load_all(data_copy)["hug_riunioni"].frame.height == 16  # the same folder today: all counted
    # The command line judges the rows on its --as-of, as it judges the statuses.
    assert main(["--data", str(data_copy), "--json", "--as-of", "30/06/2025"]) == 1
    assert "successiva alla data di riferimento del cruscotto (30/06/2025)" in capsys.readouterr().err


def test_a_spreadsheets_date_cells_come_back_as_gg_mm_aaaa():
    from tests.spreadsheets import xlsx_bytes

    data = xlsx_bytes([FAMIGLIE[:7],
                       ["Cremonese", "CR-1", "EM1", "019036", dt.date(2026, 3, 15), dt.date(2062, 1, 5), None],
                       ["Cremonese", "CR-2", "EM1", "019036", dt.date(2023, 12, 18), None, dt.datetime(2023, 11, 30)]])
    result = parse_bytes(data, get("pippi_famiglie"), "famiglie.xlsx")
    assert [(p.key(), p.value) for p in result.errors] == [
        ((2, "data_valutazione", OUT), "05/01/2062"), ((2, "data_valutazione", FUT), "05/01/2062"),
        ((3, "data_inclusione", INC), "30/11/2023")]
    assert result.frame.height == 0


def test_the_quality_page_lists_the_access_in_2062_and_stops_at_the_current_semester(data_copy, monkeypatch):
    from tests.apptest import open_page

    with (data_copy / "hug_accessi.csv").open("ab") as fh:
        fh.write(b"05/01/2062;hub;informazione;HUG-0001;019036\r\n")
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page("pages/qualita_dati.py", role="coordinatore")
    assert not at.exception, [e.message for e in at.exception]
    frames = [df.value for df in at.dataframe]
    problems = next(f for f in frames if "Come correggere" in f.columns)
    refused = problems[problems["File"] == "hug_accessi.csv"]
    assert refused[["Riga", "Colonna", "Valore"]].values.tolist() == [[3108, "data", "05/01/2062"]]
    assert "(23/11/2026)" in refused["Cosa non va"].iloc[0]
    periods = {p for f in frames if "Periodo" in f.columns for p in f["Periodo"]}
    assert "2026-S2" in periods and not any(p.startswith("2062") or p > "2026-S2" for p in periods)


def test_a_year_written_with_two_digits_is_not_the_year_62_and_1962_is_before_the_data():
    # Polars reads %Y from one to four digits: 05/01/62 was loaded as 5 January of the year 62.
    result = parse("hug_accessi", ["data", "punto_accesso", "tipo"], [
        ["05/01/62", "hub", "informazione"], ["05/01/0062", "hub", "informazione"],
        ["05/01/1962", "hub", "informazione"], ["5/1/2025", "hub", "informazione"]])
    assert [(p.key(), p.value) for p in result.errors] == [
        ((2, "data", P.DATA_NON_VALIDA), "05/01/62"), ((3, "data", P.DATA_NON_VALIDA), "05/01/0062"),
        ((4, "data", OUT), "05/01/1962")]
    assert result.frame["data"].to_list() == [dt.date(2025, 1, 5)]
