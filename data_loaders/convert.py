"""Text columns -> typed columns, checked column-wise in polars.

Every cell that cannot be converted, is missing or is out of range becomes a Problem
with its spreadsheet row; the row is then left out of the valid frame, so no figure
is computed from it, and the problem list says so. Column-wise checks keep a million
rows well under a second (row-by-row pydantic would take ~70x the file scan).

Two routes, one result. A clean file (the usual case) is typed by cheap shortcuts and
checked in one polars pass that only answers "does anything fail?" (null counts, value
and key checks as any()); polars' fixed cost per pass is what a small file pays, so
passes are few. When something fails, or a shortcut does not hold, the detailed route
types each column by ``_parse`` and flags every cell to name it in a Problem.
tests/test_loaders_shortcuts.py checks that both routes give the same frames and problems.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

import settings
from data_loaders import problems as P
from data_loaders.problems import Problem
from data_loaders.spec import REFERENCE_PLACEHOLDER, ColumnSpec, DatasetSpec
from data_loaders.text_table import ROW_COLUMN, suggest

# Italian: 1.234.567,89 ; plain: 1234567,89 or 1234567 ; machine-written: 1234.5
_IT_NUMBER = r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"
_DOT_DECIMAL = r"^[+-]?\d+\.\d+$"
_IT_INTEGER = r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)$"
_TRUE = ["si", "sì", "s", "x", "1", "true", "vero", "yes", "y"]
_FALSE = ["no", "n", "0", "false", "falso"]
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")

_KIND_HINT = {
    "integer": "un numero intero (es. 1.234 oppure 1234)",
    "number": "un numero con la virgola decimale (es. 1.234,50)",
    "date": "una data gg/mm/aaaa (es. 31/12/2023)",
    "boolean": "sì oppure no",
}


def _clean_number(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(r"[\s€%\u00a0']", "")


def _four_digit_year(date: pl.Expr) -> pl.Expr:
    """The date where its year has four digits, else null (not a date). Polars' %Y takes one to four
    digits: 05/01/62 would be the year 62, silently counted; the user must write 1962 or 2062."""
    return pl.when(date.dt.year() >= 1000).then(date)


def _date_formats(raw: pl.Series) -> tuple[str, ...]:
    """The date formats a column needs: usually one, so a million dates are parsed once."""
    sample = raw.drop_nulls()
    for f in _DATE_FORMATS:
        parsed = sample.str.strptime(pl.Date, f, strict=False)
        if parsed.null_count() == 0:
            return (f,)
    return _DATE_FORMATS


def _parse(col: ColumnSpec, formats: tuple[str, ...] = _DATE_FORMATS) -> pl.Expr:
    raw = pl.col(col.name)
    if col.kind == "integer":
        c = _clean_number(raw)
        return pl.when(c.str.contains(_IT_INTEGER)).then(
            c.str.replace_all(r"\.", "").cast(pl.Int64, strict=False)
        )
    if col.kind == "number":
        c = _clean_number(raw)
        italian = c.str.replace_all(r"\.", "").str.replace(",", ".").cast(pl.Float64, strict=False)
        dotted = c.cast(pl.Float64, strict=False)
        return (
            pl.when(c.str.contains(_IT_NUMBER)).then(italian)
            .when(c.str.contains(_DOT_DECIMAL)).then(dotted)
        )
    if col.kind == "date":
        return _four_digit_year(pl.coalesce([raw.str.strptime(pl.Date, f, strict=False) for f in formats]))
    if col.kind == "boolean":
        low = raw.str.to_lowercase()
        return pl.when(low.is_in(_TRUE)).then(True).when(low.is_in(_FALSE)).then(False)
    if col.istat:
        return pl.when(raw.str.contains(r"^\d{1,6}$")).then(raw.str.zfill(6))
    if col.choices:
        # Accept any capitalisation, store the canonical spelling.
        mapping = {c.lower(): c for c in col.choices}
        return raw.str.to_lowercase().replace_strict(mapping, default=None)
    return raw


def _range_ok(col: ColumnSpec, v: pl.Expr | None = None) -> pl.Expr | None:
    """True where the value (the typed column, or ``v``) is within the column's range."""
    v = pl.col(col.name) if v is None else v
    conds = []
    if col.minimum is not None:
        conds.append(v >= col.minimum)
    if col.maximum is not None:
        conds.append(v <= col.maximum)
    if col.exclusive_minimum is not None:
        conds.append(v > col.exclusive_minimum)
    if not conds:
        return None
    return pl.all_horizontal(conds)


