"""Warm query latency of the site's search engine in node, before and after a change.

Run:  .venv/bin/python -m benchmarks.query_latency SITE [--before REF] [--rounds N] [--copies K]
      [--answer]

SITE is a built site (`pia build`; e.g. a synthetic corpus from benchmarks.synthetic). Times
(wall clock, and the node process's CPU time, steadier on a shared machine)
``engine.search(q)`` for every query of benchmarks.national.QUERIES with every index file
already loaded (benchmarks/query_latency.mjs), for the search code of the working tree and
for that of commit REF (default: main; it must read the site's index format), over the same
search-index/, and prints p50 and p95 (over all queries and rounds, as benchmarks.national's
percentile does) and their ratio. Both engines must give the same number of results per
query, or it stops.

--copies K repeats every posting list K times over new document numbers: a stand-in for a
corpus K times larger with as many postings per term (timing only; its scores are not those
of a real index of that size).

--answer times ``answer(engine, q, {})`` of theme/assets/js/search-ui.js instead: what the
results page computes for a query (the search, the facet table and the counts of the facets
shown unfolded, the fragments of the first page), as the browser benchmark's latency does.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.national import QUERIES, percentile

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "benchmarks" / "query_latency.mjs"
ENGINE = Path("theme/assets/js")


@dataclass(frozen=True)
class Timings:
    wall_ms: list[float]  # every query and round
    cpu_ms: list[float]  # the same calls' CPU time (user + system) of the node process
    hits: dict[str, int]  # results per query


def time_engine(
    engine_dir: Path, index: Path, rounds: int, copies: int = 1, answer: bool = False
) -> Timings:
    """All timings of the engine in engine_dir (of answer() with `answer`), and its result
    count per query."""
    node = shutil.which("node") or "node"
    engine = str(engine_dir / "search-engine.js")
    completed = subprocess.run(
        [node, str(RUNNER), engine, str(index), str(rounds), str(copies)]
        + (["answer"] if answer else []),
        input=json.dumps(list(QUERIES), ensure_ascii=False),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{engine} failed over {index}:\n{completed.stderr}")
    out = json.loads(completed.stdout)
    flat = lambda per_query: [ms for timings in per_query.values() for ms in timings]  # noqa: E731
    return Timings(flat(out["ms"]), flat(out["cpuMs"]), out["hits"])


def engine_at(ref: str, out: Path) -> Path:
    """The search code of commit `ref`, extracted under out."""
    archive = subprocess.run(
        ["git", "archive", ref, str(ENGINE)], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out / ENGINE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (its search-index/ is queried)")
    parser.add_argument("--before", default="main", help="the commit to compare with")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the queries")
    parser.add_argument("--copies", type=int, default=1, help="repeat every posting list K times")
    parser.add_argument("--answer", action="store_true", help="time answer(), not search()")
    args = parser.parse_args(argv)
    if args.answer and args.copies > 1:
        parser.error("--answer reads the facet table, which --copies does not repeat")
    index = args.site / "search-index"
    with tempfile.TemporaryDirectory() as tmp:
        engine = engine_at(args.before, Path(tmp))
        before = time_engine(engine, index, args.rounds, args.copies, args.answer)
    after = time_engine(ROOT / ENGINE, index, args.rounds, args.copies, args.answer)
    if before.hits != after.hits:
        raise SystemExit(f"result counts differ: {args.before} {before.hits}, now {after.hits}")
    for kind in ("wall_ms", "cpu_ms"):
        rows = [(args.before, getattr(before, kind)), ("working tree", getattr(after, kind))]
        for name, timings in rows:
            print(f"{kind} {name}: p50 {percentile(timings, 0.5)}, p95 {percentile(timings, 0.95)}")
        for share in (0.5, 0.95):
            ratio = percentile(rows[0][1], share) / max(percentile(rows[1][1], share), 0.1)
            print(f"{kind} p{round(share * 100)} ratio {args.before} ÷ working tree: {ratio:.1f}×")
    copies = f", posting lists × {args.copies}" if args.copies > 1 else ""
    print(f"{len(QUERIES)} queries × {args.rounds} rounds{copies}; results per query: {after.hits}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
