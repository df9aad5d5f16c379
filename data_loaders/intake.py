"""An uploaded file -> a validation report a coordinator understands, before anything is stored.

The rule for what may be stored (the page and the store both follow it):
- **rifiutato** (never stored): a file-level error (empty, unreadable, too big, too many rows),
  a missing required column, or no valid row at all;
- **da confermare**: some rows have errors. The file may be stored only if the coordinator
  confirms, having seen the rejected rows listed; those rows are not counted in any figure
  (the loader leaves them out every time it reads the file) and stay listed in «Qualità dei dati»;
- **valido**: no errors (warnings, such as an extra column that is ignored, do not block).

What is validated is exactly what would be stored: a CSV is kept byte for byte; a spreadsheet is
turned into the CSV that becomes the current file, and that CSV is what gets checked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Callable, Literal

import polars as pl

from data_loaders import limits, modello
from data_loaders import problems as P
from data_loaders.export import to_excel_csv
from data_loaders.loader import LoadResult, data_dir, dataset_files, parse_bytes
from data_loaders.problems import Problem
from data_loaders.registry import get
from data_loaders.versions import SaveOutcome, Store, StoreError
from data_loaders.xlsx import sniff_format, xlsx_to_csv

Outcome = Literal["rifiutato", "da_confermare", "valido"]
Progress = Callable[[float, str], None]

# How to fix each kind of problem, in words a coordinator can act on.
FIX_IT: dict[str, str] = {
    P.FILE_VUOTO: "Compilare il file partendo dal modello scaricabile da questa pagina.",
    P.FILE_ILLEGGIBILE: "Salvare il file da Excel come .xlsx oppure «CSV (delimitato dal separatore di elenco)».",
    P.COLONNA_MANCANTE: "Aggiungere la colonna, o rinominare quella suggerita, con il nome del modello.",
    P.COLONNA_SCONOSCIUTA: "Se è un errore di battitura rinominarla come suggerito; altrimenti si può lasciare.",
    P.VALORE_MANCANTE: "Compilare la cella: il valore è obbligatorio.",
    P.NUMERO_NON_VALIDO: "Scrivere solo il numero (es. 1.234,50), senza lettere o note.",
    P.DATA_NON_VALIDA: "Scrivere la data come gg/mm/aaaa (es. 31/12/2023).",
    P.FUORI_INTERVALLO: "Correggere il valore: è fuori dai limiti ammessi.",
    P.VALORE_NON_AMMESSO: "Scegliere uno dei valori ammessi (elencati nel dizionario dei dati).",
    P.FORMATO_NON_VALIDO: "Scrivere il valore nel formato dell'esempio (vedi il dizionario dei dati).",
    P.RIGA_INCOERENTE: "Controllare la riga: numero di colonne, virgolette, ordine delle date.",
    P.RIGA_DUPLICATA: "Togliere la riga doppia, oppure correggere i valori che la identificano.",
    P.DATA_FUTURA: "Correggere la data o l'anno (spesso è sbagliato l'anno): non può essere dopo la data di riferimento.",
    P.FUORI_PERIODO: "Correggere l'anno, oppure togliere la riga: il file riguarda solo gli anni indicati.",
    limits.FILE_TROPPO_GRANDE: "Dividere il file (per esempio per semestre) o salvarlo come CSV.",
    limits.TROPPE_RIGHE: "Dividere il file in più parti (per esempio per anno).",
    limits.ALTRI_FOGLI: "Mettere i dati da caricare nel primo foglio della cartella di lavoro.",
    limits.COLONNA_DUPLICATA: "Togliere la colonna ripetuta, o rinominarla se contiene un altro dato.",
    limits.FOGLIO_TROPPO_GRANDE: "Dividere il file in più parti (per esempio per anno) o salvarlo come CSV.",
    limits.ARCHIVIO_ANOMALO: "Aprire il file in Excel o LibreOffice e salvarlo di nuovo, oppure salvarlo come CSV.",
    limits.CODIFICA_MISTA: "Salvare di nuovo il file come «CSV UTF-8» dal programma con cui è stato scritto "
                           "(o correggere i caratteri indicati).",
    limits.NESSUNA_RIGA_VALIDA: "Correggere le righe elencate e caricare di nuovo il file.",
    modello.MODELLO_ALTRO_DATASET: "Scegliere in «Dataset da aggiornare» il dataset del modello e caricarlo di nuovo.",
    modello.MODELLO_ALTRO_PERIODO: "Scegliere il periodo del modello, oppure scaricare e compilare il modello del periodo scelto.",
    modello.MODELLO_CHIAVI_CAMBIATE: "Scaricare di nuovo il modello e ricopiare i valori senza cambiare le colonne protette.",
    modello.MODELLO_VUOTO: "Compilare almeno un valore nel modello, poi caricarlo di nuovo.",
    modello.MODELLO_DA_COMPILARE: "Nessuna azione: si compilano quando i dati ci sono, con lo stesso modello.",
}

REPORT_COLUMNS = ["Riga", "Colonna", "Valore", "Cosa non va", "Come correggere", "Gravità"]


@dataclass
class UploadReport:
    dataset: str
    filename: str           # the name the coordinator's file had
    size: int               # bytes uploaded
    original_sha256: str    # of the uploaded bytes
    content: bytes | None   # the CSV that would become the current file (None: cannot be stored)
    result: LoadResult | None
    problems: list[Problem] = field(default_factory=list)
    original: bytes | None = None  # the uploaded spreadsheet, kept beside the CSV made from it
    modello: modello.Filled | None = None  # a filled semester workbook: its period, rows filled and missing

    @property
    def sha256(self) -> str:
        """Hash of the content that would be stored ('' when nothing can be)."""
        return hashlib.sha256(self.content).hexdigest() if self.content is not None else ""

    @property
    def rows_read(self) -> int:
        return self.result.rows_read if self.result else 0

    @property
    def rows_good(self) -> int:
        return self.result.rows_valid if self.result else 0

    @property
    def rows_bad(self) -> int:
        return self.result.rows_rejected if self.result else 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "errore"]

    @property
    def blocking(self) -> list[Problem]:
        """The problems that stop the file from being stored at all."""
        return [p for p in self.errors if p.row < P.PRIMA_RIGA_DATI]

    @property
    def outcome(self) -> Outcome:
        if self.content is None or self.blocking or self.rows_good == 0:
            return "rifiutato"
        return "da_confermare" if self.errors else "valido"

    def table(self) -> pl.DataFrame:
        """The problems as the page shows them: spreadsheet row (empty for the whole file), column,
        value, what is wrong, how to fix it, severity; errors first, then by row."""
        ordered = sorted(self.problems, key=lambda p: (p.severity != "errore", p.row, p.column))
        return pl.DataFrame({
            "Riga": [p.row if p.row else None for p in ordered],
            "Colonna": [p.column for p in ordered],
            "Valore": [p.value for p in ordered],
            "Cosa non va": [p.message for p in ordered],
            "Come correggere": [FIX_IT.get(p.code, "") for p in ordered],
            "Gravità": [p.severity for p in ordered],
        }, schema={"Riga": pl.Int64, **{c: pl.Utf8 for c in REPORT_COLUMNS[1:]}})

    def table_csv(self) -> bytes:
        """The report table as a CSV for Italian Excel (`;`, BOM, formula-like cells neutralised)."""
        return to_excel_csv(self.table())


def store_upload(report: UploadReport, by: str, folder: str | None = None, confirmed: bool = False,
                 timeout: float | None = None) -> SaveOutcome:
    """Store a validated upload as the dataset's new current version, following the rule above.

    Raises StoreError (Italian message, nothing written) for a refused file, for a file with row
    errors that the coordinator has not confirmed, or when the store cannot write.
    """
    if report.outcome == "rifiutato" or report.content is None:
        raise StoreError("Il file non è stato salvato: ha errori che ne impediscono il caricamento "
                         "(vedi il rapporto di verifica).")
    if report.outcome == "da_confermare" and not confirmed:
        bad = "1 riga con errori" if report.rows_bad == 1 else f"{report.rows_bad} righe con errori"
        raise StoreError(f"Il file ha {bad}: per salvarlo comunque bisogna "
                         "confermare che quelle righe non saranno conteggiate.")
    twins = [p.name for p in dataset_files(get(report.dataset), data_dir(folder)) if p.name != get(report.dataset).filename]
    if twins:
        raise StoreError(f"Il file non è stato salvato: nella cartella dei dati c'è già {' e '.join(twins)} per questo "
                         "dataset, e con due file non si saprebbe quale vale. Chiedere a chi gestisce il server di "
                         "toglierlo, poi caricare di nuovo.")
    return Store(report.dataset, folder).save(report.content, by, report.filename, original=report.original,
                                              timeout=timeout)


def _refuse(dataset: str, filename: str, data: bytes, problem: Problem) -> UploadReport:
    return UploadReport(dataset, filename, len(data), hashlib.sha256(data).hexdigest(), None, None, [problem])


def validate_upload(data: bytes, dataset: str, filename: str, progress: Progress | None = None,
                    periodo: str | None = None, folder: str | None = None) -> UploadReport:
    """Check an uploaded file against a dataset's contract. Never raises on bad content;
    every outcome other than «valido» carries at least one problem saying why.

    A filled semester workbook (data_loaders.modello) becomes its filled rows merged with the rows
    stored in ``folder`` for every other key; ``periodo``, when given, is the only period accepted."""
    step = progress or (lambda share, text: None)
    spec = get(dataset)
    step(0.05, "Controllo della dimensione del file")
    size_limit, row_limit = limits.max_file_bytes(), limits.max_rows()
    if len(data) > size_limit:
        return _refuse(dataset, filename, data, Problem(
            filename, 0, "", "", limits.FILE_TROPPO_GRANDE,
            f"Il file pesa {_mb(len(data))} MB: il massimo è {_mb(size_limit)} MB."))
    kind = sniff_format(data)
    notes: list[Problem] = []
    if kind == "csv":
        content: bytes | None = data
    else:
        step(0.15, "Lettura del foglio di calcolo")
        content, notes = xlsx_to_csv(data, filename, row_limit)
        if content is None or any(p.code == limits.TROPPE_RIGHE for p in notes):
            return UploadReport(dataset, filename, len(data), hashlib.sha256(data).hexdigest(), None, None, notes)
    filled = modello.read_filled(content, dataset, filename, periodo, folder)
    if filled is not None:
        if filled.refusal is not None:
            return _refuse(dataset, filename, data, filled.refusal)
        return _modello_report(data, dataset, filename, filled, row_limit, step)
    step(0.35, "Verifica delle colonne e delle righe")
    # Records are counted by the reader (a quoted line break is no new row), and a file over the
    # limit is refused before its cells are checked: the size limit bounds the reading itself.
    result = parse_bytes(content, spec, filename, max_rows=row_limit)
    problems = notes + list(result.problems)
    report = UploadReport(dataset, filename, len(data), hashlib.sha256(data).hexdigest(), content, result, problems,
                          original=data if kind != "csv" else None)
    if report.rows_good == 0 and not report.blocking:
        report.problems.insert(0, Problem(
            filename, 0, "", "", limits.NESSUNA_RIGA_VALIDA,
            "Nessuna riga del file è valida: non c'è niente da caricare."))
    step(1.0, "Verifica completata")
    return report


def _modello_report(data: bytes, dataset: str, filename: str, filled: modello.Filled, row_limit: int,
                    step: Progress) -> UploadReport:
    """The report of a filled workbook: the merged CSV checked as any file, each problem placed on the
    workbook's row (or the stored file's, for a row kept from it), the rows still to fill as a warning."""
    step(0.35, "Verifica delle righe compilate")
    result = parse_bytes(filled.content, get(dataset), filename, max_rows=row_limit)
    problems = []
    for p in result.problems:
        if p.row >= P.PRIMA_RIGA_DATI:
            where, row = filled.at(p.row)
            p = replace(p, row=row, file=where or p.file)
        problems.append(p)
    if filled.missing:
        shown = ", ".join(" · ".join(key) for _, key in filled.missing[:5])
        more = f" e altre {len(filled.missing) - 5}" if len(filled.missing) > 5 else ""
        n = len(filled.missing)
        rows = (f"1 riga del modello {filled.periodo} non è ancora compilata (non è un errore: risulta" if n == 1 else
                f"{n} righe del modello {filled.periodo} non sono ancora compilate (non sono errori: risultano")
        problems.insert(0, Problem(filename, 0, "", "", modello.MODELLO_DA_COMPILARE,
                                   f"{rows} «senza dati»): {shown}{more}.", "avviso"))
    report = UploadReport(dataset, filename, len(data), hashlib.sha256(data).hexdigest(), filled.content, result,
                          problems, original=data, modello=filled)  # the upload is not what is stored: kept
    step(1.0, "Verifica completata")
    return report


def _mb(size: int) -> str:
    """Bytes as megabytes with one Italian decimal ('20,5'); whole numbers without decimals."""
    mb = size / 1024 / 1024
    return f"{mb:.0f}" if mb.is_integer() else f"{mb:.1f}".replace(".", ",")

