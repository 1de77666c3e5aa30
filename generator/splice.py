"""Files written as runs of blocks, of which an incremental build copies the unchanged ones
from the last build's file instead of making them again.

The open data's per-assessment tables (generator/opendata.py: data/assessments.csv,
data/citations.csv) are one block per assessment, its rows, in catalogue order. A block
is a function of what the assessment's fingerprint covers (generator/incremental.py),
so it is unchanged when the fingerprint is the last build's, as the assessment's page
is. At 60,000 assessments, making and formatting those rows took two seconds of every
rebuild's page stage for the one assessment that changed.

Each file's blocks are recorded with the pages' fingerprints (`GuardedWriter.made_from`,
under ``<path>#blocks``): every block's name and length, in order, and the SHA-256 of
the file. The next build copies from the published file only when it still has that
digest (one read of the file, which the copies then find in the page cache), and makes
every block otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from generator.write import GuardedWriter, safe_relative

BLOCKS_SUFFIX = "#blocks"  # no file path ends so
COPY_CHUNK = 1 << 20


@dataclass(frozen=True)
class Block:
    name: str  # unique in its file
    unchanged: bool  # made from the same inputs as the last build's block of that name
    make: Callable[[], bytes]


Span = tuple[int, int]  # [start, end) in the last build's file


def write_blocks(
    writer: GuardedWriter, relative: str, owner: str, head: bytes, blocks: Iterable[Block]
) -> int:
    """Write ``head`` and then every block into the file ``relative``; an unchanged block
    is copied from the last build's file when its record still holds. How many blocks
    were copied."""
    last = last_blocks(writer, relative)
    names: list[str] = []
    lengths: list[int] = []
    copied = 0
    with writer.open_binary(relative, owner) as stream, _source(last) as source:
        out = _Hashing(stream)
        copy = _Copier(source, out)
        out.write(head)
        for block in blocks:
            span = last.spans.get(block.name) if last and block.unchanged else None
            if span is None:
                data = block.make()
                copy.flush()
                out.write(data)
                length = len(data)
            else:
                copy.add(span)
                copied += 1
                length = span[1] - span[0]
            names.append(block.name)
            lengths.append(length)
        copy.flush()
    record = {"sha256": out.hexdigest(), "head": len(head), "names": names, "lengths": lengths}
    writer.record_made_from({safe_relative(relative) + BLOCKS_SUFFIX: json.dumps(record)})
    return copied


@dataclass(frozen=True)
class LastBlocks:
    """Where the last build's file is and where each of its blocks lies in it."""

    path: str
    spans: dict[str, Span]


def last_blocks(writer: GuardedWriter, relative: str) -> LastBlocks | None:
    """The blocks of the file the last build wrote at ``relative`` in the published tree
    (an incremental build's ``writer.base``: the new file is written elsewhere), when its
    record is there and the file is still the one it describes; else None."""
    key = safe_relative(relative)
    if writer.base is None:
        return None
    try:
        record = json.loads(writer.previous[key + BLOCKS_SUFFIX])
        spans: dict[str, Span] = {}
        start = record["head"]
        for name, length in zip(record["names"], record["lengths"], strict=True):
            spans[name] = (start, start + length)
            start += length
        path = os.path.join(writer.base, key)
        if os.stat(path).st_size != start or _file_digest(path) != record["sha256"]:
            return None
    except (KeyError, ValueError, TypeError, OSError):
        return None
    return LastBlocks(path, spans)


def _file_digest(path: str) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


class _Hashing:
    """A binary stream that hashes what is written to it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._digest = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self._stream.write(data)
        self._digest.update(data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


@contextmanager
def _source(last: LastBlocks | None) -> Iterator[BinaryIO | None]:
    if last is None:
        yield None
        return
    with open(last.path, "rb") as source:
        yield source


class _Copier:
    """Copies spans of the last build's file, consecutive ones in one piece."""

    def __init__(self, source: BinaryIO | None, out: _Hashing) -> None:
        self._source, self._out = source, out
        self._pending: Span | None = None

    def add(self, span: Span) -> None:
        if self._pending is not None and self._pending[1] == span[0]:
            self._pending = (self._pending[0], span[1])
            return
        self.flush()
        self._pending = span

    def flush(self) -> None:
        if self._pending is None:
            return
        assert self._source is not None, "spans come from the last build's file"
        start, end = self._pending
        self._pending = None
        self._source.seek(start)
        while start < end:
            chunk = self._source.read(min(COPY_CHUNK, end - start))
            if not chunk:
                raise OSError(f"前回のビルドのファイルが途中で終わっています: {self._source.name}")
            self._out.write(chunk)
            start += len(chunk)
