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


@pytest.mark.parametrize("page", [None, "pages/pippi.py", "pages/centro_famiglie.py", "pages/risorse.py"])
def test_every_acronym_a_citizen_reads_is_in_the_glossary(page):
    import re

    from tests.apptest import open_page
    from ui.glossary import SIGLE

    at = open_page(page)
    # What the page writes in sentences, titles and figures (tables quote the documents' names as printed);
    # the glossary's own text left out.
    parts = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning")
             for e in getattr(at, kind)] + [m.label for m in at.metric]
    shown = "\n".join(t for p in parts for t in str(p).splitlines() if not t.startswith("- **"))
    # Words between «» are the documents' own (fund and project names printed in capitals: RESTART, ALICE).
    shown = re.sub(r"«[^»]*»", " ", shown)
    # Dotted forms (EE.MM., P.I.P.P.I.) are one acronym; words the documents print in capitals, Roman
    # numerals and the currency are not acronyms.
    dotted = set(re.findall(r"\b(?:[A-Z]{1,2}\.)+[A-Z]{1,2}\b\.?", shown))
    rest = re.sub(r"\b(?:[A-Z]{1,2}\.)+[A-Z]{1,2}\b\.?", " ", shown)
    words = {"EUR", "TOTALE", "COMPLESSIVO", "PROGETTO", "XXIII"}
    acronyms = (set(re.findall(r"\b[A-Z][A-Za-z]*[A-Z]\b", rest)) | dotted) - words
    assert acronyms, "the page should mention at least one acronym (PIPPI, PNRR, HUG …)"
    known = {k.replace(".", "") for k in SIGLE}
    missing = sorted(a for a in acronyms if a.replace(".", "") not in known)
    assert not missing, f"sigle senza spiegazione nel glossario: {missing}"
    assert "Sigle usate" in [e.label for e in at.sidebar.expander]


def test_the_pippi_texts_a_citizen_reads_name_no_file():
    from data_loaders.registry import DATASETS
    from indicators.defs import pippi as P

    for text in (P.CONVENZIONE_ANNO, P.NOTA_FUORI_PROGETTO, P.NOTA_NESSUNA_FAMIGLIA):
        assert not [name for name in DATASETS if name in text], text
