"""A file written in blocks (generator/splice.py) is the same bytes whether its unchanged
blocks are made again or copied from the last build's file, and they are copied only
from the file the last build recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.splice import BLOCKS_SUFFIX, Block, Frame, last_blocks, write_blocks
from generator.write import GuardedWriter

HEAD = b"id,name\r\n"
TABLE = "data/table.csv"
CSV = Frame(HEAD)
JSON = Frame(b'{"a":[', b",", b"]}")


def rows(version: dict[str, str]) -> dict[str, bytes]:
    return {name: f"{name},{text}\r\n".encode() for name, text in version.items()}


def write(
    root: Path,
    version: dict[str, str],
    last: GuardedWriter | None = None,
    changed: frozenset[str] = frozenset(),
    frame: Frame = CSV,
) -> tuple[GuardedWriter, int]:
    """The table of ``version`` written under ``root``, over the tree ``last`` wrote;
    an unchanged block cannot be made again, only copied."""
    writer = GuardedWriter(root, last.made_from if last else {}, last.root if last else root)
    blocks = [
        Block(
            name, name not in changed, _not_made if last and name not in changed else data.__bytes__
        )
        for name, data in rows(version).items()
    ]
    copied = write_blocks(writer, TABLE, "test", blocks, frame)
    return writer, copied


def _not_made() -> bytes:
    raise AssertionError("an unchanged block is copied")


def table(writer: GuardedWriter) -> bytes:
    return (writer.root / TABLE).read_bytes()


def expected(version: dict[str, str], frame: Frame = CSV) -> bytes:
    return frame.head + frame.separator.join(rows(version).values()) + frame.tail


FIRST = {"a": "一", "b": "二", "c": "三", "d": "四", "e": "五"}


def test_unchanged_blocks_are_copied_and_the_file_is_the_same_bytes(tmp_path: Path) -> None:
    first, copied = write(tmp_path / "1", FIRST)
    assert (table(first), copied) == (expected(FIRST), 0)
    second_version = {**FIRST, "c": "三改", "f": "六"}
    second, copied = write(tmp_path / "2", second_version, first, changed=frozenset({"c", "f"}))
    assert table(second) == expected(second_version)
    assert copied == 4
    # the record describes the file it was written with, and the next build reads it
    blocks = last_blocks(GuardedWriter(tmp_path / "3", second.made_from, second.root), TABLE)
    assert blocks is not None
    assert last_blocks(GuardedWriter(second.root, second.made_from), TABLE) is None  # in place
    data = table(second)
    assert {name: data[start:end] for name, (start, end) in blocks.spans.items()} == rows(
        second_version
    )


def test_removed_and_reordered_blocks_are_copied_from_where_they_were(tmp_path: Path) -> None:
    first, _ = write(tmp_path / "1", FIRST)
    version = {"e": "五", "a": "一", "c": "三"}
    second, copied = write(tmp_path / "2", version, first)
    assert (table(second), copied) == (expected(version), 3)


@pytest.mark.parametrize(
    "version",
    [
        {"a": "一", "b": "二改", "c": "三", "d": "四", "e": "五"},
        {"b": "二", "c": "三", "d": "四", "e": "五"},  # the first removed
        {"a": "一", "c": "三", "e": "五", "f": "六"},
        {"e": "五", "d": "四", "c": "三", "b": "二", "a": "一"},
        {"f": "六"},
        {},
    ],
)
def test_separated_blocks_are_copied_with_the_separators_between_them(
    tmp_path: Path, version: dict[str, str]
) -> None:
    first, _ = write(tmp_path / "1", FIRST, frame=JSON)
    changed = frozenset(name for name, text in version.items() if FIRST.get(name) != text)
    second, copied = write(tmp_path / "2", version, first, changed, JSON)
    assert table(second) == expected(version, JSON)
    assert copied == len(version) - len(changed)


@pytest.mark.parametrize(
    "change",
    [
        lambda path: path.write_bytes(path.read_bytes().replace("三".encode(), "参".encode())),
        lambda path: path.write_bytes(path.read_bytes()[:-1]),
        lambda path: path.write_bytes(b"other"),
        lambda path: path.unlink(),
    ],
)
def test_a_file_changed_since_its_record_is_not_copied_from(tmp_path: Path, change) -> None:
    first, _ = write(tmp_path / "1", FIRST)
    change(tmp_path / "1" / TABLE)
    assert last_blocks(GuardedWriter(tmp_path / "2", first.made_from, first.root), TABLE) is None


@pytest.mark.parametrize(
    "record",
    ["not json", '{"file": [1, 2, 3]}', '{"file": 1, "head": 0, "names": [], "lengths": []}'],
)
def test_a_damaged_record_is_not_used(tmp_path: Path, record: str) -> None:
    first, _ = write(tmp_path / "1", FIRST)
    previous = {TABLE + BLOCKS_SUFFIX: record}
    assert last_blocks(GuardedWriter(tmp_path / "2", previous, first.root), TABLE) is None
