"""Search quality on the built site: our engine vs. mkdocs-material's search vs. Pagefind.

Run:  .venv/bin/python -m benchmarks.search_quality [--per-query]

Builds the site once (tests/search/built_site.py: `pia build` on catalogue/, or on the
imported seeds while catalogue/ is empty) and runs every query of tests/search/queries.yaml
through three engines over the same pages:

* ours: the site's own search-engine.js over search-index/ (node, as in
  tests/search/test_queries.py);
* mkdocs-material: the same content/ built again with `plugins: [search: {lang: ja}]` and
  mkdocs-material's own header and search dialog; the query is typed into its real search
  box in headless chromium, and the result groups are read from its real search worker
  (lunr + lunr-languages `ja` with TinySegmenter, its query transform and its post-query
  boosts). Approximation: we read the worker's complete, ranked list of page groups
  instead of the ten the dialog renders first, so later pages are not lost to lazy rendering;
  the order is the dialog's order.
* Pagefind: `python -m pagefind --site <copy of the site>`, queried with its JS API
  (`pagefind.search`) in headless chromium; results in Pagefind's order.

Only assessment pages count (pages whose URL is an assessment's URL in the index): other
pages (contractors, laws, listings) are dropped before the top ten are taken, which favours
the two page-level engines. recall@10 = share of a query's `top10` assessments among the
first ten; MRR = mean of 1 / rank of the first of them; "unwanted" counts `absent`
assessments returned at any rank. Every query counts, known failures included.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.build import MKDOCS_CONFIG
from tests.search.built_site import ROOT, BuiltSite, build_site
from tests.search.test_queries import QueryCase, load_cases, run_queries

TOP = 10
CHROMIUM = "/usr/bin/chromium"
CAPTURE_WORKER = """
window.__mdResults = [];
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (e) => {
      if (e.data && e.data.type === 3) window.__mdResults.push(e.data.data);
    });
  }
};
"""
PAGEFIND_QUERY = """async (queries) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const out = {};
  for (const q of queries) {
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.map((r) => r.data()));
    out[q] = data.map((d) => d.url);
  }
  return out;
}"""


@dataclass(frozen=True)
class Score:
    recall: float
    reciprocal_rank: float
    unwanted: int


def score(case: QueryCase, refs: list[str], ids: dict[str, str]) -> Score:
    relevant = {ids[name] for name in case.top10}
    top = refs[:TOP]
    ranks = [rank for rank, ref in enumerate(top, 1) if ref in relevant]
    unwanted = sum(ids[name] in refs for name in case.absent)
    recall = len(relevant & set(top)) / len(relevant) if relevant else 1.0
    return Score(recall, 1 / ranks[0] if ranks else 0.0, unwanted)


def assessment_order(urls: Iterator[str] | list[str], by_url: dict[str, str]) -> list[str]:
    """Page URLs in rank order → assessment refs, first occurrence, other pages dropped."""
    refs: list[str] = []
    for url in urls:
        ref = by_url.get(url.split("#")[0].lstrip("/"))
        if ref and ref not in refs:
            refs.append(ref)
    return refs


@contextmanager
def served(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()


def build_material_site(site: BuiltSite, root: Path) -> Path:
    """The same content/ with mkdocs-material's search plugin (lang: ja) and its own header."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.partitions import mkdocs_settings

    theme = root / "material-theme"
    shutil.copytree(ROOT / "theme", theme)
    for override in ("partials/search.html", "partials/header.html"):
        (theme / override).unlink(missing_ok=True)
    # mkdocs.yml holds a python tag (the toc slugify): read it with MkDocs' own loader and
    # pass the changes as overrides instead of writing a modified copy
    raw = mkdocs_settings(MKDOCS_CONFIG)
    config = load_config(
        config_file=str(MKDOCS_CONFIG),
        docs_dir=str(site.content),
        site_dir=str(root / "material-site"),
        strict=False,
        plugins=[{"search": {"lang": "ja"}}],
        theme={**raw["theme"], "custom_dir": str(theme)},
    )
    build(config)
    return root / "material-site"


