"""Piano di Zona indicators: the computations, by name, and the catalog built from the plan file.

The plan itself (areas, objectives, indicators, targets) is data: indicators/plans/pdz_2021_2023.yaml
(or the file given by ``--plan`` / $CRUSCOTTO_PIANI), read by indicators/plan_file.py. Here are
only the small functions an indicator names under ``calcolo`` (``COMPUTATIONS``) and the step
that turns each declaration into a catalog ``Indicator``.

In the shipped plan every line written under «Indicatori di output» is an output indicator
(``<obiettivo>.out.<n>``, n = the line's place in the plan), every distinct claim under
«Indicatori di outcome» an outcome indicator (``<obiettivo>.oc.<n>``). ``plan_text`` is the
plan's sentence, quoted exactly (a test checks it against the source document); ``measure``
says which number stands for it.

Counting rules, chosen once and written here:
- values come from the long observations dataset (osservazioni_pdz), one row per code,
  period (year or semester) and territory («Ambito», a comune, or «Sub-ambito <nome>»);
- where the plan gives no number, the target is «aumento rispetto all'anno base» (or
  «diminuzione» for times and chronic cases): the baseline is the first period with data,
  per territory;
- where the plan gives a number, it is used as written. A number to reach over the three
  years («almeno tre protocolli», «1 report») is a cumulative count of what was done each
  year, judged each year against the whole part of the share due by then (floor(T x years
  gone / 3): «almeno tre» asks 1, 2, 3; «1 report» asks 0, 0, 1); a number that
  must hold at a time («almeno due sub ambiti», «almeno il 60%») is judged as it stands;
- percentages are recomputed from numerator and denominator (the row's ``valore`` is only
  cross-checked, and a disagreement is noted);
- people and families counted (or rates over them) are ``sensitive``: small cells are hidden
  from the public.
"""

from __future__ import annotations

import polars as pl

from indicators import plan_file
from indicators.builders import AMBITO_WORD
from indicators.catalog import MEMBER, Batch, Indicator, Target
from indicators.config import ambito_label, principal_ambito
from indicators.plan_file import COMPARISONS, DIRECTIONS, Computation, IndicatorDecl, Plan

SOURCE = "osservazioni_pdz"
# Sub-ambiti are written «Sub-ambito <nome>» in the observations and become «Ambito <X> / <nome>».
SUB_AMBITO_WORD = "sub-ambito "
# A declared value further than this from numerator/denominator is flagged in the note.
TOLLERANZA_PERCENTUALE = 0.05

# ---------------------------------------------------------------- compute builders

def _territory() -> pl.Expr:
    """«Ambito» -> the Ambito's label; «Sub-ambito X» -> «Ambito <..> / X»; a comune stays as it is."""
    whole = ambito_label(principal_ambito())
    name = pl.col("territorio").str.strip_chars()
    low = name.str.to_lowercase()
    return (pl.when(low == AMBITO_WORD).then(pl.lit(whole))
            .when(low.str.starts_with(SUB_AMBITO_WORD))
            .then(pl.lit(whole + " / ") + name.str.slice(len(SUB_AMBITO_WORD)).str.strip_chars())
            .otherwise(name).alias("territory"))


def _members(params: tuple, **columns) -> pl.DataFrame:
    """One row per member of a batch family: its position (MEMBER) and its parameters' columns."""
    return pl.DataFrame({MEMBER: range(len(params)), **columns},
                        schema_overrides={MEMBER: pl.Int64, "indicatore": pl.Utf8})


def _rows_of(frames, members: pl.DataFrame) -> pl.LazyFrame:
    """The observations of every member's code (a code asked twice gives its rows twice), with
    the member's columns; in the dataset's order within a member. A plan: the engine runs it."""
    return frames[SOURCE].lazy().join(members.lazy(), on="indicatore", how="inner", maintain_order="right_left")


# A member's parameter is its code (the observed value) or (code, RATIO) (the value recomputed
# from numerator and denominator): both read the same rows, so they share one family and one join.
RATIO = "ratio"


