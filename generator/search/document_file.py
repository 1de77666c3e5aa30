"""Search documents kept on disk between the page stage and the search-index stage, and
from one build to the next.

The normalized catalogue is the largest thing a build holds (about 2 GB at 60,000
assessments), while the search index needs only one SearchDocument per assessment, read
once, in order. The catalogue stages run in a child process (generator/forked.py) that
writes the documents here before it ends, so MkDocs, the link check and the index, whose
Sudachi worker processes need the room, run without the catalogue (docs/scaling.md).

Each document is written with a key, a hash of everything it is made of
(generator/catalogue/search.py). A successful build keeps its documents (`DocumentFile.keep`)
and ``pia build --incremental`` reuses every document whose key is unchanged
(`KeptDocuments`) instead of making it again: making a document means unpacking the whole
assessment model, which is most of the stage.

A reused document is not copied: its entry names the kept data file it lies in, which is
hard-linked into the new directory (copying 780 MB of kept pickles was most of an
incremental build's stage at 60,000 assessments). Data files are never written again once
their build ends, so a kept one is shared as long as its size, modification time and inode
are those recorded when it was kept; a small file (`SHARED_MIN_BYTES`) or one that holds
more replaced documents than live ones is copied from instead, so that the files and the
dead bytes they hold stay few. A document's checksum is checked whenever it is read.

The keys also let the search index tell which documents changed without reading them: a
document whose key (with the code that made it) is the one the last index holds is the
same document (`content_keys`, generator/search/delta.py).
"""

from __future__ import annotations

import collections
import hashlib
import json
import marshal
import os
import pickle
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from generator.search.documents import SearchDocument
from generator.write import swap_directory

# per part, per document, marshalled: (key or None, data file, offset, length, checksum)
KEYS_SUFFIX = ".keys"
DATA_SUFFIX = ".pickle"
TEMPORARY_PREFIX = "search-documents-"  # of the directory a build writes its documents in
# of kept documents: the format, the environment they were made in, the counts, and the
# size, modification time and inode of each data file
META = "documents.json"
FORMAT = 2
SHARED_MIN_BYTES = 16 * 1024 * 1024  # smaller kept data files are copied from, not linked

Where = tuple[str, int, int, bytes]  # data file, offset, length, checksum


@dataclass(frozen=True)
class SharedPickle:
    """A kept document's pickle, left where it is: the new file links its data file."""

    directory: Path
    where: Where


# a document (or its pickle, or where a kept one lies) and its key
Keyed = tuple[str | None, "SearchDocument | bytes | SharedPickle"]


