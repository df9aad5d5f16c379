"""python -m generator --out DIR [--scale ambito|region] [--seed N]: write every sample dataset."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator import hug, pdz, pippi, risorse, territorio
from generator.common import SCALES, Scale

DEFAULT_SEED = 2021


def generate_all(out: Path, scale_name: str | Scale = "ambito", seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write every dataset for a scale (its name, or a Scale such as a smaller region for tests)."""
    scale = SCALES[scale_name] if isinstance(scale_name, str) else scale_name
    out.mkdir(parents=True, exist_ok=True)
    amb = territorio.ambiti(scale, seed)
    istat = [c[0] for c in amb["Cremonese"]]
    written: dict[str, int] = {}
    steps = [
        ("comuni", lambda: territorio.generate(out, scale, seed)),
        ("osservazioni PdZ", lambda: pdz.generate(out, scale, seed, amb)),
        ("PIPPI", lambda: pippi.generate(out, scale, seed, istat, amb)),
        ("HUG", lambda: hug.generate(out, scale, seed, istat, amb)),
        ("risorse", lambda: risorse.generate(out, scale, seed, list(amb))),
    ]
    for i, (label, step) in enumerate(steps, 1):
        t0 = time.perf_counter()
        files = step()
        written.update(files)
        print(f"[{i}/{len(steps)}] {label}: " + ", ".join(f"{k} {v} righe" for k, v in files.items())
              + f" ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Genera i dati di esempio del cruscotto.")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "sample_data")
    ap.add_argument("--scale", choices=sorted(SCALES), default="ambito")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    written = generate_all(args.out, args.scale, args.seed)
    print(f"Scritti {len(written)} file, {sum(written.values())} righe in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
