"""`pia build --incremental`: the last search index, updated for the documents that changed.

A full index (partitioned.py) weighs all postings with corpus-wide statistics, so any
change of any document moves every weight a little, and at 60,000 documents weighing
them all again takes more than ten minutes. A delta keeps the statistics of the last
full index frozen (snapshot.py: number of documents, field lengths, each term's posting
count) and weighs only the changed documents, with those statistics: every other
document's postings stay as they are, byte for byte, and only the files that hold a
changed document are written again. The ranking therefore drifts from the one a full
build would give, a little per changed document: a delta is used only while the
documents weighed by deltas since the last full index stay under `DeltaPolicy.max_share`
of the corpus, and only for a corpus of at least `DeltaPolicy.min_documents` (below
that a full index takes seconds). A build without ``--incremental`` always writes the
index whole.

What is frozen besides the weights: the term numbers (a new term gets the next one, and
its posting count at its first appearance), the facet value codes (a new value gets the
next code), the vocabulary (a surface keeps its analysis; new surfaces are added), the
shard counts and the documents per file. Documents added or removed renumber every
posting after them, so they make the build write the index whole, as does anything
that makes the snapshot unusable (`DeltaRefused`, with the reason in Japanese for the
build log).

The delta is staged: only the files it writes anew, under the name of a new build
directory (its hash chains the previous build's and the written files' digests), the new
manifest and a record of the build it updates (`DELTA_RECORD`). The published index is
only read until the build publishes (`publish_delta`): the published build directory is
then renamed to the new name and the written files are moved into it, replacing
theirs. Every file under a build directory's name keeps the content it had when that
name first appeared, so browsers and caches may keep them for good. Before, the new
build directory was made of hard links to all the published files (256,000 at 60,000
documents), and the old one was removed by the next build: half a minute of system
calls per rebuild, on two cores shared with validation.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import operator
import os
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.search.analysis_cache import AnalysisCache
from generator.search.compact_json import dumps
from generator.search.document_file import DocumentFile, content_keys_of
from generator.search.documents import SearchDocument
from generator.search.facet_table import decode_runs, encode_runs, range_file, values_file
from generator.search.index_builder import FIELD_NAMES
from generator.search.parallel import AnalyzedDocument, default_workers, keyed_analyses
from generator.search.query import QueryVocabulary
from generator.search.shards import (
    FORMAT_VERSION,
    GRAMS,
    SHARD_KINDS,
    IndexStats,
    TermShard,
    compact_postings,
    fragment_file,
    gap_decoded,
    split_entries,
    term_shard_file,
    vocabulary_file,
)
from generator.search.snapshot import IndexSnapshot
from generator.search.text import bucket
from generator.search.vocabulary import VocabularyBuilder
from generator.search.weights import CorpusStatistics, PartitionPostings
from generator.write import files_under

GRAMS_FIELD = FIELD_NAMES.index(GRAMS)
# Changed documents from which their analysis runs in worker processes (one per CPU)
ANALYSES_IN_WORKERS = 8
# (document number, weight × 1000)
Posting = tuple[int, int]
# In a staged delta: {"from": the published build it updates, "to": the new build's name}
DELTA_RECORD = "delta.json"


@dataclass(frozen=True)
class DeltaPolicy:
    """When a delta may replace a full index."""

    min_documents: int = 1_000  # below this a full index takes seconds and stays exact
    max_share: float = 0.01  # of the documents, weighed by deltas since the last full index


DEFAULT_POLICY = DeltaPolicy()


ADDED_OR_REMOVED = "評価書が追加または削除されました"


class DeltaRefused(Exception):
    """The index must be written whole; the message says why (for the build log)."""


@dataclass(frozen=True)
class Change:
    """One changed document: its number, its analyses before and after, its facets."""

    number: int
    key: str
    old: AnalyzedDocument
    new: AnalyzedDocument
    facets: dict[str, list[str]]


@dataclass
class Files:
    """The previous build's files as read, and the texts that replace some of them."""

    root: Path
    read: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)

    def json(self, path: str) -> Any:
        if path not in self.read:
            self.read[path] = (self.root / path).read_text(encoding="utf-8")
        return json.loads(self.read[path])

    def write(self, path: str, text: str) -> None:
        if text != self.read.get(path):
            self.written[path] = text


