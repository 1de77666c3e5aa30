"""Files written as runs of blocks, of which an incremental build copies the unchanged ones
from the last build's file instead of making them again.

In the open data (generator/opendata.py), data/assessments.csv and data/citations.csv
are one block per assessment, its rows, in catalogue order, and data/catalogue.json's
"assessments" one record per assessment, separated by commas between the rest of the
JSON. A block is a function of what the assessment's fingerprint covers
(generator/incremental.py), so it is unchanged when the fingerprint is the last build's,
as the assessment's page is. At 60,000 assessments, making and formatting those rows
and records took three seconds of every rebuild's page stage for the one assessment
that changed.

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


@dataclass(frozen=True)
class Frame:
    """What a file holds besides its blocks."""

    head: bytes = b""
    separator: bytes = b""  # between two blocks
    tail: bytes = b""


def write_blocks(
    writer: GuardedWriter, relative: str, owner: str, blocks: Iterable[Block], frame: Frame
) -> int:
    """Write the file ``relative``: the frame's head, every block (separated), its tail.
    An unchanged block is copied from the last build's file when its record still holds.
    How many blocks were copied."""
    last = last_blocks(writer, relative)
    names: list[str] = []
    lengths: list[int] = []
    copied = 0
    with writer.open_binary(relative, owner) as stream, _source(last) as source:
        out = _Hashing(stream)
        out.write(frame.head)
        body = _Body(source, out, frame.separator)
        for block in blocks:
            span = last.spans.get(block.name) if last and block.unchanged else None
            if span is None:
                data = block.make()
                body.write(data)
                length = len(data)
            else:
                body.copy(span)
                copied += 1
                length = span[1] - span[0]
            names.append(block.name)
            lengths.append(length)
        body.flush()
        out.write(frame.tail)
    record = {
        "sha256": out.hexdigest(),
        "size": out.size,
        "head": len(frame.head),
        "separator": len(frame.separator),
        "names": names,
        "lengths": lengths,
    }
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
            start += length + record["separator"]
        path = os.path.join(writer.base, key)
        if os.stat(path).st_size != record["size"] or _file_digest(path) != record["sha256"]:
            return None
    except (KeyError, ValueError, TypeError, OSError):
        return None
    return LastBlocks(path, spans)


def _file_digest(path: str) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


class _Hashing:
    """A binary stream that hashes and counts what is written to it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._stream.write(data)
        self._digest.update(data)
        self.size += len(data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


@contextmanager
def _source(last: LastBlocks | None) -> Iterator[BinaryIO | None]:
    if last is None:
        yield None
        return
    with open(last.path, "rb") as source:
        yield source


class _Body:
    """The blocks, separated: made ones written, copied ones read from the last build's
    file, where blocks that follow each other are copied in one piece with the separators
    between them."""

    def __init__(self, source: BinaryIO | None, out: _Hashing, separator: bytes) -> None:
        self._source, self._out, self._separator = source, out, separator
        self._first = True
        self._pending: Span | None = None

    def write(self, data: bytes) -> None:
        self.flush()
        self._separate()
        self._out.write(data)

    def copy(self, span: Span) -> None:
        pending = self._pending
        if pending is not None and pending[1] + len(self._separator) == span[0]:
            self._pending = (pending[0], span[1])
            return
        self.flush()
        self._separate()
        self._pending = span

    def _separate(self) -> None:
        if not self._first:
            self._out.write(self._separator)
        self._first = False

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
