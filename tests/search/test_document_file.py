"""The search documents a build keeps on disk once the catalogue is let go."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from generator.search import document_file
from generator.search.document_file import (
    KEYS_SUFFIX,
    META,
    DocumentFile,
    KeptDocuments,
    KeptPickle,
    SharedPickle,
)
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


# Kept from one build to the next


def write_kept(tmp_path: Path, documents: list, environment: str = "env") -> DocumentFile:
    kept = DocumentFile(tmp_path / "cache", parts=2)
    for part in (0, 1):
        keyed = [(f"key-{n}", d) for n, d in enumerate(documents) if n % 2 == part]
        kept.record(part, kept.write_keyed(keyed, part))
    kept.environment = environment
    kept.keep(tmp_path / "kept")
    return kept


def test_kept_documents_are_found_by_key_as_the_bytes_that_were_written(tmp_path: Path) -> None:
    documents = list(seed_documents())
    kept = write_kept(tmp_path, documents)
    kept.close()  # a kept file stays
    assert list(kept) == documents
    found = KeptDocuments.open(tmp_path / "kept", "env")
    assert found is not None
    assert [pickle.loads(found.pickled(f"key-{n}")) for n in range(len(documents))] == documents
    assert found.pickled("key-unknown") is None
    found.close()


def test_a_new_file_copies_kept_pickles_and_counts_them(tmp_path: Path) -> None:
    documents = list(seed_documents())
    write_kept(tmp_path, documents)
    found = KeptDocuments.open(tmp_path / "kept", "env")
    with DocumentFile(tmp_path / "cache") as fresh:
        keyed = [("key-0", found.pickled("key-0")), ("key-new", documents[1])]
        assert fresh.write_keyed(keyed) == 2
        assert fresh.reused == [1]
        assert list(fresh) == documents[:2]
        fresh.environment = "env"
        fresh.keep(tmp_path / "again")
    found.close()
    again = KeptDocuments.open(tmp_path / "again", "env")
    assert again is not None  # the copied pickle's checksum is the one of its bytes
    assert [pickle.loads(again.pickled(k)) for k in ("key-0", "key-new")] == documents[:2]
    again.close()


def test_keeping_replaces_the_documents_kept_before(tmp_path: Path) -> None:
    documents = list(seed_documents())
    write_kept(tmp_path, documents)
    write_kept(tmp_path, documents[:1], "env")
    found = KeptDocuments.open(tmp_path / "kept", "env")
    assert set(found.where) == {"key-0"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "kept"]


def test_documents_kept_by_other_code_or_damaged_are_not_reused(tmp_path: Path) -> None:
    write_kept(tmp_path, list(seed_documents()))
    assert KeptDocuments.open(tmp_path / "kept", "other code") is None
    assert KeptDocuments.open(tmp_path / "missing", "env") is None
    (tmp_path / "kept" / f"1{KEYS_SUFFIX}").write_bytes(b"\x00garbage")
    assert KeptDocuments.open(tmp_path / "kept", "env") is None
    (tmp_path / "kept" / META).write_text("{", encoding="utf-8")
    assert KeptDocuments.open(tmp_path / "kept", "env") is None


def test_kept_documents_whose_bytes_changed_are_not_reused(tmp_path: Path) -> None:
    documents = list(seed_documents())
    write_kept(tmp_path, documents)
    found = KeptDocuments.open(tmp_path / "kept", "env")
    first, second = (tmp_path / "kept" / found.where[f"key-{n}"][0] for n in (0, 1))
    data = bytearray(first.read_bytes())
    data[found.where["key-0"][1] + 40] ^= 1  # inside key-0's pickle
    first.write_bytes(bytes(data))
    second.write_bytes(b"\x80")  # truncated
    found = KeptDocuments.open(tmp_path / "kept", "env")
    assert found.pickled("key-0") is None
    assert found.pickled("key-1") is None
    assert pickle.loads(found.pickled("key-2")) == documents[2]
    found.close()


# Kept data files shared, not copied


@pytest.fixture
def shared_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kept data file large enough to be linked (the seed documents are small)."""
    monkeypatch.setattr(document_file, "SHARED_MIN_BYTES", 0)


