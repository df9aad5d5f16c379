"""The load run (issue 16, section 7): N people opening the dashboard at once, one server.

The day of the Assemblea, the mayors and the public open the dashboard together. This starts
one server the README's way (run.sh: ``python -m ui.serve run app.py ...``), lets one session
visit every page (the server was running before the meeting, its caches are warm), then starts
N sessions at the same moment. Each opens the home page, logs in through the «Accesso» form if
its role needs it, and opens every other page of its role (ui/shell.py PAGES) one after another,
pausing between pages as a reader would.

Why light clients and not browsers: the machine has two cores, and N headless Chromiums take
them from the server (RECIPES.md «Load»: 10 browsers measured a p95 of 22,7 s, mostly the
browsers' own work). A session here is what the browser does on the wire: Streamlit's websocket
(``/_stcore/stream``), a ``BackMsg`` asking for a page (with the form's widget states to log in),
then every ``ForwardMsg`` until the run's ``script_finished``. What it leaves out: fetching the
static JavaScript bundle (served from disk, cached by browsers) and drawing in the browser.

A page's time: from the request to the last message of its run. An error: a connection that
fails or drops, a run that does not finish in time or finishes with an exception on the page,
a page of the role refused, a login that does not take, a page showing another profile.
Memory: the resident memory of the server's whole process tree, sampled every 0,1 s.
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10, 25, 50)
# The crowd of the Assemblea's day: mayors and citizens about half and half, a coordinator in ten.
ROLE_MIX = ("pubblico", "assemblea", "pubblico", "assemblea", "pubblico",
            "assemblea", "pubblico", "assemblea", "pubblico", "coordinatore")
PASSWORD = "password-del-benchmark-1"
LOGIN_PAGE = "accesso"
REFUSED = "Questa pagina è riservata"
# Mean seconds a person stays on a page before the next click (each pause is drawn between half
# and one and a half times it); 0 is a stress test, everyone clicking as fast as the server answers.
PAUSE_S = 5.0
PAGE_TIMEOUT_S = 60.0
START_TIMEOUT_S = 120.0
SAMPLE_EVERY_S = 0.1
# Issue 16's goals on the project's 2-core machine.
GOAL_P95_S, GOAL_P95_AT = 2.0, 25
GOAL_MEMORY_MB, GOAL_MEMORY_AT = 2048.0, 50


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def users_file() -> tuple[Path, dict[str, str]]:
    """A throw-away users file with one account per logged-in role: (path, {role: user name});
    every account's password is ``PASSWORD``."""
    from access.accounts import User, save_users
    from access.passwords import hash_password

    names = {"coordinatore": "bench-coordinatore", "assemblea": "bench-assemblea"}
    path = Path(tempfile.mkdtemp(prefix="cruscotto-bench-")) / "utenti.toml"
    digest = hash_password(PASSWORD)
    save_users({n: User(n, r, digest) for r, n in names.items()}, path)
    return path, names


def role_pages(role: str) -> list[str]:
    """The URL names a session of ``role`` visits after the home page, in the menu's order."""
    from ui.shell import PAGES

    return [p.url_path for p in PAGES if role in p.roles and not p.default and p.url_path != LOGIN_PAGE]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..1) of a non-empty list: a value that was measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


# ---------------------------------------------------------------------------------------------
# The server and its memory


class Server:
    """``bash run.sh`` on a free port, with the given data and users; stopped with its process group.
    The constructor returns once the server answers its health check. Every benchmark that needs a
    server starts it here. ``users``: None for a users file that does not exist (never the
    developer's own); ``env``: more settings for the server."""

    def __init__(self, data_dir: Path, users: Path | None = None, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        users = users or Path(tempfile.gettempdir()) / "cruscotto-bench-nessun-utente" / "utenti.toml"
        env = {**os.environ, "PORT": str(self.port), "CRUSCOTTO_DATA_DIR": str(data_dir),
               "CRUSCOTTO_UTENTI": str(users), "CRUSCOTTO_VENV": os.environ.get("CRUSCOTTO_VENV", sys.prefix),
               **(env or {})}
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - open for the server's life, closed in stop()
        self.proc = subprocess.Popen(["bash", str(ROOT / "run.sh")], cwd=ROOT, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("il server non è partito:\n" + self.tail())
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        break
            except OSError:
                time.sleep(0.1)

    def tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, 15)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
        self.log.close()


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc: Linux only)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces and parentheses: the fields follow the last ')'.
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    return sum(_status_kb(p, "VmRSS") for p in process_tree(pid)) / 1024


def tree_cpu_s(pid: int) -> float:
    """User plus system CPU seconds used so far by ``pid`` and its live descendants."""
    total = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------------
# One session on the websocket


class PageError(Exception):
    """What went wrong on a page, in Italian, for the report."""


class SessionOver(Exception):
    """A failure after which the session cannot go on (Italian, for the report)."""



