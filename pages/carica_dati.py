"""Data intake for coordinators: upload, validate, store as a new version, list and restore versions.

The page only draws and calls: validation is data_loaders.intake, storing data_loaders.versions.
"""

from ui.shell import ensure_shell

ensure_shell()

import hashlib  # noqa: E402

import streamlit as st  # noqa: E402

import settings  # noqa: E402

from access.roles import COORDINATORS, ROLE_IT  # noqa: E402
from data_loaders import limits  # noqa: E402
from data_loaders import modello  # noqa: E402
from data_loaders.intake import store_upload, validate_upload  # noqa: E402
from data_loaders.loader import DEFAULT_DATA_DIR, data_dir  # noqa: E402
from data_loaders.registry import DATASETS  # noqa: E402
from data_loaders.versions import Store, StoreError  # noqa: E402
from indicators import format as fmt  # noqa: E402
from ui import session  # noqa: E402
from ui.exports import show_table  # noqa: E402
from ui.intake_view import render_report, render_template_and_dictionary, version_line, versions_table  # noqa: E402

ESITO_KEY = "carica_esito"      # the message of the last save or restore, shown after the rerun
GIRO_KEY = "carica_giro"        # bumped after a save: gives the uploader a new key, so it empties
REPORTS_KEY = "carica_verifiche"  # validation reports by (dataset, hash): a rerun does not re-validate


def uploader_name() -> str:
    """Who is uploading: the logged-in user when the login provides one, else the role's name."""
    user = getattr(session, "current_user", lambda: None)()
    return user or ROLE_IT.get(session.current_role(), session.current_role())


def still_coordinator() -> bool:
    """The role is checked again when the action runs, not only when the page was drawn."""
    if session.current_role() in COORDINATORS:
        return True
    st.error("Non autorizzato: il caricamento dei dati è riservato al coordinamento.")
    return False


st.title("Carica dati")
st.caption("Carica il file di un dataset (CSV esportato da Excel o LibreOffice, oppure il foglio .xlsx, .ods o .xls): viene verificato "
           "prima di salvare qualsiasi cosa. Un file valido diventa una nuova versione del dataset; le versioni "
           "precedenti restano e si possono ripristinare. "
           f"Dimensione massima {fmt.number(limits.max_file_bytes() / 1024 / 1024)} MB, "
           f"{fmt.number(limits.max_rows())} righe.")
folder = data_dir()
if folder.resolve() == DEFAULT_DATA_DIR.resolve():
    st.info("Attenzione: il cruscotto sta usando i dati di esempio. I file caricati qui sostituiscono quelli di "
            "esempio; per i dati veri avviare il cruscotto con CRUSCOTTO_DATA_DIR.")

if ESITO_KEY in st.session_state:
    kind, text = st.session_state.pop(ESITO_KEY)
    getattr(st, kind)(text)

names = list(DATASETS)
name = st.selectbox("Dataset da aggiornare", names, key="carica_dataset",
                    format_func=lambda n: f"{DATASETS[n].title} ({DATASETS[n].filename})")
spec = DATASETS[name]
store = Store(name)
try:
    versions, current = store.versions(), store.current()
except StoreError as exc:
    st.error(str(exc))
    st.stop()
st.markdown(version_line(current, spec.filename))

tab_upload, tab_versions, tab_dictionary = st.tabs(["Carica un file", "Versioni", "Modello e dizionario dei dati"])

