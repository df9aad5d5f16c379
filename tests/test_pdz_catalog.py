"""The Piano di Zona as data (indicators/plan.py) and its catalog: coverage, quotes, targets.

Also the sample data (every status appears) and the 2018-2020 review's real figures.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import polars as pl
import pytest

from data_loaders import load_all
from indicators.defs.pdz import INDICATORS
from indicators.engine import compute_all, latest
from indicators.plan import AREAS, OBJECTIVE_BY_ID, OBJECTIVES, objective_status, objective_summary, status_counts
from indicators.registry import BY_ID
from tests.conftest import AS_OF, ROOT
from tests.helpers import frame

# The plan documents travel beside the project (../shared/seeds), on this machine and in CI alike:
# the quoting test must run everywhere, never skip.
SEED = ROOT.parent / "shared" / "seeds" / "004_d11fc173032d0317.txt"
PLAN_OBJECTIVES = ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "5.3",
                   "6.1", "6.2", "6.3", "7.1", "7.2", "7.3", "8.1", "8.2", "9.1", "9.2", "9.3", "10.1"]


def test_the_plan_has_ten_areas_and_its_objectives_in_order():
    assert [a.id for a in AREAS] == [str(i) for i in range(1, 11)]
    assert [o.id for o in OBJECTIVES] == PLAN_OBJECTIVES
    assert AREAS[5].title == "Digitalizzazione dei servizi e condivisione delle conoscenze"
    assert OBJECTIVE_BY_ID["9.3"].title.startswith("Cura della Rete Antiviolenza")
    assert all(o.area == o.id.split(".")[0] for o in OBJECTIVES)
    assert all(o.target_population and o.needs and o.transversal_text and o.text for o in OBJECTIVES)


@pytest.mark.parametrize("objective", PLAN_OBJECTIVES)
def test_every_objective_has_output_and_outcome_indicators(objective):
    kinds = {i.kind for i in INDICATORS if i.objective == objective}
    assert kinds == {"output", "outcome"}


def test_ids_follow_the_plan_numbering():
    for i in INDICATORS:
        assert re.fullmatch(rf"{re.escape(i.objective)}\.(out|oc)\.\d+(\.[a-z]+)?", i.id), i.id
        assert (i.kind == "output") == (".out." in i.id)
        assert i.area == OBJECTIVE_BY_ID[i.objective].area


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def test_every_plan_sentence_is_quoted_exactly():
    source = _normalise(SEED.read_text(encoding="utf-8"))
    misquoted = [i.id for i in INDICATORS if _normalise(i.plan_text) not in source]
    assert misquoted == []


# The plan's numbers, as written: (id, comparison, value, period of the target).
NUMERI_DEL_PIANO = [
    ("1.2.out.1", "at_least", 2, "2021-2023"),        # «almeno due sub ambiti»
    ("4.2.out.10", "at_least", 1, "2021-2023"),       # «almeno una sperimentazione a livello locale»
    ("5.1.out.7", "at_least", 1, "2021-2023"),
    ("5.3.out.4", "at_least", 1, "2021-2023"),
    ("7.1.out.4", "at_least", 1, "2021-2023"),
    ("6.1.out.1", "at_least", 1, "2021-2023"),        # «(1 report)»
    ("6.1.out.2", "at_least", 3, "annuale"),          # «almeno tre territori»
    ("6.1.out.2.urbano", "at_least", 1, "annuale"),   # «di cui uno in area urbana»
    ("6.1.out.2.aree", "at_least", 3, "annuale"),     # «almeno due aree tematiche per territorio»
    ("6.1.out.3", "at_least", 3, "2021-2023"),        # «almeno tre protocolli informatici»
    ("6.1.out.5", "at_least", 3, "2021-2023"),        # «almeno tre percorsi di formazione»
    ("6.1.out.6", "at_least", 1, "semestrale"),       # «semestrali»
    ("6.1.oc.3", "at_least", 3, "2021-2023"),         # «almeno tre procedure a regime»
    ("6.2.out.1", "at_least", 60, "annuale"),         # «(60%)»
    ("6.2.out.2", "at_least", 60, "annuale"),         # «(almeno il 60%)»
    ("6.2.out.3", "at_least", 3, "2021-2023"),
    ("6.2.out.4", "at_least", 1, "semestrale"),
    ("6.3.out.1", "at_least", 1, "2021-2023"),        # «(1 piattaforma)»
    ("6.3.out.2", "at_least", 60, "annuale"),
    ("6.3.out.3", "at_least", 60, "annuale"),
    ("7.2.out.4", "at_least", 1, "2021-2023"),        # «almeno un progetto ... biblioteche»
    ("7.3.out.4", "at_least", 1, "2021-2023"),        # «almeno un momento di presentazione dei dati ai giovani»
    ("9.1.out.1", "at_least", 1, "semestrale"),
]


@pytest.mark.parametrize("indicator_id,comparison,value,period", NUMERI_DEL_PIANO)
def test_the_plans_numbers_are_the_targets(indicator_id, comparison, value, period):
    t = BY_ID[indicator_id].target
    assert (t.comparison, t.value, t.period) == (comparison, value, period)


def test_without_a_number_the_target_is_change_over_the_base_year():
    with_number = {i for i, *_ in NUMERI_DEL_PIANO}
    ones = {i.id for i in INDICATORS if i.metric_type == "cumulative" and i.target.value == 1}
    for i in INDICATORS:
        if i.id in with_number or i.id in ones:
            continue
        assert i.target.comparison in ("increase", "decrease"), i.id
        assert i.target.describe() in ("aumento rispetto all'anno base", "diminuzione rispetto all'anno base")
        assert (i.direction == "down") == (i.target.comparison == "decrease")


def test_nine_three_keeps_the_plans_repeated_text_and_adds_proposed_measures():
    same = [("9.2.out.1", "9.3.out.1"), ("9.2.out.2", "9.3.out.2"), ("9.2.out.3", "9.3.out.3"),
            ("9.2.oc.1", "9.3.oc.1")]
    for a, b in same:
        assert BY_ID[a].plan_text.rstrip(",.") == BY_ID[b].plan_text.rstrip(",."), (a, b)
    proposed = sorted(i.id for i in INDICATORS if i.proposed)
    assert proposed == ["9.3.oc.3", "9.3.out.4", "9.3.out.5"]
    assert all(BY_ID[p].sensitive for p in proposed)
    assert "ripetono parola per parola" in OBJECTIVE_BY_ID["9.3"].notes[0]


@pytest.mark.parametrize("indicator_id", ["1.1.out.4", "3.1.out.4", "7.1.out.3", "8.1.out.3", "8.1.out.3.giovani",
                                          "10.1.out.3", "9.3.out.4", "1.1.oc.4", "7.1.oc.1"])
def test_people_and_rates_over_people_are_sensitive(indicator_id):
    assert BY_ID[indicator_id].sensitive


@pytest.mark.parametrize("indicator_id", ["1.1.out.3", "6.2.out.1", "6.1.out.3", "5.1.out.4"])
def test_bodies_and_documents_are_not_sensitive(indicator_id):
    assert not BY_ID[indicator_id].sensitive


@pytest.mark.parametrize("statuses,expected", [
    (["on_track", "on_track", "off_track"], "off_track"),     # one off target is enough: the worst present
    (["on_track", "off_track"], "off_track"),
    (["on_track", "at_risk", "at_risk", "no_data"], "at_risk"),
    (["on_track"] * 9 + ["at_risk"], "at_risk"),
    (["on_track", "no_data", "no_data"], "on_track"),          # no data is no judgement
    (["on_track", "baseline", "context"], "on_track"),          # nor a base year or a context figure
    (["baseline"], "no_data"),
    (["no_data", "no_data"], "no_data"),
    ([], "no_data"),
    (["at_risk", "off_track", "on_track"], "off_track"),
])
def test_objective_status_is_the_worst_judgement_present(statuses, expected):
    assert objective_status(statuses) == expected


def test_objective_summary_counts_each_objectives_indicators():
    rows = pl.DataFrame({"id": ["1.1.out.1", "1.1.oc.1", "1.2.out.1"], "objective": ["1.1", "1.1", "1.2"],
                         "status": ["on_track", "no_data", "off_track"]})
    s = objective_summary(rows)
    assert s.height == len(OBJECTIVES)
    first = s.row(0, named=True)
    assert (first["objective"], first["status"], first["n_on_track"], first["n_no_data"]) == ("1.1", "on_track", 1, 1)
    assert s.filter(pl.col("objective") == "1.2")["status"].item() == "off_track"
    assert s.filter(pl.col("objective") == "10.1")["status"].item() == "no_data"
    assert status_counts(rows) == {"on_track": 1, "at_risk": 0, "off_track": 1, "no_data": 1}


@pytest.fixture(scope="module")
def sample_latest():
    table = compute_all(load_all(ROOT / "sample_data"), AS_OF)
    return latest(table.filter(pl.col("area").str.contains(r"^\d+$")))


def test_sample_data_exercise_every_status_for_outputs_and_outcomes(sample_latest):
    # The plan's 2021-2023 is over: each latest year is met or not, never «a rischio» (a closed period).
    for kind in ("output", "outcome"):
        got = set(sample_latest.filter(pl.col("kind") == kind)["status"])
        assert got >= {"on_track", "off_track"} and "at_risk" not in got, kind
    assert set(sample_latest.filter(pl.col("status") == "no_data")["id"]) == {
        "2.2.oc.2", "5.2.oc.2", "6.3.oc.3", "7.3.oc.3", "9.3.oc.2"}


def test_sample_data_cover_every_indicator_of_the_plan(sample_latest):
    assert sample_latest.height == len(INDICATORS)
    assert set(sample_latest["objective"]) == set(PLAN_OBJECTIVES)


def test_cli_json_holds_every_objective_with_the_plans_targets():
    out = subprocess.run([sys.executable, "-m", "indicators", "--json", "--as-of", "23/11/2026"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    rows = [r for r in json.loads(out.stdout) if re.fullmatch(r"\d+", r["area"])]
    assert {(r["objective"], r["kind"]) for r in rows} == {(o, k) for o in PLAN_OBJECTIVES for k in ("output", "outcome")}
    targets = {(r["id"], r["period"]): r["target"] for r in rows if r["territory"] == "Ambito Cremonese"}
    assert targets[("6.2.out.1", "2023")] == 60
    assert targets[("1.2.out.1", "2023")] == 2
    assert targets[("6.1.out.3", "2023")] == 3 and targets[("6.1.out.3", "2021")] == 1
    assert targets[("6.3.out.1", "2023")] == 1


# ------------------------------------------------------------------ the 2018-2020 review

@pytest.fixture(scope="module")
def review():
    return load_all(ROOT / "sample_data")["bilancio_pdz_2018_2020"].frame


def test_review_holds_the_plans_figures(review):
    assert review.height == 53
    erp = review.filter(pl.col("obiettivo") == "Dall'emergenza alla prevenzione").row(0, named=True)
    assert (erp["raggiungimento"], erp["risorse_euro"], erp["risorse_percentuale"], erp["cambiamento"]) == (
        80.0, 1_037_004.0, 56.0, True)
    affido = review.filter(pl.col("obiettivo").str.starts_with("8 - Promuovere e implementare lo strumento dell'affido"))
    assert affido["raggiungimento"].to_list() == [35.0] and affido["cambiamento"].to_list() == [False]
    abitare = review.filter(pl.col("area_2018_2020") == "Abitare")
    assert abitare["raggiungimento"].to_list() == [80.0, 80.0, 100.0, 50.0, 100.0]
    assert abitare["risorse_euro"].sum() == pytest.approx(1_037_004 + 200_000 + 100_000 + 294_697)
    assert review.filter(pl.col("area_2018_2020") == "Non autosufficienza").height == 11  # 6 + 2 + 2 + 1 actions
    assert review["raggiungimento"].null_count() == 1  # «Prevenzione della caduta in povertà» has none


def test_review_contract_rejects_an_achievement_above_100():
    from data_loaders import parse_bytes
    from data_loaders.registry import get
    from tests.helpers import excel_csv

    spec = get("bilancio_pdz_2018_2020")
    res = parse_bytes(excel_csv([spec.column_names, ["Abitare", "", "Obiettivo", "", "120", "", "", "sì", "2"],
                                 ["Abitare", "", "Altro", "", "90", "", "", "", "11"]]), spec)
    assert {(p.row, p.column) for p in res.errors} == {(2, "raggiungimento"), (3, "area_2021_2023")}
    ok = frame("bilancio_pdz_2018_2020", [["Abitare", "", "Obiettivo", "", "80", "1.037.004,00", "56", "sì", "2"]])
    assert ok.row(0, named=True)["risorse_euro"] == 1_037_004.0
