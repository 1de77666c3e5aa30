"""Validate files: load each one, check what it refers to, then the catalogue-wide rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.load.files import catalogue_files, load_file
from generator.validate.checked import CheckedFile
from generator.validate.problems import Problem, Resolver
from generator.validate.references import reference_problems
from generator.validate.report import FileProblems, Report
from generator.validate.rules import (
    CATALOGUE_RULE_LOCS,
    catalogue_problems,
    is_under,
    stray_file_problems,
)


def collect_files(paths: Iterable[Path], catalogue_root: Path) -> tuple[list[Path], list[Problem]]:
    """The YAML files named by ``paths`` (directories are searched), and stray files."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files.extend(catalogue_files(path))
            if is_under(path, catalogue_root):
                problems.extend(stray_file_problems(path))
            elif catalogue_root.is_dir() and is_under(catalogue_root, path):
                problems.extend(stray_file_problems(catalogue_root))
        else:
            files.append(path)
    return sorted(dict.fromkeys(files)), problems


@dataclass(frozen=True)
class FileCheck:
    """What one file yields on its own: its problems (as the build's cache stores them,
    for a reused file), and its packed model when it loaded."""

    problems: tuple[Problem, ...] | FileProblems
    checked: CheckedFile | None


# Checks files in order: `check_each`, or `FileCache.check_all` (pia build).
FilesChecker = Callable[[Sequence[Path]], Iterable[FileCheck]]


def check_file(path: Path) -> FileCheck:
    """Load one file and check what it refers to (the rules that need no other file); the
    whole model is held only while this file is checked, then kept packed."""
    result = load_file(path)
    if result.loaded is None:
        return FileCheck(result.problems, None)
    problems = (*result.problems, *reference_problems(result.loaded))
    return FileCheck(problems, CheckedFile.of(result.loaded, CATALOGUE_RULE_LOCS))


def check_each(paths: Sequence[Path]) -> Iterator[FileCheck]:
    return map(check_file, paths)


def validate_files(files: Iterable[Path], catalogue_root: Path) -> list[Problem]:
    return check_files(files, catalogue_root)[0]


def check_files(
    files: Iterable[Path], catalogue_root: Path, check_all: FilesChecker = check_each
) -> tuple[list[Problem], list[CheckedFile]]:
    """Every problem of ``files`` (sorted), and the files that loaded, in ``files`` order."""
    report, loaded = _check(list(files), [], catalogue_root, check_all, Resolver())
    return report.problems(), loaded


def _check(
    files: list[Path],
    stray: list[Problem],
    catalogue_root: Path,
    check_all: FilesChecker,
    resolver: Resolver,
) -> tuple[Report, list[CheckedFile]]:
    """``check_all`` gives each file's own results (``pia build`` passes one that reuses them
    and works in several processes, generator/filecache.py); the catalogue-wide rules run
    over all files."""
    own: list[tuple[Path, Sequence[Problem] | FileProblems]] = []
    loaded: list[CheckedFile] = []
    for path, result in zip(files, check_all(files), strict=True):
        own.append((path, result.problems))
        if result.checked:
            loaded.append(result.checked)
    others = catalogue_problems(loaded, catalogue_root, resolver)
    return Report(own, [*stray, *others]), loaded


def validate_paths(paths: Iterable[Path], *, catalogue_root: Path) -> list[Problem]:
    """Every problem of the files and directories in ``paths``, sorted."""
    return check_paths(paths, catalogue_root=catalogue_root)[0]


def check_paths(
    paths: Iterable[Path], *, catalogue_root: Path, check_all: FilesChecker = check_each
) -> tuple[list[Problem], list[CheckedFile]]:
    """`validate_paths`, and the files that loaded (sorted by path), so that a caller that
    needs the models (``pia build``) does not read and validate every file again."""
    report, loaded = check_report(paths, catalogue_root=catalogue_root, check_all=check_all)
    return report.problems(), loaded


def check_report(
    paths: Iterable[Path],
    *,
    catalogue_root: Path,
    check_all: FilesChecker = check_each,
    resolver: Resolver | None = None,
) -> tuple[Report, list[CheckedFile]]:
    """`check_paths` with the problems as a Report, which prints a national catalogue's
    without making them all (``pia build``)."""
    files, stray = collect_files(paths, catalogue_root)
    return _check(files, stray, catalogue_root, check_all, resolver or Resolver())
