"""Benchmarks: run with `.venv/bin/python -m benchmarks.<name>` (see each module's docstring)."""