def _observed_family(frames, params: tuple) -> pl.LazyFrame:
    codes = [p if isinstance(p, str) else p[0] for p in params]
    ratio = [not isinstance(p, str) for p in params]
    obs = _rows_of(frames, _members(params, indicatore=codes, _ratio=pl.Series(ratio, dtype=pl.Boolean)))
    num, den, is_ratio = pl.col("numeratore"), pl.col("denominatore"), pl.col("_ratio")
    rate_value = pl.when(den > 0).then(num / den * 100.0).otherwise(None)
    differs = (pl.col("valore") - rate_value).abs() > TOLLERANZA_PERCENTUALE
    return obs.select(
        MEMBER, pl.col("periodo").alias("period"), _territory(),
        pl.when(is_ratio).then(rate_value).otherwise(pl.col("valore")).alias("value"),
        num.alias("numerator"), den.alias("denominator"),
        pl.lit(1, dtype=pl.Int64).alias("rows"),
        pl.when(is_ratio & differs)
        .then(pl.format("valore dichiarato {} diverso da numeratore/denominatore", pl.col("valore")))
        .otherwise(pl.col("note")).alias("note"),
    ).sort(MEMBER, "period", "territory", maintain_order=True)


def observed(code: str) -> Batch:
    """The value observed per period and territory, as the coordinators recorded it."""
    return Batch(_observed_family, code, name=f"observed_{code}")


def observed_ratio(code: str) -> Batch:
    """Rate per period and territory = numeratore / denominatore x 100 (percent).

    A row without a positive denominator has no value (no data, not zero).
    """
    return Batch(_observed_family, (code, RATIO), name=f"ratio_{code}")


