"""The seeds beside the repository and the catalogue files imported from them.

A catalogue file names its source by ``provenance.text_sha256``; the seed with that hash is
its source. The seeds live in ``../shared/seeds`` relative to the repository (CI checks out
``shared/`` beside it), and a missing ``shared/`` is a failure, never a skip.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.load import load_assessment_file
from generator.model import Assessment

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
CATALOGUE = REPO / "catalogue"


def seed_files() -> list[Path]:
    """Every seed text; fails with a clear message when shared/ is not beside the repo."""
    if not SEEDS.is_dir():
        pytest.fail(f"The seeds are missing: expected {SEEDS} (shared/ beside the repository).")
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        pytest.fail(f"No seed texts (*.txt) in {SEEDS}.")
    return seeds


def catalogue_files() -> list[Path]:
    return sorted(CATALOGUE.rglob("*.yaml"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load(path: Path) -> Assessment:
    assessment, problems = load_assessment_file(path)
    assert assessment is not None, f"{path} does not load: {problems}"
    return assessment


def catalogue_of(seed: Path) -> Path:
    """The catalogue file whose provenance names this seed's text."""
    digest = sha256(seed)
    matches = [
        path
        for path in catalogue_files()
        if (provenance := load(path).provenance) and provenance.text_sha256 == digest
    ]
    assert len(matches) == 1, f"{seed.name}: expected one catalogue file, found {matches}"
    return matches[0]
