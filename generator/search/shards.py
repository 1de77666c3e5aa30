"""Cut the full lunr index into files a query fetches a few of; write them deterministically.

Layout under out_dir (format version FORMAT_VERSION):

    manifest.json            small, the only file without the build hash in its path
    <build>/t/<n>.json       term shards: term → [lunr term index, {field: {ref: weight}}]
                             (+ [[field, required, optional], …] for name keys)
    <build>/v/<n>.json       vocabulary buckets: surface → terms (by first character)
    <build>/d/<n>.json       display fragments: ref → {url, title, …, excerpt}
    <build>/names.json       contractor and system key tables (names.js)
    <build>/laws.json        the law registry (citations.js)

File n of a kind holds the keys whose FNV-1a 32 hash (UTF-8) modulo the count is n
(a term; a surface's first character; a ref). Weights are lunr's field-vector
elements for that term, so an index assembled from shards scores exactly like the
full one. <build> hashes every file: any change of the catalogue changes all idf
weights anyway, so per-file hashes would buy no caching and cost manifest bytes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.normalize.citations import REGISTRY_PATH
from generator.normalize.contractors import key_tables
from generator.normalize.systems import system_alias_map
from generator.search.documents import SearchDocument
from generator.search.index_builder import FIELD_BOOSTS, WORD_FIELDS, BuiltIndex, build_index
from generator.search.query import KEY_PREFIXES, QueryVocabulary, segment
from generator.search.text import bucket
from generator.search.vocabulary import vocabulary_buckets

NAME_PREFIXES = (KEY_PREFIXES["contractors"], KEY_PREFIXES["systems"])
FORMAT = "pia-search"
FORMAT_VERSION = 1
TERM_SHARD_BYTES = 16_000
VOCABULARY_BYTES = 16_000
FRAGMENT_BYTES = 16_000


@dataclass(frozen=True)
class IndexStats:
    documents: int
    terms: int
    surfaces: int
    term_shards: int
    vocabulary_files: int
    fragment_files: int
    manifest_bytes: int
    total_bytes: int
    build: str


def dumps(value: Any) -> str:
    """Compact, sorted, UTF-8 JSON: byte-identical for equal values."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_search_index(documents: Iterable[SearchDocument], out_dir: Path) -> IndexStats:
    """Analyze, index and write `documents` (in the given order; pass them sorted by ref)."""
    return write_built_index(build_index(documents), out_dir)


def write_built_index(built: BuiltIndex, out_dir: Path) -> IndexStats:
    terms = term_entries(built.lunr, QueryVocabulary(built.vocabulary))
    files = {
        "t": _split(terms, TERM_SHARD_BYTES, lambda term: term, "terms"),
        "v": _vocabulary_files(built.vocabulary),
        "d": _split(built.fragments, FRAGMENT_BYTES, lambda ref: ref, "documents"),
    }
    tables = query_tables()
    build = _build_hash(files, tables)
    manifest = dumps(_manifest(built, build, files))
    staging = out_dir / f".{build}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    total = 0
    for kind, contents in files.items():
        (staging / kind).mkdir(parents=True)
        for number, text in enumerate(contents):
            total += (staging / kind / f"{number}.json").write_bytes(text.encode())
    for name, text in tables.items():
        total += (staging / name).write_bytes(text.encode())
    final = out_dir / build
    shutil.rmtree(final, ignore_errors=True)
    staging.rename(final)
    manifest_bytes = (out_dir / "manifest.json").write_bytes(manifest.encode())
    return IndexStats(
        documents=len(built.fragments),
        terms=len(terms),
        surfaces=len(built.vocabulary),
        term_shards=len(files["t"]),
        vocabulary_files=len(files["v"]),
        fragment_files=len(files["d"]),
        manifest_bytes=manifest_bytes,
        total_bytes=total + manifest_bytes,
        build=build,
    )


