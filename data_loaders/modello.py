"""The semester workbook: the figures coordinators fill in by hand, pre-filled row by row, and back.

``build_workbook(periodo)`` writes one sheet per dataset of observations keyed by indicator code
(``osservazioni_pdz``: key indicatore × periodo × territorio) with one row per code, territory and
period due in that semester, then an «Istruzioni» sheet. What is due is derived, not listed:
- the codes are those the indicator catalog reads from the dataset (a code read by several
  indicators, such as 6.1.out.2, is one row);
- a code is due per semester when its target is semestral or its stored rows are by semester (the
  engine's own rule for a due period's grain), otherwise once a year, with the second semester;
- only in the years its indicator is due (the plan's years): another semester gives an empty sheet
  that says why;
- its territories are the ones already stored for it («Ambito» when none).

``read_filled`` recognises a filled workbook (the first cell names the dataset and the period),
checks that its keys are the ones generated for that period, and returns the CSV that would become
the dataset's new version: the filled rows, then every stored row of another key, unchanged.

Why the data layer asks the indicator catalog here (the only place it does): what is due is a fact
of the catalog, and both writing the workbook and checking it back must use the same rule. The
import is made inside ``due`` so loading data never needs the catalog.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

import settings
from data_loaders import problems as P
from data_loaders.loader import data_dir, dataset_files, load_dataset, read_table
from data_loaders.problems import Problem
from data_loaders.registry import DATASETS, get
from data_loaders.safe_read import read_text_table_safely
from data_loaders.sheet_reader import as_csv
from data_loaders.text_table import ROW_COLUMN, decode

# The key of an observations dataset, as its contract declares it.
OBS_KEY = ("indicatore", "periodo", "territorio")
# The whole Ambito's territory word in the observations (see the contract's «territorio»).
AMBITO = "Ambito"
MARK = "Modello del cruscotto"
# Row 1: MARK · dataset · period (read back); row 2: one line of guidance; row 3: the header.
TITLE_ROWS = 2
HEADER_ROW = TITLE_ROWS + 1
HELP_COLUMNS = ("nome_indicatore", "unita", "frase_del_piano")
SEMESTER = re.compile(r"^(\d{4})-S([12])$")
_MARK_RE = re.compile(rf'^"?{MARK} · ([^\s;,"]+) · ([^\s;,"]+)')
# The title row is short: the mark is looked for in the file's first line, within this many bytes.
MARK_LINE_BYTES = 1024

# Stable codes of what a filled workbook can be refused for, or warned about.
MODELLO_ALTRO_DATASET = "modello_altro_dataset"
MODELLO_ALTRO_PERIODO = "modello_altro_periodo"
MODELLO_CHIAVI_CAMBIATE = "modello_chiavi_cambiate"
MODELLO_VUOTO = "modello_vuoto"
MODELLO_DA_COMPILARE = "modello_da_compilare"

UNIT_WORDS = {
    "numero": "numero", "percentuale": "percentuale (scrivere anche numeratore e denominatore)",
    "euro": "euro", "euro_per_abitante": "euro per abitante", "ore": "ore", "giorni": "giorni", "indice": "indice",
}


@dataclass(frozen=True)
class DueRow:
    key: tuple[str, str, str]  # indicatore, periodo, territorio
    name: str
    unit: str
    plan_text: str
    fonte: str = ""  # the source last stored for the code: a suggestion, editable


@dataclass
class DueSheet:
    dataset: str
    rows: list[DueRow]
    why_empty: str = ""  # why no row is due, when none is


def check_period(label: str) -> tuple[int, int]:
    """(year, half) of a semester label «2023-S2»; ValueError with an Italian sentence otherwise."""
    m = SEMESTER.match(label.strip())
    if not m:
        raise ValueError(f"Periodo «{label}» non valido: scrivere anno e semestre, per esempio 2023-S2.")
    return int(m[1]), int(m[2])


def semester_of(day: dt.date) -> str:
    return f"{day.year}-S{1 if day.month <= 6 else 2}"


def _code(ind) -> str:
    """The observation code an indicator reads: its batch parameter (a code, or a tuple led by it)."""
    param = getattr(ind.compute, "param", None)
    if isinstance(param, tuple) and param and isinstance(param[0], str):
        return param[0]
    return param if isinstance(param, str) else ind.id


def observation_datasets() -> list[str]:
    """The datasets whose rows are hand-filled figures keyed by indicator code, period and territory."""
    return [name for name, spec in DATASETS.items() if tuple(spec.key[:3]) == OBS_KEY]


def _territory_order(name: str) -> tuple[int, str]:
    low = name.lower()
    return (0 if low == AMBITO.lower() else 1 if low.startswith("sub-ambito") else 2, low)


def plan_semesters(folder: str | Path | None = None) -> list[str]:
    """Every semester of the years the catalog's observation indicators are due, in order."""
    from indicators.registry import CATALOG  # see the module docstring

    names = set(observation_datasets())
    years = sorted({int(y) for ind in CATALOG if names & set(ind.sources) for y in ind.due_periods})
    return [f"{y}-S{h}" for y in years for h in (1, 2)]


