"""Social spending 2016-2019 and funds 2021-2023, exactly as the Piano di Zona's tables state them.

Source: seeds/004, "SPESA SOCIALE DEI COMUNI - AMBITO SOCIALE CREMONESE - ANDAMENTI 2016-2019"
(datawarehouse Regione Lombardia) and "FONDI ORDINARI" / "ALTRI FONDI" (RISORSE). The
table's own totals are kept as rows with dimensione = totale, so the dashboard can check
them against the sum of the rows instead of trusting either.
"""

from __future__ import annotations

from pathlib import Path

from generator.common import Scale, it_number, rng_for, write_csv

FONTE_SPESA = "Datawarehouse Regione Lombardia (PdZ 2021-2023)"
YEARS = (2016, 2017, 2018, 2019)
# "=" in the source means no spending recorded: those cells are simply absent.
SPESA_AREE = {
    "famiglia_minori": (5_241_511, 4_941_013, 5_665_478, 6_380_972),
    "disabilita": (4_139_645, 6_813_592, 5_091_473, 7_712_832),
    "migrazioni": (2_896_095, 3_490_598, 3_081_180, 3_120_051),
    "anziani": (1_988_596, 2_854_411, 1_996_815, 3_350_542),
    "poverta": (760_271, 1_034_769, 1_040_610, 1_443_860),
    "servizio_sociale_professionale": (3_790_433, 4_231_670, 3_270_740, 3_991_956),
    "compartecipazione_sociosanitaria": (3_161_722, 3_071_315, 3_328_293, 3_419_399),
    "dipendenze": (5_767, None, 150_824, 160_417),
    "salute_mentale": (None, None, 1_646, None),
}
SPESA_GESTIONE = {
    "singola": (19_684_726, 19_995_681, 20_294_242, 22_251_821),
    "associata": (2_479_314, 6_441_687, 3_332_817, 7_328_208),
}
SPESA_TOTALE = (22_164_040, 26_437_368, 23_627_059, 29_580_029)
# The same table states a 2019/2016 change of 959.461 (17,7%) for FAM MINORI: it fits a 2016
# figure of 5.421.511, not the 5.241.511 printed, and that difference (180.000) is exactly the gap
# between the 2016 TOTALE and the sum of the 2016 areas. Kept as the source prints it, with a note.
NOTE_SPESA = {
    (2016, "totale"): "Nella stessa tabella la variazione 2019/2016 di FAM MINORI è 959.461 (17,7%): "
                      "torna con un valore 2016 di 5.421.511 invece del 5.241.511 stampato.",
}

FONTE_FONDI = "PdZ 2021-2023, tabella Fondi ordinari (elaborazione Azienda Sociale Cremonese)"
# fondo: (2021, stima 2022, stima 2023, note 2021)
FONDI_ORDINARI = {
    "FNPS": (850_000.00, 880_000.00, 880_000.00, ""),
    "FSR": (1_110_383.65, 1_000_000.00, 1_000_000.00, ""),
    "FNA": (443_968.00, 450_000.00, 450_000.00, "2020 utilizzo 2021"),
    "Fondo Povertà": (1_062_606.51, 1_000_000.00, 1_000_000.00, "2020 - utilizzo 2021"),
    "Potenziamento servizi sociali": (0.00, 433_000.00, 400_000.00, ""),
    "Fondo Dopo di Noi": (203_893.94, 200_000.00, 200_000.00, "2020 utilizzo 2021/ 2022"),
}
FONTE_ALTRI = "PdZ 2021-2023, tabella Altri fondi"
ALTRI_FONDI = {
    "Fondi sostegno alla locazione": (545_224.00, 400_000.00, 400_000.00, "2021 utilizzo 2022"),
    "Reddito autonomia": (50_000.00, 50_000.00, 40_000.00, ""),
    "PROVI": (80_000.00, 80_000.00, 80_000.00, ""),
    "FAMI": (140_000.00, None, None, "proroga onerosa"),
    "Fondo GAP (gioco d'azzardo patologico)": (30_853.31, None, None, ""),
}

SPESA_HEADER = ["ambito", "anno", "dimensione", "voce", "importo_eur", "fonte", "nota"]
FONDI_HEADER = ["ambito", "fondo", "tipo", "anno", "stato", "importo_eur", "nota", "fonte"]


def spesa_rows(ambito: str = "Cremonese") -> list[list]:
    rows = []
    for i, year in enumerate(YEARS):
        for voce, values in SPESA_AREE.items():
            if values[i] is not None:
                rows.append([ambito, year, "area", voce, values[i], FONTE_SPESA, ""])
        for voce, values in SPESA_GESTIONE.items():
            rows.append([ambito, year, "gestione", voce, values[i], FONTE_SPESA, ""])
        rows.append([ambito, year, "totale", "totale", SPESA_TOTALE[i], FONTE_SPESA, NOTE_SPESA.get((year, "totale"), "")])
    return rows


def fondi_rows(ambito: str = "Cremonese") -> list[list]:
    rows = []
    for tipo, table, fonte in (("ordinario", FONDI_ORDINARI, FONTE_FONDI), ("altro", ALTRI_FONDI, FONTE_ALTRI)):
        for fondo, (y21, y22, y23, note) in table.items():
            rows.append([ambito, fondo, tipo, 2021, "assegnato", it_number(y21), note, fonte])
            for year, value in ((2022, y22), (2023, y23)):
                if value is not None:  # "n.d." in the source
                    rows.append([ambito, fondo, tipo, year, "stima", it_number(value), "", fonte])
    return rows


def generate(out: Path, scale: Scale, seed: int, ambiti: list[str]) -> dict[str, int]:
    spesa = spesa_rows()
    fondi = fondi_rows()
    rng = rng_for(seed, "risorse")
    for ambito in ambiti[1:]:
        factor = rng.uniform(0.3, 2.0)
        for row in spesa_rows(ambito):
            if row[2] == "totale":
                continue  # a synthetic Ambito states no totals of its own
            row[4] = round(row[4] * factor)
            row[5] = "sintetico"
            spesa.append(row)
    return {
        "spesa_sociale.csv": write_csv(out / "spesa_sociale.csv", SPESA_HEADER, spesa),
        "fondi.csv": write_csv(out / "fondi.csv", FONDI_HEADER, fondi),
    }
