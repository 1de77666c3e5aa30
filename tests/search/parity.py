"""The site's results against the oracle's (lunr.js's query over one full index).

An answer of the node harness (`compare` or `clauses` mode) holds both result lists: the
refs must come in the same order, the scores agree within SCORE_TOLERANCE and the
matches name the same fields per term (their order within a term is not specified).
"""

from __future__ import annotations

from typing import Any

SCORE_TOLERANCE = 1e-9


def _matches(result: dict[str, Any]) -> dict[str, list[str]]:
    return {term: sorted(fields) for term, fields in result["matches"].items()}


def differences(answer: dict[str, Any]) -> list[str]:
    """One line per way the sharded results differ from the full index's; [] when equal."""
    query, sharded, full = answer["query"], answer["sharded"], answer["full"]
    refs, expected = [r["ref"] for r in sharded], [r["ref"] for r in full]
    if refs != expected:
        shared = min(len(refs), len(expected))
        at = next((i for i in range(shared) if refs[i] != expected[i]), shared)
        return [
            f"{query!r}: {len(refs)} results, expected {len(expected)}; first difference at {at}"
        ]
    out = []
    for ours, theirs in zip(sharded, full, strict=True):
        if abs(ours["score"] - theirs["score"]) > SCORE_TOLERANCE:
            out.append(f"{query!r} {ours['ref']}: score {ours['score']!r} ≠ {theirs['score']!r}")
        if _matches(ours) != _matches(theirs):
            out.append(f"{query!r} {ours['ref']}: matches {_matches(ours)} ≠ {_matches(theirs)}")
    return out


def all_differences(answers: list[dict[str, Any]]) -> list[str]:
    return [line for answer in answers for line in differences(answer)]
