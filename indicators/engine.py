"""One call computes every indicator into one table; every consumer reads that table.

Columns of the table (RESULT_SCHEMA): the twelve the CLI prints (id, area, objective,
kind, name, unit, period, territory, value, target, gap, status) plus what makes a
figure traceable and honest: numerator, denominator, rows (source rows used),
expected (the target due by now when a target accumulates), baseline, sources,
provisional (the period is not over yet), note, period_end (the period's last day, cut to the
programme's calendar) and closed (period_end is before the reference date).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePath
from typing import Mapping, NamedTuple

import numpy as np
import polars as pl

from indicators import format as fmt
from indicators import periods
from indicators.catalog import MEMBER, Batch, Indicator, Output, Then
from indicators.builders import run, territory_from_ambito
from indicators.config import ambito_label, principal_ambito
from indicators.status import status_expr

PUBLIC_KEYS = ("id", "area", "objective", "kind", "name", "unit", "period", "territory",
               "value", "target", "gap", "status")

RESULT_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Utf8, "area": pl.Utf8, "objective": pl.Utf8, "kind": pl.Utf8, "name": pl.Utf8,
    "unit": pl.Utf8, "period": pl.Utf8, "territory": pl.Utf8, "value": pl.Float64,
    "target": pl.Float64, "gap": pl.Float64, "status": pl.Utf8,
    "numerator": pl.Float64, "denominator": pl.Float64, "rows": pl.Int64,
    "expected": pl.Float64, "baseline": pl.Float64, "sources": pl.Utf8,
    "provisional": pl.Boolean, "note": pl.Utf8, "period_end": pl.Date, "closed": pl.Boolean,
}
# What `python -m indicators --json` prints: the twelve public keys, then when the period ends and
# whether it has, the count a percentage rests on (n) and the note (json_rows).
JSON_KEYS = (*PUBLIC_KEYS, "period_end", "closed", "n", "note")
_EPOCH = dt.date(1970, 1, 1).toordinal()


class _Frames(dict):
    """The datasets of one compute_all call, with the memo (``builders.shared``) of what several
    indicators derive from them alike: computed once per call, since polars' fixed cost per query
    outweighs the work at the Ambito's scale. Lives as long as the call, so it cannot go stale."""

    def __init__(self, data):
        super().__init__(data)
        self.memo: dict = {}
        # One lock per memo key, so each entry is made once even if indicators are called from
        # several threads (the engine calls them from one; a caller may not).
        self.lock = threading.Lock()
        self.key_locks: dict = {}


def _frames(data: Mapping) -> dict[str, pl.DataFrame]:
    """Accept {name: LoadResult} or {name: DataFrame}."""
    return _Frames({k: getattr(v, "frame", v) for k, v in data.items()})


_OPTIONAL = {"numerator": pl.Float64, "denominator": pl.Float64, "rows": pl.Int64,
             "target": pl.Float64, "note": pl.Utf8}


def _empty(ind: Indicator, note: str) -> pl.DataFrame:
    period = ind.target.period if ind.target and ind.target.period != "annuale" else ""
    return _no_data_row(period, ambito_label(principal_ambito()), note)


@functools.lru_cache(maxsize=256)
def _no_data_row(period: str, territory: str, note: str) -> pl.DataFrame:
    # Kept: the same few rows come back on every call, and the engine only reads them.
    return pl.DataFrame({"period": [period], "territory": [territory], "value": [None], "note": [note]},
                        schema={"period": pl.Utf8, "territory": pl.Utf8, "value": pl.Float64, "note": pl.Utf8})


def _missing(ind: Indicator, frames: Mapping[str, pl.DataFrame]) -> list[str]:
    return [s for s in ind.sources if frames.get(s) is None or frames[s].height == 0]


NO_ROWS = "nessuna riga utile nei dati"


