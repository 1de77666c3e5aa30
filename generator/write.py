"""Guarded output: every path stays inside its root, and no path is written twice.

Modelled on Pelican's ``Writer._written_files`` and ``_has_valid_save_as``: two things that
map to the same file are a build error, never a silent overwrite.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


class OutputPathError(Exception):
    """A generated path leaves its root or is claimed twice."""


@dataclass
class GuardedWriter:
    """Writes files under ``root``; refuses escaping paths and second claims on a path."""

    root: Path
    _claimed: dict[str, str] = field(default_factory=dict)

    def claim(self, relative: str, owner: str) -> Path:
        """Reserve ``relative`` for ``owner`` and return its absolute path."""
        key = safe_relative(relative)
        if key in self._claimed:
            raise OutputPathError(
                f"出力先 {key} が二重に使われています: {self._claimed[key]} と {owner}。"
                "IDやスラッグが重複していないか確認してください。"
            )
        self._claimed[key] = owner
        return self.root / key

    def write_text(self, relative: str, text: str, owner: str) -> Path:
        path = self.claim(relative, owner)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return path

    def write_bytes(self, relative: str, data: bytes, owner: str) -> Path:
        path = self.claim(relative, owner)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
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


def safe_relative(relative: str) -> str:
    """Normalize a relative POSIX path; reject absolute paths, ``..`` and odd characters."""
    if not relative or "\\" in relative or "\x00" in relative:
        raise OutputPathError(f"出力先のパスが不正です: {relative!r}")
    path = PurePosixPath(relative)
    if path.is_absolute() or any(part in ("..", ".", "") for part in path.parts):
        raise OutputPathError(f"出力先がルートの外を指しています: {relative!r}")
    return path.as_posix()


def swap_directory(fresh: Path, target: Path) -> None:
    """Replace ``target`` with ``fresh`` in two renames; the old tree is removed afterwards."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    if old.exists():
        shutil.rmtree(old)
