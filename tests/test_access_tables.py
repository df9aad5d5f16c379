"""The ATS semestral summary as the public sees it: one rule for the page and the report."""

from __future__ import annotations

import itertools

import polars as pl

from access.tables import protect_semestral_summary
from indicators.defs.hug import TIPI_IT, TOTALE_HUG
from tests.test_access_suppression import assert_protected

KINDS = list(TIPI_IT)


def summary() -> pl.DataFrame:
    # Hub: 3 consulenze (a small cell). Every row's kinds add up to its accesses; the total
    # row adds up the points. Families are distinct people and do not add up.
    rows = [
        ("2026-S1", "Hub", [20, 10, 3, 9, 0], 25),
        ("2026-S1", "Spoke 1", [30, 12, 8, 0, 0], 31),
        ("2026-S1", "Spoke 3", [15, 11, 0, 0, 9], 20),
    ]
    total = [sum(r[2][i] for r in rows) for i in range(len(KINDS))]
    data = [(s, p, sum(k), *k, f, 10.0, sum(k) / 10.0) for s, p, k, f in rows]
    data.append(("2026-S1", TOTALE_HUG, sum(total), *total, 70, 30.0, sum(total) / 30.0))
    cols = ["semestre", "punto", "accessi", *KINDS, "famiglie", "ore_apertura", "accessi_per_ora"]
    return pl.DataFrame(data, schema=cols, orient="row")


def assert_not_recoverable(true: pl.DataFrame, shown: pl.DataFrame) -> None:
    """The access tests' exhaustive attacker, over the table's row and column sums."""
    cols = ["accessi", *KINDS]
    index = {(r, c): k for k, (r, c) in enumerate(itertools.product(range(true.height), cols))}
    values = [float(true[c][r]) for (r, c) in index]
    total = true["punto"].to_list().index(TOTALE_HUG)
    body = [r for r in range(true.height) if r != total]
    groups = [(index[(r, "accessi")], [index[(r, k)] for k in KINDS]) for r in range(true.height)]
    groups += [(index[(total, c)], [index[(r, c)] for r in body]) for c in cols]
    hidden = {index[(r, c)]: shown[c + "_soppressione"][r] for (r, c) in index if shown[c][r] is None}
    assert_protected(values, groups, hidden)


def test_public_hides_the_small_cell_and_enough_others_that_it_cannot_be_worked_out():
    shown = protect_semestral_summary(summary(), KINDS, "pubblico", TOTALE_HUG)
    hub = shown.filter(pl.col("punto") == "Hub").row(0, named=True)
    assert hub["consulenza"] is None and hub["consulenza_soppressione"] == "primaria"
    assert 3 not in shown.select(["accessi", *KINDS]).to_numpy().ravel().tolist()
    assert_not_recoverable(summary(), shown)
    # The rate over a hidden count is hidden with it.
    for r in shown.iter_rows(named=True):
        if r["accessi_soppresso"]:
            assert r["accessi_per_ora"] is None


def test_coordinators_see_everything_and_it_adds_up():
    shown = protect_semestral_summary(summary(), KINDS, "coordinatore", TOTALE_HUG)
    body = shown.filter(pl.col("punto") != TOTALE_HUG)
    total = shown.filter(pl.col("punto") == TOTALE_HUG)
    assert body.filter(pl.col("punto") == "Hub")["consulenza"].item() == 3
    assert body["accessi"].sum() == total["accessi"].item() == 127
    assert not any(shown["consulenza_soppresso"])
