"""Pieces of the upload and data-quality pages: version tables, the report, template and dictionary.

The tables are built by plain functions (tested directly); the few ``render_*`` functions only
draw them.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from data_loaders.dictionary import dataset_section, template_csv
from data_loaders.intake import UploadReport
from data_loaders.spec import DatasetSpec
from data_loaders.versions import ACTION_IT, Version
from indicators import format as fmt

OUTCOME_IT = {
    "rifiutato": "Il file non può essere caricato: i dati in uso non sono cambiati.",
    "da_confermare": "Il file ha righe con errori: si può caricare solo confermando che quelle righe "
                     "non saranno conteggiate.",
    "valido": "Il file è valido e si può salvare come nuova versione.",
}


def when_text(v: Version) -> str:
    """'23/11/2026 18:28' in the server's time zone."""
    return f"{fmt.date(v.when)} {v.when.strftime('%H:%M')}"


def version_line(v: Version | None, filename: str) -> str:
    """One sentence about the version in use, for the page header."""
    if v is None:
        return (f"In uso: il file {filename} presente nella cartella dei dati, non ancora registrato come "
                "versione (lo sarà al primo caricamento, così si potrà sempre ripristinarlo).")
    who = f", da {v.caricato_da}" if v.caricato_da else ""
    return (f"In uso: versione {v.numero} del {when_text(v)}{who} (file «{v.file_originale}», "
            f"{fmt.count(v.righe_valide, 'riga valida', 'righe valide')}, "
            f"{fmt.count(v.righe_scartate, 'scartata', 'scartate')}).")


def versions_table(versions: list[Version], current: Version | None) -> pl.DataFrame:
    """Every version, newest first, in Italian: number, when, who, file, rows, action, hash, in use."""
    rows = [{
        "Versione": v.numero,
        "Caricata il": when_text(v),
        "Da": v.caricato_da or "—",
        "File originale": v.file_originale,
        "Righe valide": v.righe_valide,
        "Righe scartate": v.righe_scartate,
        "Operazione": ACTION_IT.get(v.azione, v.azione) + (f" ({v.note})" if v.note and v.azione != "trovata" else ""),
        "Impronta (SHA-256)": v.sha256[:12],
        "In uso": "sì" if current is not None and v.numero == current.numero else "",
    } for v in reversed(versions)]
    return pl.DataFrame(rows) if rows else pl.DataFrame()


def render_report(report: UploadReport) -> None:
    """Counts, the outcome in words, the problems table and its download."""
    c1, c2, c3 = st.columns(3)
    c1.metric("Righe lette", fmt.number(report.rows_read))
    c2.metric("Righe valide", fmt.number(report.rows_good))
    c3.metric("Righe con errori", fmt.number(report.rows_bad))
    {"rifiutato": st.error, "da_confermare": st.warning, "valido": st.success}[report.outcome](
        OUTCOME_IT[report.outcome])
    if report.problems:
        st.markdown(f"**Problemi trovati: {fmt.number(len(report.problems))}** "
                    "(la riga è quella che si vede nel foglio di calcolo; la riga 1 è l'intestazione)")
        table = report.table()
        st.dataframe(table.with_columns(pl.col("Riga").cast(pl.Utf8).fill_null("intero file")),
                     hide_index=True, width="stretch")
        st.download_button("Scarica il rapporto di verifica (CSV per Excel)", report.table_csv(),
                           file_name=f"verifica_{report.dataset}.csv", mime="text/csv",
                           icon=":material/download:", key=f"rapporto_{report.dataset}")


def template_bytes(spec: DatasetSpec) -> bytes:
    """The dataset's template (header + one example row) as Italian Excel saves it (UTF-8 with BOM)."""
    return template_csv(spec).encode("utf-8-sig")


def render_template_and_dictionary(spec: DatasetSpec, key: str) -> None:
    st.download_button(f"Scarica il modello di {spec.filename} (intestazione e una riga di esempio)",
                       template_bytes(spec), file_name=f"modello_{spec.filename}", mime="text/csv",
                       icon=":material/table_view:", key=f"modello_{key}_{spec.name}")
    # The dictionary section starts with its own "## file — title" heading: one level down here.
    st.markdown(dataset_section(spec).replace("## ", "#### ", 1))
