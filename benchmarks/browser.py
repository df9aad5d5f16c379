"""What a visitor waits for, measured in Debian's chromium against a server started the README's way.

Three figures (issue 15 §10), medians over ``runs`` fresh servers:
- deep link → first chart: a server that has just answered its health check, a bookmarked page
  (``/pippi``) opened, until its first chart is drawn;
- warm click → page settled: on that server, a click in the menu until the new page's title and
  first chart are drawn and the script has finished;
- PDF build: on the Report page, «Prepara il report PDF» until the download button appears.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.load import Server
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, new_context

GOALS = {"deep_link_chart_s": 3.0, "warm_click_s": 1.0, "pdf_build_s": 5.0}
DEEP_LINK = "pippi"
# Menu entries clicked once the first page is up: pages with a chart, in the order a mayor might.
CLICKS = ("Piano di Zona", "Centro per le Famiglie", "Risorse", "Territorio")
CHART = '[data-testid="stVegaLiteChart"] svg.marks'
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
TIMEOUT_MS = 120_000


def _settled(page) -> None:
    page.wait_for_selector(CHART, state="visible", timeout=TIMEOUT_MS)
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)


def _one_server(browser, start_server) -> dict[str, list[float]]:
    server = start_server()
    try:
        context = new_context(browser)
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(f"{server.url}/{DEEP_LINK}")
        page.wait_for_selector(CHART, state="visible", timeout=TIMEOUT_MS)
        out = {"deep_link_chart_s": [time.perf_counter() - t0], "warm_click_s": [], "pdf_build_s": []}
        page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        menu = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
        for title in CLICKS:
            old = page.locator("h1").first.inner_text()
            t0 = time.perf_counter()
            menu.filter(has_text=title).first.click()
            page.wait_for_function("(old) => { const h = document.querySelector('h1'); "
                                   "return h && h.innerText !== old; }", arg=old, timeout=TIMEOUT_MS)
            _settled(page)
            out["warm_click_s"].append(time.perf_counter() - t0)
        menu.filter(has_text="Report").first.click()
        page.get_by_role("button", name="Prepara il report PDF").wait_for(timeout=TIMEOUT_MS)
        page.wait_for_function(IDLE, timeout=TIMEOUT_MS)
        t0 = time.perf_counter()
        page.get_by_role("button", name="Prepara il report PDF").click()
        page.get_by_role("button", name="Scarica il report (PDF)").wait_for(timeout=TIMEOUT_MS)
        out["pdf_build_s"].append(time.perf_counter() - t0)
        context.close()
        return out
    finally:
        server.stop()


def measure(folder, runs: int, browser=None) -> dict[str, float]:
    """Medians (s) of the three waits over ``runs`` fresh servers on the data of ``folder``;
    the warm click is the median over every click of every run. ``browser``: a chromium already
    launched by Playwright (the tests'), else one is launched here."""
    def start():
        # The server as deployed: no chart schema check (the tests turn it on).
        return Server(folder, env={"CRUSCOTTO_VERIFICA_GRAFICI": "0"})

    samples: dict[str, list[float]] = {k: [] for k in GOALS}

    def run(chromium) -> None:
        for _ in range(runs):
            for key, values in _one_server(chromium, start).items():
                samples[key].extend(values)

    if browser is not None:
        run(browser)
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                run(chromium)
            finally:
                chromium.close()
    return {key: statistics.median(values) for key, values in samples.items()}


def lines(result: dict[str, float]) -> list[str]:
    """One Italian line per figure, with its goal and whether it is met."""
    names = {"deep_link_chart_s": "link diretto (/pippi) → primo grafico",
             "warm_click_s": "clic nel menu → pagina pronta",
             "pdf_build_s": "report PDF nel browser"}
    return [f"{names[k]}: {result[k]:.2f} s (obiettivo ≤ {GOALS[k]:.0f} s) "
            f"{'✔' if result[k] <= GOALS[k] else '✖'}".replace(".", ",") for k in GOALS]
