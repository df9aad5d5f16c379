"""Benchmarks: figures printed, never asserted (speed is measured here, not in timed tests)."""