def _range_text(col: ColumnSpec) -> str:
    parts = []
    if col.minimum is not None:
        parts.append(f"almeno {col.minimum:g}")
    if col.exclusive_minimum is not None:
        parts.append(f"maggiore di {col.exclusive_minimum:g}")
    if col.maximum is not None:
        parts.append(f"al massimo {col.maximum:g}")
    return " e ".join(parts)


def check_columns(text: pl.DataFrame, spec: DatasetSpec, filename: str) -> list[Problem]:
    expected = spec.column_names
    present = [c for c in text.columns if c != ROW_COLUMN]
    out: list[Problem] = []
    for col in spec.columns:
        if col.name not in present:
            if not col.required:
                continue
            near = suggest(col.name, [c for c in present if c not in expected])
            hint = f" C'è una colonna «{near}»: forse è questa, da rinominare." if near else ""
            out.append(Problem(filename, 1, col.name, "", P.COLONNA_MANCANTE,
                               f"Manca la colonna obbligatoria «{col.name}» ({col.description}).{hint}"))
    for name in present:
        if name not in expected:
            near = suggest(name, expected)
            hint = f" Forse si intendeva «{near}»?" if near else ""
            out.append(Problem(filename, 1, name, "", P.COLONNA_SCONOSCIUTA,
                               f"Colonna non prevista dal tracciato: viene ignorata.{hint}", "avviso"))
    return out


# Marks a shortcut that holds exactly where the typed column has no more nulls than the text.
_NULL_TOLD = pl.lit(True)
# A number without thousands separators: digits, maybe a decimal comma.
_PLAIN_DECIMAL = r"^[+-]?[0-9]+(,[0-9]+)?$"
_BOOLEANS = {**{v: True for v in _TRUE}, **{v: False for v in _FALSE}}
# An ISTAT code already written with its six digits: zfill would leave it as it is.
_ISTAT_SIX = r"^[0-9]{6}$"


@lru_cache(maxsize=None)
def _choices_kept_as_written(col: ColumnSpec) -> bool:
    """True when every allowed value maps to itself through the case-insensitive lookup, so a
    column spelled exactly as the contract says needs no lookup at all."""
    mapping = {c.lower(): c for c in col.choices}
    canon = pl.Series(col.choices, dtype=pl.Utf8)
    mapped = canon.str.to_lowercase().replace_strict(mapping, default=None)
    return mapped.to_list() == list(col.choices)


def _fast(col: ColumnSpec) -> tuple[pl.Expr, pl.Expr | None]:
    """(typing expression, where-it-is-exact expression or None when it always is).

    The usual file is clean: a date column in one format, numbers without thousands, choices
    spelled as the contract does. For those a plain cast (or nothing) gives what ``_parse`` gives
    at a fraction of the cost; where the second expression is not true on every row the column
    is typed again by ``_parse``, so the result never depends on the shortcut."""
    raw = pl.col(col.name)
    # For integers and dates the shortcut holds where it gives a value or the cell is empty:
    # the null counts say so (see _NULL_TOLD), no expression needed.
    if col.kind == "integer":
        # Polars' cast takes [+-]?digits, which _IT_INTEGER takes too with the same value.
        return raw.cast(pl.Int64, strict=False), _NULL_TOLD
    if col.kind == "date":
        # _date_formats would pick the first format if every date parses with it.
        return _four_digit_year(raw.str.strptime(pl.Date, _DATE_FORMATS[0], strict=False)), _NULL_TOLD
    if col.kind == "number":
        # «12,5» or «12»: _parse turns the comma into a point and casts the very same text.
        fast = raw.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        return fast, raw.str.contains(_PLAIN_DECIMAL) | raw.is_null()
    if col.kind == "boolean":
        # Written in lower case, as the lists are: _parse's lower-casing changes nothing.
        return raw.replace_strict(_BOOLEANS, default=None, return_dtype=pl.Boolean), _NULL_TOLD
    if col.kind == "text" and col.istat:
        return raw, raw.str.contains(_ISTAT_SIX) | raw.is_null()
    if col.kind == "text" and col.choices and _choices_kept_as_written(col):
        return raw, raw.is_in(list(col.choices)) | raw.is_null()
    return _parse(col).cast(col.polars_type), None


