"""Overview: headline figures and the status of every indicator."""

from ui.shell import ensure_shell

ensure_shell()

import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from indicators import format as fmt  # noqa: E402
from indicators.engine import latest  # noqa: E402
from indicators.status import STATUSES  # noqa: E402
from ui.components import display_table, freshness, status_label  # noqa: E402
from ui.privacy import visible_table  # noqa: E402
from ui.data import snapshot  # noqa: E402

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

st.dataframe(display_table(now.sort("area", "objective", "id")), hide_index=True, width="stretch")
