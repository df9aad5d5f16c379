"""The data dictionary (sample_data/README.md) and the per-dataset templates, made from the contracts.

`python -m data_loaders.dictionary` rewrites sample_data/README.md; a test fails when it is stale,
so the dictionary a coordinator reads can never disagree with what the loaders accept.
"""

from __future__ import annotations

import sys
from pathlib import Path

from data_loaders.registry import DATASETS
from data_loaders.spec import ColumnSpec, DatasetSpec

README = Path(__file__).resolve().parent.parent / "sample_data" / "README.md"

_KIND_IT = {"integer": "numero intero", "number": "numero (virgola decimale)", "date": "data gg/mm/aaaa",
            "boolean": "sì / no", "text": "testo"}

INTRO = """# Dizionario dei dati

Questa cartella contiene i dati di esempio del cruscotto e il loro tracciato: un file CSV per dataset.
I file si possono esportare da Excel («CSV (delimitato dal separatore di elenco)», cioè `;`) o da
LibreOffice: sono accettati separatore `;` o `,`, codifica UTF-8 (con o senza BOM) o Windows-1252,
numeri con la virgola decimale e il punto delle migliaia (`1.234,56`), date `gg/mm/aaaa`.
La prima riga è l'intestazione con i nomi delle colonne qui sotto (maiuscole, spazi e accenti non
contano: «Codice ISTAT» vale `codice_istat`). Le righe con errori non vengono conteggiate e sono
elencate, con riga e colonna, nella pagina «Qualità dei dati».

**Provenienza dei dati di esempio.** Sono reali, tratte dai documenti di `shared/seeds/`, le cifre di:
spesa sociale dei comuni per area 2016-2019 (con i totali dichiarati dalla tabella), fondi 2021-2023,
popolazione totale 2021 (156.113 in 48 comuni, 9 sopra i 3.000 abitanti e 14 sotto i 1.000), piano
finanziario PNRR 1.1.1 (211.500 euro per capitolo e anno), budget dei partner HUG (70.000 + 30.000 euro).
Sono sintetiche (generate da `python -m generator`, con seme fisso) tutte le altre righe: famiglie e
operatori PIPPI, accessi al Centro per le Famiglie, osservazioni degli indicatori, importi spesi.
I documenti non elencano quali 48 comuni della provincia formano l'Ambito: l'elenco di esempio è
un'approssimazione con comuni dell'area cremonese, con nomi e codici ISTAT veri; le popolazioni sono
adattate ai totali del Piano (non sono quelle reali), le fasce 0-14 e 65+ seguono le quote reali di ogni
comune al 1° gennaio 2022 e 2023 (ISTAT, via Openpolis, CC BY 4.0). L'elenco vero va caricato nel file
`comuni.csv` dell'Ambito. Orari di hub e spoke 2 sono quelli del protocollo HUG; gli altri orari, le
riunioni del Tavolo e gli importi spesi sono sintetici.

Questo file è generato dai tracciati (`python -m data_loaders.dictionary`): non modificarlo a mano.
"""


def _column_line(c: ColumnSpec) -> str:
    rules = []
    if c.choices:
        rules.append("valori: " + ", ".join(f"`{v}`" for v in c.choices))
    if c.istat:
        rules.append("6 cifre, lo zero iniziale perso da Excel viene ripristinato")
    if c.minimum is not None:
        rules.append(f"minimo {c.minimum:g}")
    if c.maximum is not None:
        rules.append(f"massimo {c.maximum:g}")
    if c.pattern and not c.istat:
        rules.append(f"formato `{c.pattern}`")
    req = "sì" if c.required else "no"
    return (f"| `{c.name}` | {_KIND_IT[c.kind]} | {req} | {c.description} | "
            f"{'; '.join(rules)} | {c.example} |")


def dataset_section(spec: DatasetSpec) -> str:
    lines = [f"## `{spec.filename}` — {spec.title}", "", spec.description, "",
             f"Aggiornamento: {spec.cadence}. "
             + ("Dati a livello di singola famiglia/persona (codici pseudonimi): mai mostrati al pubblico. "
                if spec.record_level else "")
             + (f"Chiave (una sola riga per): {', '.join(spec.key)}." if spec.key else ""), "",
             "| colonna | tipo | obbligatoria | significato | regole | esempio |",
             "|---|---|---|---|---|---|"]
    lines += [_column_line(c) for c in spec.columns]
    return "\n".join(lines) + "\n"


def render() -> str:
    return INTRO + "\n" + "\n".join(dataset_section(s) for s in DATASETS.values())


def template_csv(spec: DatasetSpec) -> str:
    """Header row and one example row, semicolon-separated as Italian Excel writes it."""
    return ";".join(spec.column_names) + "\r\n" + ";".join(c.example for c in spec.columns) + "\r\n"


if __name__ == "__main__":
    README.write_text(render(), encoding="utf-8")
    print(f"scritto {README}", file=sys.stderr)
