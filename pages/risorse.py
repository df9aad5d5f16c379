"""Resources: social spending of the comuni 2016-2019 and the funds 2021-2023 (seeds/004)."""

from ui.shell import ensure_shell

ensure_shell()

import altair as alt  # noqa: E402
import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from indicators import format as fmt  # noqa: E402
from indicators.config import ambito_label, principal_ambito  # noqa: E402
from indicators.defs.risorse import (AREE_IT, VERIFICHE_IT, estimate_vs_received,  # noqa: E402
                                     mixed_fund_years, stated_total_discrepancies)
from indicators.fund_tables import ALTRI, NOT_STATED, NOTES, ORDINARI, by_fund_year, printed_table  # noqa: E402
from ui.charts import category_scale, finish, number_format  # noqa: E402
from ui.components import display_table, format_columns, freshness, missing_files_note, partial_caption, provenance  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.memo import per_snapshot  # noqa: E402
from ui.exports import figure, show_chart, show_table, table as shown_table  # noqa: E402
from ui.privacy import visible_table  # noqa: E402

AMBITO = principal_ambito()
WHOLE = ambito_label(AMBITO)
PREFIX = WHOLE + " / "

snap = snapshot()


def once(key: str, build):
    """``build()`` made once per data snapshot and viewer (ui.memo): a rerun only sends it again."""
    return per_snapshot(snap, ("risorse", key), build)


table = once("righe", lambda: visible_table(snap).filter(pl.col("area") == "risorse"))
st.title("Risorse: spesa sociale e fondi")
st.caption(f"{WHOLE} · spesa sociale dei comuni per area (datawarehouse Regione Lombardia) e fondi dell'Ambito, "
           "come nelle tabelle del Piano di Zona 2021-2023")
freshness(snap)
missing_files_note(snap, "spesa_sociale", "fondi")


def rows(ind_id: str, territory: str | None = WHOLE) -> pl.DataFrame:
    t = table.filter(pl.col("id") == ind_id)
    return t.filter(pl.col("territory") == territory) if territory else t


def last(ind_id: str) -> dict | None:
    t = rows(ind_id).filter(pl.col("value").is_not_null())
    return t.sort("period").row(-1, named=True) if t.height else None


def sub_unit(t: pl.DataFrame, name: str) -> pl.DataFrame:
    return t.filter(pl.col("territory").str.starts_with(PREFIX)).with_columns(
        pl.col("territory").str.strip_prefix(PREFIX).alias(name))


# ── Headline figures ──────────────────────────────────────────────────────────────────
spesa, change, assoc, capita = (last("risorse.spesa_sociale_totale"), last("risorse.spesa_variazione"),
                                last("risorse.quota_gestione_associata"), last("risorse.spesa_pro_capite"))
c = st.columns(4)
c[0].metric(f"Spesa sociale dei comuni {spesa['period'] if spesa else ''}".strip(),
            fmt.euro(spesa["value"]) if spesa else "n.d.", help="Somma delle aree di intervento")
c[1].metric(f"Variazione {change['period'] if change else ''}".strip(),
            fmt.percent(change["value"]) if change else "n.d.",
            help=(f"{fmt.signed(change['numerator'])} euro sul primo anno, calcolata sulla somma delle aree. "
                  "Il Piano, sul suo totale dichiarato, scrive +7.415.989 (+33,5%)" if change else None))
c[2].metric(f"Quota in gestione associata {assoc['period'] if assoc else ''}".strip(),
            fmt.percent(assoc["value"]) if assoc else "n.d.")
c[3].metric(f"Spesa per abitante {capita['period'] if capita else ''}".strip(),
            fmt.euro(capita["value"], 2) if capita else "n.d.", help=capita["note"] if capita else None)
partial_caption(spesa, change, assoc, capita)

# ── Data quality: the source's own totals against its rows ────────────────────────────
spesa_frame = snap.frame("spesa_sociale")
checks = once("verifiche", lambda: stated_total_discrepancies(spesa_frame.filter(pl.col("ambito") == AMBITO))
              if spesa_frame.height else None)
