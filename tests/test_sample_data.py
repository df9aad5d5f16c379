"""The sample data: reproducible from the seeded generator, documented, and shaped as the plan says."""

from __future__ import annotations

import polars as pl

from data_loaders import dictionary, load_dataset
from generator.__main__ import generate_all
from tests.conftest import SAMPLE


def test_generator_reproduces_the_committed_sample_data(tmp_path):
    generate_all(tmp_path)
    for path in sorted(SAMPLE.glob("*.csv")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_data_dictionary_is_up_to_date():
    assert dictionary.README.read_text(encoding="utf-8") == dictionary.render(), \
        "rigenerare con: python -m data_loaders.dictionary"


def test_comuni_match_the_plan_48_comuni_156113_inhabitants_size_classes():
    c = load_dataset("comuni").frame.filter((pl.col("anno") == 2021) & (pl.col("ambito") == "Cremonese"))
    assert c.height == 48
    assert c["popolazione"].sum() == 156_113
    assert c.filter(pl.col("popolazione") > 3000).height == 9
    assert c.filter(pl.col("popolazione") < 1000).height == 14


def test_seed_figures_are_exact():
    fondi = load_dataset("fondi").frame
    fnps = fondi.filter((pl.col("fondo") == "FNPS") & (pl.col("anno") == 2021))
    assert fnps["importo_eur"].to_list() == [850_000.0]
    budget = load_dataset("pnrr_budget").frame.filter(pl.col("ambito") == "Cremonese")
    assert budget["previsto_eur"].sum() == 211_500.0
    hug = load_dataset("hug_budget").frame
    assert hug.group_by("tipo").agg(pl.col("previsto_eur").sum()).sort("tipo").rows() == [
        ("cofinanziamento", 30_000.0), ("finanziamento", 70_000.0)]
