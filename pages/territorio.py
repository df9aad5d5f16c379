"""Territory: the Ambito's comuni, population, size classes, ageing and the other pages' figures by comune."""

from ui.shell import ensure_shell

ensure_shell()

from types import SimpleNamespace  # noqa: E402

import altair as alt  # noqa: E402
import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from access.roles import COORDINATORE  # noqa: E402
from data_loaders.geo import ATTRIBUZIONE, comuni_features  # noqa: E402
from indicators import format as fmt  # noqa: E402
from indicators.config import ambito_label, principal_ambito  # noqa: E402
from indicators.defs.territorio import (CLASSI, PIANO_POPOLAZIONE_2021, PIANO_VECCHIAIA,  # noqa: E402
                                        comuni_table, plan_size_class_notes)
from ui.charts import count_axis, finish  # noqa: E402
from ui.components import display_table, format_columns, freshness, missing_files_note, provenance  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.memo import per_snapshot  # noqa: E402
from ui.exports import figure, show_chart, show_table, table as shown_table  # noqa: E402
from ui.privacy import count_text, protect, visible_table  # noqa: E402
from ui.session import current_role  # noqa: E402

AMBITO = principal_ambito()
WHOLE = ambito_label(AMBITO)
COUNTS = ["accessi_hug", "famiglie_hug", "famiglie_pippi"]
MISURE = {  # what the map can colour: column, number format, scale (log: Cremona is 70 times Derovere)
    "Popolazione": ("popolazione", ",.0f", "log"),
    "Indice di vecchiaia": ("indice_vecchiaia", ",.1f", "linear"),
    "Accessi HUG per 1.000 abitanti": ("accessi_hug_1000", ",.1f", "linear"),
}

snap = snapshot()
# Everything drawn below depends only on the data, the viewer and the two widgets: made once
# per choice (ui.memo), so a click only sends it again.
table = per_snapshot(snap, ("territorio",), lambda: visible_table(snap).filter(pl.col("area") == "territorio"))
st.title("Territorio")
st.caption(f"{WHOLE}: i comuni, la popolazione, le classi di ampiezza, l'invecchiamento e, comune per comune, "
           "le cifre delle altre pagine")
freshness(snap)
missing_files_note(snap, "comuni")

comuni = per_snapshot(snap, ("territorio", "comuni"), lambda: snap.frame("comuni").filter(pl.col("ambito") == AMBITO))
if comuni.height == 0:
    st.stop()


def value(ind_id: str, period: str, territory: str = WHOLE):
    t = table.filter((pl.col("id") == ind_id) & (pl.col("period") == period) & (pl.col("territory") == territory))
    return t["value"][0] if t.height else None


years = per_snapshot(snap, ("territorio", "anni"), lambda: sorted(comuni["anno"].unique().to_list(), reverse=True))
year = st.selectbox("Anno (popolazione al 1° gennaio)", years, key="territorio_anno")
y = str(year)


def year_view() -> SimpleNamespace:
    """The year's figures, notes and the comuni as this viewer may see them."""
    per_comune = comuni_table({n: snap.frame(n) for n in ("comuni", "hug_accessi", "pippi_famiglie")}, year, AMBITO)
    # Each count column adds up to an Ambito total published elsewhere (the HUG and PIPPI pages),
    # so each is protected as its own column with that margin; the two columns are unrelated.
    visible = per_comune
    for col in COUNTS:
        visible = protect(visible, [col])
    if current_role() != COORDINATORE:  # a rate over a hidden count would give it back
        visible = visible.with_columns(pl.when(pl.col("accessi_hug_soppresso")).then(None)
                                       .otherwise(pl.col("accessi_hug_1000")).alias("accessi_hug_1000"))
    return SimpleNamespace(
        popolazione=value("territorio.popolazione", y), comuni=comuni.filter(pl.col("anno") == year).height,
        indice=value("territorio.indice_vecchiaia", y), tasso=value("territorio.tasso_vecchiaia", y),
        notes=plan_size_class_notes(comuni.filter(pl.col("anno") == min(years, key=lambda a: abs(a - 2021)))),
        visible=visible)


