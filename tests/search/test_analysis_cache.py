"""Analyses kept for `pia build --incremental`: only changed documents are analyzed again,
and the index is byte for byte the one a build without the cache writes."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from generator.search.analysis_cache import (
    SUFFIX,
    AnalysisCache,
    analysis_environment,
    analysis_modules,
)
from generator.search.documents import SearchDocument
from generator.search.parallel import AnalyzedDocument
from generator.search.partitioned import write_partitioned_index
from generator.search.shards import IndexStats, iter_files, write_search_index
from tests.search.seed_documents import seed_documents

DOCUMENTS = 8  # enough for several shards, few enough to analyze quickly


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in iter_files(root)}


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob(f"*/*{SUFFIX}"))


@pytest.fixture(scope="module")
def documents() -> list[SearchDocument]:
    return list(seed_documents()[:DOCUMENTS])


def _retitled(documents: list[SearchDocument], number: int) -> list[SearchDocument]:
    changed = dataclasses.replace(documents[number], title=documents[number].title + "(改訂)")
    return [*documents[:number], changed, *documents[number + 1 :]]


def _index(
    documents: list[SearchDocument], out: Path, cache: AnalysisCache | None
) -> tuple[IndexStats, dict[str, bytes]]:
    stats = write_partitioned_index(iter(documents), out, workers=1, cache=cache)
    return stats, _tree(out)


def test_a_warm_build_with_one_document_changed_writes_the_cold_build_s_bytes(
    documents: list[SearchDocument], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = write_search_index(iter(documents), tmp_path / "first", cache)
    assert first.reused == 0 and len(_entries(cache)) == DOCUMENTS
    changed = _retitled(documents, 3)
    warm = write_search_index(iter(changed), tmp_path / "warm", cache)
    cold = write_search_index(iter(changed), tmp_path / "cold")
    assert warm.reused == DOCUMENTS - 1 and cold.reused == 0
    assert _tree(tmp_path / "warm") == _tree(tmp_path / "cold")
    assert _tree(tmp_path / "warm") != _tree(tmp_path / "first")


def test_unchanged_documents_are_all_taken_from_the_cache(
    documents: list[SearchDocument], tmp_path: Path
) -> None:
    environment = analysis_environment()
    _stats, cold = _index(documents, tmp_path / "cold", AnalysisCache(tmp_path / "c", environment))
    warm_cache = AnalysisCache(tmp_path / "c", environment)
    stats, warm = _index(documents, tmp_path / "warm", warm_cache)
    assert stats.reused == warm_cache.hits == DOCUMENTS
    assert warm == cold


def test_a_changed_document_is_a_miss(documents: list[SearchDocument], tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path / "c", "environment")
    _index(documents, tmp_path / "first", cache)
    changed = _retitled(documents, 0)
    assert cache.key(changed[0]) != cache.key(documents[0])
    assert cache.lookup(cache.key(changed[0])) is None
    assert cache.lookup(cache.key(changed[1])) is not None


def test_entries_of_another_environment_are_not_used(
    documents: list[SearchDocument], tmp_path: Path
) -> None:
    _index(documents, tmp_path / "first", AnalysisCache(tmp_path / "c", "environment"))
    other = AnalysisCache(tmp_path / "c", "changed code")
    stats, _files = _index(documents, tmp_path / "again", other)
    assert stats.reused == 0
    assert len(_entries(tmp_path / "c")) == DOCUMENTS  # the old environment's were pruned


def test_a_full_build_analyzes_every_document_and_stores_it(
    documents: list[SearchDocument], tmp_path: Path
) -> None:
    _index(documents, tmp_path / "first", AnalysisCache(tmp_path / "c", "environment"))
    before = {p.name for p in _entries(tmp_path / "c")}
    full = AnalysisCache(tmp_path / "c", "environment", reuse=False)
    stats, _files = _index(documents, tmp_path / "full", full)
    assert stats.reused == 0 and full.hits == 0
    assert {p.name for p in _entries(tmp_path / "c")} == before


def test_entries_of_removed_or_changed_documents_are_pruned(
    documents: list[SearchDocument], tmp_path: Path
) -> None:
    _index(documents, tmp_path / "first", AnalysisCache(tmp_path / "c", "environment"))
    cache = AnalysisCache(tmp_path / "c", "environment")
    remaining = _retitled(documents[1:], 0)
    stats, _files = _index(remaining, tmp_path / "again", cache)
    assert stats.reused == DOCUMENTS - 2
    names = {p.name.removesuffix(SUFFIX) for p in _entries(tmp_path / "c")}
    assert names == {cache.key(document) for document in remaining}


def test_corrupt_truncated_or_misplaced_entries_are_analyzed_again(
    documents: list[SearchDocument], tmp_path: Path
) -> None:
    _stats, cold = _index(documents, tmp_path / "cold", AnalysisCache(tmp_path / "c", "env"))
    entries = _entries(tmp_path / "c")
    contents = [p.read_bytes() for p in entries]
    entries[0].write_bytes(b"not zlib")
    entries[1].write_bytes(contents[1][: len(contents[1]) // 2])
    entries[2].write_bytes(contents[3])  # another document's entry under this key
    stats, warm = _index(documents, tmp_path / "warm", AnalysisCache(tmp_path / "c", "env"))
    assert stats.reused == DOCUMENTS - 3
    assert warm == cold


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    project = Path(__file__).resolve().parents[2]
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(project / "generator" / "search", copy / "generator" / "search", ignore=ignore)
    return copy


def _touch(copy: Path, module: str) -> None:
    path = copy / "generator" / "search" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "module", ["analyzer.py", "text.py", "index_builder.py", "parallel.py", "compact_json.py"]
)
def test_the_environment_hash_covers_the_analysis_code(project_copy: Path, module: str) -> None:
    before = analysis_environment(project_copy)
    assert analysis_environment(project_copy) == before
    _touch(project_copy, module)
    assert analysis_environment(project_copy) != before


@pytest.mark.parametrize("module", ["shards.py", "weights.py", "facet_table.py", "partitioned.py"])
def test_changing_how_the_index_is_written_keeps_the_analyses(
    project_copy: Path, module: str
) -> None:
    before = analysis_environment(project_copy)
    _touch(project_copy, module)
    assert analysis_environment(project_copy) == before


@pytest.mark.parametrize(
    "line",
    [
        "from generator.search import weights",
        "import generator.search.weights",
        "from generator.search.weights import CorpusStatistics",
    ],
)
def test_a_module_the_analysis_starts_to_import_joins_the_hash(
    project_copy: Path, line: str
) -> None:
    assert "generator/search/weights.py" not in analysis_modules(project_copy)
    text = project_copy / "generator" / "search" / "text.py"
    text.write_text(f"{text.read_text(encoding='utf-8')}\n{line}\n", encoding="utf-8")
    assert "generator/search/weights.py" in analysis_modules(project_copy)
    before = analysis_environment(project_copy)
    _touch(project_copy, "weights.py")
    assert analysis_environment(project_copy) != before


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(SearchDocument)])
def test_every_field_of_a_document_is_part_of_its_key(
    name: str, documents: list[SearchDocument]
) -> None:
    document = documents[0]
    changed = dataclasses.replace(document, **{name: _another(getattr(document, name))})
    cache = AnalysisCache(Path("unused"), "environment")
    assert cache.key(changed) != cache.key(document)


def _another(value: object) -> object:
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, dict):
        return {"kind": ["重点項目評価書"]}
    assert isinstance(value, tuple)
    return (*value, "x")


def test_analysis_workers_store_the_entries_one_process_stores(
    documents: list[SearchDocument], tmp_path: Path
) -> None:
    stored = []
    for workers in (1, 2):
        cache = AnalysisCache(tmp_path / f"c{workers}", "environment")
        out = tmp_path / f"i{workers}"
        write_partitioned_index(iter(documents), out, workers=workers, cache=cache)
        assert len(cache.used) == DOCUMENTS
        entries = _entries(tmp_path / f"c{workers}")
        stored.append({p.stem: AnalyzedDocument.decode(p.read_bytes(), p.stem) for p in entries})
    assert len(stored[0]) == DOCUMENTS and stored[0] == stored[1]
