"""The status rule, written once: ``status_expr`` (polars, over the engine's table); ``judge`` runs
the same expression on one row.

A row's status answers the reader's question «is this where the plan wants it?»:
- no value                                                     -> no_data  («senza dati»)
- no target to judge by (a breakdown, context data)            -> context  («contesto»)
- the base period of an «aumento / diminuzione sull'anno base» -> baseline («anno base»): the
  reference, not a result
- the target is met                                             -> on_track («in linea»)
- not met and the period has ended (``closed``)                -> off_track («fuori target»)
- not met and the period is under way: within the SOGLIA_A_RISCHIO band of what is due by now
  -> at_risk («a rischio»), otherwise off_track. A closed period is never «a rischio».

What "met" means:
- "at least T" / "above T": value >= expected ("above" is strict: exactly 75 is not above 75,
  except while a paced period is under way); expected = T, or T x the elapsed share of the
  period when the target accumulates (``pace``);
- "at most T" / "below T" mirror it;
- "increase": more than the base period (its pro rata while a paced flow is under way). A flow
  (``pace``: accesses in a semester) must also not fall below the period before it (pro rata
  too): 675 accesses after 708 is not «in linea», even above the base year. Equal to the base
  in a later period is not met (nothing gained). "decrease" mirrors it.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["on_track", "at_risk", "off_track", "no_data", "baseline", "context", "withheld"]
# The statuses of a judgement and «senza dati»: what summaries count (baseline and context rows
# are not results, so no tile or area line counts them).
STATUSES: tuple[Status, ...] = ("on_track", "at_risk", "off_track", "no_data")
BASELINE: Status = "baseline"
CONTEXT: Status = "context"
# A value hidden from this viewer (access/views.py): withheld, not missing.
WITHHELD: Status = "withheld"
SOGLIA_A_RISCHIO = 0.9

STATUS_IT = {
    "on_track": "in linea",
    "at_risk": "a rischio",
    "off_track": "fuori target",
    "no_data": "senza dati",
    BASELINE: "anno base",
    CONTEXT: "contesto",
    WITHHELD: "non mostrato (dato riservato)",
}
# Colour-blind-safe (Okabe-Ito); the status is always written too, never colour alone. The base
# period and context figures are not judged: neutral colours (blue, light grey).
STATUS_COLOURS = {
    "on_track": "#009E73",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "no_data": "#999999",
    BASELINE: "#56B4E9",
    CONTEXT: "#CCCCCC",
    WITHHELD: "#BBBBBB",
}
# The rule below, in words: the report's legend and the Piano di Zona page read it from here, so what
# a reader is told is what the code does.
STATUS_EXPLAINED = {
    "on_track": "il valore raggiunge il target (per un periodo in corso: la quota dovuta al tempo trascorso)",
    "at_risk": "periodo ancora in corso, sotto la quota dovuta ma entro il 90%: un periodo concluso non è "
               "mai «a rischio»",
    "off_track": "periodo concluso sotto il target (anche pari all'anno base quando il target è un aumento), "
                 "o periodo in corso sotto il 90% della quota dovuta",
    "no_data": "nessun valore per il periodo nei dati caricati",
    BASELINE: "il periodo di riferimento di un target «aumento / diminuzione rispetto all'anno base»: "
              "non è un risultato",
    CONTEXT: "dato di contesto o ripartizione (per comune, équipe, punto): nessun target, nessun giudizio",
}
STATUS_ICONS = {"on_track": "✔", "at_risk": "▲", "off_track": "✖", "no_data": "–", BASELINE: "■", CONTEXT: "●", WITHHELD: "–"}

# What the rule reads of each row (see status_expr).
RULE_COLUMNS = {"value": "Float64", "target": "Float64", "comparison": "Utf8", "pace": "Boolean",
                "elapsed": "Float64", "closed": "Boolean", "is_base": "Boolean", "previous": "Float64"}


def judge(value: float | None, target: float | None, comparison: str | None, elapsed: float = 1.0,
          pace: bool = False, *, closed: bool | None = None, is_base: bool = False,
          previous: float | None = None) -> tuple[Status, float | None]:
    """Return (status, expected value now) of one row, by ``status_expr``. ``elapsed`` is the share of
    the period gone (0..1); ``closed`` whether it has ended (default: elapsed is 1); ``is_base``
    whether the row is the base period of an increase/decrease target; ``previous`` the value of
    the period before (read for flows only). ``comparison`` None: the indicator has no target."""
    import polars as pl

    row = {"value": value, "target": target, "comparison": comparison, "pace": pace, "elapsed": elapsed,
           "closed": elapsed >= 1 if closed is None else closed, "is_base": is_base, "previous": previous}
    frame = pl.DataFrame({k: [v] for k, v in row.items()},
                         schema={k: getattr(pl, t) for k, t in RULE_COLUMNS.items()})
    expected, status = status_expr()
    got = frame.with_columns(expected.cast(pl.Float64).alias("expected")).select(status, "expected").row(0)
    return got[0], got[1]


def status_expr():
    """The rule as polars expressions over the columns of RULE_COLUMNS: value, target, comparison
    (text, null when the indicator has no target), pace, elapsed, closed, is_base and previous.

    Returns (expected, status): ``status`` reads column "expected", so ``expected`` is added first
    (polars would compute it again for every comparison within one expression). One expression for
    every rule rather than one per rule chosen row by row, where each would run over every row.
    """
    import polars as pl

    v, t, c, pace = pl.col("value"), pl.col("target"), pl.col("comparison"), pl.col("pace").fill_null(False)
    share = pl.col("elapsed").clip(0.0, 1.0)
    under_way = pace & (pl.col("elapsed") < 1)
    # What is due by now: the target, or its pro rata while a paced period runs. For increase and
    # decrease this is the base period's value (pro rata likewise).
    expected = pl.when(v.is_null() | t.is_null() | c.is_null()).then(None).otherwise(
        pl.when(pace).then(t * share).otherwise(t))
    e = pl.col("expected")
    flow = pace & ((c == "increase") | (c == "decrease"))
    # A flow's previous period, pro rata like the base; null when there is none (or not a flow).
    prev = pl.when(flow).then(pl.col("previous") * share)
    up, down = (c == "at_least") | (c == "above"), (c == "at_most") | (c == "below")
    meets = (pl.when(c == "at_least").then(v >= e)
             .when(c == "above").then(pl.when(under_way).then(v >= e).otherwise(v > e))
             .when(c == "at_most").then(v <= e)
             .when(c == "below").then(v < e)
             .when(c == "increase").then((v > e) & (prev.is_null() | (v >= prev)))
             .otherwise((v < e) & (prev.is_null() | (v <= prev))))  # decrease
    # The reference that binds: for a falling flow, the higher of base and previous (the lower for
    # a decrease).
    bar_up = pl.max_horizontal(e, prev)
    bar_down = pl.min_horizontal(e, prev)
    near = (pl.when(up).then(v >= SOGLIA_A_RISCHIO * e)
            .when(down).then(v * SOGLIA_A_RISCHIO <= e)
            .when(c == "increase").then(v >= SOGLIA_A_RISCHIO * bar_up)
            .otherwise(v * SOGLIA_A_RISCHIO <= bar_down))
    closed = pl.col("closed").fill_null(False)
    status = (pl.when(v.is_null()).then(pl.lit("no_data"))
              .when(c.is_null() | t.is_null()).then(pl.lit(CONTEXT))
              .when(pl.col("is_base").fill_null(False)).then(pl.lit(BASELINE))
              .when(meets).then(pl.lit("on_track"))
              .when(closed).then(pl.lit("off_track"))
              .when(near).then(pl.lit("at_risk"))
              .otherwise(pl.lit("off_track")))
    return expected, status
