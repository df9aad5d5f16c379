"""The home page (Panoramica): tiles coloured by their worst indicator, «Da guardare», headline
figures equal to their own pages' and one data version on pages and PDF (issue 15, section 2)."""

from __future__ import annotations

import io
import re

import polars as pl
import pypdf
import pytest

from data_loaders import load_all
from indicators.engine import compute_all, latest
from indicators.plan import OBJECTIVES
from tests.apptest import open_page
from tests.conftest import AS_OF, SAMPLE
from ui import home
from ui.privacy import public_view

AMBITO = "Ambito Cremonese"
TILE_ORDER = ("off_track", "at_risk", "on_track", "no_data")
WORDS = {"off_track": "✖ {} fuori target", "at_risk": "▲ {} a rischio", "on_track": "✔ {} in linea",
         "no_data": "– {} senza dati"}


@pytest.fixture(scope="module")
def table():
    return compute_all(load_all(SAMPLE, AS_OF), AS_OF)


# Function scope: the test users file is set up for each test (tests/conftest.py).
@pytest.fixture
def coordinator_home():
    return open_page(role="coordinatore")


@pytest.fixture
def public_home():
    return open_page()


def tiles_of(at) -> list[str]:
    return [m.value for m in at.markdown if "border-left" in m.value]


def engine_counts(now: pl.DataFrame, objective: str) -> dict[str, int]:
    """The test's own count: latest row of each indicator, context figures and unjudged rows out,
    a status hidden from the viewer counted apart."""
    mine = now.filter((pl.col("objective") == objective) & (pl.col("kind") != "contesto"))
    hidden = mine["status_withheld"].fill_null(False).to_list() if "status_withheld" in mine.columns else [False] * mine.height
    statuses = [s for s, h in zip(mine["status"].to_list(), hidden) if not h]
    return {s: statuses.count(s) for s in TILE_ORDER}


def test_a_tile_takes_its_worst_status_not_the_majority(coordinator_home):
    # Objective 1.1 in the sample, latest periods: 1.1.oc.2 (66 vs 73), 1.1.oc.3 (33 vs 43), 1.1.out.1
    # (12 vs 14) and 1.1.out.2 (equal to its base) are off target; six others are on track. The
    # majority said «in linea» (6 to 4); one off target is enough to make the objective so.
    tile = tiles_of(coordinator_home)[0]
    assert "<b>1.1</b> · <b>✖ fuori target</b>" in tile
    assert "border-left:10px solid #D55E00" in tile
    assert "✖ 4 fuori target · ▲ 0 a rischio · ✔ 6 in linea · – 0 senza dati" in tile


def test_every_tile_opens_its_area(coordinator_home):
    links = [p.proto for p in coordinator_home.get("page_link") if p.proto.label.startswith("Apri l'area")]
    assert [p.query_string for p in links] == [f"area={o.area}" for o in OBJECTIVES]
    assert {p.page for p in links} == {"piano_di_zona"}


@pytest.mark.parametrize("role", ["coordinatore", "assemblea", "pubblico"])
def test_every_tile_counts_what_the_engine_table_says(role, table):
    at = open_page(role=None if role == "pubblico" else role)
    seen = table if role == "coordinatore" else public_view(table, role)
    now = latest(seen.filter(pl.col("area").str.contains(r"^\d+$")), AMBITO)
    tiles = tiles_of(at)
    assert len(tiles) == len(OBJECTIVES) == 24
    for tile, o in zip(tiles, OBJECTIVES):
        counts = engine_counts(now, o.id)
        assert " · ".join(WORDS[s].format(counts[s]) for s in TILE_ORDER) in tile, o.id
        withheld = withheld_count(now, o.id)
        assert (f"◌ {withheld} non mostrati" in tile) if withheld else ("non mostrati" not in tile), o.id
        worst = next((s for s in ("off_track", "at_risk", "on_track") if counts[s]), "no_data")
        assert re.search(rf"<b>{re.escape(o.id)}</b> · <b>. {worst_word(worst)}</b>", tile), (o.id, worst)


def withheld_count(now: pl.DataFrame, objective: str) -> int:
    mine = now.filter((pl.col("objective") == objective) & (pl.col("kind") != "contesto"))
    return int(mine["status_withheld"].fill_null(False).sum()) if "status_withheld" in mine.columns else 0


