"""The results page's facet counts and filtering, computed in node by search-ui.js from the
facet table (SearchEngine.facetTable), equal those computed from the documents' own facet
values (what every display fragment carried before the table), on the seed index and on a
synthetic index with multi-valued facets; and a page fetches only its shown fragments."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic.documents import synthetic_documents
from generator.search.documents import FACET_NAMES, SearchDocument
from generator.search.facet_table import facet_files
from generator.search.shards import FORMAT, FORMAT_VERSION, dumps, write_search_index
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


def test_the_browser_decodes_range_files_to_every_documents_values(
    synthetic_index: Indexed, tmp_path: Path
) -> None:
    facets = [d.facets for d in synthetic_index.documents]
    per_file = 7  # several range files, the last one short
    values, files = facet_files(facets, FORMAT_VERSION, per_file)
    build = tmp_path / "b"
    (build / "f").mkdir(parents=True)
    (build / "facets.json").write_text(values, encoding="utf-8")
    for number, text in enumerate(files):
        (build / "f" / f"{number}.json").write_text(text, encoding="utf-8")
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "build": "b",
        "documents": len(facets),
        "facets": {"names": list(FACET_NAMES), "documentsPerFile": per_file},
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert len(files) > 2
    assert run_harness("table", tmp_path, []) == facets
