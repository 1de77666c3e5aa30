"""The search index files: their layout, their contents, and writing them deterministically.

Layout under out_dir (format version FORMAT_VERSION):

    manifest.json            small, the only file without the build hash in its path
    <build>/t/<n>.json       term shards: term → [lunr term index, {field: postings}]
                             for the word fields (+ [[field, required, optional], …]
                             for name keys)
    <build>/g/<n>.json       gram shards: term → [lunr term index, {"grams": postings}]
    <build>/v/<n>.json       vocabulary buckets: surface → terms (by first character)
    <build>/d/<n>.json       display fragments {ref, url, title, …, excerpt} of documents
                             n × P … n × P + P − 1 (P: the manifest's documentsPerFile);
                             fetched only for the results shown
    <build>/f/<g>/…          the facet table, group g (facet_table.py): labels and the
                             facet value codes of every document, in range files,
                             fetched for every result to count and filter by facet
    <build>/names.json       contractor and system key tables (names.js)
    <build>/laws.json        the law registry (citations.js)

Documents are numbered 0 … N − 1 in the order given (by ref); the browser uses the
number as a result's ref, so no table of refs is ever downloaded, and a result's
fragment file is its number // P, its facet file in group g its number // R_g. Version 4
moved the facet values out of the fragments into the facet table: a results page of
48,000 results (中間サーバー at 60,000 documents) fetched 48,000 fragment files for its
facet counts. Version 5 splits the table into groups, fetched only for the facets a page
counts, and gives the fragments back the values of the facets a result row shows.
Postings (version 3) are one flat integer list per field, [doc, weight × 1000, doc −
previous doc, weight × 1000, …] by document number: lunr rounds its field-vector elements
to 3 decimals, so the weights are exact. The browser does not load lunr.js:
theme/assets/js/scorer.js runs lunr 2.3.9's Index.query scoring (query vector per field,
dot product over its norm, fields summed) directly over these lists with typed arrays,
and scores exactly like lunr.js over the full index (the tests' oracle). lunr's scoring
model is kept; its runtime objects (a Vector per field and document, Sets and MatchData
per match) are not, as they made a common term cost seconds. File n of the t, g and v
kinds holds the keys whose FNV-1a 32 hash (UTF-8) modulo the count is n (a term; a
surface's first character). A term's `grams` postings live apart from its word-field
postings (since version 2): only a query's unknown runs search the grams field, so a
word query never pays for the character-bigram postings of its terms (事務 is both a word
and a bigram). <build> hashes every file: any change of the catalogue changes all idf
weights anyway, so per-file hashes would buy no caching and cost manifest bytes.

Term shards arrive as a stream (partitioned.py builds them partition by partition),
so files are staged as they come and the build hash is taken over their digests.

Very common terms are the limit of this format. lunr's model scores every matching
document, and every query word is required, so a query needs every posting of each of
its terms. Version 2 spelled each posting's ref ("130001-chiji-35"); version 3 spells a
document-number gap and a weight. Measured on the 1,000-document synthetic corpus: 事務
(3,025 word postings) takes 14.4 KB gzip in version 2 and 3.4 KB in version 3 (1.1 bytes
per posting: its gaps are mostly 1); all term and gram shards average 2.9 and 2.5 bytes
per posting gzip, term strings included. 事務 would have about 180,000 postings at 60,000
documents (about 200 KB gzip), so the 60 KB budget of a later query still holds only
terms found in fewer than about 50,000 (field, document) pairs. Cutting a term's
postings into pages by weight (fetch the heaviest first, stop when no unseen document
can enter the top ten: Fagin's threshold algorithm) would keep the top results exact but
not the total count, the facet counts nor the order past the top. It needs: per term and
field, postings sorted by weight in pages with each page's largest weight in the shard;
scorer.js to stop early (a document's score is the sum over terms and fields of its
weight times the query's, over the query vector's norm, so a page's largest weights
bound any unseen document); and a results page that says "上位N件" instead of a count. It
is not done. Measured by `python -m benchmarks.search_index_build`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lunr import __TARGET_JS_VERSION__ as LUNR_VERSION

from generator.normalize.citations import REGISTRY_PATH
from generator.normalize.contractors import key_tables
from generator.normalize.systems import system_alias_map
from generator.search.compact_json import dumps
from generator.search.documents import SearchDocument
from generator.search.facet_table import facet_files
from generator.search.facet_table import manifest_entry as facet_manifest
from generator.search.index_builder import FIELD_BOOSTS, FIELD_NAMES, WORD_FIELDS
from generator.search.query import KEY_PREFIXES, QueryVocabulary, segment
from generator.search.vocabulary import vocabulary_buckets

if TYPE_CHECKING:
    from generator.search.delta import DeltaPolicy

NAME_PREFIXES = (KEY_PREFIXES["contractors"], KEY_PREFIXES["systems"])
FORMAT = "pia-search"
FORMAT_VERSION = 5
GRAMS = "grams"
SHARD_KINDS = {"t": "terms", "g": "grams"}
TERM_SHARD_BYTES = 16_000
VOCABULARY_BYTES = 16_000
FRAGMENT_BYTES = 4_000  # a result page fetches the files of its results: keep them small
# The shard count's estimate of a posting: its ref plus 9 bytes, as format 2 spelled
# it. A format 3 posting takes about 7 bytes, so shards come out at about a third of
# TERM_SHARD_BYTES: more files, fewer unrelated postings fetched per query.
POSTING_OVERHEAD_BYTES = 9
TERM_OVERHEAD_BYTES = 16

TermShard = dict[str, list[Any]]
# ("t" or "g", shard number, shard)
KindShard = tuple[str, int, TermShard]
# (path under the build directory, file text)
ShardText = tuple[str, str]
STAGING = ".staging"  # where a build's files are written, under out_dir


@dataclass(frozen=True)
class StagedFile:
    """A file written under out_dir/STAGING (`stage_file`), by whichever process made it."""

    path: str
    digest: str  # SHA-256 of its bytes
    size: int


def stage_file(staging: Path, path: str, text: str) -> StagedFile:
    data = text.encode()
    target = staging / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return StagedFile(path, hashlib.sha256(data).hexdigest(), len(data))


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
    reused: int = 0  # documents whose analysis came from the analysis cache
    updated: int | None = None  # a delta (delta.py): documents weighed again; None: whole
    whole_because: str = ""  # why an incremental build wrote the index whole


@dataclass(frozen=True)
class IndexContents:
    """Everything but the term shards: known once every document has been analyzed."""

    documents: int
    vocabulary: dict[str, tuple[str, ...]]
    fragments: dict[str, str]  # ref → compact JSON of fragment()
    facets: list[dict[str, list[str]]]  # SearchDocument.facets by document number


def write_search_index(
    documents: Iterable[SearchDocument],
    out_dir: Path,
    cache_dir: Path | None = None,
    *,
    reuse: bool = True,
    previous: Path | None = None,
    policy: DeltaPolicy | None = None,
) -> IndexStats:
    """Analyze, index and write `documents` (in the given order; pass them sorted by ref).

    With `cache_dir`, each document's analysis is kept there (analysis_cache.py) and, with
    `reuse`, taken from there when its content has not changed: the same files, sooner.
    With `reuse` and `previous` (the last build's index directory) the last index is
    updated for the changed documents instead (delta.py), when `policy` allows: `out_dir`
    then holds the delta staged, which delta.py `publish_delta` applies to `previous`.
    """
    from generator.search.analysis_cache import AnalysisCache, analysis_environment
    from generator.search.delta import DeltaRefused, update_index
    from generator.search.document_file import content_keys_of
    from generator.search.partitioned import write_partitioned_index
    from generator.search.snapshot import SNAPSHOT_NAME, SnapshotFile, index_environment

    if cache_dir is None:
        return write_partitioned_index(documents, out_dir)
    environment = analysis_environment()
    cache = AnalysisCache(cache_dir, environment, reuse)
    snapshot = SnapshotFile(cache_dir / SNAPSHOT_NAME, index_environment(environment))
    because = ""
    if reuse and previous is not None:
        if iter(documents) is documents:  # a delta reads them, and a refused one again
            raise TypeError("documents must be readable twice (a DocumentFile or a sequence)")
        try:
            stats, updated = update_index(
                documents, previous, out_dir, snapshot.load(), cache, policy
            )
        except DeltaRefused as refusal:  # raised before anything is written
            because = str(refusal)
        else:
            snapshot.save(updated)
            return stats
    snapshot.remove()  # written again once the whole index is
    stats = write_partitioned_index(
        documents, out_dir, cache=cache, snapshot=snapshot, content_keys=content_keys_of(documents)
    )
    return dataclasses.replace(stats, whole_because=because)


class StagedFiles:
    """Files written under out_dir/STAGING, then moved to out_dir/<build hash>."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.staging = out_dir / STAGING
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.digests: dict[str, str] = {}
        self.total_bytes = 0

    def write(self, path: str, text: str) -> None:
        self.add(stage_file(self.staging, path, text))

    def add(self, staged: StagedFile) -> None:
        """Count a file another process wrote in the staging directory."""
        self.digests[staged.path] = staged.digest
        self.total_bytes += staged.size

    def publish(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.digests):
            digest.update(f"{path}\n{self.digests[path]}\n".encode())
        build = digest.hexdigest()[:16]
        final = self.out_dir / build
        shutil.rmtree(final, ignore_errors=True)
        self.staging.rename(final)
        return build


def shard_text(kind: str, number: int, shard: TermShard, numbers: Mapping[str, int]) -> ShardText:
    """The file of one shard, its postings numbered by `numbers` (ref → document number)."""
    terms = {term: _compact_entry(entry, numbers) for term, entry in shard.items()}
    return f"{kind}/{number}.json", term_shard_file(terms)


def _compact_entry(entry: list[Any], numbers: Mapping[str, int]) -> list[Any]:
    index, fields, *expansion = entry
    postings = {field: compact_postings(weights, numbers) for field, weights in fields.items()}
    return [index, postings, *expansion]


def compact_postings(weights: Mapping[str, float], numbers: Mapping[str, int]) -> list[int]:
    """{ref: weight} as [doc, weight × 1000, doc − previous doc, weight × 1000, …] by doc.

    lunr rounds every field-vector element to 3 decimals (round(score, 3) in lunr.py,
    Math.round(score * 1000) / 1000 in lunr.js), so the integer n gives back the very
    same float as n / 1000.
    """
    pairs: list[tuple[int, int]] = []
    for doc, weight in sorted((numbers[ref], weight) for ref, weight in weights.items()):
        milli = round(weight * 1000)
        if milli / 1000 != weight:
            raise ValueError(f"weight {weight!r} of document {doc} is not rounded to 3 decimals")
        pairs.append((doc, milli))
    return gap_encoded(pairs)


def gap_encoded(pairs: Iterable[tuple[int, int]]) -> list[int]:
    """(document number, weight × 1000) pairs, by document, as a flat gap-coded list."""
    out: list[int] = []
    previous = 0
    for doc, milli in pairs:
        out += (doc - previous, milli)
        previous = doc
    return out


def gap_decoded(postings: list[int]) -> list[tuple[int, int]]:
    """The (document number, weight × 1000) pairs of a gap-coded list."""
    pairs: list[tuple[int, int]] = []
    doc = 0
    for at in range(0, len(postings), 2):
        doc += postings[at]
        pairs.append((doc, postings[at + 1]))
    return pairs


def document_numbers(refs: Iterable[str]) -> dict[str, int]:
    """ref → document number: its position in `refs` (the documents' order, by ref)."""
    return {ref: number for number, ref in enumerate(refs)}


def write_index_files(
    out_dir: Path,
    shards: Iterable[ShardText | StagedFile],
    shard_counts: dict[str, int],
    contents: IndexContents,
    terms: int,
) -> IndexStats:
    """Write every file; `shards` gives each shard of shard_counts ("t", "g") once, as its
    text or as written under out_dir/STAGING (by a pass-2 process, once this has begun)."""
    staged = StagedFiles(out_dir)
    for shard in shards:
        if isinstance(shard, StagedFile):
            staged.add(shard)
        else:
            staged.write(*shard)
    vocabulary = _vocabulary_files(contents.vocabulary)
    per_file = documents_per_file(contents.fragments.values())
    fragments = _fragment_files(list(contents.fragments.values()), per_file)
    for kind, texts in (("v", vocabulary), ("d", fragments)):
        for number, text in enumerate(texts):
            staged.write(f"{kind}/{number}.json", text)
    facet_texts = facet_files(contents.facets, FORMAT_VERSION)
    for name, text in {**facet_texts, **query_tables()}.items():
        staged.write(name, text)
    counts = {SHARD_KINDS[kind]: count for kind, count in shard_counts.items()}
    counts.update(vocabulary=len(vocabulary), documents=len(fragments), facets=len(facet_texts))
    build = staged.publish()
    manifest = dumps(_manifest(contents.documents, build, counts, per_file))
    manifest_bytes = (out_dir / "manifest.json").write_bytes(manifest.encode())
    return IndexStats(
        documents=contents.documents,
        terms=terms,
        surfaces=len(contents.vocabulary),
        term_shards=sum(shard_counts.values()),
        vocabulary_files=len(vocabulary),
        fragment_files=len(fragments),
        manifest_bytes=manifest_bytes,
        total_bytes=staged.total_bytes + manifest_bytes,
        build=build,
    )


def shard_counts(
    term_postings: Iterable[tuple[str, int, int]], mean_ref_bytes: float
) -> dict[str, int]:
    """{"t": …, "g": …} shard counts for (term, word postings, gram postings), from
    the estimated bytes of the entries."""
    totals = {"t": 0.0, "g": 0.0}
    for term, words, grams in term_postings:
        for kind, postings in (("t", words), ("g", grams)):
            if postings:
                totals[kind] += len(term.encode()) + TERM_OVERHEAD_BYTES
                totals[kind] += postings * (mean_ref_bytes + POSTING_OVERHEAD_BYTES)
    return {kind: bucket_count(int(total), TERM_SHARD_BYTES) for kind, total in totals.items()}


def split_entries(entries: dict[str, list[Any]]) -> dict[str, dict[str, list[Any]]]:
    """Entries (term → term_entry) cut into word-field entries ("t") and grams entries ("g")."""
    split: dict[str, dict[str, list[Any]]] = {"t": {}, "g": {}}
    for term, (index, fields, *expansion) in entries.items():
        words = {field: refs for field, refs in fields.items() if field != GRAMS}
        if words:
            split["t"][term] = [index, words, *expansion]
        if GRAMS in fields:
            split["g"][term] = [index, {GRAMS: fields[GRAMS]}]
    return split


def term_entry(
    term: str, index: int, fields: dict[str, dict[str, float]], vocabulary: QueryVocabulary
) -> list[Any]:
    """[term index, {field: {ref: weight}}] of a term; name keys get a third element,
    their expansion (see key_expansion)."""
    if term.startswith(NAME_PREFIXES):
        return [index, fields, key_expansion(term, vocabulary)]
    return [index, fields]


def key_expansion(term: str, vocabulary: QueryVocabulary) -> list[list[Any]]:
    """The word groups of a contractor or system key, as [field, required, optional].

    A query naming a contractor (NTTデータ, ㈱NTTデータ, 株式会社 NTTデータ) is searched as
    the key's own words, required, plus the key, optional: listed contractors rank
    first, prose mentions are still found, and every spelling gives the same query.
    """
    prefix = next(p for p in NAME_PREFIXES if term.startswith(p))
    groups = segment(term[len(prefix) :], vocabulary)
    return [[g.field, list(g.required), list(g.optional)] for g in groups]


def bucket_count(total_bytes: int, target_bytes: int) -> int:
    """Smallest power of two that brings files under the target size on average."""
    count = 1
    while count * target_bytes < total_bytes:
        count *= 2
    return count


def documents_per_file(fragments: Iterable[str]) -> int:
    """Largest power of two of fragments that fits FRAGMENT_BYTES on average (at least 1)."""
    texts = list(fragments)
    mean = max(1.0, sum(len(text.encode()) for text in texts) / max(1, len(texts)))
    per_file = 1
    while per_file * 2 * mean <= FRAGMENT_BYTES:
        per_file *= 2
    return per_file


def _fragment_files(fragments: list[str], per_file: int) -> list[str]:
    """dumps({"documents": [fragment, …], "first": n, "v": …}) of documents n, n + 1, …
    (by document number), assembled from already dumped fragments."""
    return [
        fragment_file(fragments[first : first + per_file], first)
        for first in range(0, len(fragments), per_file)
    ]


def fragment_file(fragments: Iterable[str], first: int) -> str:
    """dumps({"documents": [fragment, …], "first": first, "v": …}) of dumped fragments."""
    return '{"documents":[' + ",".join(fragments) + f'],"first":{first},"v":{FORMAT_VERSION}}}'


def _vocabulary_files(vocabulary: dict[str, tuple[str, ...]]) -> list[str]:
    sizes = sum(len(s) * 3 + len(dumps(list(t))) for s, t in vocabulary.items())
    parts = vocabulary_buckets(vocabulary, bucket_count(sizes, VOCABULARY_BYTES))
    return [vocabulary_file(part) for part in parts]


def vocabulary_file(surfaces: Mapping[str, list[str]]) -> str:
    return dumps({"v": FORMAT_VERSION, "surfaces": surfaces})


def term_shard_file(terms: TermShard) -> str:
    return dumps({"v": FORMAT_VERSION, "terms": terms})


def query_tables() -> dict[str, str]:
    """The normalizer tables the browser's query hooks need (names.js, citations.js)."""
    names = {"contractors": key_tables(), "systems": system_alias_map()}
    laws = json.loads(REGISTRY_PATH.read_text(encoding="utf-8"))
    return {"names.json": dumps(names), "laws.json": dumps(laws)}


def _manifest(documents: int, build: str, counts: dict[str, int], per_file: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "lunr": LUNR_VERSION,
        "build": build,
        "hash": "fnv1a32-utf8",
        "documents": documents,
        "fields": list(FIELD_NAMES),
        "boosts": FIELD_BOOSTS,
        "wordFields": list(WORD_FIELDS),
        "keyPrefixes": KEY_PREFIXES,
        "files": counts,
        "documentsPerFile": per_file,
        "facets": facet_manifest(),
    }


def iter_files(out_dir: Path) -> Iterator[Path]:
    """Every file written by write_search_index, sorted (for tests and byte counts)."""
    return iter(sorted(p for p in out_dir.rglob("*") if p.is_file()))
