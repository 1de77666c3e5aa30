"""Importer accuracy benchmark: precision and recall per seed and field group, time and memory.

Usage (from the repository root):

    .venv/bin/python -m benchmarks.importer_accuracy            # all seeds
    .venv/bin/python -m benchmarks.importer_accuracy 000 003    # some seeds
    .venv/bin/python -m benchmarks.importer_accuracy --misses   # also list every failed check

Each seed in ../shared/seeds (or $PIA_SEEDS) is imported with the importer's Python API and
compared with its hand-checked expectation (tests/importer/expected/<seed>.yaml) by the rules
of tests/importer/accuracy.py. The table shows, per seed and field group, precision and
recall ("—" when a group has nothing to score) and the number of checks; then the import
time and the peak memory traced by tracemalloc. Time is measured without tracemalloc (which
slows Python several-fold): the first import in the process (cold: regular expressions and
normalizer tables are built on first use) and the best of five later imports (warm).
Exit status: 0 when every check passes, 1 otherwise, 2 when the importer cannot be loaded.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tests.importer.accuracy import (
    GROUPS,
    SEEDS,
    Outcome,
    Score,
    evaluate,
    import_assessment,
    mismatch_report,
    scores,
    seed_path,
)


@dataclass(frozen=True)
class SeedRun:
    seed: str
    outcomes: list[Outcome]
    seconds: float  # cold: the first import of the process
    warm_seconds: float  # the best of WARM_RUNS later imports
    peak_bytes: int


def run_seed(seed: str) -> SeedRun:
    """Import one seed under time and memory measurement, then check it."""
    path = seed_path(seed)
    text = path.read_text(encoding="utf-8")
    assessment, seconds = _timed_import(text, path.name)
    warm = min(_timed_import(text, path.name)[1] for _ in range(WARM_RUNS))
    peak = _peak_memory(text, path.name)
    return SeedRun(seed, evaluate(seed, assessment, text), seconds, warm, peak)


WARM_RUNS = 5


def _timed_import(text: str, source_name: str) -> tuple[Any, float]:
    started = time.perf_counter()
    assessment = import_assessment(text, source_name=source_name)
    return assessment, time.perf_counter() - started


def _peak_memory(text: str, source_name: str) -> int:
    tracemalloc.start()
    try:
        import_assessment(text, source_name=source_name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def score_table(runs: Sequence[SeedRun]) -> str:
    """Rows: seed × field group (and "all") → precision, recall, correct/checks."""
    lines = [f"{'seed':<5} {'group':<13} {'precision':>9} {'recall':>7} {'correct':>9}"]
    for run in runs:
        table = scores(run.outcomes)
        for group in (*GROUPS, "all"):
            lines.append(_score_line(run.seed, group, table[group]))
    return "\n".join(lines)


def _score_line(seed: str, group: str, score: Score) -> str:
    counted = f"{score.correct}/{score.checks}"
    precision, recall = _ratio(score.precision), _ratio(score.recall)
    return f"{seed:<5} {group:<13} {precision:>9} {recall:>7} {counted:>9}"


def resource_table(runs: Sequence[SeedRun]) -> str:
    lines = [f"{'seed':<5} {'cold (ms)':>10} {'warm (ms)':>10} {'peak memory (MiB)':>18}"]
    for run in runs:
        lines.append(
            f"{run.seed:<5} {run.seconds * 1000:>10.1f} {run.warm_seconds * 1000:>10.1f}"
            f" {run.peak_bytes / 2**20:>18.2f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="*", default=list(SEEDS), help="seed numbers (000 …)")
    parser.add_argument("--misses", action="store_true", help="list every failed check")
    args = parser.parse_args(argv)
    try:
        runs = [run_seed(seed) for seed in args.seeds]
    except ImportError as error:
        print(f"the importer cannot be loaded: {error}", file=sys.stderr)
        return 2
    print(score_table(runs), resource_table(runs), sep="\n\n")
    if args.misses:
        print(*(mismatch_report(run.seed, run.outcomes) for run in runs), sep="\n\n")
    return 0 if all(o.ok for run in runs for o in run.outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