def _raw(ind: Indicator, frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """What an indicator's function returns (or the no-data row), before targets and status."""
    return _raw_done(ind, _called([lambda: _raw_call(ind, frames)])[0])


def _raw_call(ind: Indicator, frames: Mapping[str, pl.DataFrame]) -> Output:
    """The indicator's function called: its rows, or what gives them (see _called)."""
    missing = _missing(ind, frames)
    if len(missing) == len(ind.sources):
        return _empty(ind, "dati assenti: " + ", ".join(missing))
    out = ind.compute(frames)
    return _empty(ind, NO_ROWS) if out is None else out


def _raw_done(ind: Indicator, out: pl.DataFrame) -> pl.DataFrame:
    return _empty(ind, NO_ROWS) if out.height == 0 else out


_COLUMNS: dict[str, pl.DataType] = {"period": pl.Utf8, "territory": pl.Utf8, "value": pl.Float64, **_OPTIONAL}


def _columns(parts: list[tuple[pl.DataFrame, int | np.ndarray]]) -> pl.DataFrame:
    """The columns the finishing step reads (_COLUMNS, typed; a missing optional one is null) of
    every part, one after the other, each row tagged (_k) with its indicator's place: ``k`` for the
    whole part, or an array giving each row's place. Built column by column from Series: a polars
    query per part would cost more than the work at the Ambito's scale."""
    cols: dict[str, list[pl.Series]] = {c: [] for c in _COLUMNS}
    places = []
    # One null column per optional column, as long as the longest part: each part missing it
    # takes a slice (a view), instead of a new Series per part.
    longest = max((out.height for out, _ in parts), default=0)
    nulls = {c: _nulls(c, longest, t) for c, t in _OPTIONAL.items()}
    for out, k in parts:
        h, have = out.height, set(out.columns)
        for c, t in _COLUMNS.items():
            if c in have or c not in _OPTIONAL:  # a missing period, territory or value is an error
                s = out.get_column(c)
                cols[c].append(s if s.dtype == t else s.cast(t))
            else:
                cols[c].append(nulls[c].slice(0, h))
        places.append(k if isinstance(k, np.ndarray) else np.full(h, k, dtype=np.uint32))
    return pl.DataFrame([pl.concat(cols[c]) for c in _COLUMNS] + [pl.Series("_k", np.concatenate(places))])


def _nulls(name: str, height: int, dtype: pl.DataType) -> pl.Series:
    # Repeating a one-null Series: polars' other ways (repeat, clear, extend_constant) each run a
    # query, and a Python list of Nones costs in proportion to the height.
    return pl.Series(name, [None], dtype=dtype).new_from_index(0, height)


def _batched(catalog: list[Indicator], ks: list[int], frames: Mapping[str, pl.DataFrame]) -> list[tuple]:
    """The parts (rows, place) of the members ``ks`` of one batch family, from one call of the
    family: each member's rows as its own ``compute`` would give them, and the no-data row for a
    member the family gave none."""
    return _batched_done(catalog, ks, _called([lambda: _batched_call(catalog, ks, frames)])[0])


def _batched_call(catalog: list[Indicator], ks: list[int], frames: Mapping[str, pl.DataFrame]):
    family = catalog[ks[0]].compute.family
    return family(frames, tuple(catalog[k].compute.param for k in ks))


def _batched_done(catalog: list[Indicator], ks: list[int], out: pl.DataFrame) -> list[tuple]:
    if MEMBER not in out.columns:  # the family found nothing for anyone
        out = pl.DataFrame(schema={MEMBER: pl.Int64})
    parts = []
    if out.height:
        parts.append((out, np.asarray(ks, dtype=np.uint32)[out.get_column(MEMBER).to_numpy()]))
    given = set(np.unique(out.get_column(MEMBER).to_numpy()).tolist())
    parts += [(_empty(catalog[k], NO_ROWS), k) for m, k in enumerate(ks) if m not in given]
    return parts


# Plans are run on this many threads while the caller goes on calling indicators: polars releases
# the interpreter lock while it runs them, so building the next plans (Python) overlaps running the
# last ones. PLANS_PER_RUN plans per polars call: one call per plan would pay polars' fixed cost
# each time, one call for all would start only once every indicator has been called.
THREADS = 2
PLANS_PER_RUN = 12
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """The engine's threads, made on first use and kept (starting threads per call costs too)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="indicatori")
    return _POOL


def _rows(catalog: list[Indicator], frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Every indicator's rows (before targets and status), tagged with its place in ``catalog``.
    Members of a batch family are computed together, one call per family. Parts are gathered in
    catalog order (singles, then families), so the table does not depend on which plan ends first."""
    singles, families = [], {}
    for k, ind in enumerate(catalog):
        if isinstance(ind.compute, Batch) and len(_missing(ind, frames)) < len(ind.sources):
            families.setdefault(ind.compute.family, []).append(k)
        else:
            singles.append(k)
    # The families first: they are the longest calls and plans, started while the rest is built.
    calls = [lambda ks=ks: _batched_call(catalog, ks, frames) for ks in families.values()]
    calls += [lambda k=k: _raw_call(catalog[k], frames) for k in singles]
    outs = _called(calls)
    nf = len(families)
    done = [_batched_done(catalog, ks, out) for ks, out in zip(families.values(), outs)]
    done += [[(_raw_done(catalog[k], out), k)] for k, out in zip(singles, outs[nf:])]
    parts = [p for ps in done[nf:] + done[:nf] for p in ps]
    return _due_rows(catalog, _columns(parts))


NO_PERIOD_DATA = "nessun dato caricato per il periodo"


def _due_rows(catalog: list[Indicator], out: pl.DataFrame) -> pl.DataFrame:
    """``out`` with a no-data row for the Ambito in every period an indicator's target applies to
    (Indicator.due_periods) and its rows lack; an indicator's no-period no-data row goes once it has one."""
    due = [k for k, ind in enumerate(catalog) if ind.due_periods]
    if not due:
        return out
    whole = ambito_label(principal_ambito())
    mine = out.filter(pl.col("_k").is_in(due) & (pl.col("territory") == whole))
    present: dict[int, list[str]] = {}
    why: dict[int, str] = {}  # the note of an indicator's no-period row («dati assenti: ...») goes on
    for k, period, value, note in zip(*(mine.get_column(c).to_list() for c in ("_k", "period", "value", "note"))):
        present.setdefault(k, []).append(period)
        if period == "" and value is None and note:
            why[k] = note
    added = [(label, k) for k in due
             for label in periods.due_labels(catalog[k].due_periods, present.get(k, []))
             if label not in present.get(k, [])]
    if not added:
        return out
    extra = pl.DataFrame({"period": [p for p, _ in added], "territory": [whole] * len(added),
                          "note": [why.get(k, NO_PERIOD_DATA) for _, k in added],
                          "_k": pl.Series([k for _, k in added], dtype=pl.UInt32)})
    gone = (pl.col("period") == "") & pl.col("value").is_null() & pl.col("_k").is_in([k for _, k in added])
    return pl.concat([out.filter(~gone), extra], how="diagonal_relaxed").select(out.columns)


def _called(calls: list) -> list[pl.DataFrame]:
    """Each call's frame, in order. The calls are made here, one after the other; the plans they
    return (a LazyFrame, or a Then's) run on the pool, PLANS_PER_RUN at a time, while the next
    calls are made; a Then's rows are made of its plans' frames once all have run."""
    outs, plans, running, started = [], [], [], 0

    def start():
        nonlocal started
        if len(plans) > started:
            running.append(_pool().submit(run, *plans[started:]))
            started = len(plans)

    for call in calls:
        outs.append(call())
        plans.extend(_plans(outs[-1]))
        if len(plans) - started >= PLANS_PER_RUN:
            start()
    start()
    frames = [frame for future in running for frame in future.result()]
    done, at = [], 0
    for out in outs:
        n = len(_plans(out))
        done.append(frames[at] if isinstance(out, pl.LazyFrame) else out.rows(*frames[at:at + n])
                    if isinstance(out, Then) else out)
        at += n
    return done


def frame_of(out: Output) -> pl.DataFrame:
    """What an indicator's (or a family's) function returned, as the engine makes it a frame."""
    return _called([lambda: out])[0]


def _plans(out: Output) -> tuple[pl.LazyFrame, ...]:
    return (out,) if isinstance(out, pl.LazyFrame) else out.plans if isinstance(out, Then) else ()


def compute_indicator(ind: Indicator, frames: Mapping[str, pl.DataFrame], as_of: dt.date) -> pl.DataFrame:
    """One indicator's rows of the result table (RESULT_SCHEMA), sorted by territory and period."""
    frames = _frames(frames)
    return _finish([ind], _due_rows([ind], _columns([(_raw(ind, frames), 0)])), as_of,
                   calendars=_calendars([ind], frames))


def _calendar_functions(catalog: list[Indicator]) -> list:
    """The distinct calendars of the catalog, in catalog order: an indicator's is found by its place here."""
    out = []
    for ind in catalog:
        if ind.calendar is not None and ind.calendar not in out:
            out.append(ind.calendar)
    return out


def _calendars(catalog: list[Indicator], frames: Mapping[str, pl.DataFrame]) -> dict[int, dict[str, tuple[int, int]]]:
    """Per calendar (its place in _calendar_functions): territory root -> (first, last day) of the
    programme, as days since 1970."""
    return {n: {root: (first.toordinal() - _EPOCH, last.toordinal() - _EPOCH)
                for root, (first, last) in calendar(frames).items() if first is not None and last is not None}
            for n, calendar in enumerate(_calendar_functions(catalog))}


def _programme_bounds(out: pl.DataFrame, calendars: dict[int, dict[str, tuple[int, int]]],
                      place: pl.Expr) -> tuple[pl.Expr, pl.Expr] | None:
    """First and last day of each row's programme (null where it has none), looked up by territory:
    the few distinct territories are matched to their root ('Ambito X / EM1' -> 'Ambito X') in Python.
    ``place`` gives each row's calendar (its place in _calendar_functions)."""
    if not any(calendars.values()):
        return None
    root = {t: t.split(" / ", 1)[0] for t in out["territory"].unique().to_list()}
    starts, ends = [], []
    for n, cal in calendars.items():
        mine = {t: cal[r] for t, r in root.items() if r in cal}
        if mine:
            here, territory = place == n, pl.col("territory")
            starts.append(pl.when(here).then(territory.replace_strict(
                {t: v[0] for t, v in mine.items()}, default=None, return_dtype=pl.Int64)))
            ends.append(pl.when(here).then(territory.replace_strict(
                {t: v[1] for t, v in mine.items()}, default=None, return_dtype=pl.Int64)))
    return (pl.coalesce(starts), pl.coalesce(ends)) if starts else None


def _finish(catalog: list[Indicator], out: pl.DataFrame, as_of: dt.date, rounded: tuple[str, ...] = (),
            calendars: dict[int, dict[str, tuple[int, int]]] | None = None) -> pl.DataFrame:
    """Target, baseline, gap and status for every row of every indicator at once, column-wise
    (the rule is in status.py); ``out`` holds every indicator's rows tagged with its place in
    ``catalog`` (column _k). Done once for the whole catalog: per indicator, the fixed cost of
    a dozen polars calls would outweigh the work at the Ambito's scale. The ``rounded`` columns
    are rounded to ROUND_DECIMALS."""
    # Few distinct periods: compute their calendar facts once, in Python.
    span = {p: periods.bounds(p) for p in out["period"].unique().to_list()}
    order = {p: periods.sort_key(p)[0].toordinal() for p in span}
    fixed = _catalog_exprs(catalog)
    k, period = pl.col("_k"), pl.col("period")
    a = period.replace_strict({p: b[0].toordinal() - _EPOCH for p, b in span.items() if b}, default=None,
                              return_dtype=pl.Int64)
    b = period.replace_strict({p: b[1].toordinal() - _EPOCH for p, b in span.items() if b}, default=None,
                              return_dtype=pl.Int64)
    programme = _programme_bounds(out, calendars or {}, fixed.calendar)
    if programme is not None:
        # The label's bounds cut to the programme's, where the two overlap.
        ps, pe = programme
        overlap = ps.is_not_null() & (ps <= b) & (pe >= a)
        a, b = (pl.when(overlap).then(pl.max_horizontal(a, ps)).otherwise(a),
                pl.when(overlap).then(pl.min_horizontal(b, pe)).otherwise(b))
    out = out.with_columns(
        period.replace_strict(order, return_dtype=pl.Int64).alias("_ord"), a.alias("_first"), b.alias("_last"),
        fixed.is_base, *fixed.rule,
    ).sort("_k", "territory", "_ord", maintain_order=True)
    a, b = pl.col("_first"), pl.col("_last")
    today = as_of.toordinal() - _EPOCH
    # Baseline: the first period with a value, per indicator and territory. The rows are sorted, so
    # each (indicator, territory) is a run of rows; counting values from the run's start needs no
    # grouping: the running count, less the count when the run began (carried down the run).
    has = pl.col("value").is_not_null()
    count = has.cast(pl.UInt32).cum_sum()
    new_run = k.ne_missing(k.shift()) | pl.col("territory").ne_missing(pl.col("territory").shift())
    out = out.with_columns(
        # The share of the period gone and whether it ended before the reference date.
        pl.when(a.is_null() | (b <= today)).then(1.0).when(today < a).then(0.0)
        .otherwise((today - a + 1) / (b - a + 1)).alias("elapsed"),
        (b.is_not_null() & (b < today)).alias("closed"),
        b.cast(pl.Int32).cast(pl.Date).alias("period_end"),
        (count - pl.when(new_run).then(count - has.cast(pl.UInt32)).forward_fill()).alias("_seen"),
        # The value of the period before in the same run, for the direction of a flow (status.py);
        # none there, no direction to check.
        pl.when(new_run).then(None).otherwise(pl.col("value").shift(1)).alias("previous"))
    seen = pl.col("_seen")
    # The base period itself is the run's first row with a value (status «anno base»); a period
    # before it (a due period with nothing loaded) has no base to be judged against. Its value is
    # carried down: every later row of the run has seen it.
    first_value = has & (seen == 1)
    baseline = (pl.when(pl.col("_base") & (seen >= 1))
                .then(pl.when(first_value).then(pl.col("value")).forward_fill()).cast(pl.Float64))
    out = out.with_columns(
        baseline.alias("baseline"),
        (pl.col("_base") & first_value).alias("is_base"),
        # A row's NaN target: its territory's own declaration sets none (another Ambito's call, judged
        # by its own only, indicators/defs/pippi.py): no target, so no judgement («contesto»).
        pl.when(pl.col("target").is_nan()).then(None)
        .when(pl.col("_base")).then(baseline)
        .otherwise(pl.col("target").cast(pl.Float64).fill_null(fixed.const)).alias("target"))
    return out.with_columns(fixed.expected).select(
        *[(e.round(ROUND_DECIMALS) if c in rounded else e).alias(c) for c, e in fixed.typed.items()])


class _CatalogExprs(NamedTuple):
    """The expressions of _finish that depend on the catalog only (on _k, the place in it)."""
    is_base: pl.Expr  # _base: the indicator's target is its baseline
    rule: tuple[pl.Expr, pl.Expr]  # comparison, pace: its target's rule (null without a target)
    calendar: pl.Expr  # _cal: the place of its programme calendar (_calendar_functions), null without one
    const: pl.Expr  # its constant target
    expected: pl.Expr  # what the target asks by now (status.status_expr), added before the last select
    typed: dict[str, pl.Expr]  # the final select, by RESULT_SCHEMA column, unrounded


# The last catalog's expressions: building them costs more than the queries they run, and
# compute_all is called with the same catalog every time. Indicators are frozen, so the same
# objects in the same places give the same expressions.
_LAST_CATALOG: tuple[tuple[Indicator, ...], _CatalogExprs] | None = None


def _catalog_exprs(catalog: list[Indicator]) -> _CatalogExprs:
    global _LAST_CATALOG
    last = _LAST_CATALOG
    if last is not None and len(last[0]) == len(catalog) and all(map(operator.is_, last[0], catalog)):
        return last[1]
    # Each indicator's target as columns: the rule it follows, its constant, whether it is a baseline.
    k = pl.col("_k")
    expected, status = status_expr()
    calendars = _calendar_functions(catalog)

    def meta(attr, dtype=pl.Utf8) -> pl.Expr:  # _k is the place in the catalog: a gather, not a lookup
        return pl.lit(pl.Series([attr(ind) for ind in catalog], dtype=dtype)).gather(k)

    # The last select: status, gap and provisional read value, target, expected, elapsed and closed.
    columns = {
        "id": meta(lambda i: i.id), "area": meta(lambda i: i.area), "objective": meta(lambda i: i.objective),
        "kind": meta(lambda i: i.kind), "name": meta(lambda i: i.name), "unit": meta(lambda i: i.unit),
        "gap": pl.col("value") - pl.col("target"), "status": status,
        "sources": meta(lambda i: ",".join(i.sources)),
        "provisional": pl.col("period_end").is_not_null() & ~pl.col("closed"),
    }
    exprs = _CatalogExprs(
        is_base=meta(lambda i: i.target is not None and i.target.value is None, pl.Boolean).alias("_base"),
        rule=(meta(lambda i: i.target.comparison if i.target else None).alias("comparison"),
              meta(lambda i: i.target.pace if i.target else None, pl.Boolean).alias("pace")),
        const=meta(lambda i: None if i.target is None or i.target.value is None else float(i.target.value), pl.Float64),
        calendar=meta(lambda i: None if i.calendar is None else calendars.index(i.calendar), pl.Int32).alias("_cal"),
        expected=expected.cast(pl.Float64).alias("expected"),
        typed={c: columns.get(c, pl.col(c)).cast(t) for c, t in RESULT_SCHEMA.items()})
    _LAST_CATALOG = (tuple(catalog), exprs)
    return exprs


# compute_all rounds these columns to ROUND_DECIMALS (after gap and status are computed unrounded).
ROUNDED = ("value", "gap", "target")
ROUND_DECIMALS = 4


def compute_all(data: Mapping, as_of: dt.date | None = None,
                catalog: list[Indicator] | None = None) -> pl.DataFrame:
    """Every indicator of the catalog over the given datasets, one row per period and territory.
    Given load results, a row fed by a file that had rows refused says so in its note (partial_notes)."""
    from indicators.registry import CATALOG

    as_of = as_of or dt.date.today()
    frames = _frames(data)
    catalog = list(catalog if catalog is not None else CATALOG)
    if not catalog:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    table = _finish(catalog, _rows(catalog, frames), as_of, rounded=ROUNDED, calendars=_calendars(catalog, frames))
    return with_partial_notes(table, partial_notes(data))


PARTIAL = "dati parziali"
NOTE_SEPARATOR = "; "


def partial_notes(data: Mapping) -> dict[str, str]:
    """Per dataset whose accepted file had rows refused: «dati parziali: 3 righe escluse (pippi_famiglie.csv)».
    The refused rows count in no figure, so every figure the file feeds must say it is partial (a
    few refused rows can move a rate from 34,6 % to 71,4 %). Plain frames carry no load result: none."""
    out = {}
    for name, result in data.items():
        refused = 0 if getattr(result, "missing", False) else getattr(result, "rows_rejected", 0)
        if refused:
            # The file as it is in the folder (comuni.xlsx in place of comuni.csv is read the same way).
            file = PurePath(getattr(result, "path", "") or "").name or getattr(result.spec, "filename", name)
            out[name] = f"{PARTIAL}: {fmt.count(refused, 'riga esclusa', 'righe escluse')} ({file})"
    return out


def with_partial_notes(table: pl.DataFrame, partial: Mapping[str, str]) -> pl.DataFrame:
    """``table`` with each partial-data note (partial_notes) added to the note of every row whose
    sources include that dataset, after the indicator's own note."""
    if not partial or table.height == 0:
        return table
    # Few distinct source lists: their added text is made once each, in Python.
    added = {s: NOTE_SEPARATOR.join(partial[d] for d in s.split(",") if d in partial)
             for s in table["sources"].unique().drop_nulls().to_list()}
    added = {s: text for s, text in added.items() if text}
    if not added:
        return table
    extra = pl.col("sources").replace_strict(added, default=None, return_dtype=pl.Utf8)
    note = pl.col("note")
    return table.with_columns(
        pl.when(extra.is_null()).then(note)
        .when(note.is_null() | (note == "")).then(extra)
        .otherwise(pl.concat_str([note, pl.lit(NOTE_SEPARATOR), extra])).alias("note"))


def partial_parts(note: str | None) -> list[str]:
    """The partial-data parts of a note (with_partial_notes), for a chart or caption that shows only them."""
    return [part for part in (note or "").split(NOTE_SEPARATOR) if part.startswith(PARTIAL + ":")]


def own_note(note: str | None) -> str | None:
    """A note without its partial-data parts: the indicator's own (a module, a budget item), where a
    page shows it as a label and says «dati parziali» once for the file (ui.components.missing_files_note)."""
    own = [part for part in (note or "").split(NOTE_SEPARATOR) if part and not part.startswith(PARTIAL + ":")]
    return NOTE_SEPARATOR.join(own) or None


def json_rows(table: pl.DataFrame) -> list[dict]:
    """The rows as `python -m indicators --json` prints them (JSON_KEYS): ``n`` is the denominator of
    a percentage (null otherwise, and null where the viewer's table hides the denominator)."""
    n = pl.when(pl.col("unit") == "percentuale").then(pl.col("denominator")).otherwise(None).alias("n")
    out = table.with_columns(n, pl.col("period_end").dt.strftime("%Y-%m-%d"))
    return out.select(JSON_KEYS).to_dicts()


def of_ambito(table: pl.DataFrame, territory: str | None = None, comuni: pl.DataFrame | None = None) -> pl.DataFrame:
    """The rows of one Ambito (the principal one by default): its own, its sub-units'
    ('Ambito Cremonese / EM1') and its comuni's.

    A comune is a territory not named as an Ambito; observations name it without its Ambito, so the
    list of comuni (columns comune, ambito) attributes it: a comune another Ambito lists is that
    Ambito's, not this one's. A comune nobody lists (or no list at all) stays with the Ambito asked:
    an Ambito's own file only names its own, and a row dropped for a missing list entry would be lost."""
    territory = territory or ambito_label(principal_ambito())
    t = pl.col("territory")
    comune = ~t.str.starts_with(ambito_label(""))
    if comuni is not None and comuni.height:
        owners = comuni.select("comune", territory_from_ambito()).unique()
        elsewhere = owners.filter(pl.col("territory") != territory)["comune"]
        mine = owners.filter(pl.col("territory") == territory)["comune"]
        # A name two Ambiti list (homonymous comuni) stays with this one if it lists it.
        comune = comune & (~t.is_in(elsewhere.implode()) | t.is_in(mine.implode()))
    return table.filter((t == territory) | t.str.starts_with(territory + " / ") | comune)


def latest(table: pl.DataFrame, territory: str | None = None) -> pl.DataFrame:
    """The most recent period of each indicator for one territory (the principal Ambito by default)."""
    territory = territory or ambito_label(principal_ambito())
    t = table.filter(pl.col("territory") == territory)
    if t.height == 0:
        return t
    order = {p: periods.sort_key(p)[0].toordinal() for p in t["period"].unique().to_list()}
    t = t.with_columns(
        pl.col("period").replace_strict(order, return_dtype=pl.Int64).alias("_ord"),
        (pl.col("value").is_not_null()).alias("_has"),
    )
    # Prefer the latest period that has a value; an indicator with none keeps its no-data row.
    t = t.sort(["id", "_has", "_ord"], descending=[False, True, True])
    return t.group_by("id", maintain_order=True).first().drop("_ord", "_has")
