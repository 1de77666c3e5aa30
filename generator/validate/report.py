"""A whole catalogue's problems as ``pia build`` prints them, kept file by file.

A national catalogue has about 110,000 warnings, two per file, printed by every build,
incremental ones too (the same lines as a full build's). The per-file cache
(generator/filecache.py) stores a file's own problems as `FileProblems`: their lines
made once, without the path, in the order `sort_problems` gives, and the Problem objects
pickled, unpickled only when a catalogue-wide rule adds a problem to the same file. A
`Report` prints the files' lines in path order, each file's merged with the catalogue-wide
problems that name it, exactly as sorting and formatting every problem would.
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.validate.problems import Problem, format_after_path, format_text, sort_problems


@dataclass(frozen=True)
class FileProblems:
    """One file's own problems, as stored: their lines after the path, sorted, and counts."""

    pickled: bytes  # the sorted Problem objects
    lines: tuple[str, ...]  # format_after_path of each
    errors: int

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> FileProblems:
        ordered = sort_problems(problems)
        lines = tuple(format_after_path(p) for p in ordered)
        errors = sum(1 for p in ordered if p.is_error)
        return cls(pickle.dumps(tuple(ordered), pickle.HIGHEST_PROTOCOL), lines, errors)

    def problems(self) -> tuple[Problem, ...]:
        problems: tuple[Problem, ...] = pickle.loads(self.pickled)
        return problems

    def __len__(self) -> int:
        return len(self.lines)


Own = Sequence[Problem] | FileProblems  # a file's own problems: made now, or stored


@dataclass(frozen=True)
class Report:
    """Every file's own problems (in file order) and the problems of the whole catalogue
    (catalogue-wide rules, stray files)."""

    own: list[tuple[Path, Own]]
    others: list[Problem]

    @property
    def errors(self) -> int:
        own = sum(p.errors if isinstance(p, FileProblems) else _errors(p) for _, p in self.own)
        return own + _errors(self.others)

    def __len__(self) -> int:
        return sum(len(problems) for _, problems in self.own) + len(self.others)

    def problems(self) -> list[Problem]:
        """Every problem, sorted."""
        every = [*self.others]
        for _, problems in self.own:
            every += problems.problems() if isinstance(problems, FileProblems) else problems
        return sort_problems(every)

    def text(self, shown: Callable[[Path], str]) -> str:
        """`format_text` of every problem, one per line, in `problems` order."""
        groups: dict[str, list[Own]] = defaultdict(list)
        paths: dict[str, Path] = {}
        for path, problems in self.own:
            if problems:
                groups[str(path)].append(problems)
                paths[str(path)] = path
        for problem in self.others:
            groups[str(problem.path)].append((problem,))
            paths.setdefault(str(problem.path), problem.path)
        out = []
        for name in sorted(groups):
            group = groups[name]
            if len(group) == 1 and isinstance(group[0], FileProblems):
                prefix = shown(paths[name])
                out += [f"{prefix}{line}\n" for line in group[0].lines]
                continue
            merged = [
                p for g in group for p in (g.problems() if isinstance(g, FileProblems) else g)
            ]
            out += [f"{format_text(p, shown=shown)}\n" for p in sort_problems(merged)]
        return "".join(out)


def _errors(problems: Sequence[Problem]) -> int:
    return sum(1 for p in problems if p.is_error)
