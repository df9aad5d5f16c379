"""An attacker's audit of the public table: every public row of a sensitive indicator, and no
count from 1 to 4 recoverable from any row, from a percentage's complement, or from the totals
its row or column adds up to, on the sample data and on generated data.

The attacker here is written from the rules, not from access/views.py: they know every value
shown and, pessimistically, the numerator and base of every percentage shown (84,62 % on a
small base is 11/13). A hidden count «< 5» is 0 to 4, «riservato» at least 5; a hidden
percentage's parts are unknown. The equations they may use are found in the coordinators'
table: sub-units adding up to an Ambito's row (of the same or another indicator), years adding
up to a period's row, base = numerator + complement, the parts of sub-units' percentages adding
up to the Ambito's, and a percentage's base equal to a count of the same year and territory.
Narrowing every range through these equations until nothing changes, no small count is pinned.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from access.views import table_for
from tests.test_access_suppression import engine_rows

N = 5
SEP = " / "
KEYS = ("id", "period", "territory")


def _parent(territory: str) -> str | None:
    return territory.split(SEP, 1)[0] if SEP in territory else None


def _is_share(r: dict) -> bool:
    return (r["unit"] == "percentuale" and r["numerator"] is not None and r["denominator"] is not None
            and 0 <= r["numerator"] <= r["denominator"])


def _is_count(r: dict) -> bool:
    return r["unit"] == "numero" and r["denominator"] is None


def audit(truth: pl.DataFrame, public: pl.DataFrame, sensitive: set[str], n: int = N) -> list[str]:
    """What the attacker finds: shown small counts and pinned hidden small counts, as sentences."""
    rows = truth.filter(pl.col("id").is_in(list(sensitive)) & pl.col("value").is_not_null()).to_dicts()
    seen = {tuple(r[k] for k in KEYS): r for r in public.filter(pl.col("id").is_in(list(sensitive))).to_dicts()}
    found: list[str] = []
    # Cells: (row key, part) with their true value and the attacker's range.
    value: dict = {}
    shown_cells: set = set()
    lo: dict = {}
    hi: dict = {}

    def cell(key, part, v, shown, mark=None):
        c = (key, part)
        value[c] = v
        if shown:
            lo[c], hi[c] = v, v
            shown_cells.add(c)
        elif part == "count":
            lo[c], hi[c] = (0.0, n - 1.0) if mark in ("primaria", "omessa") else (float(n), math.inf)
        else:
            lo[c], hi[c] = 0.0, math.inf
        return c

    counts, shares = [], []
    for r in rows:
        key = tuple(r[k] for k in KEYS)
        pub = seen.get(key)
        # A row the coordinators have and the public does not: a left-out row, 0 to n-1.
        shown = pub is not None and pub["value"] is not None
        mark = pub["suppression"] if pub is not None else "omessa"
        if _is_count(r):
            if shown and 0 < r["value"] < n:
                found.append(f"{key}: {r['value']} shown")
            counts.append(cell(key, "count", r["value"], shown, mark))
        elif _is_share(r):
            num, den = r["numerator"], r["denominator"]
            if shown and any(0 < v < n for v in (num, den - num, den)):
                found.append(f"{key}: {num}/{den} shown")
            shares.append([cell(key, p, v, shown) for p, v in (("num", num), ("rest", den - num), ("den", den))])

    equations: list[tuple] = [(s[2], (s[0], s[1])) for s in shares]  # base = numerator + complement
    equations += _sums(counts, value)
    for i, part in enumerate(("num", "rest", "den")):
        cells_of_part = [s[i] for s in shares]
        base_of = {s[i]: s[2] for s in shares}
        # Parts of sub-units add up only where their bases do too (else a coincidence).
        base_eqs = {(t, frozenset(m)) for t, m in _sums([s[2] for s in shares], value)}
        equations += [(t, m) for t, m in _sums(cells_of_part, value)
                      if (base_of[t], frozenset(base_of[x] for x in m)) in base_eqs]
    by_place = defaultdict(list)
    for c in counts:
        by_place[(c[0][1], c[0][2], value[c])].append(c)
    for s in shares:
        equations += [(c, (s[2],)) for c in by_place.get((s[2][0][1], s[2][0][2], value[s[2]]), [])]

    _narrow(equations, lo, hi)
    for c in counts:
        if c not in shown_cells and lo[c] >= hi[c] - 1e-9 and 0 < value[c] < n:
            found.append(f"{c[0]}: {value[c]} recoverable")
        assert lo[c] - 1e-9 <= value[c] <= hi[c] + 1e-9, (c, value[c], lo[c], hi[c])
    for s in shares:
        for c in s[:2]:
            if c not in shown_cells and lo[c] >= hi[c] - 1e-9 and 0 < value[c] < n:
                found.append(f"{c}: {value[c]} recoverable")
    return found


def _sums(cells: list, value: dict) -> list[tuple]:
    """(total, members) where members add up to total: the sub-units of one indicator and period
    under an Ambito's row, or the years of one territory under a row spanning them."""
    out = []
    by_id = defaultdict(list)
    for c in cells:
        by_id[c[0][0]].append(c)
    sub = defaultdict(list)   # (id, period, parent) -> sub-unit cells
    years = defaultdict(list)  # (id, territory) -> cells of single periods
    for c in cells:
        i, period, territory = c[0]
        if _parent(territory):
            sub[(i, period, _parent(territory))].append(c)
        if "-" not in period:
            years[(i, territory)].append(c)
    for t in cells:
        _i, period, territory = t[0]
        for (b, p, parent), members in sub.items():
            if p == period and parent == territory and abs(sum(value[m] for m in members) - value[t]) < 1e-6:
                out.append((t, tuple(members)))
        if "-" in period:
            for (b, terr), members in years.items():
                if terr == territory and len(members) > 1 and abs(sum(value[m] for m in members) - value[t]) < 1e-6:
                    out.append((t, tuple(members)))
    return out


