"""Small cells: hidden for the public, and not recoverable by subtraction (checked by brute force)."""

from __future__ import annotations

import json

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import settings as app_settings
from access.cells import OMITTED, PRIMARY, SECONDARY, Cells, suppress
from access.suppression import protect_counts, suppressed_text, threshold
from access.views import table_for
from indicators.engine import RESULT_SCHEMA

N = 5


# --- an attacker who tries every value -------------------------------------------------

def possible_values(values: list[float], groups, hidden: dict[int, str], n: int, cap: int) -> dict[int, set[int]]:
    """Every value each hidden cell can take, given the shown cells, the groups and what the
    marks say ("< 5": 1..4; omitted: 0..4; "riservato": at least 5). Exhaustive backtracking
    over every assignment, for tiny tables; a branch is cut as soon as a group holding the cell
    just assigned can no longer add up (its other unknown cells at their least and most)."""
    unknown = sorted(hidden)
    ranges = {i: (range(1, n) if hidden[i] == PRIMARY else range(n) if hidden[i] == OMITTED
                  else range(n, cap + 1)) for i in unknown}
    # Each group as the equation sum(members) - total = 0, listed under every unknown cell in it.
    equations = [[(m, 1) for m in members] + [(t, -1)] for t, members in groups]
    touching: dict[int, list] = {i: [] for i in unknown}
    for eq in equations:
        for c in {c for c, _ in eq if c in touching}:
            touching[c].append(eq)
    out: dict[int, set[int]] = {i: set() for i in unknown}
    x = list(values)
    assigned: set[int] = set()

    def feasible(eq) -> bool:
        low = high = 0.0
        for c, sign in eq:
            if c in ranges and c not in assigned:
                a, b = ranges[c][0], ranges[c][-1]
                low, high = (low + a, high + b) if sign > 0 else (low - b, high - a)
            else:
                low, high = low + sign * x[c], high + sign * x[c]
        return low - 1e-9 <= 0 <= high + 1e-9

    if not all(feasible(eq) for eq in equations):
        raise AssertionError("the shown figures do not add up")

    def walk(k: int) -> None:
        if k == len(unknown):
            for i in unknown:
                out[i].add(int(x[i]))
            return
        i = unknown[k]
        assigned.add(i)
        for v in ranges[i]:
            x[i] = v
            if all(feasible(eq) for eq in touching[i]):
                walk(k + 1)
        assigned.discard(i)
        x[i] = values[i]

    walk(0)
    return out


def recoverable(values, groups, hidden, n=N) -> list[int]:
    """Small hidden cells whose value is the only one that fits."""
    cap = int(max(values)) + 1
    seen = possible_values(values, groups, hidden, n, cap)
    out = []
    for i, kind in hidden.items():
        if kind == PRIMARY or (kind == OMITTED and values[i] > 0):
            assert values[i] in seen[i], "the true value must stay possible"
            if len(seen[i]) < 2:
                out.append(i)
    return out


def assert_protected(values, groups, hidden, n=N):
    assert not recoverable(values, groups, hidden, n), (values, hidden)


def protectable(values, groups, cells_that_may_hide) -> bool:
    """Whether hiding every non-zero cell would protect the small ones. When it would not
    (four families "< 5" each under a total "< 5": all 1), no choice of cells can."""
    everything = {i: (PRIMARY if values[i] < N else SECONDARY) for i in cells_that_may_hide if values[i] > 0}
    return not recoverable(values, groups, everything)


# --- the rule on plain groups ----------------------------------------------------------

def test_a_three_beside_its_total_takes_the_next_smallest_with_it():
    # Ambito 25 = comuni 3 + 10 + 12: hiding only the 3 leaves 25 - 10 - 12 = 3.
    cells = Cells([25, 3, 10, 12], N, groups=[(0, [1, 2, 3])])
    hidden = suppress(cells)
    assert hidden == {1: PRIMARY, 2: SECONDARY}
    assert_protected(cells.values, cells.groups, hidden)


