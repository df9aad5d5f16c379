"""Resources: social spending of the comuni and funds. Source: seeds/004, ANALISI DEL CONTESTO, RISORSE.

Rules chosen once:
- the spending total of a year is the sum of its area rows (what the chart stacks); the total the
  source states is loaded too (dimensione = totale) and only compared, never used in its place:
  ``stated_total_discrepancies`` lists every disagreement, the page shows them;
- the change is between the first and the last year loaded (2016 and 2019 in the plan);
- per-inhabitant figures divide by the Ambito's residents of the same year, or of the nearest
  year loaded when that year is missing (the row's note says which).
"""

from __future__ import annotations

import polars as pl

from indicators.builders import rate, shared, territory_from_ambito
from indicators.catalog import MEMBER, Batch, Indicator, Then

DOC = "seeds/004 - Piano di Zona 2021-2023, Spesa sociale dei comuni 2016-2019"
DOC_FONDI = "seeds/004 - Piano di Zona 2021-2023, RISORSE: Fondi ordinari e Altri fondi"
AREE_IT = {
    "famiglia_minori": "Famiglia e minori", "disabilita": "Disabilità", "migrazioni": "Migrazioni",
    "anziani": "Anziani", "poverta": "Povertà", "servizio_sociale_professionale": "Servizio sociale professionale",
    "compartecipazione_sociosanitaria": "Compartecipazione sociosanitaria", "dipendenze": "Dipendenze",
    "salute_mentale": "Salute mentale",
}
GESTIONE_IT = {"singola": "Gestione singola", "associata": "Gestione associata"}
VERIFICHE_IT = {"area": "somma delle aree", "gestione": "singola + associata"}


def area_label(col: str = "voce") -> pl.Expr:
    return pl.col(col).replace_strict(AREE_IT, default=pl.col(col))


def _sub_territory(label: pl.Expr) -> pl.Expr:
    return pl.format("Ambito {} / {}", pl.col("ambito"), label).alias("territory")


def _year(col: str = "anno") -> pl.Expr:
    return pl.col(col).cast(pl.Utf8).alias("period")


def _areas(frames) -> pl.LazyFrame:
    """The spending rows by area: a plan, run within each indicator's (a few thousand rows even at a
    region's scale: filtering again costs less than a query of its own)."""
    return shared(frames, "risorse.areas", lambda: frames["spesa_sociale"].lazy().filter(pl.col("dimensione") == "area"))


def social_spending_total(frames) -> pl.LazyFrame:
    return (
        _areas(frames).group_by(territory_from_ambito(), _year())
        .agg(pl.col("importo_eur").sum().alias("value"), pl.len().cast(pl.Int64).alias("rows"))
    )


def social_spending_by_area(frames) -> pl.LazyFrame:
    return (
        _areas(frames).group_by(_sub_territory(area_label()), _year())
        .agg(pl.col("importo_eur").sum().alias("value"), pl.len().cast(pl.Int64).alias("rows"))
    )


def _change(frame: pl.LazyFrame, keys: list[str], *columns: pl.Expr) -> pl.LazyFrame:
    """(last - first) / first x 100 between the first and the last year of each group: value,
    numerator, denominator, rows, period and the ``columns`` (expressions of ``keys``)."""
    per_year = frame.group_by(*keys, "anno").agg(pl.col("importo_eur").sum())
    first_last = per_year.group_by(*keys).agg(
        pl.col("anno").min().alias("_a"), pl.col("anno").max().alias("_b"),
        pl.col("importo_eur").sort_by("anno").first().alias("denominator"),
        pl.col("importo_eur").sort_by("anno").last().alias("_last"),
        pl.len().cast(pl.Int64).alias("rows"))
    numerator = pl.col("_last") - pl.col("denominator")
    return first_last.filter(pl.col("_b") > pl.col("_a")).select(
        *columns, pl.format("{}-{}", pl.col("_a"), pl.col("_b")).alias("period"),
        pl.when(pl.col("denominator") > 0).then(numerator / pl.col("denominator") * 100.0).alias("value"),
        numerator.alias("numerator"), "denominator", "rows")


def spending_change(frames) -> pl.LazyFrame:
    return _change(_areas(frames), ["ambito"], territory_from_ambito())


