"""Field declarations shared by several contracts (one spelling, one description)."""

from __future__ import annotations

from pydantic import Field

ISTAT_PATTERN = r"^\d{6}$"
# Pseudonymous codes only: letters, digits and dashes, no spaces, so a name cannot fit.
PSEUDONYM_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{2,23}$"
# The years any figure of the dashboard can be about: a year or date outside them is a typing slip.
ANNI_DATI = (2000, 2100)
DEI_DATI = "dei dati del cruscotto"


def ambito_field():
    return Field(description="Ambito territoriale a cui si riferisce la riga", examples=["Cremonese"])


def istat_field(description: str = "Codice ISTAT del comune (6 cifre, con lo zero iniziale)"):
    return Field(description=description, examples=["019036"], pattern=ISTAT_PATTERN,
                 json_schema_extra={"istat": True})


def anno_field():
    return Field(description="Anno di riferimento", examples=[2023], ge=ANNI_DATI[0], le=ANNI_DATI[1])


def euro_field(description: str, example: str = "1.234,56"):
    return Field(description=description + " (euro, virgola decimale)", examples=[example], ge=0)


def pseudonym_field(description: str, example: str):
    return Field(description=description, examples=[example], pattern=PSEUDONYM_PATTERN)
