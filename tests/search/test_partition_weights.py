"""Pass 2 weighs each partition's postings exactly as one lunr.py index of the corpus does."""

from __future__ import annotations

from typing import Any

import pytest

from generator.search.partitioned import Gathered, gather, partition_postings
from generator.search.query import QueryVocabulary
from generator.search.shards import split_entries
from tests.search.conftest import SeedIndex
from tests.search.seed_documents import seed_documents
from tests.search.single_index import term_entries

SPILL_FILES = 4


@pytest.fixture(scope="module")
def gathered(tmp_path_factory: pytest.TempPathFactory) -> Gathered:
    return gather(seed_documents(), tmp_path_factory.mktemp("spill"), SPILL_FILES)


@pytest.fixture(scope="module")
def reference(seed_index: SeedIndex) -> dict[str, list[Any]]:
    """term → entry, read from one plain lunr.py index of all seed documents."""
    vocabulary = QueryVocabulary(seed_index.single.contents.vocabulary)
    return term_entries(seed_index.single.lunr, vocabulary)


def _entries(gathered: Gathered, spill_files: list[int]) -> dict[str, list[Any]]:
    postings = partition_postings(gathered, spill_files)
    return postings.entries(gathered.table.terms, QueryVocabulary(gathered.vocabulary.build()))


def test_one_partition_of_every_spill_file_gives_the_entries_of_one_lunr_py_index(
    gathered: Gathered, reference: dict[str, list[Any]]
) -> None:
    entries = _entries(gathered, list(range(SPILL_FILES)))
    assert list(entries) == list(reference)  # the same terms, in the same (sorted) order
    assert entries == reference  # the same term indexes, postings and float weights
    assert split_entries(entries) == split_entries(reference)


@pytest.mark.parametrize("spill_file", range(SPILL_FILES))
def test_a_partition_weighs_its_terms_with_corpus_wide_statistics(
    gathered: Gathered, reference: dict[str, list[Any]], spill_file: int
) -> None:
    entries = _entries(gathered, [spill_file])
    assert entries
    assert entries == {term: reference[term] for term in entries}


def test_field_postings_follow_lunr_py_field_order(
    gathered: Gathered, reference: dict[str, list[Any]]
) -> None:
    entries = _entries(gathered, list(range(SPILL_FILES)))
    orders = {term: list(entry[1]) for term, entry in entries.items()}
    assert orders == {term: list(entry[1]) for term, entry in reference.items()}