def spending_change_by_area(frames) -> pl.LazyFrame:
    return _change(_areas(frames), ["ambito", "voce"], _sub_territory(area_label()))


def area_share(frames) -> pl.LazyFrame:
    denominator = pl.col("importo_eur").sum().over("ambito", "anno")
    return _areas(frames).select(
        _sub_territory(area_label()), _year(), pl.col("importo_eur").alias("numerator"), denominator.alias("denominator"),
        pl.lit(1, dtype=pl.Int64).alias("rows"), rate(pl.col("importo_eur"), denominator).alias("value"))


def associated_share(frames) -> pl.LazyFrame:
    g = frames["spesa_sociale"].lazy().filter(pl.col("dimensione") == "gestione")
    numerator = pl.col("importo_eur").filter(pl.col("voce") == "associata").sum()
    denominator = pl.col("importo_eur").sum()
    return (
        g.group_by(territory_from_ambito(), _year())
        .agg(numerator.alias("numerator"), denominator.alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
             rate(numerator, denominator).alias("value"))
    )


def stated_total_discrepancies(spesa: pl.DataFrame) -> pl.DataFrame:
    """Every Ambito and year whose stated total (dimensione = totale) differs from the sum of its
    rows, checked twice: against the areas and against single + associated management.

    Returns ambito, anno, verifica ("area" | "gestione"), dichiarato, somma_righe, differenza
    (somma_righe - dichiarato), in euro, and the source's nota; empty when every total agrees
    (a year without a stated total, or without rows of that kind, is not checked)."""
    stated = spesa.filter(pl.col("dimensione") == "totale").group_by("ambito", "anno").agg(
        pl.col("importo_eur").sum().alias("dichiarato"), pl.col("nota").drop_nulls().first().alias("nota"))
    sums = (spesa.filter(pl.col("dimensione").is_in(list(VERIFICHE_IT)))
            .group_by("ambito", "anno", pl.col("dimensione").alias("verifica"))
            .agg(pl.col("importo_eur").sum().alias("somma_righe")))
    return (
        stated.join(sums, on=["ambito", "anno"], how="inner")
        .with_columns((pl.col("somma_righe") - pl.col("dichiarato")).round(2).alias("differenza"))
        .filter(pl.col("differenza") != 0)
        .select("ambito", "anno", "verifica", "dichiarato", "somma_righe", "differenza", "nota")
        .sort("ambito", "anno", "verifica")
    )


def population_for(frames, years: pl.DataFrame) -> pl.DataFrame:
    """Residents of each (ambito, anno) in ``years``, from comuni: the same year, else the nearest
    year loaded (the later one on a tie). Returns ambito, anno, popolazione, anno_popolazione."""
    c = frames.get("comuni")
    if c is None or c.height == 0:
        return years.with_columns(pl.lit(None, dtype=pl.Int64).alias("popolazione"),
                                  pl.lit(None, dtype=pl.Int64).alias("anno_popolazione"))
    pop = c.group_by("ambito", pl.col("anno").alias("anno_popolazione")).agg(pl.col("popolazione").sum())
    return (
        years.join(pop, on="ambito", how="left")
        .with_columns((pl.col("anno_popolazione") - pl.col("anno")).abs().alias("_d"))
        .sort("_d", pl.col("anno_popolazione"), descending=[False, True])
        .group_by("ambito", "anno", maintain_order=True).first()
        .drop("_d")
    )


def _residents(frames) -> pl.LazyFrame:
    """Residents of each Ambito by year from comuni: ambito, anno, popolazione."""
    c = frames.get("comuni")
    if c is None or c.height == 0:
        return pl.LazyFrame(schema={"ambito": pl.Utf8, "anno": pl.Int64, "popolazione": pl.Int64})
    return c.lazy().group_by("ambito", "anno").agg(pl.col("popolazione").sum())


# What each per-inhabitant figure divides, by the name it is batched under: the rows it sums.
SPESA, FONDI = "spesa", "fondi"


