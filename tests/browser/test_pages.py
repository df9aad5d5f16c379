"""Every page in a real browser, as the public and as a coordinator logged in through the Accesso
form: charts drawn, figures equal to the indicator engine's (through the access layer), no
exception; downloads; an upload through the real file input; the keyboard alone.

One server for the whole module, started the README's way (run.sh) on a copy of the sample
data, with its own users file and the tests' reference date.
"""

from __future__ import annotations

import io
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server, new_context, shot, wait_for_app
from tests.conftest import AS_OF, SAMPLE

pytestmark = pytest.mark.browser

COORDINATOR, PASSWORD = "e2e-coordinatore", "password-e2e-coordinamento-1"
CHART = '[data-testid="stVegaLiteChart"]'
DRAWN = f"{CHART} svg.marks"
TIMEOUT = 60_000
# Charts on screen (not in a closed tab or expander) that have no drawn marks yet.
UNDRAWN = (f"Array.from(document.querySelectorAll('{CHART}'))"
           ".filter(c => c.offsetParent !== null && !c.querySelector('svg.marks')).length")
# The first title of each page (h1), by url path.
TITLES = {
    "panoramica": "Cruscotto del Piano di Zona 2021-2023", "piano_di_zona": "Piano di Zona 2021-2023",
    "pippi": "Programma PIPPI", "centro_famiglie": "Centro per le Famiglie – HUG",
    "risorse": "Risorse: spesa sociale e fondi", "territorio": "Territorio",
    "report": "Report per l'Assemblea dei Sindaci", "qualita_dati": "Qualità dei dati", "carica_dati": "Carica dati",
    "accesso": "Accesso",
}
# How many charts each page draws at least on the sample data (the map counts as one).
MIN_CHARTS = {"piano_di_zona": 3, "pippi": 8, "centro_famiglie": 5, "risorse": 4, "territorio": 2}


@dataclass
class Site:
    server: Server
    data: Path


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory):
    from access.accounts import add_user

    data = tmp_path_factory.mktemp("e2e") / "dati"
    shutil.copytree(SAMPLE, data)
    users = data.parent / "utenti.toml"
    add_user(COORDINATOR, "coordinatore", PASSWORD, path=users)
    server = Server(data_dir=data, env={"CRUSCOTTO_UTENTI": str(users), "CRUSCOTTO_AS_OF": AS_OF.isoformat()})
    yield Site(server, data)
    server.stop()


@pytest.fixture(scope="module")
def views(site) -> dict[str, pl.DataFrame]:
    """The engine table over the server's data, as the public and as a coordinator see it."""
    from access.views import table_for
    from data_loaders.loader import load_all
    from indicators.engine import compute_all
    from indicators.registry import CATALOG

    table = compute_all(load_all(site.data), AS_OF)
    sensitive = {i.id for i in CATALOG if i.sensitive}
    return {role: table_for(table, role, sensitive) for role in ("pubblico", "coordinatore")}


@pytest.fixture(scope="module")
def public(browser, site):
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def coordinator(browser, site):
    """A browser session logged in as a coordinator through the real Accesso form."""
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{site.server.url}/accesso")
    wait_for_app(page)
    page.get_by_label("Nome utente").fill(COORDINATOR)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.locator('[data-testid="stSidebar"]').get_by_text("Profilo: Coordinamento", exact=False).wait_for(timeout=TIMEOUT)
    yield page
    context.close()


# ── helpers ──────────────────────────────────────────────────────────────────────────────────

def settle(page, path: str) -> None:
    """Until the page at ``path`` has finished running and every chart on it is drawn."""
    page.locator("h1").first.filter(has_text=re.compile("^" + re.escape(TITLES[path]))).wait_for(timeout=TIMEOUT)
    quiet()(page)
    page.wait_for_function(
        f"""() => document.querySelectorAll('{DRAWN}').length >= {MIN_CHARTS.get(path, 0)}
                  && {UNDRAWN} === 0""", timeout=TIMEOUT)


