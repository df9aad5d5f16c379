"""Centro per le Famiglie HUG. Source: seeds/000 (protocollo operativo).

Counting rules, chosen once and written here:
- an access is a row of the shared register ("strumenti comuni di registrazione degli accessi");
- a family is reached in a semester when at least one of its accesses falls in it; accesses
  without a family code count as accesses, never as families;
- opening hours are those declared in hug_orari for each weekday, from ``valido_dal`` (or the
  semester's start) to ``valido_al`` (or the register's last day, so a semester in progress is
  not diluted by days not yet recorded); holidays are not subtracted;
- the protocol sets no target on the number of accesses: the «aumento» of hug.accessi_semestre is
  the dashboard's proposal (marked ``proposed``), never the protocol's;
- "a cadenza almeno bimensile" is read, as the issue reads it, as at least one meeting every
  two months, i.e. at least 3 in a semester. In strict Italian *bimensile* means twice a month
  (12 a semester): the entry is marked ``proposed`` and the page says so.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from indicators.builders import run
from indicators.catalog import MEMBER, Batch, Indicator, Target, Then
from indicators.config import ambito_label, principal_ambito
from indicators.periods import bounds, semester_expr, semester_label, semester_number, semester_of

DOC = "seeds/000 - Protocollo operativo HUG, Centro per le Famiglie"
PUNTI_IT = {
    "hub": "Hub – Piazza Giovanni XXIII",
    "spoke1_hack_montalcini": "Spoke 1 – Polo infanzia Hack-Montalcini",
    "spoke2_asc": "Spoke 2 – Azienda Sociale del Cremonese",
    "spoke2_soresina": "Spoke 2 – IC Bertesi, Soresina",
    "spoke3_civico81": "Spoke 3 – Civico 81 (conciliazione)",
}
TOTALE_HUG = "Totale HUG"  # label of the semestral summary's total row
TIPI_IT = {
    "informazione": "Informazione", "orientamento": "Orientamento", "consulenza": "Consulenza",
    "gruppo_padri": "Gruppi padri (primi 1000 giorni)", "conciliazione": "Conciliazione",
}
GIORNO_ISO = {"lunedì": 1, "martedì": 2, "mercoledì": 3, "giovedì": 4, "venerdì": 5, "sabato": 6}
# Art. 6, "TOTALE 70.000€ 30.000€".
PROTOCOLLO_TOTALI = {"finanziamento": 70_000.0, "cofinanziamento": 30_000.0}
MESI_TRA_RIUNIONI = 2
RIUNIONI_MIN_SEMESTRE = 6 // MESI_TRA_RIUNIONI  # one every two months = 3 in six months
PERIODO_PROTOCOLLO = "protocollo"


def _whole() -> str:
    return ambito_label(principal_ambito())


def point_territory(col: str = "punto_accesso") -> pl.Expr:
    """'Ambito Cremonese / Hub – Piazza Giovanni XXIII' for a point code."""
    return pl.format("{} / {}", pl.lit(_whole()),
                     pl.col(col).replace_strict(PUNTI_IT, default=pl.col(col))).alias("territory")


def by_semester(a: pl.DataFrame, date_col: str, keys: list, aggs: list, label: str = "period") -> pl.DataFrame:
    """``a`` grouped by the semester of ``date_col`` (column ``label``, first) and ``keys``. The
    register may hold millions of rows: they are grouped on the semester's number, and only the
    groups get their text label."""
    # Streaming: grouped in batches, the distinct family codes of millions of rows do not all sit
    # in memory at once (the server's peak stays under its 1 GiB budget at a region's scale).
    out = (a.lazy().group_by(_semester_numbers(a.get_column(date_col)).alias("_sem"), *keys).agg(*aggs)
           .collect(engine="streaming"))
    return out.select(semester_label(pl.col("_sem")).alias(label), pl.exclude("_sem"))


def _semester_numbers(dates: pl.Series) -> pl.Expr:
    """``semester_number`` of every date of ``dates`` (a column of the frame it is used on), found by
    a binary search among the first days of the semesters they span: a few times cheaper than
    reading the year and month of millions of dates."""
    if dates.null_count():
        return semester_number(dates.name)
    first, last = dates.min().year, dates.max().year
    starts = pl.Series([dt.date(y, m, 1) for y in range(first, last + 1) for m in (1, 7)], dtype=pl.Date)
    # How many semesters start on or before the date, counted from the first year's first semester.
    since_first = pl.lit(starts).search_sorted(pl.col(dates.name), side="right").cast(pl.Int32) - 1
    return since_first + first * 2


def _semester_counts(a: pl.DataFrame) -> pl.LazyFrame:
    """Accesses per semester number and point: _sem, punto_accesso, n. The other counts of the
    register are sums of this small frame, so the millions of rows are grouped once."""
    return a.lazy().group_by("_sem", "punto_accesso").agg(pl.len().alias("n"))


def _semester_totals(a: pl.DataFrame) -> pl.LazyFrame:
    """Per semester number, in order: _sem, n (accesses), famiglie (distinct family codes)."""
    return (a.lazy().group_by("_sem").agg(pl.len().alias("n"), pl.col("codice_famiglia").drop_nulls().n_unique().alias("famiglie"))
            .sort("_sem"))


def _semester_labels(numbers: pl.Series) -> pl.Series:
    """``semester_label`` of a few semester numbers, in Python (a query costs more for so few)."""
    return pl.Series("period", [f"{n // 2}-S{n % 2 + 1}" for n in numbers.to_list()], dtype=pl.Utf8)


def _per_semester(totals: pl.DataFrame) -> pl.DataFrame:
    # Sorted on the number, which orders the labels as the text does.
    n = totals.get_column("n")
    return pl.DataFrame([_semester_labels(totals.get_column("_sem")), n.cast(pl.Float64).alias("value"),
                         n.cast(pl.Int64).alias("rows"), pl.Series("territory", [_whole()] * n.len(), dtype=pl.Utf8)])


def _columns(frame: pl.DataFrame, *names: str):
    """The rows of a few columns of ``frame`` as tuples (no query, unlike select)."""
    return zip(*(frame.get_column(c).to_list() for c in names))


def _point_label(code: str | None) -> str | None:
    """``point_territory`` of one point code, in Python."""
    return None if code is None else f"{_whole()} / {PUNTI_IT.get(code, code)}"


def _by_point(counts: pl.DataFrame) -> pl.DataFrame:
    # A few rows (semesters x points): labelled and ordered in Python, a query costs more.
    rows = sorted((_point_label(p), f"{s // 2}-S{s % 2 + 1}", float(n), n)
                  for s, p, n in _columns(counts, "_sem", "punto_accesso", "n"))
    return pl.DataFrame(rows, orient="row", schema={"territory": pl.Utf8, "period": pl.Utf8,
                                                    "value": pl.Float64, "rows": pl.Int64})


def _families(totals: pl.DataFrame) -> pl.DataFrame:
    n = totals.get_column("n")
    return pl.DataFrame([_semester_labels(totals.get_column("_sem")),
                         totals.get_column("famiglie").cast(pl.Float64).alias("value"), n.cast(pl.Int64).alias("rows"),
                         pl.Series("territory", [_whole()] * n.len(), dtype=pl.Utf8)])


def _per_hour(counts: pl.DataFrame, hours: pl.DataFrame | None) -> pl.DataFrame:
    if hours is None:  # no opening hours declared
        return pl.DataFrame()
    # Few points and semesters: the accesses of each are looked up and divided in Python (the same
    # IEEE division); a point-semester without accesses has 0 of them.
    done = {(p, f"{s // 2}-S{s % 2 + 1}"): float(n)
            for s, p, n in _columns(counts, "_sem", "punto_accesso", "n")}
    rows = []
    for point, period, ore in _columns(hours, "punto_accesso", "period", "ore"):
        if ore is None or not ore > 0:
            continue
        numerator = done.get((point, period), 0.0)
        rows.append((period, _point_label(point), numerator / ore, numerator, ore, int(numerator)))
    rows.sort(key=lambda r: (r[1], r[0]))
    return pl.DataFrame(rows, orient="row", schema={
        "period": pl.Utf8, "territory": pl.Utf8, "value": pl.Float64, "numerator": pl.Float64,
        "denominator": pl.Float64, "rows": pl.Int64})


# The register's indicators, by the batch parameter that names them.
SEMESTRE, PUNTO, FAMIGLIE, PER_ORA = "semestre", "punto", "famiglie", "per_ora"


def _register_family(frames, params: tuple[str, ...]) -> pl.DataFrame | Then:
    """The register's indicators at once (count per semester, per point, distinct families, per
    opening hour), tagged with MEMBER. The register may hold millions of rows: it is read once
    into semester numbers, the counts per semester and point are grouped once and the others
    derived from them; only families (not additive over points) group the rows again."""
    a = frames.get("hug_accessi")
    if a is None or a.height == 0:
        return pl.DataFrame(schema={MEMBER: pl.Int64})
    first, last = _register_span(a)
    orari = frames.get("hug_orari")
    a = a.select(_semester_numbers(a["data"]).alias("_sem"), "punto_accesso", "codice_famiglia")
    plans = {}
    if set(params) & {PUNTO, PER_ORA}:
        plans["counts"] = _semester_counts(a)
    if set(params) & {SEMESTRE, FAMIGLIE}:
        plans["totals"] = _semester_totals(a)
    if PER_ORA in params and orari is not None and orari.height:
        plans["hours"] = _opening_hours_plan(orari, bounds(semester_of(first))[0], last)

    def rows(*frames_: pl.DataFrame) -> pl.DataFrame:
        done = dict(zip(plans, frames_))
        counts, totals = done.get("counts"), done.get("totals")
        make = {SEMESTRE: lambda: _per_semester(totals), PUNTO: lambda: _by_point(counts),
                FAMIGLIE: lambda: _families(totals), PER_ORA: lambda: _per_hour(counts, done.get("hours"))}
        parts = [part.hstack([pl.Series(MEMBER, [m] * part.height, dtype=pl.Int64)])
                 for m, part in enumerate(make[p]() for p in params) if part.height]
        return pl.concat(parts, how="diagonal") if parts else pl.DataFrame(schema={MEMBER: pl.Int64})
    return Then(tuple(plans.values()), rows)


def monthly_accesses(accessi: pl.DataFrame) -> pl.DataFrame:
    """Accesses by month (first day of the month), point and kind: mese, punto_accesso, tipo, accessi."""
    # Streaming: at a region's scale (2,3 M rows) the in-memory group_by hashes every row's
    # keys at once (~+290 MB of peak memory, 0,25 s); in batches it is ~+10 MB and 0,1 s.
    return (
        accessi.lazy().group_by(pl.col("data").dt.truncate("1mo").alias("mese"), "punto_accesso", "tipo")
        .agg(pl.len().cast(pl.Int64).alias("accessi"))
        .sort("mese", "punto_accesso", "tipo")
        .collect(engine="streaming")
    )


def _hours(dalle: pl.Expr, alle: pl.Expr) -> pl.Expr:
    def minutes(e: pl.Expr) -> pl.Expr:
        return e.str.slice(0, 2).cast(pl.Int64) * 60 + e.str.slice(3, 2).cast(pl.Int64)
    return (minutes(alle) - minutes(dalle)) / 60.0


def opening_hours(orari: pl.DataFrame, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Declared opening hours per point and semester between start and end (inclusive):
    punto_accesso, period, ore (hours)."""
    return run(_opening_hours_plan(orari, start, end))[0]