def _per_inhabitant_family(frames, params: tuple[str, ...]) -> Then:
    """Euro per inhabitant of each member's amounts (SPESA: the areas' spending, FONDI: the funds
    received) per Ambito and year, dividing by the residents population_for would give (the same
    year, else the nearest loaded, the later on a tie); rows tagged with MEMBER. The Ambiti and
    years are few: the lookup and the division are done in Python (the same IEEE division)."""
    rows = {SPESA: lambda: _areas(frames), FONDI: lambda: _funds(frames, "assegnato")}
    sums = [rows[p]().group_by("ambito", "anno").agg(pl.col("importo_eur").sum().alias("importo"),
                                                     pl.len().cast(pl.Int64).alias("rows")) for p in params]

    def per_inhabitant(residents: pl.DataFrame, *amounts: pl.DataFrame) -> pl.DataFrame:
        by_year: dict = {}
        for ambito, anno, popolazione in residents.iter_rows():
            by_year.setdefault(ambito, {})[anno] = popolazione
        out = []
        for m, member in enumerate(amounts):
            for ambito, anno, importo, n in member.iter_rows():
                years = by_year.get(ambito)
                if not years:
                    continue
                used = min(years, key=lambda y: (abs(y - anno), -y))
                popolazione = years[used]
                if not popolazione or popolazione <= 0:
                    continue
                note = None if used == anno else f"popolazione del {used} (anno più vicino disponibile)"
                out.append((m, f"Ambito {ambito}", str(anno), importo, float(popolazione), n, note,
                            None if importo is None else importo / float(popolazione)))
        out.sort(key=lambda r: r[:3])
        return pl.DataFrame(out, orient="row", schema={
            MEMBER: pl.Int64, "territory": pl.Utf8, "period": pl.Utf8, "numerator": pl.Float64,
            "denominator": pl.Float64, "rows": pl.Int64, "note": pl.Utf8, "value": pl.Float64})
    return Then((_residents(frames), *sums), per_inhabitant)


def _funds(frames, stato: str) -> pl.LazyFrame:
    """The funds' rows of one ``stato``: a plan, as _areas."""
    return shared(frames, ("risorse.funds", stato), lambda: frames["fondi"].lazy().filter(pl.col("stato") == stato))


# «€ 443.968,00 (2020 utilizzo 2021)»: the source names the fund's own year before «utilizzo».
FUND_YEAR_PATTERN = r"(\d{4})\s*-?\s*utilizzo"
MIXED_YEARS = "somma di annualità diverse"


def fund_year() -> pl.Expr:
    """The fund's own year (annualità): the one its note prints before «utilizzo», else the row's year."""
    return pl.col("nota").str.extract(FUND_YEAR_PATTERN, 1).cast(pl.Int64).fill_null(pl.col("anno"))


def _mixed_years_note() -> pl.Expr:
    """Within a group of funds' rows: «somma di annualità diverse: FNA 2020 utilizzo 2021; …» naming, as the
    source prints them, the funds of another year than the row's; null when every fund is of that year."""
    other = fund_year() != pl.col("anno")
    listed = pl.format("{} {}", pl.col("fondo"), pl.col("nota")).filter(other).str.join("; ")
    return pl.when(other.any()).then(pl.lit(MIXED_YEARS + ": ") + listed).alias("note")


def mixed_fund_years(fondi: pl.DataFrame) -> pl.DataFrame:
    """Funds whose own year (fund_year) differs from the column they stand in: ambito, anno, stato, fondo,
    annualita, nota, importo_eur; empty when every column holds one fund year."""
    return (fondi.with_columns(fund_year().alias("annualita")).filter(pl.col("annualita") != pl.col("anno"))
            .select("ambito", "anno", "stato", "fondo", "annualita", "nota", "importo_eur").sort("ambito", "anno", "fondo"))


def _funds_total(frames, stato: str) -> pl.LazyFrame:
    # A total over funds of different years (the plan's 2021 column adds 2020 funds used in 2021) is kept
    # as the source adds it, with a note naming them: never silently one year.
    return (
        _funds(frames, stato).group_by(territory_from_ambito(), _year())
        .agg(pl.col("importo_eur").sum().alias("value"), pl.len().cast(pl.Int64).alias("rows"), _mixed_years_note())
    )


def funds_received(frames) -> pl.LazyFrame:
    return _funds_total(frames, "assegnato")


def funds_estimated(frames) -> pl.LazyFrame:
    return _funds_total(frames, "stima")