def quiet(checks: int = 3, pause_ms: int = 300):
    """Until the script is not running and the page stops growing: the running indicator shows only
    after a moment, so its absence alone can be the time before it appears."""
    size = "() => document.querySelectorAll('[data-testid=\"stElementContainer\"]').length"

    def wait(page) -> None:
        last, calm = -1, 0
        for _ in range(TIMEOUT // pause_ms):
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)
            now = page.evaluate(size)
            calm = calm + 1 if now == last else 0
            if calm >= checks:
                return
            last = now
            page.wait_for_timeout(pause_ms)
        raise TimeoutError("la pagina non smette di cambiare")

    return wait


def address(site: Site, path: str) -> str:
    # The default page lives at "/": "/panoramica" would answer «Page not found».
    return f"{site.server.url}/{'' if path == 'panoramica' else path}"


def open_as_public(page, site: Site, path: str) -> None:
    page.goto(address(site, path))
    settle(page, path)


def open_from_menu(page, path: str) -> None:
    """Through our sidebar menu: a typed address would start a new, public session."""
    from ui.shell import page_def

    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=page_def(path).title, exact=True).click()
    page.wait_for_url(re.compile(rf"/{path}(\?.*)?$") if path != "panoramica" else re.compile(r"/(panoramica)?(\?.*)?$"))
    settle(page, path)


def metrics(page) -> dict[str, str]:
    """Every st.metric on the page: label -> value, as displayed."""
    pairs = page.eval_on_selector_all('[data-testid="stMetric"]', """els => els.map(m => [
        m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
        m.querySelector('[data-testid="stMetricValue"]').innerText.trim()])""")
    return dict(pairs)


def records(page):
    """The expander holding the families' records (PIPPI page, coordinators only)."""
    return page.locator('[data-testid="stExpander"]').filter(has_text="Schede delle famiglie (solo coordinamento")


def assert_healthy(page) -> None:
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Traceback").count() == 0


def latest_row(view: pl.DataFrame, ind_id: str) -> dict:
    """The most recent period with a value (or hidden) of an Ambito-level indicator."""
    from indicators.config import ambito_label, principal_ambito

    rows = view.filter((pl.col("id") == ind_id) & (pl.col("territory") == ambito_label(principal_ambito()))
                       & (pl.col("value").is_not_null() | pl.col("suppressed")))
    from indicators import periods

    return sorted(rows.to_dicts(), key=lambda r: periods.sort_key(r["period"]))[-1]


def shown(r: dict) -> str:
    """A value as the page writes it for this viewer."""
    from access.suppression import suppressed_text
    from indicators import format as fmt
    from indicators.registry import BY_ID

    if r["suppressed"]:
        return suppressed_text(r["suppression"], r["unit"])
    return fmt.by_unit(r["value"], r["unit"], BY_ID[r["id"]].decimals)


