"""python -m indicators --data DIR [--json] [--public] [--as-of gg/mm/aaaa] [--plan FILE ...]: every indicator,
as the UI shows it.

--plan FILE (repeatable) uses these plan files instead of $CRUSCOTTO_PIANI or indicators/plans/; a
mistake in a plan file ends the program with status 2 and «file:riga: frase» for each mistake.

--public prints exactly what the public may see (access/views.py): a hidden figure is null
in JSON and "< 5" / "riservato" in the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

import settings
from access.suppression import suppressed_text
from data_loaders import load_all
from data_loaders.loader import data_dir
from indicators import format as fmt
from indicators import plan_file
from indicators.engine import compute_all, json_rows
from indicators.periods import parse_date
from indicators.status import STATUS_IT


def _as_of(text: str | None) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as err:
        raise SystemExit(f"Errore: {err}") from None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m indicators", description="Calcola tutti gli indicatori del cruscotto.")
    ap.add_argument("--data", help="cartella dei dati (predefinita: $CRUSCOTTO_DATA_DIR o sample_data/)")
    ap.add_argument("--json", action="store_true", help="stampa un array JSON")
    ap.add_argument("--as-of", help="data di riferimento per lo stato (predefinita: oggi)")
    ap.add_argument("--public", "--pubblico", action="store_true",
                    help="solo ciò che vede il pubblico: conteggi piccoli e ricavabili nascosti (null)")
    ap.add_argument("--plan", "--piano", action="append", metavar="FILE",
                    help="file del piano da usare (ripetibile; predefiniti: $CRUSCOTTO_PIANI o indicators/plans/)")
    args = ap.parse_args(argv)
    settings.for_command_line()
    if args.plan:
        plan_file.use(args.plan)
    try:
        # The catalog is built from the plan files at import: their mistakes surface here, before any data is read.
        import indicators.registry  # noqa: F401
    except plan_file.PlanFileError as err:
        print(f"Errore: {err}", file=sys.stderr)
        return 2

    folder = data_dir(args.data)
    if not folder.is_dir():
        print(f"Errore: la cartella dei dati {folder} non esiste.", file=sys.stderr)
        return 2
    as_of = _as_of(args.as_of)
    results = load_all(folder, as_of)  # a row dated after --as-of is refused for this view
    errors = [p for r in results.values() for p in r.errors]
    if all(r.missing for r in results.values()):
        print(f"Errore: nessun file di dati riconosciuto in {folder}.", file=sys.stderr)
        return 2
    table = compute_all(results, as_of)
    if args.public:
        from access.roles import PUBBLICO
        from access.views import table_for
        from indicators.registry import CATALOG

        table = table_for(table, PUBBLICO, {i.id for i in CATALOG if i.sensitive})

    if args.json:
        json.dump(json_rows(table), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r in table.iter_rows(named=True):
            value = (suppressed_text(r["suppression"], r["unit"]) if r.get("suppression")
                     else fmt.by_unit(r["value"], r["unit"]))
            print(f"{r['id']:<32} {r['period']:<10} {r['territory'][:24]:<24} "
                  f"{value:>14}  target {fmt.by_unit(r['target'], r['unit']):>12}  "
                  f"{STATUS_IT[r['status']]}")
    if errors:
        print(f"\n{len(errors)} problemi nei dati (le righe con errori non sono conteggiate):", file=sys.stderr)
        for p in errors[:200]:
            print(f"- {p}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