def update_index(
    documents: Iterable[SearchDocument],
    previous: Path,
    out_dir: Path,
    snapshot: IndexSnapshot | None,
    cache: AnalysisCache,
    policy: DeltaPolicy | None = None,
) -> tuple[IndexStats, IndexSnapshot]:
    """Stage in `out_dir` the index at `previous` updated for the documents whose content
    changed since `snapshot` (`publish_delta` applies it); the stats and the snapshot of
    the index it makes.

    Raises DeltaRefused, before writing anything, when the index must be written whole.
    """
    if snapshot is None:
        raise DeltaRefused("前回の索引の統計が残っていません")
    manifest = _previous_manifest(previous, snapshot)
    policy = policy or DEFAULT_POLICY
    if snapshot.documents < policy.min_documents:
        raise DeltaRefused(f"評価書が {policy.min_documents:,} 件未満です")
    allowed = int(snapshot.documents * policy.max_share) - snapshot.updated_since_full
    keys = content_keys_of(documents)
    changed = _changed_documents(documents, keys, snapshot, cache, allowed)
    changes = _changes(changed, snapshot, cache)
    files = Files(previous / snapshot.build)
    try:
        vocabulary = _update_vocabulary(files, manifest, changes)
        _update_terms(files, manifest, snapshot, changes, vocabulary)
        _update_fragments(files, manifest, changes)
        _update_facets(files, manifest, changes)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
        raise DeltaRefused(f"公開中の検索索引のファイルを読めません({error!r})") from error
    build = _stage(files, out_dir, snapshot.build)
    manifest_text = dumps({**manifest, "build": build})
    manifest_bytes = (out_dir / "manifest.json").write_bytes(manifest_text.encode())
    total = snapshot.total_bytes + sum(
        len(text.encode()) - len(files.read.get(path, "").encode())
        for path, text in files.written.items()
    )
    counts = manifest["files"]
    stats = IndexStats(
        documents=snapshot.documents,
        terms=len(snapshot.terms),
        surfaces=snapshot.surfaces + vocabulary.added,
        term_shards=counts["terms"] + counts["grams"],
        vocabulary_files=counts["vocabulary"],
        fragment_files=counts["documents"],
        manifest_bytes=manifest_bytes,
        total_bytes=total,
        build=build,
        reused=snapshot.documents - len(changes),
        updated=len(changes),
    )
    for change in changes:
        snapshot.keys[change.number] = change.key
    snapshot.content_keys = keys
    snapshot.build, snapshot.total_bytes = build, total
    snapshot.surfaces += vocabulary.added
    snapshot.updated_since_full += len(changes)
    return stats, snapshot


def _previous_manifest(previous: Path, snapshot: IndexSnapshot) -> dict[str, Any]:
    try:
        manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DeltaRefused("公開中のサイトに検索索引がありません") from None
    if manifest.get("version") != FORMAT_VERSION or manifest.get("build") != snapshot.build:
        raise DeltaRefused("公開中の検索索引が前回の統計と一致しません")
    if not (previous / snapshot.build).is_dir():
        raise DeltaRefused("公開中の検索索引のファイルがありません")
    return manifest


def _changed_documents(
    documents: Iterable[SearchDocument],
    keys: list[str] | None,
    snapshot: IndexSnapshot,
    cache: AnalysisCache,
    allowed: int,
) -> list[tuple[int, str, SearchDocument]]:
    """(number, content key, document) of each document whose content changed. Of a
    DocumentFile whose content `keys` the snapshot knows, only the documents whose key
    changed are read (at 60,000 documents, reading them all took a quarter of a minute)."""
    numbered: Iterable[tuple[int, SearchDocument]]
    if isinstance(documents, DocumentFile) and keys is not None and snapshot.content_keys:
        if len(keys) != snapshot.documents:
            raise DeltaRefused(ADDED_OR_REMOVED)
        last = snapshot.content_keys
        numbers = [number for number, key in enumerate(keys) if key != last[number]]
        numbered, count = zip(numbers, documents.documents_at(numbers), strict=True), len(keys)
    else:
        numbered, count = enumerate(documents), None
    changed: list[tuple[int, str, SearchDocument]] = []
    seen = 0
    for number, document in numbered:
        if number >= snapshot.documents or document.ref != snapshot.refs[number]:
            raise DeltaRefused(ADDED_OR_REMOVED)
        key = cache.key(document)
        if key != snapshot.keys[number]:
            changed.append((number, key, document))
            if len(changed) > allowed:
                raise DeltaRefused("前回の全体構築から変わった評価書が差分更新の上限を超えました")
        seen += 1
    if (count if count is not None else seen) != snapshot.documents:
        raise DeltaRefused(ADDED_OR_REMOVED)
    return changed


