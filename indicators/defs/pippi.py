"""PIPPI (PNRR M5C2 1.1.1) indicators. Sources: seeds/002 (targets, budget, timetable,
governance, expected results), seeds/003 (Seregno: devices, minimum hours, family mix).

Counting rules, chosen once and written here:
- the project's calendar is its own (pippi_progetto, per Ambito: data_avvio .. data_fine): a
  year, quarter or the whole span is cut to it, so a project ending on 30/06/2026 has its year
  2026 and its span 2023-2026 closed on that day, judged as ended; pace runs over the cut period
  (project_calendar). Every year the families register covers (the project's years, else the
  years of its own dates) has a row of families included, 0 when none was;
- a family counts as a target family in the year of its ``data_inclusione``; the year's
  target comes from the module of that Ambito and year (pippi_moduli: start and base 10,
  autonomia 15, avanzato 20; a year with no module declared is taken as base, and said so);
- the assessment rate is per cohort: families segnalate in year Y (denominator) of which
  those with a valutazione multidimensionale at any date (numerator). A family segnalata
  in December and assessed in January counts in December's year, so the numerator never
  exceeds the denominator. "> 75%" is strict: exactly 75% is not above the standard;
- devices and expected results are shares of the families included (a blank yes/no cell
  counts as "no"); educativa domiciliare counts only at 8 hours a week or more;
- the project's span and family target come from pippi_progetto, per Ambito; the
  governance deadlines count from its data_avvio;
- breakdowns (équipe, comune, role, capitolo) are separate ids whose territory names the
  sub-unit: "Ambito Cremonese / EM1";
- an Ambito with a call of its own (BANDO_PROPRIO: Seregno, seeds/003) is judged only by what its
  call and its declaration files say (pippi_progetto, pippi_moduli, pippi_cronoprogramma, pnrr_budget,
  ORE_MINIME), never by seeds/002's standard, milestones, minimum of operators, expected results or 30
  families: where it declares nothing its rows carry no target («non dichiarato nel bando»).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Mapping

import polars as pl

from data_loaders.registry import get as dataset_spec
from indicators.builders import rate, run, shared, territory_from_ambito
from indicators.catalog import MEMBER, Batch, Indicator, Target, Then
from indicators.periods import year_expr

DOC = "seeds/002 - Progetto PNRR M5C2 1.1.1, Ambito Cremonese"
DOC_SEREGNO = "seeds/003 - Ambito di Seregno, co-progettazione PIPPI"
FAMIGLIE_PER_ANNO = 10
FAMIGLIE_PROGETTO = 30
SOGLIA_VALUTAZIONI = 75.0
OPERATORI_FORMATI_MIN = 10
BUDGET_PROGETTO = 211_500.0
ANNUALITA_PROGETTO = 3  # "attuare nel triennio": the span used when no project dates are declared
TARGET_MODULO = {"start": 10, "base": 10, "autonomia": 15, "avanzato": 20}
MODULO_PREDEFINITO = "base"
SOGLIA_ORE_EDUCATIVA = 8.0  # seeds/003: "non possono essere inferiori ad otto ore settimanali"
# At or under this many families one family moves the rate by 5 points or more.
DENOMINATORE_PICCOLO = 20
NOTA_POCHE_FAMIGLIE = "con poche famiglie una famiglia sposta il tasso di molti punti"
NOTA_75_ESATTO = "75% esatto non supera lo standard (> 75%)"
# seeds/003: "un monte ore non inferiore a n. 6.000 ore per la figura professionale dell'educatore, ..."
ORE_MINIME: dict[str, dict[str, float]] = {
    "Seregno": {"educatore": 6_000.0, "psicologo": 1_400.0, "pedagogista": 900.0, "mediatore_culturale": 100.0},
}
RUOLO_IT = {
    "referente_territoriale": "referente territoriale", "coach": "coach", "assistente_sociale": "assistente sociale",
    "educatore": "educatore", "psicologo": "psicologo", "pedagogista": "pedagogista",
    "mediatore_culturale": "mediatore culturale", "neuropsichiatra": "neuropsichiatra",
    "insegnante": "insegnante", "altro": "altro",
}
PROTOCOLLI = ("protocollo_scuole", "protocollo_autorita_giudiziaria")
# Ambiti whose PIPPI call is their own document, not seeds/002 (the Cremonese's, on whose template the
# region's generated Ambiti run too): why the page shows them, and that seeds/002's targets are not theirs.
BANDO_PROPRIO = {
    "Seregno": "un secondo Ambito (provincia di Monza e Brianza) attua lo stesso programma PIPPI con un proprio "
               "bando di co-progettazione; è mostrato per confronto e giudicato solo su ciò che il suo bando "
               "dichiara (monte ore minimo per figura, finanziamento di € 211.500,00 nel triennio giugno 2023 – "
               "maggio 2026), mai sui target, le scadenze o il piano finanziario del progetto dell'Ambito Cremonese",
}
# What a call says two ways: shown beside its Ambito, for the documents to be checked.
INCOERENZE_BANDO = {
    "Seregno": "il bando indica il triennio sia come «giugno 2023 – maggio 2026» sia come «maggio 2023 – aprile "
               "2026»; il cruscotto usa le date dichiarate nel file del progetto",
}
# A row's target that the Ambito's own call does not declare: the engine reads a NaN target as none.
NON_DICHIARATO = float("nan")
NOTA_NON_DICHIARATO = "target non dichiarato nel bando dell'Ambito: nessun giudizio"
# Which date decides a family's year, as the PIPPI page says it (one convention per indicator).
CONVENZIONE_ANNO = (
    "Anno di una famiglia: le famiglie incluse contano nell'anno della data di inclusione; il tasso di "
    "valutazione multidimensionale conta ogni famiglia nell'anno della segnalazione (la coorte), anche se "
    "valutata l'anno dopo; gli esiti contano nell'anno di inclusione. Gli anni e il progetto si chiudono "
    "alla data di fine dichiarata nei dati del progetto: un anno finito prima del 31/12 è giudicato concluso.")
NOTA_NESSUNA_FAMIGLIA = "nessuna famiglia inclusa nell'anno"
# A documents' inconsistency: the register includes families before the project's declared start or
# after its end. Said without the number (a count of families: it may be a small cell).
NOTA_FUORI_PROGETTO = "famiglie incluse fuori dalle date dichiarate del progetto: da verificare"


# ---------------------------------------------------------------- shared pieces

def _frame(frames: Mapping[str, pl.DataFrame], name: str) -> pl.DataFrame:
    """The dataset's frame, or an empty one with its schema when it was not given or not loaded."""
    f = frames.get(name)
    return f if f is not None else dataset_spec(name).empty_frame()


def _sub(col: str | pl.Expr) -> pl.Expr:
    """Territory of a breakdown: 'Ambito Cremonese / EM1'."""
    expr = pl.col(col) if isinstance(col, str) else col
    return pl.format("Ambito {} / {}", pl.col("ambito"), expr).alias("territory")


def _included(frames) -> pl.LazyFrame:
    """The families with an inclusion date: a plan, run within each indicator's (a few thousand rows
    even at a region's scale: filtering again costs less than a query of its own)."""
    return shared(frames, "pippi.included",
                  lambda: _frame(frames, "pippi_famiglie").lazy().filter(pl.col("data_inclusione").is_not_null()))


