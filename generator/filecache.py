"""Per-file results of validation and normalization, kept for ``pia build --incremental``.

Every build stores, for each catalogue file that loaded, what the file yields on its own:
its problems (load and reference rules, with their printed lines: generator/validate/
report.py), its packed model, the few source positions the catalogue-wide rules point at,
and its `Extracted` contributions (generator/catalogue).
An incremental build looks each file up by the SHA-256 of its bytes and reuses the entry
instead of parsing, validating and normalizing the file again. The build's process reads
the entries it reuses itself; the other files are computed in worker processes (``pia
build --jobs``), each file's contributions made in the same pass as its validation. The
catalogue-wide rules (place, duplicate ids, one 現行 per number) and the catalogue-wide
merge still run over all files.

Layout: ``<cache>/files/<k[:2]>/<k>.pickle``, one pickle per file, where ``k`` hashes the
environment (the code and data under `ENVIRONMENT_INPUTS`, Python and the libraries that
build the model), the file's path as given and its digest. A change of code makes every key
new; entries not used by a successful build are deleted (`FileCache.prune`).

An entry is trusted only when it unpickles and names the same key, path and digest;
anything else (a truncated, corrupt or foreign file) is a miss: the file is computed
again, so a bad cache costs time, never a wrong site.

A file's digest is not computed again while its stat signature (size, modification and
change times in nanoseconds, inode) is the one recorded with it by the last build in
``<cache>/files/digests.json``, as git's index does: the change time cannot be set back
and moves on every write. A digest is recorded only for a file last changed
`SETTLED_SECONDS` before the build began, so that a write in the same clock tick as the
build's read cannot leave the old digest under the new content's signature.
"""

from __future__ import annotations

import collections
import concurrent.futures
import functools
import hashlib
import io
import json
import multiprocessing
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from generator.catalogue.extract import Extracted, extract
from generator.catalogue.values import SourceFile
from generator.gcpause import gc_paused, paused_then_frozen
from generator.load.source import MAX_BYTES
from generator.load.sourcemap import Loc, Position, SourceMap
from generator.model.packed import PackedAssessment
from generator.validate.checked import CheckedFile
from generator.validate.problems import Problem
from generator.validate.report import FileProblems
from generator.validate.validator import FileCheck, check_file
from generator.write import write_atomic

PROJECT = Path(__file__).resolve().parents[1]
FORMAT_VERSION = 3
SUFFIX = ".pickle"
# Everything that shapes a file's problems, model and contributions.
ENVIRONMENT_INPUTS = (
    "generator/load",
    "generator/model",
    "generator/validate",
    "generator/normalize",
    "generator/catalogue",
    "generator/filecache.py",
)
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML")
DIGESTS = "digests.json"  # path → [size, mtime_ns, ctime_ns, inode, SHA-256] of each file
SETTLED_SECONDS = 2


@dataclass(frozen=True)
class Entry:
    """One file's own results, as stored."""

    key: str
    path: str
    digest: str
    problems: tuple[Problem, ...] | FileProblems  # FileProblems when all name this file
    assessment: PackedAssessment
    positions: Mapping[Loc, Position]  # only those of CATALOGUE_RULE_LOCS
    extracted: Extracted

    def checked(self, path: Path) -> CheckedFile:
        lines = SourceMap(values=MappingProxyType(self.positions))
        return CheckedFile(path, self.assessment, lines, self.digest)


@dataclass(frozen=True)
class Stored:
    """A file's stat signature and digest, and the bytes of its entry (None: none yet)."""

    stat: os.stat_result
    digest: str
    key: str
    data: bytes | None


@dataclass(frozen=True)
class FileResult:
    """What one file yields on its own, as a worker hands it back: its check and, when it
    loaded without errors, its contributions and the key of its entry (used or written)."""

    path: Path
    check: FileCheck
    extracted: Extracted | None
    key: str | None
    reused: bool


def environment_hash(root: Path = PROJECT) -> str:
    return inputs_hash(root, f"{FORMAT_VERSION}:{sys.version}", LIBRARIES, ENVIRONMENT_INPUTS)


def inputs_hash(root: Path, salt: str, libraries: Iterable[str], inputs: Iterable[str]) -> str:
    """SHA-256 of `salt`, the installed versions of `libraries` and the bytes of the files
    under `inputs` (paths relative to `root`): what a cache's entries were computed with
    (also used by the search index's analysis cache, generator/search/analysis_cache.py)."""
    digest = hashlib.sha256(salt.encode())
    for name in libraries:
        digest.update(f"\0{name}={metadata.version(name)}".encode())
    for name in inputs:
        path = root / name
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" not in file.parts:
                digest.update(file.relative_to(root).as_posix().encode("utf-8") + b"\0")
                digest.update(file.read_bytes())
    return digest.hexdigest()


