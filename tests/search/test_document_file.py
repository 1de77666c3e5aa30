"""The search documents a build keeps on disk once the catalogue is let go."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.search.document_file import DocumentFile
from tests.search.seed_documents import seed_documents


def test_documents_come_back_equal_and_in_order_as_often_as_read(tmp_path: Path) -> None:
    documents = list(seed_documents())
    with DocumentFile(tmp_path) as kept:
        assert kept.write(documents) == len(documents) == len(kept)
        assert list(kept) == documents
        assert list(kept) == documents


def test_the_file_leaves_nothing_behind(tmp_path: Path) -> None:
    with DocumentFile(tmp_path / "cache") as kept:
        kept.write(seed_documents()[:2])
    assert list((tmp_path / "cache").iterdir()) == []


def test_an_empty_file_yields_nothing(tmp_path: Path) -> None:
    with DocumentFile(tmp_path) as kept:
        assert kept.write([]) == 0
        assert list(kept) == []


def test_parts_written_apart_come_back_in_the_order_of_the_documents(tmp_path: Path) -> None:
    documents = list(seed_documents())
    with DocumentFile(tmp_path, parts=2) as kept:
        for part in (1, 0):  # written in any order, by any process
            written = kept.write(documents[part::2], part)
            kept.record(part, written)
        assert list(kept) == documents


def test_parts_that_do_not_hold_their_share_are_refused(tmp_path: Path) -> None:
    documents = list(seed_documents())
    with DocumentFile(tmp_path, parts=2) as kept:
        kept.record(0, kept.write(documents, 0))
        with pytest.raises(ValueError, match="search document parts"):
            list(kept)
