"""The results page's facet counts and filtering, computed in node by search-ui.js from the
facet table (SearchEngine.facetTable), equal those computed from the documents' own facet
values (what every display fragment carried before the table), on the seed index and on a
synthetic index with multi-valued facets; and a page fetches only its shown fragments, and
the table of the folded facets (システム, 法令) only once they are opened."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic.documents import synthetic_documents
from generator.search.compact_json import dumps
from generator.search.documents import FACET_NAMES, SearchDocument
from generator.search.facet_table import FACET_GROUPS, FacetGroup, facet_files, manifest_entry
from generator.search.shards import FORMAT, FORMAT_VERSION, write_search_index
from tests.search.conftest import SeedIndex
from tests.search.node import run_harness
from tests.search.queries_from_seeds import HAND_WRITTEN, seed_queries
from tests.search.seed_documents import seed_documents

SYNTHETIC_SIZE = 150
SYNTHETIC_QUERIES = [
    "中間サーバー",
    "NTTデータ",
    "番号法第19条第8号",
    "住民基本台帳",
    "介護保険 委託",
]
PAGE = 5  # the harness asks answer() for pages of this many results


@dataclass(frozen=True)
class Indexed:
    search_dir: Path
    documents: list[SearchDocument]


@pytest.fixture(scope="module")
def synthetic_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    root = tmp_path_factory.mktemp("synthetic-facets")
    documents = list(synthetic_documents(SYNTHETIC_SIZE, root / "corpus"))
    write_search_index(documents, root / "search")
    return Indexed(root / "search", documents)


def _answers(index: Indexed, queries: list[str], tmp_path: Path) -> list[dict[str, Any]]:
    reference = tmp_path / "reference-facets.json"
    reference.write_text(dumps([d.facets for d in index.documents]), encoding="utf-8")
    return run_harness("facets", index.search_dir, queries, reference)


def _assert_table_counts_equal_reference(answers: list[dict[str, Any]]) -> None:
    differing = [
        (a["query"], t["selected"])
        for a in answers
        for t in a["tried"]
        if t["table"] != t["reference"]
    ]
    assert not differing


def _assert_pages_fetch_only_their_fragments(answers: list[dict[str, Any]]) -> None:
    for a in answers:
        page = a["page"]
        assert sorted(page["fragments"]) == sorted(page["shown"][:PAGE]), a["query"]
        assert len(page["fragmentFiles"]) <= len(page["fragments"]), a["query"]


def test_seed_index_counts_and_filters_from_the_table_as_from_the_documents(
    seed_index: SeedIndex, tmp_path: Path
) -> None:
    index = Indexed(seed_index.search_dir, list(seed_documents()))
    answers = _answers(index, [*HAND_WRITTEN, *seed_queries(40)], tmp_path)
    _assert_table_counts_equal_reference(answers)
    _assert_pages_fetch_only_their_fragments(answers)
    narrowed = [t for a in answers for t in a["tried"][1:] if t["table"]["shown"]]
    assert len(narrowed) > 20


def test_synthetic_index_counts_and_filters_multi_valued_facets_alike(
    synthetic_index: Indexed, tmp_path: Path
) -> None:
    answers = _answers(synthetic_index, SYNTHETIC_QUERIES, tmp_path)
    _assert_table_counts_equal_reference(answers)
    _assert_pages_fetch_only_their_fragments(answers)
    offered = {f for a in answers for t in a["tried"] for f, v in t["table"]["counts"].items() if v}
    assert offered == set(FACET_NAMES)
    assert any(a["results"] > PAGE and len(a["page"]["shown"]) > PAGE for a in answers)


def test_a_value_listed_twice_by_one_document_counts_it_once(
    synthetic_index: Indexed, tmp_path: Path
) -> None:
    # two 委託 rows to the same contractor, a system named in two sections
    doubled = [
        dataclasses.replace(
            document,
            facets={name: [*values, *values] for name, values in document.facets.items()},
        )
        for document in synthetic_index.documents
    ]
    write_search_index(doubled, tmp_path / "search")
    answers = _answers(Indexed(tmp_path / "search", doubled), SYNTHETIC_QUERIES, tmp_path)
    _assert_table_counts_equal_reference(answers)
    counts = answers[0]["tried"][0]["table"]["counts"]
    assert max(count for _, count in counts["contractor"]) <= answers[0]["results"]


def test_a_results_page_fetches_the_folded_facets_table_only_once_opened(
    synthetic_index: Indexed, tmp_path: Path
) -> None:
    manifest = json.loads((synthetic_index.search_dir / "manifest.json").read_text("utf-8"))
    group_of = {
        name: str(number)
        for number, group in enumerate(manifest["facets"]["groups"])
        for name in group["names"]
    }
    unfolded = {"kind", "prefecture", "body_kind", "contractor"}
    for answer in _answers(synthetic_index, SYNTHETIC_QUERIES, tmp_path):
        fetched = answer["facetFiles"]
        groups = {kind: {path.split("/")[2] for path in fetched[kind]["files"]} for kind in fetched}
        assert set(fetched["closed"]["counted"]) == unfolded
        assert groups["closed"] == {group_of[name] for name in unfolded}
        assert set(fetched["lawOpened"]["counted"]) == unfolded | {"law"}
        assert groups["lawOpened"] == groups["closed"] | {group_of["law"]}


def test_the_browser_decodes_range_files_to_every_documents_values(
    synthetic_index: Indexed, tmp_path: Path
) -> None:
    facets = [d.facets for d in synthetic_index.documents]
    # several range files per group, the last one short, each group its own range size
    groups = [
        FacetGroup(g.names, size) for g, size in zip(FACET_GROUPS, (7, 11, 5, 150), strict=True)
    ]
    files = facet_files(facets, FORMAT_VERSION, groups)
    for path, text in files.items():
        (tmp_path / "b" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "b" / path).write_text(text, encoding="utf-8")
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "build": "b",
        "documents": len(facets),
        "facets": manifest_entry(groups),
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert len(files) > 3 * len(groups)
    assert run_harness("table", tmp_path, []) == facets
