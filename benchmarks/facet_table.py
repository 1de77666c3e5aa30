"""Bytes of the facet table (generator/search/facet_table.py), group by group, for several
range sizes.

    python -m benchmarks.facet_table SITE/search-index [--sizes 2048,4096,16384]

Reads a built index's facet values back (format 5: the groups under f/; format 4:
facets.json and f/<n>.json; format 3: the display fragments, which carried them) and
encodes each group of FACET_GROUPS again with each range size R: its labels file, the
number of range files, their total and largest size, gzip -6 (what a static host
serves). A query whose results span the corpus fetches every range file of the groups it
counts; one with few results fetches one file per result at most.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from generator.search.facet_table import (
    FACET_GROUPS,
    FacetGroup,
    Facets,
    decode_runs,
    decode_table,
    facet_files,
)
from generator.search.shards import FORMAT_VERSION


def gzip_size(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6, mtime=0))


def read_facets(index: Path) -> list[Facets]:
    """Every document's facet values, by document number."""
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    build = index / manifest["build"]
    if manifest["version"] >= 5:
        return decode_table(manifest, lambda path: (build / path).read_text(encoding="utf-8"))
    documents: list[Facets] = [{}] * manifest["documents"]
    if manifest["version"] == 4:
        labels = json.loads((build / "facets.json").read_text(encoding="utf-8"))["values"]
        for path in (build / "f").glob("*.json"):
            part = json.loads(path.read_text(encoding="utf-8"))
            rows = {name: decode_runs(runs) for name, runs in part["facets"].items()}
            for offset in range(len(next(iter(rows.values())))):
                documents[part["first"] + offset] = {
                    name: [labels[name][code] for code in codes[offset]]
                    for name, codes in rows.items()
                    if codes[offset]
                }
        return documents
    for path in (build / "d").glob("*.json"):
        part = json.loads(path.read_text(encoding="utf-8"))
        for offset, fragment in enumerate(part["documents"]):
            documents[part["first"] + offset] = fragment["facets"]
    return documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path, help="a built site's search-index/ directory")
    parser.add_argument("--sizes", default="2048,4096,16384", help="range sizes R")
    args = parser.parse_args()
    documents = read_facets(args.index)
    print(f"{len(documents):,} documents")
    for group in FACET_GROUPS:
        for per_file in (int(size) for size in args.sizes.split(",")):
            files = facet_files(documents, FORMAT_VERSION, [FacetGroup(group.names, per_file)])
            labels = files.pop("f/0/values.json")
            packed = [gzip_size(text) for text in files.values()]
            print(
                f"{', '.join(group.names)} R={per_file}: labels {gzip_size(labels):,} B gzip;"
                f" {len(files)} range files, {sum(packed):,} B gzip,"
                f" largest {max(packed, default=0):,} B gzip"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
