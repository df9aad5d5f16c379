"""Territory: comuni, population, size classes and ageing. Source: seeds/004, ANALISI DEL CONTESTO.

The plan's own figures (PIANO_*) are quoted for comparison on the page; the indicators are
computed from the comuni dataset. Ageing uses only the rows that give both age groups.
"""

from __future__ import annotations

import polars as pl

from indicators.builders import rate, shared, territory_from_ambito
from indicators.catalog import Indicator, Then
from indicators.periods import year_expr

DOC = "seeds/004 - Piano di Zona 2021-2023, Analisi del contesto"
SOGLIA_GRANDE = 3_000  # "solo 9 hanno una popolazione superiore ai 3000 abitanti"
SOGLIA_PICCOLO = 1_000  # "ben 14 hanno una popolazione che si colloca sotto i 1000 abitanti"
CLASSI = ("oltre 3.000 abitanti", "da 1.000 a 3.000 abitanti", "sotto 1.000 abitanti")
# The plan's sentence, figure by figure: 48 comuni, 9 above 3,000, "gli altri 29" below, 14 below 1,000.
PIANO_COMUNI = {"comuni": 48, "sopra_3000": 9, "altri_sotto_3000": 29, "sotto_1000": 14}
PIANO_POPOLAZIONE_2021 = 156_113
# INDICE VECCHIAIA > 65 / 0-14 and TASSO VECCHIAIA > 65 / TOT, 1999 and 2020.
PIANO_VECCHIAIA = {
    "CREMONESE": (198, 207, 22.1, 25.8),
    "CREMASCO": (125, 176, 16.7, 23.0),
    "CASALASCO": (191, 194, 22.9, 24.6),
    "PROVINCIA": (163, 195, 19.9, 24.4),
}


def size_class(col: str = "popolazione") -> pl.Expr:
    return (pl.when(pl.col(col) > SOGLIA_GRANDE).then(pl.lit(CLASSI[0]))
            .when(pl.col(col) >= SOGLIA_PICCOLO).then(pl.lit(CLASSI[1]))
            .otherwise(pl.lit(CLASSI[2])).alias("classe"))


def plan_size_class_notes(comuni_in_year: pl.DataFrame) -> list[str]:
    """Where the plan's sentence on size classes disagrees with itself or with the loaded comuni
    (one year of one Ambito): Italian sentences, empty if none."""
    p = PIANO_COMUNI
    notes = []
    others = p["comuni"] - p["sopra_3000"]
    if others != p["altri_sotto_3000"]:
        notes.append(f"Il Piano scrive che su {p['comuni']} comuni {p['sopra_3000']} superano i 3.000 abitanti e "
                     f"«gli altri {p['altri_sotto_3000']}» sono sotto: gli altri sarebbero {others} "
                     f"({p['comuni']} − {p['sopra_3000']}), non {p['altri_sotto_3000']}.")
    counts = comuni_in_year.select(size_class()).to_series().value_counts()
    got = dict(zip(counts["classe"], counts["count"]))
    for label, key in ((CLASSI[0], "sopra_3000"), (CLASSI[2], "sotto_1000")):
        if got.get(label, 0) != p[key]:
            notes.append(f"Comuni {label}: il Piano ne conta {p[key]}, i dati caricati {got.get(label, 0)}.")
    if comuni_in_year.height != p["comuni"]:
        notes.append(f"Il Piano conta {p['comuni']} comuni, i dati caricati {comuni_in_year.height}.")
    return notes


def _year() -> pl.Expr:
    return pl.col("anno").cast(pl.Utf8).alias("period")


