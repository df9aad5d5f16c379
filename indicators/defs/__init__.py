"""Indicator declarations, one module per domain; each exposes INDICATORS."""
