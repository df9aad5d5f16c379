"""python -m report --data DIR --out FILE.pdf [--as-of gg/mm/aaaa] [--versione pubblica|assemblea|interna]

--public (the public version) and --ruolo R (the version built from R's view) still work.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import settings
from access.roles import COORDINATORE, ROLES
from data_loaders.loader import data_dir
from indicators.periods import parse_date
from report.build import DataFolderError, render_pdf, report_from_folder
from report.editions import EDITIONS, PUBBLICA

EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m report",
                                 description="Report PDF per l'Assemblea dei Sindaci, dalla cartella dei dati.")
    ap.add_argument("--data", help="cartella dei dati (predefinita: $CRUSCOTTO_DATA_DIR o sample_data/)")
    ap.add_argument("--out", required=True, help="file PDF da scrivere")
    ap.add_argument("--as-of", help="data di riferimento per lo stato, gg/mm/aaaa (predefinita: oggi)")
    who = ap.add_mutually_exclusive_group()
    who.add_argument("--versione", choices=list(EDITIONS),
                     help="pubblica, assemblea (Assemblea dei Sindaci: come la pubblica, celle piccole nascoste) "
                          "o interna (coordinamento: tutti i valori); predefinita: interna")
    who.add_argument("--public", action="store_true", help="come --versione pubblica")
    who.add_argument("--ruolo", choices=ROLES, help="la versione di quel ruolo (coordinatore: interna)")
    args = ap.parse_args(argv)
    settings.for_command_line()

    try:
        as_of = parse_date(args.as_of)
        role = (EDITIONS[args.versione].role if args.versione else PUBBLICA.role if args.public
                else args.ruolo or COORDINATORE)
        out = Path(args.out)
        if not out.parent.is_dir():
            raise DataFolderError(f"la cartella di destinazione {out.parent} non esiste.")
        report = report_from_folder(data_dir(args.data), as_of, role)
        out.write_bytes(render_pdf(report))
    except (DataFolderError, ValueError, OSError) as e:
        print(f"Errore: {e}", file=sys.stderr)
        return EXIT_USAGE
    s = report.counts
    print(f"Report scritto in {out}, {report.edition} (versione dei dati {report.version}, stato al {report.as_of}): "
          f"{s['on_track']} in linea, {s['at_risk']} a rischio, {s['off_track']} fuori target, "
          f"{s['no_data']} senza dati.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