def material_results(browser, base_url: str, queries: list[str]) -> dict[str, list[str]]:
    """query → page locations in the order mkdocs-material's search dialog ranks them."""
    page = browser.new_page(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page.add_init_script(CAPTURE_WORKER)
    page.goto(base_url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    out = {}
    for query in queries:
        box.fill("")
        page.wait_for_timeout(300)
        page.evaluate("window.__mdResults = []")
        box.fill(query)
        box.press("End")
        page.wait_for_function("window.__mdResults.length > 0", timeout=60_000)
        page.wait_for_timeout(300)
        groups = page.evaluate("window.__mdResults.at(-1).items")
        out[query] = [group[0]["location"] for group in groups if group]
    page.close()
    return out


def pagefind_results(browser, site: BuiltSite, root: Path, queries: list[str]):
    copy = root / "pagefind-site"
    shutil.copytree(site.site, copy)
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(copy)], check=True, capture_output=True
    )
    with served(copy) as base_url:
        page = browser.new_page()
        page.goto(base_url + "/")
        answers = page.evaluate(PAGEFIND_QUERY, queries)
        page.close()
    prefix = len("/")
    return {q: [url[prefix:] for url in urls] for q, urls in answers.items()}


def ranked(engine: str, answer: list[str], by_url: dict[str, str]) -> list[str]:
    """Our engine answers with refs; the page-level engines with page URLs."""
    return answer if engine == "ours" else assessment_order(answer, by_url)


def summary(name: str, scores: list[Score]) -> str:
    n = len(scores)
    recall = sum(s.recall for s in scores) / n
    mrr = sum(s.reciprocal_rank for s in scores) / n
    unwanted = sum(s.unwanted for s in scores)
    return f"{name:<16} {recall:>10.3f} {mrr:>8.3f} {unwanted:>9}"


def run(per_query: bool) -> dict[str, list[Score]]:
    ids, cases = load_cases()
    queries = [case.query for case in cases]
    with tempfile.TemporaryDirectory(prefix="pia-search-quality-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        site = build_site(root / "build")
        by_url = site.assessment_refs()
        print(
            f"サイトを生成しました({len(by_url)}件の評価書、{time.perf_counter() - started:.1f}秒)"
        )
        answers: dict[str, dict[str, list[str]]] = {"ours": run_queries(site.site, queries)}
        material_site = build_material_site(site, root)
        with chromium() as browser:
            with served(material_site) as base_url:
                answers["mkdocs-material"] = material_results(browser, base_url, queries)
            answers["pagefind"] = pagefind_results(browser, site, root, queries)
    scores = {
        engine: [score(c, ranked(engine, answers[engine][c.query], by_url), ids) for c in cases]
        for engine in answers
    }
    report(cases, scores, per_query)
    return scores


def report(cases: list[QueryCase], scores: dict[str, list[Score]], per_query: bool) -> None:
    print(f"\n{len(cases)}件の検索(tests/search/queries.yaml)")
    print(f"{'engine':<16} {'recall@10':>10} {'MRR':>8} {'unwanted':>9}")
    for engine, values in scores.items():
        print(summary(engine, values))
    kinds: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        kinds[case.kind].append(i)
    print("\n種類別 recall@10 / MRR")
    for kind, indexes in kinds.items():
        cells = []
        for values in scores.values():
            picked = [values[i] for i in indexes]
            r = sum(s.recall for s in picked) / len(picked)
            m = sum(s.reciprocal_rank for s in picked) / len(picked)
            cells.append(f"{r:.2f}/{m:.2f}")
        print(f"  {kind:<10} " + "  ".join(f"{c:>10}" for c in cells) + f"  (n={len(indexes)})")
    ours = scores["ours"]
    best_other = max((e for e in scores if e != "ours"), key=lambda e: mean_recall(scores[e]))
    print(
        f"\nours − {best_other}: recall@10 {mean_recall(ours) - mean_recall(scores[best_other]):+.3f}, "
        f"MRR {mean_rr(ours) - mean_rr(scores[best_other]):+.3f}"
    )
    if per_query:
        for i, case in enumerate(cases):
            cells = " ".join(
                f"{v[i].recall:.2f}/{v[i].reciprocal_rank:.2f}" for v in scores.values()
            )
            print(f"  {case.query:<28} {cells}")


def mean_recall(scores: list[Score]) -> float:
    return sum(s.recall for s in scores) / len(scores)


def mean_rr(scores: list[Score]) -> float:
    return sum(s.reciprocal_rank for s in scores) / len(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-query", action="store_true", help="検索ごとの結果も表示する")
    run(parser.parse_args().per_query)


if __name__ == "__main__":
    main()
