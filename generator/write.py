"""Guarded output: every path stays inside its root, and no path is written twice.

Modelled on Pelican's ``Writer._written_files`` and ``_has_valid_save_as``: two things that
map to the same file are a build error, never a silent overwrite.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, TextIO

INPUTS_SUFFIX = "#inputs"


class OutputPathError(Exception):
    """A generated path leaves its root or is claimed twice."""


@dataclass
class GuardedWriter:
    """Writes files under ``root``; refuses escaping paths and second claims on a path."""

    root: Path
    # incremental builds: page path → fingerprint of what the last build made it from
    previous: Mapping[str, str] = field(default_factory=dict)
    # incremental builds: the published tree under ``root`` (generator/overlay.py), where
    # the files `keep` keeps are
    base: Path | None = None
    _claimed: dict[str, str] = field(default_factory=dict)
    _kept: set[str] = field(default_factory=set)
    _made_from: dict[str, str] = field(default_factory=dict)

    def claim(self, relative: str, owner: str) -> Path:
        """Reserve ``relative`` for ``owner`` and return its absolute path."""
        return self.root / self._reserve(relative, owner)

    def _reserve(self, relative: str, owner: str) -> str:
        """Reserve ``relative`` for ``owner``; its normal form (no path is made: a build
        claims 200,000 kept files at 60,000 assessments)."""
        key = safe_relative(relative)
        if key in self._claimed:
            raise OutputPathError(
                f"出力先 {key} が二重に使われています: {self._claimed[key]} と {owner}。"
                "IDやスラッグが重複していないか確認してください。"
            )
        self._claimed[key] = owner
        return key

    def write_text(self, relative: str, text: str, owner: str) -> Path:
        return self.write_bytes(relative, text.encode("utf-8"), owner)

    def write_bytes(self, relative: str, data: bytes, owner: str) -> Path:
        path = self._fresh(self.claim(relative, owner))
        path.write_bytes(data)
        return path

    @contextlib.contextmanager
    def open_text(self, relative: str, owner: str) -> Iterator[TextIO]:
        """A new file to stream text into (UTF-8, ``\\n`` kept as written)."""
        path = self._fresh(self.claim(relative, owner))
        with path.open("w", encoding="utf-8", newline="") as stream:
            yield stream

    @contextlib.contextmanager
    def open_binary(self, relative: str, owner: str) -> Iterator[BinaryIO]:
        """A new file to write bytes into."""
        path = self._fresh(self.claim(relative, owner))
        with path.open("wb") as stream:
            yield stream

    def keep(self, relative: str, owner: str) -> bool:
        """Claim ``relative`` and keep the file the last build wrote there (incremental
        builds: in ``base``, the published tree).

        False when there is no such file: the caller must write it.
        """
        key = safe_relative(relative)
        # os.path, not pathlib: an incremental build keeps 200,000 files at 60,000 assessments
        if not os.path.isfile(os.path.join(self.base or self.root, key)):
            return False
        self.adopt(key, owner, kept=True)
        return True

    def keep_if_made_from(self, relative: str, owner: str, fingerprint: str) -> bool:
        """Record that ``relative`` is made from ``fingerprint`` (a hash of everything its
        bytes are a function of) and claim and keep the file already there when the last
        build made it from the same; False: the caller must write it."""
        key = safe_relative(relative)
        self._made_from[key] = fingerprint
        return self.previous.get(key) == fingerprint and self.keep(relative, owner)

    def keep_pages_made_from(self, group: str, inputs: str) -> bool:
        """Claim and keep every page the last build made for ``group`` from ``inputs`` (a
        hash of everything the pages are a function of), each with the fingerprint it was
        recorded with; False, and nothing claimed, when the inputs differ or a page is not
        there: the caller makes the pages."""
        record = self.previous.get(group + INPUTS_SUFFIX)
        if record is None:
            return False
        made_from, pages = json.loads(record)
        base = self.base or self.root
        if made_from != inputs or not all(
            path in self.previous and os.path.isfile(os.path.join(base, path)) for path, _ in pages
        ):
            return False
        for path, owner in pages:
            self.keep_if_made_from(path, owner, self.previous[path])
        self._made_from[group + INPUTS_SUFFIX] = record
        return True

    def record_pages_made_from(self, group: str, inputs: str, pages: list[tuple[str, str]]) -> None:
        """Record that the pages (path, owner) of ``group`` were made from ``inputs``."""
        self._made_from[group + INPUTS_SUFFIX] = json.dumps([inputs, pages], ensure_ascii=False)

    def record_made_from(self, fingerprints: Mapping[str, str]) -> None:
        """Record the fingerprints of files another process wrote (or kept) under ``root``."""
        self._made_from.update(fingerprints)

    @property
    def made_from(self) -> dict[str, str]:
        """Path → fingerprint of every file written or kept through `keep_if_made_from`, and
        ``<group>#inputs`` → the inputs and pages of every group of pages recorded with
        `record_pages_made_from`, and ``<path>#blocks`` → the blocks of a file written by
        generator/splice.py (no file path ends so)."""
        return dict(self._made_from)

    def adopt(self, relative: str, owner: str, *, kept: bool = False) -> None:
        """Claim ``relative`` for a file another process wrote (or kept) under ``root``."""
        key = self._reserve(relative, owner)
        if kept:
            self._kept.add(key)

    def is_claimed(self, relative: str) -> bool:
        """Whether ``relative`` is claimed (in constant time: `claimed` copies every path)."""
        return safe_relative(relative) in self._claimed

    @property
    def claimed(self) -> frozenset[str]:
        return frozenset(self._claimed)

    @property
    def kept(self) -> frozenset[str]:
        """The claimed paths whose file was kept from the previous build, not written."""
        return frozenset(self._kept)

    @staticmethod
    def _fresh(path: Path) -> Path:
        """``path``, its directory made (staging trees start empty: nothing is linked)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def copy_tree(self, source: Path, relative: str, owner: str) -> None:
        """Copy every file under ``source`` to ``relative``, claiming each path."""
        for item in sorted(source.rglob("*")):
            if item.is_file():
                target = f"{relative}/{item.relative_to(source).as_posix()}".lstrip("/")
                self.write_bytes(target, item.read_bytes(), owner)

    @property
    def count(self) -> int:
        return len(self._claimed)