def _opening_hours_plan(orari: pl.DataFrame, start: dt.date, end: dt.date) -> pl.LazyFrame:
    if orari.height == 0 or start > end:
        return pl.LazyFrame(schema={"punto_accesso": pl.Utf8, "period": pl.Utf8, "ore": pl.Float64})
    # Every day and its ISO weekday (1 = Monday), from the day numbers: no query for a calendar.
    epoch = (start - dt.date(1970, 1, 1)).days
    day_numbers = np.arange(epoch, epoch + (end - start).days + 1, dtype=np.int32)
    days = pl.DataFrame([pl.Series("giorno_data", day_numbers).cast(pl.Date),
                         pl.Series("_wd", (day_numbers + 3) % 7 + 1, dtype=pl.Int8)])  # 01/01/1970 was a Thursday
    slots = orari.lazy().with_columns(pl.col("giorno").replace_strict(GIORNO_ISO, return_dtype=pl.Int8).alias("_wd"),
                                      _hours(pl.col("dalle"), pl.col("alle")).alias("_ore"))
    return (
        days.lazy().join(slots, on="_wd")
        .filter((pl.col("giorno_data") >= pl.col("valido_dal"))
                & (pl.col("valido_al").is_null() | (pl.col("giorno_data") <= pl.col("valido_al"))))
        .group_by("punto_accesso", semester_expr("giorno_data").alias("period"))
        .agg(pl.col("_ore").sum().alias("ore"))
        .sort("punto_accesso", "period")
    )