def _narrow(equations, lo: dict, hi: dict) -> None:
    """Interval propagation through total = sum(members), until nothing changes."""
    for _ in range(500):
        changed = False
        for t, members in equations:
            s_lo, s_hi = sum(lo[m] for m in members), sum(hi[m] for m in members)
            new = (max(lo[t], s_lo), min(hi[t], s_hi))
            if new != (lo[t], hi[t]):
                lo[t], hi[t], changed = *new, True
            for m in members:
                o_lo = s_lo - lo[m]
                o_hi = sum(hi[x] for x in members if x != m)
                new = (max(lo[m], lo[t] - o_hi), min(hi[m], hi[t] - o_lo))
                if new != (lo[m], hi[m]):
                    lo[m], hi[m], changed = *new, True
                    s_lo, s_hi = sum(lo[x] for x in members), sum(hi[x] for x in members)
        if not changed:
            return


@pytest.mark.parametrize("role", ["pubblico", "assemblea"])
def test_no_small_count_is_recoverable_from_the_sample_data(role):
    from data_loaders import load_all
    from indicators.engine import compute_all
    from indicators.registry import CATALOG
    from tests.conftest import SAMPLE

    sensitive = {i.id for i in CATALOG if i.sensitive}
    truth = compute_all(load_all(SAMPLE), dt.date(2026, 11, 23))
    public = table_for(truth, role, sensitive)
    assert public.filter(pl.col("id").is_in(list(sensitive)) & pl.col("value").is_not_null()).height > 100
    assert audit(truth, public, sensitive) == []