def _changes(
    changed: list[tuple[int, str, SearchDocument]], snapshot: IndexSnapshot, cache: AnalysisCache
) -> list[Change]:
    """Each changed document with its analyses: the old one from the cache, the new one
    from the cache or from Sudachi (in this process unless there are many: starting the
    worker processes costs seconds)."""
    olds = [cache.lookup(snapshot.keys[number]) for number, _key, _document in changed]
    if any(old is None for old in olds):
        raise DeltaRefused("変更前の評価書の解析結果がキャッシュに残っていません")
    workers = default_workers() if len(changed) >= ANALYSES_IN_WORKERS else 1
    news = keyed_analyses((document for _n, _k, document in changed), workers, cache)
    return [
        Change(number, key, old, new, {f: list(v) for f, v in document.facets.items()})
        for (number, key, document), old, (_key, new) in zip(changed, olds, news, strict=True)
        if old is not None
    ]


class _PublishedVocabulary(QueryVocabulary):
    """The published vocabulary, each bucket file read when a surface of it is first
    looked up: a delta needs the buckets of the changed documents' surfaces and name keys,
    not the whole vocabulary (tens of megabytes of JSON nationally)."""

    def __init__(self, files: Files, count: int) -> None:
        super().__init__({})
        self.entries: dict[str, Sequence[str]] = {}
        self.buckets: dict[int, dict[str, list[str]]] = {}
        self.added = 0  # surfaces no document had before
        self._files, self._count = files, count

    def bucket(self, surface: str) -> dict[str, list[str]]:
        """The surfaces of `surface`'s bucket file (those with its first character)."""
        number = bucket(surface[0], self._count)
        surfaces = self.buckets.get(number)
        if surfaces is None:
            surfaces = self.buckets[number] = self._files.json(f"v/{number}.json")["surfaces"]
            for known, terms in surfaces.items():
                self._learn(known, terms)
        return surfaces

    def add(self, surface: str, terms: list[str]) -> int:
        """Add a new surface; the number of its bucket file."""
        self.bucket(surface)[surface] = terms
        self._learn(surface, terms)
        self.added += 1
        return bucket(surface[0], self._count)

    def match(self, text: str, start: int) -> str | None:
        self.bucket(text[start])
        return super().match(text, start)

    def _learn(self, surface: str, terms: Sequence[str]) -> None:
        self.entries[surface] = terms
        first = surface[0]
        self.longest[first] = max(self.longest.get(first, 0), len(surface))


def _update_vocabulary(
    files: Files, manifest: dict[str, Any], changes: list[Change]
) -> _PublishedVocabulary:
    """The vocabulary with the surfaces no document had before (existing surfaces keep
    their analysis); their buckets written again."""
    vocabulary = _PublishedVocabulary(files, manifest["files"]["vocabulary"])
    observed = VocabularyBuilder()
    for change in changes:
        observed.add(change.new.vocabulary)
    touched: set[int] = set()
    for surface, terms in observed.build().items():
        if surface not in vocabulary.bucket(surface):
            touched.add(vocabulary.add(surface, list(terms)))
    for number in sorted(touched):
        files.write(f"v/{number}.json", vocabulary_file(vocabulary.buckets[number]))
    return vocabulary


def _update_terms(
    files: Files,
    manifest: dict[str, Any],
    snapshot: IndexSnapshot,
    changes: list[Change],
    vocabulary: QueryVocabulary,
) -> None:
    """Remove the changed documents' postings from the shards of the terms whose postings
    changed and add their new ones, weighed with the snapshot's statistics (new terms
    join its term table). A term whose postings in the changed documents weigh the same
    before and after (all of a retitled document's body terms: the field lengths are the
    snapshot's) keeps its entry, and its shard is not read."""
    counts = {kind: manifest["files"][name] for kind, name in SHARD_KINDS.items()}
    index_of = _term_indices(snapshot, changes)
    before = _weighed_postings(snapshot, changes, vocabulary, index_of, old=True)
    added = _weighed_postings(snapshot, changes, vocabulary, index_of)
    numbers = {change.number for change in changes}
    touched: defaultdict[tuple[str, int], set[str]] = defaultdict(set)
    for kind, term in _changed_terms(before, added):
        touched[kind, bucket(term, counts[kind])].add(term)
    for (kind, number), terms in sorted(touched.items()):
        path = f"{kind}/{number}.json"
        shard: TermShard = files.json(path)["terms"]
        for term in terms:
            entry = _merged_entry(shard.get(term), added[kind].get(term), numbers)
            if entry is None:
                shard.pop(term, None)
            else:
                shard[term] = entry
        files.write(path, term_shard_file(shard))


