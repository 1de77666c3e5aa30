"""A search index of the seed documents, built once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.search.index_builder import BuiltIndex, build_index
from generator.search.shards import IndexStats, dumps, write_built_index
from tests.search.seed_documents import seed_documents


@dataclass(frozen=True)
class SeedIndex:
    built: BuiltIndex
    stats: IndexStats
    search_dir: Path
    full_index: Path


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> SeedIndex:
    root = tmp_path_factory.mktemp("seed-index")
    built = build_index(seed_documents())
    stats = write_built_index(built, root / "search")
    full_index = root / "full-index.json"
    full_index.write_text(dumps(built.lunr), encoding="utf-8")
    return SeedIndex(built, stats, root / "search", full_index)
