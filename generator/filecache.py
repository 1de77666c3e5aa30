"""Per-file results of validation and normalization, kept for ``pia build --incremental``.

Every build stores, for each catalogue file that loaded, what the file yields on its own:
its problems (load and reference rules), its packed model, the few source positions the
catalogue-wide rules point at, and its `Extracted` contributions (generator/catalogue).
An incremental build looks each file up by the SHA-256 of its bytes and reuses the entry
instead of parsing, validating and normalizing the file again. The catalogue-wide rules
(place, duplicate ids, one 現行 per number) and the catalogue-wide merge still run over
all files.

Layout: ``<cache>/files/<k[:2]>/<k>.pickle``, one pickle per file, where ``k`` hashes the
environment (the code and data under `ENVIRONMENT_INPUTS`, Python and the libraries that
build the model), the file's path as given and its digest. A change of code makes every key
new; entries not used by a successful build are deleted (`FileCache.prune`).

An entry is trusted only when it unpickles and names the same key, path and digest;
anything else (a truncated, corrupt or foreign file) is a miss: the file is computed
again, so a bad cache costs time, never a wrong site.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from generator.catalogue.extract import Extracted
from generator.catalogue.values import SourceFile
from generator.gcpause import gc_paused
from generator.load.source import MAX_BYTES
from generator.load.sourcemap import Loc, Position, SourceMap
from generator.model.packed import PackedAssessment
from generator.validate.checked import CheckedFile
from generator.validate.problems import Problem
from generator.validate.validator import FileCheck, check_file

PROJECT = Path(__file__).resolve().parents[1]
FORMAT_VERSION = 2
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


@dataclass(frozen=True)
class Entry:
    """One file's own results, as stored."""

    key: str
    path: str
    digest: str
    problems: tuple[Problem, ...]
    assessment: PackedAssessment
    positions: Mapping[Loc, Position]  # only those of CATALOGUE_RULE_LOCS
    extracted: Extracted

    def checked(self, path: Path) -> CheckedFile:
        lines = SourceMap(values=MappingProxyType(self.positions))
        return CheckedFile(path, self.assessment, lines, self.digest)


@dataclass(frozen=True)
class Missed:
    """A file computed in this build, until its contributions are made and it is stored
    (not its position map: a national catalogue's maps would not fit in memory)."""

    problems: tuple[Problem, ...]
    digest: str
    positions: dict[Loc, Position]


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
    """The entries under ``root`` for one build: looked up (when ``reuse``), then stored."""

    root: Path
    environment: str
    reuse: bool = True
    hits: dict[Path, Extracted] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    missed: dict[Path, Missed] = field(default_factory=dict)

    def key(self, path: Path, digest: str) -> str:
        return hashlib.sha256(f"{self.environment}\0{path}\0{digest}".encode()).hexdigest()

    def entry_path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pickle"

    def check(self, path: Path) -> FileCheck:
        """`check_file`, from the entry of the file's bytes when there is a good one."""
        entry = self._lookup(path) if self.reuse else None
        if entry is None:
            result = check_file(path)
            if result.checked is not None:
                positions = dict(result.checked.lines.values)
                self.missed[path] = Missed(result.problems, result.checked.digest, positions)
            return result
        self.hits[path] = entry.extracted
        self.used.add(entry.key)
        return FileCheck(entry.problems, entry.checked(path))

    def store(self, extracted: list[tuple[SourceFile, Extracted]]) -> int:
        """Write the entries of the files computed in this build; how many were written.

        Afterwards only the keys of the entries in use are kept (for `prune`): the line
        maps of the files computed and the results of those reused are let go.
        """
        written = 0
        for source, found in extracted:
            missed = self.missed.get(source.path)
            if missed is None:
                continue
            key = self.key(source.path, missed.digest)
            entry = Entry(
                key,
                str(source.path),
                missed.digest,
                missed.problems,
                source.packed,
                missed.positions,
                found,
            )
            write_atomic(self.entry_path(key), dumps(entry))
            self.used.add(key)
            written += 1
        self.missed.clear()
        self.hits.clear()
        return written

    def prune(self) -> int:
        """Delete the entries this build did not use (old code, changed or removed files)."""
        return prune_unused(self.root, ".pickle", self.used)

    def _lookup(self, path: Path) -> Entry | None:
        try:
            if path.stat().st_size > MAX_BYTES:
                return None
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None  # check_file reports it
        key = self.key(path, digest)
        try:
            entry = loads(self.entry_path(key).read_bytes())
        except Exception:  # none yet, or a truncated or corrupt one: compute the file again
            return None
        good = isinstance(entry, Entry) and (entry.key, entry.path, entry.digest) == (
            key,
            str(path),
            digest,
        )
        return entry if good else None


class _Pickler(pickle.Pickler):
    """Pickles a parametrized pydantic model class (``Choice[Implementation]``, which has
    no importable name) as its generic origin and arguments."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            meta = obj.__pydantic_generic_metadata__
            if meta["origin"] is not None:
                return _parametrized, (meta["origin"], meta["args"])
        return NotImplemented


@functools.cache
def _parametrized(origin: Any, args: tuple[Any, ...]) -> type:
    return origin[args]


def loads(data: bytes) -> Any:
    """Unpickle with the cyclic garbage collector paused (see gcpause.py)."""
    with gc_paused():
        return pickle.loads(data)


def dumps(entry: Entry) -> bytes:
    stream = io.BytesIO()
    _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(entry)
    return stream.getvalue()


def prune_unused(root: Path, suffix: str, used: set[str]) -> int:
    """Delete the entries ``<root>/<k[:2]>/<k><suffix>`` whose key is not in ``used``; how
    many were deleted."""
    removed = 0
    for stored in root.glob(f"*/*{suffix}") if root.is_dir() else ():
        if stored.name.removesuffix(suffix) not in used:
            stored.unlink(missing_ok=True)
            removed += 1
    return removed


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