def _register_span(accessi: pl.DataFrame) -> tuple[dt.date, dt.date] | None:
    if accessi.height == 0:
        return None
    return accessi["data"].min(), accessi["data"].max()


def _budget_rate(b: pl.DataFrame, by: list[pl.Expr]) -> pl.LazyFrame:
    numerator, denominator = pl.col("speso_eur").fill_null(0).sum(), pl.col("previsto_eur").sum()
    return b.lazy().group_by(*by).agg(
        numerator.alias("numerator"), denominator.alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
        pl.when(denominator > 0).then(numerator / denominator * 100.0).alias("value"),
        pl.lit(PERIODO_PROTOCOLLO).alias("period"))


def budget_spent(frames) -> pl.LazyFrame:
    return _budget_rate(frames["hug_budget"], [pl.lit(_whole()).alias("territory")])


def budget_spent_by_partner(frames) -> pl.LazyFrame:
    return _budget_rate(frames["hug_budget"], [pl.format("{} / {}", pl.lit(_whole()), pl.col("partner")).alias("territory")])


def budget_vs_protocol(budget: pl.DataFrame) -> pl.DataFrame:
    """Quote whose planned rows do not add up to the protocol's stated TOTALE (art. 6):
    tipo, dichiarato, somma_righe, differenza (somma_righe - dichiarato), in euro. Empty when all agree."""
    sums = budget.group_by("tipo").agg(pl.col("previsto_eur").sum().alias("somma_righe"))
    stated = pl.DataFrame({"tipo": list(PROTOCOLLO_TOTALI), "dichiarato": list(PROTOCOLLO_TOTALI.values())})
    return (
        stated.join(sums, on="tipo", how="left")
        .with_columns(pl.col("somma_righe").fill_null(0.0))
        .with_columns((pl.col("somma_righe") - pl.col("dichiarato")).round(2).alias("differenza"))
        .filter(pl.col("differenza") != 0)
    )


