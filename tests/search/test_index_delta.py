"""`pia build --incremental` updates the last index for the changed documents (delta.py):
they are found exactly as a full build finds them, every other document keeps its
postings byte for byte, and the changed ones are weighed with the statistics of the last
full index, so that changing a document back gives back the full index's postings."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.synthetic.documents import synthetic_documents
from generator.search import delta
from generator.search.compact_json import dumps
from generator.search.delta import DELTA_RECORD, DeltaPolicy, publish_delta
from generator.search.document_file import DocumentFile
from generator.search.documents import SearchDocument
from generator.search.facet_table import decode_table
from generator.search.query import QueryVocabulary
from generator.search.shards import (
    IndexStats,
    gap_decoded,
    gap_encoded,
    iter_files,
    write_search_index,
)
from generator.search.snapshot import SNAPSHOT_NAME
from generator.search.text import bucket
from tests.search.node import run_harness
from tests.search.queries_from_seeds import seed_queries
from tests.search.seed_documents import seed_documents
from tests.search.single_index import build_single_index

DOCUMENTS = 24
CHANGED = 5
ANY_SIZE = DeltaPolicy(min_documents=1, max_share=1.0)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[SearchDocument]:
    root = tmp_path_factory.mktemp("delta-corpus")
    return list(synthetic_documents(DOCUMENTS, root / "corpus"))


def _changed(documents: list[SearchDocument], number: int = CHANGED) -> list[SearchDocument]:
    """Document `number` retitled (with a word no document has) and given a new contractor."""
    document = documents[number]
    facets = {**document.facets, "contractor": ["株式会社差分検証"]}
    changed = dataclasses.replace(
        document, title=f"{document.title}(改訂)差分検証語", facets=facets
    )
    return [*documents[:number], changed, *documents[number + 1 :]]


def _index(
    documents: list[SearchDocument],
    root: Path,
    name: str,
    previous: str | None = None,
    policy: DeltaPolicy = ANY_SIZE,
) -> IndexStats:
    """The index of `documents` in root/name: written whole, or, with `previous`, the index
    in root/previous published there (its files hard-linked, so that root/previous shows
    any write through them) and updated as `pia build --incremental` does: staged, then
    published (delta.publish_delta), or written whole when the delta is refused."""
    published = root / name
    if previous is None:
        return write_search_index(documents, published, root / "cache", policy=policy)
    shutil.copytree(root / previous, published, copy_function=os.link)
    staged = root / f"{name}.staged"
    stats = write_search_index(documents, staged, root / "cache", previous=published, policy=policy)
    if not publish_delta(staged, published):
        shutil.rmtree(published)
        staged.rename(published)
    return stats


def _files(index: Path) -> dict[str, bytes]:
    build = index / _manifest(index)["build"]
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in iter_files(build)}


def _manifest(index: Path) -> dict[str, Any]:
    return json.loads((index / "manifest.json").read_text(encoding="utf-8"))


def _postings(index: Path) -> dict[tuple[str, str, int], int]:
    """(term, field, document number) → weight × 1000, over all term and gram shards."""
    postings: dict[tuple[str, str, int], int] = {}
    for path, data in _files(index).items():
        if path.startswith(("t/", "g/")):
            for term, (_index, fields, *_rest) in json.loads(data)["terms"].items():
                for field, flat in fields.items():
                    for doc, milli in gap_decoded(flat):
                        postings[term, field, doc] = milli
    return postings


def _fragments(index: Path) -> list[dict[str, Any]]:
    files = _files(index)
    parts = sorted((json.loads(data) for p, data in files.items() if p.startswith("d/")),
                   key=lambda part: part["first"])  # fmt: skip
    return [fragment for part in parts for fragment in part["documents"]]


def _facets(index: Path) -> list[dict[str, list[str]]]:
    files = _files(index)
    return decode_table(_manifest(index), lambda path: files[path].decode())


def _by_kind(index: Path, prefixes: tuple[str, ...]) -> dict[str, bytes]:
    return {path: data for path, data in _files(index).items() if path.startswith(prefixes)}


def test_a_delta_finds_what_a_full_build_finds(documents, tmp_path: Path) -> None:
    _index(documents, tmp_path, "first")
    changed = _changed(documents)
    stats = _index(changed, tmp_path, "delta", previous="first")
    assert (stats.updated, stats.reused) == (1, DOCUMENTS - 1)
    write_search_index(changed, tmp_path / "full")
    assert _postings(tmp_path / "delta").keys() == _postings(tmp_path / "full").keys()
    assert _fragments(tmp_path / "delta") == _fragments(tmp_path / "full")
    assert _facets(tmp_path / "delta") == _facets(tmp_path / "full")
    assert _facets(tmp_path / "delta")[CHANGED]["contractor"] == ["株式会社差分検証"]


def test_other_documents_keep_their_postings_and_unchanged_fields_their_weights(
    documents, tmp_path: Path
) -> None:
    _index(documents, tmp_path, "first")
    _index(_changed(documents), tmp_path, "delta", previous="first")
    before, after = _postings(tmp_path / "first"), _postings(tmp_path / "delta")
    for key, milli in after.items():
        _term, field, doc = key
        if doc != CHANGED or field in ("body", "agency", "business"):
            assert before[key] == milli, key
    assert {k for k in before if k[2] != CHANGED} == {k for k in after if k[2] != CHANGED}
    assert ("差分", "title", CHANGED) in after.keys() - before.keys()


def test_changing_a_document_back_gives_back_the_full_index(documents, tmp_path: Path) -> None:
    # Weighed with the statistics of the full index, the document's first version gets
    # exactly the postings the full index gave it; new surfaces stay in the vocabulary
    # and new facet values keep their codes, which changes no answer.
    _index(documents, tmp_path, "first")
    _index(_changed(documents), tmp_path, "delta", previous="first")
    stats = _index(documents, tmp_path, "back", previous="delta")
    assert stats.updated == 1
    kinds = ("t/", "g/", "d/", "names.json", "laws.json")
    assert _by_kind(tmp_path / "back", kinds) == _by_kind(tmp_path / "first", kinds)
    assert _facets(tmp_path / "back") == _facets(tmp_path / "first")
    vocabulary = b"".join(_by_kind(tmp_path / "back", ("v/",)).values()).decode()
    first_vocabulary = b"".join(_by_kind(tmp_path / "first", ("v/",)).values()).decode()
    assert '"差分"' in vocabulary and '"差分"' not in first_vocabulary


def test_only_files_holding_a_changed_document_are_written_anew(documents, tmp_path: Path) -> None:
    _index(documents, tmp_path, "first")
    _index(_changed(documents), tmp_path, "delta", previous="first")
    first, delta = _files(tmp_path / "first"), _files(tmp_path / "delta")
    assert first.keys() == delta.keys()
    rewritten = {path for path in first if first[path] != delta[path]}
    per_file = _manifest(tmp_path / "first")["documentsPerFile"]
    assert f"d/{CHANGED // per_file}.json" in rewritten
    assert {p for p in rewritten if p.startswith("d/")} == {f"d/{CHANGED // per_file}.json"}
    old_build = tmp_path / "first" / _manifest(tmp_path / "first")["build"]
    new_build = tmp_path / "delta" / _manifest(tmp_path / "delta")["build"]
    for path in first.keys() - rewritten:
        assert os.path.samefile(old_build / path, new_build / path), path  # linked, not copied
    for path in rewritten:
        assert not os.path.samefile(old_build / path, new_build / path), path


def test_a_delta_reads_only_the_term_shards_it_writes_anew(
    documents, tmp_path: Path, monkeypatch
) -> None:
    # A retitled document's body, agency, … terms weigh the same as before (the field
    # lengths are the snapshot's): their shards are not even read. Its grams all weigh
    # differently (the title is in the grams field, whose length changed).
    _index(documents, tmp_path, "first")
    read: list[str] = []
    real_json = delta.Files.json
    monkeypatch.setattr(delta.Files, "json", lambda self, path: (read.append(path), real_json(self, path))[1])  # fmt: skip
    _index(_changed(documents), tmp_path, "delta", previous="first")
    first, after = _files(tmp_path / "first"), _files(tmp_path / "delta")
    rewritten = {path for path in first if first[path] != after[path]}
    kinds = ("t/", "g/")
    assert {p for p in read if p.startswith(kinds)} == {p for p in rewritten if p.startswith(kinds)}
    counts = _manifest(tmp_path / "first")["files"]
    postings = _postings(tmp_path / "first")
    holding = {_shard_of(term, field, counts) for term, field, doc in postings if doc == CHANGED}
    read_words = {p for p in read if p.startswith("t/")}
    assert len(read_words) < len({p for p in holding if p.startswith("t/")}) / 2


def _shard_of(term: str, field: str, counts: dict[str, int]) -> str:
    kind, name = ("g", "grams") if field == "grams" else ("t", "terms")
    return f"{kind}/{bucket(term, counts[name])}.json"


def test_the_published_vocabulary_is_read_bucket_by_bucket_and_matches_as_the_whole_one(
    documents, tmp_path: Path
) -> None:
    _index(documents, tmp_path, "first")
    build = tmp_path / "first" / _manifest(tmp_path / "first")["build"]
    buckets = {p: json.loads(data)["surfaces"] for p, data in _files(tmp_path / "first").items() if p.startswith("v/")}  # fmt: skip
    whole = QueryVocabulary({s: t for surfaces in buckets.values() for s, t in surfaces.items()})
    assert len(buckets) > 1
    text = documents[CHANGED].title + documents[CHANGED].body[:400]
    for start in range(len(text)):
        files = delta.Files(build)
        lazy = delta._PublishedVocabulary(files, len(buckets))
        assert lazy.match(text, start) == whole.match(text, start), text[start:]
        assert len(files.read) <= 1


def test_a_delta_counts_the_surfaces_it_publishes(documents, tmp_path: Path) -> None:
    first = _index(documents, tmp_path, "first")
    stats = _index(_changed(documents), tmp_path, "delta", previous="first")
    published = sum(len(json.loads(data)["surfaces"]) for data in _by_kind(tmp_path / "delta", ("v/",)).values())  # fmt: skip
    assert stats.surfaces == published > first.surfaces


def _document_file(directory: Path, documents: list[SearchDocument]) -> DocumentFile:
    """`documents` as a build stores them, keyed by content (the key: the title here)."""
    stored = DocumentFile(directory, parts=2)
    for part in (0, 1):
        keyed = [(f"{d.ref}:{d.title}", d) for d in documents[part::2]]
        stored.record(part, stored.write_keyed(keyed, part))
    stored.environment = "env"
    return stored


def test_a_delta_reads_only_the_documents_whose_content_key_changed(
    documents, tmp_path: Path, monkeypatch
) -> None:
    changed = _changed(documents)
    _index(documents, tmp_path, "first")
    _index(changed, tmp_path, "from-all", previous="first")  # every document read
    shutil.rmtree(tmp_path / "cache")
    _index(_document_file(tmp_path, documents), tmp_path, "first")
    read: list[int] = []
    real = DocumentFile.documents_at
    monkeypatch.setattr(DocumentFile, "__iter__", _not_iterated)
    monkeypatch.setattr(DocumentFile, "documents_at", lambda self, numbers: real(self, read.extend(numbers) or numbers))  # fmt: skip
    stats = _index(_document_file(tmp_path, changed), tmp_path, "from-keys", previous="first")
    assert (stats.updated, read) == (1, [CHANGED])
    assert _files(tmp_path / "from-keys") == _files(tmp_path / "from-all")


def _not_iterated(self: DocumentFile) -> Iterator[SearchDocument]:
    raise AssertionError("a delta reads only the changed documents")
    yield  # a generator, as DocumentFile.__iter__: iter() alone reads nothing


def test_the_published_index_is_never_written_through(documents, tmp_path: Path) -> None:
    _index(documents, tmp_path, "first")
    before = _files(tmp_path / "first")
    manifest = (tmp_path / "first" / "manifest.json").read_bytes()
    _index(_changed(documents), tmp_path, "delta", previous="first")
    assert _files(tmp_path / "first") == before
    assert (tmp_path / "first" / "manifest.json").read_bytes() == manifest


def test_a_delta_is_staged_apart_and_changes_the_published_index_only_when_published(
    documents, tmp_path: Path
) -> None:
    _index(documents, tmp_path, "published")
    first = _files(tmp_path / "published")
    published = {p: p.read_bytes() for p in (tmp_path / "published").rglob("*") if p.is_file()}
    staged = tmp_path / "staged"
    stats = write_search_index(_changed(documents), staged, tmp_path / "cache",
                               previous=tmp_path / "published", policy=ANY_SIZE)  # fmt: skip
    assert stats.updated == 1
    assert {
        p: p.read_bytes() for p in (tmp_path / "published").rglob("*") if p.is_file()
    } == published
    record = json.loads((staged / DELTA_RECORD).read_text(encoding="utf-8"))
    assert (
        record["from"] == _manifest(tmp_path / "published")["build"] != record["to"] == stats.build
    )
    written = {p.relative_to(staged / stats.build).as_posix() for p in (staged / stats.build).rglob("*") if p.is_file()}  # fmt: skip
    assert written and written < first.keys()  # only the files it writes anew
    assert publish_delta(staged, tmp_path / "published")
    assert not staged.exists()
    assert sorted(p.name for p in (tmp_path / "published").iterdir()) == sorted(
        ["manifest.json", stats.build]
    )
    after = _files(tmp_path / "published")
    assert {p for p in first if after[p] != first[p]} == written
    # a whole index (or none) is not a delta: the caller swaps it in
    assert not publish_delta(tmp_path / "cache", tmp_path / "published")
    assert not publish_delta(tmp_path / "nothing", tmp_path / "published")


def test_a_build_directory_left_by_an_interrupted_publish_is_replaced(
    documents, tmp_path: Path
) -> None:
    _index(documents, tmp_path, "published")
    first = _files(tmp_path / "published")
    staged = tmp_path / "staged"
    stats = write_search_index(_changed(documents), staged, tmp_path / "cache",
                               previous=tmp_path / "published", policy=ANY_SIZE)  # fmt: skip
    build = staged / stats.build
    written = {p.relative_to(build).as_posix(): p.read_bytes() for p in build.rglob("*") if p.is_file()}  # fmt: skip
    stale = tmp_path / "published" / stats.build / "t" / "stale.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("left over", encoding="utf-8")
    assert publish_delta(staged, tmp_path / "published")
    assert _files(tmp_path / "published") == {**first, **written}


def test_an_unchanged_corpus_keeps_its_build(documents, tmp_path: Path) -> None:
    first = _index(documents, tmp_path, "first")
    again = _index(documents, tmp_path, "again", previous="first")
    assert (again.updated, again.build) == (0, first.build)
    assert _files(tmp_path / "again") == _files(tmp_path / "first")


def test_a_later_delta_starts_from_the_last_one(documents, tmp_path: Path) -> None:
    _index(documents, tmp_path, "first")
    once = _changed(documents)
    _index(once, tmp_path, "delta", previous="first")
    twice = _changed(once, CHANGED + 1)
    stats = _index(twice, tmp_path, "delta2", previous="delta")
    assert stats.updated == 1  # only the document changed since the last delta
    write_search_index(twice, tmp_path / "full")
    assert _postings(tmp_path / "delta2").keys() == _postings(tmp_path / "full").keys()
    assert _facets(tmp_path / "delta2") == _facets(tmp_path / "full")


@pytest.mark.parametrize(
    ("edit", "because"),
    [
        (lambda docs: docs[:-1], "評価書が追加または削除されました"),
        (lambda docs: [*docs[:3], *docs[4:], docs[3]], "評価書が追加または削除されました"),
    ],
)
def test_added_or_removed_documents_make_the_index_whole(
    documents, tmp_path: Path, edit, because: str
) -> None:
    _index(documents, tmp_path, "first")
    stats = _index(edit(documents), tmp_path, "next", previous="first")
    assert (stats.updated, stats.whole_because) == (None, because)


def test_too_many_changes_since_the_full_index_make_it_whole(documents, tmp_path: Path) -> None:
    policy = DeltaPolicy(min_documents=1, max_share=1.5 / DOCUMENTS)  # one document
    _index(documents, tmp_path, "first", policy=policy)
    once = _changed(documents)
    assert _index(once, tmp_path, "delta", "first", policy).updated == 1
    twice = _changed(once, CHANGED + 1)
    stats = _index(twice, tmp_path, "whole", "delta", policy)
    assert stats.updated is None and "上限" in stats.whole_because
    # the whole index starts the count again
    assert _index(_changed(twice, 0), tmp_path, "delta2", "whole", policy).updated == 1


def test_a_small_corpus_is_always_indexed_whole(documents, tmp_path: Path) -> None:
    policy = DeltaPolicy(min_documents=DOCUMENTS + 1)
    _index(documents, tmp_path, "first", policy=policy)
    stats = _index(_changed(documents), tmp_path, "next", "first", policy)
    assert stats.updated is None and "未満" in stats.whole_because


@pytest.mark.parametrize(
    ("damage", "because"),
    [
        (lambda root: (root / "cache" / SNAPSHOT_NAME).unlink(), "統計が残っていません"),
        (lambda root: (root / "cache" / SNAPSHOT_NAME).write_bytes(b"x"), "統計が残っていません"),
        (lambda root: (root / "first" / "manifest.json").unlink(), "検索索引がありません"),
        (lambda root: _delete_shard(root / "first"), "ファイルを読めません"),
    ],
)
def test_a_missing_or_damaged_snapshot_or_index_makes_it_whole(
    documents, tmp_path: Path, damage, because: str
) -> None:
    _index(documents, tmp_path, "first")
    damage(tmp_path)
    changed = _changed(documents)
    stats = _index(changed, tmp_path, "next", previous="first")
    assert stats.updated is None and because in stats.whole_because
    write_search_index(changed, tmp_path / "full")
    assert _files(tmp_path / "next") == _files(tmp_path / "full")


def _delete_shard(index: Path) -> None:
    for path in sorted((index / _manifest(index)["build"] / "t").iterdir()):
        path.unlink()


def test_an_index_from_other_code_is_not_updated(documents, tmp_path: Path, monkeypatch) -> None:
    _index(documents, tmp_path, "first")
    monkeypatch.setattr("generator.search.snapshot.SNAPSHOT_VERSION", 0)  # other code
    stats = _index(_changed(documents), tmp_path, "next", previous="first")
    assert stats.updated is None and "統計が残っていません" in stats.whole_because


def test_the_browser_finds_in_a_delta_exactly_what_lunr_finds_in_a_full_index(
    tmp_path: Path,
) -> None:
    # scorer.js over the delta against lunr.js over one full lunr.py index of the changed
    # seeds, for the same query clauses: the same documents and the same matched fields;
    # the scores differ (frozen statistics) and so may the order.
    seeds = list(seed_documents())
    number = next(i for i, d in enumerate(seeds) if d.business)
    changed = _changed(seeds, number)
    _index(seeds, tmp_path, "first")
    assert _index(changed, tmp_path, "delta", previous="first").updated == 1
    full = tmp_path / "full-index.json"
    full.write_text(dumps(build_single_index(changed).lunr), encoding="utf-8")
    queries = [*seed_queries(150), "差分検証", "株式会社差分検証", seeds[number].business]
    answers = run_harness("compare", tmp_path / "delta", queries, full)
    for answer in answers:
        ours = {r["ref"]: _fields(r) for r in answer["sharded"]}
        theirs = {r["ref"]: _fields(r) for r in answer["full"]}
        assert ours == theirs, answer["query"]
    found = {a["query"]: {r["ref"] for r in a["sharded"]} for a in answers}
    assert found["差分検証"] == {changed[number].ref}
    assert sum(1 for refs in found.values() if refs) > 100


def _fields(result: dict[str, Any]) -> dict[str, list[str]]:
    return {term: sorted(fields) for term, fields in result["matches"].items()}


def test_many_changes_are_analyzed_in_workers_with_the_same_result(
    documents, tmp_path: Path, monkeypatch
) -> None:
    changed = _changed(_changed(documents), CHANGED + 1)
    _index(documents, tmp_path, "first")
    _index(changed, tmp_path, "here", previous="first")
    for entry in (tmp_path / "cache").glob("*/*.zlib"):
        entry.unlink()  # so that the changed documents must be analyzed again
    _index(documents, tmp_path, "first")  # the same full index again, and its snapshot
    monkeypatch.setattr(delta, "ANALYSES_IN_WORKERS", 2)
    stats = _index(changed, tmp_path, "workers", previous="first")
    assert stats.updated == 2
    assert _files(tmp_path / "workers") == _files(tmp_path / "here")


def test_documents_read_only_once_are_refused_for_a_delta(documents, tmp_path: Path) -> None:
    # A refused delta reads them again for the whole index: a spent iterator would index
    # nothing.
    _index(documents, tmp_path, "first")
    with pytest.raises(TypeError, match="readable twice"):
        write_search_index(iter(documents), tmp_path / "next", tmp_path / "cache",
                           previous=tmp_path / "first")  # fmt: skip


def _merged_by_pairs(entry, added, changed):
    """_merged_entry as first written, pair by pair: the specification of the bisection."""
    fields: dict[str, list[tuple[int, int]]] = {}
    if entry is not None:
        for name, postings in entry[1].items():
            kept = [pair for pair in gap_decoded(postings) if pair[0] not in changed]
            if kept:
                fields[name] = kept
    if added is not None:
        for name, pairs in added[1].items():
            fields.setdefault(name, []).extend(pairs)
    if not fields:
        return None
    index, _fields, *expansion = entry if entry is not None else added
    return [index, {name: gap_encoded(sorted(pairs)) for name, pairs in fields.items()}, *expansion]


field_postings = st.dictionaries(
    st.sampled_from(["title", "body", "agency"]),
    st.dictionaries(st.integers(0, 60), st.integers(1, 9999), min_size=1),
    max_size=3,
)


@given(field_postings, field_postings, st.sets(st.integers(0, 60)))
def test_merged_entries_splice_as_decoding_every_pair_does(old, new, changed):
    entry = [7, {n: gap_encoded(sorted(p.items())) for n, p in old.items()}] if old else None
    # the changed documents' new postings
    fresh = {n: sorted((d, w) for d, w in p.items() if d in changed) for n, p in new.items()}
    fresh = {n: pairs for n, pairs in fresh.items() if pairs}
    added = [7, fresh] if fresh else None
    copy = json.loads(json.dumps(entry))
    assert delta._merged_entry(entry, added, changed) == _merged_by_pairs(copy, added, changed)
    assert entry == copy  # the entry read from the shard is left as it was
