"""Search documents kept on disk between the page stage and the search-index stage.

The normalized catalogue is the largest thing a build holds (about 2 GB at 60,000
assessments), while the search index needs only one SearchDocument per assessment, read
once, in order. Writing them to a temporary file while the catalogue is still in memory
lets the build let go of the catalogue before MkDocs, the link check and the index, whose
Sudachi worker processes need the room (docs/scaling.md).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from generator.search.documents import SearchDocument


class DocumentFile:
    """An anonymous temporary file of pickled documents: written once, then read in order
    as many times as needed; removed when closed (or when the process ends)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._handle = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 (closed by close())
        self.count = 0

    def write(self, documents: Iterable[SearchDocument]) -> int:
        """Append `documents`; how many there are in the file now."""
        for document in documents:  # one pickle each: no memo grows over the whole file
            pickle.dump(document, self._handle, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += 1
        self._handle.flush()
        return self.count

    def __iter__(self) -> Iterator[SearchDocument]:
        self._handle.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._handle)

    def __len__(self) -> int:
        return self.count

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> DocumentFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