def test_two_small_cells_that_add_up_to_their_minimum_are_protected_too():
    # 22 = 1 + 1 + 20: both "< 5" and 22 - 20 = 2 = 1 + 1 leaves only one solution.
    cells = Cells([22, 1, 1, 20], N, groups=[(0, [1, 2, 3])])
    hidden = suppress(cells)
    assert hidden[3] == SECONDARY
    assert_protected(cells.values, cells.groups, hidden)


def test_a_small_total_of_small_members_hides_them_all_and_shows_zeros():
    cells = Cells([3, 3, 0, 0], N, groups=[(0, [1, 2, 3])])
    hidden = suppress(cells)
    assert hidden == {0: PRIMARY, 1: PRIMARY}


def test_a_breakdown_of_only_small_rows_is_left_out_rather_than_the_total():
    # Ten comuni with one family each under an Ambito total of 10: "< 5" ten times would
    # spell "1 each"; the comuni rows are omitted and the Ambito's 10 stays public.
    cells = Cells([10] + [1] * 10, N, groups=[(0, list(range(1, 11)))], droppable=set(range(1, 11)))
    hidden = suppress(cells)
    assert 0 not in hidden
    assert {hidden[i] for i in range(1, 11)} == {OMITTED}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=2, max_size=4))
def test_no_small_member_of_a_group_is_ever_recoverable(members):
    values = [float(sum(members))] + [float(m) for m in members]
    cells = Cells(values, N, groups=[(0, list(range(1, len(values))))])
    assume(protectable(values, cells.groups, range(len(values))))
    assert_protected(values, cells.groups, suppress(cells))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=7), min_size=2, max_size=3), min_size=2, max_size=3))
# Values up to 7 with a threshold of 5: most cells small, the hard case for subtraction.
def test_no_small_cell_of_a_cross_tab_is_ever_recoverable(grid):
    width = min(len(r) for r in grid)
    grid = [r[:width] for r in grid]
    df = pl.DataFrame({f"c{j}": [r[j] for r in grid] for j in range(width)})
    out = protect_counts(df, list(df.columns), n=N)
    # Rebuild the attacker's view: every cell, with row and column totals known.
    values, groups, hidden = [], [], {}
    idx = {}
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            idx[(r, c)] = len(values)
            values.append(float(v))
            kind = out[f"c{c}_soppressione"][r]
            if kind:
                hidden[idx[(r, c)]] = kind
    for r, row in enumerate(grid):
        groups.append((len(values), [idx[(r, c)] for c in range(width)]))
        values.append(float(sum(row)))
    for c in range(width):
        groups.append((len(values), [idx[(r, c)] for r in range(len(grid))]))
        values.append(float(sum(row[c] for row in grid)))
    # A row or column total that is itself small is never published (it would be hidden).
    small_totals = {t: PRIMARY for t, _ in groups if 0 < values[t] < N}
    # Where the totals alone give a cell away (hiding every non-zero cell does not help,
    # e.g. [[0, 0], [1, 5]] with row and column totals 0, 6, 1, 5) no choice can protect it.
    assume(protectable(values, groups, [*idx.values(), *small_totals]))
    assert_protected(values, groups, {**hidden, **small_totals})


def test_protect_counts_with_a_total_row_hides_a_rectangle():
    df = pl.DataFrame({"punto": ["A", "B", "C", "Totale"], "x": [3, 10, 12, 25], "y": [6, 7, 8, 21]})
    out = protect_counts(df, ["x", "y"], n=N, total_row=pl.col("punto") == "Totale")
    assert out["x"].to_list() == [None, None, 12, 25]
    assert out["y"].to_list() == [None, None, 8, 21]
    assert out["x_soppressione"].to_list() == [PRIMARY, SECONDARY, None, None]
    assert out["x_soppresso"].to_list() == [True, True, False, False]


