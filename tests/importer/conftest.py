"""Shared helpers: the three seed texts and the synthetic fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path("/work/shared/seeds")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SEED_NAMES = {
    "000": "000_c86f89f14b4f89e8.txt",
    "002": "002_2a94c65b69f181c0.txt",
    "003": "003_69ba6ebb67c953d5.txt",
}


def seed_path(name: str) -> Path:
    path = SEEDS / SEED_NAMES[name]
    if not path.is_file():
        pytest.fail(
            f"seed {name} is not available at {SEEDS} (shared/ must sit beside the repository)"
        )
    return path


def fixture_path(name: str) -> Path:
    return FIXTURES / name
