"""The Piano di Zona area page and the overview grid, through AppTest (via app.py), on sample_data."""

from __future__ import annotations

import pytest
import polars as pl
from streamlit.testing.v1 import AppTest

from data_loaders import load_all
from indicators import format as fmt
from indicators.engine import compute_all, latest
from indicators.plan import AREAS, objectives_of
from indicators.registry import BY_ID
from tests.apptest import TIMEOUT, log_in, texts
from tests.conftest import AS_OF, ROOT, SAMPLE
from ui.charts import WITHHELD_LABEL
from ui.components import status_label

PAGE = "pages/piano_di_zona.py"


def open_area(area: str | None, role: str | None = None, every_objective: bool = True) -> AppTest:
    """The area page opened from a link with ?area=<area>, as ``role``; with every objective's box of
    indicators opened (a visitor sees the first one open), unless ``every_objective`` is False."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if role:
        log_in(at, role)
    if area is not None:
        at.query_params["area"] = area
    at.run()
    at.switch_page(str(ROOT / PAGE))
    if area is not None:
        at.query_params["area"] = area
    at.run()
    if every_objective:
        for o in objectives_of(at.selectbox(key="pdz_area").value):
            at.session_state[objective_key(o.id)] = True
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def objective_key(objective_id: str) -> str:
    return f"pdz_indicatori_{objective_id}"


@pytest.fixture(scope="module")
def engine_now():
    table = compute_all(load_all(SAMPLE), AS_OF)
    return latest(table.filter(pl.col("area").str.contains(r"^\d+$")))


@pytest.mark.parametrize("area", [a.id for a in AREAS])
def test_area_page_shows_each_objective_and_its_figures(area, engine_now):
    at = open_area(area, role="coordinatore")
    title = next(a.title for a in AREAS if a.id == area)
    assert at.header[0].value == f"Area {area} · {title}"
    assert at.selectbox(key="pdz_area").value == area
    subheaders = [s.value for s in at.subheader]
    assert subheaders == [f"Obiettivo {o.id} · {o.title}" for o in objectives_of(area)]
    page = texts(at)
    mine = engine_now.filter(pl.col("area") == area)
    for r in mine.filter(pl.col("value").is_not_null()).iter_rows(named=True):
        shown = fmt.by_unit(r["value"], r["unit"], BY_ID[r["id"]].decimals)
        assert f"**Valore {r['period']}:** {shown}" in page, r["id"]
        assert f"«{BY_ID[r['id']].plan_text}»" in page
    # One trend chart per indicator with data, plus the breakdowns and the 2018-2020 chart.
    with_data = mine.filter(pl.col("value").is_not_null()).height
    assert len(at.get("vega_lite_chart")) >= with_data
    assert at.metric[0].label == "✔ in linea"
    assert at.metric[0].value == str(mine.filter(pl.col("status") == "on_track").height)


def test_only_the_first_objectives_indicators_are_built_until_another_is_opened():
    first, second = objectives_of("1")[:2]
    at = open_area("1", every_objective=False)
    page = texts(at)
    assert f"Obiettivo {second.id} · {second.title}" in [s.value for s in at.subheader]  # its status is shown
    opened = [e.label for e in at.expander if e.label.startswith("Indicatori dell'obiettivo")]
    assert opened[0].startswith(f"Indicatori dell'obiettivo {first.id}: ") and len(opened) == len(objectives_of("1"))
    assert f"**{first.id}.out.1 · " in page and f"**{second.id}.out.1 · " not in page
    charts = len(at.get("vega_lite_chart"))
    at.session_state[objective_key(second.id)] = True
    at.run()
    assert f"**{second.id}.out.1 · " in texts(at) and len(at.get("vega_lite_chart")) > charts


def test_deep_link_opens_the_area_and_the_choice_updates_the_link():
    at = open_area("6")
    assert at.header[0].value.startswith("Area 6 · Digitalizzazione")
    page = texts(at)
    assert "≥ 60% degli enti pubblici" in page and "1 piattaforma" in page
    at.selectbox(key="pdz_area").set_value("9").run()
    assert at.query_params["area"] == ["9"] or at.query_params["area"] == "9"
    assert at.header[0].value.startswith("Area 9 ·")


def test_unknown_area_in_the_link_falls_back_to_area_one():
    at = open_area("99", every_objective=False)
    assert any("«99» non esiste" in w.value for w in at.warning)
    assert at.header[0].value.startswith("Area 1 ·")


def test_area_nine_shows_the_plans_inconsistency_and_the_proposed_measures():
    at = open_area("9", role="coordinatore")
    page = texts(at)
    assert "ripetono parola per parola quelli di 9.2" in page
    for ind in ("9.3.out.4", "9.3.out.5", "9.3.oc.3"):
        assert f"**{ind} · {BY_ID[ind].name}** · *proposto dal cruscotto*" in page
    assert "**9.2.out.1 · " in page and "proposto dal cruscotto" not in page.split("**9.2.out.1 · ")[1].split("\n")[0]


def test_increase_target_is_written_with_its_base_year(engine_now):
    at = open_area("1", role="coordinatore")
    r = engine_now.filter(pl.col("id") == "1.1.out.3").row(0, named=True)
    assert f"aumento rispetto all'anno base (2021: {fmt.number(r['baseline'])})" in texts(at)


def test_breakdown_by_sub_ambito_is_drawn():
    at = open_area("6", role="coordinatore")
    page = texts(at)
    assert "**Per sub-ambito** (2023)" in page
    charts = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert any('"territorio"' in s and '"y"' in s for s in charts)


def test_another_ambitos_rows_are_not_shown_as_this_ambitos_parts(data_copy, monkeypatch):
    # A region's data: Seregno's own figures sit beside the Cremonese's, named as an Ambito.
    with (data_copy / "osservazioni_pdz.csv").open("a", encoding="utf-8") as f:
        f.write("1.1.out.1;2023;Ambito Seregno;7,00;;;Ufficio di Piano;\n"
                "1.1.out.4;2023;Ambito Seregno;9,00;;;Ufficio di Piano;\n")
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    page = texts(open_area("1", role="coordinatore"))
    assert "Seregno" not in page
    assert "**Per sub-ambito** (2023)" in page  # the Cremonese's own sub-ambiti still are


def test_public_never_sees_a_small_count_of_people():
    at = open_area("3")  # public: persons in inclusion paths are broken down by sub-ambito
    for df in at.dataframe:
        table = df.value
        if "Codice" not in table.columns:
            continue
        for code, value in zip(table["Codice"], table["Valore"]):
            if BY_ID[code].sensitive and BY_ID[code].unit == "numero":
                assert value not in {"1", "2", "3", "4"}, (code, value)


def test_history_tab_sets_the_2018_2020_review_beside_the_cycle():
    at = open_area("2", role="coordinatore")
    metrics = {m.label: m.value for m in at.metric}
    # Abitare 2018-2020: (80 + 80 + 100 + 50 + 100) / 5 = 82%.
    assert metrics["2018-2020: raggiungimento medio degli obiettivi collegati"] == "82%"
    page = texts(at)
    assert "Dall'emergenza alla prevenzione" in page and "€ 1.037.004,00" in page
    assert "proposta dal cruscotto" in page
    area10 = open_area("10")
    assert "non riporta un grado di raggiungimento" in texts(area10)


def test_public_breakdown_leaves_out_small_sub_ambiti_and_says_which():
    # 3.1.out.4 in 2023: Pizzighettonese has fewer than 5 persons (hidden), and Cremonese nord is
    # hidden too, or the small one could be worked out from the Ambito's total.
    public = texts(open_area("3"))
    assert "Non mostrati nel grafico: Cremonese nord (riservato), Pizzighettonese (< 5)." in public
    assert "Non mostrati nel grafico" not in texts(open_area("3", role="coordinatore"))


def _detail(at: AppTest, code: str) -> pl.DataFrame:
    """The rows of an indicator's «Dati, formula e fonte» table, as shown."""
    return next(pl.from_pandas(df.value) for df in at.dataframe
                if "Codice" in df.value.columns and set(df.value["Codice"]) == {code})