def _flags(spec: DatasetSpec) -> list[tuple[str, pl.Expr, str, str]]:
    """(column, true-where-the-cell-fails, code, message) for every column check, in report order.
    Expressions read the typed column by its name and the text under ``__raw_<name>``."""
    flags = []
    for col in spec.columns:
        missing = pl.col(col.name).is_null() & pl.col(f"__raw_{col.name}").is_null()
        unparsable = pl.col(col.name).is_null() & pl.col(f"__raw_{col.name}").is_not_null()
        checks: list[tuple[pl.Expr, str, str]] = []
        if col.required:
            checks.append((missing, P.VALORE_MANCANTE,
                           f"Valore obbligatorio mancante: {col.description}"))
        if col.kind in _KIND_HINT:
            code = P.DATA_NON_VALIDA if col.kind == "date" else P.NUMERO_NON_VALIDO
            if col.kind == "boolean":
                code = P.VALORE_NON_AMMESSO
            checks.append((unparsable, code, f"Serve {_KIND_HINT[col.kind]}."))
        elif col.choices:
            allowed = ", ".join(col.choices)
            checks.append((unparsable, P.VALORE_NON_AMMESSO, f"Valori ammessi: {allowed}."))
        elif col.istat:
            checks.append((unparsable, P.FORMATO_NON_VALIDO,
                           "Serve il codice ISTAT del comune: 6 cifre (es. 019036)."))
        if col.pattern and col.kind == "text" and not col.istat:
            checks.append((pl.col(col.name).is_not_null() & ~pl.col(col.name).str.contains(col.pattern),
                           P.FORMATO_NON_VALIDO, f"Formato non valido per {col.description}."))
        rng = _range_ok(col)
        if rng is not None:
            checks.append((pl.col(col.name).is_not_null() & ~rng, P.FUORI_INTERVALLO,
                           f"Il valore deve essere {_range_text(col)}."))
        for expr, code, msg in checks:
            flags.append((col.name, expr, code, msg))
    return flags


def _value_flags(spec: DatasetSpec, typed: dict[str, pl.Expr]) -> list[pl.Expr]:
    """The checks that look at values (pattern, range), each as true-where-it-fails on the typed
    values ``typed[name]``; the others (missing, not convertible) are told by null counts alone."""
    out = []
    for col in spec.columns:
        v = typed[col.name]
        if col.pattern and col.kind == "text" and not col.istat:
            out.append(v.is_not_null() & ~v.str.contains(col.pattern))
        rng = _range_ok(col, v)
        if rng is not None:
            out.append(v.is_not_null() & ~rng)
    return out


@dataclass(frozen=True)
class _Plan:
    """A spec's expressions, built once: building them costs more than running them on a small file."""
    fast: list[tuple[pl.Expr, pl.Expr | None]]
    flags: list[tuple[str, pl.Expr, str, str]]
    # On the text: ROW_COLUMN, the typed columns by the shortcuts, ``__ok<i>`` per shortcut,
    # ``__v<j>`` some cell fails a value check, ``__k`` some key repeats (both on the typed values).
    quick: list[pl.Expr]
    # On the typed columns: ``__c<j>`` some row fails row check j.
    row_checks: list[pl.Expr]


# One plan per dataset and reference date: a server keeps a few days' worth at most.
@lru_cache(maxsize=256)
def _plan(spec: DatasetSpec, as_of: dt.date) -> _Plan:
    fast = [_fast(c) for c in spec.columns]
    typed = {c.name: t for (t, _e), c in zip(fast, spec.columns)}
    quick = ([pl.col(ROW_COLUMN)] + [t.alias(name) for name, t in typed.items()]
             + [e.all().alias(f"__ok{i}") for i, (_t, e) in enumerate(fast) if e is not None and e is not _NULL_TOLD]
             + [f.any().alias(f"__v{j}") for j, f in enumerate(_value_flags(spec, typed))])
    if spec.key:
        key = pl.struct([typed[k].alias(k) for k in spec.key])
        quick.append((~key.is_first_distinct()).any().alias("__k"))  # not the first of its key: a duplicate
    row_checks = [(~check.valid(as_of).fill_null(True)).any().alias(f"__c{j}") for j, check in enumerate(spec.checks)]
    return _Plan(fast, _flags(spec), quick, row_checks)