if checks is not None and checks.height:
    lines = []
    for r in checks.iter_rows(named=True):
        lines.append(f"- **{r['anno']}**: la fonte dichiara un totale di {fmt.euro(r['dichiarato'])}, la "
                     f"{VERIFICHE_IT[r['verifica']]} fa {fmt.euro(r['somma_righe'])}: differenza "
                     f"{fmt.signed(r['differenza'])} euro." + (f" {r['nota']}" if r["nota"] else ""))
    st.warning("**Nota sulla qualità dei dati.** I totali dichiarati dalla tabella non tornano con le sue righe; "
               "il cruscotto usa la somma delle righe e non corregge la fonte.\n\n" + "\n".join(lines))
elif checks is not None:
    st.success("I totali dichiarati dalla fonte coincidono con la somma delle righe (aree e gestione).")

# ── Spending by area ──────────────────────────────────────────────────────────────────
st.subheader("Spesa sociale dei comuni per area")
areas = sub_unit(rows("risorse.spesa_area", None), "Area")
if areas.height:
    order = {label: i for i, label in enumerate(AREE_IT.values())}
    data = areas.select("Area", pl.col("period").alias("Anno"), pl.col("value").alias("Spesa"),
                        pl.col("Area").replace_strict(order, default=len(order), return_dtype=pl.Int64).alias("Ordine"))
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("Anno:N", title="Anno", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sum(Spesa):Q", title="Euro", axis=alt.Axis(format=number_format("euro"))),
        color=alt.Color("Area:N", title="Area", sort=list(AREE_IT.values()),
                        scale=category_scale(list(AREE_IT.values()))),
        order=alt.Order("Ordine:Q"),
        tooltip=["Anno:N", "Area:N", alt.Tooltip("Spesa:Q", format=number_format("euro"))],
    ).properties(height=320)
    show_chart(once("aree", lambda: figure(finish(bars))), "Spesa sociale dei comuni per area", table=False)
    st.caption(provenance("risorse.spesa_area"))
    with st.expander("Tabella: spesa per area e anno"):

        def by_year():
            wide = data.drop("Ordine").pivot(on="Anno", index="Area", values="Spesa", sort_columns=True)
            years = [c for c in wide.columns if c != "Area"]
            return shown_table(format_columns(wide, {y: (fmt.euro,) for y in years}))

        show_table(once("aree_tabella", by_year), "Spesa sociale per area e anno")

    left, right = st.columns(2)
    ch = sub_unit(rows("risorse.spesa_variazione_area", None), "Area").filter(pl.col("value").is_not_null())
    with left:
        st.markdown(f"**Variazione per area {ch['period'][0] if ch.height else ''}**")
        if ch.height:
            # Euro, not percent: an area starting from almost nothing (Dipendenze, 5.767 in 2016) would
            # show +2.682% and flatten every other bar.
            chart = alt.Chart(ch.select("Area", pl.col("value").alias("Variazione"),
                                        pl.col("numerator").alias("Euro"))).mark_bar().encode(
                y=alt.Y("Area:N", sort="-x", title=None),
                x=alt.X("Euro:Q", title="Variazione in euro", axis=alt.Axis(format=number_format("euro"))),
                color=alt.condition("datum.Euro < 0", alt.value("#D55E00"), alt.value("#0072B2")),
                tooltip=["Area:N", alt.Tooltip("Euro:Q", format=number_format("euro")),
                         alt.Tooltip("Variazione:Q", title="Variazione %", format=",.1f")],
            ).properties(height=260)
            show_chart(once("variazione", lambda: figure(finish(chart))), "Variazione della spesa per area")
            st.caption(provenance("risorse.spesa_variazione_area"))
    with right:
        st.markdown("**Gestione singola e associata**")
        g = spesa_frame.filter((pl.col("ambito") == AMBITO) & (pl.col("dimensione") == "gestione"))
        if g.height:
            gdata = g.select(pl.col("anno").cast(pl.Utf8).alias("Anno"),
                             pl.col("voce").replace_strict({"singola": "singola", "associata": "associata"},
                                                           default=pl.col("voce")).alias("Gestione"),
                             pl.col("importo_eur").alias("Spesa"))
            chart = alt.Chart(gdata).mark_bar().encode(
                x=alt.X("Anno:N", axis=alt.Axis(labelAngle=0)), y=alt.Y("Spesa:Q", stack="normalize", title="Quota",
                                           axis=alt.Axis(format="%")),
                color=alt.Color("Gestione:N", scale=alt.Scale(domain=["singola", "associata"],
                                                             range=["#999999", "#0072B2"])),
                tooltip=["Anno:N", "Gestione:N", alt.Tooltip("Spesa:Q", format=number_format("euro"))],
            ).properties(height=260)
            show_chart(once("gestione", lambda: figure(finish(chart))), "Spesa in gestione singola e associata")
            st.caption(provenance("risorse.quota_gestione_associata"))

