"""Search index build and query benchmark: time, peak memory, bytes per query.

    .venv/bin/python -m benchmarks.search_index_build --sizes seeds,1000,10000
    .venv/bin/python -m benchmarks.search_index_build --sizes seeds --grams all,short,none

For each corpus (the seed documents of tests/search, or N synthetic assessments from
benchmarks.synthetic run through the real catalogue pipeline, cached as JSON lines
under --work), `write_search_index` runs in a child process that streams the documents
from the JSON-lines file, so its wall time and peak RSS (ru_maxrss, which includes the
interpreter and the Sudachi dictionary: see `baseline`) are the index build alone;
`worker_peak_mib` is the largest analysis worker process (there are `workers` of them).
CPU seconds (main, workers) are given too: the machine may be shared, wall time not.
Then a node session (benchmarks/search_session.mjs) runs the queries in one engine, as
one browser tab would: a later query fetches only the files no earlier query needed;
each query is also run as the first of a fresh engine (manifest, tables and all its
shards: the first-query figures; cold_ms includes reading and parsing them). Bytes are raw and gzip -6
(what a static host serves). `--grams` rebuilds with the grams field fed from all text
(the product), from the short fields only, or not at all (those two analyze in one
process), and reports recall against `all` (index_builder.py explains the choice).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import logging
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from generator.search.documents import SearchDocument

ROOT = Path(__file__).resolve().parents[1]
SESSION = ROOT / "benchmarks" / "search_session.mjs"
QUERIES_YAML = ROOT / "tests" / "search" / "queries.yaml"
NATIONAL_QUERIES = (
    "NTTデータ", "番号法第19条第8号", "中間サーバー", "住民基本台帳", "予防接種", "介護保険 委託",
    "㈱TKC", "児童手当", "番号法第9条第1項 別表 項番24", "再委託", "住基ネット", "富士通Japan",
    "東京都", "生活保護", "バックアップ", "マイナポータル",
)  # fmt: skip
SELF, CHILDREN = resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN
TUPLE_FIELDS = tuple(
    f.name for f in dataclasses.fields(SearchDocument) if str(f.type).startswith("tuple")
)


def write_documents(documents: Iterator[SearchDocument], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(dataclasses.asdict(document), ensure_ascii=False) + "\n")
            count += 1
    return count


def read_documents(path: Path) -> Iterator[SearchDocument]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            values = json.loads(line)
            for name in TUPLE_FIELDS:
                values[name] = tuple(values[name])
            yield SearchDocument(**values)


def corpus(size: str, work: Path) -> Path:
    """The JSON-lines documents of a corpus, made once."""
    path = work / f"documents-{size}.jsonl"
    if not path.exists():
        started = time.perf_counter()
        count = write_documents(
            _seed_documents() if size == "seeds" else _synthetic(int(size), work), path
        )
        print(
            f"corpus {size}: {count} documents in {time.perf_counter() - started:.0f} s", flush=True
        )
    return path


def _seed_documents() -> Iterator[SearchDocument]:
    from tests.search.seed_documents import seed_documents

    return iter(seed_documents())


def _synthetic(size: int, work: Path) -> Iterator[SearchDocument]:
    from benchmarks.synthetic.documents import synthetic_documents

    out = work / f"synthetic-{size}"
    shutil.rmtree(out, ignore_errors=True)
    documents = synthetic_documents(size, out)
    shutil.rmtree(out)
    return iter(documents)


def build_in_child(documents: Path, out: Path, grams: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.search_index_build", "--child", str(documents)]
    command += ["--out", str(out), "--grams", grams]
    completed = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    print(completed.stderr.strip(), flush=True)
    return json.loads(completed.stdout.splitlines()[-1])


def child_build(documents: Path, out: Path, grams: str) -> None:
    """Runs in the child: one write_search_index, measured."""
    from generator.search import index_builder
    from generator.search.analyzer import DocumentAnalyzer
    from generator.search.parallel import default_workers
    from generator.search.partitioned import write_partitioned_index

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")
    _select_grams(index_builder, grams)
    DocumentAnalyzer()  # load the dictionary once so `baseline` includes it
    usage = resource.getrusage(SELF)
    baseline, baseline_cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    # The grams patch lives in this process only: other variants analyze in-process.
    workers = default_workers() if grams == "all" else 1
    stats = write_partitioned_index(read_documents(documents), out, workers=workers)
    seconds = time.perf_counter() - started
    own, workers_usage = (resource.getrusage(who) for who in (SELF, CHILDREN))
    peak, worker = own.ru_maxrss, workers_usage.ru_maxrss
    figures = {
        "seconds": seconds,
        "main_cpu_s": own.ru_utime + own.ru_stime - baseline_cpu,
        "workers_cpu_s": workers_usage.ru_utime + workers_usage.ru_stime,
        "peak_mib": peak / 1024,
        "baseline_mib": baseline / 1024,
        "worker_peak_mib": worker / 1024,
        "workers": workers,
    }
    print(json.dumps({**figures, **dataclasses.asdict(stats)}))


def _select_grams(index_builder: Any, grams: str) -> None:
    """Benchmark-only: feed the grams field from all text, short fields, or nothing."""
    prose = index_builder._prose
    if grams == "short":
        index_builder._prose = lambda document: prose(dataclasses.replace(document, body=""))
    elif grams == "none":
        index_builder._prose = lambda document: ()


def queries() -> list[str]:
    from tests.search.queries_from_seeds import seed_queries

    spec = [q["query"] for q in yaml.safe_load(QUERIES_YAML.read_text())["queries"]]
    return list(dict.fromkeys([*spec, *NATIONAL_QUERIES, *seed_queries(200)]))


def run_session(search_dir: Path, query_list: list[str]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is required for the query figures")
    completed = subprocess.run(
        [node, str(SESSION), str(search_dir)],
        input=json.dumps(query_list, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(completed.stdout)


def transfer(search_dir: Path, files: dict[str, int]) -> tuple[int, int]:
    raw = sum(files.values())
    compressed = sum(len(gzip.compress((search_dir / p).read_bytes(), 6)) for p in files)
    return raw, compressed


def query_figures(search_dir: Path, answers: list[dict[str, Any]]) -> dict[str, Any]:
    first = sorted(transfer(search_dir, a["fresh_files"])[1] for a in answers) or [0]
    later = sorted(transfer(search_dir, a["files"])[1] for a in answers[1:]) or [0]
    cold = [a["fresh_ms"] for a in answers]
    warm = [a["ms"] for a in answers[1:]] or [0.0]
    return {
        "queries": len(answers),
        "queries_with_results": sum(1 for a in answers if a["results"]),
        "first_gzip_kb_p50": statistics.median(first) / 1000,
        "first_gzip_kb_p95": _p95(first) / 1000,
        "first_gzip_kb_max": first[-1] / 1000,
        "later_gzip_kb_p50": statistics.median(later) / 1000,
        "later_gzip_kb_p95": _p95(later) / 1000,
        "later_gzip_kb_max": later[-1] / 1000,
        "cold_ms_p95": _p95(cold),
        "warm_ms_p50": statistics.median(warm),
        "warm_ms_p95": _p95(warm),
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def recall(answers: dict[str, list[dict[str, Any]]]) -> dict[str, float]:
    """Share of the `all` variant's result counts each variant still finds."""
    base = sum(a["results"] for a in answers["all"]) or 1
    return {grams: sum(a["results"] for a in found) / base for grams, found in answers.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="seeds,1000,10000")
    parser.add_argument("--grams", default="all")
    parser.add_argument("--work", type=Path, default=Path("/tmp/pia-search-bench"))
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_build(args.child, args.out, args.grams)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    query_list = queries()
    for size in args.sizes.split(","):
        documents = corpus(size, args.work)
        answers: dict[str, list[dict[str, Any]]] = {}
        for grams in args.grams.split(","):
            out = args.work / f"index-{size}-{grams}"
            built = build_in_child(documents, out, grams)
            answers[grams] = run_session(out, query_list)
            figures = query_figures(out, answers[grams])
            print(json.dumps({"corpus": size, "grams": grams, **built, **figures}), flush=True)
        if "all" in answers and len(answers) > 1:
            print(json.dumps({"corpus": size, "recall_vs_all": recall(answers)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
