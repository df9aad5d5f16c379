"""Batch families: compute_all computes a family's members in one call; each member's rows must be
exactly those its own ``compute`` gives (the single path, used by compute_indicator)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders import load_all
from indicators.catalog import MEMBER, Batch
from indicators.defs import hug, pdz
from indicators.engine import compute_all, compute_indicator
from indicators.engine import frame_of as rows
from indicators.periods import semester_number
from indicators.registry import CATALOG
from tests.conftest import AS_OF

BATCHED = [i for i in CATALOG if isinstance(i.compute, Batch)]
ROUNDED = ("value", "gap", "target")  # compute_all rounds these to 4 decimals


@pytest.fixture(scope="module")
def frames():
    return {n: r.frame for n, r in load_all().items()}


@pytest.fixture(scope="module")
def table(frames):
    return compute_all(frames, AS_OF)


def test_most_of_the_catalog_is_batched_in_few_families():
    families = {i.compute.family.__name__ for i in BATCHED}
    assert len(BATCHED) >= 200 and families == {
        "_observed_family", "_cumulative_family", "_territories_family",  # PdZ (observed and ratio share one)
        "_register_family",  # HUG
        "_share_family", "_hours_family",  # PIPPI
        "_per_inhabitant_family",  # risorse
    }


@pytest.mark.parametrize("ind", BATCHED, ids=lambda i: i.id)
def test_batched_rows_equal_the_single_indicator_rows(ind, frames, table):
    single = compute_indicator(ind, frames, AS_OF).with_columns(pl.col(c).round(4) for c in ROUNDED)
    batched = table.filter(pl.col("id") == ind.id)
    assert single.height > 0
    assert_frame_equal(batched, single)


def test_every_family_call_gives_each_member_what_it_gives_alone(frames):
    members = defaultdict(list)
    for ind in BATCHED:
        members[ind.compute.family].append(ind.compute)
    for family, batches in members.items():
        together = rows(family(frames, tuple(b.param for b in batches)))
        for m, b in enumerate(batches):
            alone = rows(b(frames))
            mine = together.filter(pl.col(MEMBER) == m).drop(MEMBER)
            # A family's rows come in any order (the engine sorts the table): compared sorted.
            key = ["territory", "period"]
            assert_frame_equal(mine.select(alone.columns).sort(key), alone.sort(key)), b.__name__


def test_a_code_asked_twice_gets_its_rows_twice_and_an_unknown_code_gets_none(frames):
    code = "1.1.out.1"
    out = rows(pdz._observed_family(frames, (code, "0.0.out.0", code)))
    first, second = (out.filter(pl.col(MEMBER) == m).drop(MEMBER) for m in (0, 2))
    assert first.height > 0 and first.equals(second)
    assert out.filter(pl.col(MEMBER) == 1).height == 0


def test_a_member_without_rows_gets_the_no_data_row_beside_a_member_with_rows(frames):
    real = next(i for i in CATALOG if i.id == "1.1.out.1")
    ghost = dataclasses.replace(real, id="prova.codice_assente", compute=pdz.observed("0.0.out.0"))
    t = compute_all(frames, AS_OF, catalog=[real, ghost])
    ghost_rows = t.filter(pl.col("id") == "prova.codice_assente")
    # One no-data row per year of the plan it is due (Indicator.due_periods), each saying why.
    assert ghost_rows.select("period", "value", "status", "note").rows() == [
        (y, None, "no_data", "nessuna riga utile nei dati") for y in ("2021", "2022", "2023")]
    assert t.filter(pl.col("id") == "1.1.out.1").equals(compute_all(frames, AS_OF, catalog=[real]))


def test_a_member_whose_sources_are_missing_is_not_asked_of_the_family(frames):
    without = {k: v for k, v in frames.items() if k != "hug_accessi"}
    t = compute_all(without, AS_OF, catalog=[i for i in CATALOG if i.id.startswith("hug.")])
    notes = dict(t.select("id", "note").rows())
    assert notes["hug.accessi_semestre"] == "dati assenti: hug_accessi"
    # hug_orari is still there: the per-hour figure is asked, and finds no access to count.
    assert notes["hug.accessi_per_ora"] == "nessuna riga utile nei dati"


def test_register_semester_numbers_equal_reading_year_and_month():
    days = pl.DataFrame({"data": pl.date_range(dt.date(2019, 1, 1), dt.date(2028, 12, 31), eager=True)})
    days = days.sample(fraction=1.0, shuffle=True, seed=7)  # the register is in no particular order
    got = days.select(hug._semester_numbers(days["data"]).alias("a"), semester_number("data").alias("b"))
    assert got["a"].equals(got["b"], check_names=False)
    assert days.filter(pl.col("data") == dt.date(2024, 6, 30)).select(hug._semester_numbers(days["data"])).item() \
        == 2024 * 2
    assert days.filter(pl.col("data") == dt.date(2024, 7, 1)).select(hug._semester_numbers(days["data"])).item() \
        == 2024 * 2 + 1


def test_shared_pieces_are_made_once_per_compute_all_call_and_never_kept_across_calls(frames):
    from indicators.builders import shared
    from indicators.engine import _frames

    made = []

    def make():
        made.append(1)
        return len(made)

    one_call = _frames(frames)
    assert [shared(one_call, "k", make), shared(one_call, "k", make)] == [1, 1]
    assert shared(one_call, "other", make) == 2  # another key: made anew
    assert shared(_frames(frames), "k", make) == 3  # the next compute_all call: its own memo
    plain = dict(frames)  # frames given directly (a test, a page): no memo, made every time
    assert [shared(plain, "k", make), shared(plain, "k", make)] == [4, 5]


class _InTheCaller:
    """A stand-in for the engine's thread pool that runs each plan at once, in the caller."""

    @staticmethod
    def submit(fn, *args):
        done = fn(*args)
        return type("Done", (), {"result": staticmethod(lambda: done)})


