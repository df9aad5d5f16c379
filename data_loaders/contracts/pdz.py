"""Observations of the Piano di Zona indicators, in long format."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, Field

from data_loaders.spec import DatasetSpec

PERIOD_PATTERN = r"^\d{4}(-S[12])?$"


class OsservazionePdz(BaseModel):
    indicatore: str = Field(description="Codice dell'indicatore come nel catalogo (es. 1.1.out.1)", examples=["1.1.out.1"], min_length=1)
    periodo: str = Field(description="Anno (2023) o semestre (2023-S1)", examples=["2023-S1"], pattern=PERIOD_PATTERN)
    territorio: str = Field(description="«Ambito» per il dato complessivo, oppure il nome del comune o del sub-ambito", examples=["Ambito"], min_length=1)
    valore: float = Field(description="Valore osservato nel periodo (conteggio, percentuale o importo secondo l'unità dell'indicatore)", examples=["12"])
    numeratore: Optional[float] = Field(None, description="Per le percentuali: il numeratore", examples=["6"], ge=0)
    denominatore: Optional[float] = Field(None, description="Per le percentuali: il denominatore", examples=["10"], ge=0)
    fonte: str = Field(description="Da dove viene il dato (ufficio, registro, verbale)", examples=["Ufficio di Piano - registro enti"], min_length=1)
    note: Optional[str] = Field(None, description="Note libere", examples=["dato provvisorio"])


DATASETS = [
    DatasetSpec(
        name="osservazioni_pdz",
        filename="osservazioni_pdz.csv",
        title="Osservazioni degli indicatori del Piano di Zona",
        description="Una riga per indicatore, periodo e territorio: il valore misurato. I codici degli "
                    "indicatori sono quelli del catalogo (pagina «Piano di Zona»).",
        model=OsservazionePdz,
        key=("indicatore", "periodo", "territorio"),
    ),
]