def due(periodo: str, folder: str | Path | None = None) -> list[DueSheet]:
    """The rows due in semester ``periodo``, one DueSheet per observations dataset."""
    from indicators.registry import CATALOG  # see the module docstring

    year, half = check_period(periodo)
    sheets = []
    for dataset in observation_datasets():
        readers = [ind for ind in CATALOG if dataset in ind.sources]
        plan_years = sorted({int(y) for ind in readers for y in ind.due_periods})
        stored = load_dataset(dataset, folder).frame
        by_code: dict[str, dict] = {}
        for ind in readers:
            entry = by_code.setdefault(_code(ind), {"ind": ind, "years": set(), "semestral": False})
            if ind.id == _code(ind):  # the code's own entry names it
                entry["ind"] = ind
            entry["years"].update(int(y) for y in (ind.due_periods or plan_years))
            entry["semestral"] |= ind.target is not None and ind.target.period == "semestrale"
        rows: list[DueRow] = []
        for code, entry in by_code.items():
            ind = entry["ind"]
            if year not in entry["years"]:
                continue
            mine = stored.filter(pl.col("indicatore") == code).sort("periodo")
            by_semester = entry["semestral"] or bool(mine["periodo"].str.contains("-S").any())
            if not by_semester and half == 1:
                continue
            label = periodo if by_semester else str(year)
            places = sorted(set(mine["territorio"].to_list()) or {AMBITO}, key=_territory_order)
            fonte = mine["fonte"].to_list()[-1] if mine.height else ""
            rows += [DueRow((code, label, t), ind.name, UNIT_WORDS.get(ind.unit, ind.unit), ind.plan_text, fonte)
                     for t in places]
        why = ""
        if not rows:
            span = f"{plan_years[0]}-{plan_years[-1]}" if plan_years else ""
            last = f"{plan_years[-1]}-S2" if plan_years else ""
            when = ("e il piano è concluso" if plan_years and year > plan_years[-1]
                    else "e il periodo viene prima del piano")
            why = (f"Nel periodo {periodo} non è dovuto nessun valore per «{get(dataset).title}»: gli indicatori "
                   f"riguardano solo gli anni {span}, {when}. Per completare i dati di quegli "
                   f"anni scaricare il modello di un loro semestre (l'ultimo è {last}).")
        sheets.append(DueSheet(dataset, rows, why))
    return sheets


# ---------------------------------------------------------------- writing

def _text(value: str) -> str:
    """Text as a text cell: a leading «=» would make openpyxl write a formula."""
    return "'" + value if value.startswith("=") else value