def _cumulative_family(frames, params: tuple[tuple[str, float, tuple[int, ...]], ...]) -> pl.LazyFrame:
    members = _members(params, indicatore=[p[0] for p in params], _total=[float(p[1]) for p in params],
                       _first=[p[2][0] for p in params], _years=[len(p[2]) for p in params],
                       _in=pl.Series([[str(y) for y in p[2]] for p in params], dtype=pl.List(pl.Utf8)))
    obs = _rows_of(frames, members).filter(pl.col("periodo").is_in(pl.col("_in")))
    yearly = (obs.group_by(MEMBER, _territory(), pl.col("periodo").alias("period"))
              .agg(pl.col("valore").sum().alias("done"), pl.len().cast(pl.Int64).alias("rows"),
                   pl.col("_total").first(), pl.col("_first").first(), pl.col("_years").first())
              .sort(MEMBER, "territory", "period"))
    years_gone = pl.col("period").cast(pl.Int64) - pl.col("_first") + 1
    return yearly.select(
        MEMBER, "period", "territory",
        pl.col("done").cum_sum().over(MEMBER, "territory").alias("value"),
        (pl.col("_total") * years_gone // pl.col("_years")).cast(pl.Float64).alias("target"),
        pl.col("rows").cum_sum().over(MEMBER, "territory").alias("rows"),
        pl.format("nell'anno: {}", pl.col("done").cast(pl.Int64)).alias("note"),
    )


def cumulative_in_cycle(code: str, total: float, years: tuple[int, ...]) -> Batch:
    """Running total over the cycle's ``years`` of what was done each year (count).

    Each year's row carries the target due by its end: the whole part of ``total`` x years
    gone / years of the cycle (over three years, for 3: 1, 2, 3; for a single deliverable: 0, 0, 1,
    since a third of a report is not a thing one can owe). Years outside the cycle are ignored.
    """
    return Batch(_cumulative_family, (code, total, tuple(years)), name=f"cumulative_{code}")


def _territories_family(frames, params: tuple[tuple[str, float, str | None], ...]) -> pl.LazyFrame:
    members = _members(params, indicatore=[p[0] for p in params], _min=[float(p[1]) for p in params],
                       _only=pl.Series([p[2] for p in params], dtype=pl.Utf8))
    obs = _rows_of(frames, members).filter(pl.col("territorio").str.to_lowercase() != AMBITO_WORD)
    # Every period with rows counts, so a period with experiments only elsewhere gives 0, not no data.
    hit = (pl.col("valore") >= pl.col("_min")) & (pl.col("_only").is_null() | (pl.col("territorio") == pl.col("_only")))
    return (obs.group_by(MEMBER, pl.col("periodo").alias("period"))
            .agg(hit.sum().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"),
                 pl.col("territorio").filter(hit).sort().str.join(", ").alias("note"))
            .with_columns(pl.lit(ambito_label(principal_ambito())).alias("territory"))
            .sort(MEMBER, "period"))


def territories_with(code: str, min_value: float = 1, only: str | None = None) -> Batch:
    """Per period, how many territories have a value of at least ``min_value`` (count).

    Reads the per-territory rows of ``code`` (one per comune, value = thematic areas of the
    experiment there); ``only`` keeps one territory (the urban area). The note lists them.
    """
    return Batch(_territories_family, (code, min_value, only), name=f"territories_{code}_{min_value}_{only}")




# ---------------------------------------------------------------- the computations a plan can name

def _formula_observed(ind: IndicatorDecl, plan: Plan) -> str:
    return f"valore osservato nel periodo (osservazioni, codice {ind.code})"


def _formula_ratio(ind: IndicatorDecl, plan: Plan) -> str:
    return f"numeratore / denominatore × 100 (osservazioni, codice {ind.code})"


def _formula_cumulative(ind: IndicatorDecl, plan: Plan) -> str:
    return (f"somma dall'inizio del ciclo dei valori annui (codice {ind.code}); target dell'anno = "
            f"parte intera di {ind.target.valore:g} × anni trascorsi / {len(plan.decl.anni)}")


def _no_formula(ind: IndicatorDecl, plan: Plan) -> str:
    return ""


def _number(text) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


_OBSERVATION = ("indicatore", "periodo", "territorio", "valore", "numeratore", "denominatore", "note")
_COUNT = ("indicatore", "periodo", "territorio", "valore")

COMPUTATIONS: dict[str, Computation] = {
    "observed": Computation(lambda ind, plan: observed(ind.code), "simple", _OBSERVATION, _formula_observed),
    "observed_ratio": Computation(lambda ind, plan: observed_ratio(ind.code), "ratio", _OBSERVATION, _formula_ratio),
    "cumulative_in_cycle": Computation(
        lambda ind, plan: cumulative_in_cycle(ind.code, _number(ind.target.valore), plan.decl.anni), "cumulative", _COUNT,
        _formula_cumulative, needs_value=True),
    "territories_with": Computation(
        lambda ind, plan: territories_with(ind.code, _number(ind.parametri.get("minimo", 1)), ind.parametri.get("solo")),
        "derived", _COUNT, _no_formula, params={"minimo": float, "solo": str}),
}


# ---------------------------------------------------------------- the catalog, from the plan file

def _target(ind: IndicatorDecl) -> Target | None:
    t = ind.target
    if t is None:
        return None
    # Whole numbers stay ints, as the plan writes them («≥ 3», not «≥ 3.0»).
    value = None if t.valore is None else (int(t.valore) if float(t.valore).is_integer() else t.valore)
    return Target(COMPARISONS[t.confronto], value, t.periodo, label=t.etichetta,
                  stated=t.dichiarato, statement=t.frase)


def indicator_of(ind: IndicatorDecl, plan: Plan) -> Indicator:
    """The catalog entry of one declared indicator of ``plan``."""
    decl = plan.decl
    computation = COMPUTATIONS[ind.calcolo]
    objective = next(o for o in decl.obiettivi if o.id == ind.obiettivo)
    return Indicator(
        id=ind.id, area=objective.area, objective=ind.obiettivo, kind=ind.tipo, name=ind.nome,
        unit=ind.unita, direction=DIRECTIONS[ind.direzione], target=_target(ind),
        sources=(decl.dataset_of(ind),), plan_text=ind.frase_piano, measure=ind.misura,
        formula=ind.formula or computation.formula(ind, plan), compute=computation.build(ind, plan),
        metric_type=computation.metric_type, decimals=ind.decimali, proposed=ind.proposto,
        sensitive=ind.sensibile, plan_ref=decl.documento,
        # Every year of the cycle is due a row; a running total's rows (and each year's share of its
        # target) come from its own function.
        due_periods=() if computation.metric_type == "cumulative" else tuple(str(y) for y in decl.anni),
        notes=ind.note, stock_flow=ind.stock_flusso or "", columns=ind.colonne,
    )


PLAN: Plan = plan_file.load_programme("pdz", COMPUTATIONS)
INDICATORS: list[Indicator] = [indicator_of(ind, PLAN) for ind in PLAN.decl.indicatori]
# The plan's «area urbana» (6.1), where an indicator keeps one territory: the sample data generator's city.
AREA_URBANA = next((str(i.parametri["solo"]) for i in PLAN.decl.indicatori if "solo" in i.parametri), None)
