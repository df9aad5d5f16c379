"""Il mio comune: one comune's figures beside the Ambito's, per inhabitant, with its rank among the comuni."""

from ui.shell import ensure_shell

ensure_shell()

from dataclasses import dataclass  # noqa: E402

import altair as alt  # noqa: E402
import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from access.suppression import suppressed_text  # noqa: E402
from indicators import comune as cm  # noqa: E402
from indicators import format as fmt  # noqa: E402
from indicators.config import ambito_label, principal_ambito  # noqa: E402
from indicators.defs.territorio import comuni_table  # noqa: E402
from ui.charts import finish  # noqa: E402
from ui.components import freshness, missing_files_note  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.exports import figure, show_chart  # noqa: E402
from ui.memo import per_snapshot  # noqa: E402
from ui.privacy import protect, visible_table  # noqa: E402

AMBITO = principal_ambito()
WHOLE = ambito_label(AMBITO)
COMUNE_COLOUR, AMBITO_COLOUR, MEDIAN_COLOUR = "#E69F00", "#0072B2", "#999999"
MEDIANA = "Comune mediano"


@dataclass(frozen=True)
class Figure:
    """One figure of the comune as this viewer may see it, with what to compare it to."""
    key: str
    title: str           # «Accessi al Centro per le Famiglie per 1.000 abitanti»
    period: str          # «2025», «dal 2023 al 30/06/2026»
    shown: str           # the comune's figure as text («9,7», «riservato»)
    count: str | None    # the count under a rate («12 accessi»), None for a plain figure
    ambito: str          # the Ambito's figure as text
    median: str          # the median comune's figure as text
    rank: str            # «12° su 48», or why it is not given
    sentence: str
    chart: pl.DataFrame | None  # label, value (the comune's bar absent when hidden)
    decimals: int


def rank_text(row: dict | None, total: int) -> str:
    """«12° su 48»; among the comuni with a shown figure when some are hidden; never for a hidden one."""
    if row is None or row["rank"] is None:
        return "non mostrata (dato riservato)" if row and row["suppression"] else "non disponibile"
    if row["ranked"] == total:
        return f"{row['rank']}° su {total}"
    return f"{row['rank']}° su {row['ranked']} comuni con il dato mostrato ({total} in tutto)"


def hidden_text(row: dict | None) -> str:
    return suppressed_text(row["suppression"]) if row and row["suppression"] else fmt.NON_DISPONIBILE


def comparison(label: str, comune_value, ambito_value, median_value) -> pl.DataFrame:
    rows = [(label, comune_value), (WHOLE, ambito_value), (MEDIANA, median_value)]
    return pl.DataFrame({"Territorio": [r[0] for r in rows], "Valore": [r[1] for r in rows]},
                        schema={"Territorio": pl.Utf8, "Valore": pl.Float64})


def engine_value(table: pl.DataFrame, ind_id: str, period: str, territory: str = WHOLE):
    t = table.filter((pl.col("id") == ind_id) & (pl.col("period") == period) & (pl.col("territory") == territory))
    return t.row(0, named=True) if t.height else None


def latest_period(table: pl.DataFrame, ind_id: str) -> tuple[str, object] | None:
    """The latest period the Ambito has a figure for (hidden or not), with its end date; None if none:
    without it the comuni's missing rows would read as 0."""
    t = table.filter((pl.col("id") == ind_id) & (pl.col("territory") == WHOLE)
                     & (pl.col("value").is_not_null() | pl.col("suppressed"))).sort("period")
    return (t["period"][-1], t["period_end"][-1]) if t.height else None