@dataclass
class FileCache:
    """The entries under ``root`` for one build: each file's results are looked up (when
    ``reuse``) or computed and stored (in worker processes); what the build needs of them
    is gathered here."""

    root: Path
    environment: str
    reuse: bool = True
    extracted: dict[Path, Extracted] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    reused: int = 0
    started_ns: int = field(default_factory=time.time_ns)
    known_digests: dict[str, list[int | str]] = field(default_factory=dict)  # last build's
    digests: dict[str, list[int | str]] = field(default_factory=dict)  # this build's

    def key(self, path: Path, digest: str) -> str:
        return hashlib.sha256(f"{self.environment}\0{path}\0{digest}".encode()).hexdigest()

    def entry_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}{SUFFIX}"

    def check_all(self, paths: Sequence[Path], jobs: int = 1) -> Iterator[FileCheck]:
        """`check_file` of every path, in order, using up to ``jobs`` processes; each
        file's contributions (`extract`) are made in the same pass and kept in
        ``extracted``."""
        self.known_digests = self._read_digests() if self.reuse else {}
        for result in _results(self, paths, jobs):
            if result.key is not None:
                self.used.add(result.key)
            if result.extracted is not None:
                self.extracted[result.path] = result.extracted
            if result.check.checked is not None and not result.reused:
                self._record_digest(result.path, result.check.checked.digest)
            self.reused += result.reused
            yield result.check
        write_atomic(self.root / DIGESTS, json.dumps(self.digests).encode())

    def result(self, path: Path) -> FileResult:
        """One file's results: from the entry of its bytes when there is a good one, else
        computed (and stored, when the file loaded without errors)."""
        return self.reused_result(path) or self.computed_result(path)

    def reused_result(self, path: Path) -> FileResult | None:
        """The file's results from the entry of its bytes (None: no good entry, or not
        ``reuse``)."""
        return self._reused(path, self._stored(path)) if self.reuse else None

    def computed_result(self, path: Path) -> FileResult:
        """The file's results, computed (and stored, when it loaded without errors)."""
        check = check_file(path)
        if check.checked is None or any(p.is_error for p in check.problems):
            return FileResult(path, check, None, None, False)  # the build stops anyway
        checked = check.checked
        extracted = extract(SourceFile(path, checked.assessment, checked.digest))
        key = self.key(path, checked.digest)
        positions = dict(checked.lines.values)
        assert not isinstance(check.problems, FileProblems)  # computed, not reused
        problems = stored_problems(path, check.problems)
        entry = Entry(
            key, str(path), checked.digest, problems, checked.assessment, positions, extracted
        )
        write_atomic(self.entry_path(key), dumps(entry))
        return FileResult(path, check, extracted, key, False)

    def prune(self) -> int:
        """Delete the entries this build did not use (old code, changed or removed files)."""
        return prune_entries(self.root, self.used)

    def _stored(self, path: Path) -> Stored | None:
        """The file's digest and the bytes of its entry (only reads: `_results` runs it in
        a thread ahead of the unpickling); None when the file cannot be read."""
        try:
            stat = os.stat(path)
            if stat.st_size > MAX_BYTES:
                return None
            digest = self._known_digest(path, stat) or file_digest(path)
        except OSError:
            return None  # check_file reports it
        key = self.key(path, digest)
        try:
            # a string path, not `entry_path`: two pathlib joins per file held the GIL
            # for about 0.4 s at 60,000 files, beside the unpickling
            with open(os.path.join(self._root_text, key[:2], key + SUFFIX), "rb") as stream:
                data = stream.read()
        except OSError:  # none yet
            data = None
        return Stored(stat, digest, key, data)

    @functools.cached_property
    def _root_text(self) -> str:
        return os.fspath(self.root)

    def _reused(self, path: Path, stored: Stored | None) -> FileResult | None:
        if stored is None:
            return None
        self._record_digest(path, stored.digest, stored.stat)
        try:
            entry = loads(stored.data) if stored.data is not None else None
        except Exception:  # a truncated or corrupt entry: the file is computed again
            return None
        good = isinstance(entry, Entry) and (entry.key, entry.path, entry.digest) == (
            stored.key,
            str(path),
            stored.digest,
        )
        if not good:
            return None
        check = FileCheck(entry.problems, entry.checked(path))
        return FileResult(path, check, entry.extracted, entry.key, True)

    def _known_digest(self, path: Path, stat: os.stat_result) -> str | None:
        """The digest the last build recorded for the file, if its signature is the same."""
        known = self.known_digests.get(str(path))
        if isinstance(known, list) and len(known) == 5 and known[:4] == _signature(stat):
            return str(known[4])
        return None

    def _record_digest(self, path: Path, digest: str, stat: os.stat_result | None = None) -> None:
        """Record the file's digest for the next build, unless it changed too lately (with
        ``stat`` taken before the file was read; else it is taken now, after)."""
        try:
            stat = stat or path.stat()
        except OSError:
            return
        if stat.st_ctime_ns < self.started_ns - SETTLED_SECONDS * 1_000_000_000:
            self.digests[str(path)] = [*_signature(stat), digest]

    def _read_digests(self) -> dict[str, list[int | str]]:
        try:
            known = json.loads((self.root / DIGESTS).read_bytes())
        except (OSError, ValueError):
            return {}
        return known if isinstance(known, dict) else {}


