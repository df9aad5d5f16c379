"""python -m report --data DIR --out FILE.pdf [--as-of gg/mm/aaaa] [--public | --ruolo R]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import settings
from access.roles import COORDINATORE, PUBBLICO, ROLES
from data_loaders.loader import data_dir
from indicators.periods import parse_date
from report.build import DataFolderError, render_pdf, report_from_folder

EXIT_USAGE = 2


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m report",
                                 description="Report PDF per l'Assemblea dei Sindaci, dalla cartella dei dati.")
    ap.add_argument("--data", help="cartella dei dati (predefinita: $CRUSCOTTO_DATA_DIR o sample_data/)")
    ap.add_argument("--out", required=True, help="file PDF da scrivere")
    ap.add_argument("--as-of", help="data di riferimento per lo stato, gg/mm/aaaa (predefinita: oggi)")
    who = ap.add_mutually_exclusive_group()
    who.add_argument("--public", action="store_true",
                     help="versione pubblica: celle con meno di 5 persone o famiglie soppresse")
    who.add_argument("--ruolo", choices=ROLES, default=COORDINATORE,
                     help="per chi è il report (predefinito: coordinatore, tutti i valori)")
    args = ap.parse_args(argv)
    settings.for_command_line()

    try:
        as_of = parse_date(args.as_of)
        role = PUBBLICO if args.public else args.ruolo
        out = Path(args.out)
        if not out.parent.is_dir():
            raise DataFolderError(f"la cartella di destinazione {out.parent} non esiste.")
        report = report_from_folder(data_dir(args.data), as_of, role)
        out.write_bytes(render_pdf(report))
    except (DataFolderError, ValueError, OSError) as e:
        print(f"Errore: {e}", file=sys.stderr)
        return EXIT_USAGE
    s = report.counts
    print(f"Report scritto in {out} (versione dati {report.version}, stato al {report.as_of}): "
          f"{s['on_track']} in linea, {s['at_risk']} a rischio, {s['off_track']} fuori target, "
          f"{s['no_data']} senza dati.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