class DocumentFile:
    """Pickled documents in a temporary directory under ``directory``: written once, then
    read in order as often as needed, also by another process (a DocumentFile pickles as
    its directory and counts); removed when closed, unless kept.

    With ``parts`` > 1 the documents are written in that many parts, by as many
    processes: part k holds documents k, k + parts, k + 2 × parts, … (in that order), and
    reading takes them from the parts in turn, so they come back in the order they had.
    Each part writes its own data file, named at random so that it never meets a kept one
    linked beside it.
    """

    def __init__(self, directory: Path, parts: int = 1) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, dir=directory))
        self.token = secrets.token_hex(8)
        self.counts = [0] * parts
        self.reused = [0] * parts
        self.kept = False
        self.environment: str | None = None  # the code the documents were made with, if known

    def write(self, documents: Iterable[SearchDocument], part: int = 0) -> int:
        """Append `documents` to part `part`; how many that part holds now."""
        return self.write_keyed(((None, document) for document in documents), part)

    def write_keyed(self, documents: Iterable[Keyed], part: int = 0) -> int:
        """Append `documents` to part `part`, each with its key (None: not to be reused);
        a document given as bytes is the pickle of one taken from `KeptDocuments`, and one
        given as a `SharedPickle` stays in its kept data file, linked here. How many
        documents that part holds now."""
        name, keys_path = f"{self.token}-{part}{DATA_SUFFIX}", self._keys_path(part)
        path = self.directory / name
        offset = path.stat().st_size if path.exists() else 0
        keys = marshal.loads(keys_path.read_bytes()) if keys_path.exists() else []
        linked: set[str] = set()
        unlinkable: dict[Path, _Reader] = {}  # kept directories copied from instead
        with path.open("ab") as handle:
            for key, document in documents:
                self.counts[part] += 1
                self.reused[part] += not isinstance(document, SearchDocument)
                if isinstance(document, SharedPickle):
                    if self._linked(document, linked):
                        keys.append((key, *document.where))
                        continue
                    reader = unlinkable.setdefault(document.directory, _Reader(document.directory))
                    document = reader.read(document.where)
                # one pickle each: no memo grows over the whole file
                data = (
                    document
                    if isinstance(document, bytes)
                    else pickle.dumps(document, pickle.HIGHEST_PROTOCOL)
                )
                handle.write(data)
                checksum = data.checksum if isinstance(data, KeptPickle) else _checksum(data)
                keys.append((key, name, offset, len(data), checksum))
                offset += len(data)
        for reader in unlinkable.values():
            reader.close()
        if path.stat().st_size == 0:
            path.unlink()  # every document of the part lies in a kept file
        keys_path.write_bytes(marshal.dumps(keys))
        return self.counts[part]

    def _linked(self, shared: SharedPickle, linked: set[str]) -> bool:
        """Link the kept data file ``shared`` lies in here, once; False when it cannot
        be (another file system): the pickle is then copied."""
        name = shared.where[0]
        if name not in linked:
            try:
                os.link(shared.directory / name, self.directory / name)
            except FileExistsError:  # linked by another part's process
                pass
            except OSError:
                return False
            linked.add(name)
        return True

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
        files = {
            path.name: _signature(path.stat()) for path in self.directory.glob(f"*{DATA_SUFFIX}")
        }
        meta = {
            "format": FORMAT,
            "environment": self.environment,
            "counts": self.counts,
            "files": files,
        }
        (self.directory / META).write_text(json.dumps(meta), encoding="utf-8")
        swap_directory(self.directory, target)
        self.directory, self.kept = target, True

    def __iter__(self) -> Iterator[SearchDocument]:
        with _Reader(self.directory) as reader:
            for _key, *where in self._entries():
                yield pickle.loads(reader.read(tuple(where)))

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
        with _Reader(self.directory) as reader:
            for number in numbers:
                _key, *where = entries[number]
                yield pickle.loads(reader.read(tuple(where)))

    def _entries(self) -> list[tuple[str | None, str, int, int, bytes]]:
        """The keys files' entries, in document order."""
        total, parts = len(self), len(self.counts)
        expected = [len(range(k, total, parts)) for k in range(parts)]
        if self.counts != expected:
            raise ValueError(f"search document parts hold {self.counts}, not {expected}")
        entries = [
            marshal.loads(self._keys_path(k).read_bytes()) if count else []
            for k, count in enumerate(self.counts)
        ]
        if [len(part) for part in entries] != self.counts:
            raise ValueError(
                f"search document keys hold {[len(e) for e in entries]}, not {self.counts}"
            )
        return [entries[number % parts][number // parts] for number in range(total)]

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


class _Reader:
    """Reads pickles from the data files of one directory, each checked against its
    checksum; a file is opened once, in the process that reads (forked workers too)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files: dict[str, int] = {}

    def checked(self, where: Where) -> KeptPickle | None:
        """The pickle; None when it cannot be read or its bytes are not the ones written."""
        name, offset, length, checksum = where
        if "/" in name:
            raise ValueError(f"not a data file name: {name!r}")
        try:
            if name not in self.files:
                self.files[name] = os.open(self.directory / name, os.O_RDONLY | os.O_CLOEXEC)
            data = os.pread(self.files[name], length, offset)
        except OSError:
            return None
        if _checksum(data) != checksum:
            return None
        found = KeptPickle(data)
        found.checksum = checksum
        return found

    def read(self, where: Where) -> KeptPickle:
        """The pickle, which must be the bytes written."""
        found = self.checked(where)
        if found is None:
            raise ValueError(
                f"検索文書のファイルが壊れています({self.directory / where[0]})。"
                "--incremental を付けずにビルドし直してください"
            )
        return found

    def close(self) -> None:
        for descriptor in self.files.values():
            os.close(descriptor)
        self.files.clear()

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def content_keys_of(documents: Iterable[SearchDocument]) -> list[str] | None:
    """`DocumentFile.content_keys`; None for documents in another container."""
    return documents.content_keys() if isinstance(documents, DocumentFile) else None


def _keys_path(directory: Path, part: int) -> Path:
    return directory / f"{part}{KEYS_SUFFIX}"


def _checksum(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _signature(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


class KeptPickle(bytes):
    """A kept document's pickle, with the checksum its bytes were just checked against:
    written again, it is not hashed a second time (60,000 pickles, 780 MB, per build)."""

    checksum: bytes


class KeptDocuments:
    """The documents the last successful build kept, looked up by key."""

    def __init__(
        self, directory: Path, where: dict[str, Where], shared: frozenset[str] = frozenset()
    ) -> None:
        self.directory = directory
        self.where = where  # key → (data file, offset, length, checksum)
        self.shared = shared  # the data files a new file links instead of copying from
        self._reader = _Reader(directory)

    @classmethod
    def open(cls, directory: Path, environment: str) -> KeptDocuments | None:
        """The documents kept in ``directory`` when they were made with ``environment``;
        None when there are none, they are damaged or they were made by other code."""
        try:
            meta = json.loads((directory / META).read_text(encoding="utf-8"))
            if meta["format"] != FORMAT or meta["environment"] != environment:
                return None
            where: dict[str, Where] = {}
            live: collections.Counter[str] = collections.Counter()
            for part in range(len(meta["counts"])):
                for key, name, offset, length, checksum in marshal.loads(
                    _keys_path(directory, part).read_bytes()
                ):
                    live[name] += length
                    if key is not None:
                        where[key] = (name, offset, length, checksum)
            shared = frozenset(n for n in live if _shareable(directory, n, live[n], meta["files"]))
        except (OSError, ValueError, EOFError, TypeError, KeyError):
            return None
        return cls(directory, where, shared)

    def pickled(self, key: str) -> bytes | SharedPickle | None:
        """Where the kept document with ``key`` lies (`SharedPickle`), or its pickle,
        copied; None when there is none or its bytes are not the ones written (a damaged
        cache costs time, never a wrong index)."""
        if key not in self.where:
            return None
        where = self.where[key]
        if where[0] in self.shared:
            return SharedPickle(self.directory, where)
        return self._reader.checked(where)

    def close(self) -> None:
        self._reader.close()


def _shareable(directory: Path, name: str, live: int, recorded: dict[str, list[int]]) -> bool:
    """Whether a kept data file is as it was kept, large, and more live than replaced."""
    if "/" in name or name.startswith("."):
        raise ValueError(f"not a data file name: {name!r}")
    try:
        stat = (directory / name).stat()
    except OSError:
        return False
    return (
        recorded.get(name) == _signature(stat)
        and stat.st_size >= SHARED_MIN_BYTES
        and 2 * live >= stat.st_size
    )
