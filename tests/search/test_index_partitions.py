"""The partitioned build writes exactly what one lunr.py index of the whole corpus gives."""

from __future__ import annotations

import multiprocessing
import os
import time
from array import array
from pathlib import Path

import pytest

from generator.search.parallel import forked_map
from generator.search.partitioned import (
    SPILL_INTEGERS,
    TermTable,
    partition_groups,
    spill_records,
    write_partitioned_index,
)
from generator.search.shards import iter_files
from tests.search.conftest import SeedIndex
from tests.search.seed_documents import seed_documents
from tests.search.single_index import write_single_index


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in iter_files(root)}


@pytest.fixture(scope="module")
def reference_tree(seed_index: SeedIndex, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("reference") / "search"
    write_single_index(seed_index.single, out)
    return _tree(out)


def test_the_partitioned_index_is_byte_identical_to_one_lunr_py_index(
    seed_index: SeedIndex, reference_tree: dict[str, bytes]
) -> None:
    assert seed_index.stats.term_shards > 1
    assert _tree(seed_index.search_dir) == reference_tree


@pytest.mark.parametrize(
    ("spill_files", "group_postings", "workers"),
    [(1, 10**9, 1), (4, 5_000, 1), (1024, 5_000, 2), (256, 1, 3)],
    ids=["one-partition", "fewer-spill-files-than-shards", "more-spill-files", "one-per-unit"],
)
def test_any_cut_into_partitions_or_processes_writes_the_same_bytes(
    spill_files: int,
    group_postings: int,
    workers: int,
    reference_tree: dict[str, bytes],
    tmp_path: Path,
) -> None:
    out = tmp_path / "search"
    documents = iter(seed_documents())
    write_partitioned_index(documents, out, spill_files, group_postings, workers)
    assert _tree(out) == reference_tree


def test_the_build_leaves_no_spill_or_staging_files(seed_index: SeedIndex) -> None:
    hidden = [p for p in seed_index.search_dir.iterdir() if p.name.startswith(".")]
    assert hidden == []


def test_spill_records_read_back_document_numbers_and_triples_past_16_bits() -> None:
    triples = [[0, 70_000, 3], [1, 5, 1, 8, 4_000_000_000, 2], []]
    data = b"".join(
        array(SPILL_INTEGERS, [number, len(flat), *flat]).tobytes()
        for number, flat in zip((0, 99_999, 7), triples, strict=True)
    )
    records = [(number, list(flat)) for number, flat in spill_records(data)]
    assert records == [(0, triples[0]), (99_999, triples[1]), (7, [])]
    assert list(spill_records(b"")) == []


@pytest.mark.parametrize("counts", [(1, 4), (2, 2), (8, 32), (32, 16)])
def test_partition_groups_put_each_shard_with_all_its_spill_files(counts: tuple) -> None:
    spill_postings = [10] * 8
    shard_counts = dict(zip("tg", counts, strict=True))
    groups = list(partition_groups(spill_postings, shard_counts, budget=25))
    assert sorted(f for files, _ in groups for f in files) == list(range(8))
    modulus = min(8, *counts)
    for kind, count in shard_counts.items():
        shards = sorted(s for _, group_shards in groups for s in group_shards[kind])
        assert shards == list(range(count))
        for files, group_shards in groups:
            assert {f % modulus for f in files} == {s % modulus for s in group_shards[kind]}


def test_groups_respect_the_budget_unless_one_unit_exceeds_it() -> None:
    spill_postings = [10, 10, 10, 10, 50, 10, 0, 0]
    groups = list(partition_groups(spill_postings, {"t": 8, "g": 8}, budget=25))
    sizes = [sum(spill_postings[f] for f in files) for files, _ in groups]
    assert sizes == [20, 20, 50, 10]


@pytest.mark.parametrize(
    ("spill_postings", "parts", "sizes"),
    [
        ([10] * 8, 2, [40, 40]),
        ([50, 10, 10, 10, 10, 10, 0, 0], 2, [50, 50]),
        ([10] * 8, 4, [20, 20, 20, 20]),
        ([10] * 8, 16, [10] * 8),
    ],
)
def test_pass_2_gives_each_process_a_share_even_when_one_group_would_do(
    spill_postings: list[int], parts: int, sizes: list[int]
) -> None:
    groups = list(partition_groups(spill_postings, {"t": 8, "g": 8}, budget=10**9, parts=parts))
    assert [sum(spill_postings[f] for f in files) for files, _ in groups] == sizes


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_processes_still_running_when_the_caller_stops_are_ended_with_it() -> None:
    """A failure or an interruption in the index stage leaves no partition process writing
    into the staging tree the build then removes."""
    results = forked_map(_pid_after, [0.0, 60.0, 60.0], processes=3)
    first = next(results)
    started = [child for child in multiprocessing.active_children() if child.pid != first]
    assert started
    results.close()
    assert not any(child.is_alive() for child in started)


def test_new_terms_are_numbered_in_their_order_and_a_repeated_one_once() -> None:
    table = TermTable(spill_files=4)
    assert table.indexes(["b", "a"]) == [0, 1]
    assert table.indexes(["a", "c", "d", "c", "b", "e"]) == [1, 2, 3, 2, 0, 4]
    assert table.indexes([]) == []
    assert table.terms == ["b", "a", "c", "d", "e"]


def test_postings_are_counted_per_term_with_the_grams_field_s_apart() -> None:
    table = TermTable(spill_files=4)
    table.count(table.indexes(["a", "b", "a", "c"]), grams_from=2)
    table.count(table.indexes(["c"]), grams_from=1)
    table.settle()
    assert list(table.postings) == [2, 1, 2]
    assert list(table.gram_postings) == [1, 0, 1]
