"""Centro per le Famiglie HUG: accesses, opening hours, partners' budget, coordination table, ATS report."""

from ui.shell import ensure_shell

ensure_shell()

import altair as alt  # noqa: E402
import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from access.roles import COORDINATORE  # noqa: E402
from access.suppression import suppressed_text  # noqa: E402
from indicators import format as fmt  # noqa: E402
from indicators.config import ambito_label, principal_ambito  # noqa: E402
from indicators.defs.hug import (PUNTI_IT, RIUNIONI_MIN_SEMESTRE, TIPI_IT, budget_vs_protocol,  # noqa: E402
                                 longest_gap_days, monthly_accesses, semestral_summary)
from indicators.defs.hug import TOTALE_HUG  # noqa: E402
from access.tables import protect_semestral_summary  # noqa: E402
from data_loaders.export import to_excel_csv  # noqa: E402
from ui.charts import category_scale, count_axis, finish, number_format, trend  # noqa: E402
from ui.components import display_table, format_columns, freshness, missing_files_note, partial_caption, provenance  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.memo import per_snapshot  # noqa: E402
from ui.exports import figure, show_chart, show_table, table as shown_table  # noqa: E402
from ui.privacy import count_text, protect, visible_table  # noqa: E402
from ui.session import current_role  # noqa: E402

WHOLE = ambito_label(principal_ambito())
PREFIX = WHOLE + " / "
PUNTI_COLORI = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"]

snap = snapshot()
# What the sections draw depends only on the data, the viewer and the two widgets: each is made
# once per choice (ui.memo), so a click only sends it again.
table = per_snapshot(snap, ("hug",), lambda: visible_table(snap).filter(pl.col("area") == "hug"))
st.title("Centro per le Famiglie – HUG")
st.caption("Un hub (Piazza Giovanni XXIII, martedì 10-12 e giovedì 16-18) e tre spoke: Polo infanzia "
           "Hack-Montalcini; Azienda Sociale del Cremonese (lunedì 8-10, con il punto decentrato all'IC Bertesi "
           "di Soresina); Civico 81 per la conciliazione. Cinque partner, protocollo operativo HUG.")
freshness(snap)
missing_files_note(snap, "hug_accessi", "hug_orari", "hug_budget", "hug_riunioni")


def rows(ind_id: str, territory: str | None = WHOLE) -> pl.DataFrame:
    t = table.filter(pl.col("id") == ind_id)
    return t.filter(pl.col("territory") == territory) if territory else t


def last(ind_id: str) -> dict | None:
    t = rows(ind_id).filter(pl.col("value").is_not_null() | pl.col("suppressed"))
    return t.sort("period").row(-1, named=True) if t.height else None


def shown_count(r: dict | None) -> str:
    if r is None:
        return "n.d."
    return suppressed_text(r.get("suppression"), r["unit"]) if r.get("suppressed") else fmt.number(r["value"])


acc, fam, meet, budget = per_snapshot(snap, ("hug", "cifre"), lambda: (
    last("hug.accessi_semestre"), last("hug.famiglie_raggiunte"), last("hug.riunioni_tavolo"), last("hug.budget_speso")))
c = st.columns(4)
in_corso = " (in corso)" if acc and acc["provisional"] else ""
c[0].metric(f"Accessi {acc['period'] if acc else ''}{in_corso}".strip(), shown_count(acc),
            help="Semestre più recente; provvisorio se non ancora concluso" if acc else None)
st.caption("Il protocollo chiede di registrare gli accessi, non di aumentarli: il target «aumento rispetto "
           "all'anno base» degli accessi è *proposto dal cruscotto*, non scritto nei documenti.")
c[1].metric(f"Famiglie {fam['period'] if fam else ''}{in_corso}".strip(), shown_count(fam),
            help="Codici famiglia distinti con almeno un accesso nel semestre")
c[2].metric(f"Riunioni del Tavolo {meet['period'] if meet else ''}".strip(),
            fmt.number(meet["value"]) if meet else "n.d.", help=f"Almeno {RIUNIONI_MIN_SEMESTRE} nel semestre")
c[3].metric("Budget speso sul previsto", fmt.percent(budget["value"]) if budget else "n.d.",
            help=(f"{fmt.euro(budget['numerator'], 2)} su {fmt.euro(budget['denominator'], 2)}" if budget else None))
