"""The site's scorer (scorer.js over the index files) answers exactly like lunr.js's own
query over one full index: every specified and benchmark query on the seed and the
synthetic index, and hand-made clauses for each of lunr's rules."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.national import QUERIES
from generator.search.index_builder import WORD_FIELDS
from tests.search.conftest import SeedIndex
from tests.search.node import run_harness
from tests.search.parity import all_differences
from tests.search.test_queries import load_cases

Clause = dict[str, Any]


def spec_and_benchmark_queries() -> list[str]:
    _, cases = load_cases()
    return list(dict.fromkeys([*(case.query for case in cases), *QUERIES]))


@pytest.mark.parametrize("index_name", ["seed_index", "synthetic_index"])
def test_every_specified_and_benchmark_query_scores_as_lunr_does(
    index_name: str, request: pytest.FixtureRequest
) -> None:
    index: SeedIndex = request.getfixturevalue(index_name)
    queries = spec_and_benchmark_queries()
    answers = run_harness("compare", index.search_dir, queries, index.full_index)
    different = all_differences(answers)
    assert not different, "\n".join(different[:20])
    found = [a for a in answers if a["full"]]
    assert len(found) > len(queries) / 2
    assert any(len(a["full"]) > 1 and a["full"][0]["score"] != a["full"][1]["score"] for a in found)
    tied = [a for a in found if len({r["score"] for r in a["full"]}) < len(a["full"])]
    assert tied, "no query with equal scores: the order of ties is not checked"


# Terms of the seed index, chosen from its full lunr index: term → field → refs.
Postings = dict[str, dict[str, set[str]]]


def postings_of(index: SeedIndex) -> Postings:
    return {
        term: {field: set(refs) for field, refs in entry.items() if field != "_index" and refs}
        for term, entry in index.single.lunr["invertedIndex"]
    }


def refs_in(fields: dict[str, set[str]], names: tuple[str, ...] = WORD_FIELDS) -> set[str]:
    return set().union(*(refs for field, refs in fields.items() if field in names))


def common_word(postings: Postings) -> str:
    return max(sorted(postings), key=lambda term: len(refs_in(postings[term])))


def clause(term: str, presence: str, fields: tuple[str, ...] = WORD_FIELDS) -> Clause:
    return {"term": term, "fields": list(fields), "presence": presence}


def compared(index: SeedIndex, clauses: list[Clause]) -> dict[str, Any]:
    answer = run_harness("clauses", index.search_dir, [clauses], index.full_index)[0]
    different = all_differences([answer])
    assert not different, "\n".join(different)
    return answer


def refs(answer: dict[str, Any]) -> set[str]:
    return {result["ref"] for result in answer["sharded"]}


def test_a_required_term_missing_from_the_index_empties_the_results(seed_index: SeedIndex) -> None:
    postings = postings_of(seed_index)
    word = common_word(postings)
    assert "存在しない語" not in postings
    answer = compared(seed_index, [clause(word, "optional"), clause("存在しない語", "required")])
    assert answer["full"] == []
    assert refs(
        compared(seed_index, [clause(word, "optional"), clause("存在しない語", "optional")])
    )


def test_a_term_repeated_in_two_clauses_weighs_twice_in_the_query_vector(
    seed_index: SeedIndex,
) -> None:
    postings = postings_of(seed_index)
    word = common_word(postings)
    other = next(t for t in sorted(postings) if 1 < len(refs_in(postings[t])) < 5)
    once = compared(seed_index, [clause(word, "required"), clause(other, "optional")])
    twice = compared(
        seed_index, [clause(word, "required"), clause(other, "optional"), clause(word, "optional")]
    )
    assert refs(once) == refs(twice) == refs_in(postings[word])
    assert [r["score"] for r in once["sharded"]] != [r["score"] for r in twice["sharded"]]


def test_optional_clauses_alone_match_documents_holding_any_of_their_terms(
    seed_index: SeedIndex,
) -> None:
    postings = postings_of(seed_index)
    rare = [t for t in sorted(postings) if 0 < len(refs_in(postings[t])) < 4]
    first = rare[0]
    second = next(t for t in rare if not refs_in(postings[t]) & refs_in(postings[first]))
    answer = compared(seed_index, [clause(first, "optional"), clause(second, "optional")])
    assert refs(answer) == refs_in(postings[first]) | refs_in(postings[second])


def test_a_term_in_one_field_only_matches_through_that_field_alone(seed_index: SeedIndex) -> None:
    postings = postings_of(seed_index)
    word = common_word(postings)
    term, field = next(
        (t, *postings[t])
        for t in sorted(postings)
        if len(postings[t]) == 1 and len(refs_in(postings[t])) > 1
    )
    answer = compared(seed_index, [clause(word, "optional"), clause(term, "required")])
    assert refs(answer) == postings[term][field]
    assert all(r["matches"][term] == [field] for r in answer["sharded"])
    elsewhere = tuple(f for f in WORD_FIELDS if f != field)
    answer = compared(seed_index, [clause(word, "optional"), clause(term, "required", elsewhere)])
    assert answer["full"] == []


def test_gram_clauses_search_the_grams_postings(seed_index: SeedIndex) -> None:
    postings = postings_of(seed_index)
    word = common_word(postings)
    gram = next(
        t
        for t in sorted(postings)
        if 1 < len(postings[t].get("grams", ())) < len(refs_in(postings[word]))
        and refs_in(postings[t])
    )
    answer = compared(seed_index, [clause(word, "optional"), clause(gram, "required", ("grams",))])
    assert refs(answer) == postings[gram]["grams"]
    assert all("grams" in r["matches"][gram] for r in answer["sharded"])


@pytest.mark.parametrize(("count", "distinct"), [(50, 3), (3000, 40), (9000, 2000)])
def test_the_comparator_sort_of_few_results_ranks_as_the_radix_sort(
    seed_index: SeedIndex, count: int, distinct: int
) -> None:
    comparator, radix = run_harness("rank", seed_index.search_dir, [count, distinct])
    assert comparator == radix and len(comparator) > count / 2
