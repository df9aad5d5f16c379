"""The app's shell: page registry, navigation, the access check and the shared sidebar.

Why every page file starts with ``ensure_shell()``: with a folder named ``pages/`` beside
``app.py``, Streamlit 1.67 runs a deep link opened first on a fresh server (``/pippi``)
straight from the file, under its legacy folder menu, without ``app.py``. The guard
notices it is not inside the shell, runs the shell itself (page config, navigation, access
check), which then runs the requested page, and stops the legacy run. So the access check
can never be skipped, whatever the first request is.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

import settings
from indicators import format as fmt
from access.roles import ALL_ROLES, COORDINATORS, LOGGED_IN, PUBBLICO, ROLE_IT
from ui import glossary, warmup
from ui.data import one_snapshot_per_run
from ui.session import current_role, current_user, logout, remember_wanted, session_dropped

ROOT = Path(__file__).resolve().parent.parent
_state = threading.local()


@dataclass(frozen=True)
class PageDef:
    path: str
    title: str
    icon: str
    roles: frozenset[str]
    default: bool = False

    @property
    def url_path(self) -> str:
        # Same as the file's stem, so the legacy folder menu and ours agree on every URL.
        return Path(self.path).stem


PAGES: tuple[PageDef, ...] = (
    PageDef("pages/panoramica.py", "Panoramica", ":material/dashboard:", ALL_ROLES, default=True),
    PageDef("pages/piano_di_zona.py", "Piano di Zona", ":material/account_tree:", ALL_ROLES),
    PageDef("pages/pippi.py", "PIPPI", ":material/family_restroom:", ALL_ROLES),
    PageDef("pages/centro_famiglie.py", "Centro per le Famiglie", ":material/diversity_3:", ALL_ROLES),
    PageDef("pages/risorse.py", "Risorse", ":material/euro:", ALL_ROLES),
    PageDef("pages/territorio.py", "Territorio", ":material/map:", ALL_ROLES),
    PageDef("pages/mio_comune.py", "Il mio comune", ":material/location_city:", ALL_ROLES),
    PageDef("pages/catalogo.py", "Catalogo degli indicatori", ":material/menu_book:", ALL_ROLES),
    PageDef("pages/report.py", "Report per l'Assemblea", ":material/picture_as_pdf:", ALL_ROLES),
    PageDef("pages/qualita_dati.py", "Qualità dei dati", ":material/fact_check:", LOGGED_IN),
    PageDef("pages/carica_dati.py", "Carica dati", ":material/upload_file:", COORDINATORS),
    PageDef("pages/accesso.py", "Accesso", ":material/login:", ALL_ROLES),
)


# The default page's reserved name (see main): nothing links to it.
HOME_ALIAS = "inizio"


def page_def(url_path: str) -> PageDef | None:
    if url_path == HOME_ALIAS:
        url_path = next(p.url_path for p in PAGES if p.default)
    return next((p for p in PAGES if p.url_path == url_path), None)


def _sidebar(role: str, links: dict) -> None:
    with st.sidebar:
        st.markdown("### Cruscotto Piano di Zona\nAmbito Sociale del Cremonese")
        for p in PAGES:
            if role in p.roles:
                st.page_link(links[p.url_path], label=p.title, icon=p.icon)
        glossary.render()
        st.caption(f"Profilo: {ROLE_IT.get(role, role)}")
        if role != PUBBLICO:
            st.caption(f"Utente: {current_user()}")
            st.button("Esci", icon=":material/logout:", key="shell_esci", on_click=logout)
    _phone_menu()


def _refuse(page: PageDef) -> None:
    remember_wanted(page.path)
    st.title(page.title)
    st.warning("Questa pagina è riservata. Accedi con un profilo autorizzato per vederla.")
    st.page_link(str(ROOT / "pages/accesso.py"), label="Vai all'accesso", icon=":material/login:")


def _settings_ok() -> bool:
    """False (with the reason on screen) when the settings cannot be used: nothing is shown then,
    because a wrong threshold would show the public what it must not see."""
    try:
        settings.get()
    except settings.SettingsError as err:
        st.error("Il cruscotto non può partire: le impostazioni del server non sono valide. "
                 "L'amministratore del server trova qui sotto cosa correggere.")
        st.code(str(err), language=None)
        return False
    from indicators.plan_file import PlanFileError

    try:
        import indicators.registry  # noqa: F401  (the catalog is built from the plan files at import)
    except PlanFileError as err:
        st.error("Il cruscotto non può partire: un file del piano contiene errori. "
                 "Qui sotto, per ogni errore, il file, la riga e cosa correggere.")
        st.code(str(err), language=None)
        return False
    return True


def _unknown_settings_notice(role: str) -> None:
    unknown = settings.unknown_variables()
    if unknown and role in COORDINATORS:
        st.sidebar.warning("Impostazioni sconosciute, ignorate: " + ", ".join(unknown) +
                           ". Controllare il nome (errori di battitura).")


def _italian_chrome() -> None:
    """Streamlit's own English texts, replaced or removed (its uploader has no option for them:
    streamlit issue 13500). The ⋮ menu holds developer commands in English: nobody here needs them."""
    limit = fmt.number(settings.get().max_file_mb, 0)
    st.html(f"""<style>