def fund_received(frames) -> pl.LazyFrame:
    # One row per fund and year (the dataset's key): the engine orders them.
    return _funds(frames, "assegnato").select(
        _sub_territory(pl.col("fondo")), _year(), pl.col("importo_eur").alias("value"),
        pl.lit(1, dtype=pl.Int64).alias("rows"), pl.col("nota").alias("note"))


def estimate_vs_received(fondi: pl.DataFrame) -> pl.DataFrame:
    """Funds and years with both an estimate and an amount received: ambito, fondo, tipo, anno, stima,
    assegnato, differenza (assegnato - stima, euro), differenza_pct (on the estimate)."""
    est = fondi.filter(pl.col("stato") == "stima").select("ambito", "fondo", "tipo", "anno", pl.col("importo_eur").alias("stima"))
    got = fondi.filter(pl.col("stato") == "assegnato").select("ambito", "fondo", "anno", pl.col("importo_eur").alias("assegnato"))
    difference = (pl.col("assegnato") - pl.col("stima")).round(2)
    return (
        est.join(got, on=["ambito", "fondo", "anno"], how="inner")
        .with_columns(difference.alias("differenza"), rate(difference, pl.col("stima")).alias("differenza_pct"))
        .sort("ambito", "anno", "fondo")
    )


def received_on_estimate(frames) -> pl.LazyFrame:
    # The rows of estimate_vs_received (one per Ambito, fund and year: the dataset's key), from the
    # funds' rows already filtered for this call, in its order, so each sum adds in the same order.
    both = (_funds(frames, "stima").join(_funds(frames, "assegnato"), on=["ambito", "fondo", "anno"], how="inner")
            .sort("ambito", "anno", "fondo"))
    numerator, denominator = pl.col("importo_eur_right").sum(), pl.col("importo_eur").sum()
    return (
        both.group_by(territory_from_ambito(), _year())
        .agg(numerator.alias("numerator"), denominator.alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
             rate(numerator, denominator).alias("value"))
    )


_SPESA = dict(area="risorse", objective="risorse", kind="contesto", direction="up", target=None,
              sources=("spesa_sociale",), plan_ref=DOC)
_FONDI = dict(area="risorse", objective="risorse", kind="contesto", direction="up", target=None,
              sources=("fondi",), plan_ref=DOC_FONDI)
PLAN_SPESA = ("SPESA SOCIALE DEI COMUNI - AMBITO SOCIALE CREMONESE - ANDAMENTI 2016-2019 "
              "(TOTALE 2019: 29.580.029)")
PLAN_FONDI = "FONDI ORDINARI: FONDO / 2021 / STIMA 2022 / STIMA 2023 (e ALTRI FONDI)"