def test_the_public_counts_hidden_statuses_apart(public_home, table):
    # A value hidden from the public has a status nobody may see: neither «senza dati» (it has a value)
    # nor its real status; the counts table gives them a column of their own.
    grid = next(m.value for m in public_home.markdown if m.value.startswith("| | ✖ fuori target"))
    assert "◌ non mostrati" in grid.splitlines()[0]
    seen = latest(public_view(table, "pubblico"), AMBITO)
    pippi = seen.filter((pl.col("area") == "pippi") & (pl.col("kind") != "contesto"))
    hidden = int(pippi["status_withheld"].fill_null(False).sum())
    row = next(line for line in grid.splitlines() if line.startswith("| PIPPI |"))
    assert hidden and int(row.split("|")[6]) == hidden


def worst_word(status: str) -> str:
    return {"off_track": "fuori target", "at_risk": "a rischio", "on_track": "in linea", "no_data": "senza dati"}[status]


def test_the_counts_table_adds_up_to_its_total(coordinator_home, table):
    grid = next(m.value for m in coordinator_home.markdown if m.value.startswith("| | ✖ fuori target"))
    rows = {line.split("|")[1].strip().strip("*"): [int(c.strip().strip("*")) for c in line.split("|")[2:-1]]
            for line in grid.splitlines()[2:]}
    total = rows.pop("Totale")
    assert [sum(col) for col in zip(*rows.values())] == total
    now = latest(table, AMBITO)
    pdz = now.filter(pl.col("area").str.contains(r"^\d+$") & (pl.col("kind") != "contesto")
                     & pl.col("status").is_in(TILE_ORDER))
    # The coordinator sees every status: no «non mostrati» column.
    assert rows["Piano di Zona 2021-2023"] == [pdz.filter(pl.col("status") == s).height for s in TILE_ORDER] + [pdz.height]


def watch_links(at) -> list:
    return [p.proto for p in at.get("page_link") if re.match(r"\*\*[✖▲] (fuori target|a rischio)\*\* · ", p.proto.label)]


def watch_items(at) -> list[str]:
    return [p.label for p in watch_links(at)]


def test_da_guardare_lists_the_worst_gap_first_with_a_link_to_its_page(coordinator_home, table):
    assert "Da guardare" in [s.value for s in coordinator_home.subheader]
    items = watch_items(coordinator_home)
    ids = [re.search(r"\(([^()]+)\) · ", i)[1] for i in items]
    # Nothing done of a target of 1 (100% short) first, by code; then PIPPI's yearly budget, 55% spent
    # of 100% (45% short), before 6.3.out.3, 33,3% of operators against 60% (44,4% short).
    assert ids[:4] == ["4.2.out.4", "6.2.out.4", "6.3.out.1", "7.1.out.4"]
    assert ids.index("pippi.budget_speso_anno") < ids.index("6.3.out.3")
    assert "scarto 45%" in items[ids.index("pippi.budget_speso_anno")]
    assert "scarto 44%" in items[ids.index("6.3.out.3")]
    shortfalls = [r["shortfall"] for r in home.watch_list(latest(table, AMBITO))]
    known = [s for s in shortfalls if s is not None]
    assert known == sorted(known, reverse=True)
    now = latest(table, AMBITO)
    wanted = now.filter(pl.col("status").is_in(["off_track", "at_risk"]) & (pl.col("kind") != "contesto"))
    assert sorted(ids) == sorted(wanted["id"].to_list())
    # Each line is the link to the indicator's page.
    by_id = dict(zip(ids, watch_links(coordinator_home)))
    assert by_id["pippi.budget_speso_anno"].page == "pippi"
    assert (by_id["6.3.out.3"].page, by_id["6.3.out.3"].query_string) == ("piano_di_zona", "area=6")


def test_da_guardare_for_the_public_leaves_out_what_it_may_not_judge(public_home, table):
    seen = latest(public_view(table, "pubblico"), AMBITO)
    hidden = seen.filter(pl.col("status_withheld").fill_null(False))["name"].to_list()
    # The public's lines name the indicator (no id): no withheld one among them.
    items = watch_items(public_home)
    assert hidden and items and not [i for i in items for name in hidden if f"· {name} " in i]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def metric_starting(at, prefix: str) -> tuple[str, str]:
    return next((k, v) for k, v in metrics(at).items() if k.startswith(prefix))