# ── Funds ─────────────────────────────────────────────────────────────────────────────
st.subheader("Fondi dell'Ambito")
fondi = snap.frame("fondi").filter(pl.col("ambito") == AMBITO)
if fondi.height:
    fdata = fondi.select(pl.col("fondo").alias("Fondo"), pl.col("tipo").alias("Tipo"),
                         pl.format("{} {}", pl.col("stato"), pl.col("anno")).alias("Colonna"),
                         pl.col("anno").alias("Anno"), pl.col("stato").alias("Stato"),
                         pl.col("importo_eur").alias("Importo"))
    chart = alt.Chart(fdata).mark_bar().encode(
        y=alt.Y("Fondo:N", sort="-x", title=None),
        x=alt.X("Importo:Q", title="Euro", axis=alt.Axis(format=number_format("euro"))),
        color=alt.Color("Colonna:N", title="Anno e stato", scale=category_scale(n=fdata["Colonna"].n_unique())),
        yOffset="Colonna:N",
        tooltip=["Fondo:N", "Anno:O", "Stato:N", alt.Tooltip("Importo:Q", format=number_format("euro"))],
    ).properties(height=max(260, 26 * fondi["fondo"].n_unique()))
    show_chart(once("fondi", lambda: figure(finish(chart))), "Fondi dell'Ambito", table=False)

    def funds_table():
        wide = fdata.sort("Anno", "Stato").pivot(on="Colonna", index=["Fondo", "Tipo"], values="Importo")
        cols = [c for c in wide.columns if c not in ("Fondo", "Tipo")]
        wide = wide.sort("Tipo", cols[0], descending=[True, True])
        totals = {"Fondo": "TOTALE", "Tipo": "", **{c: wide[c].sum() for c in cols}}
        wide = pl.concat([wide, pl.DataFrame([totals], schema=wide.schema)])
        return shown_table(format_columns(wide, {c: (fmt.euro, 2) for c in cols})
                           .with_columns(pl.col(c).fill_null(fmt.NON_DISPONIBILE) for c in cols))

    funds = once("fondi_tabella", funds_table)
    show_table(funds, "Fondi dell'Ambito tabella", height=38 * (funds.frame.height + 1))
    notes = fondi.filter(pl.col("nota").is_not_null()).select("fondo", "anno", "nota")
    if notes.height:
        st.caption("Note della fonte: " + "; ".join(f"{f} {a}: {n}" for f, a, n in notes.rows()))
    mixed = mixed_fund_years(fondi)
    if mixed.height:
        # The TOTALE of such a column adds funds of different years, as the source's column does: said here.
        st.warning("**Annualità diverse nella stessa colonna.** " + " ".join(
            f"Nel totale «{stato} {anno}» ci sono fondi di un'altra annualità: "
            + "; ".join(f"{f} (fondo {a}, «{n}»)" for f, a, n in grp.select("fondo", "annualita", "nota").rows()) + "."
            for (anno, stato), grp in mixed.group_by("anno", "stato", maintain_order=True))
            + " Il totale è la somma delle righe come la stampa la fonte, non i fondi di un solo anno.")
    st.caption(provenance("risorse.fondi_assegnati") + " · «stima»: previsione del Piano; «assegnato»: ricevuto")

    both = estimate_vs_received(fondi)
    st.markdown("**Stime del Piano e importi ricevuti**")
    if both.height:
        show_table(once("stime", lambda: shown_table(format_columns(both.select(
            pl.col("fondo").alias("Fondo"), pl.col("anno").alias("Anno"),
            pl.col("stima").alias("Stima"), pl.col("assegnato").alias("Ricevuto"),
            pl.col("differenza").alias("Differenza (euro)"), pl.col("differenza_pct").alias("Differenza %"),
        ), {"Stima": (fmt.euro, 2), "Ricevuto": (fmt.euro, 2), "Differenza (euro)": (fmt.signed, 2),
            "Differenza %": (fmt.percent,)}))), "Stime del Piano e importi ricevuti")
        st.caption(provenance("risorse.fondi_assegnati_su_stima"))
    else:
        st.info("Per gli anni stimati dal Piano (2022-2023) non sono ancora stati caricati gli importi "
                "effettivamente ricevuti: aggiungere in fondi.csv le righe con stato «assegnato».")