def test_the_audit_finds_what_the_old_public_table_gave_away():
    # The attacker is not blind: 63,64 % beside the 11 families is found when shown.
    truth = engine_rows([
        {"id": "pippi.famiglie_anno", "period": "2025", "territory": "Ambito Cremonese", "value": 11.0},
        {"id": "pippi.esito_sollievo", "period": "2025", "territory": "Ambito Cremonese", "value": 63.6364,
         "numerator": 7.0, "denominator": 11.0, "unit": "percentuale"},
        {"id": "pippi.famiglie_anno", "period": "2024", "territory": "Ambito Cremonese", "value": 8.0},
        {"id": "pippi.famiglie_anno", "period": "2024", "territory": "Ambito Cremonese / EM1", "value": 5.0},
        {"id": "pippi.famiglie_anno", "period": "2024", "territory": "Ambito Cremonese / EM2", "value": 3.0},
    ])
    sensitive = {"pippi.famiglie_anno", "pippi.esito_sollievo"}
    naive = truth.with_columns(pl.when(pl.col("value") == 3.0).then(None).otherwise(pl.col("value")).alias("value"),
                               pl.when(pl.col("value") == 3.0).then(pl.lit("primaria")).alias("suppression"))
    found = audit(truth, naive, sensitive)
    assert any("7.0/11.0 shown" in f for f in found)
    assert any("EM2" in f and "recoverable" in f for f in found)
    assert audit(truth, table_for(truth, "pubblico", sensitive), sensitive) == []


def _generated(draw_counts, draw_rates) -> list[dict]:
    """An Ambito with two or three équipes over two years: families per équipe and year, the
    Ambito's per year and over the project, and per équipe and year the families assessed of
    those signalled, with the Ambito's rate and the relief share over the year's families."""
    rows = []
    years = ["2024", "2025"]
    teams = [f"EM{k + 1}" for k in range(len(draw_counts[0]))]
    for y, year in enumerate(years):
        fam = draw_counts[y]
        for t, team in enumerate(teams):
            rows.append({"id": "pippi.famiglie_anno_equipe", "period": year,
                         "territory": f"Ambito Cremonese / {team}", "value": float(fam[t])})
        rows.append({"id": "pippi.famiglie_anno", "period": year, "territory": "Ambito Cremonese",
                     "value": float(sum(fam))})
        nums, dens = [], []
        for t, team in enumerate(teams):
            den, num = draw_rates[y][t]
            num = min(num, den)
            nums.append(num), dens.append(den)
            if den:
                rows.append(_rate("pippi.tasso_valutazioni_equipe", year, f"Ambito Cremonese / {team}", num, den))
        if sum(dens):
            rows.append(_rate("pippi.tasso_valutazioni", year, "Ambito Cremonese", sum(nums), sum(dens)))
        if sum(fam):
            relief = draw_rates[y][0][1] % (sum(fam) + 1)
            rows.append(_rate("pippi.esito_sollievo", year, "Ambito Cremonese", relief, sum(fam)))
    rows.append({"id": "pippi.famiglie_progetto", "period": "2024-2025", "territory": "Ambito Cremonese",
                 "value": float(sum(map(sum, draw_counts)))})
    return rows


def _rate(id_, period, territory, num, den) -> dict:
    return {"id": id_, "period": period, "territory": territory, "value": 100 * num / den,
            "numerator": float(num), "denominator": float(den), "unit": "percentuale"}


SENSITIVE = {"pippi.famiglie_anno_equipe", "pippi.famiglie_anno", "pippi.famiglie_progetto",
             "pippi.tasso_valutazioni_equipe", "pippi.tasso_valutazioni", "pippi.esito_sollievo"}
team_counts = st.integers(min_value=2, max_value=3).flatmap(
    lambda k: st.tuples(st.lists(st.integers(0, 12), min_size=k, max_size=k),
                        st.lists(st.integers(0, 12), min_size=k, max_size=k),
                        st.lists(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=k, max_size=k),
                                 min_size=2, max_size=2)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(team_counts)
def test_no_small_count_is_recoverable_from_generated_data(drawn):
    first, second, rates = drawn
    truth = engine_rows(_generated([first, second], rates))
    public = table_for(truth, "pubblico", SENSITIVE)
    assert audit(truth, public, SENSITIVE) == []