def expected_figures(path: str, view: pl.DataFrame, site: Site) -> dict[str, str]:
    """Metric label -> text, computed from the engine table for this viewer (not from the page)."""
    from indicators import format as fmt
    from indicators.engine import latest
    from indicators.plan import status_counts
    from indicators.status import STATUSES
    from ui.components import status_label

    if path == "panoramica":
        # The headlines name their period and are the engine's rows read by their own pages.
        pop = latest_row(view, "territorio.popolazione")
        rate = latest_row(view, "pippi.tasso_valutazioni_progetto")
        spesa = latest_row(view, "risorse.spesa_sociale_totale")
        return {f"Popolazione {pop['period']}": fmt.number(pop["value"]),
                f"Valutazioni PIPPI {rate['period']}": shown(rate),
                f"Spesa sociale {spesa['period']}": fmt.euro(spesa["value"])}
    if path == "piano_di_zona":
        counts = status_counts(latest(view.filter(pl.col("area") == "1")))
        return {status_label(s): str(counts[s]) for s in STATUSES}
    if path == "pippi":
        fam = latest_row(view, "pippi.famiglie_progetto")
        return {"Famiglie incluse nel progetto": f"{shown(fam)} su {fmt.number(fam['target'])}",
                "Valutazioni multidimensionali": shown(latest_row(view, "pippi.tasso_valutazioni_progetto")),
                "Budget speso": shown(latest_row(view, "pippi.budget_speso"))}
    if path == "centro_famiglie":
        meet = latest_row(view, "hug.riunioni_tavolo")
        return {"Budget speso sul previsto": fmt.percent(latest_row(view, "hug.budget_speso")["value"]),
                f"Riunioni del Tavolo {meet['period']}": fmt.number(meet["value"])}
    if path == "risorse":
        spesa, capita = latest_row(view, "risorse.spesa_sociale_totale"), latest_row(view, "risorse.spesa_pro_capite")
        return {f"Spesa sociale dei comuni {spesa['period']}": fmt.euro(spesa["value"]),
                f"Spesa per abitante {capita['period']}": fmt.euro(capita["value"], 2)}
    if path == "territorio":
        pop = latest_row(view, "territorio.popolazione")
        old = latest_row(view, "territorio.indice_vecchiaia")
        assert old["period"] == pop["period"]
        return {f"Popolazione {pop['period']}": fmt.number(pop["value"]),
                f"Indice di vecchiaia {old['period']}": fmt.number(old["value"], 1)}
    if path == "qualita_dati":
        from data_loaders.loader import load_all
        from data_loaders.quality import STATO_RITARDO, arrivals

        from indicators.config import principal_ambito

        frames = {n: r.frame for n, r in load_all(site.data).items()}
        # The page counts the dashboard's Ambito only (Seregno's équipes are not the Cremonese's to report).
        late = arrivals(frames, AS_OF, principal_ambito()).filter(pl.col("state") == STATO_RITARDO).height
        return {"Periodi in ritardo": fmt.number(late)}
    return {}


def check_page(page, path: str, view: pl.DataFrame, site: Site, who: str) -> None:
    assert_healthy(page)
    assert page.locator(DRAWN).count() >= MIN_CHARTS.get(path, 0)
    assert page.evaluate(f"() => {UNDRAWN}") == 0
    if path == "territorio":
        # The map: the Ambito's 48 comuni (and the rest of the province in grey) as shapes.
        assert page.locator(f"{CHART} svg.marks path").count() >= 48
    got = metrics(page)
    for label, text in expected_figures(path, view, site).items():
        assert got.get(label) == text, (label, got)
    shot(page, f"e2e-{who}-{path}")


# ── every page, both audiences ───────────────────────────────────────────────────────────────

PATHS = list(TITLES)


@pytest.mark.parametrize("path", PATHS)
def test_every_page_as_the_public(public, site, views, path):
    from access.roles import PUBBLICO
    from ui.shell import page_def

    page = public
    if PUBBLICO not in page_def(path).roles:
        page.goto(address(site, path))
        wait_for_app(page)
        expect(page.get_by_text("Questa pagina è riservata", exact=False)).to_have_count(1)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert_healthy(page)
        return
    open_as_public(page, site, path)
    check_page(page, path, views["pubblico"], site, "pubblico")
    assert records(page).count() == 0  # record level: never for the public


@pytest.mark.parametrize("path", PATHS)
def test_every_page_as_a_coordinator(coordinator, site, views, path):
    open_from_menu(coordinator, path)
    assert coordinator.get_by_text("Questa pagina è riservata", exact=False).count() == 0
    check_page(coordinator, path, views["coordinatore"], site, "coordinatore")
    if path == "pippi":
        assert records(coordinator).count() == 1
    if path == "carica_dati":
        assert coordinator.locator('[data-testid="stFileUploader"]').count() == 1


def test_public_and_coordinator_differ_where_cells_are_small(views):
    """The two tours above compare against different tables: make sure they really differ."""
    assert views["pubblico"]["suppressed"].sum() > 0
    assert views["coordinatore"]["suppressed"].sum() == 0


# ── downloads ────────────────────────────────────────────────────────────────────────────────

