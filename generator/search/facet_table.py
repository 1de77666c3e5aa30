"""The facet table: every document's facet values, by document number, in range files.

A results page counts and filters its results by facet (評価書の種類, 都道府県, 機関の種類,
委託先, システム, 法令) over all of them, but shows only a page of them: so the facet values
live apart from the display fragments, in a table small enough to fetch whole.

    <build>/facets.json   {"v": …, "values": {facet: [label, …]}}: code n of a facet is
                          its n-th label; labels in order of document count (descending),
                          ties by label, so the commonest get the shortest codes
    <build>/f/<n>.json    {"first": n × R, "v": …, "facets": {facet: runs}} for documents
                          n × R … n × R + R − 1 (R: the manifest's facets.documentsPerFile)

A facet's runs are one flat integer list: [k, code₁ … codeₖ] for a document (its codes
in the order of its list; k = 0 if it has no value), preceded by −n when the next n > 1
documents all have those same codes. Documents are numbered in ref order and refs begin
with the agency code, so a single-valued facet (kind, prefecture, body_kind) is a few
long runs and a multi-valued one (contractor, system, law) mostly a list per document,
which pays no run length (measured at 60,000: 3.4% smaller than a length on every run).

R = DOCUMENTS_PER_FILE, chosen from gzip -6 sizes measured by `python -m
benchmarks.facet_table` on the 60,000-document synthetic build (seed 1, format 3, whose
fragments carried the facets): facets.json takes 21.3 KB (1,895 systems, 1,659 laws),
and the range files

    R          256    1,024   2,048   4,096   16,384   60,000 (one file)
    files      235       59      30      15        4        1
    all, KB  290.6    242.2   231.6   224.7    215.9    211.2
    max, KB    1.4      4.3     8.3    15.8     59.6    211.2

A query whose results span the corpus fetches them all: 2,048 costs it 10% over one file;
a query with few results fetches one file per result at most (7.7 KB on average, where
4,096 would take 15 KB). Results spread widely: at 60,000, 14 of the national
benchmark's 16 queries touch all 30 files (マイナポータル's 137 results too), 東京都's 210
results 3 of them; the table is the same for every query, so a session pays it once.
At 1,000 documents the table is one file of 4.7 KB plus 4.2 KB of labels. Systems are
60% of the bytes (a list of codes per document), the single-valued facets 6%.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from generator.search.documents import FACET_NAMES

DOCUMENTS_PER_FILE = 2048
Facets = Mapping[str, Sequence[str]]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def facet_values(documents: Sequence[Facets]) -> dict[str, list[str]]:
    """facet → labels in code order: most documents first, ties by label."""
    values: dict[str, list[str]] = {}
    for facet in FACET_NAMES:
        counts = Counter(label for facets in documents for label in set(facets.get(facet, ())))
        values[facet] = sorted(counts, key=lambda label: (-counts[label], label))
    return values


def encode_runs(entries: Sequence[Sequence[int]]) -> list[int]:
    """[−n, k, code₁ … codeₖ] for a run of n > 1 equal per-document code lists, [k, code₁
    … codeₖ] for a document unlike the next, one after the other."""
    out: list[int] = []
    index = 0
    while index < len(entries):
        end = index + 1
        while end < len(entries) and entries[end] == entries[index]:
            end += 1
        if end - index > 1:
            out.append(index - end)
        out += (len(entries[index]), *entries[index])
        index = end
    return out


def decode_runs(runs: Sequence[int]) -> list[list[int]]:
    """The per-document code lists of encode_runs."""
    entries: list[list[int]] = []
    at = 0
    while at < len(runs):
        length = -runs[at] if runs[at] < 0 else 1
        at += runs[at] < 0
        codes = list(runs[at + 1 : at + 1 + runs[at]])
        entries.extend(list(codes) for _ in range(length))
        at += 1 + len(codes)
    return entries


def facet_files(
    documents: Sequence[Facets], version: int, per_file: int = DOCUMENTS_PER_FILE
) -> tuple[str, list[str]]:
    """(facets.json, [f/0.json, f/1.json, …]) texts for documents in number order."""
    values = facet_values(documents)
    codes = {
        facet: {label: code for code, label in enumerate(labels)}
        for facet, labels in values.items()
    }
    files = []
    for first in range(0, len(documents), per_file):
        part = documents[first : first + per_file]
        columns = {
            facet: encode_runs(
                [[codes[facet][v] for v in facets.get(facet, ())] for facets in part]
            )
            for facet in FACET_NAMES
        }
        files.append(_dumps({"facets": columns, "first": first, "v": version}))
    return _dumps({"v": version, "values": values}), files


def decode_file(dictionary: Mapping[str, Any], text: str) -> list[dict[str, list[str]]]:
    """The facets of the documents of one f/ file (only the facets they have values for)."""
    columns = json.loads(text)["facets"]
    labels = dictionary["values"]
    by_facet = {facet: decode_runs(columns[facet]) for facet in FACET_NAMES}
    count = len(by_facet[FACET_NAMES[0]])
    return [
        {
            facet: [labels[facet][code] for code in entries[number]]
            for facet, entries in by_facet.items()
            if entries[number]
        }
        for number in range(count)
    ]
