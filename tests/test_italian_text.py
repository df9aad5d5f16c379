"""Italian as people write it: a count and its noun agree."""

from __future__ import annotations

import pytest

from indicators import format as fmt


@pytest.mark.parametrize("n,expected", [(0, "0 righe"), (1, "1 riga"), (2, "2 righe"), (1250, "1.250 righe")])
def test_count_agrees_with_its_noun(n, expected):
    assert fmt.count(n, "riga", "righe") == expected


def test_version_line_says_one_row_in_the_singular():
    import datetime as dt

    from data_loaders.versions import Version
    from ui.intake_view import version_line

    v = Version(numero=3, caricato_il=dt.datetime(2026, 6, 30, 10, 0).isoformat(), caricato_da="",
                file_originale="a.csv", sha256="0" * 64, dimensione=10, righe_lette=2, righe_valide=1,
                righe_scartate=1, azione="caricamento")
    text = version_line(v, "a.csv")
    assert "1 riga valida, 1 scartata" in text