[data-testid="stMainMenu"] {{ display: none !important; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "Trascina qui il file oppure fai clic su «Scegli il file» · massimo {limit} MB";
  font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] p::after {{
  content: "Scegli il file"; font-size: 0.875rem; }}
</style>""")


def requested_page(url: str) -> str:
    """The page name an address asks for: the last part of its path ('' for the root)."""
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else ""


def _unknown_address() -> None:
    """An address that names no page runs the home page: say so, in Italian."""
    try:
        url = st.context.url
    except Exception:  # no browser request (AppTest): nothing was typed
        return
    name = requested_page(url or "")
    if name and name != HOME_ALIAS and page_def(name) is None:
        st.warning(f"Pagina non trovata: l'indirizzo «/{name}» non corrisponde a nessuna pagina del "
                   "cruscotto. Ecco la Panoramica; le altre pagine sono nel menu a sinistra.",
                   icon=":material/help:")
        _close_english_dialog()


# Streamlit answers an unknown address with an English modal dialog that makes the rest of the page
# inert until it is closed; hiding it with CSS would leave the page dead. This script, in a component
# frame of the same origin, hides it and presses its own close button (the app opens no dialog of its own).
_CLOSE_DIALOG = """<script>
const doc = window.parent.document;
const started = Date.now();
const timer = setInterval(() => {
  const dialog = doc.querySelector('[data-testid="stDialog"]');
  if (dialog) {
    dialog.style.visibility = 'hidden';
    const close = dialog.querySelector('button[aria-label="Close"]');
    if (close) { close.click(); clearInterval(timer); }
  }
  if (Date.now() - started > 5000) clearInterval(timer);
}, 50);
</script>"""


# On a phone the sidebar covers the page and Streamlit leaves it open after a page link is chosen: close
# it on such a click (narrow screens only; one listener per browser tab, whatever the reruns).
_PHONE_MENU = """<script>
const doc = window.parent.document;
if (!doc.__cruscottoMenu) {
  doc.__cruscottoMenu = true;
  doc.addEventListener('click', (e) => {
    if (window.parent.innerWidth >= 768) return;
    if (!e.target.closest('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')) return;
    setTimeout(() => {
      const b = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (b) b.click();
    }, 50);
  }, true);
}
</script>"""


def _phone_menu() -> None:
    import streamlit.components.v1 as components

    with st.sidebar:
        components.html(_PHONE_MENU, height=0)


def _close_english_dialog() -> None:
    import streamlit.components.v1 as components

    components.html(_CLOSE_DIALOG, height=0)


def main() -> None:
    st.set_page_config(page_title="Cruscotto Piano di Zona – Ambito Cremonese", page_icon=":material/dashboard:",
                       layout="wide")
    if not _settings_ok():
        return
    _italian_chrome()
    # The role is re-read from the users file on every run: a demoted user is refused at once.
    role = current_role()
    links = {p.url_path: st.Page(str(ROOT / p.path), title=p.title, icon=p.icon, url_path=p.url_path)
             for p in PAGES}
    # The home page at the root too. Streamlit serves the default page only at "/" and answers its own
    # name (/panoramica, typed or bookmarked) with an English "Page not found": so the default is a
    # second entry for the same file, under a name of its own that nothing links to.
    home = next(p for p in PAGES if p.default)
    root = st.Page(str(ROOT / home.path), title=home.title, icon=home.icon, url_path=HOME_ALIAS, default=True)
    # Our own menu lists only what the role may open; every page stays routable so that a
    # forbidden URL is refused with a message instead of silently showing another page.
    selected = st.navigation([root, *links.values()], position="hidden")
    if selected.url_path != home.url_path:  # the menu marks the entry shown, whichever of the two
        links[home.url_path] = root
    _sidebar(role, links)
    _unknown_settings_notice(role)
    if session_dropped():
        st.info("La sessione di accesso è terminata (la pagina è stata ricaricata o è rimasta inattiva): "
                "ora vedi la vista pubblica. Per le pagine riservate accedi di nuovo da «Accesso»; per "
                "spostarti tra le pagine usa il menu a sinistra, che mantiene l'accesso.",
                icon=":material/info:")
    wanted = page_def(selected.url_path) or PAGES[0]
    if wanted.default:
        _unknown_address()
    if role not in wanted.roles:
        _refuse(wanted)
        return
    # Right after a server start the warm-up may still be importing what the page imports.
    warmup.wait_for_imports()
    _state.inside, _state.links = True, links
    try:
        with one_snapshot_per_run():
            selected.run()
    finally:
        _state.inside, _state.links = False, None


def page_target(path: str):
    """What ``st.page_link`` should get for the page file ``path`` (e.g. "pages/pippi.py"): the page
    registered by this run's navigation when there is one, else the file's path. Streamlit resolves
    a path on disk (realpath) at every call: the home page draws some ninety links, and under 25
    concurrent sessions those look-ups were 9 % of the server's CPU (py-spy)."""
    links = getattr(_state, "links", None) or {}
    return links.get(Path(path).stem) or str(ROOT / path)


def ensure_shell() -> None:
    """First call of every page file: run through the shell, whatever started the script."""
    if getattr(_state, "inside", False):
        return
    main()
    st.stop()