def _run(coro):
    """``asyncio.run(coro)``, in a thread of its own when this thread already runs an event loop
    (Playwright's sync API keeps one in the test session that drives chromium)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()

@dataclass
class Run:
    """What one script run sent: the texts a test would look at, and the widgets by label."""
    texts: list[str] = field(default_factory=list)
    widgets: dict[str, str] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)


@dataclass
class Session:
    role: str
    user: str | None
    pause_s: float
    rng: random.Random
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _page(ws, page: str, url: str, widgets: list | None = None) -> Run:
    """Ask the server to run ``page`` (URL name, '' for the home page) and read until the run ends."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.context_info.url = f"{url}/{page}"
    msg.rerun_script.context_info.locale = "it-IT"
    if widgets:
        msg.rerun_script.widget_states.widgets.extend(widgets)
    await ws.send(msg.SerializeToString())
    run = Run()
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await ws.recv())
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            _collect(fwd.delta.new_element, run)
        elif kind == "script_finished":
            if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                run = Run()  # st.rerun (after a login): the page that counts is the next run
            elif fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                return run
            else:
                raise PageError(f"esecuzione terminata con stato {fwd.script_finished}")


def _collect(element, run: Run) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        run.exceptions.append(element.exception.message)
    elif kind in ("markdown", "heading", "alert"):
        run.texts.append(getattr(element, kind).body)
    elif kind in ("text_input", "button"):
        widget = getattr(element, kind)
        run.widgets[widget.label] = widget.id


def _check(run: Run, page: str, role: str) -> None:
    from access.roles import ROLE_IT

    if run.exceptions:
        raise PageError(f"eccezione nella pagina: {run.exceptions[0][:200]}")
    text = "\n".join(run.texts)
    if REFUSED in text:
        raise PageError("pagina rifiutata al profilo che dovrebbe vederla")
    if f"Profilo: {ROLE_IT[role]}" not in text:
        raise PageError("la pagina non mostra il profilo della sessione")


def _login_widgets(form: Run, user: str) -> list:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    try:
        ids = [form.widgets[label] for label in ("Nome utente", "Password", "Accedi")]
    except KeyError as missing:
        raise PageError(f"modulo di accesso senza il campo {missing}") from None
    return [WidgetState(id=ids[0], string_value=user), WidgetState(id=ids[1], string_value=PASSWORD),
            WidgetState(id=ids[2], trigger_value=True)]


async def _timed(session: Session, ws, page: str, url: str, role: str, widgets: list | None = None) -> Run:
    t0 = time.perf_counter()
    try:
        run = await asyncio.wait_for(_page(ws, page, url, widgets), PAGE_TIMEOUT_S)
    except TimeoutError:
        # The run may still be going: the session cannot go on on this connection.
        raise SessionOver(f"/{page}: nessuna risposta entro {PAGE_TIMEOUT_S:.0f} s") from None
    except PageError as err:
        raise PageError(f"/{page}: {err}") from None
    session.times.append(time.perf_counter() - t0)
    try:
        _check(run, page, role)
    except PageError as err:
        raise PageError(f"/{page}: {err}") from None
    return run


async def browse(session: Session, url: str, pages: list[str]) -> None:
    """One person: home page, login if needed, then every page of the role, pausing between pages.
    Failures are recorded in ``session.errors``; the session stops at a broken connection."""
    import websockets

    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, ping_interval=None,
                                      open_timeout=PAGE_TIMEOUT_S) as ws:
            await _step(session, _timed(session, ws, "", url, "pubblico"))
            if session.user:
                form = await _step(session, _timed(session, ws, LOGIN_PAGE, url, "pubblico"))
                if form is None:
                    return
                try:
                    widgets = _login_widgets(form, session.user)
                except PageError as err:
                    session.errors.append(f"/{LOGIN_PAGE}: {err}")
                    return
                if await _step(session, _timed(session, ws, LOGIN_PAGE, url, session.role, widgets)) is None:
                    return  # not logged in: the pages of the role would only repeat the error
            for page in pages:
                await asyncio.sleep(session.rng.uniform(0.5, 1.5) * session.pause_s)
                await _step(session, _timed(session, ws, page, url, session.role))
    except SessionOver as err:
        session.errors.append(str(err))
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as err:
        session.errors.append(f"connessione: {type(err).__name__}: {err}"[:200])


async def _step(session: Session, coro):
    """A page's outcome: its run, or None with the error recorded (a session's end propagates)."""
    try:
        return await coro
    except PageError as err:
        session.errors.append(str(err))
    return None


# ---------------------------------------------------------------------------------------------
# A load run


async def _crowd(sessions: list[Session], url: str, pid: int) -> float:
    """Run every session at once while sampling the server's memory; returns the peak (MB)."""
    peak = tree_rss_mb(pid)
    done = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(pid))
            await asyncio.sleep(SAMPLE_EVERY_S)

    sampler = asyncio.create_task(sample())
    try:
        await asyncio.gather(*(browse(s, url, role_pages(s.role)) for s in sessions))
    finally:
        done.set()
        await sampler
    return max(peak, tree_rss_mb(pid))