def _semesters_between(first: str, last: str) -> list[str]:
    y, s = int(first[:4]), int(first[-1])
    out = []
    while f"{y}-S{s}" <= last:
        out.append(f"{y}-S{s}")
        y, s = (y, 2) if s == 1 else (y + 1, 1)
    return out


def meetings_per_semester(frames) -> pl.DataFrame | Then:
    """Meetings per semester, with zero for a semester without any (from the first meeting to the
    latest semester of the meetings or of the access register). One group_by; the semesters'
    grid filled in Python (a few rows: a join would cost more)."""
    m = frames["hug_riunioni"]
    if m.height == 0:
        return pl.DataFrame()
    last = m["data"].max()
    a = frames.get("hug_accessi")
    if a is not None and a.height:
        last = max(last, a["data"].max())
    grid = _semesters_between(semester_of(m["data"].min()), semester_of(last))

    def filled(counts: pl.DataFrame) -> pl.DataFrame:
        n = {p: (c, v) for p, c, v in counts.iter_rows()}
        return pl.DataFrame({"period": grid, "value": [float(n.get(p, (0, 0))[0]) for p in grid],
                             "rows": [n.get(p, (0, 0))[0] for p in grid], "territory": [_whole()] * len(grid),
                             "note": [f"con verbale: {n[p][1] if p in n and n[p][1] is not None else 0}" for p in grid]},
                            schema={"period": pl.Utf8, "value": pl.Float64, "rows": pl.Int64, "territory": pl.Utf8,
                                    "note": pl.Utf8})
    return Then((m.lazy().group_by(semester_expr("data").alias("period")).agg(
        pl.len().alias("n"), pl.col("verbale").sum().cast(pl.Int64).alias("_verbali")),), filled)


