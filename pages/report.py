"""Report for the Assemblea dei Sindaci: the PDF of what the screens show, in three versions.

Open to every role. A coordinator chooses the version (pubblico, Assemblea dei Sindaci, interno;
the Assemblea's first, since preparing its meeting is what the page is for); the Assemblea gets
its own, the public the public one. Each version is built from the engine table as its role sees
it (access/views.py, through ui.privacy.public_view), so an Assemblea version prepared by a
coordinator hides exactly what the Assemblea's screens hide.
"""

from ui.shell import ensure_shell

ensure_shell()

import datetime as dt  # noqa: E402

import streamlit as st  # noqa: E402

from access.suppression import threshold  # noqa: E402
from indicators import format as fmt  # noqa: E402
from report.build import render_pdf, report_from_table  # noqa: E402
from report.editions import editions_for  # noqa: E402
from report.version import data_version  # noqa: E402
from ui.data import as_of_env, snapshot  # noqa: E402
from ui.privacy import public_view  # noqa: E402
from ui.session import current_role  # noqa: E402

# The PDF of this session, kept until the data, the version or the reference date change.
REPORT_KEY = "report_pdf"
CHOICE_KEY = "report_versione"

snap = snapshot()
role = current_role()
as_of = as_of_env()
version = data_version(snap.results)
offered = editions_for(role)

st.title("Report per l'Assemblea dei Sindaci")
st.markdown(
    "Un documento PDF da stampare o allegare alla convocazione: copertina con data e versione dei dati, "
    "sintesi dello stato degli indicatori, per ogni area del Piano di Zona e per il programma PIPPI lo "
    "stato di ogni obiettivo con la frase del piano che misura, lo scarto dal target, le note e i grafici "
    "principali, le risorse e il territorio, e la rendicontazione semestrale del Centro per le Famiglie ad "
    "ATS. Le cifre sono quelle delle pagine del cruscotto.")
if len(offered) > 1:
    names = {e.key: e.name for e in offered}
    chosen = st.radio("Versione del report", list(names), format_func=names.get, key=CHOICE_KEY,
                      horizontal=True,
                      help="Ogni versione mostra ciò che vede il suo pubblico: la pubblica e quella per "
                           "l'Assemblea nascondono le celle piccole come le pagine; l'interna ha tutti i valori.")
    edition = next(e for e in offered if e.key == chosen)
else:
    edition = offered[0]
st.caption(edition.audience(threshold()) + " Ogni pagina del PDF lo dice a piè di pagina.")
st.caption(f"Stato valutato al {fmt.date(as_of)} · {snap.version_text}")  # the text of every page and of the PDF

wanted = (version, edition.key, as_of)
stored = st.session_state.get(REPORT_KEY)
if stored and stored["key"] != wanted:
    stored = None

if st.button("Prepara il report PDF", type="primary", icon=":material/picture_as_pdf:"):
    with st.status("Preparazione del report…", expanded=True) as status:
        bar = st.progress(0.0, text="Lettura della tabella degli indicatori")
        report = report_from_table(public_view(snap.table, edition.role), snap.results, as_of, edition.role)
        data = render_pdf(report, progress=lambda share, message: bar.progress(min(1.0, share), text=message))
        status.update(label="Report pronto", state="complete", expanded=False)
    stored = {"key": wanted, "data": data, "counts": report.counts, "version": report.version,
              "edition": edition.label,
              "name": f"report_assemblea_{as_of:%Y%m%d}_{report.version}_{edition.key}.pdf",
              "made": dt.datetime.now()}
    st.session_state[REPORT_KEY] = stored

if stored:
    c = stored["counts"]
    st.success(f"{stored['edition']} pronta ({fmt.number(len(stored['data']) / 1024)} kB): {c['on_track']} "
               f"indicatori in linea, {c['at_risk']} a rischio, {c['off_track']} fuori target, "
               f"{c['no_data']} senza dati.")
    st.download_button("Scarica il report (PDF)", data=stored["data"], file_name=stored["name"],
                       mime="application/pdf", icon=":material/download:")
    st.caption(f"Preparato il {fmt.date(stored['made'])} alle {stored['made']:%H:%M} · "
               f"versione dei dati {stored['version']}")
else:
    st.info("Il report si prepara in pochi secondi: premi «Prepara il report PDF», poi scaricalo.")