def build(comune: str) -> list[Figure]:
    table = visible_table(snap)
    comuni = snap.frame("comuni")
    years = sorted(comuni.filter(pl.col("ambito") == AMBITO)["anno"].unique().to_list())
    if not years:
        return []
    year = years[-1]
    pops = cm.populations(comuni, AMBITO, year)
    total = pops.height
    out: list[Figure] = []

    # Residents: public, ranked by size.
    rows = cm.engine_rows(table, "territorio.popolazione_comune", str(year), WHOLE, pops, counts=False)
    b = cm.breakdown(rows, per_inhabitant=False)
    r = cm.row_of(b, comune)
    med = cm.median(b, False)
    amb = engine_value(table, "territorio.popolazione", str(year))
    if r and r["value"] is not None:
        out.append(Figure(
            "popolazione", "Abitanti", f"al 1° gennaio {year}", fmt.number(r["value"]), None,
            fmt.number(amb["value"]) if amb else fmt.NON_DISPONIBILE, fmt.number(med),
            rank_text(r, total),
            f"{comune} ha {fmt.number(r['value'])} abitanti al 1° gennaio {year}: è il {r['rank']}° comune "
            f"dell'Ambito su {r['ranked']} per numero di abitanti. Il comune a metà della classifica "
            f"(mediano) ne ha {fmt.number(med)}.", None, 0))

    # Ageing: public; 1° is the oldest.
    rows = cm.engine_rows(table, "territorio.indice_vecchiaia_comune", str(year), WHOLE, pops, counts=False)
    b = cm.breakdown(rows, per_inhabitant=False)
    r = cm.row_of(b, comune)
    med = cm.median(b, False)
    amb = engine_value(table, "territorio.indice_vecchiaia", str(year))
    amb_v = amb["value"] if amb else None
    if r and r["value"] is not None:
        out.append(Figure(
            "vecchiaia", "Indice di vecchiaia", f"al 1° gennaio {year}", fmt.number(r["value"], 1), None,
            fmt.number(amb_v, 1), fmt.number(med, 1), rank_text(r, total),
            f"A {comune} vivono {fmt.number(r['value'], 1)} anziani (65 anni e più) ogni 100 ragazzi sotto i 15 "
            f"anni; nell'Ambito {fmt.number(amb_v, 1)}. Nella classifica dell'invecchiamento (1° = il comune "
            f"più anziano) è {rank_text(r, total)}.",
            comparison(comune, r["value"], amb_v, med), 1))

    # HUG accesses by comune of residence: the Territorio page's own breakdown, protected the same way.
    hug = snap.frame("hug_accessi")
    hug_years = sorted(set(hug["data"].dt.year().drop_nulls().to_list()) & set(years)) if hug.height else []
    if hug_years:
        hy = hug_years[-1]
        frames = {n: snap.frame(n) for n in ("comuni", "hug_accessi", "pippi_famiglie")}
        per = comuni_table(frames, hy, AMBITO)
        raw_total = float(per["accessi_hug"].sum())
        hpops = cm.populations(comuni, AMBITO, hy)
        b = cm.breakdown(cm.column_rows(protect(per, ["accessi_hug"]), "accessi_hug"), per_inhabitant=True)
        out.append(rate_figure(
            "hug", "Accessi al Centro per le Famiglie per 1.000 abitanti", str(hy), comune, b, total,
            cm.ambito_rate(raw_total, hpops), "accessi", "accesso",
            lambda n, rate, amb: (f"Nel {hy} i residenti di {comune} hanno fatto {n} al Centro per le Famiglie HUG "
                                  f"(informazioni, consulenze, attività): {rate} ogni 1.000 abitanti, contro {amb} "
                                  "nell'Ambito (accessi con il comune di residenza indicato)."),
            f"Nel {hy} i residenti di {comune} hanno fatto meno di 5 accessi al Centro per le Famiglie HUG, o un "
            "numero che permetterebbe di ricavarne uno piccolo: per riservatezza non lo mostriamo, e con lui il "
            "valore per abitante e la posizione."))

    # PIPPI families included since the project began, by comune of residence.
    latest = latest_period(table, "pippi.famiglie_progetto")
    if latest:
        period, end = latest
        py = cm.population_year(years, period, end)
        ppops = cm.populations(comuni, AMBITO, py)
        b = cm.breakdown(cm.engine_rows(table, "pippi.famiglie_progetto_comune", period, WHOLE, ppops, counts=True),
                         per_inhabitant=True)
        amb = engine_value(table, "pippi.famiglie_progetto", period)
        start = period.split("-")[0]
        label = f"dal {start} al {fmt.date(end)}" if end else period
        out.append(rate_figure(
            "pippi", "Famiglie PIPPI per 1.000 abitanti", label, comune, b, total,
            cm.ambito_rate(amb["value"] if amb else None, ppops), "famiglie", "famiglia",
            lambda n, rate, amb: (f"{label[0].upper()}{label[1:]}, famiglie di {comune} accompagnate dal "
                                  f"programma PIPPI (sostegno alle famiglie con bambini): {n}, cioè {rate} ogni "
                                  f"1.000 abitanti, contro {amb} nell'Ambito."),
            f"{label[0].upper()}{label[1:]} le famiglie di {comune} accompagnate dal programma PIPPI sono meno di 5 "
            "(o il loro numero permetterebbe di ricavarne uno piccolo): per riservatezza non le mostriamo, e con "
            "loro il valore per abitante e la posizione.", decimals=2))
    return out


