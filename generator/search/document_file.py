"""Search documents kept on disk between the page stage and the search-index stage, and
from one build to the next.

The normalized catalogue is the largest thing a build holds (about 2 GB at 60,000
assessments), while the search index needs only one SearchDocument per assessment, read
once, in order. The catalogue stages run in a child process (generator/forked.py) that
writes the documents here before it ends, so MkDocs, the link check and the index, whose
Sudachi worker processes need the room, run without the catalogue (docs/scaling.md).

Each document is written with a key, a hash of everything it is made of
(generator/catalogue/search.py). A successful build keeps its documents (`DocumentFile.keep`)
and ``pia build --incremental`` copies the pickle of every document whose key is unchanged
(`KeptDocuments`) instead of making it again: making a document means unpacking the whole
assessment model, which is most of the stage.

The keys also let the search index tell which documents changed without reading them: a
document whose key (with the code that made it) is the one the last index holds is the
same document (`content_keys`, generator/search/delta.py).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from generator.search.documents import SearchDocument
from generator.write import swap_directory

KEYS_SUFFIX = ".keys"  # per part, per document: (key or None, offset, length, checksum), marshalled
TEMPORARY_PREFIX = "search-documents-"  # of the directory a build writes its documents in
META = "documents.json"  # of kept documents: the environment they were made in, the counts

Keyed = tuple[str | None, SearchDocument | bytes]  # a document (or its pickle) and its key


class DocumentFile:
    """Pickled documents in a temporary directory under ``directory``: written once, then
    read in order as often as needed, also by another process (a DocumentFile pickles as
    its directory and counts); removed when closed, unless kept.

    With ``parts`` > 1 the documents are written in that many part files, by as many
    processes: part k holds documents k, k + parts, k + 2 × parts, … (in that order), and
    reading takes them from the parts in turn, so they come back in the order they had.
    """

    def __init__(self, directory: Path, parts: int = 1) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, dir=directory))
        self.counts = [0] * parts
        self.reused = [0] * parts
        self.kept = False
        self.environment: str | None = None  # the code the documents were made with, if known

    def part_path(self, part: int) -> Path:
        return _part_path(self.directory, part)

    def write(self, documents: Iterable[SearchDocument], part: int = 0) -> int:
        """Append `documents` to part `part`; how many that part holds now."""
        return self.write_keyed(((None, document) for document in documents), part)

    def write_keyed(self, documents: Iterable[Keyed], part: int = 0) -> int:
        """Append `documents` to part `part`, each with its key (None: not to be reused);
        a document given as bytes is the pickle of one taken from `KeptDocuments`. How many
        documents that part holds now."""
        path, keys_path = self.part_path(part), self._keys_path(part)
        offset = path.stat().st_size if path.exists() else 0
        keys = marshal.loads(keys_path.read_bytes()) if keys_path.exists() else []
        with path.open("ab") as handle:
            for key, document in documents:
                reused = isinstance(document, bytes)
                # one pickle each: no memo grows over the whole file
                data = document if reused else pickle.dumps(document, pickle.HIGHEST_PROTOCOL)
                handle.write(data)
                checksum = data.checksum if isinstance(data, KeptPickle) else _checksum(data)
                keys.append((key, offset, len(data), checksum))
                offset += len(data)
                self.counts[part] += 1
                self.reused[part] += reused
        keys_path.write_bytes(marshal.dumps(keys))
        return self.counts[part]

    def record(self, part: int, count: int, reused: int = 0) -> None:
        """Part `part` holds `count` documents (`reused` of them kept ones), written by
        another process."""
        self.counts[part] = count
        self.reused[part] = reused

    def keep(self, target: Path) -> None:
        """Keep the documents as ``target`` (replacing the last ones kept there), for the
        next build's `KeptDocuments`; they must name the code they were made with."""
        if self.environment is None:
            raise ValueError("documents are kept only with the environment they were made in")
        meta = {"environment": self.environment, "counts": self.counts}
        (self.directory / META).write_text(json.dumps(meta), encoding="utf-8")
        swap_directory(self.directory, target)
        self.directory, self.kept = target, True

    def __iter__(self) -> Iterator[SearchDocument]:
        total, parts = len(self), len(self.counts)
        expected = [len(range(k, total, parts)) for k in range(parts)]
        if self.counts != expected:
            raise ValueError(f"search document parts hold {self.counts}, not {expected}")
        with ExitStack() as stack:
            # the parts that hold documents are parts 0 … min(total, parts) − 1
            handles = [
                stack.enter_context(self.part_path(k).open("rb"))
                for k in range(parts)
                if self.counts[k]
            ]
            for number in range(total):
                yield pickle.load(handles[number % parts])

    def __len__(self) -> int:
        return sum(self.counts)

    def content_keys(self) -> list[str] | None:
        """Per document, in order, a hash of its key and the code that made it
        (`environment`): equal keys, the same document. None when the code is not known
        or a document was written without a key."""
        if self.environment is None:
            return None
        keys = [key for key, *_where in self._entries()]
        if None in keys:
            return None
        return [hashlib.sha256(f"{self.environment}\0{key}".encode()).hexdigest() for key in keys]

    def documents_at(self, numbers: Iterable[int]) -> Iterator[SearchDocument]:
        """The documents of the given numbers, read without the others."""
        entries = self._entries()
        with ExitStack() as stack:
            handles = [
                stack.enter_context(self.part_path(k).open("rb")) if count else None
                for k, count in enumerate(self.counts)
            ]
            for number in numbers:
                _key, offset, length, _sum = entries[number]
                handle = handles[number % len(handles)]
                assert handle is not None  # the part of a document holds documents
                handle.seek(offset)
                yield pickle.loads(handle.read(length))

    def _entries(self) -> list[tuple[str | None, int, int, bytes]]:
        """The keys files' entries, in document order."""
        parts = [
            marshal.loads(self._keys_path(k).read_bytes()) if count else []
            for k, count in enumerate(self.counts)
        ]
        if [len(entries) for entries in parts] != self.counts:
            raise ValueError(
                f"search document keys hold {[len(e) for e in parts]}, not {self.counts}"
            )
        return [parts[number % len(parts)][number // len(parts)] for number in range(len(self))]

    def close(self) -> None:
        if not self.kept:
            shutil.rmtree(self.directory, ignore_errors=True)

    def _keys_path(self, part: int) -> Path:
        return _keys_path(self.directory, part)

    def __enter__(self) -> DocumentFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def content_keys_of(documents: Iterable[SearchDocument]) -> list[str] | None:
    """`DocumentFile.content_keys`; None for documents in another container."""
    return documents.content_keys() if isinstance(documents, DocumentFile) else None


def _part_path(directory: Path, part: int) -> Path:
    return directory / f"{part}.pickle"


def _keys_path(directory: Path, part: int) -> Path:
    return directory / f"{part}{KEYS_SUFFIX}"


def _checksum(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class KeptPickle(bytes):
    """A kept document's pickle, with the checksum its bytes were just checked against:
    written again, it is not hashed a second time (60,000 pickles, 780 MB, per build)."""

    checksum: bytes


class KeptDocuments:
    """The documents the last successful build kept, looked up by key."""

    def __init__(self, directory: Path, where: dict[str, tuple[int, int, int, bytes]]) -> None:
        self.directory = directory
        self.where = where  # key → (part, offset, length, checksum)
        self._files: dict[int, int] = {}

    @classmethod
    def open(cls, directory: Path, environment: str) -> KeptDocuments | None:
        """The documents kept in ``directory`` when they were made with ``environment``;
        None when there are none, they are damaged or they were made by other code."""
        try:
            meta = json.loads((directory / META).read_text(encoding="utf-8"))
            if meta["environment"] != environment:
                return None
            where = {}
            for part in range(len(meta["counts"])):
                for key, offset, length, checksum in marshal.loads(
                    _keys_path(directory, part).read_bytes()
                ):
                    if key is not None:
                        where[key] = (part, offset, length, checksum)
        except (OSError, ValueError, EOFError, TypeError, KeyError):
            return None
        return cls(directory, where)

    def pickled(self, key: str) -> bytes | None:
        """The pickle of the kept document with ``key``; None when there is none or its
        bytes are not the ones written (a damaged cache costs time, never a wrong index)."""
        if key not in self.where:
            return None
        part, offset, length, checksum = self.where[key]
        if part not in self._files:  # opened in the process that reads (forked workers)
            self._files[part] = os.open(_part_path(self.directory, part), os.O_RDONLY)
        data = os.pread(self._files[part], length, offset)
        if _checksum(data) != checksum:
            return None
        found = KeptPickle(data)
        found.checksum = checksum
        return found

    def close(self) -> None:
        for descriptor in self._files.values():
            os.close(descriptor)
        self._files.clear()
