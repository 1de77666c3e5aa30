"""The facet table (generator/search/facet_table.py): every document's facet values, by
document number, in groups of facets with their own range files, that decode back to
exactly the documents' values."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from generator.search.documents import FACET_NAMES
from generator.search.facet_table import (
    FACET_GROUPS,
    FacetGroup,
    decode_runs,
    decode_table,
    encode_runs,
    facet_files,
    facet_values,
    manifest_entry,
)
from generator.search.index_builder import ROW_FACETS
from generator.search.shards import FORMAT_VERSION
from tests.search.conftest import SeedIndex
from tests.search.seed_documents import seed_documents

LABELS = ["東京都", "大阪府", "北海道", "株式会社A", "株式会社B", "番号法"]
facet_lists = st.lists(st.sampled_from(LABELS), max_size=3)
documents_facets = st.lists(
    st.dictionaries(st.sampled_from(FACET_NAMES), facet_lists.filter(bool), max_size=6),
    max_size=40,
)


def _decoded(files: dict[str, str], documents: int, groups=FACET_GROUPS) -> list[dict]:
    manifest = {"documents": documents, "facets": manifest_entry(groups)}
    return decode_table(manifest, files.__getitem__)


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
    values = facet_values(documents, FACET_NAMES)
    assert values["prefecture"] == ["東京都", "大阪府"]
    assert values["contractor"] == ["A社", "B社"]
    assert values["law"] == []
    assert list(values) == list(FACET_NAMES)


def test_every_facet_is_in_exactly_one_group() -> None:
    names = [name for group in FACET_GROUPS for name in group.names]
    assert sorted(names) == sorted(FACET_NAMES)


@given(documents_facets, st.lists(st.integers(1, 8), min_size=4, max_size=4))
def test_every_documents_values_round_trip_through_the_range_files(
    documents: list[dict[str, list[str]]], sizes: list[int]
) -> None:
    groups = [FacetGroup(g.names, size) for g, size in zip(FACET_GROUPS, sizes, strict=True)]
    files = facet_files(documents, FORMAT_VERSION, groups)
    assert _decoded(files, len(documents), groups) == documents


def test_range_file_n_of_a_group_holds_documents_n_times_its_range_onwards() -> None:
    documents = [{"kind": ["基礎項目評価書"], "law": ["番号法"]}] * 9 + [{"kind": ["全項目評価書"]}]
    groups = [FacetGroup(("kind",), 4), FacetGroup(("law", "system"), 3)]
    files = facet_files(documents, FORMAT_VERSION, groups)
    kinds = [json.loads(files[f"f/0/{n}.json"]) for n in range(3)]
    assert [part["first"] for part in kinds] == [0, 4, 8]
    assert [len(decode_runs(part["facets"]["kind"])) for part in kinds] == [4, 4, 2]
    laws = [json.loads(files[f"f/1/{n}.json"]) for n in range(4)]
    assert [part["first"] for part in laws] == [0, 3, 6, 9]
    assert set(laws[0]["facets"]) == {"law", "system"}
    assert json.loads(files["f/1/values.json"])["values"] == {"law": ["番号法"], "system": []}
    assert all(json.loads(text)["v"] == FORMAT_VERSION for text in files.values())
    assert len(files) == 2 + 3 + 4


def test_the_same_documents_give_the_same_bytes_whatever_their_dict_order() -> None:
    documents = [{"kind": ["全項目評価書"], "law": ["番号法"]}, {"law": ["番号法"], "kind": ["a"]}]
    shuffled = [dict(reversed(list(d.items()))) for d in documents]
    assert facet_files(documents, FORMAT_VERSION) == facet_files(shuffled, FORMAT_VERSION)


def test_the_written_index_holds_every_seed_documents_facets(seed_index: SeedIndex) -> None:
    manifest = json.loads((seed_index.search_dir / "manifest.json").read_text(encoding="utf-8"))
    build = seed_index.search_dir / manifest["build"]
    assert manifest["facets"] == manifest_entry()
    written = sorted(build.glob("f/*/*.json"))
    assert manifest["files"]["facets"] == len(written) > 0
    read = lambda path: (build / path).read_text(encoding="utf-8")  # noqa: E731
    assert decode_table(manifest, read) == [document.facets for document in seed_documents()]


def test_display_fragments_carry_the_values_a_result_row_shows(seed_index: SeedIndex) -> None:
    manifest = json.loads((seed_index.search_dir / "manifest.json").read_text(encoding="utf-8"))
    fragments = [
        fragment
        for path in (seed_index.search_dir / manifest["build"] / "d").glob("*.json")
        for fragment in json.loads(path.read_text(encoding="utf-8"))["documents"]
    ]
    by_ref = {document.ref: document for document in seed_documents()}
    assert sorted(f["ref"] for f in fragments) == sorted(by_ref)
    for fragment in fragments:
        facets = by_ref[fragment["ref"]].facets
        assert fragment["facets"] == {f: facets[f] for f in ROW_FACETS if facets.get(f)}
        assert fragment["title"]