def _istruzioni(periodo: str, sheets: list[DueSheet]) -> list[str]:
    lines = [f"Modello semestrale dei dati da compilare a mano — periodo {periodo}", ""]
    for s in sheets:
        spec = get(s.dataset)
        lines.append(f"Foglio «{s.dataset}» ({spec.title}): "
                     + (f"{len(s.rows)} righe da compilare." if s.rows else s.why_empty))
    lines += [
        "",
        "Come si compila",
        "1. Una riga per indicatore, territorio e periodo dovuti nel semestre. Le colonne grigie (indicatore, "
        "periodo, territorio, nome, unità, frase del piano) sono protette e non vanno cambiate: identificano la riga.",
        "2. Scrivere il valore nella colonna «valore» (numero, con la virgola per i decimali). Per le percentuali "
        "scrivere anche numeratore e denominatore: il cruscotto ricalcola la percentuale da questi due.",
        "3. «fonte» dice da dove viene il dato ed è obbligatoria in ogni riga compilata: è proposta quella "
        "dell'ultimo caricamento dello stesso indicatore, si può cambiare. «note» è libera.",
        "4. Una riga lasciata vuota vuol dire «non ancora compilato»: non è un errore; al caricamento è elencata "
        "tra i valori mancanti e si potrà compilare in seguito con lo stesso modello.",
        "5. I valori degli anni (periodo «2023») si compilano con il secondo semestre; quelli semestrali "
        "(periodo «2023-S1», «2023-S2») in ogni semestre.",
        "",
        "Come si carica",
        "Nella pagina «Carica dati» scegliere il dataset del foglio e lo stesso periodo del modello, poi caricare "
        "il file così com'è (.xlsx). Le righe compilate diventano una nuova versione dei dati insieme a tutte le "
        "righe già caricate per gli altri periodi, che restano come sono; una riga già caricata per lo stesso "
        "indicatore, periodo e territorio è sostituita dal nuovo valore.",
        "Il file è rifiutato, con un messaggio che dice perché, se è il modello di un altro periodo o se le "
        "colonne protette sono state cambiate: in quel caso scaricare di nuovo il modello.",
        "",
        "Periodi fuori dal piano",
        "Gli indicatori del Piano di Zona riguardano solo gli anni del piano. Per un semestre fuori da quegli anni "
        "il modello non ha righe da compilare e il foglio lo dice: il piano è concluso, i suoi valori si "
        "completano con il modello di un suo semestre.",
    ]
    return lines


def build_workbook(periodo: str, folder: str | Path | None = None) -> tuple[bytes, list[DueSheet]]:
    """The workbook for ``periodo`` as .xlsx bytes, and what it holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheets = due(periodo, folder)
    wb = Workbook()
    wb.remove(wb.active)
    grey = PatternFill("solid", fgColor="E7E6E6")
    for s in sheets:
        spec = get(s.dataset)
        # The data sheet comes first: the upload reads a workbook's first sheet.
        ws = wb.create_sheet(s.dataset)
        ws["A1"] = f"{MARK} · {s.dataset} · {periodo} · {spec.title}"
        ws["A1"].font = Font(bold=True, size=12)
        ws["A2"] = s.why_empty or ("Compilare solo le colonne bianche (valore, numeratore, denominatore, fonte, "
                                   "note); una riga vuota è un valore non ancora compilato. Istruzioni nel foglio "
                                   "«Istruzioni».")
        columns = spec.column_names + list(HELP_COLUMNS)
        ws.append(columns)
        for cell in ws[HEADER_ROW]:
            cell.font = Font(bold=True)
        for r in s.rows:
            by_name = dict(zip(OBS_KEY, r.key))
            ws.append([_text(v) for v in [by_name.get(c, r.fonte if c == "fonte" else "")
                                          for c in spec.column_names] + [r.name, r.unit, r.plan_text]])
        first, last = HEADER_ROW + 1, HEADER_ROW + len(s.rows)
        editable = [c for c in spec.columns if c.name not in spec.key]
        for i, name in enumerate(columns, start=1):
            letter = get_column_letter(i)
            open_cell = name in {c.name for c in editable}
            ws.column_dimensions[letter].width = 60 if name == "frase_del_piano" else 18
            for row in range(first, last + 1):
                cell = ws.cell(row, i)
                if open_cell:
                    cell.protection = Protection(locked=False)
                else:
                    cell.fill = grey
                if name == "frase_del_piano":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, col in enumerate(spec.columns, start=1):
            if col.name in spec.key or not s.rows:
                continue
            rule = _validation(col, DataValidation)
            if rule is not None:
                rule.add(f"{get_column_letter(i)}{first}:{get_column_letter(i)}{last}")
                ws.add_data_validation(rule)
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, len(spec.key) + 1)
        # Locked keys, open values; no password: protection guards against slips, not people.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    info = wb.create_sheet("Istruzioni")
    for line in _istruzioni(periodo, sheets):
        info.append([_text(line)])
    info.column_dimensions["A"].width = 140
    info["A1"].font = Font(bold=True, size=12)
    wb.active = wb.index(info)  # it opens on the instructions
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), sheets


def _validation(col, DataValidation):
    """The drop-down list or number rule of a contract column, or None when the contract has none."""
    if col.choices:
        rule = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True)
        rule.error = f"Scegliere uno dei valori dell'elenco: {', '.join(col.choices)}."
    elif col.kind in ("number", "integer"):
        low = col.minimum if col.minimum is not None else col.exclusive_minimum
        kind = "whole" if col.kind == "integer" else "decimal"
        if low is None:
            rule = DataValidation(type=kind, operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True)
            rule.error = "Scrivere un numero (virgola per i decimali)."
        else:
            rule = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=f"{low:g}", allow_blank=True)
            rule.error = f"Scrivere un numero non inferiore a {low:g}."
    else:
        return None
    rule.errorTitle = f"Valore non ammesso in «{col.name}»"
    rule.showErrorMessage = True
    return rule


# ---------------------------------------------------------------- reading back

@dataclass
class Filled:
    """A filled workbook read back: the CSV that would become the new version, or why it cannot."""
    dataset: str
    periodo: str
    refusal: Problem | None = None
    content: bytes | None = None
    sheet_rows: list[int] = field(default_factory=list)   # workbook row of each filled row, in CSV order
    stored_rows: list[int] = field(default_factory=list)  # stored file's row of each kept row, after them
    stored_name: str = ""
    missing: list[tuple[int, tuple[str, str, str]]] = field(default_factory=list)  # (workbook row, key)
    unchanged: int = 0  # empty rows whose key already has a stored value: kept as stored
    due_rows: int = 0

    def at(self, csv_row: int) -> tuple[str | None, int]:
        """(file, row) where the CSV's row ``csv_row`` came from: None for the workbook itself."""
        i = csv_row - P.PRIMA_RIGA_DATI
        if 0 <= i < len(self.sheet_rows):
            return None, self.sheet_rows[i]
        j = i - len(self.sheet_rows)
        if 0 <= j < len(self.stored_rows):
            return self.stored_name, self.stored_rows[j]
        return None, csv_row


