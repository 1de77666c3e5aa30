"""The facet table (generator/search/facet_table.py): every document's facet values, by
document number, in range files that decode back to exactly the documents' values."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.search.documents import FACET_NAMES
from generator.search.facet_table import (
    decode_file,
    decode_runs,
    encode_runs,
    facet_files,
    facet_values,
)
from generator.search.shards import FORMAT_VERSION
from tests.search.conftest import SeedIndex
from tests.search.seed_documents import seed_documents

LABELS = ["東京都", "大阪府", "北海道", "株式会社A", "株式会社B", "番号法"]
facet_lists = st.lists(st.sampled_from(LABELS), max_size=3)
documents_facets = st.lists(
    st.dictionaries(st.sampled_from(FACET_NAMES), facet_lists.filter(bool), max_size=6),
    max_size=40,
)


def _read_table(search_dir: Path) -> tuple[dict, list[tuple[Path, dict]]]:
    manifest = json.loads((search_dir / "manifest.json").read_text(encoding="utf-8"))
    build = search_dir / manifest["build"]
    files = sorted((build / "f").glob("*.json"), key=lambda p: int(p.stem))
    return manifest, [(path, json.loads(path.read_text(encoding="utf-8"))) for path in files]


def test_runs_spell_each_run_of_equal_code_lists_once() -> None:
    entries = [[0], [0], [1, 2], [], []]
    assert encode_runs(entries) == [-2, 1, 0, 2, 1, 2, -2, 0]
    assert encode_runs([[3], [4]]) == [1, 3, 1, 4]
    assert decode_runs(encode_runs(entries)) == entries
    assert encode_runs([]) == []


@given(st.lists(st.lists(st.integers(0, 5), max_size=3), max_size=30))
def test_decoding_the_runs_gives_back_every_documents_codes(entries: list[list[int]]) -> None:
    assert decode_runs(encode_runs(entries)) == entries


def test_codes_go_to_the_commonest_labels_first_ties_by_label() -> None:
    documents = [
        {"prefecture": ["大阪府"]},
        {"prefecture": ["東京都"]},
        {"prefecture": ["東京都"], "contractor": ["B社", "A社"]},
        {"contractor": ["A社", "A社"]},
    ]
    values = facet_values(documents)
    assert values["prefecture"] == ["東京都", "大阪府"]
    assert values["contractor"] == ["A社", "B社"]
    assert values["law"] == []
    assert list(values) == list(FACET_NAMES)


@given(documents_facets, st.integers(1, 8))
def test_every_documents_values_round_trip_through_the_range_files(
    documents: list[dict[str, list[str]]], per_file: int
) -> None:
    dictionary, files = facet_files(documents, FORMAT_VERSION, per_file)
    values = json.loads(dictionary)
    decoded = [row for text in files for row in decode_file(values, text)]
    assert decoded == documents


def test_range_file_n_holds_documents_n_times_the_range_onwards() -> None:
    documents = [{"kind": ["基礎項目評価書"]}] * 9 + [{"kind": ["全項目評価書"]}]
    _, files = facet_files(documents, FORMAT_VERSION, per_file=4)
    parts = [json.loads(text) for text in files]
    assert [part["first"] for part in parts] == [0, 4, 8]
    assert [len(decode_runs(part["facets"]["kind"])) for part in parts] == [4, 4, 2]
    assert all(part["v"] == FORMAT_VERSION for part in parts)
    assert set(parts[0]["facets"]) == set(FACET_NAMES)


def test_the_same_documents_give_the_same_bytes_whatever_their_dict_order() -> None:
    documents = [{"kind": ["全項目評価書"], "law": ["番号法"]}, {"law": ["番号法"], "kind": ["a"]}]
    shuffled = [dict(reversed(list(d.items()))) for d in documents]
    assert facet_files(documents, FORMAT_VERSION) == facet_files(shuffled, FORMAT_VERSION)


def test_the_written_index_holds_every_seed_documents_facets(seed_index: SeedIndex) -> None:
    manifest, parts = _read_table(seed_index.search_dir)
    per_file = manifest["facets"]["documentsPerFile"]
    assert manifest["facets"]["names"] == list(FACET_NAMES)
    assert manifest["files"]["facets"] == len(parts) > 0
    build = seed_index.search_dir / manifest["build"]
    values = json.loads((build / "facets.json").read_text(encoding="utf-8"))
    decoded = []
    for path, part in parts:
        assert part["first"] == int(path.stem) * per_file == len(decoded)
        decoded += decode_file(values, path.read_text(encoding="utf-8"))
    assert decoded == [document.facets for document in seed_documents()]


def test_display_fragments_no_longer_carry_the_facets(seed_index: SeedIndex) -> None:
    manifest, _ = _read_table(seed_index.search_dir)
    for path in (seed_index.search_dir / manifest["build"] / "d").glob("*.json"):
        for fragment in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            assert "facets" not in fragment
            assert fragment["title"]
