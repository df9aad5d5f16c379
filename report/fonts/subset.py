"""Regenerate the two fonts of the report from Debian's fonts-dejavu-core (run by hand, once).

    python report/fonts/subset.py [/usr/share/fonts/truetype/dejavu]

The report ships its font so a fresh clone prints accents, € and the status icons with no
system font installed. The full DejaVu Sans files are ~0.7 MB each; the report only needs
Italian text, punctuation and a handful of symbols, so it keeps a subset (~10% of the size).
The Bitstream Vera licence (LICENSE here) allows modified copies under a name without
"Bitstream" or "Vera"; "DejaVu" qualifies.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

HERE = Path(__file__).resolve().parent
FILES = {"DejaVuSans.ttf": "DejaVuSans-report.ttf", "DejaVuSans-Bold.ttf": "DejaVuSans-Bold-report.ttf"}
# ASCII, Latin-1 and Latin Extended-A (names of people and places), typographic
# punctuation, €, arrows, ≤ ≥, the minus sign and the status icons ✔ ▲ ✖ ■ ●.
UNICODES = ("U+0020-007E,U+00A0-017F,U+2010-2027,U+2030,U+2039-203A,U+20AC,U+2190-2193,"
            "U+2212,U+2264-2265,U+25A0,U+25B2,U+25CF,U+2714,U+2716")


def main(source: str = "/usr/share/fonts/truetype/dejavu") -> None:
    for src, dst in FILES.items():
        subset.main([str(Path(source) / src), f"--unicodes={UNICODES}", f"--output-file={HERE / dst}",
                     "--layout-features=kern,liga", "--name-IDs=*", "--name-legacy"])
        print(dst, (HERE / dst).stat().st_size, "byte")


if __name__ == "__main__":
    main(*sys.argv[1:])