def longest_gap_days(riunioni: pl.DataFrame) -> pl.DataFrame:
    """Per semester of the later meeting: the longest interval between two consecutive meetings
    (days): period, intervallo_max_giorni."""
    d = riunioni.select("data").sort("data").with_columns(
        (pl.col("data") - pl.col("data").shift(1)).dt.total_days().alias("gap"))
    return (d.drop_nulls("gap").group_by(semester_expr("data").alias("period"))
            .agg(pl.col("gap").max().alias("intervallo_max_giorni")).sort("period"))


def semestral_summary(frames) -> pl.DataFrame:
    """The semestral report owed to ATS, from the register itself: one row per semester and point
    plus a 'Totale HUG' row. Columns: semestre, punto, accessi, one column per kind of access,
    famiglie (distinct codes), ore_apertura, accessi_per_ora."""
    a = frames["hug_accessi"]
    if a.height == 0:
        return pl.DataFrame()
    kinds = [pl.col("tipo").eq(k).sum().cast(pl.Int64).alias(k) for k in TIPI_IT]
    common = [pl.len().cast(pl.Int64).alias("accessi"), *kinds,
              pl.col("codice_famiglia").drop_nulls().n_unique().cast(pl.Int64).alias("famiglie")]
    by_point = by_semester(a, "data", ["punto_accesso"], common, "semestre")
    total = by_semester(a, "data", [], common, "semestre").with_columns(pl.lit("totale").alias("punto_accesso"))
    orari = frames.get("hug_orari")
    span = _register_span(a)
    first = bounds(semester_of(span[0]))[0]
    hours = opening_hours(orari if orari is not None else pl.DataFrame(), first, span[1]) \
        .rename({"period": "semestre", "ore": "ore_apertura"})
    hours_total = hours.group_by("semestre").agg(pl.col("ore_apertura").sum()).with_columns(
        pl.lit("totale").alias("punto_accesso"))
    order = {k: i for i, k in enumerate([*PUNTI_IT, "totale"])}
    out = (
        pl.concat([by_point.join(hours, on=["semestre", "punto_accesso"], how="left"),
                   total.join(hours_total, on=["semestre", "punto_accesso"], how="left")], how="diagonal_relaxed")
        .with_columns((pl.col("accessi") / pl.col("ore_apertura")).round(2).alias("accessi_per_ora"),
                      pl.col("punto_accesso").replace_strict(order, return_dtype=pl.Int64).alias("_o"))
        .sort("semestre", "_o")
        .with_columns(pl.col("punto_accesso").replace_strict({**PUNTI_IT, "totale": TOTALE_HUG}).alias("punto"))
    )
    return out.select("semestre", "punto", "accessi", *TIPI_IT, "famiglie", "ore_apertura", "accessi_per_ora")


