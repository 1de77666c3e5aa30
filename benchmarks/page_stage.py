"""The page stage of `pia build` alone, on a national build's catalogue: wall and CPU seconds
and the peak memory of all its processes, for each ``--jobs`` value, in one run.

    .venv/bin/python -m benchmarks.page_stage /tmp/pia-national/n60000 --jobs 1,2

The catalogue is validated and normalized once (the per-file results come from the build's
``.pia-cache/files`` when they are there), then `write_content` (pages and open data, as in
`pia build`) writes into a temporary directory once per ``--jobs`` value. Memory is the sum
of the PSS of this process and its page workers, polled as benchmarks.national does: the
forked workers share the catalogue copy-on-write, and what they copy of it is the cost.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.national import RssPoller, say
from generator.build import (
    CACHE_DIR,
    FILES_DIR,
    assessment_fingerprints,
    gather,
    normalize,
    write_content,
)
from generator.filecache import FileCache
from generator.filecache import environment_hash as files_environment
from generator.progress import Progress


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=Path, help="a size's directory of benchmarks.national")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    args = parser.parse_args(argv)
    poller = RssPoller(os.getpid())
    poller.stage = "catalogue"
    files = FileCache(args.workdir / CACHE_DIR / FILES_DIR, files_environment(), reuse=True)
    started = time.perf_counter()
    quiet = Progress(quiet=True)
    catalogue = normalize(gather(args.workdir / "catalogue", False, say, files, 2), files, quiet)
    fingerprints = assessment_fingerprints(catalogue)
    say(
        f"catalogue: {time.perf_counter() - started:.1f} s, {len(catalogue.assessments):,} assessments"
    )
    for jobs in (int(value) for value in args.jobs.split(",")):
        out = Path(tempfile.mkdtemp(prefix="page-stage-", dir=args.workdir))
        poller.stage = f"pages, jobs {jobs}"
        wall, cpu = time.perf_counter(), cpu_seconds()
        try:
            writer = write_content(catalogue, out / "content", None, fingerprints, quiet, jobs)
        finally:
            shutil.rmtree(out)
        print(
            f"jobs {jobs}: {time.perf_counter() - wall:.1f} s wall, {cpu_seconds() - cpu:.1f} s CPU,"
            f" {writer.count:,} files; peak {poller.tree_peaks[poller.stage]:,.0f} MB over all"
            f" processes (catalogue stages: {poller.tree_peaks['catalogue']:,.0f} MB)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