def download(page, button_name: str) -> tuple[str, bytes]:
    button = page.get_by_role("button", name=button_name, exact=True)
    button.wait_for(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes()


def test_table_and_chart_downloads(public, site, views):
    from openpyxl import load_workbook

    from indicators import format as fmt

    page = public
    open_as_public(page, site, "risorse")
    page.get_by_role("button", name="Scarica la tabella").last.click()
    name, data = download(page, "CSV (Excel)")
    assert name == "valori_per_abitante.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Indicatore;Anno;Euro per abitante;Importo;Abitanti;Nota"
    capita = latest_row(views["pubblico"], "risorse.spesa_pro_capite")
    assert f";{capita['period']};{fmt.euro(capita['value'], 2)};" in text
    name, data = download(page, "Excel (.xlsx)")
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]][:3] == ["Indicatore", "Anno", "Euro per abitante"]
    page.keyboard.press("Escape")

    page.get_by_text("Dati del grafico e download: Variazione della spesa per area").click()
    name, png = download(page, "Immagine PNG")
    assert name == "variazione_della_spesa_per_area.png" and png.startswith(b"\x89PNG\r\n\x1a\n")
    name, svg = download(page, "Immagine SVG")
    assert ET.fromstring(svg).tag.endswith("svg")
    shot(page, "e2e-downloads")


def test_public_table_download_shows_small_cells_as_text(public, site):
    page = public
    open_as_public(page, site, "territorio")
    page.get_by_role("button", name="Scarica la tabella").nth(1).click()
    name, data = download(page, "CSV (Excel)")
    assert name.startswith("comuni_dell_ambito_")
    rows = [line.split(";") for line in data.decode("utf-8-sig").splitlines()]
    assert rows[0][0] == "Comune" and len(rows) == 49
    families = rows[0].index("Famiglie PIPPI segnalate")
    assert any(r[families] in ("< 5", "riservato") for r in rows[1:])


# ── the keyboard alone ───────────────────────────────────────────────────────────────────────

FOCUSED = """() => { const e = document.activeElement; const ids = [];
    for (let n = e; n && ids.length < 8; n = n.parentElement) if (n.dataset && n.dataset.testid) ids.push(n.dataset.testid);
    return {lines: (e.innerText || e.value || '').split('\\n').map(t => t.trim()).filter(t => t).slice(0, 6),
            label: e.getAttribute('aria-label') || '', href: e.getAttribute('href') || '', ids: ids}; }"""


def tab_until(page, wanted, limit: int = 80) -> list[dict]:
    """Press Tab until ``wanted(focused)`` holds; every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = page.evaluate(FOCUSED)
        stops.append(f)
        if wanted(f):
            return stops
    shot(page, "e2e-tastiera-fallito")
    raise AssertionError(f"non raggiunto con il tasto Tab: {[s['lines'] or s['label'] for s in stops]}")


def test_keyboard_only_menu_controls_and_downloads(public, site):
    from access.roles import PUBBLICO
    from ui.shell import PAGES

    page = public
    open_as_public(page, site, "panoramica")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = tab_until(page, lambda f: f["href"].rstrip("/").endswith("territorio"))
    links = [s["lines"] for s in stops if "stSidebar" in s["ids"] and "stPageLink-NavLink" in s["ids"]]
    # Every page of the public menu before Territorio is a stop, in the menu's order.
    menu = [p.title for p in PAGES if PUBBLICO in p.roles]
    assert len(links) == menu.index("Territorio") + 1
    assert all(title in lines for title, lines in zip(menu, links))
    page.keyboard.press("Enter")
    settle(page, "territorio")

    # The page's main controls, then the map's table-and-downloads, by keyboard only.
    stops = tab_until(page, lambda f: any(t.startswith("Dati del grafico e download: Mappa") for t in f["lines"]))
    assert any("stSelectbox" in s["ids"] for s in stops), "the year selector is reachable"
    assert any("stRadio" in s["ids"] for s in stops), "the map's measure is reachable"
    page.keyboard.press("Enter")
    page.get_by_role("button", name="CSV (Excel)").wait_for(timeout=TIMEOUT)  # opened: its content has run
    tab_until(page, lambda f: "CSV (Excel)" in f["lines"], limit=20)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.keyboard.press("Enter")
    data = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename.startswith("mappa_dei_comuni_") and data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("Comune;Codice ISTAT;")
    shot(page, "e2e-tastiera")


# ── upload through the real file input (last: it changes the server's data) ─────────────────

def excel_csv(text: str) -> bytes:
    """What Italian Excel's «CSV (separato da ;)» writes: Windows-1252, CRLF, no BOM."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp1252")


