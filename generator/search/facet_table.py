"""The facet table: every document's facet values, by document number, in range files.

A results page counts and filters its results by facet (評価書の種類, 都道府県, 機関の種類,
委託先, システム, 法令) over all of them, but shows only a page of them: so the facet values
live apart from the display fragments, in a table small enough to fetch whole.

The facets are stored in groups (FACET_GROUPS), each with its own labels and range files,
so a page fetches only the groups it counts: the results page counts the few-valued facets
and 委託先 for every query, and システム and 法令 only once their box is opened (or a value
of theirs is chosen). Group g:

    <build>/f/<g>/values.json   {"v": …, "values": {facet: [label, …]}}: code n of a facet
                                is its n-th label; labels in order of document count
                                (descending), ties by label, so the commonest get the
                                shortest codes
    <build>/f/<g>/<n>.json      {"first": n × R, "v": …, "facets": {facet: runs}} for
                                documents n × R … n × R + R − 1 (R: the group's
                                documentsPerFile in the manifest)

A facet's runs are one flat integer list: [k, code₁ … codeₖ] for a document (its codes
in the order of its list; k = 0 if it has no value), preceded by −n when the next n > 1
documents all have those same codes. Documents are numbered in ref order and refs begin
with the agency code, so a single-valued facet (kind, prefecture, body_kind) is a few
long runs and a multi-valued one (contractor, system, law) mostly a list per document,
which pays no run length (measured at 60,000: 3.4% smaller than a length on every run).

Measured by `python -m benchmarks.facet_table` on the 60,000-document synthetic build
(seed 1), gzip -6 of all range files (a query whose results span the corpus fetches them
all; one with few results at most one file per result), and of the labels:

    group (R)                       2,048          4,096          16,384       labels
    kind, prefecture, body_kind    17.2 KB        14.6 KB        12.0 KB       0.5 KB
    contractor                     35.7 KB        32.7 KB        29.3 KB       0.6 KB
    system                        138.6 KB       135.9 KB       133.6 KB      11.0 KB
    law                            42.6 KB        40.6 KB        39.1 KB       9.3 KB

In format 4 (one group, R = 2,048) every query with results across the corpus paid all
of it, 253 KB: over the 200 KB first-query budget by itself. The groups fetched by every
query now take about 46 KB; R is larger where the files stay small (the largest
few-valued file is 3.2 KB at 16,384), and 2,048 for the groups fetched on demand, whose
files are larger (systems: 5 KB at 2,048).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.search.compact_json import dumps

Facets = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class FacetGroup:
    names: tuple[str, ...]
    documents_per_file: int


FACET_GROUPS = (
    FacetGroup(("kind", "prefecture", "body_kind"), 16_384),
    FacetGroup(("contractor",), 4_096),
    FacetGroup(("system",), 2_048),
    FacetGroup(("law",), 2_048),
)


def facet_values(documents: Sequence[Facets], names: Sequence[str]) -> dict[str, list[str]]:
    """facet → labels in code order: most documents first, ties by label."""
    values: dict[str, list[str]] = {}
    for facet in names:
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


def manifest_entry(groups: Sequence[FacetGroup] = FACET_GROUPS) -> dict[str, Any]:
    """The manifest's "facets": each group's facet names and range size."""
    return {
        "groups": [
            {"names": list(group.names), "documentsPerFile": group.documents_per_file}
            for group in groups
        ]
    }


def facet_files(
    documents: Sequence[Facets], version: int, groups: Sequence[FacetGroup] = FACET_GROUPS
) -> dict[str, str]:
    """Path under the build directory → text, for every group's labels and range files
    (documents in number order)."""
    files: dict[str, str] = {}
    for number, group in enumerate(groups):
        values = facet_values(documents, group.names)
        files[f"f/{number}/values.json"] = values_file(values, version)
        for first, text in _range_files(documents, group, values, version):
            files[f"f/{number}/{first // group.documents_per_file}.json"] = text
    return files


def _range_files(
    documents: Sequence[Facets], group: FacetGroup, values: dict[str, list[str]], version: int
) -> Iterator[tuple[int, str]]:
    codes = {facet: {label: code for code, label in enumerate(values[facet])} for facet in values}
    for first in range(0, len(documents), group.documents_per_file):
        part = documents[first : first + group.documents_per_file]
        columns = {
            facet: encode_runs(
                [[codes[facet][v] for v in facets.get(facet, ())] for facets in part]
            )
            for facet in group.names
        }
        yield first, range_file(columns, first, version)


def values_file(values: Mapping[str, Sequence[str]], version: int) -> str:
    return dumps({"v": version, "values": values})


def range_file(columns: Mapping[str, Sequence[int]], first: int, version: int) -> str:
    """The range file of documents first, first + 1, …: each facet's encode_runs."""
    return dumps({"facets": columns, "first": first, "v": version})


def decode_table(
    manifest: Mapping[str, Any], read: Callable[[str], str]
) -> list[dict[str, list[str]]]:
    """Every document's facets (only those it has values for) from a built index's files;
    read(path under the build directory) → text."""
    rows: list[dict[str, list[str]]] = [{} for _ in range(manifest["documents"])]
    for number, group in enumerate(manifest["facets"]["groups"]):
        labels = json.loads(read(f"f/{number}/values.json"))["values"]
        per_file = group["documentsPerFile"]
        for file_number in range(-(-manifest["documents"] // per_file)):
            part = json.loads(read(f"f/{number}/{file_number}.json"))
            for facet in group["names"]:
                for offset, codes in enumerate(decode_runs(part["facets"][facet])):
                    if codes:
                        rows[part["first"] + offset][facet] = [labels[facet][c] for c in codes]
    return rows