def recognise(table_bytes: bytes) -> tuple[str, str] | None:
    """(dataset, period) named by a workbook's first cell, or None when it is not a modello. The bytes
    are the sheet as CSV: the upload's reading of the workbook, or the sheet saved as CSV by Excel
    (Windows-1252, `;` or `,`) or LibreOffice."""
    first_line = re.split(rb"\r|\n", table_bytes[:MARK_LINE_BYTES], maxsplit=1)[0]
    m = _MARK_RE.match(decode(first_line)[0])
    return (m[1], m[2]) if m else None


def read_filled(sheet_csv: bytes, dataset: str, filename: str, periodo: str | None = None,
                folder: str | Path | None = None) -> Filled | None:
    """The first sheet of an uploaded workbook (as CSV text, from xlsx_to_csv, or saved as CSV) read as
    a filled modello.

    None when it is not a modello (the upload is then an ordinary file). ``periodo``: the period the
    coordinator is loading; a modello of another one is refused."""
    named = recognise(sheet_csv)
    if named is None:
        return None
    their_dataset, their_period = named
    out = Filled(their_dataset, their_period)

    def refuse(code: str, message: str) -> Filled:
        out.refusal = Problem(filename, 0, "", "", code, message)
        return out

    if their_dataset != dataset:
        title = DATASETS[their_dataset].title if their_dataset in DATASETS else their_dataset
        return refuse(MODELLO_ALTRO_DATASET,
                      f"Il file è il modello di «{title}» ({their_dataset}), non di «{get(dataset).title}»: "
                      "scegliere quel dataset in «Dataset da aggiornare» e caricarlo di nuovo.")
    if periodo and their_period != periodo:
        return refuse(MODELLO_ALTRO_PERIODO,
                      f"Il file è il modello del periodo {their_period}, ma il periodo scelto è {periodo}: "
                      f"scegliere {their_period} come periodo del modello, oppure caricare il modello di {periodo}.")
    try:
        sheet = next(s for s in due(their_period, folder) if s.dataset == dataset)
    except ValueError as exc:
        return refuse(MODELLO_ALTRO_PERIODO, str(exc))
    spec = get(dataset)
    # The title rows hold no line break in a cell: the table starts after the first TITLE_ROWS lines.
    body = re.split(r"\r\n|\n|\r", decode(sheet_csv)[0], maxsplit=TITLE_ROWS)[-1].encode("utf-8")
    table = read_text_table_safely(body, filename).frame
    needed = [*OBS_KEY, *(c.name for c in spec.columns if c.name not in spec.key)]
    if any(c not in table.columns for c in needed):
        gone = ", ".join(c for c in needed if c not in table.columns)
        return refuse(MODELLO_CHIAVI_CAMBIATE,
                      f"Nel modello mancano le colonne {gone}: le colonne non vanno tolte né rinominate. "
                      "Scaricare di nuovo il modello e ricopiare i valori.")
    table = table.with_columns(pl.col(c).fill_null("").str.strip_chars() for c in needed)
    fills = [c.name for c in spec.columns if c.name not in spec.key and c.kind in ("number", "integer")]
    expected = {r.key for r in sheet.rows}
    out.due_rows = len(expected)
    seen: dict[tuple[str, str, str], int] = {}
    changed, filled = [], []
    for rec in table.iter_rows(named=True):
        row = rec[ROW_COLUMN] + TITLE_ROWS
        key = tuple(rec[c] for c in OBS_KEY)
        if key not in expected:
            changed.append(f"riga {row} ({' · '.join(key)})")
            continue
        seen[key] = row
        if any(rec[c] for c in fills):
            filled.append((row, key, [rec[c] for c in spec.column_names]))
    if changed:
        more = f" e altre {len(changed) - 5}" if len(changed) > 5 else ""
        return refuse(MODELLO_CHIAVI_CAMBIATE,
                      f"Il modello del periodo {their_period} è stato cambiato nelle colonne protette "
                      f"(indicatore, periodo, territorio): {', '.join(changed[:5])}{more} non sono righe del "
                      "modello. Scaricare di nuovo il modello e ricopiare i valori, senza cambiare quelle colonne.")
    if not filled:
        return refuse(MODELLO_VUOTO, sheet.why_empty or (
            f"Nel modello del periodo {their_period} non è compilato nessun valore: non c'è niente da caricare."))
    stored_header, stored = _stored(spec, folder)
    out.stored_name = stored_header
    filled_keys = {k for _, k, _ in filled}
    rows = [values for _, _, values in filled]
    out.sheet_rows = [row for row, _, _ in filled]
    stored_keys = set()
    for row, key, values in stored:
        stored_keys.add(key)
        if key not in filled_keys:
            rows.append(values)
            out.stored_rows.append(row)
    for r in sheet.rows:
        if r.key in filled_keys:
            continue
        if r.key in stored_keys:
            out.unchanged += 1
        else:
            out.missing.append((seen.get(r.key, 0), r.key))
    out.content = as_csv([spec.column_names, *rows])
    return out