INDICATORS = [
    Indicator(
        id="risorse.spesa_sociale_totale", name="Spesa sociale dei comuni (somma delle aree)", unit="euro",
        plan_text=PLAN_SPESA,
        measure="Somma della spesa sociale dei comuni per area di intervento nell'anno",
        formula="somma importo_eur delle righe con dimensione = area",
        compute=social_spending_total, **_SPESA,
    ),
    Indicator(
        id="risorse.spesa_area", name="Spesa sociale dei comuni per area di intervento", unit="euro",
        plan_text="SPESA SOCIALE COMUNI / AREA: FAM MINORI, DISABILITA', MIGRAZIONI, ANZIANI, POVERTA', "
                  "S.S.P., COMPAR S.S., DIPENDENZE, SALUTE MENT",
        measure="Spesa dei comuni nell'area e nell'anno",
        formula="somma importo_eur per area e anno",
        compute=social_spending_by_area, **_SPESA,
    ),
    Indicator(
        id="risorse.spesa_variazione", name="Variazione della spesa sociale tra il primo e l'ultimo anno",
        unit="percentuale", plan_text="TOTALE [...] 2019/2016: +7.415.989, + 33,5%",
        measure="Variazione percentuale della somma delle aree tra il primo e l'ultimo anno caricati",
        formula="(spesa ultimo anno - spesa primo anno) / spesa primo anno × 100",
        compute=spending_change, metric_type="derived", decimals=1, **_SPESA,
    ),
    Indicator(
        id="risorse.spesa_variazione_area", name="Variazione della spesa sociale per area",
        unit="percentuale", plan_text="SPESA SOCIALE COMUNI per AREA: colonna 2019/2016",
        measure="Variazione percentuale della spesa dell'area tra il primo e l'ultimo anno caricati",
        formula="(spesa ultimo anno - spesa primo anno) / spesa primo anno × 100, per area",
        compute=spending_change_by_area, metric_type="derived", decimals=1, **_SPESA,
    ),
    Indicator(
        id="risorse.quota_area", name="Quota della spesa sociale per area", unit="percentuale",
        plan_text="SPESA SOCIALE COMUNI 2016-2019 per AREA",
        measure="Spesa dell'area sulla somma delle aree nell'anno",
        formula="spesa area / somma delle aree × 100",
        compute=area_share, metric_type="ratio", decimals=1, **_SPESA,
    ),
    Indicator(
        id="risorse.quota_gestione_associata", name="Quota della spesa in gestione associata", unit="percentuale",
        plan_text="SINGOLA / ASSOCIATA: associata 11% (2016), 24% (2017), 14% (2018), 25% (2019)",
        measure="Spesa in gestione associata su spesa singola + associata nell'anno",
        formula="associata / (singola + associata) × 100",
        compute=associated_share, metric_type="ratio", decimals=1, **_SPESA,
    ),
    Indicator(
        id="risorse.spesa_pro_capite", name="Spesa sociale dei comuni per abitante", unit="euro_per_abitante",
        plan_text=PLAN_SPESA + "; la popolazione dell'Ambito al 1.01.2021 è pari a 156.113 persone",
        measure="Somma delle aree divisa per i residenti dell'Ambito (stesso anno o il più vicino caricato)",
        formula="spesa / popolazione",
        compute=Batch(_per_inhabitant_family, SPESA, name="spending_per_inhabitant"), metric_type="ratio", decimals=2,
        **{**_SPESA, "sources": ("spesa_sociale", "comuni")},
    ),
    Indicator(
        id="risorse.fondi_assegnati", name="Fondi assegnati all'Ambito (ordinari e altri)", unit="euro",
        plan_text=PLAN_FONDI, measure="Somma degli importi con stato «assegnato» nell'anno",
        formula="somma importo_eur con stato = assegnato", compute=funds_received, **_FONDI,
    ),
    Indicator(
        id="risorse.fondi_stimati", name="Fondi stimati dal Piano (ordinari e altri)", unit="euro",
        plan_text=PLAN_FONDI, measure="Somma degli importi con stato «stima» nell'anno",
        formula="somma importo_eur con stato = stima", compute=funds_estimated, **_FONDI,
    ),
    Indicator(
        id="risorse.fondo_assegnato", name="Importo assegnato per fondo", unit="euro",
        plan_text="FONDO NAZIONALE POLITICHE SOCIALI – FNPS € 850.000,00 (2021) [...]",
        measure="Importo assegnato al fondo nell'anno", formula="importo_eur con stato = assegnato, per fondo",
        compute=fund_received, **_FONDI,
    ),
    Indicator(
        id="risorse.fondi_assegnati_su_stima", name="Fondi assegnati sulla stima del Piano", unit="percentuale",
        plan_text=PLAN_FONDI, measure="Per i fondi con stima e importo assegnato nello stesso anno: assegnato su stima",
        formula="somma assegnato / somma stima × 100 (fondi con entrambi i valori)",
        compute=received_on_estimate, metric_type="ratio", decimals=1, **_FONDI,
    ),
    Indicator(
        id="risorse.fondi_pro_capite", name="Fondi assegnati per abitante", unit="euro_per_abitante",
        plan_text=PLAN_FONDI + "; la popolazione dell'Ambito al 1.01.2021 è pari a 156.113 persone",
        measure="Fondi assegnati nell'anno divisi per i residenti dell'Ambito (stesso anno o il più vicino)",
        formula="fondi assegnati / popolazione",
        compute=Batch(_per_inhabitant_family, FONDI, name="funds_per_inhabitant"), metric_type="ratio", decimals=2,
        **{**_FONDI, "sources": ("fondi", "comuni")},
    ),
]