def population(frames) -> pl.LazyFrame:
    c = frames["comuni"].lazy()
    return (
        c.group_by(territory_from_ambito(), _year())
        .agg(pl.col("popolazione").sum().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"))
    )


def population_by_comune(frames) -> pl.LazyFrame:
    return frames["comuni"].lazy().select(pl.col("comune").alias("territory"), _year(),
                                   pl.col("popolazione").cast(pl.Float64).alias("value"),
                                   pl.lit(1, dtype=pl.Int64).alias("rows")).sort("territory", "period")


def comuni_by_class(frames) -> Then:
    """Comuni per Ambito, year and size class (every class of every Ambito's year, 0 when none):
    one group_by, the grid filled in Python (a few rows; a query per join would cost more)."""
    def grid_of(counts: pl.DataFrame) -> pl.DataFrame:
        n = {(a, y, k): v for a, y, k, v in counts.iter_rows()}
        grid = [(a, y, k) for a, y in dict.fromkeys((a, y) for a, y, _ in n) for k in CLASSI]
        return pl.DataFrame({"territory": [f"Ambito {a} / {k}" for a, _, k in grid],
                             "period": [None if y is None else str(y) for _, y, _ in grid],
                             "value": [float(n.get(key, 0)) for key in grid], "rows": [n.get(key, 0) for key in grid]},
                            schema={"territory": pl.Utf8, "period": pl.Utf8, "value": pl.Float64, "rows": pl.Int64})
    return Then((frames["comuni"].lazy().group_by("ambito", "anno", size_class()).agg(pl.len().alias("n")),), grid_of)


def _with_ages(frames) -> pl.LazyFrame:
    """The comuni rows giving both age groups: a plan, run within each indicator's (filtering again
    costs less than a query of its own)."""
    return shared(frames, "territorio.with_ages", lambda: frames["comuni"].lazy().filter(
        pl.col("popolazione_0_14").is_not_null() & pl.col("popolazione_65_piu").is_not_null()))


def _ageing(c: pl.LazyFrame, territory: pl.Expr, per: str) -> pl.LazyFrame:
    """per = 'indice' (65+/0-14 x 100) or 'tasso' (65+/residents x 100)."""
    den = "popolazione_0_14" if per == "indice" else "popolazione"
    numerator = pl.col("popolazione_65_piu").sum().cast(pl.Float64)
    denominator = pl.col(den).sum().cast(pl.Float64)
    return (
        c.group_by(territory, _year())
        .agg(numerator.alias("numerator"), denominator.alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
             rate(numerator, denominator).alias("value"))
    )


def ageing_index(frames) -> pl.LazyFrame:
    return _ageing(_with_ages(frames), territory_from_ambito(), "indice")


def ageing_rate(frames) -> pl.LazyFrame:
    return _ageing(_with_ages(frames), territory_from_ambito(), "tasso")


def ageing_index_by_comune(frames) -> pl.LazyFrame:
    return _ageing(_with_ages(frames), pl.col("comune").alias("territory"), "indice")


def comuni_table(frames, anno: int, ambito: str) -> pl.DataFrame:
    """One row per comune of the Ambito in ``anno``, with the other pages' figures by comune:
    codice_istat, comune, sub_ambito, popolazione, classe, indice_vecchiaia, tasso_vecchiaia,
    accessi_hug and famiglie_hug (the year's HUG accesses and distinct families), accessi_hug_1000
    (per 1.000 residents), famiglie_pippi (PIPPI families segnalate in the year). Counts are raw:
    the page protects them."""
    c = frames["comuni"].filter((pl.col("anno") == anno) & (pl.col("ambito") == ambito))
    out = c.select(
        "codice_istat", "comune", "sub_ambito", "popolazione", size_class(),
        rate(pl.col("popolazione_65_piu"), pl.col("popolazione_0_14")).round(1).alias("indice_vecchiaia"),
        rate(pl.col("popolazione_65_piu"), pl.col("popolazione")).round(1).alias("tasso_vecchiaia"),
    )
    acc = frames.get("hug_accessi")
    if acc is not None and acc.height:
        hug = (acc.filter(pl.col("data").dt.year() == anno).drop_nulls("codice_istat_comune")
               .group_by(pl.col("codice_istat_comune").alias("codice_istat"))
               .agg(pl.len().cast(pl.Int64).alias("accessi_hug"),
                    pl.col("codice_famiglia").drop_nulls().n_unique().cast(pl.Int64).alias("famiglie_hug")))
        out = out.join(hug, on="codice_istat", how="left")
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.Int64).alias("accessi_hug"),
                               pl.lit(None, dtype=pl.Int64).alias("famiglie_hug"))
    out = out.with_columns(pl.col("accessi_hug").fill_null(0), pl.col("famiglie_hug").fill_null(0))
    fam = frames.get("pippi_famiglie")
    if fam is not None and fam.height and "codice_istat_comune" in fam.columns:
        pippi = (fam.filter(year_expr("data_segnalazione") == str(anno)).drop_nulls("codice_istat_comune")
                 .group_by(pl.col("codice_istat_comune").alias("codice_istat"))
                 .agg(pl.len().cast(pl.Int64).alias("famiglie_pippi")))
        out = out.join(pippi, on="codice_istat", how="left").with_columns(pl.col("famiglie_pippi").fill_null(0))
    else:
        out = out.with_columns(pl.lit(0, dtype=pl.Int64).alias("famiglie_pippi"))
    return (out.with_columns((pl.col("accessi_hug") / pl.col("popolazione") * 1000).round(1).alias("accessi_hug_1000"))
            .sort("popolazione", descending=True))