def _changed_terms(
    before: dict[str, dict[str, list[Any]]], after: dict[str, dict[str, list[Any]]]
) -> Iterator[tuple[str, str]]:
    """("t" or "g", term) of each term whose changed documents' postings differ."""
    for kind in sorted(before.keys() | after.keys()):
        old, new = before.get(kind, {}), after.get(kind, {})
        for term in old.keys() | new.keys():
            if term not in old or term not in new or old[term][1] != new[term][1]:
                yield kind, term


def _kind_terms(analyzed: AnalyzedDocument) -> Iterator[tuple[str, str]]:
    """("t" or "g", term) for every term of the document's fields."""
    for number, (_length, frequencies) in enumerate(analyzed.fields):
        kind = "g" if number == GRAMS_FIELD else "t"
        for term, _frequency in frequencies:
            yield kind, term


def _weighed_postings(
    snapshot: IndexSnapshot,
    changes: list[Change],
    vocabulary: QueryVocabulary,
    index_of: dict[str, int],
    old: bool = False,
) -> dict[str, dict[str, list[Any]]]:
    """{"t"/"g": term → [term index, {field: [(document, weight × 1000), …]}, …]} of the
    changed documents' new (or `old`) analyses, weighed with the snapshot's statistics."""
    statistics = CorpusStatistics(snapshot.documents, snapshot.postings, snapshot.field_length_sums)
    merged: dict[str, dict[str, list[Any]]] = {"t": {}, "g": {}}
    for change in changes:
        analyzed = change.old if old else change.new
        lengths = [length for length, _frequencies in analyzed.fields]
        weighed = PartitionPostings(statistics, [analyzed.ref], lengths)
        record = [
            value
            for number, (_length, frequencies) in enumerate(analyzed.fields)
            for term, frequency in frequencies
            for value in (number, index_of[term], frequency)
        ]
        weighed.add(0, record)
        numbers = {analyzed.ref: change.number}
        entries = split_entries(weighed.entries(snapshot.terms, vocabulary))
        for kind, kind_entries in entries.items():
            for term, (index, fields, *expansion) in kind_entries.items():
                entry = merged[kind].setdefault(term, [index, {}, *expansion])
                for name, weights in fields.items():
                    postings = gap_decoded(compact_postings(weights, numbers))
                    entry[1].setdefault(name, []).extend(postings)
    return merged


def _term_indices(snapshot: IndexSnapshot, changes: list[Change]) -> dict[str, int]:
    """Term → lunr term index for the changed documents' terms, old and new. A new term
    the snapshot does not know joins its table, with its posting count in these documents
    (frozen from then on, like the others)."""
    wanted = {
        term for change in changes for analyzed in (change.old, change.new)
        for _kind, term in _kind_terms(analyzed)
    }  # fmt: skip
    index_of = {term: i for i, term in enumerate(snapshot.terms) if term in wanted}
    if any(term not in index_of for change in changes for _kind, term in _kind_terms(change.old)):
        raise DeltaRefused("変更前の評価書の索引語が前回の統計にありません")
    known = len(snapshot.terms)
    for change in changes:
        for number, (_length, frequencies) in enumerate(change.new.fields):
            for term, _frequency in frequencies:
                index = index_of.get(term)
                if index is None:
                    index = index_of[term] = len(snapshot.terms)
                    snapshot.terms.append(term)
                    snapshot.postings.append(0)
                    snapshot.gram_postings.append(0)
                if index >= known:
                    snapshot.postings[index] += 1
                    snapshot.gram_postings[index] += number == GRAMS_FIELD
    return index_of


def _merged_entry(
    entry: list[Any] | None, added: list[Any] | None, changed: set[int]
) -> list[Any] | None:
    """A shard entry without the changed documents' old postings and with their new ones
    (`added`: postings as pairs); None when no posting is left. An existing entry keeps
    its term index and key expansion."""
    fields: dict[str, _Postings] = {}
    if entry is not None:
        for name, postings in entry[1].items():
            kept = _Postings.decoded(postings).without(changed)
            if kept.documents:
                fields[name] = kept
    if added is not None:
        for name, pairs in added[1].items():
            fields[name] = fields.get(name, _Postings([], [])).with_pairs(pairs)
    if not fields:
        return None
    index, _fields, *expansion = entry if entry is not None else added  # type: ignore[misc]
    return [index, {name: postings.encoded() for name, postings in fields.items()}, *expansion]