# ── The plan's funds tables as printed ──────────────────────────────────────────────────
st.subheader("Le tabelle dei fondi del Piano, come stampate")
st.caption("Ogni riga e ogni cella delle tabelle «FONDI ORDINARI» e «ALTRI FONDI» del Piano di Zona 2021-2023 "
           "(capitolo «RISORSE»), con il testo della cella: il cruscotto non completa né somma ciò che il documento lascia così.")
for name in (ORDINARI, ALTRI):
    st.markdown(f"**{name}**")
    show_table(once(("stampata", name), lambda name=name: shown_table(printed_table(name))), f"Piano di Zona {name}")
    st.info(NOTES[name])
with st.expander("Gli stessi importi, uno per annualità del fondo"):
    show_table(once("per_annualita", lambda: shown_table(format_columns(by_fund_year().select(
        pl.col("tabella").alias("Tabella"), pl.col("fondo").alias("Fondo"), pl.col("colonna").alias("Colonna"),
        pl.col("importo").alias("Importo"),
        pl.col("annualita").cast(pl.Utf8).fill_null(NOT_STATED).alias("Annualità del fondo"),
        pl.col("utilizzo").alias("Utilizzo"), pl.col("testo").alias("Come stampato")),
        {"Importo": (fmt.euro, 2)}))), "Fondi per annualità")
    st.caption("«non indicata»: la cella non dice di quale annualità è il fondo; l'importo resta nella colonna "
               "in cui è stampato.")

# ── Per inhabitant ────────────────────────────────────────────────────────────────────
st.subheader("Valori per abitante")
per = pl.concat([rows("risorse.spesa_pro_capite"), rows("risorse.fondi_pro_capite")]).filter(
    pl.col("value").is_not_null())
if per.height:
    show_table(once("per_abitante", lambda: shown_table(format_columns(per.select(
        pl.col("name").alias("Indicatore"), pl.col("period").alias("Anno"),
        pl.col("value").alias("Euro per abitante"), pl.col("numerator").alias("Importo"),
        pl.col("denominator").alias("Abitanti"), pl.col("note").fill_null("").alias("Nota"),
    ), {"Euro per abitante": (fmt.euro, 2), "Importo": (fmt.euro,), "Abitanti": (fmt.number,)}))),
        "Valori per abitante")
    st.caption("La spesa e i fondi sono dati per l'intero Ambito: le fonti non li ripartiscono per comune. "
               "Le cifre per comune (popolazione, accessi, famiglie) sono nella pagina «Territorio».")

with st.expander("Tutti gli indicatori delle risorse"):
    show_table(once("indicatori", lambda: shown_table(display_table(table))), "Indicatori delle risorse")
