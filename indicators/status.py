"""The status rule, written once.

- no value                                  -> no_data
- target "at least T" / "above T" (higher is better):
    expected = T, or T x elapsed share of the period when the target accumulates (pace)
    meets expected ("above" is strict: exactly 75 is not above 75) -> on_track
    at least SOGLIA_A_RISCHIO x expected                          -> at_risk
    otherwise                                                      -> off_track
- "at most T" / "below T" mirror it (at_risk up to 1 / SOGLIA_A_RISCHIO x expected).
- "increase over baseline": the target is the first period's value;
    above it -> on_track, equal -> at_risk (nothing gained yet), below -> off_track;
    with pace (a flow such as accesses in a semester still under way) the reference is the
    base x elapsed share of the period.
  "decrease" mirrors it.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["on_track", "at_risk", "off_track", "no_data", "withheld"]
STATUSES: tuple[Status, ...] = ("on_track", "at_risk", "off_track", "no_data")
SOGLIA_A_RISCHIO = 0.9
# A value hidden from this viewer (access/views.py): withheld, not missing.
WITHHELD: Status = "withheld"

STATUS_IT = {
    "on_track": "in linea",
    "at_risk": "a rischio",
    "off_track": "fuori target",
    "no_data": "senza dati",
    WITHHELD: "non mostrato (dato riservato)",
}
# Colour-blind-safe (Okabe-Ito); the status is always written too, never colour alone.
STATUS_COLOURS = {
    "on_track": "#009E73",
    "at_risk": "#E69F00",
    "off_track": "#D55E00",
    "no_data": "#999999",
    WITHHELD: "#BBBBBB",
}
STATUS_ICONS = {"on_track": "✔", "at_risk": "▲", "off_track": "✖", "no_data": "–", WITHHELD: "–"}


def judge(value: float | None, target: float | None, comparison: str, elapsed: float = 1.0,
          pace: bool = False) -> tuple[Status, float | None]:
    """Return (status, expected value now). ``elapsed`` is the share of the period gone (0..1)."""
    if value is None or target is None:
        return "no_data", None
    if comparison in ("increase", "decrease"):
        # A flow still accumulating (a semester under way) is compared with the base's pro rata.
        ref = target * max(0.0, min(1.0, elapsed)) if pace else target
        if value == ref:
            return "at_risk", ref
        better = value > ref if comparison == "increase" else value < ref
        return ("on_track" if better else "off_track"), ref
    expected = target * max(0.0, min(1.0, elapsed)) if pace else target
    if comparison in ("at_least", "above"):
        meets = value > expected if (comparison == "above" and not (pace and elapsed < 1)) else value >= expected
        if meets:
            return "on_track", expected
        return ("at_risk" if value >= SOGLIA_A_RISCHIO * expected else "off_track"), expected
    meets = value < expected if comparison == "below" else value <= expected
    if meets:
        return "on_track", expected
    return ("at_risk" if value * SOGLIA_A_RISCHIO <= expected else "off_track"), expected


def status_expr():
    """The same rule as ``judge`` as polars expressions over columns value, target, elapsed and, per
    row, the rule: comparison (text, null when the indicator has no target: no_data) and pace.

    Returns (expected, status): ``status`` reads column "expected", so ``expected`` is added first
    (polars would compute it again for every comparison within one expression). One expression for
    every rule rather than one per rule chosen row by row, where each would run over every row.
    A property test checks it agrees with ``judge`` everywhere.
    """
    import polars as pl

    v, t, c, pace = pl.col("value"), pl.col("target"), pl.col("comparison"), pl.col("pace")
    missing = v.is_null() | t.is_null() | c.is_null()
    # The reference of "increase"/"decrease" is computed as "expected" is: target, or its pro rata.
    expected = pl.when(missing).then(None).otherwise(
        pl.when(pace).then(t * pl.col("elapsed").clip(0.0, 1.0)).otherwise(t))
    e = pl.col("expected")
    up, down = (c == "at_least") | (c == "above"), (c == "at_most") | (c == "below")
    meets = (pl.when(c == "at_least").then(v >= e)
             # "above" is strict, except while a paced period is still under way.
             .when(c == "above").then(pl.when(pace & (pl.col("elapsed") < 1)).then(v >= e).otherwise(v > e))
             .when(c == "at_most").then(v <= e)
             .when((c == "below") | (c == "decrease")).then(v < e)
             .otherwise(v > e))  # increase
    # Checked after meets: an increase or decrease that equals its reference is not strictly better.
    near = (pl.when(up).then(v >= SOGLIA_A_RISCHIO * e)
            .when(down).then(v * SOGLIA_A_RISCHIO <= e)
            .otherwise(v == e))
    status = (pl.when(missing).then(pl.lit("no_data")).when(meets).then(pl.lit("on_track"))
              .when(near).then(pl.lit("at_risk")).otherwise(pl.lit("off_track")))
    return expected, status