partial_caption(acc, fam, meet, budget)

# ── Accesses by month, point and kind ─────────────────────────────────────────────────
st.subheader("Accessi per mese e tipo di prestazione")
accessi = snap.frame("hug_accessi")
if accessi.height:
    choice = st.selectbox("Punto di accesso", ["Tutti i punti", *PUNTI_IT.values()], key="hug_punto")

    def monthly_view():
        """The chart of one point (or all), its data and its table as this viewer may see them."""
        monthly = monthly_accesses(accessi)
        if choice != "Tutti i punti":
            code = next(k for k, v in PUNTI_IT.items() if v == choice)
            monthly = monthly.filter(pl.col("punto_accesso") == code)
        # Protected as a month x kind cross-tab: a stacked bar shows each month's total, and the
        # kinds' totals are published, so both margins count for the secondary suppression.
        wide = (monthly.group_by("mese", "tipo").agg(pl.col("accessi").sum())
                .pivot(on="tipo", index="mese", values="accessi").fill_null(0).sort("mese"))
        kinds = [k for k in TIPI_IT if k in wide.columns]
        wide = protect(wide, kinds)

        def long(suffix: str, name: str) -> pl.DataFrame:
            return (wide.unpivot(index="mese", on=[k + suffix for k in kinds], variable_name="tipo", value_name=name)
                    .with_columns(pl.col("tipo").str.slice(0, pl.col("tipo").str.len_chars() - len(suffix))))

        by_kind = (long("", "accessi").join(long("_soppresso", "accessi_soppresso"), on=["mese", "tipo"])
                   .join(long("_soppressione", "accessi_soppressione"), on=["mese", "tipo"])
                   .with_columns(pl.col("tipo").replace_strict(TIPI_IT).alias("Tipo")).sort("mese", "tipo"))
        chart = alt.Chart(by_kind.select("mese", "Tipo", "accessi")).mark_bar().encode(
            x=alt.X("yearmonth(mese):T", title="Mese", axis=alt.Axis(format="%b %Y")),
            y=alt.Y("accessi:Q", title="Accessi", axis=count_axis()),
            color=alt.Color("Tipo:N", title="Tipo", sort=list(TIPI_IT.values()),
                            scale=category_scale(list(TIPI_IT.values()))),
            tooltip=[alt.Tooltip("yearmonth(mese):T", title="Mese", format="%B %Y"), "Tipo:N",
                     alt.Tooltip("accessi:Q", title="Accessi")],
        ).properties(height=300)
        shown = by_kind.with_columns(pl.col("mese").dt.strftime("%m/%Y").alias("Mese"))
        shown = count_text(shown, ["accessi"]).pivot(on="Tipo", index="Mese", values="accessi")
        return figure(finish(chart)), by_kind, shown_table(shown)

    chart, by_kind, by_month = per_snapshot(snap, ("hug", "mensile", choice), monthly_view)
    show_chart(chart, f"HUG accessi per mese e tipo {choice}", table=False,
               data=lambda: count_text(by_kind, ["accessi"]).select(
                   pl.col("mese").dt.strftime("%m/%Y").alias("Mese"), "Tipo", pl.col("accessi").alias("Accessi")))
    st.caption(provenance("hug.accessi_semestre", accessi.height))
    with st.expander("Tabella: accessi per mese e tipo"):
        show_table(by_month, f"HUG accessi per mese e tipo {choice} tabella")

# ── Points and opening hours ──────────────────────────────────────────────────────────
st.subheader("Accessi per punto e per ora di apertura")


def hours_view():
    """The accesses-per-hour chart and its data (None without data)."""
    per_hour = rows("hug.accessi_per_ora", None).filter(pl.col("territory").str.starts_with(PREFIX))
    if not per_hour.height:
        return None, None
    data = per_hour.select(pl.col("territory").str.strip_prefix(PREFIX).alias("Punto"),
                           pl.col("period").alias("Semestre"), pl.col("value").alias("Accessi per ora"),
                           pl.col("numerator").alias("Accessi"), pl.col("denominator").alias("Ore di apertura"))
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("Semestre:N", axis=alt.Axis(labelAngle=0)), y=alt.Y("Accessi per ora:Q", axis=alt.Axis(format=",.1f")),
        color=alt.Color("Punto:N", scale=alt.Scale(domain=list(PUNTI_IT.values()), range=PUNTI_COLORI),
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=320)),
        tooltip=["Punto:N", "Semestre:N", alt.Tooltip("Accessi per ora:Q", format=",.2f"),
                 alt.Tooltip("Accessi:Q", format=",.0f"), alt.Tooltip("Ore di apertura:Q", format=",.0f")],
    ).properties(height=400)
    return figure(finish(chart)), data