def _quick(raw: pl.DataFrame, spec: DatasetSpec, plan: _Plan) -> tuple[pl.DataFrame | None, bool, list[int]]:
    """(typed frame, some row check or duplicate may drop rows, []) when no cell fails a column
    check, found in one pass (two with row checks); otherwise (None, False, the columns whose
    shortcut may not have held), and the caller takes the detailed route. The checks are worked
    out on the shortcuts' values: they count only when every shortcut held, and then those are
    the values."""
    # Plain selects: on a small file a lazy select-then-with_columns costs twice as much.
    wide = raw.select(plan.quick)
    first = wide.row(0, named=True)
    suspects, failing = [], False
    for i, col in enumerate(spec.columns):
        # Every typing maps an empty cell to null: more nulls after typing means a cell did not
        # convert (or a shortcut did not hold); an empty cell where one is required is missing.
        r_nulls = raw.get_column(col.name).null_count()
        more_nulls = wide.get_column(col.name).null_count() != r_nulls
        exact = plan.fast[i][1]
        if (f"__ok{i}" in first and not first[f"__ok{i}"]) or (exact is _NULL_TOLD and more_nulls):
            suspects.append(i)
        failing = failing or more_nulls or bool(col.required and r_nulls)
    if suspects or failing or any(v for k, v in first.items() if k.startswith("__v")):
        return None, False, suspects
    typed = wide[[ROW_COLUMN, *spec.column_names]]
    may_drop = bool(first.get("__k")) or (bool(plan.row_checks) and any(typed.select(plan.row_checks).row(0)))
    return typed, may_drop, []


def _typed_and_flagged(raw: pl.DataFrame, spec: DatasetSpec, typing: list[pl.Expr],
                       exact: list[pl.Expr | None], flags: list) -> pl.DataFrame:
    """One pass: ROW_COLUMN, the typed columns, ``__raw_<name>`` text, ``__f<i>`` per flag, ``__any``
    (some flag) and ``__ok<i>`` (the shortcut of column i held on every row)."""
    names = spec.column_names
    lf = raw.lazy().select(
        [pl.col(ROW_COLUMN)]
        + [e.alias(n) for e, n in zip(typing, names)]
        + [pl.col(n).alias(f"__raw_{n}") for n in names]
        + [e.all().alias(f"__ok{i}") for i, e in enumerate(exact) if e is not None and e is not _NULL_TOLD]
    )
    if flags:
        lf = lf.with_columns([e.alias(f"__f{i}") for i, (_n, e, _c, _m) in enumerate(flags)]).with_columns(
            pl.any_horizontal([pl.col(f"__f{i}") for i in range(len(flags))]).alias("__any"))
    else:
        lf = lf.with_columns(pl.lit(False).alias("__any"))
    return lf.collect()


def _held(wide: pl.DataFrame, name: str, i: int, exact: pl.Expr) -> bool:
    """Whether the shortcut typing column ``name`` (the i-th) gave what _parse gives, on every row."""
    if exact is _NULL_TOLD:
        return wide.get_column(name).null_count() == wide.get_column(f"__raw_{name}").null_count()
    return bool(wide.get_column(f"__ok{i}")[0])


