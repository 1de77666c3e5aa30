"""Search documents kept on disk between the page stage and the search-index stage.

The normalized catalogue is the largest thing a build holds (about 2 GB at 60,000
assessments), while the search index needs only one SearchDocument per assessment, read
once, in order. The catalogue stages run in a child process (generator/forked.py) that
writes the documents here before it ends, so MkDocs, the link check and the index, whose
Sudachi worker processes need the room, run without the catalogue (docs/scaling.md).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from generator.search.documents import SearchDocument


class DocumentFile:
    """A temporary file of pickled documents under ``directory``: written once, then read
    in order as often as needed, also by another process (a DocumentFile pickles as its
    path and count); removed when closed."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix="search-documents-", suffix=".pickle", dir=directory)
        os.close(handle)
        self.path = Path(name)
        self.count = 0

    def write(self, documents: Iterable[SearchDocument]) -> int:
        """Append `documents`; how many there are in the file now."""
        with self.path.open("ab") as handle:
            for document in documents:  # one pickle each: no memo grows over the whole file
                pickle.dump(document, handle, protocol=pickle.HIGHEST_PROTOCOL)
                self.count += 1
        return self.count

    def __iter__(self) -> Iterator[SearchDocument]:
        with self.path.open("rb") as handle:
            for _ in range(self.count):
                yield pickle.load(handle)

    def __len__(self) -> int:
        return self.count

    def close(self) -> None:
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> DocumentFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