def _stored(spec, folder) -> tuple[str, list[tuple[int, tuple[str, str, str], list[str]]]]:
    """The dataset's stored file as text rows: (its name, [(row, key, values in contract order)])."""
    found = dataset_files(spec, data_dir(folder))
    if len(found) != 1:  # none yet; two are refused when storing (data_loaders.intake.store_upload)
        return spec.filename, []
    frame = read_table(found[0].read_bytes(), found[0].name).frame
    cols = [pl.col(c).fill_null("") if c in frame.columns else pl.lit("").alias(c) for c in spec.column_names]
    frame = frame.select(ROW_COLUMN, *cols)
    return found[0].name, [(rec[0], tuple(str(v).strip() for v in rec[1:4]), list(rec[1:]))
                           for rec in frame.iter_rows()]


# ---------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_loaders.modello",
                                     description="Scrive il modello semestrale dei dati da compilare a mano.")
    parser.add_argument("--periodo", default=None,
                        help="semestre, es. 2023-S2 (predefinito: quello della data di riferimento)")
    parser.add_argument("--out", required=True, help="file .xlsx da scrivere")
    parser.add_argument("--data", default=None, help="cartella dei dati (predefinita: CRUSCOTTO_DATA_DIR)")
    args = parser.parse_args(argv)
    periodo = args.periodo or semester_of(settings.get().reference_date)
    try:
        check_period(periodo)
    except ValueError as exc:
        parser.error(str(exc))
    data, sheets = build_workbook(periodo, args.data)
    Path(args.out).write_bytes(data)
    for s in sheets:
        if s.rows:
            print(f"{args.out}: foglio «{s.dataset}», {len(s.rows)} righe da compilare (periodo {periodo}).")
        else:
            print(f"{args.out}: foglio «{s.dataset}» senza righe. {s.why_empty}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