chart, data = per_snapshot(snap, ("hug", "per_ora"), hours_view)
if chart is not None:
    show_chart(chart, "HUG accessi per punto e ora di apertura", data)
    st.caption(provenance("hug.accessi_per_ora"))
orari = snap.frame("hug_orari")
if orari.height:
    with st.expander("Orari di apertura dichiarati"):
        show_table(per_snapshot(snap, ("hug", "orari"), lambda: shown_table(orari.select(
            pl.col("punto_accesso").replace_strict(PUNTI_IT, default=pl.col("punto_accesso")).alias("Punto"),
            pl.col("giorno").alias("Giorno"), pl.format("{}–{}", "dalle", "alle").alias("Orario"),
            pl.col("valido_dal").dt.strftime("%d/%m/%Y").alias("Dal"),
            pl.col("valido_al").dt.strftime("%d/%m/%Y").fill_null("in vigore").alias("Al"),
            pl.col("fonte").alias("Fonte")))), "HUG orari di apertura")

fam_rows = rows("hug.famiglie_raggiunte")
if fam_rows.height:
    st.subheader("Famiglie raggiunte per semestre")
    fdata = fam_rows.select(pl.col("period").alias("Semestre"), pl.col("value").alias("Famiglie"))

    def families_chart():
        chart = alt.Chart(fdata).mark_bar(color="#0072B2").encode(
            x=alt.X("Semestre:N", axis=alt.Axis(labelAngle=0)), y=alt.Y("Famiglie:Q", axis=count_axis()),
            tooltip=["Semestre:N", alt.Tooltip("Famiglie:Q", format=",.0f")]).properties(height=220)
        return figure(finish(chart + chart.mark_text(dy=-8).encode(text=alt.Text("Famiglie:Q", format=",.0f"))))

    show_chart(per_snapshot(snap, ("hug", "famiglie"), families_chart),
               "HUG famiglie raggiunte per semestre", lambda: display_table(fam_rows))
    st.caption(provenance("hug.famiglie_raggiunte") + " · gli accessi senza codice famiglia non contano come famiglie")

# ── Budget ────────────────────────────────────────────────────────────────────────────
st.subheader("Budget dei partner: previsto e speso")
b = snap.frame("hug_budget")


def budget_view():
    """The partners' chart, the table by partner and share, the totals and the mismatches with the protocol."""
    bdata = b.group_by("partner").agg(pl.col("previsto_eur").sum().alias("Previsto"),
                                      pl.col("speso_eur").fill_null(0).sum().alias("Speso")).sort(
        # Partners with the same budget by name: group_by's order differs from run to run.
        "Previsto", "partner", descending=[True, False])
    long = bdata.unpivot(index="partner", variable_name="Voce", value_name="Euro")
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("partner:N", title=None, sort=bdata["partner"].to_list(), axis=alt.Axis(labelLimit=260)),
        x=alt.X("Euro:Q", axis=alt.Axis(format=number_format("euro"))),
        yOffset="Voce:N",
        color=alt.Color("Voce:N", scale=alt.Scale(domain=["Previsto", "Speso"], range=["#BBBBBB", "#0072B2"])),
        tooltip=["partner:N", "Voce:N", alt.Tooltip("Euro:Q", format="$,.2f")],
    ).properties(height=260)
    shares = format_columns(b.select(
        pl.col("partner").alias("Partner"), pl.col("tipo").alias("Quota"),
        pl.col("previsto_eur").alias("Previsto"), pl.col("speso_eur").alias("Speso")),
        {"Previsto": (fmt.euro, 2), "Speso": (fmt.euro, 2)})
    totals = b.group_by("tipo").agg(pl.col("previsto_eur").sum()).sort("tipo", descending=True)
    wrong = budget_vs_protocol(b)
    warning = ("**Nota sulla qualità dei dati.** Il previsto caricato non torna con i totali del protocollo (art. 6): "
               + "; ".join(f"{t}: protocollo {fmt.euro(d)}, righe {fmt.euro(s)} (differenza {fmt.signed(x)} euro)"
                           for t, d, s, x in wrong.select("tipo", "dichiarato", "somma_righe", "differenza").rows())
               if wrong.height else None)
    return figure(finish(chart)), shown_table(shares), totals.rows(), warning


