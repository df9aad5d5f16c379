"""Data quality: where each figure comes from, what was expected and what arrived, the problems by
severity, the provisional figures, and the template and dictionary of every dataset."""

from ui.shell import ensure_shell

ensure_shell()

import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from access.roles import may_see_records  # noqa: E402
from data_loaders.intake import FIX_IT  # noqa: E402
from data_loaders.quality import EXPECTATIONS, STATO_ATTESO, STATO_COMPLETO, STATO_IN_CORSO, STATO_RITARDO, arrivals  # noqa: E402
from data_loaders.registry import DATASETS  # noqa: E402
from indicators import format as fmt  # noqa: E402
from indicators.config import principal_ambito  # noqa: E402
from ui.components import display_table, freshness  # noqa: E402
from ui.data import as_of_env, snapshot  # noqa: E402
from ui.memo import per_snapshot  # noqa: E402
from ui.exports import show_table, table as shown_table  # noqa: E402
from ui.intake_view import render_template_and_dictionary  # noqa: E402
from ui.privacy import visible_table  # noqa: E402
from ui.session import current_role  # noqa: E402

STATE_IT = {STATO_COMPLETO: "✔ completo", STATO_IN_CORSO: "… in corso (provvisorio)",
            STATO_ATTESO: "◷ atteso", STATO_RITARDO: "✖ in ritardo"}

snap = snapshot()
role = current_role()


def once(key: tuple, build):
    """``build()`` made once per data snapshot, viewer and ``key`` (ui.memo): a rerun only sends it again."""
    return per_snapshot(snap, ("qualita", *key), build)


as_of = as_of_env()
st.title("Qualità dei dati")
freshness(snap)

# -- where the figures come from --------------------------------------------------------------
st.subheader("Da dove vengono i dati")
st.caption("Per ogni dataset: il file e la versione da cui sono calcolate le cifre del cruscotto, e quando è "
           "stata caricata. Le righe scartate non entrano in nessuna cifra.")
summary = once(("provenienza",), lambda: shown_table(pl.DataFrame([{
    "Dataset": r.spec.title,
    "File e versione in uso": snap.source_note(name),
    "Righe lette": fmt.number(r.rows_read), "Righe valide": fmt.number(r.rows_valid),
    "Righe scartate": fmt.number(r.rows_rejected),
    "Errori": fmt.number(len(r.errors)),
    "Avvisi": fmt.number(len(r.problems) - len(r.errors)),
    "Stato": "mancante" if r.missing else ("con errori" if r.errors else "ok"),
} for name, r in snap.results.items()])))
show_table(summary, "Provenienza dei dati")

# -- expected vs arrived ----------------------------------------------------------------------
st.subheader("Atteso e arrivato")
# The dashboard's Ambito only: the PIPPI files also hold Seregno's programme, whose équipes are not its own.
arrived = once(("arrivi",), lambda: arrivals({name: r.frame for name, r in snap.results.items()}, as_of,
                                             principal_ambito()))
late = arrived.filter(pl.col("state") == STATO_RITARDO)
c1, c2, c3 = st.columns(3)
c1.metric("Periodi completi", fmt.number(arrived.filter(pl.col("state") == STATO_COMPLETO).height))
c2.metric("Periodi in ritardo", fmt.number(late.height))
c3.metric("Periodi in corso (cifre provvisorie)", fmt.number(arrived.filter(pl.col("state") == STATO_IN_CORSO).height))
st.caption(f"Un periodo concluso va completato entro 60 giorni dalla sua fine; dopo, chi manca è «in ritardo». "
           f"Situazione al {fmt.date(as_of)}.")
for exp in EXPECTATIONS:
    rows = arrived.filter(pl.col("dataset") == exp.dataset)
    spec = DATASETS[exp.dataset]
    n_late = rows.filter(pl.col("state") == STATO_RITARDO).height
    title = f"{spec.title} ({spec.filename})" + (f" — {n_late} periodi in ritardo" if n_late else "")
    with st.expander(title, expanded=bool(n_late)):
        st.markdown(f"**Cosa ci si aspetta:** {exp.rule}")
        if rows.height == 0:
            st.info(f"Nessuna riga valida in {spec.filename}: niente da confrontare.")
            continue
        shown = once(("arrivi", exp.dataset), lambda: shown_table(rows.select(
            pl.col("period").alias("Periodo"),
            pl.format("{} su {}", pl.col("arrived"), pl.col("expected")).alias(f"{exp.unit.capitalize()} arrivati"),
            pl.col("missing").alias("Mancano"),
            pl.col("state").replace_strict(STATE_IT, default=pl.col("state")).alias("Stato"),
            pl.col("due").dt.strftime("%d/%m/%Y").alias("Da completare entro"),
        ).reverse()))
        show_table(shown, f"Atteso e arrivato {spec.filename}")

# -- problems by severity ---------------------------------------------------------------------
st.subheader("Problemi per gravità")
problems = [(name, p) for name, r in snap.results.items() for p in r.problems]
if not problems:
    st.success("Nessun problema nei dati caricati.")
else:
    counts = once(("problemi",), lambda: shown_table(
        pl.DataFrame({"Dataset": [DATASETS[n].title for n, _ in problems], "Gravità": [p.severity for _, p in problems]})
        .group_by("Dataset", "Gravità").len("Problemi").sort("Dataset", "Gravità")
        .pivot(on="Gravità", index="Dataset", values="Problemi").fill_null(0)))
    show_table(counts, "Problemi per gravità")
    severity = st.segmented_control("Mostra", ["errore", "avviso"], selection_mode="multi",
                                    default=["errore", "avviso"], key="qualita_gravita")
    records_ok = may_see_records(role)
    listed = once(("problemi", "elenco"), lambda: pl.DataFrame({
        "Gravità": [p.severity for _, p in problems],
        "File": [p.file for _, p in problems],
        "Riga": [p.row if p.row else None for _, p in problems],
        "Colonna": [p.column for _, p in problems],
        # A value from a family or person record is shown only to those who may see records.
        "Valore": [p.value if records_ok or not DATASETS[n].record_level else "(riservato)" for n, p in problems],
        "Cosa non va": [p.message for _, p in problems],
        "Come correggere": [FIX_IT.get(p.code, "") for _, p in problems],
    }, schema_overrides={"Riga": pl.Int64}))
    wanted = tuple(severity or [])
    show_table(once(("problemi", wanted), lambda: shown_table(listed.filter(pl.col("Gravità").is_in(wanted)))),
               "Problemi nei dati")

# -- provisional figures ----------------------------------------------------------------------
st.subheader("Cifre provvisorie")
provisional = once(("provvisorie",), lambda: visible_table(snap).filter(
    pl.col("provisional") & pl.col("value").is_not_null()))
st.caption("Cifre di un periodo non ancora concluso: cambieranno con i prossimi caricamenti. In ogni tabella del "
           "cruscotto sono segnate nella colonna «Provvisorio».")
if provisional.height:
    with st.expander(f"{fmt.number(provisional.height)} cifre provvisorie"):
        show_table(once(("provvisorie", "tabella"), lambda: shown_table(display_table(provisional))), "Cifre provvisorie")
else:
    st.info("Nessuna cifra provvisoria: tutti i periodi mostrati sono conclusi.")

# -- templates and dictionary -----------------------------------------------------------------
st.subheader("Modelli e dizionario dei dati")
chosen = st.selectbox("Dataset", list(DATASETS), key="qualita_dizionario",
                      format_func=lambda n: f"{DATASETS[n].title} ({DATASETS[n].filename})")
render_template_and_dictionary(DATASETS[chosen], "qualita")
