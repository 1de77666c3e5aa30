"""National-scale benchmark: ``python -m benchmarks.national --sizes 1000,10000,60000``.

For each size: generate the synthetic corpus (benchmarks.synthetic), run ``pia build`` in a
child process (wall time, peak RSS from os.wait4, stage times from the arrival of its
progress lines, plus the build's own --timings-json), change one assessment's title and
rebuild with ``pia build --incremental``, count the site and search-index bytes, then query the built
index in headless Chromium (bytes per query, gzip bytes, latency) and build Pagefind over
a copy of the same site as the anchor. Writes the generated section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from benchmarks.synthetic import generate_corpus

ROOT = Path(__file__).resolve().parents[1]
PIA = ROOT / ".venv" / "bin" / "pia"
PYTHON = ROOT / ".venv" / "bin" / "python"
REPORT = ROOT / "BENCHMARKS.md"
RESULTS = ROOT / "benchmarks" / "results" / "national.json"
BEGIN, END = "<!-- national:begin -->", "<!-- national:end -->"
QUERIES = (
    "NTTデータ", "番号法第19条第8号", "中間サーバー", "住民基本台帳", "予防接種", "介護保険 委託",
    "㈱TKC", "児童手当", "番号法第9条第1項 別表 項番24", "再委託", "住基ネット", "富士通Japan",
    "東京都", "生活保護", "バックアップ", "マイナポータル",
)  # fmt: skip
# Progress lines of `pia build` (generator/build.py) → the stage that just ended.
STAGES = (
    ("検証:", "load and validate"),
    ("正規化:", "normalize"),
    ("ページ:", "page generation"),  # with the open data, written by the same processes
    ("検索文書:", "search documents"),
    ("MkDocs:", "MkDocs"),
    ("リンク検査:", "link check"),
    ("検索索引:", "search index"),
    ("完了:", "swap"),
)
# Passes over the queries once every file is loaded: the p95 of one pass of 16 queries is its
# slowest call (a collection, a compilation); five passes give 80 calls to take it from.
WARM_ROUNDS = 5
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]


@dataclass
class Build:
    ok: bool
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    stages: dict[str, float]
    stage_rss_mb: dict[str, float]
    tail: str = ""
    stage_tree_mb: dict[str, float] = field(default_factory=dict)  # PSS of all processes
    timings: Any = None  # the build's own --timings-json, when it wrote one
    index_line: str = ""  # the search-index stage's summary line (whole or delta, and why)


class RssPoller:
    """Polls twice a second, per stage (the stage running): the peak VmRSS of the build's
    main process, and the peak memory of the whole process tree (the main process and its
    workers) as the sum of their PSS, so pages shared after fork count once."""

    def __init__(self, pid: int) -> None:
        self.pid, self.stage = pid, STAGES[0][1]
        self.peaks: dict[str, float] = {}
        self.tree_peaks: dict[str, float] = {}
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            main = _kib(Path(f"/proc/{self.pid}/status"), "VmRSS")
            if main is None:
                return
            tree = sum(_kib(Path(f"/proc/{p}/smaps_rollup"), "Pss") or 0 for p in _tree(self.pid))
            for peaks, kib in ((self.peaks, main), (self.tree_peaks, tree)):
                peaks[self.stage] = max(peaks.get(self.stage, 0.0), round(kib / 1024, 1))
            time.sleep(0.5)

    def entered(self, finished: str) -> None:
        names = [name for _, name in STAGES]
        index = names.index(finished) + 1
        self.stage = names[index] if index < len(names) else "end"


def _kib(path: Path, field: str) -> int | None:
    """A "<field>: N kB" line of a /proc file; None once the process is gone."""
    try:
        found = re.search(rf"^{field}:\s*(\d+)", path.read_text(), re.MULTILINE)
    except OSError:
        return None
    return int(found.group(1)) if found else 0


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (from each task's children list)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending.extend(int(c) for c in children.read_text().split())
            except OSError:
                continue
    return found


@dataclass
class Browser:
    first_bytes: int = 0
    first_gzip: int = 0
    later_bytes: list[int] = field(default_factory=list)
    later_gzip: list[int] = field(default_factory=list)
    first_ms: float = 0.0
    later_ms: list[float] = field(default_factory=list)
    warm_ms: list[float] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)


def run_build(workdir: Path, *extra: str) -> Build:
    """`pia build` as a child: wall time, peak RSS (wait4) and per-stage durations."""
    timings = workdir / "timings.json"
    timings.unlink(missing_ok=True)
    argv = [str(PIA), "build", *(f"--{n}={workdir / n}" for n in ("catalogue", "content", "site"))]
    argv += [f"--timings-json={timings}", *extra]
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stages: dict[str, float] = {}
    last, tail, index_line = started, [], ""
    poller = RssPoller(child.pid)
    assert child.stdout is not None
    for line in child.stdout:
        now = time.perf_counter()
        for prefix, stage in STAGES:
            if line.startswith(prefix):
                stages[stage] = round(now - last, 2)
                last = now
                say(
                    f"  {stage}: {stages[stage]} s, peak RSS {poller.peaks.get(stage, 0)} MB"
                    f" (all processes {poller.tree_peaks.get(stage, 0)} MB)"
                )
                poller.entered(stage)
        if not line.startswith(str(workdir)):
            tail = [*tail[-5:], line.rstrip()]
        if line.startswith("検索索引:"):
            index_line = line.rstrip()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    cpu = round(usage.ru_utime + usage.ru_stime, 1)
    ok = child.returncode == 0
    own = json.loads(timings.read_text()) if timings.exists() else None
    build = Build(ok, round(seconds, 1), cpu, round(peak, 1), stages, poller.peaks, "\n".join(tail))
    build.timings, build.index_line = own, index_line
    build.stage_tree_mb = poller.tree_peaks
    return build


def touch_one(catalogue: Path) -> Path:
    """Change one assessment's title (the middle file in path order) for the rebuild."""
    files = sorted(catalogue.rglob("*.yaml"))
    path = files[len(files) // 2]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("  title: "))
    lines[index] = lines[index].rstrip().removesuffix('"') + '(改訂)"\n'
    path.write_text("".join(lines), encoding="utf-8")
    return path


def tree_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# What the results page runs (search-ui.js answer): search, the facet table of every
# result and its counts, the display fragments of the first page.
PIA_QUERY_JS = """async (q) => {
  const t0 = performance.now();
  const page = await window.answer(window.engine, q, {});
  return [performance.now() - t0, page.results.length];
}"""
PIA_SETUP_JS = """async () => {
  const m = await import('/assets/js/search-engine.js');
  window.answer = (await import('/assets/js/search-ui.js')).answer;
  window.engine = new m.SearchEngine({ baseUrl: location.origin + '/search-index/' });
}"""
PAGEFIND_QUERY_JS = """async (q) => {
  const t0 = performance.now();
  const search = await window.pagefind.search(q);
  await Promise.all(search.results.slice(0, 20).map((r) => r.data()));  // pia's PAGE_SIZE
  return [performance.now() - t0, search.results.length];
}"""
PAGEFIND_SETUP_JS = """async () => {
  window.pagefind = await import('/pagefind/pagefind.js');
  await window.pagefind.init();
}"""


def measure_queries(site: Path, setup_js: str, query_js: str) -> Browser:
    """Run QUERIES in one page: bytes fetched per query (raw and gzip) and latency."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    result = Browser()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(f"{base}/404.html")
            page.evaluate(setup_js)
            fetched: list[str] = []
            page.on("requestfinished", lambda request: fetched.append(request.url))
            for number, query in enumerate(QUERIES):
                fetched.clear()
                ms, hits = page.evaluate(query_js, query)
                page.wait_for_timeout(50)  # let the last requestfinished events arrive
                raw = [(site / unquote(urlsplit(u).path).lstrip("/")).read_bytes() for u in fetched]
                size, packed = sum(map(len, raw)), sum(map(gzip_size, raw))
                result.hits[query] = hits
                if number == 0:
                    result.first_bytes, result.first_gzip, result.first_ms = size, packed, ms
                else:
                    result.later_bytes.append(size)
                    result.later_gzip.append(packed)
                    result.later_ms.append(ms)
            for _ in range(WARM_ROUNDS):  # every file already loaded
                for query in QUERIES:
                    result.warm_ms.append(page.evaluate(query_js, query)[0])
            browser.close()
    finally:
        server.shutdown()
    return result


class Pagefind:
    """`python -m pagefind` over a copy of the built site (without our index), started
    in the background; `result()` waits: (wall seconds, CPU seconds, the indexed copy)."""

    def __init__(self, site: Path, workdir: Path) -> None:
        self.copy = workdir / "pagefind-site"
        shutil.rmtree(self.copy, ignore_errors=True)
        shutil.copytree(site, self.copy, ignore=shutil.ignore_patterns("search-index"))
        self.started = time.perf_counter()
        self.child = subprocess.Popen(
            [str(PYTHON), "-m", "pagefind", "--site", str(self.copy)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def result(self) -> PagefindRun:
        _, status, usage = os.wait4(self.child.pid, 0)
        self.child.returncode = os.waitstatus_to_exitcode(status)  # reaped here
        seconds = round(time.perf_counter() - self.started, 1)
        failed = None
        if os.WIFSIGNALED(status):
            name = signal.Signals(os.WTERMSIG(status)).name
            failed = f"killed by {name}" + (
                " (the kernel's out-of-memory killer sends it when memory runs out)"
                if name == "SIGKILL"
                else ""
            )
        elif self.child.returncode != 0:
            failed = f"exit {self.child.returncode}: {self.child.stderr.read().decode()[-2000:]}"
        cpu = round(usage.ru_utime + usage.ru_stime, 1)
        return PagefindRun(seconds, cpu, round(usage.ru_maxrss / 1024), self.copy, failed)


@dataclass(frozen=True)
class PagefindRun:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: int  # of the pagefind process (it execs its binary)
    copy: Path  # the indexed copy of the site
    failed: str | None  # why it did not finish, when it did not


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0


def measure_size(
    size: int,
    seed: int,
    work: Path,
    jobs: int,
    rebuild: bool = True,
    anchor_alongside: bool = False,
    anchor: bool = True,
) -> dict[str, Any]:
    workdir = work / f"n{size}"
    shutil.rmtree(workdir, ignore_errors=True)
    started = time.perf_counter()
    corpus = generate_corpus(size, seed, workdir)
    out: dict[str, Any] = {"size": size, "corpus_bytes": corpus.bytes, "commit": head_commit()}
    out["generate_s"] = round(time.perf_counter() - started, 1)
    say(f"[{size}] corpus {corpus.bytes:,} bytes in {out['generate_s']} s; building")
    first = run_build(workdir, f"--jobs={jobs}")
    out["build"] = asdict(first)
    say(f"[{size}] build: {asdict(first)}")
    if not first.ok:
        return out
    pagefind = Pagefind(workdir / "site", workdir) if anchor and anchor_alongside else None
    if rebuild:
        changed = touch_one(workdir / "catalogue")
        out["rebuild"] = asdict(run_build(workdir, f"--jobs={jobs}", "--incremental"))
        out["rebuild_changed"] = changed.name
        out["rebuild_alongside_anchor"] = pagefind is not None
    site = workdir / "site"
    out["site_bytes"], out["site_files"] = tree_size(site)
    out["index_bytes"], out["index_files"] = tree_size(site / "search-index")
    if not anchor:
        out["pia"] = asdict(measure_queries(site, PIA_SETUP_JS, PIA_QUERY_JS))
        return out
    if pagefind is None:
        pagefind = Pagefind(site, workdir)
    run = pagefind.result()
    out["pagefind_build_s"], out["pagefind_cpu_s"] = run.seconds, run.cpu_seconds
    out["pagefind_peak_rss_mb"] = run.peak_rss_mb
    out["pia"] = asdict(measure_queries(site, PIA_SETUP_JS, PIA_QUERY_JS))
    if run.failed:  # at 60,000 it ran out of 23.5 GiB: a result of its own
        say(f"[{size}] pagefind failed after {run.seconds} s: {run.failed}")
        out["pagefind_failed"] = run.failed
        return out
    out["pagefind_bytes"], out["pagefind_files"] = tree_size(run.copy / "pagefind")
    out["pagefind"] = asdict(measure_queries(run.copy, PAGEFIND_SETUP_JS, PAGEFIND_QUERY_JS))
    return out


def head_commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    gib = int(mem.group(1)) / 1024**2 if mem else 0
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {gib:.1f} GiB, "
        f"{cpu.group(1) if cpu else 'unknown CPU'}, Python {platform.python_version()}"
    )


def ratio(ours: float, anchor: float) -> str:
    return f"{ours / anchor:.2f}×" if anchor else "–"


def size_rows(r: dict[str, Any]) -> list[str]:
    b, rb, p, f = r["build"], r.get("rebuild"), r.get("pia"), r.get("pagefind")
    rows = [
        f"| corpus | {r['size']:,} assessments, {r['corpus_bytes'] / 1e6:.1f} MB YAML, generated in {r['generate_s']} s |",
        f"| full build (`pia build`) | {'ok' if b['ok'] else 'FAILED'}: {b['seconds']} s wall ({b['cpu_seconds']} s CPU), peak RSS {b['peak_rss_mb']:.0f} MB |",
        "| stages (wall) | " + ", ".join(f"{k} {v} s" for k, v in b["stages"].items()) + " |",
        "| stages (the build's --timings-json) | "
        + ", ".join(f"{k} {v:.1f} s" for k, v in (b.get("timings") or {}).get("stages", {}).items())
        + " |",
        "| peak RSS of the main process per stage (polled) | "
        + ", ".join(f"{k} {v:.0f} MB" for k, v in b["stage_rss_mb"].items())
        + " |",
        "| peak memory of all build processes per stage (sum of PSS, polled) | "
        + ", ".join(f"{k} {v:.0f} MB" for k, v in b.get("stage_tree_mb", {}).items())
        + " |",
    ]
    if not b["ok"]:
        return [*rows, f"| build output (tail) | {b['tail'].replace(chr(10), ' / ')} |"]
    rows.append(
        f"| rebuild after one changed title (`pia build --incremental`) | {rb['seconds']} s wall ({rb['cpu_seconds']} s CPU{', while Pagefind indexed the site' if r.get('rebuild_alongside_anchor') else ''}), peak RSS {rb['peak_rss_mb']:.0f} MB; stages: {', '.join(f'{k} {v:.1f} s' for k, v in (rb.get('timings') or {}).get('stages', {}).items())} |"
        if rb
        else "| rebuild after one changed file | not measured at this size (`--rebuild-up-to`) |"
    )
    rows.append(f"| site | {r['site_bytes'] / 1e6:.1f} MB in {r['site_files']:,} files |")
    if not p:
        return rows
    q = len(QUERIES) - 1
    if not f:
        return [*rows, "", *pia_only_rows(r, p, q)]
    return [
        *rows,
        "",
        "| search (headless Chromium, localhost) | pia (sharded index) | Pagefind (anchor) | pia ÷ Pagefind |",
        "|---|---|---|---|",
        f"| index size | {r['index_bytes'] / 1e6:.2f} MB, {r['index_files']:,} files | {r['pagefind_bytes'] / 1e6:.2f} MB, {r['pagefind_files']:,} files | {ratio(r['index_bytes'], r['pagefind_bytes'])} |",
        f"| index build time | {b['stages'].get('search index', 0)} s (stage of `pia build`) | {r['pagefind_build_s']} s wall, {r.get('pagefind_cpu_s', '?')} s CPU (`python -m pagefind`{', alongside the rebuild' if r.get('rebuild_alongside_anchor') else ''}) | {ratio(b['stages'].get('search index', 0), r['pagefind_build_s'])} |",
        f"| first query, bytes (raw / gzip) | {p['first_bytes']:,} / {p['first_gzip']:,} | {f['first_bytes']:,} / {f['first_gzip']:,} | {ratio(p['first_gzip'], f['first_gzip'])} (gzip) |",
        f"| later queries, median bytes (raw / gzip), {q} queries | {statistics.median(p['later_bytes']):,.0f} / {statistics.median(p['later_gzip']):,.0f} | {statistics.median(f['later_bytes']):,.0f} / {statistics.median(f['later_gzip']):,.0f} | {ratio(statistics.median(p['later_gzip']), statistics.median(f['later_gzip']))} (gzip) |",
        f"| later queries, max gzip bytes | {max(p['later_gzip']):,} | {max(f['later_gzip']):,} | {ratio(max(p['later_gzip']), max(f['later_gzip']))} |",
        f"| first query latency | {p['first_ms']:.0f} ms | {f['first_ms']:.0f} ms | {ratio(p['first_ms'], f['first_ms'])} |",
        f"| later queries latency p50 / p95 (fetching) | {percentile(p['later_ms'], 0.5)} / {percentile(p['later_ms'], 0.95)} ms | {percentile(f['later_ms'], 0.5)} / {percentile(f['later_ms'], 0.95)} ms | {ratio(percentile(p['later_ms'], 0.5), percentile(f['later_ms'], 0.5))} / {ratio(percentile(p['later_ms'], 0.95), percentile(f['later_ms'], 0.95))} |",
        f"| repeated queries latency p50 / p95 (all files cached) | {percentile(p['warm_ms'], 0.5)} / {percentile(p['warm_ms'], 0.95)} ms | {percentile(f['warm_ms'], 0.5)} / {percentile(f['warm_ms'], 0.95)} ms | {ratio(percentile(p['warm_ms'], 0.5), percentile(f['warm_ms'], 0.5))} / {ratio(percentile(p['warm_ms'], 0.95), percentile(f['warm_ms'], 0.95))} |",
        f"| hits per query | {', '.join(f'{k} {v}' for k, v in p['hits'].items())} | {', '.join(f'{k} {v}' for k, v in f['hits'].items())} | |",
    ]


def pia_only_rows(r: dict[str, Any], p: dict[str, Any], q: int) -> list[str]:
    """The search rows of a size measured without the anchor: not run (`--anchor-up-to`),
    or run and failed."""
    anchor = "Pagefind not run at this size (`--anchor-up-to`)"
    if r.get("pagefind_failed"):
        anchor = f"Pagefind (the anchor) failed: {r['pagefind_failed']}"
        if r.get("pagefind_build_s") is not None:
            anchor += (
                f" ({r['pagefind_build_s']} s wall, {r['pagefind_cpu_s']} s CPU,"
                f" peak RSS {r['pagefind_peak_rss_mb']:,} MB)"
            )
    return [
        f"| search (headless Chromium, localhost) | pia (sharded index); {anchor} |",
        "|---|---|",
        f"| index size | {r['index_bytes'] / 1e6:.2f} MB, {r['index_files']:,} files |",
        f"| index build time | {r['build']['stages'].get('search index', 0)} s (stage of `pia build`) |",
        f"| first query, bytes (raw / gzip) | {p['first_bytes']:,} / {p['first_gzip']:,} |",
        f"| later queries, median bytes (raw / gzip), {q} queries | {statistics.median(p['later_bytes']):,.0f} / {statistics.median(p['later_gzip']):,.0f} |",
        f"| later queries, max gzip bytes | {max(p['later_gzip']):,} |",
        f"| first query latency | {p['first_ms']:.0f} ms |",
        f"| later queries latency p50 / p95 (fetching) | {percentile(p['later_ms'], 0.5)} / {percentile(p['later_ms'], 0.95)} ms |",
        f"| repeated queries latency p50 / p95 (all files cached) | {percentile(p['warm_ms'], 0.5)} / {percentile(p['warm_ms'], 0.95)} ms |",
        f"| hits per query | {', '.join(f'{k} {v}' for k, v in p['hits'].items())} |",
    ]


def write_report(results: list[dict[str, Any]]) -> None:
    """The generated block of BENCHMARKS.md: every stored size, each with where, when, at
    which commit and by which command it was measured."""
    lines = [BEGIN, ""]
    for r in sorted(results, key=lambda r: r["size"]):
        lines += [
            f"#### {r['size']:,} assessments",
            "",
            f"Measured {r.get('date', '?')} at commit {r.get('commit', '?')} on"
            f" {r.get('machine', '?')}. Reproduce: `{r.get('command', '?')}`",
            "",
            "| measure | value |",
            "|---|---|",
            *size_rows(r),
            "",
        ]
    lines.append(END)
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else f"{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    REPORT.write_text(head + "\n".join(lines) + tail, encoding="utf-8")


def load_results() -> list[dict[str, Any]]:
    return json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else []


def store_result(result: dict[str, Any]) -> None:
    """Replace the stored result of the same size (kept in the repository, so the report
    of one size can be refreshed without running the others again)."""
    results = [r for r in load_results() if r["size"] != result["size"]]
    results.append(result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(sorted(results, key=lambda r: r["size"]), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.national")
    parser.add_argument("--sizes", default="1000", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/pia-national"))
    parser.add_argument(
        "--rebuild-up-to",
        type=int,
        default=10**9,
        help="measure the incremental rebuild after one change only for sizes up to this",
    )
    parser.add_argument(
        "--anchor-alongside-rebuild",
        action="store_true",
        help="build Pagefind while the incremental rebuild runs (saves wall time at large"
        " sizes; both then share the CPU, so compare their CPU seconds)",
    )
    parser.add_argument(
        "--anchor-up-to",
        type=int,
        default=10**9,
        help="build and query Pagefind (the anchor) only for sizes up to this",
    )
    parser.add_argument("--jobs", type=int, default=1, help="passed to pia build --jobs")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results")
    parser.add_argument("--no-report", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args(argv)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        result = measure_size(
            size,
            args.seed,
            args.work,
            args.jobs,
            rebuild=size <= args.rebuild_up_to,
            anchor_alongside=args.anchor_alongside_rebuild,
            anchor=size <= args.anchor_up_to,
        )
        command = (
            f".venv/bin/python -m benchmarks.national --sizes {size} --seed {args.seed}"
            f" --jobs {args.jobs}"
            + (" --anchor-alongside-rebuild" if args.anchor_alongside_rebuild else "")
            + ("" if size <= args.rebuild_up_to else f" --rebuild-up-to {args.rebuild_up_to}")
            + ("" if size <= args.anchor_up_to else f" --anchor-up-to {args.anchor_up_to}")
        )
        result.update(date=dt.date.today().isoformat(), machine=machine(), command=command)
        results.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
        if not args.no_report:
            store_result(result)
            write_report(load_results())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
