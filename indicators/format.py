"""Italian number, money and date formatting: 1.234,5 · 12,3% · € 211.500 · 31/12/2023.

Written by hand because it is twenty lines and every consumer (pages, CLI, report) needs
exactly this spelling, including the euro sign before the amount.
"""

from __future__ import annotations

import datetime as dt
import math

NON_DISPONIBILE = "n.d."


def number(x: float | int | None, decimals: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return NON_DISPONIBILE
    text = f"{x:,.{decimals}f}"  # 1,234.5
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(x: float | None, decimals: int = 1) -> str:
    return NON_DISPONIBILE if x is None else f"{number(x, decimals)}%"


def euro(x: float | None, decimals: int = 0) -> str:
    return NON_DISPONIBILE if x is None else f"€ {number(x, decimals)}"


def date(d: dt.date | dt.datetime | None) -> str:
    return NON_DISPONIBILE if d is None else d.strftime("%d/%m/%Y")


def signed(x: float | None, decimals: int = 0) -> str:
    if x is None:
        return NON_DISPONIBILE
    return ("+" if x > 0 else "") + number(x, decimals)


def by_unit(x: float | None, unit: str, decimals: int = 0) -> str:
    """A value in its unit: percent, euro, per-inhabitant euro or a plain number."""
    if unit == "percentuale":
        return percent(x, max(decimals, 1))
    if unit == "euro":
        return euro(x, decimals)
    if unit == "euro_per_abitante":
        return euro(x, max(decimals, 2))
    return number(x, decimals)


def count(n: int, singular: str, plural: str) -> str:
    """«1 riga», «12 righe», «1.250 righe»: a count with its noun in the right number."""
    return f"{number(n)} {singular if n == 1 else plural}"
