"""Search indexes built once per test session, each with its reference (one full index):
the seed documents, and a small synthetic national corpus."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.synthetic.documents import synthetic_documents
from generator.search.compact_json import dumps
from generator.search.documents import SearchDocument
from generator.search.shards import IndexStats, write_search_index
from tests.search.seed_documents import seed_documents
from tests.search.single_index import SingleIndex, build_single_index

SYNTHETIC_SIZE = 40


@dataclass(frozen=True)
class SeedIndex:
    """The product's (partitioned) index files, and one full lunr.py index of the same."""

    single: SingleIndex
    stats: IndexStats
    search_dir: Path
    full_index: Path


def indexed(documents: tuple[SearchDocument, ...], root: Path) -> SeedIndex:
    """The product's index files of `documents` under root/search and the full index."""
    stats = write_search_index(documents, root / "search")
    single = build_single_index(documents)
    full_index = root / "full-index.json"
    full_index.write_text(dumps(single.lunr), encoding="utf-8")
    return SeedIndex(single, stats, root / "search", full_index)


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> SeedIndex:
    return indexed(seed_documents(), tmp_path_factory.mktemp("seed-index"))


@pytest.fixture(scope="session")
def synthetic_index(tmp_path_factory: pytest.TempPathFactory) -> SeedIndex:
    """SYNTHETIC_SIZE assessments of the synthetic national corpus, indexed."""
    root = tmp_path_factory.mktemp("synthetic-index")
    return indexed(synthetic_documents(SYNTHETIC_SIZE, root / "corpus"), root)
