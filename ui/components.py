"""Widgets every page shares: status labels, the indicator table, provenance and freshness notes."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import polars as pl
import streamlit as st

from access.suppression import STATUS_WITHHELD, suppressed_label, suppressed_text  # noqa: F401
from indicators import format as fmt
from indicators.engine import partial_notes, partial_parts
from indicators.registry import BY_ID
from indicators.status import STATUS_ICONS, STATUS_IT
from ui.data import Snapshot


def status_label(status: str) -> str:
    return f"{STATUS_ICONS[status]} {STATUS_IT[status]}"


def display_table(rows: pl.DataFrame) -> pl.DataFrame:
    """Engine rows -> Italian, formatted text columns for st.dataframe."""
    out = []
    for r in rows.iter_rows(named=True):
        ind = BY_ID.get(r["id"])
        decimals = ind.decimals if ind else 0
        target_text = ind.target.describe() if ind and ind.target else "—"
        if ind and ind.target and ind.target.value is not None:
            target_text = fmt.by_unit(r["target"], r["unit"], decimals)
        out.append({
            "Codice": r["id"], "Indicatore": r["name"], "Periodo": r["period"], "Territorio": r["territory"],
            "Valore": (suppressed_text(r.get("suppression"), r["unit"]) if r.get("suppressed") else fmt.by_unit(r["value"], r["unit"], decimals)),
            "Target": target_text,
            "Scarto": fmt.signed(r["gap"], max(decimals, 1 if r["unit"] == "percentuale" else 0)),
            "Stato": STATUS_WITHHELD if r.get("status_withheld") else status_label(r["status"]),
            "Numeratore / denominatore": (f"{fmt.number(r['numerator'])} / {fmt.number(r['denominator'])}"
                                          if r["denominator"] is not None else ""),
            "Provvisorio": "sì" if r["provisional"] else "",
            # The engine's note: small N, documents' inconsistencies, «dati parziali: N righe escluse».
            "Nota": r.get("note") or "",
        })
    return pl.DataFrame(out) if out else pl.DataFrame()


def freshness(snap: Snapshot) -> None:
    # What the data cover and their version, read from the contents (the PDF says the same), then
    # the load date of the newest dataset (its recorded version), not the time the page was computed.
    text = snap.version_text
    st.caption(f"{text[0].upper()}{text[1:]} · caricati il {fmt.date(snap.updated_at)}")


def missing_files_note(snap: Snapshot, *datasets: str) -> None:
    """What the page's files lack: missing or empty files, and files accepted with rows refused."""
    missing = snap.missing(*datasets)
    if missing:
        st.info("Mancano o sono vuoti i file: " + ", ".join(missing)
                + ". I relativi indicatori risultano «senza dati».")
    partial = partial_notes({n: snap.results[n] for n in datasets if n in snap.results})
    if partial:
        text = "; ".join(partial.values())
        st.warning(f"{text[0].upper()}{text[1:]}. Le righe con errori non sono conteggiate: le cifre che vengono "
                   "da questi file lo dicono nella loro nota; il coordinamento ne ha l'elenco nella pagina "
                   "«Qualità dei dati».", icon=":material/warning:")


def partial_caption(*rows: Mapping | None) -> None:
    """Under a row of headline figures: «Dati parziali: …» of their engine rows' notes, each file once."""
    parts = list(dict.fromkeys(p for r in rows if r for p in partial_parts(r.get("note"))))
    if parts:
        text = "; ".join(parts)
        st.caption(f"{text[0].upper()}{text[1:]}: le righe con errori non sono conteggiate in queste cifre.")


def provenance(indicator_id: str, rows: int | None = None) -> str:
    ind = BY_ID[indicator_id]
    used = f" · righe usate: {fmt.number(rows)}" if rows is not None else ""
    return f"Fonte: {', '.join(ind.sources)} · formula: {ind.formula}{used}" + _versions_note(ind.sources)


def _versions_note(sources: tuple[str, ...]) -> str:
    """' · dati: comuni.csv, versione 3 del 23/11/2026 da …': which version of which file, loaded when."""
    from ui.data import snapshot  # the cached snapshot the page has already loaded

    snap = snapshot()
    notes = [snap.source_note(s) for s in sources if s in snap.results]
    return f" · dati: {'; '.join(notes)}" if notes else ""


@functools.lru_cache(maxsize=None)
def _formatter(fn, decimals: int | None):
    return fn if decimals is None else functools.partial(fn, decimals=decimals)


def format_columns(df: pl.DataFrame, specs: dict[str, tuple]) -> pl.DataFrame:
    """``df`` with each column named in ``specs`` as Italian text: ``{"Previsto": (fmt.euro, 2)}`` or
    ``{"Abitanti": (fmt.number,)}``; a null stays null.

    The text is made in Python on the calling thread, never by ``map_elements``: a Python function run
    inside polars' thread pool needs the GIL, and with many sessions at once a thread converting a
    frame for ``st.dataframe`` held the GIL while waiting for that pool, whose threads waited for the
    GIL: the whole server stopped (seen with 25 concurrent sessions, python -m benchmarks --carico).
    """
    out = []
    for col, (fn, *decimals) in specs.items():
        f = _formatter(fn, decimals[0] if decimals else None)
        out.append(pl.Series(col, [None if v is None else f(v) for v in df[col].to_list()], dtype=pl.Utf8))
    return df.with_columns(out)
