"""The catalogue stages of an incremental rebuild alone, on a national build's workdir:
validation with every file's cached entry reused, normalization and the assessments'
fingerprints, as `pia build --incremental` runs them in its catalogue process; wall and
CPU seconds of each and the seconds the cyclic garbage collector took in it, per round, and
the peak RSS of this process.

    .venv/bin/python -m benchmarks.catalogue_stages /tmp/pia-national/n60000 --rounds 3

Entries are looked up in the workdir's ``.pia-cache/files``; after a change of the code
they hash (generator/filecache.py), the first round computes and stores every file's
entry in two processes, as a build would (its line says how many were reused), so its
figures are not a rebuild's. To compare two commits, run this file from each checkout's
directory with that checkout's Python (it uses only `gather`, `normalize`,
`assessment_fingerprints`, `FileCache` and `frozen_as_made`).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generator.build import CACHE_DIR, FILES_DIR, assessment_fingerprints, gather, normalize
from generator.filecache import FileCache
from generator.filecache import environment_hash as files_environment
from generator.gcpause import frozen_as_made
from generator.progress import Progress

JOBS = 2  # for the entries a first round computes, as `pia build --jobs 2`


class Clock:
    """Wall, CPU and collector seconds of each stage, by name."""

    def __init__(self) -> None:
        self.figures: dict[str, tuple[float, float, float]] = {}
        self._collecting = 0.0
        self._started = 0.0
        gc.callbacks.append(self._on_collection)

    def _on_collection(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self._collecting += time.perf_counter() - self._started

    def close(self) -> None:
        gc.callbacks.remove(self._on_collection)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu, collecting = time.perf_counter(), time.process_time(), self._collecting
        yield
        self.figures[name] = (
            time.perf_counter() - wall,
            time.process_time() - cpu,
            self._collecting - collecting,
        )


def one_round(workdir: Path, clock: Clock, freeze: Callable[[], None]) -> str:
    files = FileCache(workdir / CACHE_DIR / FILES_DIR, files_environment(), reuse=True)
    with clock.stage("validate"), contextlib.redirect_stdout(io.StringIO()):
        sources = gather(workdir / "catalogue", False, lambda _: None, files, JOBS)
        freeze()
    with clock.stage("normalize"):
        catalogue = normalize(sources, files, Progress(quiet=True))
    with clock.stage("fingerprints"):
        fingerprints = assessment_fingerprints(catalogue)
        freeze()
    return f"{len(fingerprints):,} assessments, {files.reused:,} entries reused"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=Path, help="a size's directory of benchmarks.national")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    for number in range(1, args.rounds + 1):
        clock = Clock()
        try:
            with frozen_as_made() as freeze:
                counts = one_round(args.workdir, clock, freeze)
        finally:
            clock.close()
        figures = ", ".join(
            f"{name} {wall:.1f} s wall, {cpu:.1f} s CPU (collector {collecting:.1f} s)"
            for name, (wall, cpu, collecting) in clock.figures.items()
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"round {number}: {figures}; {counts}; peak RSS so far {peak:,.0f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