def convert(text: pl.DataFrame, spec: DatasetSpec, filename: str,
            as_of: dt.date | None = None) -> tuple[pl.DataFrame, list[Problem]]:
    """Return (valid typed rows with ROW_COLUMN, problems). Missing optional columns become null.
    ``as_of`` is the reference date of the rules about the future (default: the settings')."""
    as_of = as_of or settings.get().reference_date
    problems: list[Problem] = []
    names = spec.column_names
    present = set(text.columns)
    # A missing optional column is all empty (a null repeated without a Python list).
    empty = pl.Series("", [None], dtype=pl.Utf8)
    raw = pl.DataFrame(
        [text.get_column(ROW_COLUMN)]
        + [text.get_column(n) if n in present else empty.new_from_index(0, text.height).alias(n)
           for n in names])
    plan = _plan(spec, as_of)
    fast, flags = plan.fast, plan.flags
    typing = [t for t, _e in fast]
    exact = [e for _t, e in fast]

    def by_parse(columns: list[int]) -> None:
        # A shortcut that did not (or may not) hold: that column is typed by _parse, as always.
        for i in columns:
            col = spec.columns[i]
            formats = _date_formats(raw.get_column(col.name)) if col.kind == "date" else _DATE_FORMATS
            typing[i] = _parse(col, formats).cast(col.polars_type)
            exact[i] = None

    if raw.height:
        typed, row_checks_may_fail, suspects = _quick(raw, spec, plan)
        if typed is not None:
            # No cell failed (the usual case): the row checks see every row, as below.
            return _apply_row_checks(typed, spec, filename, as_of, raw) if row_checks_may_fail else (typed, problems)
        by_parse(suspects)
    wide = _typed_and_flagged(raw, spec, typing, exact, flags)
    if wide.height:
        slow = [i for i, e in enumerate(exact) if e is not None and not _held(wide, spec.columns[i].name, i, e)]
        if slow:
            by_parse(slow)
            wide = _typed_and_flagged(raw, spec, typing, exact, flags)

    typed_columns = [ROW_COLUMN, *names]
    failing_mask = wide.get_column("__any")
    if wide.height and failing_mask.any():
        failing = wide.filter(failing_mask)
        rows = failing.get_column(ROW_COLUMN).to_list()
        for i, (name, _expr, code, msg) in enumerate(flags):
            hit = failing.get_column(f"__f{i}")
            if not hit.any():
                continue
            values = failing.get_column(f"__raw_{name}").to_list()
            for row, value, bad in zip(rows, values, hit.to_list()):
                if bad:
                    problems.append(Problem(filename, int(row), name, value or "", code, msg))
        valid = wide.filter(~failing_mask)[typed_columns]
    else:
        # Every row is good (the usual case): no copy.
        valid = wide[typed_columns]
    valid, row_problems = _apply_row_checks(valid, spec, filename, as_of, raw)
    problems.extend(row_problems)
    return valid, problems


def _apply_row_checks(frame: pl.DataFrame, spec: DatasetSpec, filename: str, as_of: dt.date,
                      raw: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """Checks across columns and duplicate keys, on the rows that passed the column checks, in one
    pass. Problems come check by check, each in row order, duplicates last. A problem's value is the
    cell as the user wrote it (``raw``, the text columns), never the typed value (a date would come
    back as 2062-01-05 to someone who wrote 05/01/2062)."""
    problems: list[Problem] = []
    if frame.height == 0 or (not spec.checks and not spec.key):
        return frame, problems  # nothing can drop a row: no copy
    marks = [(~check.valid(as_of).fill_null(True)).alias(f"__c{i}") for i, check in enumerate(spec.checks)]
    if spec.key:
        key = pl.struct(list(spec.key))
        marks.append((~key.is_first_distinct()).alias("__dup"))  # not the first of its key: a duplicate
    # Duplicates are judged on the whole frame: marks are computed first, rows filtered after.
    marked = frame.lazy().select([pl.col(ROW_COLUMN), *marks]).with_columns(
        pl.any_horizontal([m.meta.output_name() for m in marks]).alias("__drop")).collect()
    drop = marked.get_column("__drop")
    if not drop.any():
        return frame, problems
    failing = marked.filter(drop)
    # The text of the checked columns as the file had it, for the failing rows only.
    checked = sorted({c.column for c in spec.checks})
    failing = failing.join(raw.select(ROW_COLUMN, *(pl.col(c).alias(f"__t_{c}") for c in checked)),
                           on=ROW_COLUMN, how="left", maintain_order="left")
    rows = failing.get_column(ROW_COLUMN).to_list()
    reference = as_of.strftime("%d/%m/%Y")
    for i, check in enumerate(spec.checks):
        message = check.message.replace(REFERENCE_PLACEHOLDER, reference)
        hit = failing.filter(pl.col(f"__c{i}"))
        problems.extend(Problem(filename, row, check.column, value or "", check.code, message) for row, value in
                        zip(hit.get_column(ROW_COLUMN).to_list(), hit.get_column(f"__t_{check.column}").to_list()))
    if spec.key:
        for row, bad in zip(rows, failing.get_column("__dup").to_list()):
            if bad:
                problems.append(Problem(filename, int(row), spec.key[0], "", P.RIGA_DUPLICATA,
                                        "Riga duplicata: la stessa chiave ("
                                        + ", ".join(spec.key) + ") compare in una riga precedente; "
                                        "questa non è stata conteggiata."))
    return frame.filter(~drop), problems
