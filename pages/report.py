"""Report for the Assemblea dei Sindaci: the PDF of what the screens show, for the current viewer.

Open to every role: the report is built from ``visible_table`` like every page, so the public
gets the public version (small cells suppressed) and coordinators every value.
"""

from ui.shell import ensure_shell

ensure_shell()

import datetime as dt  # noqa: E402

import streamlit as st  # noqa: E402

from access.roles import COORDINATORE, ROLE_IT  # noqa: E402
from access.suppression import threshold  # noqa: E402
from indicators import format as fmt  # noqa: E402
from report.build import render_pdf, report_from_table  # noqa: E402
from report.version import data_version  # noqa: E402
from ui.data import as_of_env, snapshot  # noqa: E402
from ui.privacy import visible_table  # noqa: E402
from ui.session import current_role  # noqa: E402

# The PDF of this session, kept until the data, the role or the reference date change.
REPORT_KEY = "report_pdf"

snap = snapshot()
role = current_role()
as_of = as_of_env()
version = data_version(snap.results)

st.title("Report per l'Assemblea dei Sindaci")
st.markdown(
    "Un documento PDF da stampare o allegare alla convocazione: copertina con data e versione dei dati, "
    "sintesi dello stato degli indicatori, per ogni area del Piano di Zona e per il programma PIPPI lo "
    "stato di ogni obiettivo, lo scarto dal target e i grafici principali, e la rendicontazione "
    "semestrale del Centro per le Famiglie ad ATS. Le cifre sono quelle delle pagine del cruscotto.")
if role == COORDINATORE:
    st.caption("Versione riservata al coordinamento: tutti i valori, senza soppressioni.")
else:
    st.caption(f"Versione per: {ROLE_IT.get(role, role)}. I valori che riguardano meno di {threshold()} "
               "persone o famiglie non sono mostrati, come nelle pagine.")
st.caption(f"Stato valutato al {fmt.date(as_of)} · versione dei dati {version}")

wanted = (version, role, as_of)
stored = st.session_state.get(REPORT_KEY)
if stored and stored["key"] != wanted:
    stored = None

if st.button("Prepara il report PDF", type="primary", icon=":material/picture_as_pdf:"):
    with st.status("Preparazione del report…", expanded=True) as status:
        bar = st.progress(0.0, text="Lettura della tabella degli indicatori")
        report = report_from_table(visible_table(snap), snap.results, as_of, role)
        data = render_pdf(report, progress=lambda share, message: bar.progress(min(1.0, share), text=message))
        status.update(label="Report pronto", state="complete", expanded=False)
    stored = {"key": wanted, "data": data, "counts": report.counts, "version": report.version,
              "name": f"report_assemblea_{as_of:%Y%m%d}_{report.version}"
                      f"{'' if role == COORDINATORE else '_pubblico'}.pdf",
              "made": dt.datetime.now()}
    st.session_state[REPORT_KEY] = stored

if stored:
    c = stored["counts"]
    st.success(f"Report pronto ({fmt.number(len(stored['data']) / 1024)} kB): {c['on_track']} indicatori in "
               f"linea, {c['at_risk']} a rischio, {c['off_track']} fuori target, {c['no_data']} senza dati.")
    st.download_button("Scarica il report (PDF)", data=stored["data"], file_name=stored["name"],
                       mime="application/pdf", icon=":material/download:")
    st.caption(f"Preparato il {fmt.date(stored['made'])} alle {stored['made']:%H:%M} · "
               f"versione dei dati {stored['version']}")
else:
    st.info("Il report si prepara in pochi secondi: premi «Prepara il report PDF», poi scaricalo.")
