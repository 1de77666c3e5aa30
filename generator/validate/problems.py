"""Problems found in catalogue files, and the two ways they are printed.

Text format (one line per problem, sorted by path, line and column)::

    PATH:LINE:COL: エラー: field.path (印刷された項目名): メッセージ（ヒント: 直し方）
    PATH:LINE:COL: 警告: field.path (印刷された項目名): メッセージ（ヒント: 直し方）

``LINE`` and ``COL`` count from 1. The field part is left out for problems of the whole
file (encoding, syntax), and the hint part when there is none. The last line is a summary:
``エラー N 件、警告 M 件（K ファイル）``.

GitHub format (``--format github``): one workflow command per problem, which GitHub
Actions shows as an annotation on the line::

    ::error file=PATH,line=LINE,col=COL,title=field.path::メッセージ（ヒント: …）
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITY_LABEL: dict[Severity, str] = {"error": "エラー", "warning": "警告"}


@dataclass(frozen=True)
class Problem:
    """One problem of one file, at a 1-based line and column."""

    path: Path
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by file, then position; errors before warnings at the same place."""
    return sorted(
        set(problems),
        key=lambda p: (str(p.path), p.line, p.column, p.severity, p.field, p.message),
    )


class Resolver:
    """``Path.resolve`` for the many files of a few directories, each path component looked
    at once: resolving every file whole, its directories again each time, was a fifth of an
    incremental build's validation. Whether a name is a symbolic link is read from one
    listing of its directory (a national catalogue has about 16 files per directory: a
    listing costs less than an lstat per file). It works on strings (`text`; pathlib
    objects cost a second per 60,000 files). One resolver serves one pass: it does not see
    directories change under it."""

    def __init__(self) -> None:
        self._resolved: dict[str, str] = {}
        self._links: dict[str, frozenset[str] | None] = {}  # directory → its symlinks' names

    def text(self, path: str) -> str:
        """The resolved form of ``path`` (a path as pathlib writes it), as a string."""
        found = self._resolved.get(path)
        if found is None:
            head, name = os.path.split(path)
            # the top of every path ("/" or ".") has no name: resolved whole, ending the descent
            if name in ("", ".", "..") or self._is_link(head or ".", name, path):
                found = os.path.realpath(path)
            else:
                found = os.path.join(self.text(head or "."), name)
            self._resolved[path] = found
        return found

    def _is_link(self, directory: str, name: str, path: str) -> bool:
        if directory not in self._links:
            self._links[directory] = _symlink_names(directory)
        links = self._links[directory]
        return os.path.islink(path) if links is None else name in links


def _symlink_names(directory: str) -> frozenset[str] | None:
    """The names of the symbolic links in ``directory``; None when it cannot be listed."""
    try:
        with os.scandir(directory) as entries:
            return frozenset(entry.name for entry in entries if entry.is_symlink())
    except OSError:
        return None


def relative_text(resolved: str, base: str) -> str | None:
    """``resolved`` relative to ``base`` (both resolved), as ``Path.relative_to`` gives it
    in POSIX form; None when it is not inside."""
    if resolved == base:
        return "."
    prefix = base if base.endswith("/") else f"{base}/"
    return resolved[len(prefix) :] if resolved.startswith(prefix) else None


def display_path(path: Path, base: Path | None = None) -> str:
    """The path relative to ``base`` (default: the working directory) when it is inside."""
    base = Path.cwd() if base is None else base
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def shown_paths(
    base: Path | None = None, resolver: Resolver | None = None
) -> Callable[[Path], str]:
    """`display_path` for the messages of a whole catalogue: each file and directory is
    resolved, and each file shown, once (a national catalogue has about two warnings per
    file); with the ``resolver`` of the pass that made the problems, not even again."""
    resolver = resolver or Resolver()
    root = resolver.text(os.fspath(Path.cwd() if base is None else base))

    def shown(path: Path) -> str:
        inside = relative_text(resolver.text(os.fspath(path)), root)
        return path.as_posix() if inside is None else inside

    return functools.cache(shown)


def message_with_hint(problem: Problem) -> str:
    return f"{problem.message}（ヒント: {problem.hint}）" if problem.hint else problem.message


def format_text(
    problem: Problem, base: Path | None = None, *, shown: Callable[[Path], str] | None = None
) -> str:
    """The problem's line; its file relative to ``base``, or as ``shown`` gives it
    (`shown_paths`, for a whole catalogue's messages)."""
    path = shown(problem.path) if shown else display_path(problem.path, base)
    return path + format_after_path(problem)


def format_after_path(problem: Problem) -> str:
    """The problem's line from the colon after its path (kept per file by the build's
    cache: generator/validate/report.py)."""
    field = f"{problem.field}: " if problem.field else ""
    severity = SEVERITY_LABEL[problem.severity]
    return f":{problem.line}:{problem.column}: {severity}: {field}{message_with_hint(problem)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem, base: Path | None = None) -> str:
    """A GitHub Actions workflow command (``::error`` / ``::warning``)."""
    properties = [
        f"file={_escape_property(display_path(problem.path, base))}",
        f"line={problem.line}",
        f"col={problem.column}",
    ]
    if problem.field:
        properties.append(f"title={_escape_property(problem.field)}")
    return (
        f"::{problem.severity} {','.join(properties)}::{_escape_data(message_with_hint(problem))}"
    )


def summary(problems: Sequence[Problem], file_count: int) -> str:
    errors = sum(1 for p in problems if p.is_error)
    return summary_of(errors, len(problems) - errors, file_count)


def summary_of(errors: int, warnings: int, file_count: int) -> str:
    return f"エラー {errors} 件、警告 {warnings} 件（{file_count} ファイル）"