def stored_problems(path: Path, problems: Sequence[Problem]) -> tuple[Problem, ...] | FileProblems:
    """A file's own problems as its entry keeps them: their lines made once (a reused
    file's are printed, not made again: generator/validate/report.py), unless one names
    another file."""
    if any(p.path != path for p in problems):
        return tuple(problems)
    return FileProblems.of(problems)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _signature(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


# Below this many files the workers' start (importing the models) costs more than it saves.
MIN_FILES_PER_WORKER = 100
CHUNK_FILES = 16
_worker_cache: FileCache | None = None


def _results(cache: FileCache, paths: Sequence[Path], jobs: int) -> Iterator[FileResult]:
    """``cache.result`` of every path, in order. Entries are read here: a reused file costs
    less than sending its results from another process. The other files are computed in
    ``jobs`` spawned processes when there are enough of them; their results cross the
    process boundary pickled as entries are (`dumps`)."""
    reused: dict[Path, FileResult] = {}
    # for all entries at once (collections between them cost as much again); they live
    # as long as the catalogue, so the collector need not walk them after either
    with paused_then_frozen():
        stored = _read_ahead(cache._stored, paths if cache.reuse else [])
        for path, found in zip(paths, stored, strict=False):
            if (result := cache._reused(path, found)) is not None:
                reused[path] = result
    computed = _computed(cache, [path for path in paths if path not in reused], jobs)
    for path in paths:
        yield reused.pop(path) if path in reused else next(computed)


READ_AHEAD_FILES = 256


def _read_ahead(
    read: Callable[[Path], Stored | None], paths: Sequence[Path]
) -> Iterator[Stored | None]:
    """``read`` of every path, in order, done by a thread a few batches ahead: reading
    waits on the disk (an incremental build reads 60,000 entries) while this thread
    unpickles what was read."""
    batches = [paths[i : i + READ_AHEAD_FILES] for i in range(0, len(paths), READ_AHEAD_FILES)]
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="pia-read") as reader:
        pending = collections.deque(reader.submit(list, map(read, b)) for b in batches[:4])
        for batch in batches[4:]:
            yield from pending.popleft().result()
            pending.append(reader.submit(list, map(read, batch)))
        while pending:
            yield from pending.popleft().result()


def _computed(cache: FileCache, paths: Sequence[Path], jobs: int) -> Iterator[FileResult]:
    jobs = min(jobs, len(paths) // MIN_FILES_PER_WORKER)
    if jobs <= 1:
        yield from map(cache.computed_result, paths)
        return
    context = multiprocessing.get_context("spawn")
    start = (cache.root, cache.environment, cache.reuse)
    with context.Pool(jobs, initializer=_start_worker, initargs=start) as pool:
        for data in pool.imap(_worker_result, paths, chunksize=CHUNK_FILES):
            yield loads(data)


def _start_worker(root: Path, environment: str, reuse: bool) -> None:
    global _worker_cache
    _worker_cache = FileCache(root, environment, reuse)


def _worker_result(path: Path) -> bytes:
    assert _worker_cache is not None, "_start_worker runs first in every worker"
    return dumps(_worker_cache.computed_result(path))


class _Pickler(pickle.Pickler):
    """Pickles a parametrized pydantic model class (``Choice[Implementation]``, which has
    no importable name) as its generic origin and arguments, and a read-only mapping (a
    reused entry's positions) as a read-only view of a copy."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, MappingProxyType):
            return _read_only, (dict(obj),)
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            meta = obj.__pydantic_generic_metadata__
            if meta["origin"] is not None:
                return _parametrized, (meta["origin"], meta["args"])
        return NotImplemented


def _read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(mapping)


@functools.cache
def _parametrized(origin: Any, args: tuple[Any, ...]) -> type:
    return origin[args]


def loads(data: bytes) -> Any:
    """Unpickle with the cyclic garbage collector paused (see gcpause.py)."""
    with gc_paused():
        return pickle.loads(data)


def dumps(value: Entry | FileResult) -> bytes:
    stream = io.BytesIO()
    _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return stream.getvalue()


def prune_entries(root: Path, used: set[str]) -> int:
    """Delete the entries under ``root`` whose key is not in ``used``; how many."""
    return prune_unused(root, SUFFIX, used)


def prune_unused(root: Path, suffix: str, used: set[str]) -> int:
    """Delete the entries ``<root>/<k[:2]>/<k><suffix>`` whose key is not in ``used``; how
    many were deleted."""
    removed = 0
    for stored in root.glob(f"*/*{suffix}") if root.is_dir() else ():
        if stored.name.removesuffix(suffix) not in used:
            stored.unlink(missing_ok=True)
            removed += 1
    return removed
