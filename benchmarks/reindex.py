"""Search only, on a national build: ``python -m benchmarks.reindex /tmp/pia-national/n60000``.

For a change that touches only the search index and the search JavaScript (index format,
query engine, results page), this measures the browser figures of benchmarks.national
(bytes per query, latency) on an existing build without the hour a 60,000-assessment build
takes: it validates and normalizes the build's catalogue again (the search documents come
from the catalogue), rewrites ``site/search-index`` with the current code, reusing the
Sudachi analyses of the last build (``.pia-cache/search``), copies ``theme/assets/js`` into
the site, and runs the same queries in headless Chromium as benchmarks.national. The pages
of the site are not rebuilt. It also reports the peak memory of the index stage (the
build's largest), measured as benchmarks.national does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

from benchmarks.national import (
    PIA_QUERY_JS,
    PIA_SETUP_JS,
    ROOT,
    RssPoller,
    head_commit,
    measure_queries,
    percentile,
    say,
    tree_size,
)
from generator.build import (
    CACHE_DIR,
    FILES_DIR,
    SEARCH_DIR,
    SEARCH_INDEX_DIR,
    gather,
    keep_search_documents,
    normalize,
    write_index,
)
from generator.filecache import FileCache
from generator.filecache import environment_hash as files_environment
from generator.forked import run_forked
from generator.progress import Progress
from generator.search.document_file import DocumentFile


def search_documents(workdir: Path, jobs: int) -> DocumentFile:
    """The build's search documents, made again from its catalogue (as `pia build` does,
    in a child process whose memory is gone when the index is written)."""
    progress = Progress(quiet=True)
    cache = workdir / CACHE_DIR
    files = FileCache(cache / FILES_DIR, files_environment(), reuse=True)
    catalogue = normalize(gather(workdir / "catalogue", False, say, files, jobs), files, progress)
    return keep_search_documents(catalogue, cache, progress, jobs)


def reindex(workdir: Path, jobs: int) -> dict[str, float]:
    """Rewrite the search index of ``workdir``/site; seconds per step and the peak memory
    of the index stage (PSS of this process and its workers)."""
    figures: dict[str, float] = {}
    started = time.perf_counter()
    documents = run_forked(search_documents, workdir, jobs)
    figures["catalogue and search documents s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    poller = RssPoller(os.getpid())
    poller.stage = "search index"
    cache = workdir / CACHE_DIR
    with documents:
        say(write_index(documents, workdir / "site" / SEARCH_INDEX_DIR, cache / SEARCH_DIR, True))
    figures["search index s"] = round(time.perf_counter() - started, 1)
    figures["search index peak MB (all processes)"] = poller.tree_peaks.get("search index", 0.0)
    return figures


def copy_scripts(site: Path) -> None:
    """The search JavaScript of this checkout into the built site."""
    for script in sorted((ROOT / "theme" / "assets" / "js").glob("*.js")):
        shutil.copyfile(script, site / "assets" / "js" / script.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=Path, help="a size's directory of benchmarks.national")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="only copy the search JavaScript and measure the queries of the index as it is",
    )
    args = parser.parse_args(argv)
    out: dict = {"workdir": str(args.workdir), "commit": head_commit()}
    out["figures"] = {} if args.measure_only else reindex(args.workdir, args.jobs)
    copy_scripts(args.workdir / "site")
    out["index_bytes"], out["index_files"] = tree_size(args.workdir / "site" / SEARCH_INDEX_DIR)
    browser = asdict(measure_queries(args.workdir / "site", PIA_SETUP_JS, PIA_QUERY_JS))
    out["pia"] = browser
    later = browser["later_gzip"]
    say(
        f"index {out['index_bytes']:,} bytes in {out['index_files']:,} files; first query "
        f"{browser['first_gzip']:,} B gzip; later median {percentile(later, 0.5):,} B, "
        f"max {max(later, default=0):,} B; latency p50/p95 "
        f"{percentile(browser['later_ms'], 0.5)}/{percentile(browser['later_ms'], 0.95)} ms "
        f"(fetching), {percentile(browser['warm_ms'], 0.5)}/"
        f"{percentile(browser['warm_ms'], 0.95)} ms (cached); {out['figures']}"
    )
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
