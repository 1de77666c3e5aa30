"""The written index: deterministic bytes, a versioned manifest, small first downloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.search.shards import (
    FORMAT,
    FORMAT_VERSION,
    bucket_count,
    compact_postings,
    documents_per_file,
    iter_files,
    write_search_index,
)
from generator.search.text import bucket, fnv1a32
from tests.search.conftest import SeedIndex
from tests.search.node import run_harness
from tests.search.seed_documents import seed_documents


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in iter_files(root)}


def test_writing_the_same_documents_twice_gives_byte_identical_trees(
    seed_index: SeedIndex, tmp_path: Path
) -> None:
    stats = write_search_index(seed_documents(), tmp_path / "again")
    assert stats.build == seed_index.stats.build
    assert _tree(tmp_path / "again") == _tree(seed_index.search_dir)


def test_changing_one_document_changes_the_build_directory(tmp_path: Path) -> None:
    documents = list(seed_documents()[:5])
    first = write_search_index(documents, tmp_path / "one")
    second = write_search_index(documents[:4], tmp_path / "two")
    assert first.build != second.build


def test_the_manifest_names_format_version_and_file_counts(seed_index: SeedIndex) -> None:
    manifest = json.loads((seed_index.search_dir / "manifest.json").read_text())
    assert (manifest["format"], manifest["version"], manifest["lunr"]) == (
        FORMAT,
        FORMAT_VERSION,
        "2.3.9",
    )
    build = seed_index.search_dir / manifest["build"]
    kinds = (("terms", "t"), ("grams", "g"), ("vocabulary", "v"), ("documents", "d"))
    for kind, directory in kinds:
        assert len(list((build / directory).glob("*.json"))) == manifest["files"][kind]
    assert manifest["documents"] == len(seed_documents())


def test_every_term_lives_in_the_shard_its_hash_names(seed_index: SeedIndex) -> None:
    manifest = json.loads((seed_index.search_dir / "manifest.json").read_text())
    terms: set[str] = set()
    for kind, directory in (("terms", "t"), ("grams", "g")):
        count = manifest["files"][kind]
        shards = seed_index.search_dir / manifest["build"] / directory
        placed = {
            term: (int(path.stem), entry)
            for path in shards.glob("*.json")
            for term, entry in json.loads(path.read_text())["terms"].items()
        }
        assert all(bucket(term, count) == number for term, (number, _) in placed.items())
        fields = {field for _, (_, entry) in placed.items() for field in entry[1]}
        assert ("grams" in fields) == (kind == "grams")
        terms.update(placed)
    assert len(terms) == seed_index.stats.terms


FNV = [("", 0x811C9DC5), ("a", 0xE40C292C), ("foobar", 0xBF9CF968)]


def test_fnv1a_matches_the_published_test_vectors() -> None:
    assert [fnv1a32(text) for text, _ in FNV] == [value for _, value in FNV]


def test_bucket_counts_are_powers_of_two_covering_the_bytes() -> None:
    assert [bucket_count(n, 100) for n in (0, 100, 101, 399, 401)] == [1, 1, 2, 4, 8]


def test_a_first_query_downloads_a_small_part_of_the_index(seed_index: SeedIndex) -> None:
    queries = ["保育士 登録", "株式会社 NTTデータ", "番号法19条8号", "都営住宅の管理"]
    answers = run_harness("bytes", seed_index.search_dir, queries)
    total = seed_index.stats.total_bytes
    for answer in answers:
        downloaded = sum(answer["files"].values())
        print(f"{answer['query']}: {len(answer['files'])} files, {downloaded:,} of {total:,} bytes")
        assert answer["refs"]
        assert downloaded < total / 4


@pytest.mark.parametrize(
    "query",
    [
        "番号法第19条第8号",
        "番号利用法第十九条第八号",
        "番号法第9条第1項 別表 項番24",
        "介護保険 委託",
    ],
)
def test_a_query_fetches_only_the_term_shards_it_searches(
    synthetic_index: SeedIndex, query: str
) -> None:
    # A citation replaces the words it spans, the commonest of all: their shards (1.2 MB
    # gzip at 60,000 for 番号法第19条第8号) are not fetched when the citation is indexed.
    [answer] = run_harness("shards", synthetic_index.search_dir, [query])
    assert answer["fetched"] == answer["needed"]
    assert answer["citations"] or "番号" not in query


def test_postings_are_numbered_by_document_and_delta_encoded_in_thousandths() -> None:
    numbers = {"a": 0, "b": 1, "c": 7}
    assert compact_postings({"c": 0.25, "a": 1.5, "b": 0.001}, numbers) == [0, 1500, 1, 1, 6, 250]
    assert compact_postings({}, numbers) == []


def test_a_weight_lunr_did_not_round_to_three_decimals_is_refused() -> None:
    with pytest.raises(ValueError, match="not rounded"):
        compact_postings({"a": 0.1234}, {"a": 0})


def test_each_fragment_file_holds_the_documents_its_number_names(seed_index: SeedIndex) -> None:
    manifest = json.loads((seed_index.search_dir / "manifest.json").read_text())
    per_file = manifest["documentsPerFile"]
    refs = [document.ref for document in seed_documents()]
    for path in (seed_index.search_dir / manifest["build"] / "d").glob("*.json"):
        part = json.loads(path.read_text())
        assert part["first"] == int(path.stem) * per_file
        numbers = range(part["first"], part["first"] + len(part["documents"]))
        assert [fragment["ref"] for fragment in part["documents"]] == [refs[n] for n in numbers]


def test_fragment_files_hold_a_power_of_two_of_documents_under_the_byte_target() -> None:
    assert documents_per_file(["x" * 3_000] * 5) == 1
    assert documents_per_file(["x" * 400] * 5) == 8
    assert documents_per_file([]) == 2048


def test_every_posting_list_names_each_document_once_in_number_order(
    seed_index: SeedIndex,
) -> None:
    manifest = json.loads((seed_index.search_dir / "manifest.json").read_text())
    for path in (seed_index.search_dir / manifest["build"]).glob("[tg]/*.json"):
        for term, (_, fields, *_) in json.loads(path.read_text())["terms"].items():
            for field, postings in fields.items():
                gaps, weights = postings[::2], postings[1::2]
                assert len(gaps) == len(weights) > 0, (term, field)
                assert gaps[0] >= 0 and all(gap > 0 for gap in gaps[1:]), (term, field)
                assert sum(gaps) < manifest["documents"], (term, field)
                assert all(isinstance(w, int) and w >= 0 for w in weights), (term, field)
