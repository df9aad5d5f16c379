"""A real server started the README's way (run.sh) and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import AS_OF, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path | None = None, env: dict | None = None):
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        full_env = {**os.environ, "PORT": str(self.port), **(env or {})}
        # Never the developer's own users file (~/.config/cruscotto): a module-wide server
        # starts before the per-test users file is set, so it gets none.
        full_env.setdefault("CRUSCOTTO_UTENTI", str(ARTIFACTS / "nessun-utente" / "utenti.toml"))
        # Statuses judged on the tests' day, whatever day the suite runs.
        full_env.setdefault("CRUSCOTTO_AS_OF", AS_OF.isoformat())
        full_env.setdefault("CRUSCOTTO_VERIFICA_GRAFICI", "1")  # every chart the browser tests draw is checked
        if data_dir:
            full_env["CRUSCOTTO_DATA_DIR"] = str(data_dir)
        self.log = open(ARTIFACTS.mkdir(exist_ok=True) or ARTIFACTS / f"server-{self.port}.log", "w")
        self.proc = subprocess.Popen(["bash", str(ROOT / "run.sh")], cwd=ROOT, env=full_env,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait()

    def _wait(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"il server è terminato: vedi {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError("il server non risponde")

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, 15)
            self.proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, 9)
        self.log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium non installato (test.sh lo installa con apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def fresh_server():
    """A server no browser has talked to yet (for first-request tests)."""
    servers: list[Server] = []

    def start(**kw) -> Server:
        servers.append(Server(**kw))
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    s.stop()


def new_context(browser):
    """An Italian browser window that never waits on outside fonts or icons (the network is closed)."""
    context = browser.new_context(locale="it-IT", viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    # Material icons and web fonts are fetched from outside: fail them fast instead of timing out.
    context.route("**/fonts.googleapis.com/**", lambda route: route.abort())
    context.route("**/fonts.gstatic.com/**", lambda route: route.abort())
    return context


@pytest.fixture
def page(browser):
    context = new_context(browser)
    pg = context.new_page()
    yield pg
    context.close()


MENU_LINK = '[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]'


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Until a title and the shell's menu are drawn and the script is not running.

    The menu is awaited on its own: on a fresh page the browser fetches the page-link component's code
    only when the first link arrives, so the links can be drawn half a second after the title, while no
    'running' indicator shows (measured: 0,1-0,5 s here)."""
    page.wait_for_selector("h1", timeout=timeout)
    page.wait_for_selector(MENU_LINK, timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