@pytest.mark.parametrize("role", ["coordinatore", "pubblico"])
def test_headline_figures_are_the_numbers_of_their_own_pages(role, coordinator_home, public_home):
    at = coordinator_home if role == "coordinatore" else public_home
    pippi = metrics(open_page("pages/pippi.py", role=None if role == "pubblico" else role))
    # The project's rate since the start (84,0%), not the current year's (83,3%) the home page showed.
    rate = metric_starting(at, "Valutazioni PIPPI 2023-2026")[1]
    assert rate == pippi["Valutazioni multidimensionali"]
    if role == "coordinatore":
        assert rate == "84,0%"
    assert metric_starting(at, "Famiglie PIPPI 2023-2026")[1] == pippi["Famiglie incluse nel progetto"]
    risorse = metrics(open_page("pages/risorse.py", role=None if role == "pubblico" else role))
    assert metrics(at)["Spesa sociale 2019"] == risorse["Spesa sociale dei comuni 2019"] == "€ 29.580.029"
    territorio = metrics(open_page("pages/territorio.py", role=None if role == "pubblico" else role))
    assert metrics(at)["Popolazione 2025"] == territorio["Popolazione 2025"] == "153.632"


def test_headlines_say_their_period_trend_and_when_data_predate_the_plan(coordinator_home):
    shown = {m.label: m for m in coordinator_home.metric}
    pop = shown["Popolazione 2025"]
    # Sparkline of every year of comuni.csv, and the change on the year before.
    assert len(pop.proto.chart_data) >= 2 and "rispetto al 2024" in pop.proto.delta
    rate = next(m for k, m in shown.items() if k.startswith("Valutazioni PIPPI"))
    # The yearly rates 2023-2026 beside the project's: 84,6 · 81,8 · 85,7 · 83,3.
    assert [round(float(x), 1) for x in rate.proto.chart_data] == [84.6, 81.8, 85.7, 83.3]
    captions = [c.value for c in coordinator_home.caption]
    assert "Spesa sociale dei comuni (somma delle aree) · periodo 2019 · dato precedente al Piano 2021-2023, " \
           "l'ultimo disponibile" in captions
    assert "Tasso di valutazione multidimensionale, intero progetto · periodo 2023-2026 al 30/06 · ✔ in linea" in captions


def version_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Dati al "))


def test_one_data_version_on_pages_and_in_the_pdf(coordinator_home, data_copy, monkeypatch):
    from report import pdf
    from report.build import report_from_folder
    from report.version import data_version

    results = load_all(SAMPLE, AS_OF)
    # The latest date recorded in the sample is an access to the Centro per le Famiglie on 30/10/2026.
    said = f"dati al 30/10/2026 · versione {data_version(results)}"
    assert version_caption(coordinator_home).startswith("D" + said[1:] + " · caricati il ")
    assert version_caption(open_page("pages/pippi.py", role="coordinatore")).startswith("D" + said[1:])
    report = report_from_folder(SAMPLE, AS_OF)
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.render(report, {}))).pages))
    assert text.count(said) >= 2  # the footer of every page
    # The same files elsewhere, with other file dates: the same version.
    for f in data_copy.iterdir():
        if f.is_file():
            f.touch()
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    assert version_caption(open_page()).startswith("D" + said[1:])



def test_downloads_carry_the_data_version_of_the_page(monkeypatch, downloads):
    import json

    import altair as alt
    from openpyxl import load_workbook

    from ui import exports

    seen = downloads
    name = "Indicatori all'ultimo periodo"
    at = open_page()
    at.session_state[exports._key(name, None, "tabella")] = True
    at.run()
    said = version_caption(at).split(" · caricati il ")[0]
    workbook = load_workbook(io.BytesIO(seen[exports.slug(name) + ".xlsx"]()))
    assert workbook[exports.VERSION_SHEET]["A1"].value == said
    assert workbook.worksheets[0]["A1"].value == "Codice"  # the table itself is unchanged
    chart = alt.Chart(pl.DataFrame({"x": [1, 2]}).to_pandas()).mark_bar().encode(x="x")
    assert json.loads(exports.export_spec(chart, "Spesa", said))["title"] == {"text": "Spesa", "subtitle": said}


def test_da_guardare_shows_no_raw_ids_to_the_public(public_home):
    items = watch_items(public_home)
    assert items
    # The plan's objective number, never the dashboard's line id or a programme's internal id.
    assert not [i for i in items if re.search(r"\.(out|oc)\.\d|pippi\.|hug\.|risorse\.", i)]
    assert any("(obiettivo 4.2)" in i for i in items)
