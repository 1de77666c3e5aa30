"""Incremental rebuilds of an existing national build: ``python -m benchmarks.rebuild WORKDIR``.

WORKDIR is a size's directory of benchmarks.national (``/tmp/pia-national/n60000``), built
once. Each round changes one assessment's title (as benchmarks.national does) and runs
``pia build --incremental --jobs N`` as a child, and prints its wall time, CPU time, peak
memory, stage times and the search-index line of its log: whether the index was updated
as a delta (generator/search/delta.py) or written whole, and why. When the build that
made WORKDIR predates the index snapshot, the first round writes the index whole and
the next ones are deltas, so one run measures both ways side by side.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from benchmarks.national import head_commit, run_build, say, touch_one


def rebuild_rounds(workdir: Path, rounds: int, jobs: int) -> list[dict[str, object]]:
    results = []
    for number in range(1, rounds + 1):
        changed = touch_one(workdir / "catalogue")
        build = run_build(workdir, f"--jobs={jobs}", "--incremental")
        result = {"round": number, "changed": changed.name, **asdict(build)}
        say(
            f"round {number}: {build.seconds} s wall, {build.cpu_seconds} s CPU, peak RSS "
            f"{build.peak_rss_mb:.0f} MB; stages {build.stages}; {build.index_line}"
        )
        results.append(result)
        if not build.ok:
            break
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=Path, help="a size's directory of benchmarks.national")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results")
    args = parser.parse_args(argv)
    results = rebuild_rounds(args.workdir, args.rounds, args.jobs)
    if args.json:
        out = {"workdir": str(args.workdir), "commit": head_commit(), "rounds": results}
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
