"""The Piano di Zona's two funds tables (seeds/004, RISORSE: «FONDI ORDINARI» and «ALTRI FONDI»), every
line and cell as printed, and the same amounts one per fund year.

fondi.csv holds what the dashboard computes on (the 2021 column as assigned, the 2022-2023 estimates);
its contract keeps the plan's years, so the other-funds table's «2018-2020» column and the projects
whose cells are periods cannot live there. They are transcribed here, once, so the page shows the
document whole, beside the data, and never fills or sums a cell the document leaves as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

ORDINARI, ALTRI = "Fondi ordinari", "Altri fondi"
COLUMNS = {ORDINARI: ("2021", "STIMA 2022", "STIMA 2023"), ALTRI: ("2018-2020", "2021", "STIMA 2022", "STIMA 2023")}
NOT_STATED = "non indicata"


@dataclass(frozen=True)
class Cell:
    """One amount (or one text) of a line of a table, in the column where it is printed.

    ``annualita``: the fund's own year where the cell prints it («2020 utilizzo 2021»); ``importo``: the
    euro the text states (None for «n.d.», «-», a place name)."""

    tabella: str
    fondo: str
    colonna: str
    testo: str
    importo: float | None = None
    annualita: int | None = None
    utilizzo: str = ""


def _line(tabella: str, fondo: str, *cells: tuple) -> list[Cell]:
    return [Cell(tabella, fondo, *c) for c in cells]


O, A = ORDINARI, ALTRI
CELLS: tuple[Cell, ...] = tuple(
    _line(O, "FONDO NAZIONALE POLITICHE SOCIALI – FNPS", ("2021", "€ 850.000,00", 850_000.00),
          ("STIMA 2022", "€ 880.000,00", 880_000.00), ("STIMA 2023", "€ 880.000,00", 880_000.00))
    + _line(O, "FONDO SOCIALE REGIONALE-FSR", ("2021", "€ 1.110.383,65", 1_110_383.65),
            ("STIMA 2022", "€ 1.000.000,00", 1_000_000.00), ("STIMA 2023", "€ 1.000.000,00", 1_000_000.00))
    + _line(O, "FONDO NON AUTOSUFFICIENZA FNA", ("2021", "€ 443.968,00 (2020 utilizzo 2021)", 443_968.00, 2020, "2021"),
            ("STIMA 2022", "€ 450.000,00", 450_000.00), ("STIMA 2023", "€ 450.000,00", 450_000.00))
    + _line(O, "FONDO POVERTA'", ("2021", "€ 1.062.606,51 (2020 - utilizzo 2021)", 1_062_606.51, 2020, "2021"),
            ("STIMA 2022", "€ 1.000.000,00", 1_000_000.00), ("STIMA 2023", "€ 1.000.000,00", 1_000_000.00))
    + _line(O, "POTENZIAMENTO SERVIZI SOCIALI", ("2021", "0", 0.0),
            ("STIMA 2022", "€ 433.000,00", 433_000.00), ("STIMA 2023", "€ 400.000,00", 400_000.00))
    + _line(O, "FONDO DOPO DI NOI", ("2021", "€ 203.893,94 (2020 utilizzo 2021/ 2022)", 203_893.94, 2020, "2021/ 2022"),
            ("STIMA 2022", "€ 200.000,00", 200_000.00), ("STIMA 2023", "€ 200.000,00", 200_000.00))
    + _line(A, "FONDI SOSTEGNO ALLA LOCAZIONE",
            ("2018-2020", "€ 218.189,00 (2020 utilizzo 2020)", 218_189.00, 2020, "2020"),
            ("2018-2020", "€ 385.726,00 (2020 utilizzo 2021)", 385_726.00, 2020, "2021"),
            ("2021", "€ 545.224,00 (2021 utilizzo 2022)", 545_224.00, 2021, "2022"),
            ("STIMA 2022", "€ 400.000,00", 400_000.00), ("STIMA 2023", "€ 400.000,00", 400_000.00))
    + _line(A, "FAMI", ("2018-2020", "€ 168.711,39", 168_711.39), ("2021", "€ 140.000,00 (proroga onerosa)", 140_000.00),
            ("STIMA 2022", "n.d."), ("STIMA 2023", "n.d."))
    + _line(A, "REDDITO AUTONOMIA", ("2018-2020", "€ 50.000,00", 50_000.00), ("2021", "€ 50.000,00", 50_000.00),
            ("STIMA 2022", "€ 50.000,00", 50_000.00), ("STIMA 2023", "€ 40.000,00", 40_000.00))
    + _line(A, "PROVI", ("2018-2020", "€ 80.000,00 + € 80.000,00", 160_000.00), ("2021", "€ 80.000,00", 80_000.00),
            ("STIMA 2022", "€ 80.000,00", 80_000.00), ("STIMA 2023", "€ 80.000,00", 80_000.00))
    + _line(A, "FONDO GAP (GIOCO AZZARDO PATOLOGICO)", ("2018-2020", "Cremona"), ("2021", "€ 30.853,31", 30_853.31),
            ("STIMA 2022", "n.d."), ("STIMA 2023", "n.d."))
    + _line(A, "CAPABILITY.CR percorsi di inclusione attiva a favore di persone in condizione di vulnerabilità e "
               "disagio POR FSE 2014/2020",
            ("2018-2020", "AVVIO SETTEMBRE 2020 – PROROGATO AL 2022 (DATA DA DEFINIRE ENTRO IL 31/8) € 150.000,00 "
                          "In corso In corso", 150_000.00))
    + _line(A, "RESTART 3.0 Accompagnamento sociale a favore delle persone sottoposte a provvedimenti dell'autorità "
               "giudiziaria (ADULTI) e loro famiglie - Anno 2021 POR FSE 2014/2020",
            ("2018-2020", "RESTART 2.0 (incluso incremento funzioni post-covid19 e cof partners) 250.108,15 €", 250_108.15),
            ("2021", "Dal 27/05/2021 Al 30/6/2022 € 233.150,86", 233_150.86))
    + _line(A, "OUTSIDERS VII Accompagnamento sociale a favore delle persone sottoposte (MINORI) a provvedimenti "
               "dell'autorità giudiziaria e loro famiglie Anno 2021 - POR FSE 2014/2020",
            ("2018-2020", "OUTSIDERS VI LUGLIO 2019-DICEMBRE (incluso incremento funzioni post-covid19 e cof partners) "
                          "€ 126.786,78", 126_786.78),
            ("2021", "Dal 27/05/2021 Al 30/6/2022 € 141.130,67", 141_130.67))
    + _line(A, "A REBOURS - Sviluppo di percorsi a carattere multidisciplinare per la realizzazione dei piani "
               "integrati di inclusione sociale delle persone sottoposte a provvedimenti dell'autorità giudiziaria – "
               "DGR 511/2018 Regione Lombardia",
            ("2018-2020", "DICEMBRE 2018 – 30 GIUGNO 2021 € 44.085,92", 44_085.92))
    + _line(A, "INCUBATORI DI COMUNITÀ Progetti di giustizia riparativa finanziati da Cassa Ammende",
            ("2018-2020", "Da Luglio 2020 a Febbraio 2022 € 20.113,26", 20_113.26))
    + _line(A, "UN FUTURO IN COMUNE- Progetti di giustizia riparativa finanziati da Cassa Ammende e Regione Lombardia",
            ("2018-2020", "-"), ("2021", "Novembre 2021 a novembre 2023 € 56.232,16", 56_232.16))
    + _line(A, "UN FUTURO IN COMUNE, A FIANCO DI CHI è VITTIMA - Progetti di giustizia riparativa finanziati dal "
               "Ministero di Giustizia", ("2021", "Dicembre 2021 a dicembre 2022 € 11.200", 11_200.00))
    # The last two lines stand after the table with a single figure each, in the first column's place.
    + _line(A, "Piano Territoriale Conciliazione – Progetto ALICE", ("2018-2020", "€ 28.626,28", 28_626.28))
    + _line(A, "Rete Territoriale Antiviolenza – Progetto ARCA delle Donne Regione Lombardia",
            ("2018-2020", "€ 191.309,1", 191_309.10))
)

# What the tables mix, said beside them (each one read off the cells above).
NOTES = {
    ORDINARI: "La colonna «2021» mescola annualità: FNPS e FSR sono importi del 2021, mentre FNA, Fondo Povertà "
              "e Fondo Dopo di Noi sono fondi 2020 utilizzati nel 2021 (e nel 2022): sommarla dà 3.670.852,10 € "
              "che non sono i fondi di un solo anno.",
    ALTRI: "La colonna «2021» contiene il fondo locazione 2021 (utilizzo 2022), una proroga (FAMI) e progetti che "
           "durano fino al 2022 o al 2023 («RESTART 3.0», «OUTSIDERS VII», «UN FUTURO IN COMUNE»); la colonna «2018-2020» "
           "riporta due volte il fondo locazione 2020 (utilizzo 2020 e utilizzo 2021), per «RESTART» e «OUTSIDERS» "
           "l'edizione precedente («RESTART 2.0», «OUTSIDERS VI»), per il «Fondo GAP» (gioco d'azzardo patologico) la parola «Cremona» invece di un "
           "importo. Le righe «ALICE» e «ARCA» hanno un solo importo, senza colonna: è mostrato nella prima. "
           "Nella colonna 2021 delle due tabelle, 4.516.929,41 € sommano fondi di annualità diverse.",
}


def printed_table(tabella: str) -> pl.DataFrame:
    """The table as the plan prints it: «Fondo» and one text column per printed column; a cell with two
    amounts keeps both texts, an empty cell is empty."""
    cols = COLUMNS[tabella]
    lines: dict[str, dict[str, list[str]]] = {}
    for c in CELLS:
        if c.tabella == tabella:
            lines.setdefault(c.fondo, {}).setdefault(c.colonna, []).append(c.testo)
    return pl.DataFrame([{"Fondo": fondo, **{col: " ".join(texts.get(col, [])) for col in cols}}
                         for fondo, texts in lines.items()], schema={"Fondo": pl.Utf8, **{c: pl.Utf8 for c in cols}})


def by_fund_year() -> pl.DataFrame:
    """One row per amount of both tables: tabella, fondo, colonna, importo (euro), annualita (the fund's
    year where printed, else None), utilizzo, testo. Texts that state no amount are left out."""
    return pl.DataFrame(
        [(c.tabella, c.fondo, c.colonna, c.importo, c.annualita, c.utilizzo, c.testo) for c in CELLS if c.importo is not None],
        schema={"tabella": pl.Utf8, "fondo": pl.Utf8, "colonna": pl.Utf8, "importo": pl.Float64,
                "annualita": pl.Int64, "utilizzo": pl.Utf8, "testo": pl.Utf8}, orient="row")