def test_threshold_is_configurable(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_SOGLIA_CELLA", "10")
    assert threshold() == 10
    df = pl.DataFrame({"n": [7, 30]})
    assert protect_counts(df, ["n"], margins=False)["n"].to_list() == [None, 30]
    assert suppressed_text(PRIMARY) == "< 10"
    # An unreadable threshold stops the start (settings.py) rather than falling back.
    monkeypatch.setenv("CRUSCOTTO_SOGLIA_CELLA", "zero")
    with pytest.raises(app_settings.SettingsError):
        threshold()


# --- the engine table ------------------------------------------------------------------

def engine_rows(rows: list[dict]) -> pl.DataFrame:
    base = {k: None for k in RESULT_SCHEMA}
    full = [{**base, "area": "pippi", "objective": "pippi", "kind": "output", "name": r["id"],
             "unit": "numero", "sources": "pippi_famiglie", "status": "on_track", "provisional": False,
             **r} for r in rows]
    return pl.DataFrame(full, schema=RESULT_SCHEMA, orient="row")


# Coordinators' truth: PIPPI families per year in the Ambito and its two équipes, and the
# project's cumulative count (8 + 11 = 19). The équipe EM2 had 3 families in 2024.
FAMILIES = [
    {"id": "pippi.famiglie_anno", "period": "2024", "territory": "Ambito Cremonese", "value": 8.0, "rows": 8},
    {"id": "pippi.famiglie_anno", "period": "2024", "territory": "Ambito Cremonese / EM1", "value": 5.0, "rows": 5},
    {"id": "pippi.famiglie_anno", "period": "2024", "territory": "Ambito Cremonese / EM2", "value": 3.0, "rows": 3},
    {"id": "pippi.famiglie_anno", "period": "2025", "territory": "Ambito Cremonese", "value": 11.0, "rows": 11},
    {"id": "pippi.famiglie_anno", "period": "2025", "territory": "Ambito Cremonese / EM1", "value": 6.0, "rows": 6},
    {"id": "pippi.famiglie_anno", "period": "2025", "territory": "Ambito Cremonese / EM2", "value": 5.0, "rows": 5},
    {"id": "pippi.famiglie_progetto", "period": "2024-2026", "territory": "Ambito Cremonese", "value": 19.0,
     "rows": 19},
    {"id": "pippi.tasso_valutazioni", "period": "2024", "territory": "Ambito Cremonese", "value": 37.5,
     "numerator": 3.0, "denominator": 8.0, "rows": 8, "unit": "percentuale"},
    {"id": "pippi.tasso_valutazioni", "period": "2025", "territory": "Ambito Cremonese", "value": 81.8182,
     "numerator": 9.0, "denominator": 11.0, "rows": 11, "unit": "percentuale"},
    {"id": "pippi.operatori_formati", "period": "2023-2024", "territory": "Ambito Cremonese", "value": 3.0, "rows": 3},
]
SENSITIVE = {"pippi.famiglie_anno", "pippi.famiglie_progetto", "pippi.tasso_valutazioni"}


def test_public_engine_table_hides_the_three_and_what_would_give_it_back():
    truth = engine_rows(FAMILIES)
    public = table_for(truth, "pubblico", SENSITIVE)
    by_key = {(r["id"], r["period"], r["territory"]): r for r in public.iter_rows(named=True)}
    em2 = by_key[("pippi.famiglie_anno", "2024", "Ambito Cremonese / EM2")]
    em1 = by_key[("pippi.famiglie_anno", "2024", "Ambito Cremonese / EM1")]
    assert (em2["value"], em2["suppression"], em2["rows"]) == (None, PRIMARY, None)
    assert (em1["value"], em1["suppression"], em1["rows"]) == (None, SECONDARY, None)
    # The Ambito's own figures stay public: 8 and 11 families, 19 in the project.
    assert by_key[("pippi.famiglie_anno", "2024", "Ambito Cremonese")]["value"] == 8.0
    assert by_key[("pippi.famiglie_progetto", "2024-2026", "Ambito Cremonese")]["value"] == 19.0
    # 3 assessed of 8: the rate is a count again, so it is hidden; 9 of 11 leaves 2 families not
    # assessed beside the public 11 families: hidden too.
    rate24 = by_key[("pippi.tasso_valutazioni", "2024", "Ambito Cremonese")]
    rate25 = by_key[("pippi.tasso_valutazioni", "2025", "Ambito Cremonese")]
    assert (rate24["value"], rate24["numerator"], rate24["denominator"]) == (None, None, None)
    assert suppressed_text(rate24["suppression"], rate24["unit"]) == "riservato"
    assert (rate25["value"], rate25["suppression"], rate25["denominator"]) == (None, PRIMARY, None)
    # Operators trained are not people served (not sensitive): 3 is shown.
    assert by_key[("pippi.operatori_formati", "2023-2024", "Ambito Cremonese")]["value"] == 3.0

    # No sensitive figure the public gets is 3, in any column.
    sensitive_public = public.filter(pl.col("id").is_in(list(SENSITIVE)))
    for col in ("value", "numerator", "denominator", "rows", "gap"):
        assert 3.0 not in sensitive_public[col].drop_nulls().to_list(), col
    # And subtraction gives nothing exact: 2024's EM2 can be 1, 2 or 3.
    shown = {k: r["value"] for k, r in by_key.items()}
    total = shown[("pippi.famiglie_anno", "2024", "Ambito Cremonese")]
    assert sorted(total - em1_guess for em1_guess in range(N, int(total)) if 1 <= total - em1_guess < N) == [1, 2, 3]


def test_coordinators_see_every_figure_and_they_add_up():
    truth = engine_rows(FAMILIES)
    coord = table_for(truth, "coordinatore", SENSITIVE)
    assert not coord["suppressed"].any()
    v = {(r["period"], r["territory"]): r["value"] for r in coord.filter(
        pl.col("id") == "pippi.famiglie_anno").iter_rows(named=True)}
    for year in ("2024", "2025"):
        assert v[(year, "Ambito Cremonese / EM1")] + v[(year, "Ambito Cremonese / EM2")] == v[(year, "Ambito Cremonese")]
    assert v[("2024", "Ambito Cremonese / EM2")] == 3.0
    assert v[("2024", "Ambito Cremonese")] + v[("2025", "Ambito Cremonese")] == 19.0
    assert coord.filter(pl.col("id") == "pippi.tasso_valutazioni")["numerator"].to_list() == [3.0, 9.0]


def test_a_small_year_is_not_recovered_from_the_cumulative_count():
    # 2024: 3 families, 2025: 11, project 2024-2025: 14. Hiding the 3 alone gives 14 - 11 = 3.
    rows = [
        {"id": "pippi.famiglie_anno", "period": "2024", "territory": "Ambito Cremonese", "value": 3.0},
        {"id": "pippi.famiglie_anno", "period": "2025", "territory": "Ambito Cremonese", "value": 11.0},
        {"id": "pippi.famiglie_progetto", "period": "2024-2026", "territory": "Ambito Cremonese", "value": 14.0},
    ]
    public = table_for(engine_rows(rows), "pubblico", SENSITIVE)
    assert public["value"].to_list() == [None, 11.0, None] or public["value"].to_list() == [None, None, 14.0]
    assert public["suppression"].to_list()[0] == PRIMARY


def test_assemblea_gets_the_same_suppression_as_the_public():
    truth = engine_rows(FAMILIES)
    assert table_for(truth, "assemblea", SENSITIVE).equals(table_for(truth, "pubblico", SENSITIVE))


def test_a_baseline_built_on_a_hidden_count_is_hidden_with_it():
    rows = [
        {"id": "x.base", "period": "2022", "territory": "Ambito Cremonese", "value": 2.0, "baseline": 2.0,
         "target": 2.0, "gap": 0.0},
        {"id": "x.base", "period": "2023", "territory": "Ambito Cremonese", "value": 9.0, "baseline": 2.0,
         "target": 2.0, "gap": 7.0},
    ]
    public = table_for(engine_rows(rows), "pubblico", {"x.base"})
    assert public["value"].to_list() == [None, 9.0]
    assert public["target"].to_list() == [None, None]
    assert public["gap"].to_list() == [None, None]
    assert public["baseline"].to_list() == [None, None]


def test_a_rate_over_a_hidden_count_is_hidden_with_it():
    # Accesses by point in a semester, and accesses per opening hour (the hours are public: the
    # points' timetable). Hub 3 (small), Spoke 1 20, Spoke 2 30, the Ambito 53: hiding the 3
    # takes the 20 with it, and 20 accesses over 36 hours would give the 20 back, hence the 3.
    points = {"Hub": 3.0, "Spoke 1": 20.0, "Spoke 2": 30.0}
    hours = 36.0
    rows = [{"id": "hug.accessi_punto", "period": "2026-S1", "territory": "Ambito Cremonese", "value": 53.0,
             "rows": 53, "sources": "hug_accessi"}]
    for point, n in points.items():
        where = f"Ambito Cremonese / {point}"
        rows.append({"id": "hug.accessi_punto", "period": "2026-S1", "territory": where, "value": n,
                     "rows": int(n), "sources": "hug_accessi"})
        rows.append({"id": "hug.accessi_per_ora", "period": "2026-S1", "territory": where, "value": n / hours,
                     "numerator": n, "denominator": hours, "rows": int(n), "sources": "hug_accessi,hug_orari"})
    # The same 20 under another source or period is not this count.
    rows.append({"id": "altro.tasso", "period": "2026-S1", "territory": "Ambito Cremonese / Spoke 1",
                 "value": 50.0, "numerator": 20.0, "denominator": 40.0, "rows": 40, "unit": "percentuale",
                 "sources": "pippi_famiglie"})
    sensitive = {"hug.accessi_punto", "hug.accessi_per_ora", "altro.tasso"}
    public = table_for(engine_rows(rows), "pubblico", sensitive)
    got = {(r["id"], r["territory"].removeprefix("Ambito Cremonese / ")): (r["value"], r["suppression"])
           for r in public.iter_rows(named=True)}
    assert got[("hug.accessi_punto", "Hub")] == (None, PRIMARY)
    assert got[("hug.accessi_punto", "Spoke 1")] == (None, SECONDARY)
    assert got[("hug.accessi_per_ora", "Hub")] == (None, PRIMARY)
    assert got[("hug.accessi_per_ora", "Spoke 1")] == (None, SECONDARY)
    assert got[("hug.accessi_punto", "Spoke 2")] == (30.0, None)
    assert got[("hug.accessi_per_ora", "Spoke 2")] == (pytest.approx(30 / 36), None)
    assert got[("altro.tasso", "Spoke 1")] == (50.0, None)
    # Nothing shown times the public hours gives a hidden count back.
    shown_rates = public.filter((pl.col("id") == "hug.accessi_per_ora") & pl.col("value").is_not_null())
    assert [round(v * hours) for v in shown_rates["value"]] == [30]


def test_a_hidden_cells_status_is_withheld_with_it():
    # Sub-ambiti of a count the plan wants "above the base year" (2021). In 2023 Nord equals its base
    # year (6, «a rischio») and is hidden to protect Est's 4: its status would give the 6 back, and
    # 79 - the shown sub-ambiti - 6 would give the 4.
    def row(period, where, value, status, baseline):
        return {"id": "3.1.out.4", "period": period, "territory": f"Ambito Cremonese{where}", "value": value,
                "target": baseline, "baseline": baseline, "gap": value - baseline, "status": status,
                "sources": "osservazioni_pdz"}
    rows = [row("2021", "", 70.0, "at_risk", 70.0), row("2021", " / Centro", 56.0, "at_risk", 56.0),
            row("2021", " / Nord", 6.0, "at_risk", 6.0), row("2021", " / Est", 8.0, "at_risk", 8.0),
            row("2023", "", 79.0, "on_track", 70.0), row("2023", " / Centro", 69.0, "on_track", 56.0),
            row("2023", " / Nord", 6.0, "at_risk", 6.0), row("2023", " / Est", 4.0, "off_track", 8.0)]
    public = table_for(engine_rows(rows), "pubblico", {"3.1.out.4"})
    got = {(r["period"], r["territory"]): r for r in public.iter_rows(named=True)}
    nord, est = got[("2023", "Ambito Cremonese / Nord")], got[("2023", "Ambito Cremonese / Est")]
    assert (est["value"], est["suppression"]) == (None, PRIMARY)
    assert (nord["value"], nord["suppression"]) == (None, SECONDARY)
    # The base year is public (6): with «a rischio» shown, Nord would be 6 and Est 79 - 69 - 6 = 4.
    assert nord["target"] == 6.0 and got[("2021", "Ambito Cremonese / Nord")]["value"] == 6.0
    assert nord["status"] == est["status"] == "withheld"
    assert nord["status_withheld"] and est["status_withheld"]
    assert got[("2023", "Ambito Cremonese / Centro")]["status"] == "on_track"
    assert not got[("2023", "Ambito Cremonese / Centro")]["status_withheld"]
    # Coordinators keep every status.
    coord = table_for(engine_rows(rows), "coordinatore", {"3.1.out.4"})
    assert coord.filter(pl.col("territory") == "Ambito Cremonese / Nord")["status"].to_list() == ["at_risk", "at_risk"]
    assert not coord["status_withheld"].any()


def test_a_status_judged_against_a_hidden_base_year_is_withheld():
    # The sample's 1.1.out.5 by sub-ambito: 2021-S1 Pizz. 4 (hidden) and Nord 7 (hidden with it),
    # total 73 with 39, 8 and 15 shown. In 2023-S2 both show 8 «in linea», i.e. above their base
    # year: Nord's base is then 5, 6 or 7, and P + N = 11 with P < 5 leaves only N = 7, P = 4.
    def row(period, where, value, baseline):
        status = "at_risk" if value == baseline else "on_track" if value > baseline else "off_track"
        return {"id": "1.1.out.5", "period": period, "territory": f"Ambito Cremonese{where}", "value": value,
                "target": baseline, "baseline": baseline, "gap": value - baseline, "status": status,
                "sources": "osservazioni_pdz"}
    first = {"": 73.0, " / Cremona città": 39.0, " / Soresinese": 8.0, " / Pizzighettonese": 4.0,
             " / Cremonese nord": 7.0, " / Cremonese est": 15.0}
    last = {"": 93.0, " / Cremona città": 43.0, " / Soresinese": 16.0, " / Pizzighettonese": 8.0,
            " / Cremonese nord": 8.0, " / Cremonese est": 18.0}
    rows = [row("2021-S1", w, v, first[w]) for w, v in first.items()]
    rows += [row("2023-S2", w, v, first[w]) for w, v in last.items()]
    public = table_for(engine_rows(rows), "pubblico", {"1.1.out.5"})
    got = {(r["period"], r["territory"].removeprefix("Ambito Cremonese")): r for r in public.iter_rows(named=True)}
    assert got[("2021-S1", " / Pizzighettonese")]["suppression"] == PRIMARY
    assert got[("2021-S1", " / Cremonese nord")]["suppression"] == SECONDARY
    for where in (" / Pizzighettonese", " / Cremonese nord"):
        later = got[("2023-S2", where)]
        # The value is shown; what compares it with the hidden base year is not.
        assert later["value"] == 8.0 and not later["suppressed"]
        assert (later["target"], later["baseline"], later["gap"]) == (None, None, None)
        assert (later["status"], later["status_withheld"]) == ("withheld", True)
    shown = got[("2023-S2", " / Soresinese")]
    assert (shown["status"], shown["status_withheld"], shown["target"]) == ("on_track", False, 8.0)


# --- the command line --------------------------------------------------------------------

def test_cli_public_prints_suppressed_values_as_null(monkeypatch, capsys, tmp_path):
    import indicators.__main__ as cli

    truth = engine_rows(FAMILIES)
    monkeypatch.setattr(cli, "compute_all", lambda results, as_of: truth)
    monkeypatch.setattr(cli, "load_all", lambda folder, *_as_of: {"x": type("R", (), {"errors": [], "missing": False})()})
    assert cli.main(["--data", str(tmp_path), "--json", "--public"]) == 0
    out = json.loads(capsys.readouterr().out)
    em2 = [r for r in out if r["territory"] == "Ambito Cremonese / EM2" and r["period"] == "2024"]
    assert em2[0]["value"] is None and em2[0]["gap"] is None
    assert [r["value"] for r in out if r["id"] == "pippi.famiglie_progetto"] == [19.0]
    assert cli.main(["--data", str(tmp_path), "--json"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert list(out[0]) == list(full[0])  # the same keys as without --public
    assert [r["value"] for r in full if r["territory"] == "Ambito Cremonese / EM2"] == [3.0, 5.0]
    assert cli.main(["--data", str(tmp_path), "--public"]) == 0
    text = capsys.readouterr().out
    assert "< 5" in text and "riservato" in text


@pytest.mark.parametrize("role", ["pubblico", "assemblea"])
def test_cli_public_on_sample_data_has_no_small_sensitive_count(role):
    """Every sensitive count the public gets from the sample data is 0 or at least 5."""
    import datetime as dt

    from data_loaders import load_all
    from indicators.engine import compute_all
    from indicators.registry import CATALOG
    from tests.conftest import SAMPLE

    sensitive = {i.id for i in CATALOG if i.sensitive}
    truth = compute_all(load_all(SAMPLE), dt.date(2026, 11, 23))
    keys = ["id", "period", "territory"]
    count_rows = truth.filter(pl.col("id").is_in(list(sensitive)) & (pl.col("unit") == "numero")
                              & pl.col("denominator").is_null()).select(keys)
    public = table_for(truth, role, sensitive)
    counts = public.join(count_rows, on=keys).filter(~pl.col("suppressed"))
    assert counts.height > 0
    small = counts.filter((pl.col("value") > 0) & (pl.col("value") < N))
    assert small.height == 0, small.select("id", "period", "territory", "value")


def test_figures_that_add_up_within_the_tolerance_are_found_across_a_whole_number():
    # The groups between indicators are looked up by the whole number below their sum:
    # 2.9999999999 + 11 lies just under 14, the project's 14.0 on it, and both must be found
    # as adding up, as must the équipes' 5 + 3.0000000001 under the Ambito's 8.
    from access.views import _groups

    rows = [
        {"id": "pippi.famiglie_anno", "period": "2024", "territory": "Ambito Cremonese", "value": 2.9999999999},
        {"id": "pippi.famiglie_anno", "period": "2025", "territory": "Ambito Cremonese", "value": 11.0},
        {"id": "pippi.famiglie_progetto", "period": "2024-2026", "territory": "Ambito Cremonese", "value": 14.0},
        {"id": "pippi.famiglie_anno_equipe", "period": "2024", "territory": "Ambito Cremonese / EM1", "value": 5.0},
        {"id": "pippi.famiglie_anno_equipe", "period": "2024", "territory": "Ambito Cremonese / EM2",
         "value": 3.0000000001},
        {"id": "pippi.famiglie_totale", "period": "2024", "territory": "Ambito Cremonese", "value": 8.0},
        # Adds up to 14 only beyond the tolerance: no group.
        {"id": "pippi.famiglie_altro", "period": "2024-2026", "territory": "Ambito Cremonese", "value": 14.00001},
    ]
    rows = [{**r, "sources": "pippi_famiglie"} for r in rows]
    counts = {i: i for i in range(len(rows))}
    groups, territorial = _groups(rows, counts)
    assert sorted((t, sorted(m)) for t, m in groups) == [(2, [0, 1]), (5, [3, 4])]
    assert territorial == {3, 4}