@dataclass
class _Postings:
    """One field's postings of a term as parallel lists, changed in place by bisection: a
    common term's list holds tens of thousands of postings, of which a delta changes a few
    (decoding and encoding them pair by pair was most of a delta's time)."""

    documents: list[int]
    weights: list[int]

    @classmethod
    def decoded(cls, postings: list[int]) -> _Postings:
        return cls(list(itertools.accumulate(postings[0::2])), postings[1::2])

    def without(self, documents: set[int]) -> _Postings:
        for document in documents:
            at = bisect.bisect_left(self.documents, document)
            if at < len(self.documents) and self.documents[at] == document:
                del self.documents[at], self.weights[at]
        return self

    def with_pairs(self, pairs: Iterable[tuple[int, int]]) -> _Postings:
        for document, weight in pairs:
            at = bisect.bisect_left(self.documents, document)
            self.documents.insert(at, document)
            self.weights.insert(at, weight)
        return self

    def encoded(self) -> list[int]:
        """As `gap_encoded` writes them."""
        documents = self.documents
        out = [0] * (2 * len(documents))
        out[0::2] = [documents[0], *map(operator.sub, documents[1:], documents)]
        out[1::2] = self.weights
        return out


def _by_file(changes: list[Change], per_file: int) -> list[tuple[int, list[Change]]]:
    """(file number, its changes) of files holding `per_file` documents each, in order."""
    by_file: defaultdict[int, list[Change]] = defaultdict(list)
    for change in changes:
        by_file[change.number // per_file].append(change)
    return sorted(by_file.items())


def _update_fragments(files: Files, manifest: dict[str, Any], changes: list[Change]) -> None:
    per_file = manifest["documentsPerFile"]
    for number, file_changes in _by_file(changes, per_file):
        path = f"d/{number}.json"
        fragments = files.json(path)["documents"]
        for change in file_changes:
            fragments[change.number - number * per_file] = json.loads(change.new.fragment)
        files.write(path, fragment_file(map(dumps, fragments), number * per_file))


def _update_facets(files: Files, manifest: dict[str, Any], changes: list[Change]) -> None:
    """The changed documents' facet codes in each group's range file; a value no document
    had gets the next code of its facet."""
    for group_number, group in enumerate(manifest["facets"]["groups"]):
        root = f"f/{group_number}"
        values: dict[str, list[str]] = files.json(f"{root}/values.json")["values"]
        for number, file_changes in _by_file(changes, group["documentsPerFile"]):
            path = f"{root}/{number}.json"
            part = files.json(path)
            columns = {name: decode_runs(runs) for name, runs in part["facets"].items()}
            for change in file_changes:
                for name in group["names"]:
                    labels = values[name]
                    for label in change.facets.get(name, ()):
                        if label not in labels:
                            labels.append(label)
                    codes = [labels.index(label) for label in change.facets.get(name, ())]
                    columns[name][change.number - part["first"]] = codes
            encoded = {name: encode_runs(entries) for name, entries in columns.items()}
            files.write(path, range_file(encoded, part["first"], FORMAT_VERSION))
        files.write(f"{root}/values.json", values_file(values, FORMAT_VERSION))


def _stage(files: Files, out_dir: Path, previous_build: str) -> str:
    """The written files under ``out_dir/<build>`` and the record of the build they
    update; the new build's name: the previous build's hash chained with the written
    files'."""
    if not files.written:
        build = previous_build
    else:
        digest = hashlib.sha256(f"{previous_build}\n".encode())
        for path, text in sorted(files.written.items()):
            digest.update(f"{path}\n{hashlib.sha256(text.encode()).hexdigest()}\n".encode())
        build = digest.hexdigest()[:16]
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, text in files.written.items():
        written = out_dir / build / path
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(text.encode())
    record = {"from": previous_build, "to": build}
    (out_dir / DELTA_RECORD).write_text(json.dumps(record), encoding="utf-8")
    return build


def publish_delta(staged: Path, published: Path) -> bool:
    """Apply the delta staged in ``staged`` (`update_index`) to the index published in
    ``published``, and remove ``staged``; False, doing nothing, when ``staged`` holds no
    delta (a whole index, or none).

    The published build directory is renamed to the new build's name, then each written
    file moved in over its old version (never written through: its old version may be
    linked elsewhere), then the manifest. The caller publishes with signals held back
    and a marker that makes the next build write everything if this is interrupted
    (generator/overlay.py `publishing`)."""
    try:
        record = json.loads((staged / DELTA_RECORD).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    old, new = published / record["from"], published / record["to"]
    if new != old:
        if new.exists():  # left by a build stopped while it published: never named since
            shutil.rmtree(new)
        os.replace(old, new)
    for relative in files_under(staged / record["to"]):
        os.replace(staged / record["to"] / relative, new / relative)
    os.replace(staged / "manifest.json", published / "manifest.json")
    shutil.rmtree(staged)
    return True