def _project(frames) -> dict[str, tuple]:
    """Per Ambito: (first year, last year, family target) of the project, read from the columns
    without a polars query. An Ambito has one row (the dataset's key: the loader drops a repeat)."""
    def make() -> dict[str, tuple]:
        p = _frame(frames, "pippi_progetto")

        def years(col: str) -> list:
            return [None if d is None else d.year for d in p.get_column(col).to_list()]

        return {a: spans for a, *spans in zip(p.get_column("ambito").to_list(), years("data_avvio"),
                                              years("data_fine"), p.get_column("famiglie_target").to_list())}
    return shared(frames, "pippi.project", make)


def project_calendar(frames) -> dict[str, tuple[dt.date, dt.date]]:
    """Per Ambito ('Ambito Cremonese'): the project's first and last day, as pippi_progetto declares
    them (the engine cuts each PIPPI row's period to it: indicators.catalog.Indicator.calendar)."""
    def make() -> dict:
        p = _frame(frames, "pippi_progetto")
        return {f"Ambito {a}": (d0, d1) for a, d0, d1 in zip(p.get_column("ambito").to_list(),
                                                            p.get_column("data_avvio").to_list(),
                                                            p.get_column("data_fine").to_list())
                if a is not None and d0 is not None and d1 is not None}
    return shared(frames, "pippi.calendar", make)


