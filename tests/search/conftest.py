"""A search index of the seed documents, built once per test session, and its reference."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.search.shards import IndexStats, dumps, write_search_index
from tests.search.seed_documents import seed_documents
from tests.search.single_index import SingleIndex, build_single_index


@dataclass(frozen=True)
class SeedIndex:
    """The product's (partitioned) index files, and one full lunr.py index of the same."""

    single: SingleIndex
    stats: IndexStats
    search_dir: Path
    full_index: Path


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> SeedIndex:
    root = tmp_path_factory.mktemp("seed-index")
    stats = write_search_index(seed_documents(), root / "search")
    single = build_single_index(seed_documents())
    full_index = root / "full-index.json"
    full_index.write_text(dumps(single.lunr), encoding="utf-8")
    return SeedIndex(single, stats, root / "search", full_index)