view = per_snapshot(snap, ("territorio", year), year_view)
visible = view.visible
c = st.columns(4)
c[0].metric(f"Popolazione {y}", fmt.number(view.popolazione),
            help=f"Il Piano: {fmt.number(PIANO_POPOLAZIONE_2021)} al 1.01.2021")
c[1].metric("Comuni", fmt.number(view.comuni))
c[2].metric(f"Indice di vecchiaia {y}", fmt.number(view.indice, 1),
            help="Residenti 65+ ogni 100 residenti 0-14. Il Piano: Cremonese 207 nel 2020")
c[3].metric(f"Tasso di vecchiaia {y}", fmt.percent(view.tasso),
            help="Quota di residenti 65+. Il Piano: Cremonese 25,8% nel 2020")

if view.notes:
    st.info("**Il Piano e i dati.** " + " ".join(view.notes))

# ── Map ───────────────────────────────────────────────────────────────────────────────
st.subheader("Mappa dei comuni")
misura = st.radio("Colore", list(MISURE), horizontal=True, key="territorio_misura")
col, num_format, scale_type = MISURE[misura]


def map_view():
    """The map coloured by ``misura`` and the codes of the comuni without a boundary."""
    by_code = {r["codice_istat"]: r for r in visible.iter_rows(named=True)}
    features = comuni_features()
    for f in features:
        r = by_code.get(f["properties"]["codice_istat"])
        f["properties"].update({"nell_ambito": r is not None, "valore": r[col] if r else None,
                                "popolazione": r["popolazione"] if r else None})
    inside = [f for f in features if f["properties"]["nell_ambito"]]
    base = alt.Chart(alt.Data(values=features)).mark_geoshape(fill="#EEEEEE", stroke="white", strokeWidth=0.5).encode(
        tooltip=[alt.Tooltip("properties.comune:N", title="Comune")])
    layer = alt.Chart(alt.Data(values=inside)).mark_geoshape(stroke="white", strokeWidth=0.6).encode(
        color=alt.Color("properties.valore:Q", title=misura, scale=alt.Scale(scheme="blues", type=scale_type),
                        legend=alt.Legend(format=num_format)),
        tooltip=[alt.Tooltip("properties.comune:N", title="Comune"),
                 alt.Tooltip("properties.valore:Q", title=misura, format=num_format),
                 alt.Tooltip("properties.popolazione:Q", title="Popolazione", format=",.0f")])
    missing = sorted(set(by_code) - {f["properties"]["codice_istat"] for f in inside})
    return figure(finish((base + layer).project(type="mercator").properties(height=460))), missing


chart, missing_codes = per_snapshot(snap, ("territorio", year, misura), map_view)
show_chart(chart, f"Mappa dei comuni {misura} {y}",
           lambda v=visible, c=col, m=misura: v.select(pl.col("comune").alias("Comune"),
                                                       pl.col("codice_istat").alias("Codice ISTAT"), pl.col(c).alias(m)))
st.caption(f"{ATTRIBUZIONE}. In grigio i comuni della provincia fuori dall'Ambito"
           + (f"; senza confini: {', '.join(missing_codes)}" if missing_codes else "") + ".")