def run_size(n: int, data_dir: Path, users: Path, names: dict[str, str], pause_s: float,
             seed: int = 16, warm_up: bool = True) -> dict:
    """N sessions at once against a fresh server (after one warm-up visit of every page, unless
    ``warm_up`` is False: then the crowd meets a server that has only loaded the data).

    Returns sessions, pages (runs timed), p50_s, p95_s, max_s, errors, error_examples,
    sessions_unanswered (sessions that ended waiting for a page),
    server_peak_mb (process tree, sampled, including start-up), server_base_mb (after the
    warm-up), server_cpu_s and client_cpu_s (CPU used during the crowd's run), wall_s and
    load_average (the machine's, 1 minute, before and after)."""
    server = Server(data_dir, users)
    try:
        pid = server.proc.pid
        if warm_up:
            warm = Session("coordinatore", names["coordinatore"], 0.0, random.Random(seed))
            _run(browse(warm, server.url, role_pages("coordinatore")))
            if warm.errors:
                raise RuntimeError("la visita di riscaldamento non è riuscita: " + warm.errors[0])
        base_mb = tree_rss_mb(pid)
        roles = [ROLE_MIX[i % len(ROLE_MIX)] for i in range(n)]
        sessions = [Session(r, names.get(r), pause_s, random.Random(seed * 1000 + i)) for i, r in enumerate(roles)]
        # Other work on the machine slows the server: the load average says how much there was.
        load_before = os.getloadavg()[0]
        cpu0, own0, t0 = tree_cpu_s(pid), time.process_time(), time.perf_counter()
        peak_mb = _run(_crowd(sessions, server.url, pid))
        wall = time.perf_counter() - t0
        server_cpu, client_cpu = tree_cpu_s(pid) - cpu0, time.process_time() - own0
        peak_mb = max(peak_mb, _status_kb(pid, "VmHWM") / 1024)
        load_after = os.getloadavg()[0]
    finally:
        server.stop()
    times = [t for s in sessions for t in s.times]
    errors = [e for s in sessions for e in s.errors]
    unanswered = sum(any("nessuna risposta" in e for e in s.errors) for s in sessions)
    return {
        "sessions": n, "roles": {r: roles.count(r) for r in sorted(set(roles))}, "pages": len(times),
        "p50_s": round(statistics.median(times), 3) if times else None,
        "p95_s": round(percentile(times, 0.95), 3) if times else None,
        "max_s": round(max(times), 3) if times else None,
        "errors": len(errors), "error_examples": sorted(set(errors))[:3], "sessions_unanswered": unanswered,
        "server_peak_mb": round(peak_mb, 1), "server_base_mb": round(base_mb, 1),
        "server_cpu_s": round(server_cpu, 2), "client_cpu_s": round(client_cpu, 2), "wall_s": round(wall, 2),
        "load_average": [round(load_before, 2), round(load_after, 2)],
    }


def run(data_dir: Path, sizes: tuple[int, ...] = SIZES, pause_s: float = PAUSE_S, warm_up: bool = True) -> list[dict]:
    """``run_size`` for each number of sessions, each on a fresh server."""
    users, names = users_file()
    return [run_size(n, data_dir, users, names, pause_s, warm_up=warm_up) for n in sizes]


def lines(results: list[dict], pause_s: float) -> list[str]:
    """The load run as the benchmark prints it (Italian)."""
    out = [(f"Carico: sessioni contemporanee su un server (run.sh), client websocket leggeri; pausa media "
            f"fra le pagine {pause_s:g} s; tempo di una pagina = dalla richiesta all'ultimo messaggio")]
    for r in results:
        roles = ", ".join(f"{k} {v}" for k, v in r["roles"].items())
        if r["pages"]:
            times = f"p50 {r['p50_s']:.2f} s, p95 {r['p95_s']:.2f} s, max {r['max_s']:.2f} s"
        else:
            times = "nessuna pagina misurata"
        out.append(f"  N={r['sessions']:<3} ({roles}): {r['pages']} pagine, {times}; errori {r['errors']}; "
                   f"memoria del server: picco {r['server_peak_mb']:.0f} MB (dopo il riscaldamento "
                   f"{r['server_base_mb']:.0f} MB); CPU server {r['server_cpu_s']:.1f} s, client "
                   f"{r['client_cpu_s']:.1f} s in {r['wall_s']:.1f} s (carico della macchina "
                   f"{r['load_average'][0]:.1f} → {r['load_average'][1]:.1f})")
        if r["sessions_unanswered"] == r["sessions"]:
            out.append("       ! il server ha smesso di rispondere a tutte le sessioni: bloccato, non lento")
        out.extend(f"       ! {e}" for e in r["error_examples"])
    return out


def summary(results: list[dict]) -> dict:
    """The figures issue 16 judges, for the benchmark's JSON line (only those measured)."""
    out: dict = {"load": results, "load_errors": sum(r["errors"] for r in results)}
    for r in results:
        if r["sessions"] == GOAL_P95_AT and r["p95_s"] is not None:
            out["load_p95_s_at_25"] = r["p95_s"]
        if r["sessions"] == GOAL_MEMORY_AT:
            out["load_server_mb_at_50"] = r["server_peak_mb"]
    return out
