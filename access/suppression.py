"""Small-cell suppression for what the public (and the Assemblea) may see.

Pure functions over polars frames; the pages, the CLI (--public) and exports all call
these, so a count hidden on screen is hidden everywhere. The engine table goes through
access/views.py; a page's own breakdown of people or families (a cross-tab) through
``protect_counts``. Both use the secondary suppression of access/cells.py.
"""

from __future__ import annotations

import polars as pl

import settings
from access.cells import OMITTED, PRIMARY, Cells, suppress

SOGLIA_CELLA_MINIMA = settings.SOGLIA_CELLA_PREDEFINITA
SUPPRESSED_TEXT = "< 5"
# Shown for a figure hidden only so that a small one cannot be worked out, and for a hidden
# rate. Not "n.d.", which indicators/format.py uses for a figure with no data.
NOT_DISCLOSED_TEXT = "riservato"
NOTE_IT = ("«< 5»: meno di 5 persone o famiglie, dato non mostrato per riservatezza; «riservato»: dato non "
           "mostrato perché permetterebbe di ricavarne uno piccolo, o percentuale che riguarda meno di 5 persone o "
           "famiglie (nel totale, tra quelle contate o tra le altre).")
FLAG_SUFFIX = "_soppresso"
KIND_SUFFIX = "_soppressione"


def threshold() -> int:
    """Smallest count shown to the public (default 5, configurable)."""
    return settings.get().soglia_cella


# A status withheld (access/views.py: of a hidden value, or judged against a hidden base year):
# screens and report say so rather than «senza dati».
STATUS_WITHHELD = "non mostrato (dato riservato)"


def suppressed_label(n: int | None = None) -> str:
    """Text shown instead of a count below the threshold ("< 5")."""
    return f"< {n or threshold()}"


def suppressed_text(kind: str | None, unit: str = "numero", n: int | None = None) -> str:
    """Text for a hidden figure: "< 5" for a small count (or a row of a breakdown left out, which
    is 0 to 4), "riservato" for any other hidden one."""
    return suppressed_label(n) if kind in (PRIMARY, OMITTED) and unit == "numero" else NOT_DISCLOSED_TEXT


def note(n: int | None = None) -> str:
    """One sentence explaining the two marks, for under a table or chart that may hold them."""
    return NOTE_IT.replace("5", str(n or threshold()))


def protect_counts(df: pl.DataFrame, count_cols: list[str], n: int | None = None, *,
                   total_col: str | None = None, total_row: pl.Expr | None = None,
                   margins: bool = True) -> pl.DataFrame:
    """``df`` with every count in ``count_cols`` the public may not see set to null.

    Adds ``<col>_soppresso`` (bool) and ``<col>_soppressione`` ("primaria" for a count from
    1 to n-1, "secondaria" for one hidden so that a small one cannot be worked out) per column.
    Zero is shown: "nobody" identifies nobody.

    Secondary suppression treats the table as a cross-tab of people: each column adds up over
    the rows and each row over ``count_cols``. ``total_col`` names the column holding each
    row's total and ``total_row`` selects the row holding the column totals, when the table
    shows them; otherwise (``margins=True``) those totals are assumed to be published
    elsewhere, which is the safe assumption. ``margins=False``: the columns are unrelated
    counts, only the primary rule applies.
    """
    n = n or threshold()
    if df.height == 0 or not count_cols:
        return df.with_columns(*[pl.lit(False).alias(c + FLAG_SUFFIX) for c in count_cols],
                               *[pl.lit(None, pl.Utf8).alias(c + KIND_SUFFIX) for c in count_cols])
    members = [c for c in count_cols if c != total_col]
    is_total = (df.select(total_row.alias("_t"))["_t"].fill_null(False).to_list()
                if total_row is not None else [False] * df.height)
    body = [r for r in range(df.height) if not is_total[r]]
    cells = Cells([], n)
    index: dict[tuple[int, str], int] = {}
    for r in range(df.height):
        for c in count_cols:
            v = df[c][r]
            if v is not None:
                index[(r, c)] = cells.add(v)
    if margins:
        _cross_tab_groups(cells, index, df, body, members, is_total, total_col, n)
    hidden = suppress(cells)
    out = df
    for c in count_cols:
        kinds = [hidden.get(index[(r, c)]) if (r, c) in index else None for r in range(df.height)]
        out = out.with_columns(pl.Series(c + KIND_SUFFIX, kinds, dtype=pl.Utf8))
        out = out.with_columns(pl.col(c + KIND_SUFFIX).is_not_null().alias(c + FLAG_SUFFIX),
                               pl.when(pl.col(c + KIND_SUFFIX).is_not_null()).then(None)
                               .otherwise(pl.col(c)).alias(c))
    return out


def _cross_tab_groups(cells: Cells, index, df, body, members, is_total, total_col, n) -> None:
    """Row and column groups of a cross-tab, with an implicit (unshown) total where the table has none."""
    total_rows = [r for r in range(df.height) if is_total[r]]

    def implicit(value: float) -> int:
        # An implicit total is known to the attacker unless it is itself a small count.
        return cells.add(value, fixed=True, known=not (0 < value < n))

    for c in members + ([total_col] if total_col else []):
        group = [index[(r, c)] for r in body if (r, c) in index]
        if len(group) < 1:
            continue
        shown = [index[(r, c)] for r in total_rows if (r, c) in index]
        total = shown[0] if shown else implicit(sum(cells.values[g] for g in group))
        cells.groups.append((total, group))
    if len(members) < 2 and not total_col:
        return
    for r in range(df.height):
        group = [index[(r, c)] for c in members if (r, c) in index]
        if not group:
            continue
        total = index.get((r, total_col)) if total_col else None
        if total is None:
            total = implicit(sum(cells.values[g] for g in group))
        cells.groups.append((total, group))
