"""Centro per le Famiglie HUG: accesses at the hub and spokes, and the partners' budget."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, Field

from data_loaders.contracts._fields import euro_field, istat_field, pseudonym_field
from data_loaders.spec import DatasetSpec

PUNTI_ACCESSO = ("hub", "spoke1_hack_montalcini", "spoke2_asc", "spoke2_soresina", "spoke3_civico81")
TIPI_ACCESSO = ("informazione", "orientamento", "consulenza", "gruppo_padri", "conciliazione")


class AccessoHug(BaseModel):
    data: dt.date = Field(description="Data dell'accesso (gg/mm/aaaa)", examples=["14/02/2023"])
    punto_accesso: Literal[PUNTI_ACCESSO] = Field(description="Punto di accesso: hub o spoke", examples=["hub"])
    tipo: Literal[TIPI_ACCESSO] = Field(description="Tipo di prestazione", examples=["informazione"])
    codice_famiglia: Optional[str] = pseudonym_field("Codice pseudonimo della famiglia, se registrata", "HUG-0001")
    codice_istat_comune: Optional[str] = istat_field("Codice ISTAT del comune di residenza, se noto")


class VoceBudgetHug(BaseModel):
    partner: str = Field(description="Ente partner del protocollo", examples=["COMUNE DI CREMONA"], min_length=1)
    tipo: Literal["finanziamento", "cofinanziamento"] = Field(description="Quota di finanziamento o di cofinanziamento", examples=["finanziamento"])
    previsto_eur: float = euro_field("Importo previsto dal protocollo", "2.000,00")
    speso_eur: Optional[float] = euro_field("Importo speso e rendicontato a oggi", "1.500,00")


DATASETS = [
    DatasetSpec(
        name="hug_accessi",
        filename="hug_accessi.csv",
        title="Centro per le Famiglie HUG - accessi",
        description="Una riga per accesso registrato all'hub o a uno spoke (registro comune degli accessi).",
        model=AccessoHug,
        record_level=True,
        cadence="mensile",
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
]
