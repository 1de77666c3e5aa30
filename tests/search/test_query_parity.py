"""Python analyze_query and the browser analyzer (analyzer.js via the engine) agree exactly."""

from __future__ import annotations

from generator.search.query import QueryVocabulary, analyze_query, default_hooks
from tests.search.conftest import SeedIndex
from tests.search.node import run_harness
from tests.search.queries_from_seeds import seed_queries


def test_python_and_javascript_analyze_hundreds_of_seed_queries_identically(
    seed_index: SeedIndex,
) -> None:
    queries = seed_queries()
    vocabulary = QueryVocabulary(seed_index.single.contents.vocabulary)
    hooks = default_hooks()
    expected = [analyze_query(q, vocabulary, hooks).to_json() for q in queries]
    actual = run_harness("analyze", seed_index.search_dir, queries)
    mismatches = [
        f"{q!r}:\n  py {e}\n  js {a}"
        for q, e, a in zip(queries, expected, actual, strict=True)
        if e != a
    ]
    assert not mismatches, "\n".join(mismatches)
    assert len(queries) >= 400
    kinds = {g["field"] for e in expected for c in e["chunks"] for g in c["groups"]}
    assert kinds == {"words", "grams"}
    assert {s["field"] for e in expected for s in e["specials"]} == {
        "citations",
        "contractors",
        "systems",
    }


def test_a_query_is_analyzed_alike_by_a_fresh_engine_and_one_that_loaded_other_buckets(
    seed_index: SeedIndex,
) -> None:
    # The engine keeps one vocabulary of every bucket it loaded; a query looks up only
    # surfaces that start with its own characters, so the other buckets must change nothing.
    queries = seed_queries()
    shared = run_harness("analyze", seed_index.search_dir, queries)
    alone = run_harness("analyzeAlone", seed_index.search_dir, queries)
    assert shared == alone