def _of_project(frames, field: int, ambito: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """The project's ``field`` (0 first year, 1 last year, 2 family target) of ``ambito``; null without a project."""
    lookup = shared(frames, ("pippi.of_project", field),
                    lambda: _lookup({a: p[field] for a, p in _project(frames).items() if a is not None}))
    if lookup is None:
        return pl.lit(None, dtype=dtype)
    return ambito.replace_strict(*lookup, default=None, return_dtype=dtype)


# The datasets whose indicators give a project's span as their period.
_OVER_PROJECT = ("pippi_famiglie", "pippi_operatori", "pippi_governance", "pippi_ore")


def _span(frames, first: pl.Expr, last: pl.Expr, ambito: pl.Expr | None = None) -> pl.Expr:
    """``period`` = the project's span of the Ambito ('2023-2026'), else the data's own first..last
    year. By default an aggregation over one Ambito's rows (inside group_by().agg)."""
    ambito = pl.col("ambito").first() if ambito is None else ambito
    known = _known_spans(frames)
    if known is not None:  # the same labels, without the data's years polars would compute for nothing
        return ambito.replace_strict(*known, default=None, return_dtype=pl.Utf8).alias("period")
    y0, y1 = (_of_project(frames, i, ambito, pl.Int32) for i in (0, 1))
    return _span_label(pl.coalesce(y0, first), pl.coalesce(y1, last)).alias("period")


def _known_spans(frames) -> tuple[pl.Expr, pl.Expr] | None:
    """When every Ambito of the project datasets has a project with both its years (the usual
    case), each span's label by Ambito, as lookup literals; else None (the data's years may count)."""
    def make():
        spans = {a: (y0, y1) for a, (y0, y1, _) in _project(frames).items()
                 if a is not None and y0 is not None and y1 is not None}
        present = set()
        for name in _OVER_PROJECT:
            f = frames.get(name)
            if f is not None:
                present.update(f.get_column("ambito").unique().to_list())
        if not present <= spans.keys():
            return None
        return _lookup({a: str(y0) if y0 == y1 else f"{y0}-{y1}" for a, (y0, y1) in spans.items()})
    return shared(frames, "pippi.known_spans", make)


def _own_call(ambito: pl.Expr) -> pl.Expr:
    """Whether ``ambito`` (a name, 'Seregno') has a call of its own (BANDO_PROPRIO)."""
    return ambito.is_in(list(BANDO_PROPRIO))


def _territory_own_call() -> pl.Expr:
    """Whether a row's territory ('Ambito Seregno', 'Ambito Seregno / EM-A') is an Ambito with its own call."""
    return pl.col("territory").str.split(" / ").list.first().is_in([f"Ambito {a}" for a in BANDO_PROPRIO])


def _without_seeds002_target(out: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    """``out`` with no target (NON_DICHIARATO, and its note) on the rows of an Ambito with its own call."""
    columns = out.collect_schema().names()
    own = _territory_own_call()
    note = pl.col("note") if "note" in columns else pl.lit(None, dtype=pl.Utf8)
    # seeds/002's standard is not this Ambito's: its «75% esatto» remark goes with it.
    kept = note.str.replace(f"; {NOTA_75_ESATTO}", "", literal=True).str.replace(NOTA_75_ESATTO, "", literal=True)
    kept = pl.when(kept == "").then(None).otherwise(kept)
    target = pl.col("target") if "target" in columns else pl.lit(None, dtype=pl.Float64)
    text = pl.lit(NOTA_NON_DICHIARATO)
    return out.with_columns(
        pl.when(own).then(pl.lit(NON_DICHIARATO)).otherwise(target).cast(pl.Float64).alias("target"),
        pl.when(~own).then(note).when(kept.is_null()).then(text).otherwise(pl.format("{}; {}", kept, text))
        .alias("note"))


def seeds002_only(compute):
    """``compute`` whose target is seeds/002's (the Cremonese's project): none for an Ambito with its own call."""
    @functools.wraps(compute)
    def judged(frames):
        out = compute(frames)
        return out.then(_without_seeds002_target) if isinstance(out, Then) else _without_seeds002_target(out)
    return judged


def _lookup(mapping: dict) -> tuple[pl.Expr, pl.Expr] | None:
    """``mapping``'s keys and values as the literals ``replace_strict`` makes of a dict, made once per
    call (polars builds them again on every use of a dict); None for an empty mapping."""
    return (pl.lit(list(mapping)), pl.lit(list(mapping.values()))) if mapping else None


def _span_label(first: pl.Expr, last: pl.Expr) -> pl.Expr:
    """'2023-2026', or '2023' when the span is one year."""
    return pl.when(first == last).then(first.cast(pl.Utf8)).otherwise(pl.format("{}-{}", first, last))


def _add_months(d: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter: 31/01 + 1 -> 28/02)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _comune_label() -> pl.Expr:
    """Comune name: the family file's own, else the comuni list's latest, else the ISTAT code."""
    return pl.coalesce(pl.col("comune"), pl.col("_nome"), pl.format("ISTAT {}", pl.col("codice_istat_comune")))


def _with_comune_names(f: pl.LazyFrame, frames) -> pl.LazyFrame:
    comuni = frames.get("comuni")
    if comuni is None or comuni.height == 0:
        return f.with_columns(pl.lit(None, dtype=pl.Utf8).alias("_nome"))
    # The latest year's name of each comune (one row per comune and year: the dataset's key).
    names = comuni.lazy().group_by("codice_istat").agg(pl.col("comune").sort_by("anno").last().alias("_nome"))
    return f.join(names, left_on="codice_istat_comune", right_on="codice_istat", how="left")


def _included_by_comune(frames) -> pl.LazyFrame:
    """The included families with their comune's label (column _comune): a plan, as _included."""
    return shared(frames, "pippi.included_by_comune", lambda: _with_comune_names(_included(frames), frames)
                  .with_columns(_comune_label().alias("_comune")))


def _count(f: pl.DataFrame | pl.LazyFrame, keys: list[pl.Expr]) -> pl.LazyFrame:
    return f.lazy().group_by(keys).agg(pl.len().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"))


def _count_over_project(f: pl.DataFrame | pl.LazyFrame, territory: pl.Expr, frames) -> pl.LazyFrame:
    """Families per territory (one Ambito's sub-unit) over the project's span, in one query."""
    year = pl.col("data_inclusione").dt.year()
    return f.lazy().group_by(territory).agg(pl.len().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"),
                                     _span(frames, year.min(), year.max()))


def family_weight(note: str | None, denominator: float | None) -> str | None:
    """The small-denominator note with the points one family is worth, for a viewer who sees the
    denominator. Not in the engine's note: the public sees the rate without its denominator, and
    100 / points is the denominator again."""
    if not note or denominator is None or NOTA_POCHE_FAMIGLIE not in note:
        return note
    points = f"{100.0 / denominator:.1f}".replace(".", ",")
    return note.replace(NOTA_POCHE_FAMIGLIE, f"{NOTA_POCHE_FAMIGLIE}: qui una famiglia vale {points} punti", 1)


def _small_denominator_note() -> pl.Expr:
    small = pl.lit(NOTA_POCHE_FAMIGLIE)
    exact = pl.lit(NOTA_75_ESATTO)
    return (
        pl.when((pl.col("denominator") <= DENOMINATORE_PICCOLO) & (pl.col("value") == SOGLIA_VALUTAZIONI))
        .then(pl.format("{}; {}", small, exact))
        .when(pl.col("denominator") <= DENOMINATORE_PICCOLO).then(small)
        .when(pl.col("value") == SOGLIA_VALUTAZIONI).then(exact)
        .otherwise(None).alias("note")
    )


def _ratio(f: pl.DataFrame | pl.LazyFrame, keys: list[pl.Expr], hit: pl.Expr, *more: pl.Expr) -> pl.LazyFrame:
    """Share of rows where ``hit`` holds, per keys: numerator, denominator, value (%), rows (and the
    ``more`` aggregations), in one query."""
    numerator, denominator = hit.fill_null(False).sum().cast(pl.Float64), pl.len().cast(pl.Float64)
    return f.lazy().group_by(keys).agg(numerator.alias("numerator"), denominator.alias("denominator"),
                                pl.len().cast(pl.Int64).alias("rows"), rate(numerator, denominator).alias("value"),
                                *more)


OUT = ["period", "territory", "value", "rows"]
OUT_RATE = ["period", "territory", "value", "numerator", "denominator", "rows"]


# ---------------------------------------------------------------- target families

def _module_of(frames) -> pl.Expr:
    """The module declared for the row's Ambito and ``period`` (year), null when none is."""
    m = _frame(frames, "pippi_moduli")
    mapping = {f"{a}\x1f{y}": mod for a, y, mod in zip(m.get_column("ambito").to_list(), m.get_column("anno").to_list(),
                                                       m.get_column("modulo").to_list())}
    if not mapping:
        return pl.lit(None, dtype=pl.Utf8)
    return pl.format("{}\x1f{}", pl.col("ambito"), pl.col("period")).replace_strict(
        mapping, default=None, return_dtype=pl.Utf8)


_REGISTER_DATES = ("data_segnalazione", "data_valutazione", "data_inclusione", "data_chiusura")


def _years_covered(frames) -> pl.LazyFrame:
    """(ambito, period) for every year the families register covers, per Ambito it names: the
    project's years (pippi_progetto) up to the last year the register has any date in (a year not
    reached yet is not one with no family), else the years of the register's own dates."""
    ambito = pl.col("ambito").first()
    first = pl.min_horizontal(*[pl.col(c).dt.year().min() for c in _REGISTER_DATES]).cast(pl.Int32)
    last = pl.max_horizontal(*[pl.col(c).dt.year().max() for c in _REGISTER_DATES]).cast(pl.Int32)
    spans = _frame(frames, "pippi_famiglie").lazy().group_by("ambito").agg(
        pl.coalesce(_of_project(frames, 0, ambito, pl.Int32), first).alias("_y0"),
        pl.min_horizontal(_of_project(frames, 1, ambito, pl.Int32), last).alias("_y1"))
    return (spans.filter(pl.col("_y0").is_not_null() & pl.col("_y1").is_not_null())
            .select("ambito", pl.int_ranges("_y0", pl.col("_y1") + 1).alias("period"))
            .explode("period").select("ambito", pl.col("period").cast(pl.Utf8)))


def _outside_project(frames) -> pl.Expr:
    """Whether a family's inclusion falls before its Ambito's declared project start or after its end
    (false without a declared project)."""
    calendar = project_calendar(frames)
    if not calendar:
        return pl.lit(False)
    ambito = pl.format("Ambito {}", pl.col("ambito"))
    start, end = (ambito.replace_strict({a: days[i] for a, days in calendar.items()}, default=None,
                                        return_dtype=pl.Date) for i in (0, 1))
    day = pl.col("data_inclusione")
    return ((day < start) | (day > end)).fill_null(False)


def _outside_note(note: pl.Expr) -> pl.Expr:
    """``note``, with NOTA_FUORI_PROGETTO added when column _fuori (families outside the project) is > 0."""
    return (pl.when(pl.col("_fuori") > 0)
            .then(pl.when(note.is_null()).then(pl.lit(NOTA_FUORI_PROGETTO))
                  .otherwise(pl.format("{}; {}", note, pl.lit(NOTA_FUORI_PROGETTO))))
            .otherwise(note))


def families_per_year(frames) -> pl.LazyFrame:
    """Families included per Ambito and year, against the target of that year's module (count);
    0 in a year the register covers with no family included."""
    f = _included(frames)
    counts = f.group_by(pl.col("ambito"), year_expr("data_inclusione").alias("period")).agg(
        pl.len().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"),
        _outside_project(frames).sum().alias("_fuori"))
    counts = (counts.join(_years_covered(frames), on=["ambito", "period"], how="full", coalesce=True)
              .with_columns(pl.col("value").fill_null(0.0), pl.col("rows").fill_null(0))
              .sort("ambito", "period"))
    declared = _module_of(frames)
    modulo = declared.fill_null(pl.lit(MODULO_PREDEFINITO))
    target = modulo.replace_strict({k: float(v) for k, v in TARGET_MODULO.items()}, default=None,
                                   return_dtype=pl.Float64)
    # The base module is seeds/002's assumption: an Ambito with its own call has only what it declares.
    undeclared = declared.is_null() & _own_call(pl.col("ambito"))
    note = (pl.when(undeclared).then(pl.lit(f"modulo non dichiarato; {NOTA_NON_DICHIARATO}"))
            .when(declared.is_null())
            .then(pl.format("modulo non indicato: si assume il modulo {} ({} famiglie)", modulo,
                            target.cast(pl.Int64)))
            .otherwise(pl.format("modulo {}: {} famiglie", modulo, target.cast(pl.Int64))))
    target = pl.when(undeclared).then(pl.lit(NON_DICHIARATO)).otherwise(target)
    note = pl.when(pl.col("rows") == 0).then(pl.format("{}; {}", pl.lit(NOTA_NESSUNA_FAMIGLIA), note)).otherwise(note)
    return counts.select(territory_from_ambito(), "period", "value", "rows", target.alias("target"),
                         _outside_note(note).alias("note"))


def families_cumulative(frames) -> pl.LazyFrame:
    """Families included since the start, per Ambito, against the project's target (count)."""
    first = pl.col("data_inclusione").dt.year().min()
    ambito = pl.col("ambito").first()
    y0, y1 = (_of_project(frames, i, ambito, pl.Int32) for i in (0, 1))
    declared = _of_project(frames, 2, ambito, pl.Float64)
    # seeds/002's 30 families stand in for an undeclared target, except for an Ambito with its own call.
    undeclared = declared.is_null() & _own_call(ambito)
    return _included(frames).group_by(territory_from_ambito()).agg(
        pl.format("{}-{}", pl.coalesce(y0, first), pl.coalesce(y1, first + ANNUALITA_PROGETTO - 1)).alias("period"),
        pl.len().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"),
        pl.when(undeclared).then(pl.lit(NON_DICHIARATO))
        .otherwise(declared.fill_null(float(FAMIGLIE_PROGETTO))).alias("target"),
        undeclared.alias("_nd"), _outside_project(frames).sum().alias("_fuori")).with_columns(
        _outside_note(pl.when(pl.col("_nd")).then(pl.lit(NOTA_NON_DICHIARATO))).alias("note")).drop("_fuori", "_nd")


def families_per_year_equipe(frames) -> pl.LazyFrame:
    return _count(_included(frames), [_sub("equipe"), year_expr("data_inclusione").alias("period")])


def families_cumulative_equipe(frames) -> pl.LazyFrame:
    return _count_over_project(_included(frames), _sub("equipe"), frames)


def families_per_year_comune(frames) -> pl.LazyFrame:
    return _count(_included_by_comune(frames), [_sub("_comune"), year_expr("data_inclusione").alias("period")])


def families_cumulative_comune(frames) -> pl.LazyFrame:
    return _count_over_project(_included_by_comune(frames), _sub("_comune"), frames)


# ---------------------------------------------------------------- assessment rate

def _assessed() -> pl.Expr:
    return pl.col("data_valutazione").is_not_null()


def assessment_rate_per_year(frames) -> pl.LazyFrame:
    """Valutazioni / segnalazioni x 100 per Ambito and year of segnalazione (the cohort)."""
    f = _frame(frames, "pippi_famiglie")
    out = _ratio(f, [territory_from_ambito(), year_expr("data_segnalazione").alias("period")], _assessed())
    return out.with_columns(_small_denominator_note())


def assessment_rate_per_year_equipe(frames) -> pl.LazyFrame:
    f = _frame(frames, "pippi_famiglie")
    out = _ratio(f, [_sub("equipe"), year_expr("data_segnalazione").alias("period")], _assessed())
    return out.with_columns(_small_denominator_note())


def _assessment_over_project(frames, territory: pl.Expr) -> pl.LazyFrame:
    year = pl.col("data_segnalazione").dt.year()
    out = _ratio(_frame(frames, "pippi_famiglie"), [territory], _assessed(), _span(frames, year.min(), year.max()))
    return out.with_columns(_small_denominator_note())


def assessment_rate_project(frames) -> pl.LazyFrame:
    return _assessment_over_project(frames, territory_from_ambito())


def assessment_rate_project_equipe(frames) -> pl.LazyFrame:
    return _assessment_over_project(frames, _sub("equipe"))


# ---------------------------------------------------------------- operators

def _operators(frames) -> pl.LazyFrame:
    """Per Ambito and role (label, _ruolo): operators trained (_n), operators (rows), first and last
    year of training (_a, _b): the plan both operator indicators start from."""
    def make() -> pl.LazyFrame:
        year = pl.col("data_formazione").dt.year()
        return _frame(frames, "pippi_operatori").lazy().group_by(
            "ambito", pl.col("ruolo").replace_strict(RUOLO_IT, default=pl.col("ruolo")).alias("_ruolo")).agg(
            pl.col("data_formazione").is_not_null().sum().alias("_n"), pl.len().cast(pl.Int64).alias("rows"),
            year.min().alias("_a"), year.max().alias("_b"))
    return shared(frames, "pippi.operators", make)


def _known_period(out: pl.LazyFrame) -> pl.LazyFrame:
    # An Ambito with neither a project nor a training date has no span: no row.
    return out.filter(pl.col("period").is_not_null())


def operators_trained(frames) -> pl.LazyFrame:
    """Operators with a training date, per Ambito (count), over the project's span (else the years
    of training). The roles' counts add up exactly (integers)."""
    out = _operators(frames).group_by("ambito").agg(
        pl.col("_n").sum().cast(pl.Float64).alias("value"), pl.col("rows").sum().alias("rows"),
        _span(frames, pl.col("_a").min(), pl.col("_b").max()))
    return _known_period(out.select("period", territory_from_ambito(), "value", "rows"))


def operators_trained_by_role(frames) -> pl.LazyFrame:
    """Operators with a training date, per Ambito and role (count), over the Ambito's span."""
    ops = _operators(frames)
    first, last = pl.col("_a").min().over("ambito"), pl.col("_b").max().over("ambito")
    return _known_period(ops.select(_span(frames, first, last, ambito=pl.col("ambito")), _sub("_ruolo"),
                                    pl.col("_n").cast(pl.Float64).alias("value"), "rows"))


# ---------------------------------------------------------------- governance milestones

@dataclass(frozen=True)
class Traguardo:
    """A governance milestone: the ``quanti``-th act of ``tipo`` within ``mesi`` months of the start."""

    codice: str
    tipo: str
    quanti: int
    mesi: int
    nome: str
    frase: str
    scadenza_proposta: str = ""  # why this deadline, where the plan gives no month


# seeds/002, "6. Modalità di attuazione". Where the plan names no month, the deadline is read from
# the cronoprogramma ("Individuazione/aggiornamento figure necessarie", I trim. 2023 - II trim. 2024:
# the 18 months of pre-implementazione) and said so beside the milestone.
TRAGUARDI = (
    Traguardo("gt", "gruppo_territoriale", 1, 24, "Gruppo Territoriale consolidato",
              "Il GT dovrà consolidarsi nella composizione secondo i criteri definiti dal programma entro 24 mesi"),
    Traguardo("rt", "referente_territoriale", 2, 18, "Due referenti territoriali",
              "individuazione di 2 RT con funzioni di coordinamento operativo del progetto nel Comune di Cremona "
              "e nell'Ambito",
              "entro la pre-implementazione (18 mesi, dal cronoprogramma)"),
    Traguardo("coach1", "coach", 1, 3, "Primo coach",
              "individuazione di almeno un coach già nella fase di pre-implementazione",
              "all'avvio: primo trimestre del cronoprogramma"),
    Traguardo("coach2", "coach", 2, 12, "Secondo coach",
              "a cui affiancare un secondo coach entro i primi 12 mesi di attività"),
    Traguardo("em1", "equipe_multidisciplinare", 1, 18, "Prima équipe multidisciplinare",
              "attivazione di una prima EM secondo le caratteristiche previste dal programma e formazione",
              "entro la pre-implementazione (18 mesi, dal cronoprogramma)"),
    Traguardo("em2", "equipe_multidisciplinare", 2, 24, "Seconda équipe multidisciplinare",
              "entro il 2° anno avvio di una seconda EM competente sull'Ambito"),
)
STATO_TRAGUARDO = {"fatto": "fatto", "fatto_in_ritardo": "fatto in ritardo", "in_ritardo": "in ritardo",
                   "da_fare": "da fare"}


def milestone_rows(frames) -> list[dict]:
    """Every milestone of every Ambito with a project start: deadline, date reached (or None)."""
    acts = _frame(frames, "pippi_governance").lazy().filter(pl.col("data").is_not_null())
    # Dates of each Ambito's acts of each kind, in order: one query, not one per Ambito and milestone.
    done = {(ambito, tipo): dates for ambito, tipo, dates in
            run(acts.group_by("ambito", "tipo").agg(pl.col("data").sort()))[0].iter_rows()}
    out = []
    project = _frame(frames, "pippi_progetto")
    for ambito, start in zip(project.get_column("ambito").to_list(), project.get_column("data_avvio").to_list()):
        if ambito in BANDO_PROPRIO:  # seeds/002's milestones: its own call sets none
            continue
        for t in TRAGUARDI:
            dates = done.get((ambito, t.tipo), [])
            reached = dates[t.quanti - 1] if len(dates) >= t.quanti else None
            deadline = _add_months(start, t.mesi) - dt.timedelta(days=1)
            out.append({"ambito": ambito, "codice": t.codice, "traguardo": t.nome, "frase": t.frase,
                        "scadenza": deadline, "raggiunto": reached, "nota_scadenza": t.scadenza_proposta,
                        "on_time": reached is not None and reached <= deadline})
    return out


def milestone_status(reached: dt.date | None, deadline: dt.date, as_of: dt.date) -> str:
    """'fatto', 'fatto_in_ritardo', 'in_ritardo' (not reached, deadline passed) or 'da_fare'."""
    if reached is not None:
        return "fatto" if reached <= deadline else "fatto_in_ritardo"
    return "in_ritardo" if as_of > deadline else "da_fare"


def milestone_table(frames, ambito: str, as_of: dt.date) -> pl.DataFrame:
    """The milestones of one Ambito with their state on ``as_of`` (done / late / due)."""
    rows = [{**r, "stato": milestone_status(r["raggiunto"], r["scadenza"], as_of)}
            for r in milestone_rows(frames) if r["ambito"] == ambito]
    schema = {"ambito": pl.Utf8, "codice": pl.Utf8, "traguardo": pl.Utf8, "frase": pl.Utf8, "scadenza": pl.Date,
              "raggiunto": pl.Date, "nota_scadenza": pl.Utf8, "on_time": pl.Boolean, "stato": pl.Utf8}
    return pl.DataFrame(rows, schema=schema, orient="row")


def governance_milestones(frames) -> pl.DataFrame | pl.LazyFrame:
    """Per Ambito and quarter of deadline: milestones reached by their deadline / milestones due (%)."""
    rows = milestone_rows(frames)
    if not rows:
        return pl.DataFrame(schema={c: pl.Utf8 for c in ("period", "territory")})
    for r in rows:  # the deadline's quarter, '2024-T3', in Python: no query
        r["period"] = f"{r['scadenza'].year}-T{(r['scadenza'].month - 1) // 3 + 1}"
    return _ratio(pl.DataFrame(rows), [territory_from_ambito(), "period"], pl.col("on_time"),
                  pl.col("traguardo").str.join(", ").alias("note"))


# ---------------------------------------------------------------- devices and Progetto Quadro

DISPOSITIVI = {
    "educativa": ("Educativa domiciliare (almeno 8 ore a settimana)",
                  pl.col("educativa_domiciliare_ore_sett") >= SOGLIA_ORE_EDUCATIVA),
    "gruppi_genitori": ("Gruppi dei genitori", pl.col("gruppi_genitori")),
    "gruppi_bambini": ("Gruppi dei bambini", pl.col("gruppi_bambini")),
    "vicinanza": ("Vicinanza solidale / famiglia d'appoggio", pl.col("vicinanza_solidale")),
    "partenariato": ("Partenariato scuola-famiglia-servizi", pl.col("partenariato_scuola")),
}


# What each share of the included families over the project counts, by the name it is batched under.
QUOTE_PROGETTO: dict[str, pl.Expr] = {
    **{key: expr for key, (_, expr) in DISPOSITIVI.items()},
    **{col: pl.col(col) for col in ("progetto_quadro", "riunificazione", "figli_11_14")},
}


def _share_family(frames, keys: tuple[str, ...]) -> Then:
    """Per Ambito, over the project's span: the share of included families where each key's
    expression (QUOTE_PROGETTO) holds, one group_by for every key; rows tagged with MEMBER."""
    counts = [QUOTE_PROGETTO[key].fill_null(False).sum().cast(pl.Float64).alias(str(m)) for m, key in enumerate(keys)]
    year = pl.col("data_inclusione").dt.year()
    plan = (_included(frames).group_by(territory_from_ambito())
            .agg(*counts, pl.len().cast(pl.Float64).alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
                 _span(frames, year.min(), year.max())))

    def rows(agg: pl.DataFrame) -> pl.DataFrame:
        # One row per Ambito and member, member by member; the few rates divided in Python (the same
        # IEEE operations as ``rate``): cheaper than unpivot and a select.
        index = [agg.get_column(c).to_list() for c in ("territory", "period", "denominator", "rows")]
        out = [(*fixed, m, numerator, numerator / fixed[2] * 100.0 if fixed[2] is not None and fixed[2] > 0 else None)
               for m in range(len(keys)) for fixed, numerator in zip(zip(*index), agg.get_column(str(m)).to_list())]
        return pl.DataFrame(out, orient="row", schema={
            "territory": pl.Utf8, "period": pl.Utf8, "denominator": pl.Float64, "rows": pl.Int64, MEMBER: pl.Int64,
            "numerator": pl.Float64, "value": pl.Float64})
    return Then((plan,), rows)


def _share_over_project(key: str) -> Batch:
    """Share of the included families where QUOTE_PROGETTO[key] holds, per Ambito over the project (%)."""
    return Batch(_share_family, key, name=f"share_{key}")


def _devices_per_family_count() -> pl.Expr:
    return pl.sum_horizontal([expr.fill_null(False).cast(pl.Int64) for _, expr in DISPOSITIVI.values()])


def devices_per_family(frames) -> pl.LazyFrame:
    """Average number of the five devices active per included family (devices / families)."""
    numerator, denominator = _devices_per_family_count().sum().cast(pl.Float64), pl.len().cast(pl.Float64)
    year = pl.col("data_inclusione").dt.year()
    return _included(frames).group_by(territory_from_ambito()).agg(
        numerator.alias("numerator"), denominator.alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
        _span(frames, year.min(), year.max()), (numerator / denominator).alias("value"))


# ---------------------------------------------------------------- expected results (proxies)

def _share_per_inclusion_year(hit: pl.Expr):
    def compute(frames) -> pl.DataFrame:
        return _ratio(_included(frames), [territory_from_ambito(), year_expr("data_inclusione").alias("period")], hit)
    return compute


def length_of_stay(frames) -> pl.LazyFrame:
    """Average days in residential care of the families with a placement, per Ambito and inclusion year."""
    f = _included(frames).filter(pl.col("inserimento_residenziale").fill_null(False))
    numerator = pl.col("giorni_in_struttura").fill_null(0).sum().cast(pl.Float64)
    denominator = pl.len().cast(pl.Float64)
    return f.group_by(territory_from_ambito(), year_expr("data_inclusione").alias("period")).agg(
        numerator.alias("numerator"), denominator.alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
        (numerator / denominator).alias("value"))


def protocols_signed(frames) -> pl.LazyFrame:
    """How many of the two protocols (schools, Autorità Giudiziaria) each Ambito has signed (0-2)."""
    g = _frame(frames, "pippi_governance").lazy().filter(pl.col("tipo").is_in(PROTOCOLLI))
    missing = (pl.col("tipo").filter(pl.col("data").is_null()).str.replace("protocollo_", "")
               .str.replace("autorita_giudiziaria", "Autorità Giudiziaria").str.join(", "))
    return g.group_by(territory_from_ambito()).agg(
        pl.col("tipo").filter(pl.col("data").is_not_null()).n_unique().cast(pl.Float64).alias("value"),
        pl.len().cast(pl.Int64).alias("rows"),
        _span(frames, pl.col("data").dt.year().min(), pl.col("data").dt.year().max()),
        pl.when(missing != "").then(pl.format("manca: {}", missing)).alias("note"))


# ---------------------------------------------------------------- budget

def _spent() -> pl.Expr:
    # A year with no spending reported at all is "no data", not 0%.
    return pl.when(pl.col("speso_eur").is_not_null().any()).then(pl.col("speso_eur").sum())


def budget_spending_rate(frames) -> pl.LazyFrame:
    """Spent / planned x 100 over every year and item, per Ambito (blank spent = 0)."""
    numerator, denominator = pl.col("speso_eur").fill_null(0).sum(), pl.col("previsto_eur").sum()
    return _frame(frames, "pnrr_budget").lazy().group_by(territory_from_ambito()).agg(
        numerator.alias("numerator"), denominator.alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
        rate(numerator, denominator).alias("value"),
        pl.format("{}-{}", pl.col("anno").min(), pl.col("anno").max()).alias("period"))


def budget_spending_per_year(frames) -> pl.LazyFrame:
    numerator, denominator = _spent(), pl.col("previsto_eur").sum()
    return _frame(frames, "pnrr_budget").lazy().group_by(territory_from_ambito(), pl.col("anno").cast(pl.Utf8).alias("period")).agg(
        numerator.alias("numerator"), denominator.alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
        rate(numerator, denominator).alias("value"),
        pl.when(numerator.is_null()).then(pl.lit("spesa non ancora rendicontata")).alias("note"))


def budget_spending_per_item(frames) -> pl.LazyFrame:
    numerator, denominator = pl.col("speso_eur").fill_null(0).sum(), pl.col("previsto_eur").sum()
    out = _frame(frames, "pnrr_budget").lazy().group_by("ambito", "capitolo").agg(
        numerator.alias("numerator"), denominator.alias("denominator"), pl.len().cast(pl.Int64).alias("rows"),
        pl.col("voce").first().alias("note"), rate(numerator, denominator).alias("value"),
        pl.format("{}-{}", pl.col("anno").min(), pl.col("anno").max()).alias("period"))
    return out.select("period", _sub(pl.format("cap. {}", pl.col("capitolo"))), "value", "numerator", "denominator",
                      "rows", "note")


# ---------------------------------------------------------------- cronoprogramma

def timetable_done(frames) -> pl.LazyFrame:
    """Per Ambito and year: activity-quarters reported done / activity-quarters planned (%)."""
    c = _frame(frames, "pippi_cronoprogramma")
    return _ratio(c, [territory_from_ambito(), pl.col("anno").cast(pl.Utf8).alias("period")], pl.col("svolta"))


# ---------------------------------------------------------------- hours by role (Seregno)

def _hours_family(frames, roles: tuple[str, ...]) -> pl.LazyFrame:
    """Hours delivered per Ambito by each role of ``roles``, over the project, in the Ambiti that set
    a minimum for it (ORE_MINIME, the target); rows tagged with MEMBER."""
    minimums = pl.DataFrame([(a, r, float(h), m) for a, mins in ORE_MINIME.items() for r, h in mins.items()
                             for m, role in enumerate(roles) if role == r],
                            schema={"ambito": pl.Utf8, "ruolo": pl.Utf8, "target": pl.Float64, MEMBER: pl.Int64},
                            orient="row")
    h = _frame(frames, "pippi_ore").lazy().join(minimums.lazy(), on=["ambito", "ruolo"], how="inner")
    return h.group_by(MEMBER, territory_from_ambito()).agg(
        pl.col("ore_erogate").sum().alias("value"), pl.len().cast(pl.Int64).alias("rows"),
        _span(frames, pl.col("anno").min(), pl.col("anno").max()), pl.col("target").first())


def _hours(ruolo: str) -> Batch:
    """Hours delivered by one role per Ambito, against its minimum (hours)."""
    return Batch(_hours_family, ruolo, name=f"hours_{ruolo}")


# ---------------------------------------------------------------- the catalog entries

def _pippi(**kw) -> Indicator:
    base = dict(area="pippi", objective="pippi", kind="output", plan_ref=DOC, calendar=project_calendar)
    return Indicator(**{**base, **kw})


_PLAN_FAMIGLIE = ("Coinvolgimento di n. famiglie per annualità: n. 10 (se nel modulo base e nel modulo start), "
                  "n. 15 (se nel modulo autonomia), n.20 (se nel modulo avanzato)")
_PLAN_TOTALE = "Indicare il numero totale dei beneficiari che il progetto coinvolgerà: 30"
_PLAN_VALUTAZIONI = ("N° di Valutazioni Multidimensionali / N° richieste segnalazioni alla EE.MM*100 – "
                     "Standard di qualità > 75%")
_PLAN_OPERATORI = ("N. minimo di 10 operatori formati nella realizzazione del programma P.I.P.P.I. "
                   "(comprensivo di RT, coach, operatori partecipanti alle équipe multidisciplinari)")
_PLAN_DISPOSITIVI = ("N° di soggetti che hanno usufruito dei dispositivi e rispetto dei tempi previsti nel "
                     "progetto quadro")
_PLAN_ORE = ("con un monte ore non inferiore a n. 6.000 ore per la figura professionale dell'educatore, n. 1.400 "
             "ore per la figura professionale di psicologo/a e n. 900 ore per la figura professionale di pedagogo, "
             "n. 100 ore per la figura professionale di mediatore culturale")
_TARGET_VALUTAZIONI = Target("above", SOGLIA_VALUTAZIONI, "annuale", label="> 75%")

INDICATORS = [
    _pippi(id="pippi.famiglie_anno", name="Famiglie target incluse nell'anno", unit="numero", direction="up",
           target=Target("at_least", FAMIGLIE_PER_ANNO, "annuale", pace=True, label="10 (base/start), 15, 20"),
           sources=("pippi_famiglie", "pippi_moduli"), plan_text=_PLAN_FAMIGLIE,
           measure="Famiglie con data di inclusione nell'anno, per Ambito; target dal modulo dell'anno",
           formula="conteggio famiglie con data_inclusione nell'anno", compute=families_per_year, sensitive=True),
    _pippi(id="pippi.famiglie_progetto", name="Famiglie target incluse nel progetto (cumulato)", unit="numero",
           direction="up", target=Target("at_least", FAMIGLIE_PROGETTO, "triennio", pace=True),
           sources=("pippi_famiglie", "pippi_progetto"), plan_text=_PLAN_TOTALE,
           measure="Famiglie incluse dall'avvio, sul periodo del progetto (pippi_progetto; senza: tre annualità "
                   "dal primo anno di inclusione)",
           formula="conteggio cumulato famiglie con data_inclusione", compute=families_cumulative,
           metric_type="cumulative", sensitive=True),
    _pippi(id="pippi.famiglie_anno_equipe", kind="contesto", name="Famiglie incluse nell'anno, per équipe",
           unit="numero", direction="up", target=None, sources=("pippi_famiglie",), plan_text=_PLAN_FAMIGLIE,
           measure="Famiglie con data di inclusione nell'anno, per équipe multidisciplinare",
           formula="conteggio famiglie per équipe e anno di inclusione", compute=families_per_year_equipe,
           sensitive=True),
    _pippi(id="pippi.famiglie_progetto_equipe", kind="contesto", name="Famiglie incluse nel progetto, per équipe",
           unit="numero", direction="up", target=None, sources=("pippi_famiglie",), plan_text=_PLAN_TOTALE,
           measure="Famiglie incluse dall'avvio, per équipe multidisciplinare",
           formula="conteggio cumulato famiglie per équipe", compute=families_cumulative_equipe,
           metric_type="cumulative", sensitive=True),
    _pippi(id="pippi.famiglie_anno_comune", kind="contesto", name="Famiglie incluse nell'anno, per comune",
           unit="numero", direction="up", target=None, sources=("pippi_famiglie",), plan_text=_PLAN_FAMIGLIE,
           measure="Famiglie con data di inclusione nell'anno, per comune di residenza",
           formula="conteggio famiglie per comune e anno di inclusione", compute=families_per_year_comune,
           sensitive=True),
    _pippi(id="pippi.famiglie_progetto_comune", kind="contesto", name="Famiglie incluse nel progetto, per comune",
           unit="numero", direction="up", target=None, sources=("pippi_famiglie",), plan_text=_PLAN_TOTALE,
           measure="Famiglie incluse dall'avvio, per comune di residenza",
           formula="conteggio cumulato famiglie per comune", compute=families_cumulative_comune,
           metric_type="cumulative", sensitive=True),
    _pippi(id="pippi.tasso_valutazioni", name="Tasso di valutazione multidimensionale", unit="percentuale",
           direction="up", target=_TARGET_VALUTAZIONI, sources=("pippi_famiglie",), plan_text=_PLAN_VALUTAZIONI,
           measure="Famiglie segnalate nell'anno che hanno avuto la valutazione multidimensionale",
           formula="valutazioni / segnalazioni alle équipe × 100 (coorte dell'anno di segnalazione)",
           compute=seeds002_only(assessment_rate_per_year), metric_type="ratio", decimals=1, sensitive=True),
    _pippi(id="pippi.tasso_valutazioni_equipe", name="Tasso di valutazione multidimensionale, per équipe",
           unit="percentuale", direction="up", target=_TARGET_VALUTAZIONI, sources=("pippi_famiglie",),
           plan_text=_PLAN_VALUTAZIONI,
           measure="Famiglie segnalate all'équipe nell'anno che hanno avuto la valutazione multidimensionale",
           formula="valutazioni / segnalazioni all'équipe × 100 (coorte dell'anno di segnalazione)",
           compute=seeds002_only(assessment_rate_per_year_equipe), metric_type="ratio", decimals=1, sensitive=True),
    _pippi(id="pippi.tasso_valutazioni_progetto", name="Tasso di valutazione multidimensionale, intero progetto",
           unit="percentuale", direction="up",
           target=Target("above", SOGLIA_VALUTAZIONI, "progetto", label="> 75%"), sources=("pippi_famiglie",),
           plan_text=_PLAN_VALUTAZIONI, measure="Famiglie segnalate dall'avvio che hanno avuto la valutazione",
           formula="valutazioni / segnalazioni alle équipe × 100, tutte le coorti",
           compute=seeds002_only(assessment_rate_project), metric_type="ratio", decimals=1, sensitive=True),
    _pippi(id="pippi.tasso_valutazioni_equipe_progetto",
           name="Tasso di valutazione multidimensionale per équipe, intero progetto", unit="percentuale",
           direction="up", target=Target("above", SOGLIA_VALUTAZIONI, "progetto", label="> 75%"),
           sources=("pippi_famiglie",), plan_text=_PLAN_VALUTAZIONI,
           measure="Famiglie segnalate all'équipe dall'avvio che hanno avuto la valutazione",
           formula="valutazioni / segnalazioni all'équipe × 100, tutte le coorti",
           compute=seeds002_only(assessment_rate_project_equipe), metric_type="ratio", decimals=1, sensitive=True),
    _pippi(id="pippi.operatori_formati", name="Operatori formati", unit="numero", direction="up",
           target=Target("at_least", OPERATORI_FORMATI_MIN, "progetto"), sources=("pippi_operatori",),
           plan_text=_PLAN_OPERATORI, measure="Operatori con data di formazione registrata",
           formula="conteggio operatori con data_formazione", compute=seeds002_only(operators_trained)),
    _pippi(id="pippi.operatori_formati_ruolo", kind="contesto", name="Operatori formati, per ruolo", unit="numero",
           direction="up", target=None, sources=("pippi_operatori",), plan_text=_PLAN_OPERATORI,
           measure="Operatori con data di formazione registrata, per ruolo",
           formula="conteggio operatori con data_formazione per ruolo", compute=operators_trained_by_role),
    _pippi(id="pippi.traguardi_governance", name="Traguardi di governance raggiunti entro la scadenza",
           unit="percentuale", direction="up",
           target=Target("at_least", 100.0, "trimestre", pace=True, label="tutti entro la scadenza"),
           sources=("pippi_governance", "pippi_progetto"),
           plan_text="Il GT dovrà consolidarsi nella composizione secondo i criteri definiti dal programma entro 24 "
                     "mesi; individuazione di 2 RT; individuazione di almeno un coach già nella fase di "
                     "pre-implementazione a cui affiancare un secondo coach entro i primi 12 mesi di attività; "
                     "entro il 2° anno avvio di una seconda EM competente sull'Ambito",
           measure="Traguardi con scadenza nel trimestre raggiunti entro la scadenza (contata dalla data di avvio)",
           formula="traguardi raggiunti entro la scadenza / traguardi in scadenza nel trimestre × 100",
           compute=governance_milestones, metric_type="ratio"),
    *[
        _pippi(id=f"pippi.dispositivo_{key}", kind="contesto", name=f"Famiglie con {label.lower()}",
               unit="percentuale", direction="up", target=None, sources=("pippi_famiglie",),
               plan_text=_PLAN_DISPOSITIVI + (" · «I singoli interventi educativi non possono essere inferiori ad "
                                              "otto ore settimanali» (seeds/003)" if key == "educativa" else ""),
               measure=f"Famiglie incluse con il dispositivo attivo: {label}",
               formula="famiglie con il dispositivo / famiglie incluse × 100", compute=_share_over_project(key),
               metric_type="ratio", decimals=1, sensitive=True, plan_ref=f"{DOC}; {DOC_SEREGNO}")
        for key, (label, _) in DISPOSITIVI.items()
    ],
    _pippi(id="pippi.progetto_quadro", name="Famiglie con Progetto Quadro definito in équipe", unit="percentuale",
           direction="up", target=Target("at_least", 100.0, "progetto", label="ogni famiglia"),
           sources=("pippi_famiglie",),
           plan_text="Definizione di una progettualità definita in équipe multidisciplinare per ciascuna delle "
                     "famiglie coinvolte",
           measure="Famiglie incluse con un Progetto Quadro definito in équipe",
           formula="famiglie con progetto_quadro / famiglie incluse × 100",
           compute=seeds002_only(_share_over_project("progetto_quadro")), metric_type="ratio", decimals=1, sensitive=True),
    _pippi(id="pippi.dispositivi_per_famiglia", kind="contesto", name="Dispositivi attivi per famiglia (media)",
           unit="numero", direction="up", target=None, sources=("pippi_famiglie",), plan_text=_PLAN_DISPOSITIVI,
           measure="Dispositivi attivi (dei cinque) per famiglia inclusa",
           formula="somma dei dispositivi attivi / famiglie incluse", compute=devices_per_family,
           metric_type="derived", decimals=1, sensitive=True),
    _pippi(id="pippi.esito_sollievo", kind="outcome", name="Famiglie con un progetto di sollievo",
           unit="percentuale", direction="up", target=Target("increase"), sources=("pippi_famiglie",),
           plan_text="Incremento di sostegno alle famiglie attraverso progetti di sollievo",
           measure="Famiglie incluse nell'anno con un progetto di sollievo",
           formula="famiglie con progetto_sollievo / famiglie incluse nell'anno × 100",
           compute=seeds002_only(_share_per_inclusion_year(pl.col("progetto_sollievo"))), metric_type="ratio", decimals=1,
           sensitive=True),
    _pippi(id="pippi.esito_inserimenti", kind="outcome", name="Famiglie con un inserimento in struttura residenziale",
           unit="percentuale", direction="down", target=Target("decrease"), sources=("pippi_famiglie",),
           plan_text="diminuzione dei progetti di inserimento in strutture residenziali",
           measure="Famiglie incluse nell'anno con un minore inserito in struttura residenziale durante il percorso",
           formula="famiglie con inserimento_residenziale / famiglie incluse nell'anno × 100",
           compute=seeds002_only(_share_per_inclusion_year(pl.col("inserimento_residenziale"))), metric_type="ratio", decimals=1,
           sensitive=True),
    _pippi(id="pippi.esito_permanenza", kind="outcome", name="Giorni medi di permanenza in struttura",
           unit="giorni", direction="down", target=Target("decrease"), sources=("pippi_famiglie",),
           plan_text="diminuzione del tempo di permanenza nelle strutture residenziali",
           measure="Giorni in struttura per famiglia con un inserimento, per anno di inclusione",
           formula="somma giorni_in_struttura / famiglie con inserimento", compute=seeds002_only(length_of_stay),
           metric_type="derived", decimals=1, sensitive=True),
    _pippi(id="pippi.esito_protocolli", kind="outcome", name="Protocolli operativi firmati (scuole, A.G.)",
           unit="numero", direction="up", target=Target("at_least", 2, "progetto", label="scuole e A.G."),
           sources=("pippi_governance",), plan_text="protocolli operativi con le scuole e con A.G.",
           measure="Dei due protocolli (con le scuole, con l'Autorità Giudiziaria) quanti sono firmati",
           formula="tipi di protocollo con data di firma", compute=seeds002_only(protocols_signed)),
    _pippi(id="pippi.budget_speso", name="Budget PNRR speso sul previsto", unit="percentuale", direction="up",
           target=Target("at_least", 100.0, "2023-2026", pace=True, label="100% entro il 2026"),
           sources=("pnrr_budget",), plan_text="Piano Finanziario: TOTALE COMPLESSIVO PROGETTO 211.500,00",
           measure="Somma dello speso su somma del previsto, tutte le voci e gli anni",
           formula="speso / previsto × 100", compute=budget_spending_rate, metric_type="ratio", decimals=1),
    _pippi(id="pippi.budget_speso_anno", name="Budget PNRR speso sul previsto dell'anno", unit="percentuale",
           direction="up", target=Target("at_least", 100.0, "annuale", pace=True, label="100% nell'anno"),
           sources=("pnrr_budget",), plan_text="Piano Finanziario: 2023, 2024, 2025, 2026",
           measure="Speso dell'anno su previsto dell'anno, tutte le voci (anno senza spesa rendicontata: senza dati)",
           formula="speso nell'anno / previsto nell'anno × 100", compute=budget_spending_per_year,
           metric_type="ratio", decimals=1),
    _pippi(id="pippi.budget_speso_capitolo", name="Budget PNRR speso sul previsto, per capitolo",
           unit="percentuale", direction="up", target=Target("at_least", 100.0, "2023-2026", pace=True,
                                                             label="100% entro il 2026"),
           sources=("pnrr_budget",), plan_text="Piano Finanziario: Cap. 26231, 26232, 26233, 26234, 26235",
           measure="Speso su previsto del capitolo, tutti gli anni", formula="speso / previsto × 100 per capitolo",
           compute=budget_spending_per_item, metric_type="ratio", decimals=1),
    _pippi(id="pippi.cronoprogramma_svolte", name="Attività del cronoprogramma svolte", unit="percentuale",
           direction="up", target=Target("at_least", 100.0, "annuale", pace=True, label="tutte quelle previste"),
           sources=("pippi_cronoprogramma",), plan_text="Cronoprogramma: Azione, Sottoazione, Anno 2022-2026 per trimestre",
           measure="Trimestri-attività dell'anno segnalati come svolti su quelli previsti",
           formula="trimestri-attività svolti / previsti nell'anno × 100", compute=timetable_done,
           metric_type="ratio", decimals=1),
    *[
        _pippi(id=f"pippi.ore_{short}", name=f"Ore erogate: {label}", unit="ore", direction="up",
               target=Target("at_least", ORE_MINIME["Seregno"][ruolo], "progetto"),
               sources=("pippi_ore",), plan_text=_PLAN_ORE, plan_ref=DOC_SEREGNO,
               measure=f"Ore erogate dalla figura {label} dall'avvio, negli Ambiti con un monte ore minimo "
                       "(un minimo sull'intero triennio: prima della fine il valore è provvisorio)",
               formula="somma ore_erogate", compute=_hours(ruolo), metric_type="cumulative")
        for short, ruolo, label in (("educatore", "educatore", "educatore"), ("psicologo", "psicologo", "psicologo"),
                                    ("pedagogista", "pedagogista", "pedagogista"),
                                    ("mediatore", "mediatore_culturale", "mediatore culturale"))
    ],
    _pippi(id="pippi.mix_riunificazione", kind="contesto", name="Famiglie in percorso di riunificazione",
           unit="percentuale", direction="up", target=None, sources=("pippi_famiglie",), plan_ref=DOC_SEREGNO,
           plan_text="famiglie per le quali è in corso un progetto di allontanamento dei figli [...] (queste famiglie "
                     "possono costituire mediamente il 20% delle famiglie incluse in ogni AT)",
           measure="Famiglie incluse in percorso di riunificazione familiare",
           formula="famiglie con riunificazione / famiglie incluse × 100",
           compute=_share_over_project("riunificazione"), metric_type="ratio", decimals=1, sensitive=True),
    _pippi(id="pippi.mix_11_14", kind="contesto", name="Famiglie con figli da 11 a 14 anni", unit="percentuale",
           direction="up", target=None, sources=("pippi_famiglie",), plan_ref=DOC_SEREGNO,
           plan_text="famiglie con figli da 11 a 14 anni (queste famiglie possono costituire mediamente il 20% delle "
                     "famiglie incluse in ogni ATS",
           measure="Famiglie incluse con figli da 11 a 14 anni",
           formula="famiglie con figli_11_14 / famiglie incluse × 100",
           compute=_share_over_project("figli_11_14"), metric_type="ratio", decimals=1, sensitive=True),
]