if b.height:
    chart, shares, totals, warning = per_snapshot(snap, ("hug", "budget"), budget_view)
    show_chart(chart, "HUG budget dei partner", table=False)
    st.caption(provenance("hug.budget_speso_partner"))
    with st.expander("Tabella: budget per partner e quota"):
        show_table(shares, "HUG budget per partner e quota")
        st.caption("Totale previsto: " + " · ".join(f"{t} {fmt.euro(v)}" for t, v in totals)
                   + " (protocollo: finanziamento € 70.000, cofinanziamento € 30.000)")
    if warning:
        st.warning(warning)

# ── Coordination table ────────────────────────────────────────────────────────────────
st.subheader("Tavolo di Coordinamento: riunioni per semestre")
meetings = per_snapshot(snap, ("hug", "riunioni"), lambda: rows("hug.riunioni_tavolo"))
if meetings.filter(pl.col("value").is_not_null()).height:
    chart, gaps = per_snapshot(snap, ("hug", "riunioni", "grafico"), lambda: (
        figure(finish(trend(meetings, "numero"))), longest_gap_days(snap.frame("hug_riunioni")).rows()))
    show_chart(chart, "HUG riunioni del Tavolo", lambda: display_table(meetings))
    st.caption(provenance("hug.riunioni_tavolo") + " · intervallo più lungo tra due riunioni: "
               + ", ".join(f"{p} {fmt.number(g)} giorni" for p, g in gaps))
    st.info("Il protocollo chiede riunioni «a cadenza almeno bimensile». Il cruscotto la legge come una riunione "
            f"almeno ogni due mesi, cioè almeno {RIUNIONI_MIN_SEMESTRE} per semestre; in senso stretto «bimensile» "
            "vuol dire due volte al mese (12 per semestre): il Tavolo confermi la lettura.")

# ── Semestral report to ATS ───────────────────────────────────────────────────────────
st.subheader("Rendicontazione semestrale ad ATS")
LABELS = {"semestre": "Semestre", "punto": "Punto", "accessi": "Accessi", **TIPI_IT, "famiglie": "Famiglie",
          "ore_apertura": "Ore di apertura", "accessi_per_ora": "Accessi per ora"}


def semestral_view() -> pl.DataFrame:
    """The semestral summary, every semester, as this viewer may see it, with the columns' labels."""
    summary = semestral_summary({n: snap.frame(n) for n in ("hug_accessi", "hug_orari")})
    if not summary.height:
        return summary
    counts = ["accessi", *TIPI_IT, "famiglie"]
    visible = protect_semestral_summary(summary, list(TIPI_IT), current_role(), TOTALE_HUG)
    return format_columns(count_text(visible, counts),
                          {"ore_apertura": (fmt.number,), "accessi_per_ora": (fmt.number, 2)}).rename(LABELS)


shown = per_snapshot(snap, ("hug", "ats"), semestral_view)
if shown.height:
    semesters = per_snapshot(snap, ("hug", "ats", "semestri"),
                             lambda: shown["Semestre"].unique().sort(descending=True).to_list())
    sem = st.selectbox("Semestre", semesters, key="hug_semestre")
    show_table(per_snapshot(snap, ("hug", "ats", sem), lambda: shown_table(shown.filter(pl.col("Semestre") == sem))),
               f"HUG rendicontazione ATS {sem}")
    m = meetings.filter(pl.col("period") == sem)
    if m.height:
        st.caption(f"Riunioni del Tavolo nel semestre: {fmt.number(m['value'][0])} ({m['note'][0] or ''}). "
                   "Le famiglie del totale sono distinte: una famiglia che usa più punti conta una volta.")
    st.download_button("Scarica la rendicontazione (CSV, tutti i semestri)", lambda: to_excel_csv(shown),
                       file_name="hug_rendicontazione_semestrale.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:")

with st.expander("Tutti gli indicatori del Centro per le Famiglie"):
    show_table(per_snapshot(snap, ("hug", "indicatori"), lambda: shown_table(display_table(table))), "HUG indicatori")