INDICATORS = [
    Indicator(
        id="hug.accessi_semestre", area="hug", objective="hug", kind="output",
        name="Accessi registrati al Centro per le Famiglie nel semestre", unit="numero", direction="up",
        target=Target("increase", pace=True), sources=("hug_accessi",),
        plan_text="Sono adottati strumenti comuni di registrazione degli accessi e di monitoraggio delle attività.",
        measure="Accessi registrati all'hub e ai tre spoke nel semestre",
        formula="conteggio righe del registro accessi per semestre",
        compute=Batch(_register_family, SEMESTRE, name="accesses_per_semester"), plan_ref=DOC, sensitive=True,
        # The protocol asks for a shared register, never for more accesses: «aumento» is the dashboard's.
        proposed=True,
    ),
    Indicator(
        id="hug.accessi_punto", area="hug", objective="hug", kind="contesto",
        name="Accessi per punto di accesso (hub e spoke) nel semestre", unit="numero", direction="up",
        target=None, sources=("hug_accessi",),
        plan_text="Il progetto HUG prevede un sistema di offerta per le famiglie dell'ambito di Cremona "
                  "costituito da un HUB e 3 spoke specializzati per area tematica ovvero per target.",
        measure="Accessi registrati in ciascun punto nel semestre",
        formula="conteggio righe del registro accessi per semestre e punto di accesso",
        compute=Batch(_register_family, PUNTO, name="accesses_by_point"), plan_ref=DOC, sensitive=True,
    ),
    Indicator(
        id="hug.famiglie_raggiunte", area="hug", objective="hug", kind="contesto",
        name="Famiglie raggiunte dal Centro per le Famiglie nel semestre", unit="numero", direction="up",
        target=None, sources=("hug_accessi",),
        plan_text="L'HUB [...] garantisce il punto di accesso per le famiglie [...] con una funzione di "
                  "SPORTELLO INFORMATIVO, DI ORIENTAMENTO E CONSULENZA.",
        measure="Famiglie distinte (codice pseudonimo) con almeno un accesso nel semestre",
        formula="numero di codici famiglia distinti nel registro accessi per semestre",
        compute=Batch(_register_family, FAMIGLIE, name="families_per_semester"), plan_ref=DOC, sensitive=True,
    ),
    Indicator(
        id="hug.accessi_per_ora", area="hug", objective="hug", kind="contesto",
        name="Accessi per ora di apertura, per punto di accesso", unit="numero", direction="up",
        target=None, sources=("hug_accessi", "hug_orari"),
        plan_text="punto di accesso per le famiglie per due giorni alla settimana, il martedì dalle 10.00 "
                  "alle 12.00 e il giovedì dalle 16.00 alle 18.00 [...] aperto il lunedì dalle 8.00 alle 10.00",
        measure="Accessi del semestre divisi per le ore di apertura dichiarate del punto nel semestre",
        formula="accessi / ore di apertura (hug_orari, giorni della settimana nel periodo di validità)",
        # Sensitive: times the published hours it is the point's access count.
        compute=Batch(_register_family, PER_ORA, name="accesses_per_hour"), metric_type="derived", decimals=2, plan_ref=DOC,
        sensitive=True,
    ),
    Indicator(
        id="hug.budget_speso", area="hug", objective="hug", kind="contesto",
        name="Budget HUG speso sul previsto (finanziamento e cofinanziamento)", unit="percentuale",
        direction="up", target=None, sources=("hug_budget",),
        plan_text="Art.6 – Risorse: TOTALE 70.000€ (finanziamento) 30.000€ (cofinanziamento)",
        measure="Somma dello speso rendicontato su somma del previsto, tutti i partner",
        formula="speso / previsto × 100",
        compute=budget_spent, metric_type="ratio", decimals=1, plan_ref=DOC,
    ),
    Indicator(
        id="hug.budget_speso_partner", area="hug", objective="hug", kind="contesto",
        name="Budget HUG speso sul previsto, per partner", unit="percentuale",
        direction="up", target=None, sources=("hug_budget",),
        plan_text="Art.6 – Risorse: Ente / Finanziamento / Cofinanziamento",
        measure="Speso rendicontato su previsto di ciascun partner (finanziamento + cofinanziamento)",
        formula="speso / previsto × 100 per partner",
        compute=budget_spent_by_partner, metric_type="ratio", decimals=1, plan_ref=DOC,
    ),
    Indicator(
        id="hug.riunioni_tavolo", area="hug", objective="hug", kind="output",
        name="Riunioni del Tavolo di Coordinamento nel semestre", unit="numero", direction="up",
        target=Target("at_least", RIUNIONI_MIN_SEMESTRE, "semestrale", pace=True,
                      label="≥ 3 nel semestre (una ogni due mesi)"),
        sources=("hug_riunioni", "hug_accessi"),
        plan_text="Ai fini della rendicontazione semestrale da produrre ad ATS per il debito regionale, il "
                  "Tavolo di Coordinamento predisporrà riunioni a cadenza almeno bimensile, codificando gli "
                  "incontri in verbali strutturati.",
        measure="Riunioni del Tavolo registrate nel semestre (zero se nessuna)",
        formula="conteggio righe di hug_riunioni per semestre",
        compute=meetings_per_semester, plan_ref=DOC, proposed=True,
    ),
]