_BASE = dict(area="territorio", objective="territorio", kind="contesto", direction="up", target=None,
             sources=("comuni",), plan_ref=DOC)
PLAN_PICCOLI = ("su 48 comuni aderenti solo 9 hanno una popolazione superiore ai 3000 abitanti, gli altri 29 "
                "sono sotto i 3.000 abitanti e, di questi, ben 14 hanno una popolazione che si colloca sotto i "
                "1000 abitanti")
PLAN_VECCHIAIA = "INDICE VECCHIAIA > 65 / 0-14 [...] CREMONESE 1999: 198, 2020: 207"

INDICATORS = [
    Indicator(
        id="territorio.popolazione", name="Popolazione residente", unit="numero",
        plan_text="Complessivamente la popolazione dell'Ambito al 1.01.2021 è pari a 156.113 persone",
        measure="Somma dei residenti dei comuni dell'Ambito al 1° gennaio",
        formula="somma popolazione per anno",
        compute=population, **_BASE,
    ),
    Indicator(
        id="territorio.popolazione_comune", name="Popolazione residente per comune", unit="numero",
        plan_text="Il contesto dell'Ambito Sociale cremonese è caratterizzato da una forte presenza di Comuni "
                  "di piccole dimensioni",
        measure="Residenti del comune al 1° gennaio", formula="popolazione del comune per anno",
        compute=population_by_comune, **_BASE,
    ),
    Indicator(
        id="territorio.comuni_per_classe", name="Comuni per classe di ampiezza", unit="numero",
        plan_text=PLAN_PICCOLI,
        measure="Comuni oltre 3.000 abitanti, da 1.000 a 3.000, sotto 1.000",
        formula="conteggio comuni per classe di popolazione e anno",
        compute=comuni_by_class, **_BASE,
    ),
    Indicator(
        id="territorio.indice_vecchiaia", name="Indice di vecchiaia (65+ / 0-14 × 100)", unit="indice",
        plan_text=PLAN_VECCHIAIA,
        measure="Residenti con 65 anni e più ogni 100 residenti di 0-14 anni",
        formula="popolazione 65+ / popolazione 0-14 × 100 (comuni con entrambe le fasce)",
        compute=ageing_index, metric_type="derived", decimals=1, **_BASE,
    ),
    Indicator(
        id="territorio.tasso_vecchiaia", name="Tasso di vecchiaia (65+ sul totale)", unit="percentuale",
        plan_text="TASSO VECCHIAIA > 65 / TOT [...] CREMONESE 1999: 22,1, 2020: 25,8",
        measure="Quota di residenti con 65 anni e più",
        formula="popolazione 65+ / popolazione × 100 (comuni con entrambe le fasce)",
        compute=ageing_rate, metric_type="ratio", decimals=1, **_BASE,
    ),
    Indicator(
        id="territorio.indice_vecchiaia_comune", name="Indice di vecchiaia per comune", unit="indice",
        plan_text=PLAN_VECCHIAIA, measure="Residenti 65+ ogni 100 residenti 0-14 del comune",
        formula="popolazione 65+ / popolazione 0-14 × 100 per comune",
        compute=ageing_index_by_comune, metric_type="derived", decimals=1, **_BASE,
    ),
]
