"""Settings the indicator layer needs: which Ambito is the dashboard's own."""

from __future__ import annotations

import settings


def principal_ambito() -> str:
    return settings.get().ambito


def ambito_label(ambito: str) -> str:
    """Territory label of a whole Ambito ('Ambito Cremonese'); comuni are named as they are."""
    return f"Ambito {ambito}"