def files_under(root: Path) -> list[str]:
    """Every file under ``root`` as a relative POSIX path, sorted."""
    found = []
    for directory, _dirs, names in os.walk(root):
        base = Path(directory).relative_to(root).as_posix()
        found += [name if base == "." else f"{base}/{name}" for name in names]
    return sorted(found)


def safe_relative(relative: str) -> str:
    """Normalize a relative POSIX path; reject absolute paths, ``..`` and odd characters."""
    if not relative or "\\" in relative or "\x00" in relative:
        raise OutputPathError(f"出力先のパスが不正です: {relative!r}")
    if not any(part in ("..", ".", "") for part in relative.split("/")):
        return relative  # already normal: no PurePosixPath (called for 500,000 paths nationally)
    path = PurePosixPath(relative)
    if path.is_absolute() or any(part in ("..", ".", "") for part in path.parts):
        raise OutputPathError(f"出力先がルートの外を指しています: {relative!r}")
    return path.as_posix()


def swap_directory(fresh: Path, target: Path, trash: Path | None = None) -> None:
    """Replace ``target`` with ``fresh`` in two renames; the old tree is removed afterwards,
    or moved into ``trash`` (for `empty_trash` later) when that is on the same file
    system."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    discard_tree(old, trash)


def discard_tree(tree: Path, trash: Path | None = None) -> None:
    """Remove ``tree``, or move it into ``trash`` (for `empty_trash` later) when that is
    given and on the same file system."""
    if not tree.exists():
        return
    if trash is not None:
        trash.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(tree, tempfile.mkdtemp(prefix=f"{tree.name.lstrip('.')}.", dir=trash))
            return
        except OSError:  # another file system: removed now instead
            pass
    shutil.rmtree(tree)


def empty_trash(trash: Path) -> None:
    """Remove the trees `swap_directory` moved into ``trash``."""
    for tree in trash.iterdir() if trash.is_dir() else ():
        shutil.rmtree(tree, ignore_errors=True)


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A fresh directory next to ``target`` (same file system, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` at once: a reader, or a build stopped midway, finds the
    old bytes or the new, never a part (cache entries, written by several processes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
