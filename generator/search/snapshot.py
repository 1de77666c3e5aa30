"""What the last search index was weighed with, kept so that the next one can be a delta.

A full index (partitioned.py) weighs every posting with corpus-wide statistics: the
number of documents, each field's total length, and each term's posting count (lunr's
"documents with term"). `pia build --incremental` can then update that index for a few
changed documents (delta.py) instead of weighing all postings again, if it knows those
statistics and which analysis each document had: this snapshot. It is written next to
the analysis cache after every index build and describes the index of one build hash
(`build`); a snapshot that names another build, was written by other code or does not
decode is not used (the index is then built whole).

Layout: ``<cache>/search/index-state.marshal``: zlib-compressed marshal of a tuple: the
snapshot format version, the environment, then the fields of `IndexSnapshot` in order,
arrays as bytes. At 60,000 documents most of it is
the term table.
"""

from __future__ import annotations

import marshal
import zlib
from array import array
from dataclasses import dataclass, fields
from pathlib import Path

from generator.filecache import PROJECT, inputs_hash
from generator.gcpause import gc_paused
from generator.write import write_atomic

SNAPSHOT_NAME = "index-state.marshal"
SNAPSHOT_VERSION = 2
# The code that writes the index files: a snapshot from other code may describe files
# this code would write differently, so it is not used.
INDEX_CODE = ("generator/search", "generator/normalize")


def index_environment(analysis_environment: str, root: Path = PROJECT) -> str:
    """The analysis environment plus the code that weighs and writes the index."""
    return inputs_hash(root, f"{SNAPSHOT_VERSION}:{analysis_environment}", (), INDEX_CODE)


@dataclass
class IndexSnapshot:
    """The statistics an index was weighed with, and the documents it holds."""

    build: str  # the build hash of the index described (manifest "build")
    refs: list[str]  # document refs by document number
    keys: list[str]  # the analysis-cache key of each document's content
    field_length_sums: list[int]  # terms per field over all documents (FIELD_NAMES order)
    terms: list[str]  # by lunr term index
    postings: array  # per term: (field, document) pairs holding it, as lunr.idf counts
    gram_postings: array  # per term: documents holding it in the grams field
    total_bytes: int  # of all index files, manifest included
    updated_since_full: int = 0  # documents weighed by deltas since the last full index
    surfaces: int = 0  # in the vocabulary (a delta reads only the buckets it needs)
    # each document's content key (document_file.py `content_keys`), when known: a delta
    # reads only the documents whose key changed
    content_keys: list[str] | None = None

    @property
    def documents(self) -> int:
        return len(self.refs)


@dataclass(frozen=True)
class SnapshotFile:
    """Where the snapshot is kept, and the code (`environment`) it must have been written by."""

    path: Path
    environment: str

    def save(self, snapshot: IndexSnapshot) -> None:
        values = [getattr(snapshot, f.name) for f in fields(snapshot)]
        values = [v.tobytes() if isinstance(v, array) else v for v in values]
        record = (SNAPSHOT_VERSION, self.environment, *values)
        write_atomic(self.path, zlib.compress(marshal.dumps(record), 1))

    def load(self) -> IndexSnapshot | None:
        """The snapshot, if there is a good one written by code of this environment."""
        try:
            with gc_paused():
                version, environment, *values = marshal.loads(
                    zlib.decompress(self.path.read_bytes())
                )
            if (version, environment) != (SNAPSHOT_VERSION, self.environment):
                return None
            snapshot = IndexSnapshot(*values)
            snapshot.postings = _longs(snapshot.postings)
            snapshot.gram_postings = _longs(snapshot.gram_postings)
        except Exception:  # missing, truncated or foreign: the index is built whole
            return None
        consistent = (
            len(snapshot.keys) == snapshot.documents
            and len(snapshot.terms) == len(snapshot.postings) == len(snapshot.gram_postings)
            and len(snapshot.content_keys or snapshot.keys) == snapshot.documents
        )
        return snapshot if consistent else None

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def _longs(data: bytes) -> array:
    numbers = array("L")
    numbers.frombytes(data)
    return numbers