@pytest.mark.parametrize("per_run", [1, 5, 10_000])
def test_the_table_does_not_depend_on_how_plans_are_grouped_or_where_they_run(frames, table, monkeypatch, per_run):
    from indicators import engine

    monkeypatch.setattr(engine, "PLANS_PER_RUN", per_run)
    assert compute_all(frames, AS_OF).equals(table)
    monkeypatch.setattr(engine, "_POOL", _InTheCaller())
    one = compute_all(frames, AS_OF)
    monkeypatch.undo()
    assert engine.THREADS == 2 and engine.PLANS_PER_RUN > 1
    # Same rows in the same order, every time: the parts are gathered in catalog order.
    assert one.equals(table)
    for _ in range(3):
        assert compute_all(frames, AS_OF).equals(one)


def test_shared_makes_each_key_once_when_two_threads_ask_together():
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from indicators.builders import shared
    from indicators.engine import _frames

    memo_frames, made = _frames({}), []

    def make():
        made.append(threading.get_ident())
        time.sleep(0.05)  # long enough for the other thread to ask while this one makes it
        return len(made)

    with ThreadPoolExecutor(max_workers=2) as pool:
        got = list(pool.map(lambda _: shared(memo_frames, "key", make), range(2)))
    assert got == [1, 1] and len(made) == 1
    # Without the engine's memo (a plain dict of frames) it is made every time.
    assert shared({}, "key", make) == 2 and len(made) == 2


def test_finishing_expressions_follow_the_catalog_they_are_given(frames, table):
    # _finish keeps the last catalog's expressions: a different catalog (here the full one
    # reversed, so every indicator changes place) must not reuse them.
    from indicators import engine

    compute_all(frames, AS_OF)
    assert engine._LAST_CATALOG is not None and engine._LAST_CATALOG[0] == tuple(CATALOG)
    reversed_table = compute_all(frames, AS_OF, catalog=list(reversed(CATALOG)))
    keys = ["id", "territory", "period"]
    assert_frame_equal(reversed_table.sort(keys, maintain_order=True), table.sort(keys, maintain_order=True))
    assert compute_all(frames, AS_OF).equals(table)
