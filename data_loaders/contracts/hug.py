"""Centro per le Famiglie HUG: accesses at the hub and spokes, opening hours, the partners' budget
and the coordination table's meetings (seeds/000, protocollo operativo)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

import polars as pl
from pydantic import BaseModel, Field

from data_loaders import problems as P
from data_loaders.contracts._fields import ANNI_DATI, DEI_DATI, euro_field, istat_field, pseudonym_field
from data_loaders.contracts._plausibility import date_not_after_reference, date_within
from data_loaders.spec import DatasetSpec, RowCheck

PUNTI_ACCESSO = ("hub", "spoke1_hack_montalcini", "spoke2_asc", "spoke2_soresina", "spoke3_civico81")
TIPI_ACCESSO = ("informazione", "orientamento", "consulenza", "gruppo_padri", "conciliazione")
GIORNI = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato")
ORA_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"


class AccessoHug(BaseModel):
    data: dt.date = Field(description="Data dell'accesso (gg/mm/aaaa)", examples=["14/02/2025"])
    punto_accesso: Literal[PUNTI_ACCESSO] = Field(description="Punto di accesso: hub o spoke", examples=["hub"])
    tipo: Literal[TIPI_ACCESSO] = Field(description="Tipo di prestazione", examples=["informazione"])
    codice_famiglia: Optional[str] = pseudonym_field("Codice pseudonimo della famiglia, se registrata", "HUG-0001")
    codice_istat_comune: Optional[str] = istat_field("Codice ISTAT del comune di residenza, se noto")


class OrarioHug(BaseModel):
    punto_accesso: Literal[PUNTI_ACCESSO] = Field(description="Punto di accesso", examples=["hub"])
    giorno: Literal[GIORNI] = Field(description="Giorno della settimana di apertura", examples=["martedì"])
    dalle: str = Field(description="Ora di apertura (hh:mm)", examples=["10:00"], pattern=ORA_PATTERN)
    alle: str = Field(description="Ora di chiusura (hh:mm)", examples=["12:00"], pattern=ORA_PATTERN)
    valido_dal: dt.date = Field(description="Primo giorno in cui vale l'orario", examples=["02/09/2024"])
    valido_al: Optional[dt.date] = Field(None, description="Ultimo giorno in cui vale l'orario (vuoto: ancora in vigore)",
                                         examples=[""])
    fonte: str = Field(description="Da dove viene l'orario", examples=["Protocollo operativo HUG, art. 5"], min_length=1)


class VoceBudgetHug(BaseModel):
    partner: str = Field(description="Ente partner del protocollo", examples=["COMUNE DI CREMONA"], min_length=1)
    tipo: Literal["finanziamento", "cofinanziamento"] = Field(description="Quota di finanziamento o di cofinanziamento", examples=["finanziamento"])
    previsto_eur: float = euro_field("Importo previsto dal protocollo", "2.000,00")
    speso_eur: Optional[float] = euro_field("Importo speso e rendicontato a oggi", "1.500,00")


class RiunioneTavolo(BaseModel):
    data: dt.date = Field(description="Data della riunione del Tavolo di Coordinamento", examples=["15/01/2025"])
    verbale: bool = Field(description="Verbale strutturato redatto (sì/no)", examples=["sì"])
    enti_presenti: Optional[int] = Field(None, description="Enti partner presenti (su 5)", examples=[5], ge=0, le=5)
    note: Optional[str] = Field(None, description="Annotazioni", examples=["regolamento interno approvato"])


_ORARI_CHECKS = (
    RowCheck(P.RIGA_INCOERENTE, "L'ora di chiusura non è successiva all'ora di apertura.", "alle",
             lambda _as_of: pl.col("alle") > pl.col("dalle")),
    RowCheck(P.RIGA_INCOERENTE, "La fine di validità precede l'inizio.", "valido_al",
             lambda _as_of: pl.col("valido_al") >= pl.col("valido_dal")),
    date_within("valido_dal", ANNI_DATI, DEI_DATI),
    date_within("valido_al", ANNI_DATI, DEI_DATI),
)

DATASETS = [
    DatasetSpec(
        name="hug_accessi",
        filename="hug_accessi.csv",
        title="Centro per le Famiglie HUG - accessi",
        description="Una riga per accesso registrato all'hub o a uno spoke (registro comune degli accessi).",
        model=AccessoHug,
        checks=(date_within("data", ANNI_DATI, DEI_DATI), date_not_after_reference("data", "la data dell'accesso")),
        record_level=True,
        cadence="mensile",
    ),
    DatasetSpec(
        name="hug_orari",
        filename="hug_orari.csv",
        title="Centro per le Famiglie HUG - orari di apertura",
        description="Una riga per punto di accesso, giorno e fascia oraria, con il periodo di validità: "
                    "servono per gli accessi per ora di apertura. Il protocollo fissa hub (martedì 10-12, "
                    "giovedì 16-18) e spoke 2 (lunedì 8-10).",
        model=OrarioHug,
        key=("punto_accesso", "giorno", "dalle", "valido_dal"),
        checks=_ORARI_CHECKS,
        cadence="quando cambia",
    ),
    DatasetSpec(
        name="hug_budget",
        filename="hug_budget.csv",
        title="Centro per le Famiglie HUG - budget dei partner",
        description="Una riga per partner e quota (finanziamento 70.000 euro, cofinanziamento 30.000 euro): "
                    "previsto e speso.",
        model=VoceBudgetHug,
        key=("partner", "tipo"),
    ),
    DatasetSpec(
        name="hug_riunioni",
        filename="hug_riunioni.csv",
        title="Centro per le Famiglie HUG - riunioni del Tavolo di Coordinamento",
        description="Una riga per riunione del Tavolo di Coordinamento (il protocollo chiede riunioni "
                    "«a cadenza almeno bimensile», con verbali strutturati).",
        model=RiunioneTavolo,
        key=("data",),
        checks=(date_within("data", ANNI_DATI, DEI_DATI), date_not_after_reference("data", "la data della riunione")),
        cadence="semestrale",
    ),
]