def term_entries(serialized: dict[str, Any], vocabulary: QueryVocabulary) -> dict[str, list[Any]]:
    """term → [term index, {field: {ref: weight}}] from a lunr-schema index; name keys
    get a third element, their expansion (see key_expansion)."""
    weights = _weights(serialized["fieldVectors"])
    entries: dict[str, list[Any]] = {}
    for term, posting in serialized["invertedIndex"]:
        index = posting["_index"]
        fields = {
            field: {ref: weights[f"{field}/{ref}"][index] for ref in posting[field]}
            for field in serialized["fields"]
            if posting[field]
        }
        entries[term] = [index, fields]
        if term.startswith(NAME_PREFIXES):
            entries[term].append(key_expansion(term, vocabulary))
    return entries


def key_expansion(term: str, vocabulary: QueryVocabulary) -> list[list[Any]]:
    """The word groups of a contractor or system key, as [field, required, optional].

    A query naming a contractor (NTTデータ, ㈱NTTデータ, 株式会社 NTTデータ) is searched as
    the key's own words, required, plus the key, optional: listed contractors rank
    first, prose mentions are still found, and every spelling gives the same query.
    """
    prefix = next(p for p in NAME_PREFIXES if term.startswith(p))
    groups = segment(term[len(prefix) :], vocabulary)
    return [[g.field, list(g.required), list(g.optional)] for g in groups]


def _weights(field_vectors: list[list[Any]]) -> dict[str, dict[int, float]]:
    return {
        field_ref: dict(zip(elements[::2], elements[1::2], strict=True))
        for field_ref, elements in field_vectors
    }


def bucket_count(total_bytes: int, target_bytes: int) -> int:
    """Smallest power of two that brings files under the target size on average."""
    count = 1
    while count * target_bytes < total_bytes:
        count *= 2
    return count


def _split(entries: dict[str, Any], target: int, key_of: Any, name: str) -> list[str]:
    sizes = sum(len(key) * 3 + len(dumps(value)) for key, value in entries.items())
    count = bucket_count(sizes, target)
    parts: list[dict[str, Any]] = [{} for _ in range(count)]
    for key, value in entries.items():
        parts[bucket(key_of(key), count)][key] = value
    return [dumps({"v": FORMAT_VERSION, name: part}) for part in parts]


def _vocabulary_files(vocabulary: dict[str, tuple[str, ...]]) -> list[str]:
    sizes = sum(len(s) * 3 + len(dumps(list(t))) for s, t in vocabulary.items())
    parts = vocabulary_buckets(vocabulary, bucket_count(sizes, VOCABULARY_BYTES))
    return [dumps({"v": FORMAT_VERSION, "surfaces": part}) for part in parts]


def query_tables() -> dict[str, str]:
    """The normalizer tables the browser's query hooks need (names.js, citations.js)."""
    names = {"contractors": key_tables(), "systems": system_alias_map()}
    laws = json.loads(REGISTRY_PATH.read_text(encoding="utf-8"))
    return {"names.json": dumps(names), "laws.json": dumps(laws)}


def _build_hash(files: dict[str, list[str]], tables: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name, text in sorted(tables.items()):
        digest.update(f"{name}\n{text}".encode())
    for kind, contents in sorted(files.items()):
        for number, text in enumerate(contents):
            digest.update(f"{kind}/{number}\n".encode())
            digest.update(text.encode())
    return digest.hexdigest()[:16]


def _manifest(built: BuiltIndex, build: str, files: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "lunr": built.lunr["version"],
        "build": build,
        "hash": "fnv1a32-utf8",
        "documents": len(built.fragments),
        "fields": built.lunr["fields"],
        "boosts": FIELD_BOOSTS,
        "wordFields": list(WORD_FIELDS),
        "keyPrefixes": KEY_PREFIXES,
        "files": {
            "terms": len(files["t"]),
            "vocabulary": len(files["v"]),
            "documents": len(files["d"]),
        },
    }


def iter_files(out_dir: Path) -> Iterator[Path]:
    """Every file written by write_search_index, sorted (for tests and byte counts)."""
    return iter(sorted(p for p in out_dir.rglob("*") if p.is_file()))