with tab_upload:
    periodo = None
    if name in modello.observation_datasets() and session.current_role() in COORDINATORS:
        # The semester workbook: the period chosen here is also the only one its upload accepts.
        today = modello.semester_of(settings.get().reference_date)
        semesters = modello.plan_semesters()
        choices = semesters + ([today] if today not in semesters else [])
        default = today if today in semesters else semesters[-1] if semesters else today
        with st.container(border=True):
            st.markdown("**Modello semestrale da compilare**: una riga per indicatore, territorio e periodo "
                        "dovuti nel semestre, da compilare in Excel e caricare qui così com'è.")
            periodo = st.selectbox("Periodo del modello", choices, index=choices.index(default), key="modello_periodo")
            if periodo not in semesters:
                for due_sheet in modello.due(periodo):
                    if not due_sheet.rows:
                        st.info(due_sheet.why_empty)
            # Made on the click (0,2-0,3 s), not on every rerun of the page.
            st.download_button(f"Scarica il modello {periodo} (.xlsx)",
                               lambda chosen=periodo: modello.build_workbook(chosen)[0],
                               file_name=f"modello_{periodo}.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               icon=":material/download:", key="modello_scarica")
    giro = st.session_state.get(GIRO_KEY, 0)
    uploaded = st.file_uploader(f"File per «{spec.title}»", type=["csv", "txt", "xlsx", "ods", "xls"],
                                key=f"carica_file_{name}_{giro}",
                                help="CSV con separatore ; o , (UTF-8 o Windows-1252) oppure un foglio .xlsx, .ods o .xls (primo foglio).")
    if uploaded is not None:
        data = uploaded.getvalue()
        cache = st.session_state.setdefault(REPORTS_KEY, {})
        cache_key = (name, uploaded.name, hashlib.sha256(data).hexdigest(), periodo)
        report = cache.get(cache_key)
        if report is None:
            with st.status(f"Verifica di «{uploaded.name}»…", expanded=True) as status:
                bar = st.progress(0.0)
                report = validate_upload(data, name, uploaded.name,
                                         progress=lambda share, text: bar.progress(share, text=text), periodo=periodo)
                status.update(label=f"Verifica di «{uploaded.name}» completata", state="complete", expanded=False)
            cache.clear()  # keep only the latest report in the session
            cache[cache_key] = report
        if report.modello is not None and report.outcome != "rifiutato":
            m = report.modello
            kept = fmt.count(m.unchanged, "già caricata e lasciata com'era", "già caricate e lasciate com'erano")
            st.info(f"Modello del periodo {m.periodo}: "
                    f"{fmt.count(len(m.sheet_rows), 'riga compilata', 'righe compilate')} su {fmt.number(m.due_rows)}, "
                    f"{fmt.number(len(m.missing))} da compilare" + (f", {kept}" if m.unchanged else "")
                    + ". La nuova versione comprende anche tutte le righe già caricate per gli altri periodi.")
        render_report(report)
        if report.outcome != "rifiutato":
            confirmed = True
            if report.outcome == "da_confermare":
                confirmed = st.checkbox(
                    ("Ho visto le righe con errori: carica comunque il file. "
                     + ("La riga con errori non sarà conteggiata e resterà elencata"
                        if report.rows_bad == 1 else
                        f"Le {fmt.number(report.rows_bad)} righe con errori non saranno conteggiate e resteranno elencate")
                     + " in «Qualità dei dati»."),
                    key=f"carica_conferma_{name}_{giro}")
            if st.button("Salva come nuova versione", type="primary", disabled=not confirmed,
                         icon=":material/save:", key=f"carica_salva_{name}_{giro}") and still_coordinator():
                try:
                    outcome = store_upload(report, uploader_name(), confirmed=confirmed)
                    st.session_state[ESITO_KEY] = ("success" if outcome.stored else "info", outcome.message)
                except StoreError as exc:
                    st.session_state[ESITO_KEY] = ("error", str(exc))
                st.session_state[GIRO_KEY] = giro + 1
                st.session_state.pop(REPORTS_KEY, None)
                st.rerun()

with tab_versions:
    if not versions:
        st.info("Nessuna versione registrata per questo dataset: la prima sarà creata al primo caricamento "
                "(il file ora presente nella cartella verrà conservato come versione 1).")
    else:
        show_table(versions_table(versions, current), f"Versioni di {spec.filename}")
        others = [v.numero for v in reversed(versions) if current is None or v.sha256 != current.sha256]
        if others:
            giro = st.session_state.get(GIRO_KEY, 0)
            chosen = st.selectbox("Versione da ripristinare", others, key=f"ripristina_scelta_{name}_{giro}",
                                  format_func=lambda n: f"versione {n}")
            sure = st.checkbox("Confermo: la versione scelta tornerà in uso come nuova versione "
                               "(quella attuale resta nello storico).", key=f"ripristina_conferma_{name}_{giro}")
            if st.button("Ripristina", disabled=not sure, icon=":material/history:",
                         key=f"ripristina_{name}_{giro}") and still_coordinator():
                try:
                    outcome = store.restore(chosen, uploader_name())
                    st.session_state[ESITO_KEY] = ("success" if outcome.stored else "info", outcome.message)
                except StoreError as exc:
                    st.session_state[ESITO_KEY] = ("error", str(exc))
                st.session_state[GIRO_KEY] = giro + 1
                st.rerun()

with tab_dictionary:
    render_template_and_dictionary(spec, "carica")
