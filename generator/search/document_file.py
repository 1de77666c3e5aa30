"""Search documents kept on disk between the page stage and the search-index stage.

The normalized catalogue is the largest thing a build holds (about 2 GB at 60,000
assessments), while the search index needs only one SearchDocument per assessment, read
once, in order. The catalogue stages run in a child process (generator/forked.py) that
writes the documents here before it ends, so MkDocs, the link check and the index, whose
Sudachi worker processes need the room, run without the catalogue (docs/scaling.md).
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from generator.search.documents import SearchDocument


class DocumentFile:
    """Pickled documents in a temporary directory under ``directory``: written once, then
    read in order as often as needed, also by another process (a DocumentFile pickles as
    its directory and counts); removed when closed.

    With ``parts`` > 1 the documents are written in that many part files, by as many
    processes: part k holds documents k, k + parts, k + 2 × parts, … (in that order), and
    reading takes them from the parts in turn, so they come back in the order they had.
    """

    def __init__(self, directory: Path, parts: int = 1) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = Path(tempfile.mkdtemp(prefix="search-documents-", dir=directory))
        self.counts = [0] * parts

    def part_path(self, part: int) -> Path:
        return self.directory / f"{part}.pickle"

    def write(self, documents: Iterable[SearchDocument], part: int = 0) -> int:
        """Append `documents` to part `part`; how many that part holds now."""
        with self.part_path(part).open("ab") as handle:
            for document in documents:  # one pickle each: no memo grows over the whole file
                pickle.dump(document, handle, protocol=pickle.HIGHEST_PROTOCOL)
                self.counts[part] += 1
        return self.counts[part]

    def record(self, part: int, count: int) -> None:
        """Part `part` holds `count` documents, written by another process."""
        self.counts[part] = count

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

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> DocumentFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
