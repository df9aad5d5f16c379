"""Settings the indicator layer needs: which Ambito is the dashboard's own."""

from __future__ import annotations

import os

AMBITO_ENV = "CRUSCOTTO_AMBITO"
AMBITO_PREDEFINITO = "Cremonese"


def principal_ambito() -> str:
    return os.environ.get(AMBITO_ENV, AMBITO_PREDEFINITO)


def ambito_label(ambito: str) -> str:
    """Territory label of a whole Ambito ('Ambito Cremonese'); comuni are named as they are."""
    return f"Ambito {ambito}"
