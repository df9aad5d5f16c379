"""Overview: headline figures, the status of every indicator and the grid of the Piano di Zona's objectives.

The grid shows every objective of every area coloured by status, with the status written
and the count of its indicators per status; each tile opens its area (?area=N).
"""

from ui.shell import ensure_shell

ensure_shell()

import html  # noqa: E402

import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from indicators import format as fmt  # noqa: E402
from indicators.engine import latest  # noqa: E402
from indicators.plan import AREAS, OBJECTIVE_BY_ID, objective_summary, status_counts  # noqa: E402
from indicators.status import STATUS_COLOURS, STATUS_ICONS, STATUSES  # noqa: E402
from ui.components import display_table, freshness, status_label  # noqa: E402
from ui.exports import show_table  # noqa: E402
from ui.privacy import visible_table  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.shell import ROOT  # noqa: E402

snap = snapshot()
table = visible_table(snap)
st.title("Cruscotto del Piano di Zona 2021-2023")
st.caption("Ambito Sociale del Cremonese · 48 comuni · monitoraggio degli obiettivi, del programma PIPPI, "
           "del Centro per le Famiglie e delle risorse")
freshness(snap)

now = latest(table)


def headline(indicator_id: str) -> dict | None:
    rows = now.filter(pl.col("id") == indicator_id)
    return rows.row(0, named=True) if rows.height else None


cols = st.columns(4)
pop = headline("territorio.popolazione")
cols[0].metric("Popolazione residente", fmt.number(pop["value"]) if pop else "n.d.",
               help=f"Al 1° gennaio {pop['period']}" if pop else None)
fam = headline("pippi.famiglie_progetto")
cols[1].metric("Famiglie PIPPI incluse", fmt.number(fam["value"]) if fam else "n.d.",
               help="Cumulato del progetto, target 30")
rate = headline("pippi.tasso_valutazioni")
cols[2].metric("Tasso valutazioni PIPPI", fmt.percent(rate["value"]) if rate else "n.d.",
               help=f"Anno {rate['period']}, standard > 75%" if rate else None)
spesa = headline("risorse.spesa_sociale_totale")
cols[3].metric("Spesa sociale dei comuni", fmt.euro(spesa["value"]) if spesa else "n.d.",
               help=f"Anno {spesa['period']}" if spesa else None)

st.subheader("Stato degli indicatori")
judged = now.filter(pl.col("kind") != "contesto")
counts = {s: judged.filter(pl.col("status") == s).height for s in STATUSES}
ccols = st.columns(4)
for c, s in zip(ccols, STATUSES):
    c.metric(status_label(s), counts[s])
st.caption("Per ogni indicatore si considera il periodo più recente con dati. La regola dello stato è "
           "spiegata nella pagina «Piano di Zona».")

AREA_PAGE = "pages/piano_di_zona.py"


def tile(o: dict) -> str:
    """An objective as a tile: a bar in its status colour, the status written, its counts."""
    colour = STATUS_COLOURS[o["status"]]
    counts = " ".join(f"{STATUS_ICONS[s]} {o['n_' + s]}" for s in STATUSES)
    title = html.escape(OBJECTIVE_BY_ID[o["objective"]].title)
    return (f'<div style="border-left:10px solid {colour};padding:2px 0 2px 10px">'
            f'<b>{o["objective"]}</b> · <b>{status_label(o["status"])}</b><br>'
            f'<span style="font-size:0.85em">{title}</span><br>'
            f'<span style="font-size:0.85em" title="in linea, a rischio, fuori target, senza dati">{counts}</span></div>')


st.subheader("Gli obiettivi del Piano di Zona")
pdz_now = now.filter(pl.col("area").str.contains(r"^\d+$"))
pdz_counts = status_counts(pdz_now)
st.markdown("Indicatori del Piano di Zona: " + " · ".join(f"**{pdz_counts[s]}** {status_label(s)}" for s in STATUSES))
st.caption("Ogni riquadro è un obiettivo, colorato e scritto secondo lo stato della maggioranza dei suoi indicatori "
           "con dati (a parità, il peggiore); sotto, quanti indicatori sono in linea ✔, a rischio ▲, fuori target ✖, "
           "senza dati –. Il collegamento apre l'area.")
summary = objective_summary(pdz_now)
for a in AREAS:
    objs = summary.filter(pl.col("area") == a.id).to_dicts()
    cols = st.columns([2, 3, 3, 3])
    cols[0].markdown(f"**{a.id}. {a.title}**")
    for c, o in zip(cols[1:], objs):
        with c.container(border=True):
            st.markdown(tile(o), unsafe_allow_html=True)
            st.page_link(str(ROOT / AREA_PAGE), label=f"Apri l'area {a.id}", icon=":material/arrow_forward:",
                         query_params={"area": a.id})

with st.expander("Tutti gli indicatori, all'ultimo periodo con dati"):
    show_table(display_table(now.sort("area", "objective", "id")), "Indicatori all'ultimo periodo")