def test_a_status_that_would_give_a_hidden_figure_back_is_not_shown_to_the_public():
    # 1.1.out.5, sample: in 2021-S1 Pizzighettonese had 4 accesses (hidden) and Cremonese nord 7
    # (hidden with it). Their 2023-S2 values (8 each) are shown; «in linea» would say their base
    # year was below 8 and, with the shown total, give both back (access/views.py).
    def row(at, period, where):
        t = _detail(at, "1.1.out.5").filter((pl.col("Periodo") == period)
                                             & (pl.col("Territorio") == f"Ambito Cremonese / {where}"))
        return t.row(0, named=True)

    public, coordinator = open_area("1"), open_area("1", role="coordinatore")
    for where in ("Pizzighettonese", "Cremonese nord"):
        shown = row(public, "2023-S2", where)
        assert (shown["Valore"], shown["Stato"]) == ("8", "non mostrato (dato riservato)")
        assert row(coordinator, "2023-S2", where)["Stato"] == status_label("on_track")
    assert row(public, "2021-S1", "Pizzighettonese")["Stato"] == "non mostrato (dato riservato)"
    # Where nothing is hidden, the status stays: Soresinese 16 against its 8.
    assert row(public, "2023-S2", "Soresinese")["Stato"] == status_label("on_track")
    # The sub-ambito chart colours those bars as withheld, not by status (its legend says so).
    def legends(at):
        return sum(f'"{WITHHELD_LABEL}"' in c.proto.spec for c in at.get("vega_lite_chart"))
    assert legends(public) >= 1 and legends(coordinator) == 0
    assert "Stato riservato per Cremonese nord, Pizzighettonese" in texts(public)