def rate_figure(key, title, period, comune, b, total, ambito_rate, plural, singular, said, hidden,
                decimals: int = 1) -> Figure:
    r = cm.row_of(b, comune)
    med = cm.median(b, True)
    amb = fmt.number(ambito_rate, decimals)
    if r and r["per_1000"] is not None:
        n = fmt.count(int(r["value"]), singular, plural) if r["value"] else \
            f"nessun{'a' if singular.endswith('a') else ''} {singular}"
        rate = fmt.number(r["per_1000"], decimals)
        sentence = (said(n, rate, amb) + f" È {rank_text(r, total)} tra i comuni dell'Ambito "
                    "(1° = il valore più alto).")
        return Figure(key, title, period, rate, n, amb, median_text(med, decimals), rank_text(r, total), sentence,
                      comparison(comune, r["per_1000"], ambito_rate, med), decimals)
    return Figure(key, title, period, hidden_text(r), None, amb, median_text(med, decimals), rank_text(r, total),
                  hidden, comparison(comune, None, ambito_rate, med), decimals)


def median_text(value: float | None, decimals: int) -> str:
    return "non calcolabile (dati riservati)" if value is None else fmt.number(value, decimals)


def chart_of(f: Figure, comune: str):
    data = f.chart.filter(pl.col("Valore").is_not_null())
    colours = alt.Scale(domain=[comune, WHOLE, MEDIANA], range=[COMUNE_COLOUR, AMBITO_COLOUR, MEDIAN_COLOUR])
    num = f",.{f.decimals}f"
    base = alt.Chart(data).encode(
        y=alt.Y("Territorio:N", sort=[comune, WHOLE, MEDIANA], title=None, axis=alt.Axis(labelLimit=240, labelOverlap=False)),
        x=alt.X("Valore:Q", title=f.title, axis=alt.Axis(format=num)),
        tooltip=[alt.Tooltip("Territorio:N"), alt.Tooltip("Valore:Q", format=num)])
    # No title on the layered chart: with one, Streamlit 1.67 drew the bands with no height (the three
    # labels on one line); the figure's label beside the chart says what it is. A fixed step per bar,
    # since a fixed height came out squeezed beside the text column.
    step = alt.Step(30)
    bars = base.mark_bar().encode(color=alt.Color("Territorio:N", scale=colours, legend=None)).properties(height=step)
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("Valore:Q", format=num)).properties(height=step)
    return figure(finish(bars + text))


snap = snapshot()
st.title("Il mio comune")
st.caption(f"Un comune dell'{WHOLE} accanto all'Ambito: i dati per abitante e la posizione tra i comuni")
freshness(snap)
missing_files_note(snap, "comuni", "hug_accessi", "pippi_famiglie")

names = per_snapshot(snap, ("mio_comune", "nomi"), lambda: cm.comuni_names(snap.frame("comuni"), AMBITO))
if not names:
    st.stop()
scelta = st.selectbox("Comune", names, index=None, placeholder="Scegli il comune", key="mio_comune_scelta")
if scelta is None:
    st.info(f"Scegli un comune dall'elenco: i {len(names)} comuni dell'Ambito, in ordine alfabetico.")
    st.stop()

figures = per_snapshot(snap, ("mio_comune", scelta), lambda: build(scelta))
st.subheader(scelta)
for f in figures:
    left, right = st.columns([2, 3])
    with left:
        st.metric(f"{f.title} · {f.period}", f.shown)
        st.markdown(f.sentence)
        st.caption(f"Ambito: {f.ambito} · comune mediano: {f.median} · posizione: {f.rank}")
    with right:
        if f.chart is not None:
            show_chart(chart_of(f, scelta), f"{scelta} {f.title} {f.period}", table=False, key=f"mio_comune_{f.key}")
    st.divider()

spesa = per_snapshot(snap, ("mio_comune", "spesa"), lambda: latest_period(visible_table(snap), "risorse.spesa_pro_capite"))
if spesa:
    row = engine_value(visible_table(snap), "risorse.spesa_pro_capite", spesa[0])
    st.markdown(f"**Spesa sociale per abitante.** I dati della spesa sociale dei comuni (Datawarehouse di Regione "
                f"Lombardia) sono dell'Ambito nel suo insieme, non dei singoli comuni: nel {spesa[0]} "
                f"{fmt.by_unit(row['value'] if row else None, 'euro_per_abitante')} per abitante"
                + (" (dato precedente al Piano di Zona 2021-2023)." if spesa[0] < "2021" else "."))
st.caption("Per 1.000 abitanti: il numero diviso per i residenti del comune al 1° gennaio, moltiplicato per 1.000. "
           "Il comune mediano è quello a metà della classifica dei comuni con il dato mostrato. «< 5» e «riservato»: "
           "dati non mostrati per riservatezza; con loro non si mostrano il valore per abitante né la posizione.")
