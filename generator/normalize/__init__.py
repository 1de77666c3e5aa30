"""Normalizers: raw text as printed in an assessment → canonical keys (one module per kind)."""
