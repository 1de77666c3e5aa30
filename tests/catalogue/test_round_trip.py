"""Every catalogue file is canonical: it round-trips, validates, and its id is unique."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from generator.load import dump_assessment
from tests.catalogue.sources import (
    CATALOGUE,
    REPO,
    catalogue_files,
    catalogue_of,
    load,
    seed_files,
)


def test_the_catalogue_is_not_empty() -> None:
    assert catalogue_files(), f"no catalogue files under {CATALOGUE}"


@pytest.mark.parametrize("path", catalogue_files(), ids=lambda p: p.name)
def test_a_file_is_written_exactly_as_dump_assessment_writes_it(path: Path) -> None:
    assert dump_assessment(load(path)).encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize("path", catalogue_files(), ids=lambda p: p.name)
def test_load_dump_load_gives_the_same_assessment(path: Path, tmp_path: Path) -> None:
    first = load(path)
    copy = tmp_path / path.parent.name / path.name
    copy.parent.mkdir()
    copy.write_text(dump_assessment(first), encoding="utf-8")
    assert load(copy) == first


def test_pia_validate_finds_no_error_in_the_catalogue() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(CATALOGUE)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "エラー 0 件" in result.stdout + result.stderr


def test_every_id_in_the_catalogue_is_unique() -> None:
    counts = Counter(load(path).id for path in catalogue_files())
    assert [id_ for id_, n in counts.items() if n > 1] == []


def test_every_seed_has_its_catalogue_file() -> None:
    assert all(catalogue_of(seed).is_file() for seed in seed_files())