def test_a_new_file_links_the_kept_data_files_instead_of_copying_them(
    tmp_path: Path, shared_files: None
) -> None:
    documents = list(seed_documents())
    write_kept(tmp_path, documents)
    found = KeptDocuments.open(tmp_path / "kept", "env")
    assert isinstance(found.pickled("key-0"), SharedPickle)
    fresh = DocumentFile(tmp_path / "cache")
    keyed = [(f"key-{n}", found.pickled(f"key-{n}")) for n in range(len(documents) - 1)]
    assert fresh.write_keyed([*keyed, ("key-new", documents[-1])]) == len(documents)
    assert fresh.reused == [len(documents) - 1]
    kept_files = {p.name: p.stat().st_ino for p in (tmp_path / "kept").glob("*.pickle")}
    linked = {p.name: p.stat().st_ino for p in fresh.directory.glob("*.pickle")}
    assert kept_files.items() <= linked.items() and len(linked) == len(kept_files) + 1
    fresh.environment = "env"
    fresh.keep(tmp_path / "kept")  # replaces the documents it shares files with
    assert list(fresh) == documents
    assert list(fresh.documents_at([len(documents) - 1, 0])) == [documents[-1], documents[0]]
    again = KeptDocuments.open(tmp_path / "kept", "env")
    assert pickle.loads(_copied(again.pickled("key-new"))) == documents[-1]


def _copied(found: bytes | SharedPickle | None) -> bytes:
    if isinstance(found, SharedPickle):
        with (found.directory / found.where[0]).open("rb") as handle:
            handle.seek(found.where[1])
            return handle.read(found.where[2])
    assert found is not None
    return found


def test_small_changed_or_mostly_replaced_data_files_are_copied_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = list(seed_documents())
    write_kept(tmp_path, documents)
    found = KeptDocuments.open(tmp_path / "kept", "env")
    assert isinstance(found.pickled("key-0"), KeptPickle)  # small: copied
    monkeypatch.setattr(document_file, "SHARED_MIN_BYTES", 0)
    # one document of each kept file reused, the others replaced: mostly dead bytes
    found = KeptDocuments.open(tmp_path / "kept", "env")
    fresh = DocumentFile(tmp_path / "cache", parts=2)
    for part in (0, 1):
        keyed = [(f"key-{part}", found.pickled(f"key-{part}"))]
        keyed += [(f"new-{n}", d) for n, d in enumerate(documents) if n > 1 and n % 2 == part]
        fresh.record(part, fresh.write_keyed(keyed, part), 1)
    fresh.environment = "env"
    fresh.keep(tmp_path / "kept")
    again = KeptDocuments.open(tmp_path / "kept", "env")
    assert isinstance(again.pickled("key-0"), KeptPickle)
    assert isinstance(again.pickled("new-2"), SharedPickle)
    # a data file that changed since it was kept is not linked
    name = again.where["new-2"][0]
    os.utime(tmp_path / "kept" / name, ns=(0, 0))
    changed = KeptDocuments.open(tmp_path / "kept", "env")
    assert pickle.loads(changed.pickled("new-2")) == documents[2]


def test_a_damaged_document_is_refused_when_read(tmp_path: Path) -> None:
    documents = list(seed_documents())
    with DocumentFile(tmp_path) as stored:
        stored.write_keyed([(f"key-{n}", d) for n, d in enumerate(documents)])
        data = next(stored.directory.glob("*.pickle"))
        damaged = bytearray(data.read_bytes())
        damaged[-10] ^= 1
        data.write_bytes(bytes(damaged))
        with pytest.raises(ValueError, match="検索文書のファイルが壊れています"):
            list(stored)


# Content keys: which documents changed, without reading them


def keyed_file(directory: Path, keyed: list, environment: str | None = "env") -> DocumentFile:
    documents = DocumentFile(directory, parts=2)
    for part in (0, 1):
        documents.record(part, documents.write_keyed(keyed[part::2], part))
    documents.environment = environment
    return documents


def test_content_keys_name_each_document_with_its_key_and_code(tmp_path: Path) -> None:
    documents = list(seed_documents())
    keyed = [(f"key-{n}", d) for n, d in enumerate(documents)]
    one, same = keyed_file(tmp_path, keyed), keyed_file(tmp_path, keyed)
    assert one.content_keys() == same.content_keys()
    assert len(set(one.content_keys())) == len(documents)
    other_code = keyed_file(tmp_path, keyed, "other code").content_keys()
    assert not set(other_code) & set(one.content_keys())
    changed = keyed_file(tmp_path, [("key-new", documents[0]), *keyed[1:]]).content_keys()
    assert [a == b for a, b in zip(changed, one.content_keys(), strict=True)] == [False] + [True] * (len(documents) - 1)  # fmt: skip
    assert keyed_file(tmp_path, keyed, None).content_keys() is None  # code unknown
    assert keyed_file(tmp_path, [(None, documents[0]), *keyed[1:]]).content_keys() is None


def test_documents_are_read_by_number_from_any_part(tmp_path: Path) -> None:
    documents = list(seed_documents())
    stored = keyed_file(tmp_path, [(f"key-{n}", d) for n, d in enumerate(documents)])
    numbers = [2, 0, len(documents) - 1, 1]
    assert list(stored.documents_at(numbers)) == [documents[n] for n in numbers]
    assert list(stored.documents_at([])) == []