def upload(page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data})
    # .first: the previous file's report stays on screen while this one's is drawn (two metrics at once).
    # Each caller then waits for its own file's outcome, which only this file's report has.
    page.locator('[data-testid="stMetric"]').filter(has_text="Righe con errori").first.wait_for(timeout=TIMEOUT)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)


def test_upload_a_bad_and_a_good_italian_excel_csv(coordinator, site):
    from indicators import format as fmt
    from ui.intake_view import OUTCOME_IT

    page = coordinator
    open_from_menu(page, "carica_dati")
    good_text = (SAMPLE / "comuni.csv").read_text(encoding="utf-8-sig")
    lines = good_text.splitlines()
    header = lines[0].split(";")
    pop = header.index("popolazione")

    # Two rows Excel would let through and the contract does not: words where numbers go.
    bad = [row.split(";") for row in lines]
    bad[3][pop] = "tanti"
    bad[5][header.index("anno")] = "duemilaventuno"
    upload(page, "comuni_sbagliato.csv", excel_csv("\n".join(";".join(r) for r in bad) + "\n"))
    page.get_by_text(OUTCOME_IT["da_confermare"]).wait_for(timeout=TIMEOUT)
    # The outcome shows before the rest of the report: on a busy machine, wait for the run to end.
    quiet()(page)
    got = metrics(page)
    assert got["Righe con errori"] == "2" and got["Righe lette"] == fmt.number(len(lines) - 1)
    expect(page.get_by_text("Problemi trovati: 2", exact=False)).to_have_count(1)
    # The rows as Excel numbers them (the header is row 1), in the report's own download.
    _, report = download(page, "Scarica il rapporto di verifica (CSV per Excel)")
    listed = [r.split(";")[:2] for r in report.decode("utf-8-sig").splitlines()[1:]]
    assert listed == [["4", "popolazione"], ["6", "anno"]]
    assert page.get_by_role("button", name="Salva come nuova versione").is_disabled()
    shot(page, "e2e-carica-errori")

    # A file without a required column is refused outright.
    cut = [";".join(c for i, c in enumerate(r.split(";")) if i != pop) for r in lines]
    upload(page, "comuni_senza_popolazione.csv", excel_csv("\n".join(cut) + "\n"))
    page.get_by_text(OUTCOME_IT["rifiutato"]).wait_for(timeout=TIMEOUT)
    # Retried: the previous file's button stays on screen until this run's end replaces it.
    expect(page.get_by_role("button", name="Salva come nuova versione")).to_have_count(0, timeout=TIMEOUT)

    # The sample file as Excel saves it (cp1252, CRLF, no BOM): valid, saved as a new version.
    upload(page, "comuni_excel.csv", excel_csv(good_text))
    page.get_by_text(OUTCOME_IT["valido"]).wait_for(timeout=TIMEOUT)
    quiet()(page)
    assert metrics(page)["Righe con errori"] == "0"
    page.get_by_role("button", name="Salva come nuova versione").click()
    page.get_by_text("Salvata la versione", exact=False).wait_for(timeout=TIMEOUT)
    page.get_by_text("In uso: versione 2", exact=False).first.wait_for(timeout=TIMEOUT)
    quiet()(page)
    assert_healthy(page)
    shot(page, "e2e-carica-salvato")
    # Stored byte for byte in the server's data folder (a copy: sample_data is untouched).
    assert (site.data / "comuni.csv").read_bytes() == excel_csv(good_text)
    assert (SAMPLE / "comuni.csv").read_bytes().startswith(b"\xef\xbb\xbf")