# ── Size classes and ageing ───────────────────────────────────────────────────────────
left, right = st.columns(2)
with left:
    st.markdown(f"**Comuni per classe di ampiezza, {y}**")

    def classes_view():
        cls = table.filter((pl.col("id") == "territorio.comuni_per_classe") & (pl.col("period") == y)).select(
            pl.col("territory").str.strip_prefix(WHOLE + " / ").alias("Classe"), pl.col("value").alias("Comuni"))
        chart = alt.Chart(cls).mark_bar(color="#0072B2").encode(
            y=alt.Y("Classe:N", sort=list(CLASSI), title=None, axis=alt.Axis(labelLimit=220)), x=alt.X("Comuni:Q", axis=count_axis()),
            tooltip=["Classe:N", alt.Tooltip("Comuni:Q", format=",.0f")]).properties(height=160)
        text = chart.mark_text(align="left", dx=4).encode(text=alt.Text("Comuni:Q", format=",.0f"))
        return figure(finish(chart + text)), cls

    chart, cls = per_snapshot(snap, ("territorio", year, "classi"), classes_view)
    show_chart(chart, f"Comuni per classe di ampiezza {y}", cls)
    st.caption(provenance("territorio.comuni_per_classe") + " · il Piano: 9 oltre 3.000, 14 sotto 1.000 (2021)")
with right:
    st.markdown("**Invecchiamento: il Piano e i dati**")

    def ageing_view():
        plan = [{"Territorio": k.capitalize(), "Indice 1999": a, "Indice 2020": b,
                 "Tasso 1999": fmt.percent(c1), "Tasso 2020": fmt.percent(c2)}
                for k, (a, b, c1, c2) in PIANO_VECCHIAIA.items()]
        idx = table.filter(pl.col("id").is_in(["territorio.indice_vecchiaia", "territorio.tasso_vecchiaia"])
                           & (pl.col("territory") == WHOLE)).sort("period")
        series = " · ".join(f"{p}: {fmt.number(i, 1)} ({fmt.percent(t)})" for p, i, t in zip(
            idx.filter(pl.col("id") == "territorio.indice_vecchiaia")["period"],
            idx.filter(pl.col("id") == "territorio.indice_vecchiaia")["value"],
            idx.filter(pl.col("id") == "territorio.tasso_vecchiaia")["value"]))
        return shown_table(pl.DataFrame(plan)), series

    plan, series = per_snapshot(snap, ("territorio", "invecchiamento"), ageing_view)
    show_table(plan, "Invecchiamento nel Piano")
    st.caption(f"Dati caricati, {WHOLE}, indice (tasso): {series}. Il Piano conta il Cremonese nel suo insieme; "
               "i dati contano i comuni caricati.")

# ── Per comune ────────────────────────────────────────────────────────────────────────
st.subheader(f"I comuni dell'Ambito, {y}")


def comuni_shown() -> pl.DataFrame:
    return format_columns(count_text(visible, COUNTS).select(
        pl.col("comune").alias("Comune"), pl.col("codice_istat").alias("Codice ISTAT"),
        pl.col("sub_ambito").fill_null("").alias("Sub-ambito"),
        pl.col("popolazione").alias("Popolazione"), pl.col("classe").alias("Classe"),
        pl.col("indice_vecchiaia").alias("Indice di vecchiaia"),
        pl.col("accessi_hug").alias("Accessi HUG"), pl.col("famiglie_hug").alias("Famiglie HUG"),
        pl.col("accessi_hug_1000").alias("Accessi HUG per 1.000 ab."),
        pl.col("famiglie_pippi").alias("Famiglie PIPPI segnalate"),
    ), {"Popolazione": (fmt.number,), "Indice di vecchiaia": (fmt.number, 1),
        "Accessi HUG per 1.000 ab.": (fmt.number, 1)})


show_table(per_snapshot(snap, ("territorio", year, "tabella"), lambda: shown_table(comuni_shown())),
           f"Comuni dell'Ambito {y}")
st.caption(f"Accessi e famiglie HUG nell'anno {y} per comune di residenza (gli accessi senza comune non sono "
           f"attribuiti); famiglie PIPPI segnalate nell'anno. {provenance('territorio.popolazione_comune')}")

with st.expander("Tutti gli indicatori del territorio"):
    show_table(per_snapshot(snap, ("territorio", "indicatori"),
                            lambda: shown_table(display_table(table.filter(~pl.col("id").str.ends_with("_comune"))))),
               "Indicatori del territorio")
