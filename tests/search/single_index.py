"""The reference: one plain lunr.py index of all documents, written as the shards would be.

This is how the index was built before it was partitioned; it holds the whole corpus
in memory, so it lives in the tests only, as the specification the partitioned build
(generator/search/partitioned.py) must reproduce byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lunr.builder import Builder

from generator.search.analyzer import DocumentAnalyzer
from generator.search.documents import SearchDocument
from generator.search.index_builder import FIELD_BOOSTS, analyze_document, fragment
from generator.search.query import QueryVocabulary
from generator.search.shards import (
    IndexContents,
    IndexStats,
    ShardText,
    TermShard,
    document_numbers,
    dumps,
    shard_counts,
    shard_text,
    split_entries,
    term_entry,
    write_index_files,
)
from generator.search.text import bucket
from generator.search.vocabulary import VocabularyBuilder


@dataclass(frozen=True)
class SingleIndex:
    """The full lunr index (lunr-schema dict) and the other index contents."""

    lunr: dict[str, Any]
    contents: IndexContents


def build_single_index(documents: Iterable[SearchDocument]) -> SingleIndex:
    analyzer = DocumentAnalyzer()
    vocabulary = VocabularyBuilder()
    builder = Builder()
    builder.ref("ref")
    for name, boost in FIELD_BOOSTS.items():
        builder.field(name, boost=boost)
    fragments: dict[str, str] = {}
    facets: list[dict[str, list[str]]] = []
    for document in documents:
        builder.add(analyze_document(document, analyzer, vocabulary))
        fragments[document.ref] = dumps(fragment(document))
        facets.append({name: list(values) for name, values in document.facets.items()})
    contents = IndexContents(len(fragments), vocabulary.build(), fragments, facets)
    return SingleIndex(builder.build().serialize(), contents)


def write_single_index(single: SingleIndex, out_dir: Path) -> IndexStats:
    entries = term_entries(single.lunr, QueryVocabulary(single.contents.vocabulary))
    refs = list(single.contents.fragments)
    mean_ref = sum(len(ref.encode()) for ref in refs) / len(refs)
    postings = (_postings(term, posting) for term, posting in single.lunr["invertedIndex"])
    counts = shard_counts(postings, mean_ref)
    out_dir.mkdir(parents=True, exist_ok=True)
    terms = len(single.lunr["invertedIndex"])
    numbers = document_numbers(refs)
    shards = _shards(entries, counts, numbers)
    return write_index_files(out_dir, shards, counts, single.contents, terms)


def term_entries(serialized: dict[str, Any], vocabulary: QueryVocabulary) -> dict[str, list[Any]]:
    """term → term_entry from a lunr-schema index: each posting's weight is its element
    of the document field's vector (lunr's BM25 weight)."""
    vectors = _field_vectors(serialized["fieldVectors"])
    entries: dict[str, list[Any]] = {}
    for term, posting in serialized["invertedIndex"]:
        index = posting["_index"]
        fields = {
            field: {ref: vectors[f"{field}/{ref}"][index] for ref in posting[field]}
            for field in serialized["fields"]
            if posting[field]
        }
        entries[term] = term_entry(term, index, fields, vocabulary)
    return entries


def _field_vectors(field_vectors: list[list[Any]]) -> dict[str, dict[int, float]]:
    """field ref → {term index: weight} from lunr's flat [index, weight, …] vectors."""
    return {
        field_ref: dict(zip(elements[::2], elements[1::2], strict=True))
        for field_ref, elements in field_vectors
    }


def _postings(term: str, posting: dict[str, Any]) -> tuple[str, int, int]:
    words = sum(len(refs) for field, refs in posting.items() if field not in ("_index", "grams"))
    return term, words, len(posting["grams"])


def _shards(
    entries: dict[str, list[Any]], counts: dict[str, int], numbers: dict[str, int]
) -> Iterator[ShardText]:
    for kind, kind_entries in sorted(split_entries(entries).items()):
        shards: list[TermShard] = [{} for _ in range(counts[kind])]
        for term, entry in kind_entries.items():
            shards[bucket(term, counts[kind])][term] = entry
        yield from (shard_text(kind, number, shard, numbers) for number, shard in enumerate(shards))
